"""Bounded work in coverage: what adjudicate and check_coverage do grows with the input's
size, never with the numbers in it (units, days, dates)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pendulum
import pytest
from coverage_helpers import counted_work, empty, line, policy_for, usd

from casekit.codes import Code, CodeSystem
from casekit.coverage import (
    Accumulated,
    Accumulators,
    Authorization,
    Benefit,
    CostShare,
    DayRange,
    Plan,
    Service,
    ServiceLine,
    Tier,
    TierTerms,
    adjudicate,
    check_coverage,
    part_a_plan,
)
from casekit.periods import DateRange

STAY = Code(CodeSystem.LOCAL, "stay")
# Lines of up to 2**53 - 1 units, past the default units_per_line budget on purpose.
pytestmark = pytest.mark.usefixtures("units_past_any_line")


def _day_range_plan() -> Plan:
    share = CostShare(
        day_ranges=(
            DayRange(1, 60),
            DayRange(61, 90, daily=usd("400")),
            DayRange(91, None, daily=usd("800"), reserve=60),
        )
    )
    return Plan("days", tiers=[TierTerms(Tier.IN)], benefits=[Benefit("stay", cost_shares=[share])])


@pytest.mark.parametrize("units", [10**6, 10**9, 2**53 - 1])
def test_a_line_of_many_days_is_decided_in_work_that_does_not_grow_with_its_days(
    units: int,
) -> None:
    """A stay of a billion days costs what a stay of a hundred days costs, give or take."""
    plan = _day_range_plan()

    def run(days: int) -> None:
        adjudicate(
            policy_for(plan), [line(1, "1000.00", code=STAY, units=days)], accumulators=empty()
        )

    run(1000)  # compile the plan first: only the lines' own work is compared
    small, large = counted_work(lambda: run(1000)), counted_work(lambda: run(units))

    assert large <= small * 1.2


def test_day_range_work_grows_with_the_number_of_lines_not_their_days() -> None:
    """Ten times the lines take about ten times the work; ten times the days, none more."""
    plan = _day_range_plan()

    def run(lines: int, days: int) -> None:
        batch = [
            line(i, "1000.00", code=STAY, units=days, on=pendulum.date(2025, 1, 1).add(days=i))
            for i in range(1, lines + 1)
        ]
        adjudicate(policy_for(plan), batch, accumulators=empty())

    run(1, 5)  # compile the plan first: only the lines' own work is compared
    base = counted_work(lambda: run(10, 5))

    assert counted_work(lambda: run(100, 5)) <= base * 12
    assert counted_work(lambda: run(10, 50_000)) <= base * 1.2


def test_a_part_a_stay_of_many_days_is_decided_in_bounded_work() -> None:
    """Part A's day ranges and its spell of illness take no per-day work either."""
    plan = part_a_plan(on=pendulum.date(2025, 1, 1))

    def run(days: int) -> None:
        stay = line(1, "1000.00", code=STAY, units=days, place_of_service="21")
        adjudicate(policy_for(plan), [stay], accumulators=empty())

    run(1000)  # compile the plan first: only the lines' own work is compared
    assert counted_work(lambda: run(10**9)) <= counted_work(lambda: run(1000)) * 1.2


def test_the_pre_service_check_of_many_units_is_bounded() -> None:
    """check_coverage of a billion-day stay does the work of a short one."""
    plan = part_a_plan(on=pendulum.date(2025, 1, 1))

    def run(units: int) -> None:
        service = Service(STAY, units=units, place_of_service="21", network=Tier.IN)
        check_coverage(policy_for(plan), service, on=pendulum.date(2025, 3, 1))

    run(1000)  # compile the plan first: only the check's own work is compared
    assert counted_work(lambda: run(10**9)) <= counted_work(lambda: run(1000)) * 1.2


def _settings_plan(n: int) -> Plan:
    return Plan(
        "settings",
        tiers=[TierTerms(Tier.IN)],
        benefits=[
            Benefit(f"b{i}", places_of_service=(f"{i:02d}",), provider_kinds=(f"k{i}",))
            for i in range(n)
        ],
    )


def test_a_check_with_unknown_setting_grows_no_faster_than_the_plan() -> None:
    """Unknown place and kind on a plan of many benefits: work grows with the plan, not its
    cube; past the budget the check asks for both instead of trying every setting."""

    def run(n: int) -> Any:
        return check_coverage(
            policy_for(_settings_plan(n)), Service(STAY), on=pendulum.date(2025, 3, 1)
        )

    small, large = counted_work(lambda: run(20)), counted_work(lambda: run(200))
    answer = run(200)

    assert large <= small * 12
    assert [i.value for i in answer.info_needed] == ["location", "performer"]


def test_a_check_within_the_budget_still_says_which_setting_decides() -> None:
    """A small plan is tried setting by setting: the place alone decides here."""
    plan = Plan(
        "two",
        tiers=[TierTerms(Tier.IN)],
        benefits=[Benefit("office", places_of_service=("11",)), Benefit("other")],
    )

    answer = check_coverage(policy_for(plan), Service(STAY), on=pendulum.date(2025, 3, 1))

    assert [i.value for i in answer.info_needed] == ["location"]


def _auth_plan() -> Plan:
    return Plan(
        "auths", tiers=[TierTerms(Tier.IN)], benefits=[Benefit("mri", prior_authorization=True)]
    )


@pytest.mark.parametrize("shape", ["expired", "used_up"])
def test_authorisation_work_grows_with_the_lines_not_lines_times_authorisations(
    shape: str,
) -> None:
    """Many lines against many authorisations that have expired, or have no units left,
    cost work in proportion to lines plus authorisations, not their product."""
    mri = Code(CodeSystem.CPT, "70551")

    def inputs(n: int) -> tuple[list[ServiceLine], Accumulators, list[Authorization]]:
        start = pendulum.date(2025, 1, 1)
        totals: dict[tuple[str, str, str, str], Decimal] = {}
        if shape == "expired":  # one-day authorisations, all over before the lines
            auths = [Authorization(f"PA-{i}", mri, 1, DateRange(start, start)) for i in range(n)]
        else:  # in force all year, every unit used
            auths = [
                Authorization(f"PA-{i}", mri, 1, DateRange.of("2025-01-01", "2025-12-31"))
                for i in range(n)
            ]
            totals = {("auth", f"PA-{i}", "units_used", "lifetime"): Decimal(1) for i in range(n)}
        used = Accumulators("USD", [Accumulated(*key, value) for key, value in totals.items()])
        lines = [line(i, "100.00", code=mri, on=pendulum.date(2025, 6, 1)) for i in range(1, n + 1)]
        return lines, used, auths

    def run(given: tuple[list[ServiceLine], Accumulators, list[Authorization]]) -> None:
        lines, used, auths = given
        result = adjudicate(
            policy_for(_auth_plan()), lines, accumulators=used, authorizations=auths
        )
        assert all(d.status.value == "denied" for d in result.decisions)

    small, large = inputs(30), inputs(300)
    run(inputs(2))  # compile the plan first: only the lines' own work is compared
    assert counted_work(lambda: run(large)) <= counted_work(lambda: run(small)) * 14
