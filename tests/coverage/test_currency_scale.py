"""Every amount coverage gives back is at the currency's minor unit: no ``0 USD`` beside
``100.00 USD``, in decisions, batch totals, balances and pre-service answers."""

from __future__ import annotations

from decimal import Decimal

import pendulum
from coverage_helpers import empty, examples, line, policy_for, simple_plan
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casekit.coverage import (
    Accumulators,
    Adjudication,
    Decision,
    Policy,
    Service,
    ServiceLine,
    adjudicate,
    balances,
    check_coverage,
    part_a_plan,
)
from casekit.money import CURRENCY_MINOR_UNITS, Money
from casekit.testing.strategies import plans, policies, service_lines


def _places(amount: Decimal) -> int:
    exponent = amount.as_tuple().exponent
    assert isinstance(exponent, int)
    return -exponent


def _decision_money(d: Decision) -> list[Money]:
    found = [value for _, value in d.components]
    found += [d.billed, d.allowed, d.patient_share, d.patient_total]
    found += [a.amount for a in d.adjustments]
    found += [c.amount for c in d.days]
    return found


def _all_money(result: Adjudication, policy: Policy) -> list[Money]:
    currency = policy.plan.currency
    found = [m for d in result.decisions for m in _decision_money(d)]
    found += [value for _, value in result.totals(currency)]
    start, end = policy.coverage_period.start, policy.coverage_period.end
    for on in (start, end):
        found += [
            value
            for b in balances(policy, result.accumulators, on=on)
            for value in (b.met, b.maximum, b.remaining)
            if isinstance(value, Money)
        ]
    return found


def test_a_deductible_from_a_whole_dollar_plan_comes_back_in_cents() -> None:
    """A $1,500 deductible and a $2,000 charge: every amount shows cents, zeros too."""
    plan = simple_plan(deductible="1500", coinsurance="0.2")
    result = adjudicate(policy_for(plan), [line(1, "2000")], accumulators=empty())
    d = result.decisions[0]

    assert [str(m) for _, m in d.components] == [
        "1500.00 USD",
        "0.00 USD",
        "100.00 USD",
        "0.00 USD",
        "0.00 USD",
        "400.00 USD",
    ]
    assert (str(d.billed), str(d.allowed)) == ("2000.00 USD", "2000.00 USD")


def test_a_part_a_stay_shows_every_amount_in_cents() -> None:
    """Medicare amounts published in whole dollars come back in cents."""
    policy = policy_for(part_a_plan(on=pendulum.date(2025, 1, 1)))
    stay = line(1, "50000", units=95, place_of_service="21")

    d = adjudicate(policy, [stay], accumulators=empty()).decisions[0]

    assert str(d.deductible) == "1676.00 USD"
    assert [str(c.amount) for c in d.days] == ["0.00 USD", "12570.00 USD", "4190.00 USD"]


@given(
    drawn=st.sampled_from(["USD", "JPY", "BHD", "EUR"]).flatmap(
        lambda currency: policies(plan=plans(currencies=st.just(currency))).flatmap(
            lambda p: st.tuples(st.just(p), service_lines(policy=p, max_size=6))
        )
    )
)
@settings(max_examples=examples(200), suppress_health_check=[HealthCheck.too_slow])
def test_every_amount_returned_is_at_the_currencys_minor_unit(
    drawn: tuple[Policy, tuple[ServiceLine, ...]],
) -> None:
    """Over random plans and lines in currencies of 0, 2 and 3 minor digits, every Money in
    the decisions, the batch totals and the balances has exactly the minor unit's places."""
    policy, lines = drawn
    currency = policy.plan.currency
    result = adjudicate(policy, lines, accumulators=Accumulators.empty(currency))

    places = CURRENCY_MINOR_UNITS[currency]
    assert {_places(m.amount) for m in _all_money(result, policy)} <= {places}
    for code in {ln.code for ln in lines}:
        answer = check_coverage(
            policy, Service(code), on=policy.coverage_period.start, accumulators=result.accumulators
        )
        for name, value in answer.details:
            if name.endswith("amount_remaining"):
                assert _places(Decimal(str(value))) == places
