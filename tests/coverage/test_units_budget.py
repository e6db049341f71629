"""The units_per_line budget: adjudicate, adjudicate_many and check_coverage refuse a line or
service billing more units than `casekit.limits` allows, at its path, before any work."""

from __future__ import annotations

import pendulum
from coverage_helpers import OFFICE, empty, line, policy_for, simple_plan
from refusals import problems

from casekit import limits
from casekit.coverage import (
    Accumulators,
    Coverage,
    Service,
    Status,
    Tier,
    adjudicate,
    adjudicate_many,
    check_coverage,
)

PLAN = simple_plan(deductible="100", coinsurance="0.2")
OVER_50 = (
    "too_large",
    "is more than 50 units (units_per_line); split the line or raise the budget",
)


def test_adjudicate_refuses_each_line_past_the_budget_at_its_path() -> None:
    """One too_large problem per line past the budget, at its place in the lines given."""
    lines = [line(3, "10.00", units=51), line(1, "10.00", units=50), line(2, "10.00", units=999)]

    with limits.using(units_per_line=50):
        found = problems(lambda: adjudicate(policy_for(PLAN), lines, accumulators=empty()))

    assert found == [("lines[0].units", *OVER_50), ("lines[2].units", *OVER_50)]


def test_adjudicate_lists_the_units_with_the_other_problems_of_a_line() -> None:
    """A line past the budget that also repeats a number is refused for both."""
    lines = [line(1, "10.00"), line(1, "10.00", units=51)]

    with limits.using(units_per_line=50):
        found = problems(lambda: adjudicate(policy_for(PLAN), lines, accumulators=empty()))

    assert [(path, code) for path, code, _ in found] == [
        ("lines[1].line_number", "duplicate"),
        ("lines[1].units", "too_large"),
    ]


def test_adjudicate_accepts_a_line_of_exactly_the_budget() -> None:
    """The budget is the most units a line may bill: that many are adjudicated."""
    with limits.using(units_per_line=50):
        result = adjudicate(policy_for(PLAN), [line(1, "10.00", units=50)], accumulators=empty())

    assert [d.status for d in result.decisions] == [Status.COVERED]


def test_adjudicate_reads_the_budget_in_force_when_it_is_called() -> None:
    """A budget raised for the call lets through what the default refuses."""
    big = [line(1, "10.00", units=10_001)]

    with limits.using(units_per_line=10_001):
        result = adjudicate(policy_for(PLAN), big, accumulators=empty())
    refused = problems(lambda: adjudicate(policy_for(PLAN), big, accumulators=empty()))

    assert [d.status for d in result.decisions] == [Status.COVERED]
    assert [(path, code) for path, code, _ in refused] == [("lines[0].units", "too_large")]


def test_adjudicate_many_refuses_a_run_past_the_budget_and_keeps_the_accumulators() -> None:
    """The refused run changes no accumulators; the runs before it were yielded and kept."""
    policies = {m: policy_for(PLAN) for m in ("A", "B")}
    pairs = [
        ("A", line(1, "80.00", units=50)),
        ("B", line(1, "80.00")),
        ("B", line(2, "5.00", units=51)),
    ]

    with limits.using(units_per_line=50):
        results = adjudicate_many(policies.__getitem__, pairs, accumulators={"B": empty()})
    first = next(results)
    refused = problems(lambda: next(results))

    assert first[0] == "A"
    assert refused == [("lines[2].units", *OVER_50)]
    assert results.accumulators == {"A": first[1].accumulators, "B": empty()}


def test_adjudicate_many_holds_every_run_to_the_budget_at_its_call() -> None:
    """The budget is read when adjudicate_many is called, not when its runs are iterated."""
    policies = {"A": policy_for(PLAN)}
    pairs = [("A", line(1, "80.00", units=51))]

    with limits.using(units_per_line=50):
        strict = adjudicate_many(policies.__getitem__, pairs, accumulators={})
    lenient = adjudicate_many(policies.__getitem__, pairs, accumulators={})
    with limits.using(units_per_line=50):
        decided = list(lenient)

    assert problems(lambda: list(strict)) == [("lines[0].units", *OVER_50)]
    assert [d.status for _, run in decided for d in run.decisions] == [Status.COVERED]


def test_check_coverage_refuses_a_service_past_the_budget() -> None:
    """The pre-service check refuses units no line could bill, at service.units."""
    with limits.using(units_per_line=50):
        found = problems(
            lambda: check_coverage(
                policy_for(PLAN), Service(OFFICE, units=51), on=pendulum.date(2025, 3, 1)
            )
        )

    assert found == [("service.units", *OVER_50)]


def test_check_coverage_accepts_a_service_of_exactly_the_budget() -> None:
    """A service of as many units as the budget allows is answered."""
    with limits.using(units_per_line=50):
        answer = check_coverage(
            policy_for(PLAN),
            Service(OFFICE, units=50, network=Tier.IN),
            on=pendulum.date(2025, 3, 1),
            accumulators=Accumulators.empty("USD"),
        )

    assert answer.covered is Coverage.COVERED
