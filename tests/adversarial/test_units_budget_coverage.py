"""Bounded work in coverage: a line or service past the units_per_line budget is refused by
every coverage verb, at once and without echoing its units, under any budget."""

from __future__ import annotations

from typing import Any

import pendulum
import pytest
from coverage_helpers import OFFICE, counted_work, empty, line, policy_for, simple_plan
from hypothesis import given
from hypothesis import strategies as st

from casekit import limits
from casekit.coverage import (
    Service,
    Status,
    Tier,
    adjudicate,
    adjudicate_many,
    check_coverage,
)
from casekit.errors import InvalidInputError

PLAN = simple_plan(deductible="100", coinsurance="0.2")
ON = pendulum.date(2025, 3, 1)


def _adjudicate(units: int) -> Any:
    return adjudicate(policy_for(PLAN), [line(1, "10.00", units=units)], accumulators=empty())


def _adjudicate_many(units: int) -> Any:
    pairs = [("A", line(1, "10.00", units=units))]
    return list(adjudicate_many({"A": policy_for(PLAN)}.__getitem__, pairs, accumulators={}))


def _check_coverage(units: int) -> Any:
    return check_coverage(policy_for(PLAN), Service(OFFICE, units=units, network=Tier.IN), on=ON)


VERBS = [
    pytest.param(_adjudicate, "lines[0].units", id="adjudicate"),
    pytest.param(_adjudicate_many, "lines[0].units", id="adjudicate_many"),
    pytest.param(_check_coverage, "service.units", id="check_coverage"),
]


@pytest.mark.parametrize(("verb", "path"), VERBS)
def test_the_default_budget_refuses_ten_thousand_and_one_units(verb: Any, path: str) -> None:
    """Out of the box, each verb refuses 10,001 units and answers 10,000."""
    verb(10_000)
    with pytest.raises(InvalidInputError) as caught:
        verb(10_001)

    assert [(p.path, p.code) for p in caught.value.problems] == [(path, "too_large")]
    assert "10001" not in str(caught.value)
    assert "10,001" not in str(caught.value)


@pytest.mark.parametrize("verb", [p.values[0] for p in VERBS], ids=[p.id for p in VERBS])
def test_refusing_any_number_of_units_takes_the_same_work(verb: Any) -> None:
    """2**53 - 1 units are refused in the work 10,001 are: one compare, no adjudication."""

    def refused(units: int) -> None:
        with pytest.raises(InvalidInputError):
            verb(units)

    verb(1)  # compile the plan first: only the refusal's own work is compared
    small, large = counted_work(lambda: refused(10_001)), counted_work(lambda: refused(2**53 - 1))

    assert large <= small * 1.05


@given(
    budget=st.integers(1, 10**6),
    below=st.integers(0, 10**6),
    above=st.integers(1, 2**53 - 1 - 10**6),
    verb=st.sampled_from([_adjudicate, _adjudicate_many, _check_coverage]),
)
def test_each_verb_refuses_exactly_the_units_past_any_budget_without_echoing_them(
    budget: int, below: int, above: int, verb: Any
) -> None:
    """Under any budget, units up to it are decided and units above it are refused, with
    a message naming the budget and never the units."""
    within, past = budget - below % budget, budget + above

    with limits.using(units_per_line=budget):
        verb(within)
        with pytest.raises(InvalidInputError) as caught:
            verb(past)

    [problem] = caught.value.problems
    assert problem.code == "too_large"
    assert problem.message == (
        f"is more than {budget} units (units_per_line); split the line or raise the budget"
    )
    assert str(past) not in str(caught.value)


def test_a_line_past_the_budget_leaves_the_accumulators_as_they_were() -> None:
    """A refused call returns nothing and the caller's accumulators are the ones it had."""
    covered = _adjudicate(40)
    start = covered.accumulators
    lines = [line(2, "10.00", on=ON, units=40), line(3, "10.00", on=ON, units=41)]

    with limits.using(units_per_line=40), pytest.raises(InvalidInputError):
        adjudicate(policy_for(PLAN), lines, accumulators=start)

    assert [d.status for d in covered.decisions] == [Status.COVERED]
    assert start == _adjudicate(40).accumulators
