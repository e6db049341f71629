"""Plan: a benefit design, with its network tiers, benefits and fee schedule."""

from __future__ import annotations

import enum
from typing import Any

import attrs

from casekit import _validate as v
from casekit.codes import Code
from casekit.coverage._benefit import Benefit, SpellOfIllness, Tier, _tier_or_none
from casekit.errors import InvalidDefinitionError, InvalidInputError, Problem
from casekit.money import CURRENCY_MINOR_UNITS, Money
from casekit.periods import CalendarYear, PlanYear

__all__ = ["FamilyMode", "FeeScheduleEntry", "Liability", "Plan", "TierTerms"]


class FamilyMode(enum.StrEnum):
    """How a family deductible or out-of-pocket maximum works.

    Examples:
        >>> FamilyMode("aggregate") is FamilyMode.AGGREGATE
        True
    """

    EMBEDDED = "embedded"
    """Each member has an individual amount inside the family amount; both apply."""
    AGGREGATE = "aggregate"
    """Only the family amount applies, whoever in the family incurs the costs."""


class Liability(enum.StrEnum):
    """Who bears an amount the plan does not cover: the provider (group CO) or the patient (PR).

    Examples:
        >>> Liability.PATIENT.value
        'patient'
    """

    PROVIDER = "provider"
    PATIENT = "patient"


def _optional_money(_inst: object, attribute: Any, value: Any) -> None:
    if value is not None and (not isinstance(value, Money) or value.amount < 0):
        raise InvalidInputError.one(attribute.name, "money", "must be money ≥ 0 or None")


@attrs.frozen
class TierTerms:
    """A network tier's deductible and out-of-pocket maximum, individual and family.

    None means no deductible (or no maximum). *shares_with* makes this tier count toward
    another tier's amounts (a preferred tier that shares the in-network deductible).
    *balance_billing*: providers at this tier may bill the patient the charge above the
    allowed amount; that amount never counts toward the out-of-pocket maximum.
    *denied_liability*: who bears amounts the plan does not cover.

    Examples:
        >>> TierTerms(Tier.IN, deductible=Money.of("1500", "USD")).balance_billing
        False
    """

    tier: Tier = attrs.field(validator=v.instance(Tier))
    deductible: Money | None = attrs.field(default=None, validator=_optional_money)
    family_deductible: Money | None = attrs.field(default=None, validator=_optional_money)
    out_of_pocket_max: Money | None = attrs.field(default=None, validator=_optional_money)
    family_out_of_pocket_max: Money | None = attrs.field(default=None, validator=_optional_money)
    shares_with: Tier | None = attrs.field(
        default=None, validator=v.optional_instance(Tier, message="must be a Tier or None")
    )
    balance_billing: bool = attrs.field(default=False, validator=v.instance(bool))
    denied_liability: Liability = attrs.field(
        default=Liability.PROVIDER, validator=v.instance(Liability)
    )


def _fee(_inst: object, _attr: object, value: Any) -> None:
    if not isinstance(value, Money) or value.amount < 0:
        raise InvalidInputError.one("amount", "money", "must be money ≥ 0")


@attrs.frozen
class FeeScheduleEntry:
    """The allowed amount per unit for a code, at one tier or (tier None) at every tier.

    The amount is money of at least 0: a fee schedule never makes the plan take money back.

    Examples:
        >>> from casekit.codes import Code
        >>> FeeScheduleEntry(Code.parse("CPT|99213"), Money.of("92.00", "USD")).tier is None
        True
    """

    code: Code = attrs.field(validator=v.instance(Code))
    amount: Money = attrs.field(validator=_fee)
    tier: Tier | None = attrs.field(default=None, validator=_tier_or_none)


def _currency(_inst: object, _attr: object, value: Any) -> None:
    if type(value) is not str or value not in CURRENCY_MINOR_UNITS:
        raise InvalidInputError.one(
            "currency", "currency", "must be an ISO 4217 code in capitals, such as USD"
        )


def _benefit_period(_inst: object, _attr: object, value: Any) -> None:
    if not isinstance(value, (CalendarYear, PlanYear, SpellOfIllness)):
        raise InvalidInputError.one(
            "benefit_period",
            "type",
            "must be CalendarYear, PlanYear or SpellOfIllness; use a Limit for lifetime caps",
        )


@attrs.frozen
class Plan:
    """A benefit design: network tiers, benefits tried in order, a fee schedule.

    *benefit_period* anchors deductibles, out-of-pocket maximums and limits with no period of
    their own. The plan checks itself when built and raises `InvalidDefinitionError` listing
    every problem: duplicate benefit ids or tiers, a tier sharing with a tier the plan lacks,
    and money in another currency than *currency*.

    Examples:
        >>> from decimal import Decimal
        >>> from casekit.coverage import CostShare
        >>> plan = Plan(
        ...     "bronze",
        ...     tiers=[TierTerms(Tier.IN, deductible=Money.of("1500", "USD"))],
        ...     benefits=[Benefit("all", cost_shares=[CostShare(coinsurance=Decimal("0.2"))])],
        ... )
        >>> plan.terms_for(Tier.IN).deductible
        Money(amount=Decimal('1500'), currency='USD')
        >>> Plan("bad", tiers=[TierTerms(Tier.IN)], benefits=[Benefit("a"), Benefit("a")])
        Traceback (most recent call last):
        ...
        casekit.errors.InvalidDefinitionError: invalid definition (1 problem):
          benefits[1].id: must be unique within the plan; rename one of them
    """

    id: str = attrs.field(validator=v.identifier)
    tiers: tuple[TierTerms, ...] = attrs.field(converter=v.freeze, validator=v.tuple_of(TierTerms))
    benefits: tuple[Benefit, ...] = attrs.field(converter=v.freeze, validator=v.tuple_of(Benefit))
    currency: str = attrs.field(default="USD", validator=_currency)
    benefit_period: CalendarYear | PlanYear | SpellOfIllness = attrs.field(
        factory=CalendarYear, validator=_benefit_period
    )
    family_mode: FamilyMode = attrs.field(
        default=FamilyMode.EMBEDDED, validator=v.instance(FamilyMode)
    )
    fee_schedule: tuple[FeeScheduleEntry, ...] = attrs.field(
        default=(), converter=v.freeze, validator=v.tuple_of(FeeScheduleEntry)
    )
    name: str = attrs.field(default="", validator=v.text(max_length=200))

    def __attrs_post_init__(self) -> None:
        problems = list(_plan_problems(self))
        if problems:
            raise InvalidDefinitionError(problems)

    def terms_for(self, tier: Tier) -> TierTerms | None:
        """Return the terms of *tier*, or None if the plan has no such tier."""
        for terms in self.tiers:
            if terms.tier is tier:
                return terms
        return None


def _money_fields(path: str, obj: Any) -> list[tuple[str, Money]]:
    found: list[tuple[str, Money]] = []
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        if isinstance(value, Money):
            found.append((f"{path}.{field.name}", value))
        elif attrs.has(type(value)):
            found.extend(_money_fields(f"{path}.{field.name}", value))
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                if attrs.has(type(item)):
                    found.extend(_money_fields(f"{path}.{field.name}[{i}]", item))
    return found


def _plan_problems(plan: Plan) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, benefit in enumerate(plan.benefits):
        if benefit.id in seen:
            problems.append(
                Problem(
                    f"benefits[{i}].id",
                    "duplicate",
                    "must be unique within the plan; rename one of them",
                )
            )
        seen.add(benefit.id)
    tiers = [t.tier for t in plan.tiers]
    for i, terms in enumerate(plan.tiers):
        if terms.tier in tiers[:i]:
            problems.append(
                Problem(f"tiers[{i}].tier", "duplicate", "must appear once; merge the two terms")
            )
        if terms.shares_with is not None and (
            terms.shares_with not in tiers or terms.shares_with is terms.tier
        ):
            problems.append(
                Problem(
                    f"tiers[{i}].shares_with",
                    "unknown_tier",
                    "must name another tier the plan defines",
                )
            )
    problems.extend(
        Problem(path[1:], "currency_mismatch", "must be in the plan's currency")
        for path, money in _money_fields("", plan)
        if money.currency != plan.currency
    )
    return problems
