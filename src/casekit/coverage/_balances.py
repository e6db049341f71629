"""Balances: what is met, the maximum and what remains, for every running total a plan keeps.

`accumulator_key` builds the key of a total from the plan's own terms (member or family,
tier, measure, the period holding a date), so no label is ever formatted by hand;
`balances` answers a member's "what is left?" from the same keys `adjudicate` counts under.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Final, NamedTuple

from casekit.codes import Code
from casekit.coverage._accumulators import (
    DEDUCTIBLE_MET,
    FAMILY,
    LIFETIME,
    AccumulatorKey,
    Accumulators,
    authorization_key,
    member_scope,
)
from casekit.coverage._benefit import Measure, SpellOfIllness, Tier
from casekit.coverage._compiled import ZERO, CLimit, Compiled, compiled
from casekit.coverage._plan import FamilyMode
from casekit.coverage._policy import (
    Authorization,
    CoverageLevel,
    Policy,
    filed_authorizations,
)
from casekit.errors import InvalidInputError
from casekit.money import Money
from casekit.periods import require_date

__all__ = ["Balance", "accumulator_key", "balances"]

_PLAN_MEASURES: Final = frozenset({"deductible", "out_of_pocket"})


def _period_label(c: Compiled, accumulators: Accumulators, member: str, on: dt.date) -> str:
    """Return the label of the plan's benefit period holding *on* for *member*."""
    if c.spell_period:
        return c.spell_label_in(accumulators, member, on)
    return c.plan_label(on)


def accumulator_key(  # the terms a key is made of, all keyword
    policy: Policy,
    measure: str,
    *,
    on: dt.date,
    tier: Tier = Tier.IN,
    family: bool = False,
    counter: str | None = None,
    accumulators: Accumulators | None = None,
) -> AccumulatorKey:
    """Return the key of the member's (or family's) *measure* in the period of *on*.

    *measure* is ``deductible`` or ``out_of_pocket`` (at *tier*: a tier that shares
    another's amounts uses its bucket), or a limit's ``visits``, ``days``, ``units`` or
    ``amount`` with *counter*, the limit's counter (by default its benefit's id). The period
    is the one the plan counts in on *on*: its benefit period, or the limit's own period (for
    a spell of illness, the member's spell open on *on* in *accumulators*).

    Raises:
        InvalidInputError: at ``policy``, ``on``, ``measure``, ``tier`` or ``counter`` if it
            is not one the plan has.

    Examples:
        >>> import pendulum
        >>> from casekit.coverage import Benefit, Limit, Measure, Plan, TierTerms
        >>> from casekit.periods import DateRange, Lifetime, PlanYear
        >>> plan = Plan("p", tiers=[TierTerms(Tier.IN)], benefit_period=PlanYear(7, 1),
        ...             benefits=[Benefit("pt", limits=[Limit(Measure.VISITS, 9, per=Lifetime())])])
        >>> policy = Policy(plan, DateRange.of("2025-07-01", "2026-06-30"), member_id="M1")
        >>> accumulator_key(policy, "deductible", on=pendulum.date(2025, 9, 1)).period
        '2025-07-01/2026-06-30'
        >>> accumulator_key(policy, "visits", counter="pt", on=pendulum.date(2025, 9, 1))
        AccumulatorKey(scope='member:00', bucket='pt', measure='visits', period='lifetime')
    """
    if not isinstance(policy, Policy):
        raise InvalidInputError.one("policy", "type", "must be a Policy")
    on = require_date(on, field="on")
    c = compiled(policy.plan)
    acc = accumulators or Accumulators.empty(c.currency)
    scope = FAMILY if family else member_scope(policy.member)
    if measure in _PLAN_MEASURES:
        ct = next((terms for t, terms in c.tiers.items() if t is tier), None)
        if ct is None:
            raise InvalidInputError.one("tier", "unknown", "must be a tier the plan has")
        return AccumulatorKey(scope, ct.bucket, measure, _period_label(c, acc, policy.member, on))
    lim = next(
        (
            lim
            for cb in c.benefits
            for lim in cb.limits
            if lim.measure_name == measure and lim.counter == counter
        ),
        None,
    )
    if lim is None:
        raise InvalidInputError.one(
            "measure",
            "unknown",
            "must be deductible, out_of_pocket, or the measure of a limit named by counter",
        )
    return AccumulatorKey(scope, lim.counter, measure, _limit_label(c, lim, acc, policy, on))


class Balance(NamedTuple):
    """One running total: what is met, its maximum and what remains (never below zero).

    A query's answer, not a value to build: `balances` returns these. Money totals are
    `Money` at the currency's scale; counts (visits, days, units) are whole numbers. *name*
    says what it is: ``deductible``, ``family.deductible``, ``out_of_pocket``, a limit's
    ``<counter>.<measure>``, ``<benefit>.reserve_days`` or ``authorization:<id>``; *key* is
    the accumulator key it is kept under, and *tier* the network tier (None when it applies
    at every tier).

    Examples:
        >>> b = Balance("deductible", AccumulatorKey("member:00", "in", "deductible", "lifetime"),
        ...             Tier.IN, Money.of("125.00", "USD"), Money.of("1500.00", "USD"))
        >>> str(b.remaining), b.is_met
        ('1375.00 USD', False)
    """

    name: str
    key: AccumulatorKey
    tier: Tier | None
    met: Money | int
    maximum: Money | int

    @property
    def remaining(self) -> Money | int:
        """What is left: the maximum less what is met, and never below zero."""
        met, maximum = self.met, self.maximum
        if isinstance(maximum, Money) and isinstance(met, Money):
            return _scaled(max(maximum.amount - met.amount, ZERO), maximum.currency)
        return max(int(maximum) - int(met), 0)  # type: ignore[arg-type]  # counts are ints

    @property
    def is_met(self) -> bool:
        """Whether nothing remains."""
        left = self.remaining
        return not (left.amount if isinstance(left, Money) else left)


def _scaled(amount: Decimal, currency: str) -> Money:
    return Money(amount, currency).rounded()


def balances(
    policy: Policy,
    accumulators: Accumulators,
    *,
    on: dt.date,
    authorizations: Iterable[Authorization] = (),
    diagnosis: Code | None = None,
) -> tuple[Balance, ...]:
    """Return every balance of the member on *on*: deductibles, out-of-pocket maximums,
    limits, lifetime reserve days and authorisation units; met, maximum and remaining.

    Deductibles and out-of-pocket maximums are listed per tier, for the member and, on a
    family policy, for the family (an aggregate family plan has no individual amounts). Each
    is read from the same key `adjudicate` counts under, in the period holding *on*, so what
    remains is what the next line on *on* can use. A limit per condition is read for
    *diagnosis* (the line's first diagnosis), or for lines without one when it is None.

    Raises:
        InvalidInputError: at ``policy``, ``accumulators`` or ``on`` if it is not one, or
            ``accumulators.currency`` if it is not the plan's.

    Examples:
        >>> import pendulum
        >>> from decimal import Decimal
        >>> from casekit.coverage import Benefit, Plan, TierTerms, Limit, Measure
        >>> from casekit.periods import DateRange
        >>> usd = lambda s: Money.of(s, "USD")
        >>> plan = Plan("p", tiers=[TierTerms(Tier.IN, deductible=usd("1500"))],
        ...             benefits=[Benefit("therapy", limits=[Limit(Measure.VISITS, 20)])])
        >>> policy = Policy(plan, DateRange.of("2025-01-01", "2025-12-31"), member_id="M1")
        >>> on = pendulum.date(2025, 3, 1)
        >>> key = accumulator_key(policy, "deductible", on=on)
        >>> acc = Accumulators.empty().add(key, Decimal("400"))
        >>> [(b.name, str(b.remaining)) for b in balances(policy, acc, on=on)]
        [('deductible', '1100.00 USD'), ('therapy.visits', '20')]
    """
    if not isinstance(policy, Policy):
        raise InvalidInputError.one("policy", "type", "must be a Policy")
    if not isinstance(accumulators, Accumulators):
        raise InvalidInputError.one("accumulators", "type", "must be Accumulators")
    on = require_date(on, field="on")
    auths = filed_authorizations(authorizations)[0]
    c = compiled(policy.plan)
    if accumulators.currency != c.currency:
        raise InvalidInputError.one(
            "accumulators.currency", "currency_mismatch", "must be the plan's currency"
        )
    totals = accumulators.as_dict()
    found: list[Balance] = []
    found.extend(_tier_balances(c, policy, accumulators, totals, on))
    conditions = () if diagnosis is None else (diagnosis,)
    found.extend(_limit_balances(c, policy, accumulators, totals, on, conditions))
    for auth in auths:
        if auth.member == policy.member and auth.valid.start <= on <= auth.valid.end:
            key = AccumulatorKey(*authorization_key(auth.id))
            used = int(totals.get(key, ZERO))
            found.append(Balance(f"authorization:{auth.id}", key, None, used, auth.units))
    return tuple(found)


def _tier_balances(
    c: Compiled,
    policy: Policy,
    accumulators: Accumulators,
    totals: dict[tuple[str, str, str, str], Decimal],
    on: dt.date,
) -> list[Balance]:
    found: list[Balance] = []
    label = _period_label(c, accumulators, policy.member, on)
    family = policy.coverage_level is CoverageLevel.FAMILY
    individual = not family or c.plan.family_mode is FamilyMode.EMBEDDED
    seen: set[AccumulatorKey] = set()
    for tier, ct in c.tiers.items():
        for measure, mine, theirs in (
            ("deductible", ct.ded, ct.fam_ded),
            ("out_of_pocket", ct.oop, ct.fam_oop),
        ):
            for scope, maximum in (
                (member_scope(policy.member), mine if individual else None),
                (FAMILY, theirs if family else None),
            ):
                key = AccumulatorKey(scope, ct.bucket, measure, label)
                if maximum is None or key in seen:
                    continue
                seen.add(key)
                met = totals.get(key, ZERO)
                if (
                    measure == "deductible"
                    and c.spell_period
                    and totals.get((scope, ct.bucket, DEDUCTIBLE_MET, label))
                ):
                    met = max(met, maximum)  # met once in the period, at any year's amount
                found.append(
                    Balance(
                        measure if scope != FAMILY else f"family.{measure}",
                        key,
                        tier,
                        _scaled(met, c.currency),
                        _scaled(maximum, c.currency),
                    )
                )
    return found


def _limit_balances(  # noqa: PLR0917  # private: the parts of one query
    c: Compiled,
    policy: Policy,
    accumulators: Accumulators,
    totals: dict[tuple[str, str, str, str], Decimal],
    on: dt.date,
    diagnoses: tuple[Code, ...],
) -> list[Balance]:
    found: list[Balance] = []
    seen: set[AccumulatorKey] = set()
    scope = member_scope(policy.member)
    for cb in c.benefits:
        for lim in cb.limits:
            bucket = lim.bucket(diagnoses)
            label = _limit_label(c, lim, accumulators, policy, on)
            key = AccumulatorKey(scope, bucket, lim.measure_name, label)
            if key in seen:
                continue
            seen.add(key)
            used = totals.get(key, ZERO)
            name = f"{bucket}.{lim.measure_name}"
            if lim.measure is Measure.AMOUNT:
                found.append(
                    Balance(
                        name, key, None, _scaled(used, c.currency), _scaled(lim.max, c.currency)
                    )
                )
            else:
                found.append(Balance(name, key, None, int(used), int(lim.max)))
        reserve = max(
            (r.reserve for cs in cb.benefit.cost_shares for r in cs.day_ranges if r.reserve),
            default=None,
        )
        if reserve is not None:
            key = AccumulatorKey(scope, cb.id, "reserve_days", LIFETIME)
            drawn = int(totals.get(key, ZERO))
            found.append(Balance(f"{cb.id}.reserve_days", key, None, drawn, reserve))
    return found


def _limit_label(
    c: Compiled, lim: CLimit, accumulators: Accumulators, policy: Policy, on: dt.date
) -> str:
    if lim.same_period:
        return _period_label(c, accumulators, policy.member, on)
    if isinstance(lim.per, SpellOfIllness):
        return c.spell_label_in(accumulators, policy.member, on)
    return c.limit_label(lim, on)
