"""Decisions that say where they fell: the benefit period or spell, the tier, the amounts by
component, a stay's days by day range, and a batch's totals by component."""

from __future__ import annotations

from decimal import Decimal

import pendulum
from coverage_helpers import (
    YEAR_2025,
    empty,
    examples,
    line,
    one_benefit_plan,
    policy_for,
    simple_plan,
    usd,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from casekit.codes import Code, CodeSystem
from casekit.coverage import (
    Benefit,
    DayCount,
    Limit,
    Measure,
    Status,
    Tier,
    adjudicate,
    part_a_plan,
)
from casekit.money import Money

STAY = Code(CodeSystem.LOCAL, "stay")


def test_a_decision_names_its_benefit_period_and_tier() -> None:
    """A calendar-year plan's line falls in 2025, at the in-network tier."""
    d = adjudicate(
        policy_for(simple_plan(deductible="100")), [line(1, "50.00")], accumulators=empty()
    ).decisions[0]

    assert (d.period, d.tier) == (YEAR_2025, Tier.IN)


def test_a_line_stopped_before_any_period_applies_names_none() -> None:
    """A line before coverage began names no period, only its tier."""
    d = adjudicate(
        policy_for(simple_plan()),
        [line(1, "50.00", on=pendulum.date(2024, 12, 31))],
        accumulators=empty(),
    ).decisions[0]

    assert (d.status, d.period, d.tier) == (Status.DENIED, None, Tier.IN)


def test_a_line_denied_at_a_limit_names_the_period_of_the_limit() -> None:
    """One visit a year, already used: the second visit is denied in 2025's benefit period."""
    plan = one_benefit_plan(Benefit("visits", limits=[Limit(Measure.VISITS, 1)]))
    lines = [line(1, "50.00"), line(2, "50.00", on=pendulum.date(2025, 3, 1))]

    first, second = adjudicate(policy_for(plan), lines, accumulators=empty()).decisions

    assert (first.status, first.period) == (Status.COVERED, YEAR_2025)
    assert (second.status, second.adjustment_codes, second.period) == (
        Status.DENIED,
        ("CO-119",),
        YEAR_2025,
    )


def test_a_part_a_stay_breaks_its_days_down_by_range() -> None:
    """200 days: 60 full, 30 at the daily coinsurance, 60 lifetime reserve, 50 not covered."""
    plan = part_a_plan(on=pendulum.date(2025, 1, 1))
    stay = line(
        1, "100000.00", on=pendulum.date(2025, 2, 1), code=STAY, units=200, place_of_service="21"
    )

    d = adjudicate(policy_for(plan), [stay], accumulators=empty()).decisions[0]

    assert d.period == "2025-02-01/.."
    assert d.days == (
        DayCount("full", 60, usd("0.00"), 1, 60),
        DayCount("coinsurance", 30, usd("12570.00"), 61, 90),
        DayCount("lifetime_reserve", 60, usd("50280.00"), 91, None),
        DayCount("not_covered", 50, usd("0.00")),
    )
    assert d.coinsurance == usd("62850.00")


def test_a_stay_spanning_two_benefit_periods_names_each_spell() -> None:
    """A readmission after the 60-day gap falls in a new spell, with its own deductible."""
    plan = part_a_plan(on=pendulum.date(2025, 1, 1))
    stays = [
        line(
            1, "20000.00", on=pendulum.date(2025, 1, 10), code=STAY, units=5, place_of_service="21"
        ),
        line(
            2, "20000.00", on=pendulum.date(2025, 6, 1), code=STAY, units=5, place_of_service="21"
        ),
    ]

    first, second = adjudicate(policy_for(plan), stays, accumulators=empty()).decisions

    assert (first.period, second.period) == ("2025-01-10/..", "2025-06-01/..")
    assert first.deductible == second.deductible == usd("1676.00")


@settings(max_examples=examples(100))
@given(
    amounts=st.lists(st.integers(min_value=0, max_value=500_000), min_size=1, max_size=6),
    coinsurance=st.sampled_from(["0", "0.2", "0.35"]),
)
def test_the_components_add_up_to_the_line_and_the_batch(
    amounts: list[int], coinsurance: str
) -> None:
    """Each line's components add up to what the patient and the plan pay, and the batch
    totals are the sums of its lines' components."""
    plan = simple_plan(deductible="300", coinsurance=coinsurance, oop="2000")
    lines = [line(i, str(Decimal(c).scaleb(-2))) for i, c in enumerate(amounts, start=1)]

    result = adjudicate(policy_for(plan), lines, accumulators=empty())

    for d in result.decisions:
        parts = dict(d.components)
        assert sum((v.amount for k, v in parts.items() if k != "plan_paid"), Decimal(0)) == (
            d.patient_total.amount
        )
        assert parts["plan_paid"] == d.plan_paid
    totals = dict(result.totals("USD"))
    assert totals["plan_paid"] == result.plan_paid_total("USD").rounded()
    assert sum((t.amount for k, t in totals.items() if k != "plan_paid"), Decimal(0)) == (
        result.patient_total("USD").amount
    )
    assert all(
        t.amount == t.rounded().amount and t.amount.as_tuple().exponent == -2
        for t in totals.values()
    )


def test_batch_totals_are_at_the_currencys_scale() -> None:
    """An empty batch's totals are zeros at the cent, like every other total."""
    zero = Money.of("0.00", "USD")

    totals = adjudicate(policy_for(simple_plan()), [], accumulators=empty()).totals("USD")

    assert [str(t) for _, t in totals] == [str(zero)] * 6
