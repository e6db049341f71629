"""Limits per calendar month: Medicaid case-management monthly unit caps, beside yearly ones."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest
from coverage_helpers import empty, examples, policy_for, usd
from hypothesis import given, settings
from hypothesis import strategies as st

from casekit.codes import Code, CodeSet, CodeSystem
from casekit.coverage import (
    Benefit,
    CalendarMonth,
    CostShare,
    Limit,
    Measure,
    Plan,
    Policy,
    ServiceLine,
    Status,
    Tier,
    TierTerms,
    accumulator_key,
    adjudicate,
    balances,
    dump_plan,
    load_plan,
)
from casekit.errors import InvalidInputError
from casekit.periods import DateRange

TCM = Code(CodeSystem.HCPCS, "T1017")
"""Targeted case management, each 15 minutes."""


def _plan(*limits: Limit) -> Plan:
    return Plan(
        "medicaid",
        tiers=[TierTerms(Tier.IN)],
        benefits=[
            Benefit(
                "case_management",
                codes=CodeSet.of(CodeSystem.HCPCS, "T1017", name="tcm"),
                cost_shares=[CostShare.no_charge()],
                limits=limits,
            )
        ],
    )


MONTHLY = Limit(Measure.UNITS, 8, per=CalendarMonth())


def _tcm(number: int, on: dt.date, units: int) -> ServiceLine:
    return ServiceLine(number, TCM, on, usd(20 * units), units=units)


def _remaining(policy: Policy, acc: object, on: dt.date) -> object:
    found = {b.name: b for b in balances(policy, acc, on=on)}  # type: ignore[arg-type]
    return found["case_management.units"].remaining


def test_a_monthly_unit_cap_resets_on_the_first_of_the_month() -> None:
    """Eight units a month: 6 then 4 in January cover 6 and 2; February starts again at 8."""
    policy = policy_for(_plan(MONTHLY))
    lines = [
        _tcm(1, pendulum.date(2025, 1, 3), 6),
        _tcm(2, pendulum.date(2025, 1, 20), 4),
        _tcm(3, pendulum.date(2025, 2, 2), 5),
        _tcm(4, pendulum.date(2025, 2, 28), 4),
    ]

    result = adjudicate(policy, lines, accumulators=empty())

    assert [(d.status, d.plan_paid) for d in result.decisions] == [
        (Status.COVERED, usd("120.00")),
        (Status.COVERED, usd("40.00")),
        (Status.COVERED, usd("100.00")),
        (Status.COVERED, usd("60.00")),
    ]
    assert result.decisions[1].adjustment_codes == ("CO-119",)
    assert _remaining(policy, result.accumulators, pendulum.date(2025, 1, 31)) == 0
    assert _remaining(policy, result.accumulators, pendulum.date(2025, 3, 1)) == 8


def test_a_line_in_a_month_whose_cap_is_used_up_is_denied() -> None:
    """With January's 8 units used, a ninth unit in January is denied (CO-119)."""
    policy = policy_for(_plan(MONTHLY))
    lines = [_tcm(1, pendulum.date(2025, 1, 3), 8), _tcm(2, pendulum.date(2025, 1, 31), 1)]

    second = adjudicate(policy, lines, accumulators=empty()).decisions[1]

    assert second.status is Status.DENIED
    assert second.adjustment_codes == ("CO-119",)
    assert second.reasons[0].code == "coverage.limit_reached"


def test_a_monthly_cap_and_a_yearly_cap_both_apply() -> None:
    """8 units a month and 20 a year: the year's cap stops March although March has room."""
    policy = policy_for(_plan(MONTHLY, Limit(Measure.UNITS, 20, counter="tcm_year")))
    lines = [_tcm(i, pendulum.date(2025, i, 10), 8) for i in (1, 2, 3)]

    result = adjudicate(policy, lines, accumulators=empty())

    assert [d.plan_paid for d in result.decisions] == [usd("160.00"), usd("160.00"), usd("80.00")]
    found = {
        b.name: b for b in balances(policy, result.accumulators, on=pendulum.date(2025, 3, 11))
    }
    assert found["case_management.units"].met == 4
    assert found["tcm_year.units"].remaining == 0


def test_the_month_key_names_the_month() -> None:
    """The key of a monthly limit names the calendar month holding the date, 29 February too."""
    policy = policy_for(_plan(MONTHLY))

    key = accumulator_key(policy, "units", counter="case_management", on=pendulum.date(2024, 2, 9))

    assert key.period == "2024-02-01/2024-02-29"


def test_a_monthly_limit_loads_from_plan_data_as_calendar_month() -> None:
    """``{"kind": "calendar_month"}`` is a limit's ``per`` in plan data, and dumps back."""
    plan = _plan(MONTHLY)
    data = dump_plan(plan)

    assert data["benefits"][0]["limits"][0]["per"] == {"kind": "calendar_month"}
    assert load_plan(data) == plan


def test_a_plan_cannot_take_a_calendar_month_as_its_benefit_period() -> None:
    """Deductibles run per year or spell; a month is only a limit's period."""
    with pytest.raises(InvalidInputError, match="benefit_period"):
        Plan("x", tiers=[], benefits=[], benefit_period=CalendarMonth())  # type: ignore[arg-type]


@given(
    days=st.lists(
        st.tuples(st.integers(1, 365), st.integers(1, 6)),
        min_size=1,
        max_size=12,
        unique_by=lambda t: t[0],
    )
)
@settings(max_examples=examples(100))
def test_no_month_covers_more_than_its_cap_and_balances_follow_each_line(
    days: list[tuple[int, int]],
) -> None:
    """Covered units per month never pass 8; the balance before a line less the units it
    covers is the balance after it."""
    policy = policy_for(_plan(MONTHLY))
    acc = empty()
    by_month: dict[int, int] = {}
    for number, (day, units) in enumerate(sorted(days), start=1):
        on = pendulum.date(2025, 1, 1).add(days=day - 1)
        before = _remaining(policy, acc, on)
        result = adjudicate(policy, [_tcm(number, on, units)], accumulators=acc)
        acc = result.accumulators
        d = result.decisions[0]
        covered = int(d.plan_paid.amount / 20)  # no cost sharing: the plan pays $20 a unit
        by_month[on.month] = by_month.get(on.month, 0) + covered
        assert by_month[on.month] <= 8
        assert _remaining(policy, acc, on) == before - covered  # type: ignore[operator]
        assert covered == min(units, before)  # type: ignore[call-overload]


@pytest.mark.parametrize(
    ("on", "first", "last"),
    [
        (dt.date(2024, 2, 10), dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        (dt.date(2025, 2, 28), dt.date(2025, 2, 1), dt.date(2025, 2, 28)),
        (dt.date(2025, 12, 31), dt.date(2025, 12, 1), dt.date(2025, 12, 31)),
        (dt.date(2025, 4, 1), dt.date(2025, 4, 1), dt.date(2025, 4, 30)),
    ],
)
def test_the_calendar_month_holding_a_day_runs_from_its_first_to_its_last_day(
    on: dt.date, first: dt.date, last: dt.date
) -> None:
    """`CalendarMonth.period_containing` is the whole month, leap Februaries included."""
    assert CalendarMonth().period_containing(on) == DateRange.of(first, last)


def test_the_calendar_month_of_what_is_not_a_date_is_refused_at_on() -> None:
    """Text is not a day: refused at ``on``, as a type problem."""
    with pytest.raises(InvalidInputError) as caught:
        CalendarMonth().period_containing("2025-02-10")  # type: ignore[arg-type]

    assert [(p.path, p.code) for p in caught.value.problems] == [("on", "type")]
