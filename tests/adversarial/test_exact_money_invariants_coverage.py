"""Exact money in coverage, over any plan: every decided line balances to the cent, no amount
or running total is ever negative, and nothing but a CaseKitError escapes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from coverage_helpers import examples, usd
from hypothesis import given, settings
from hypothesis import strategies as st

from casekit.codes import Code, CodeSystem
from casekit.coverage import (
    Accumulators,
    Authorization,
    Balance,
    Benefit,
    CopayTiming,
    CostShare,
    CoverageLevel,
    DayRange,
    Decision,
    FamilyMode,
    FeeScheduleEntry,
    Limit,
    Measure,
    Plan,
    Policy,
    Service,
    ServiceLine,
    SpellOfIllness,
    Status,
    Tier,
    TierTerms,
    adjudicate,
    balances,
    check_coverage,
)
from casekit.money import Money
from casekit.periods import CalendarYear, DateRange, Lifetime, PlanYear

CODES = [Code(CodeSystem.CPT, c) for c in ("99213", "97110", "70551")]
START = dt.date(2025, 1, 1)
amounts = st.integers(min_value=0, max_value=500_000).map(lambda c: usd(Decimal(c).scaleb(-2)))
rates = st.sampled_from([Decimal(0), Decimal("0.1"), Decimal("0.2"), Decimal("0.333"), Decimal(1)])
periods = st.sampled_from([None, CalendarYear(), PlanYear(7, 1), Lifetime(), SpellOfIllness()])


@st.composite
def cost_shares(draw: st.DrawFn) -> CostShare:
    ranges = draw(
        st.sampled_from(
            [
                (),
                (DayRange(1, 3), DayRange(4, 6, daily=usd("40.50"))),
                (DayRange(2, None, daily=usd("7.77"), reserve=5),),
            ]
        )
    )
    return CostShare(
        copay=draw(st.none() | amounts),
        coinsurance=draw(rates),
        deductible_applies=draw(st.booleans()),
        copay_timing=draw(st.sampled_from(CopayTiming)),
        copay_counts_toward_deductible=draw(st.booleans()),
        copay_counts_toward_out_of_pocket=draw(st.booleans()),
        deductible_waived_visits=draw(st.integers(min_value=0, max_value=2)),
        coinsurance_max=draw(st.none() | amounts),
        day_ranges=ranges,
    )


@st.composite
def limits(draw: st.DrawFn) -> Limit:
    measure = draw(st.sampled_from(Measure))
    top = draw(amounts) if measure is Measure.AMOUNT else draw(st.integers(0, 6))
    return Limit(measure, top, per=draw(periods), per_condition=draw(st.booleans()))


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    benefits = [
        Benefit(
            f"b{i}",
            places_of_service=draw(st.sampled_from([(), ("21",), ("11",)])),
            cost_shares=[draw(cost_shares())],
            limits=draw(st.lists(limits(), max_size=2)),
            prior_authorization=draw(st.booleans()),
            covered=draw(st.booleans()) or i > 0,
        )
        for i in range(draw(st.integers(1, 3)))
    ]
    return Plan(
        "fuzz",
        tiers=[
            TierTerms(
                Tier.IN,
                deductible=draw(st.none() | amounts),
                family_deductible=draw(st.none() | amounts),
                out_of_pocket_max=draw(st.none() | amounts),
                family_out_of_pocket_max=draw(st.none() | amounts),
            )
        ],
        benefits=benefits,
        benefit_period=draw(st.sampled_from([CalendarYear(), PlanYear(4, 1), SpellOfIllness()])),
        family_mode=draw(st.sampled_from(FamilyMode)),
        fee_schedule=draw(st.sampled_from([(), (FeeScheduleEntry(CODES[1], usd("33.333")),)])),
    )


@st.composite
def lines(draw: st.DrawFn) -> list[ServiceLine]:
    return [
        ServiceLine(
            i,
            draw(st.sampled_from(CODES)),
            START + dt.timedelta(days=draw(st.integers(-5, 400))),
            draw(amounts),
            units=draw(st.integers(1, 9)),
            place_of_service=draw(st.sampled_from([None, "21", "11"])),
            diagnoses=draw(st.sampled_from([(), (Code(CodeSystem.ICD10CM, "M54.5"),)])),
            allowed=draw(st.none() | amounts),
        )
        for i in range(1, draw(st.integers(1, 6)) + 1)
    ]


def _adjusted(d: Decision) -> Decimal:
    return sum((a.amount.amount for a in d.adjustments), Decimal(0))


@settings(max_examples=examples(300))
@given(plan=plans(), batch=lines(), level=st.sampled_from(CoverageLevel), units=st.integers(1, 20))
def test_every_decided_line_balances_and_nothing_goes_negative(
    plan: Plan, batch: list[ServiceLine], level: CoverageLevel, units: int
) -> None:
    """Any plan, any lines: billed = paid + adjustments, covered lines split their allowed
    amount exactly, no amount or total is negative, and the other verbs answer too."""
    policy = Policy(
        plan, DateRange(START, dt.date(2025, 12, 31)), member_id="M1", coverage_level=level
    )
    auths = [
        Authorization("PA-1", code, units, DateRange(START, dt.date(2025, 6, 30))) for code in CODES
    ]

    result = adjudicate(policy, batch, accumulators=Accumulators.empty(), authorizations=auths)

    for d in result.decisions:
        parts = [
            d.deductible,
            d.copay,
            d.coinsurance,
            d.not_covered,
            d.balance_billed,
            d.plan_paid,
            d.allowed,
        ]
        assert all(p.amount >= 0 for p in parts)
        if d.status is not Status.PENDING:
            assert d.billed.amount == d.plan_paid.amount + _adjusted(d)
        if d.status is Status.COVERED:
            assert d.plan_paid + d.deductible + d.copay + d.coinsurance == d.allowed or (
                d.not_covered.amount > 0
            )
    assert all(e.value >= 0 for e in result.accumulators.entries)
    on = START + dt.timedelta(days=200)
    assert all(
        (b.remaining.amount if isinstance(b.remaining, Money) else b.remaining) >= 0
        for b in balances(policy, result.accumulators, on=on, authorizations=auths)
    )
    check_coverage(
        policy,
        Service(CODES[0], units=units),
        on=on,
        accumulators=result.accumulators,
        authorizations=auths,
    )


def _left(found: dict[str, Balance], name: str, period: str | None) -> Decimal | None:
    b = found.get(name)
    if b is None or b.key.period != period:  # an admission may open a new benefit period
        return None
    left = b.remaining
    return left.amount if isinstance(left, Money) else Decimal(left)


@settings(max_examples=examples(200))
@given(plan=plans(), batch=lines(), level=st.sampled_from(CoverageLevel))
def test_no_line_takes_more_than_the_balances_before_it_leave(
    plan: Plan, batch: list[ServiceLine], level: CoverageLevel
) -> None:
    """Line by line, the deductible and out-of-pocket amounts a line takes never pass what
    the balances on its date said remained of the period it falls in."""
    policy = Policy(
        plan, DateRange(START, dt.date(2025, 12, 31)), member_id="M1", coverage_level=level
    )
    acc = Accumulators.empty()
    for line in sorted(batch, key=lambda x: (x.service_date, x.line_number)):
        before = {b.name: b for b in balances(policy, acc, on=line.service_date)}
        result = adjudicate(policy, [line], accumulators=acc)
        d = result.decisions[0]
        for name, taken in (
            ("deductible", d.deductible.amount),
            ("family.deductible", d.deductible.amount),
            ("out_of_pocket", (d.deductible + d.coinsurance).amount),
            ("family.out_of_pocket", (d.deductible + d.coinsurance).amount),
        ):
            left = _left(before, name, d.period)
            assert left is None or taken <= left
        acc = result.accumulators
