"""Benefit: what a plan covers for a kind of service, and how the patient shares its cost."""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from decimal import Decimal
from typing import Any, Final, TypeAlias

import attrs

from casekit import _validate as v
from casekit.codes import CodeSet
from casekit.errors import InvalidInputError
from casekit.money import Money
from casekit.periods import CalendarYear, DateRange, Lifetime, PlanYear, require_date

__all__ = [
    "Benefit",
    "CalendarMonth",
    "CopayTiming",
    "CostShare",
    "DayRange",
    "Documentation",
    "Limit",
    "Measure",
    "MedicalNecessity",
    "PeriodRule",
    "QualifyingStay",
    "SpellOfIllness",
    "Tier",
]


class Tier(enum.StrEnum):
    """A network tier: where the provider stands with the plan.

    Examples:
        >>> Tier("out") is Tier.OUT
        True
    """

    PREFERRED = "preferred"
    IN = "in"
    OUT = "out"


class Measure(enum.StrEnum):
    """What a `Limit` counts.

    Examples:
        >>> Measure.VISITS.value
        'visits'
    """

    VISITS = "visits"
    """One per service line."""
    DAYS = "days"
    """The line's units, read as days (inpatient, skilled nursing)."""
    UNITS = "units"
    """The line's units."""
    AMOUNT = "amount"
    """The allowed amount, in the plan's currency."""


class CopayTiming(enum.StrEnum):
    """Whether a copay is taken before the deductible or only once it is met.

    Examples:
        >>> CopayTiming.BEFORE_DEDUCTIBLE.value
        'before_deductible'
    """

    BEFORE_DEDUCTIBLE = "before_deductible"
    """The copay is charged first; any deductible then applies to the rest."""
    AFTER_DEDUCTIBLE = "after_deductible"
    """The deductible is charged first; the copay applies to what remains."""


class Documentation(enum.StrEnum):
    """Documentation a payer asks for before a service (Da Vinci CRD ``doc-needed`` codes).

    Examples:
        >>> Documentation.CLINICAL.value
        'clinical'
    """

    CLINICAL = "clinical"
    ADMIN = "admin"
    BOTH = "both"


@attrs.frozen
class SpellOfIllness:
    """Medicare-style benefit periods: a spell starts at an inpatient or skilled-nursing admission.

    The spell ends once the member has gone *gap_days* days in a row (60 for Medicare Part A)
    without inpatient hospital or skilled nursing care; the next admission starts a new spell,
    with a new deductible. Admissions are service lines whose place of service is in
    *places_of_service* (21 inpatient hospital, 31 skilled nursing facility by default).

    Examples:
        >>> SpellOfIllness().gap_days
        60
    """

    gap_days: int = attrs.field(default=60, validator=v.non_negative_int)
    places_of_service: tuple[str, ...] = attrs.field(
        default=("21", "31"), converter=v.freeze, validator=v.tuple_of(str)
    )


@attrs.frozen
class CalendarMonth:
    """Periods of one calendar month, for a limit that resets each month: the monthly unit
    caps of Medicaid case-management billing, say. Only a `Limit` counts per month; a plan's
    deductible and out-of-pocket maximum keep its benefit period.

    Examples:
        >>> import pendulum
        >>> CalendarMonth().period_containing(pendulum.date(2024, 2, 10))
        DateRange(start=Date(2024, 2, 1), end=Date(2024, 2, 29))
    """

    def period_containing(self, on: dt.date) -> DateRange:
        """Return the calendar month holding the day *on*."""
        on = require_date(on, field="on")
        last = calendar.monthrange(on.year, on.month)[1]
        return DateRange.of(dt.date(on.year, on.month, 1), dt.date(on.year, on.month, last))


PeriodRule: TypeAlias = CalendarYear | PlanYear | CalendarMonth | Lifetime | SpellOfIllness
"""How a benefit period is found: a calendar year, a plan year, a calendar month, a lifetime
or a spell of illness."""

_COUNT_MEASURES: Final = frozenset({Measure.VISITS, Measure.DAYS, Measure.UNITS})


def _limit_max(inst: Limit, _attr: object, value: Any) -> None:
    if inst.measure is Measure.AMOUNT:
        if not isinstance(value, Money) or value.amount < 0:
            raise InvalidInputError.one("max", "type", "must be money ≥ 0 for an amount limit")
    elif type(value) is not int or value < 0:
        raise InvalidInputError.one(
            "max", "non_negative_int", "must be a whole number ≥ 0 for a count limit"
        )
    elif value > v.MAX_SAFE_INTEGER:
        raise InvalidInputError.one("max", "too_large", v.TOO_LARGE)


def _period_rule(_inst: object, attribute: Any, value: Any) -> None:
    if value is not None and not isinstance(
        value, (CalendarYear, PlanYear, CalendarMonth, Lifetime, SpellOfIllness)
    ):
        raise InvalidInputError.one(
            attribute.name,
            "type",
            "must be CalendarYear, PlanYear, CalendarMonth, Lifetime, SpellOfIllness or None"
            " (the plan's period)",
        )


@attrs.frozen
class Limit:
    """A cap on visits, days, units or allowed amount per benefit period or lifetime.

    *counter* names the count the limit reads, so several benefits can share one limit
    ("30 therapy visits a year, physical and occupational combined"); it defaults to the
    benefit's id. *per* is None for the plan's benefit period. With *per_condition* the
    limit counts separately for each condition, keyed by the line's first diagnosis ("60
    visits per condition per plan year"); a line without a diagnosis counts under the
    counter alone. ``per=CalendarMonth()`` caps each calendar month ("8 units a month").

    Examples:
        >>> Limit(Measure.VISITS, 20)
        Limit(measure=<Measure.VISITS: 'visits'>, max=20, per=None, counter=None, ...)
        >>> Limit(Measure.VISITS, -1)
        Traceback (most recent call last):
        ...
        casekit.errors.InvalidInputError: invalid input (1 problem):
          max: must be a whole number ≥ 0 for a count limit
    """

    measure: Measure = attrs.field(validator=v.instance(Measure))
    max: int | Money = attrs.field(validator=_limit_max)
    per: PeriodRule | None = attrs.field(default=None, validator=_period_rule)
    counter: str | None = attrs.field(default=None, validator=v.optional_identifier)
    per_condition: bool = attrs.field(default=False, validator=v.instance(bool))


def _positive_int(_inst: object, attribute: Any, value: Any) -> None:
    if type(value) is not int or value < 1:
        raise InvalidInputError.one(attribute.name, "positive_int", "must be a whole number ≥ 1")
    if value > v.MAX_SAFE_INTEGER:
        raise InvalidInputError.one(attribute.name, "too_large", v.TOO_LARGE)


def _optional_positive_int(inst: object, attribute: Any, value: Any) -> None:
    if value is not None:
        _positive_int(inst, attribute, value)


def _optional_money(_inst: object, attribute: Any, value: Any) -> None:
    if value is not None and (not isinstance(value, Money) or value.amount < 0):
        raise InvalidInputError.one(attribute.name, "money", "must be money ≥ 0 or None")


def _after_first(inst: DayRange, _attr: object, value: int | None) -> None:
    if value is not None and value < inst.first:
        raise InvalidInputError.one("last", "range_order", "must be ≥ first, or None for no end")


@attrs.frozen
class DayRange:
    """Cost sharing for days *first* to *last* (inclusive, counted per benefit period).

    The patient pays *daily* for each day in the range. With *reserve* set, each day also
    draws on a lifetime pool of that many days (Medicare's 60 lifetime reserve days) and the
    range ends when the pool is empty. Days after the last range are not covered.

    Examples:
        >>> import pendulum
        >>> DayRange(61, 90, daily=Money.of("408", "USD")).last
        90
    """

    first: int = attrs.field(validator=_positive_int)
    last: int | None = attrs.field(default=None, validator=_optional_positive_int)
    daily: Money | None = attrs.field(default=None, validator=_optional_money)
    reserve: int | None = attrs.field(default=None, validator=_optional_positive_int)

    def __attrs_post_init__(self) -> None:
        _after_first(self, None, self.last)


def _tier_or_none(_inst: object, _attr: object, value: Any) -> None:
    if value is not None and not isinstance(value, Tier):
        raise InvalidInputError.one("tier", "type", "must be a Tier or None for every tier")


@attrs.frozen
class CostShare:
    """How the patient shares the allowed amount of a covered service at one network tier.

    The first *first_visits* visits of each period cost *first_visits_copay* (None: nothing)
    and nothing else, neither deductible nor coinsurance; the visits after take the terms
    below (an SBC's "first 3 visits $0, then 20% coinsurance after deductible"). The
    calculation order, per line after those: the copay if it comes before the deductible; the
    deductible (unless it does not apply or this is one of the first *deductible_waived_visits*
    visits of the period); the copay if it comes after the deductible; the coinsurance on what
    remains, capped by *coinsurance_max* per period; then the daily amounts of *day_ranges*.
    The out-of-pocket maximum caps the sum afterwards (see `adjudicate`). The constructors
    `copay_only`, `copay_after_deductible`, `coinsurance_after_deductible`, `no_charge` and
    `first_visits_then` say what a Summary of Benefits and Coverage says.

    Examples:
        >>> CostShare(coinsurance=Decimal("0.2")).deductible_applies
        True
        >>> CostShare(coinsurance=Decimal("1.2"))
        Traceback (most recent call last):
        ...
        casekit.errors.InvalidInputError: invalid input (1 problem):
          coinsurance: must be a Decimal between 0 and 1, e.g. Decimal('0.3')
    """

    tier: Tier | None = attrs.field(default=None, validator=_tier_or_none)
    copay: Money | None = attrs.field(default=None, validator=_optional_money)
    coinsurance: Decimal = attrs.field(default=Decimal(0), validator=v.share)
    deductible_applies: bool = attrs.field(default=True, validator=v.instance(bool))
    copay_timing: CopayTiming = attrs.field(
        default=CopayTiming.BEFORE_DEDUCTIBLE, validator=v.instance(CopayTiming)
    )
    copay_counts_toward_deductible: bool = attrs.field(default=False, validator=v.instance(bool))
    copay_counts_toward_out_of_pocket: bool = attrs.field(default=True, validator=v.instance(bool))
    deductible_waived_visits: int = attrs.field(default=0, validator=v.non_negative_int)
    first_visits: int = attrs.field(default=0, validator=v.non_negative_int)
    first_visits_copay: Money | None = attrs.field(default=None, validator=_optional_money)
    coinsurance_max: Money | None = attrs.field(default=None, validator=_optional_money)
    day_ranges: tuple[DayRange, ...] = attrs.field(
        default=(), converter=v.freeze, validator=v.tuple_of(DayRange)
    )

    @classmethod
    def copay_only(cls, amount: Money, *, tier: Tier | None = None) -> CostShare:
        """Return "*amount* copay, deductible does not apply", as an SBC says it.

        Examples:
            >>> share = CostShare.copay_only(Money.of("75", "USD"))
            >>> share.copay == Money.of("75", "USD"), share.deductible_applies
            (True, False)
        """
        return cls(tier, amount, deductible_applies=False)

    @classmethod
    def copay_after_deductible(cls, amount: Money, *, tier: Tier | None = None) -> CostShare:
        """Return "*amount* copay after deductible": the deductible first, then the copay.

        Examples:
            >>> CostShare.copay_after_deductible(Money.of("50", "USD")).copay_timing.value
            'after_deductible'
        """
        return cls(tier, amount, copay_timing=CopayTiming.AFTER_DEDUCTIBLE)

    @classmethod
    def coinsurance_after_deductible(cls, rate: Decimal, *, tier: Tier | None = None) -> CostShare:
        """Return "*rate* coinsurance after deductible" (a rate such as ``Decimal("0.2")``).

        Examples:
            >>> CostShare.coinsurance_after_deductible(Decimal("0.2")).coinsurance
            Decimal('0.2')
        """
        return cls(tier, coinsurance=rate)

    @classmethod
    def first_visits_then(
        cls, visits: int, then: CostShare, *, copay: Money | None = None
    ) -> CostShare:
        """Return "first *visits* visits $0 (or *copay*), then *then*", as an SBC says it.

        The first *visits* visits of each benefit period cost *copay* (None: nothing), with
        no deductible and no coinsurance; later visits take *then* (its tier is kept).

        Examples:
            >>> share = CostShare.first_visits_then(
            ...     3, CostShare.coinsurance_after_deductible(Decimal("0.2")))
            >>> share.first_visits, share.first_visits_copay, share.deductible_applies
            (3, None, True)
            >>> CostShare.first_visits_then(2, CostShare(), copay=Money.of("30", "USD")
            ...     ).first_visits_copay
            Money(amount=Decimal('30'), currency='USD')
        """
        if not isinstance(then, CostShare):
            raise InvalidInputError.one("then", "type", "must be a CostShare")
        return attrs.evolve(then, first_visits=visits, first_visits_copay=copay)

    @classmethod
    def no_charge(cls, *, tier: Tier | None = None) -> CostShare:
        """Return "No charge": no copay, no coinsurance, deductible does not apply.

        Examples:
            >>> CostShare.no_charge().deductible_applies
            False
        """
        return cls(tier, deductible_applies=False)


def _optional_non_negative_int(_inst: object, attribute: Any, value: Any) -> None:
    if value is not None and (type(value) is not int or value < 0):
        raise InvalidInputError.one(
            attribute.name, "non_negative_int", "must be a whole number ≥ 0 or None"
        )
    if value is not None and value > v.MAX_SAFE_INTEGER:
        raise InvalidInputError.one(attribute.name, "too_large", v.TOO_LARGE)


def _ages(inst: MedicalNecessity, _attr: object, value: int | None) -> None:
    if value is not None and (type(value) is not int or value < 0):
        raise InvalidInputError.one("max_age", "non_negative_int", "must be a whole number ≥ 0")
    if value is not None and value > v.MAX_SAFE_INTEGER:
        raise InvalidInputError.one("max_age", "too_large", v.TOO_LARGE)
    if value is not None and inst.min_age is not None and value < inst.min_age:
        raise InvalidInputError.one("max_age", "range_order", "must be ≥ min_age")


@attrs.frozen
class MedicalNecessity:
    """Criteria a service must meet to be medically necessary; each unmet one is a reason.

    *diagnoses*: at least one diagnosis on the line must be in this set. *min_age* and
    *max_age* bound the member's age in whole years on the service date (inclusive). *sexes*
    lists the administrative sexes the service applies to (empty: any).

    Examples:
        >>> MedicalNecessity(min_age=50, max_age=75).sexes
        ()
    """

    diagnoses: CodeSet | None = attrs.field(
        default=None,
        validator=v.optional_instance(
            CodeSet, message="must be a CodeSet or None for any diagnosis"
        ),
    )
    min_age: int | None = attrs.field(default=None, validator=_optional_non_negative_int)
    max_age: int | None = attrs.field(default=None, validator=_ages)
    sexes: tuple[str, ...] = attrs.field(default=(), converter=v.freeze, validator=v.tuple_of(str))


@attrs.frozen
class QualifyingStay:
    """A stay a benefit needs before it: Medicare's 3-day inpatient stay before skilled nursing.

    A line of the benefit is covered only if the member had a stay of at least *days* days
    (a line at one of *places_of_service* with that many units: days counted from admission,
    not the day of discharge) whose discharge, its date plus its units, is at most
    *within_days* days before the line. A covered line of the benefit itself also counts, so a
    readmission within *within_days* of leaving needs no new hospital stay. Stays are counted
    as `adjudicate` covers them and carried in the accumulators, across calls.

    Examples:
        >>> QualifyingStay().days, QualifyingStay().within_days
        (3, 30)
    """

    days: int = attrs.field(default=3, validator=_positive_int)
    within_days: int = attrs.field(default=30, validator=v.non_negative_int)
    places_of_service: tuple[str, ...] = attrs.field(
        default=("21",), converter=v.freeze, validator=v.tuple_of(str)
    )


def _cost_shares(_inst: object, _attr: object, value: Any) -> None:
    v.tuple_of(CostShare)(_inst, attrs.fields(Benefit).cost_shares, value)
    tiers = [cs.tier for cs in value]
    if len(set(tiers)) != len(tiers):
        raise InvalidInputError.one(
            "cost_shares", "duplicate_tier", "must give each tier (or None) at most once"
        )


@attrs.frozen
class Benefit:
    """A kind of service the plan covers or excludes, how it is matched and how it is shared.

    A line matches a benefit when its code is in *codes* (None: any code), its place of
    service is in *places_of_service* and its provider kind is in *provider_kinds* (empty:
    any). A plan tries its benefits in order and uses the first that matches. An excluded
    benefit (*covered* False) denies what it matches. *cost_shares* gives the terms per tier;
    a tier with no terms (and no ``tier=None`` entry) is not covered at that tier.
    *qualifying_stay* is a stay the member must have had first (Medicare's 3-day inpatient
    stay before skilled nursing care).

    Examples:
        >>> from casekit.codes import CodeSet, CodeSystem
        >>> office = Benefit(
        ...     "office",
        ...     codes=CodeSet.of(CodeSystem.CPT, "99202-99215", name="office visits"),
        ...     cost_shares=[CostShare(copay=Money.of("30", "USD"), deductible_applies=False)],
        ... )
        >>> office.covered, office.prior_authorization
        (True, False)
    """

    id: str = attrs.field(validator=v.identifier)
    codes: CodeSet | None = attrs.field(
        default=None,
        validator=v.optional_instance(CodeSet, message="must be a CodeSet or None for any code"),
    )
    places_of_service: tuple[str, ...] = attrs.field(
        default=(), converter=v.freeze, validator=v.tuple_of(str)
    )
    provider_kinds: tuple[str, ...] = attrs.field(
        default=(), converter=v.freeze, validator=v.tuple_of(str)
    )
    covered: bool = attrs.field(default=True, validator=v.instance(bool))
    cost_shares: tuple[CostShare, ...] = attrs.field(
        default=(CostShare(),), converter=v.freeze, validator=_cost_shares
    )
    limits: tuple[Limit, ...] = attrs.field(
        default=(), converter=v.freeze, validator=v.tuple_of(Limit)
    )
    prior_authorization: bool = attrs.field(default=False, validator=v.instance(bool))
    referral: bool = attrs.field(default=False, validator=v.instance(bool))
    medical_necessity: MedicalNecessity | None = attrs.field(
        default=None,
        validator=v.optional_instance(
            MedicalNecessity, message="must be a MedicalNecessity or None"
        ),
    )
    waiting_period_days: int = attrs.field(default=0, validator=v.non_negative_int)
    documentation: Documentation | None = attrs.field(
        default=None,
        validator=v.optional_instance(Documentation, message="must be a Documentation or None"),
    )
    qualifying_stay: QualifyingStay | None = attrs.field(
        default=None,
        validator=v.optional_instance(QualifyingStay, message="must be a QualifyingStay or None"),
    )

    def cost_share_for(self, tier: Tier) -> CostShare | None:
        """Return the terms for *tier*, else the all-tier terms, else None (not covered there).

        Examples:
            >>> Benefit("x").cost_share_for(Tier.OUT) == CostShare()
            True
        """
        fallback = None
        for cs in self.cost_shares:
            if cs.tier is tier:
                return cs
            if cs.tier is None:
                fallback = cs
        return fallback
