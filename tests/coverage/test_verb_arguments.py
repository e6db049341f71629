"""adjudicate and check_coverage refuse bad arguments, naming each, before deciding anything."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest
from coverage_helpers import empty, line, one_benefit_plan, policy_for
from coverage_scenarios import KNEE, ON, in_network, screening

from casekit.coverage import Accumulators, Benefit, ServiceLine, adjudicate, check_coverage
from casekit.errors import InvalidInputError, Problem
from casekit.money import Money


def test_adjudicate_refuses_what_is_not_a_policy_or_accumulators() -> None:
    """The policy and the accumulators are checked first, each with its own problem."""
    policy = policy_for(one_benefit_plan(Benefit("b")))

    with pytest.raises(InvalidInputError) as policy_error:
        adjudicate("policy", [], accumulators=empty())  # type: ignore[arg-type]  # the error under test
    with pytest.raises(InvalidInputError) as acc_error:
        adjudicate(policy, [], accumulators={})  # type: ignore[arg-type]  # the error under test

    assert policy_error.value.problems == (("policy", "type", "must be a Policy"),)
    assert acc_error.value.problems == (("accumulators", "type", "must be Accumulators"),)


def test_adjudicate_lists_every_bad_line_before_deciding_any() -> None:
    """Every problem is listed, each at its line, in the order of the lines given."""
    policy = policy_for(one_benefit_plan(Benefit("b")))
    euros = ServiceLine(3, KNEE, pendulum.date(2025, 2, 1), Money.of("10", "EUR"))
    lines = [line(1, "10"), "line", line(1, "20"), euros, None]

    with pytest.raises(InvalidInputError) as error:
        adjudicate(policy, lines, accumulators=Accumulators.empty("EUR"))  # type: ignore[arg-type]  # the error under test

    assert error.value.problems == (
        ("accumulators.currency", "currency_mismatch", "must be the plan's currency"),
        ("lines[1]", "type", "must be a ServiceLine"),
        ("lines[2].line_number", "duplicate", "must be unique within the call"),
        ("lines[3].billed", "currency_mismatch", "must be in the plan's currency"),
        ("lines[4]", "type", "must be a ServiceLine"),
    )


@pytest.mark.parametrize(
    ("service", "on", "problem"),
    [
        (
            in_network(),
            pendulum.datetime(2025, 5, 1, tz="UTC"),
            Problem(
                "on",
                "type",
                "must be a date, not a datetime; pass .date() after converting to the right "
                "timezone",
            ),
        ),
        ("77067", ON, Problem("service", "type", "must be a Service")),
    ],
    ids=["datetime-on", "not-a-service"],
)
def test_bad_arguments_are_refused_naming_the_argument(
    service: object, on: dt.date, problem: Problem
) -> None:
    """A datetime for *on*, or anything but a Service, is one problem at that argument."""

    with pytest.raises(InvalidInputError) as caught:
        check_coverage(policy_for(screening()), service, on=on)  # type: ignore[arg-type]

    assert caught.value.problems == (problem,)


def test_a_priced_amount_is_refused_only_in_another_currency() -> None:
    """A line priced in the plan's currency is not refused when another line is: only the
    euro price and the repeated number are listed."""
    policy = policy_for(one_benefit_plan(Benefit("b")))
    usd_price = line(1, "10", allowed=Money.of("8", "USD"))
    euro_price = ServiceLine(2, KNEE, pendulum.date(2025, 2, 1), allowed=Money.of("8", "EUR"))
    repeated = line(1, "20", allowed=Money.of("9", "USD"))

    with pytest.raises(InvalidInputError) as error:
        adjudicate(policy, [usd_price, euro_price, repeated], accumulators=empty())

    assert error.value.problems == (
        ("lines[1].billed", "currency_mismatch", "must be in the plan's currency"),
        ("lines[2].line_number", "duplicate", "must be unique within the call"),
    )
