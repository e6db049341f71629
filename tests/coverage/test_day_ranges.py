"""Inpatient days: day ranges, lifetime reserve days, and the days each stay counts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from coverage_helpers import YEAR_2025, empty, line, one_benefit_plan, policy_for, usd
from coverage_scenarios import outline, totals

from casekit.coverage import (
    Accumulators,
    Adjudication,
    Benefit,
    CostShare,
    DayCount,
    DayRange,
    Liability,
    Limit,
    Measure,
    adjudicate,
)


def _stay(*ranges: DayRange, days: int, acc: Accumulators | None = None) -> Adjudication:
    """Adjudicate one stay of *days* days billed at 100 a day under *ranges*."""
    plan = one_benefit_plan(Benefit("stay", cost_shares=[CostShare(day_ranges=ranges)]))
    stay = line(1, str(100 * days), units=days, place_of_service="21")
    return adjudicate(policy_for(plan), [stay], accumulators=acc or empty())


def test_reserve_days_are_drawn_until_the_lifetime_pool_is_empty() -> None:
    """Two reserve days cover days 3 and 4 of a six-day stay; the provider writes off 5 and 6."""
    result = _stay(DayRange(1, 2), DayRange(3, daily=usd("10"), reserve=2), days=6)

    d = result.decisions[0]
    assert (d.allowed, d.coinsurance, d.plan_paid) == (usd("400"), usd("20"), usd("380"))
    assert (d.not_covered, d.adjustment_codes) == (usd("0"), ("CO-119", "PR-2"))
    assert d.reasons[0].params == (("benefit", "stay"), ("covered", 4), ("units", 6))
    counted = {(e.measure, e.period): e.value for e in result.accumulators.entries}
    assert counted == {("days", YEAR_2025): 6, ("reserve_days", "lifetime"): 2}


def test_reserve_days_used_earlier_are_not_drawn_again() -> None:
    """With one of two reserve days used in an earlier stay, only one more day is covered."""
    earlier = empty().add(("member:00", "stay", "reserve_days", "lifetime"), Decimal(1))

    d = _stay(DayRange(1, 2), DayRange(3, reserve=2), days=5, acc=earlier).decisions[0]

    assert d.reasons[0].params == (("benefit", "stay"), ("covered", 3), ("units", 5))


def test_a_day_past_the_reserve_pool_falls_to_the_next_range_that_holds_it() -> None:
    """Ranges are read in order: once the pool is empty, a later range may still cover the day."""
    ranges = (
        DayRange(1, 1),
        DayRange(2, reserve=1, daily=usd("10")),
        DayRange(2, 4, daily=usd("50")),
    )

    d = _stay(*ranges, days=4).decisions[0]

    assert (d.coinsurance, d.plan_paid, d.reasons) == (usd("110"), usd("290"), ())


def test_covered_days_add_to_the_days_already_used() -> None:
    """Two days used, a three-day stay: five days counted, the part over 4 written off."""
    earlier = empty().add(("member:00", "stay", "days", YEAR_2025), Decimal(2))

    result = _stay(DayRange(1, 4), days=3, acc=earlier)

    d = result.decisions[0]
    assert [(a.code, a.amount) for a in d.adjustments] == [("CO-119", usd("100"))]
    assert totals(result)[("stay", "days")] == 5


@pytest.mark.parametrize("liability", list(Liability))
def test_a_stay_past_the_last_covered_day_is_denied_with_its_days(liability: Liability) -> None:
    """Two covered days a year, both used: a three-day stay is denied and says so."""
    stay = Benefit("stay", cost_shares=[CostShare(day_ranges=[DayRange(1, 2)])])
    plan = one_benefit_plan(stay, denied_liability=liability)
    acc = empty().add(("member:00", "stay", "days", YEAR_2025), Decimal(2))

    d = adjudicate(policy_for(plan), [line(1, "300", units=3)], accumulators=acc).decisions[0]

    group = "PR" if liability is Liability.PATIENT else "CO"
    assert (d.benefit, d.adjustment_codes, d.period) == ("stay", (f"{group}-119",), YEAR_2025)
    assert [(r.code, r.params) for r in d.reasons] == [
        ("coverage.days_not_covered", (("benefit", "stay"), ("days", 3)))
    ]
    assert outline(d.trace)[-1] == "  ✗! within_limits(stay)"


def test_days_covered_at_another_range_leave_the_reserve_pool_alone() -> None:
    """Day 2 is covered at its own range; the three reserve days cover days 1, 3 and 4."""
    ranges = (DayRange(2, 2, daily=usd("50")), DayRange(1, reserve=3, daily=usd("10")))

    result = _stay(*ranges, days=5)

    d = result.decisions[0]
    assert d.days == (
        DayCount("lifetime_reserve", 3, usd("30.00"), 1, None),
        DayCount("coinsurance", 1, usd("50.00"), 2, 2),
        DayCount("not_covered", 1, usd("0.00")),
    )
    assert (d.allowed, d.coinsurance, d.plan_paid) == (usd("400"), usd("80"), usd("320"))
    assert [(a.code, a.amount) for a in d.adjustments] == [
        ("CO-119", usd("100")),
        ("PR-2", usd("80")),
    ]
    counted = {(e.measure, e.period): e.value for e in result.accumulators.entries}
    assert counted == {("days", YEAR_2025): 5, ("reserve_days", "lifetime"): 3}


@pytest.mark.parametrize(
    ("used", "expected"),
    [
        (0, (DayCount("full", 3, usd("0.00"), 1, 4),)),
        (3, (DayCount("full", 1, usd("0.00"), 1, 4), DayCount("not_covered", 2, usd("0.00")))),
    ],
)
def test_a_stay_counts_only_its_own_days_in_a_range(
    used: int, expected: tuple[DayCount, ...]
) -> None:
    """Days 1 to 4 covered: a three-day stay ending before day 4, or starting on it, counts
    its own days."""
    earlier = empty().add(("member:00", "stay", "days", YEAR_2025), Decimal(used))

    d = _stay(DayRange(1, 4), days=3, acc=earlier).decisions[0]

    assert d.days == expected


def test_a_stay_past_its_days_shows_its_limits_in_the_trace() -> None:
    """A benefit with a 100-day limit and two covered days, both used: the denial's trace
    shows the limit and the days it had counted."""
    stay = Benefit(
        "stay",
        cost_shares=[CostShare(day_ranges=[DayRange(1, 2)])],
        limits=[Limit(Measure.DAYS, 100)],
    )
    acc = empty().add(("member:00", "stay", "days", YEAR_2025), Decimal(2))

    d = adjudicate(
        policy_for(one_benefit_plan(stay)), [line(1, "300", units=3)], accumulators=acc
    ).decisions[0]

    assert d.reasons[0].code == "coverage.days_not_covered"
    assert outline(d.trace)[-2:] == [
        "  ✗! within_limits(stay)",
        "    ✓! count_below(stay.days, 100)  stay.days=2",
    ]


def test_a_deductible_that_does_not_apply_is_not_owed_beside_the_daily_amounts() -> None:
    """Copays count toward the deductible, which does not apply to the stay: the $400 charge
    covers the copay and the daily amounts, and no reason says it limited them."""
    share = CostShare(
        copay=usd("100"),
        deductible_applies=False,
        copay_counts_toward_deductible=True,
        day_ranges=[DayRange(1, daily=usd("50"))],
    )
    plan = one_benefit_plan(Benefit("stay", cost_shares=[share]), deductible=usd("1000"))
    stay = line(1, "400", units=2, place_of_service="21")

    result = adjudicate(policy_for(plan), [stay], accumulators=empty())

    d = result.decisions[0]
    assert (d.deductible, d.copay, d.coinsurance, d.plan_paid, d.reasons) == (
        usd("0"),
        usd("100"),
        usd("100"),
        usd("200"),
        (),
    )
    assert totals(result)[("in", "deductible")] == 100
