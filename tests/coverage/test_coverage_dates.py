"""The coverage period and the waiting period, to the first and last day."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest
from coverage_helpers import empty, line, one_benefit_plan, policy_for
from coverage_scenarios import covered, in_network, not_covered, screening

from casekit.coverage import Benefit, CoverageAnswer, adjudicate, check_coverage
from casekit.rules import Reason


@pytest.mark.parametrize(
    ("day", "codes"),
    [
        (pendulum.date(2024, 12, 31), ("CO-26",)),
        (pendulum.date(2025, 1, 1), ()),
        (pendulum.date(2025, 12, 31), ()),
        (pendulum.date(2026, 1, 1), ("CO-27",)),
    ],
)
def test_the_first_and_last_days_of_coverage_are_covered(
    day: pendulum.Date, codes: tuple[str, ...]
) -> None:
    """The coverage period is inclusive at both ends."""
    plan = one_benefit_plan(Benefit("all"))

    d = adjudicate(policy_for(plan), [line(1, "100", on=day)], accumulators=empty()).decisions[0]

    assert d.adjustment_codes == codes


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (
            pendulum.date(2024, 12, 31),
            not_covered(Reason("coverage.before_coverage"), benefit=None),
        ),
        (pendulum.date(2025, 1, 1), covered()),
        (pendulum.date(2025, 12, 31), covered()),
        (pendulum.date(2026, 1, 1), not_covered(Reason("coverage.after_coverage"), benefit=None)),
    ],
)
def test_the_coverage_period_includes_its_first_and_last_days(
    on: dt.date, expected: CoverageAnswer
) -> None:
    """The first and last days are covered; the day either side is before or after coverage."""

    answer = check_coverage(policy_for(screening()), in_network(), on=on)

    assert answer == expected


@pytest.mark.parametrize(
    ("days_in", "expected"),
    [
        (29, not_covered(Reason.of("coverage.waiting_period", benefit="screen", days=30))),
        (30, covered()),
    ],
)
def test_the_waiting_period_ends_after_its_number_of_days(
    days_in: int, expected: CoverageAnswer
) -> None:
    """A 30-day wait covers nothing on day 29 after the start and covers day 30."""

    answer = check_coverage(
        policy_for(screening(waiting_period_days=30)),
        in_network(),
        on=pendulum.date(2025, 1, 1).add(days=days_in),
    )

    assert answer == expected
