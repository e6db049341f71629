"""Benefit limits and the accumulators that count against them.

`adjudicate` denies or cuts a line at a limit, to the cent; `check_coverage` reports what
remains under each limit; `Accumulators` add, sort and carry totals from batch to batch.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Context, Decimal, Inexact, Rounded, localcontext

import pendulum
import pytest
from coverage_helpers import YEAR_2025, empty, line, one_benefit_plan, policy_for, usd
from coverage_scenarios import FEB, ON, covered, in_network, screening

from casekit.coverage import (
    Accumulated,
    Accumulators,
    Benefit,
    CostShare,
    Coverage,
    CoverageAnswer,
    Liability,
    Limit,
    Measure,
    Plan,
    Spell,
    SpellOfIllness,
    Tier,
    TierTerms,
    adjudicate,
    check_coverage,
)
from casekit.periods import Lifetime, PlanYear
from casekit.rules import Reason

_AMOUNT_LIMIT = Limit(Measure.AMOUNT, usd("500"))


@pytest.mark.parametrize("liability", list(Liability))
def test_an_amount_limit_used_to_the_cent_denies_the_next_line(liability: Liability) -> None:
    """With the 500 maximum used, the line is over the limit, which the reason names."""
    plan = one_benefit_plan(Benefit("capped", limits=[_AMOUNT_LIMIT]), denied_liability=liability)
    acc = empty().add(("member:00", "capped", "amount", YEAR_2025), Decimal(500))

    d = adjudicate(policy_for(plan), [line(1, "100")], accumulators=acc).decisions[0]

    group = "PR" if liability is Liability.PATIENT else "CO"
    assert (d.benefit, d.adjustment_codes) == ("capped", (f"{group}-119",))
    assert [(r.code, r.params) for r in d.reasons] == [
        (
            "coverage.limit_reached",
            (
                ("benefit", "capped"),
                ("counter", "capped"),
                ("max", "500.00"),
                ("measure", "amount"),
            ),
        )
    ]


def test_an_amount_limit_covers_the_cents_left() -> None:
    """With 0.50 of the 500 maximum left, 0.50 of the line is covered."""
    plan = one_benefit_plan(Benefit("capped", limits=[_AMOUNT_LIMIT]))
    acc = empty().add(("member:00", "capped", "amount", YEAR_2025), Decimal("499.50"))

    d = adjudicate(policy_for(plan), [line(1, "100")], accumulators=acc).decisions[0]

    assert (str(d.allowed), str(d.plan_paid), d.adjustment_codes) == (
        "0.50 USD",
        "0.50 USD",
        ("CO-119",),
    )


def test_a_limit_may_count_per_plan_year_inside_a_calendar_year_plan() -> None:
    """One visit per plan year from July: 30 June and 1 July are in different plan years."""
    per_plan_year = Limit(Measure.VISITS, 1, per=PlanYear(7, 1))
    plan = one_benefit_plan(Benefit("office", limits=[per_plan_year]))
    days = [pendulum.date(2025, 6, 30), pendulum.date(2025, 7, 1), pendulum.date(2025, 7, 2)]

    result = adjudicate(
        policy_for(plan),
        [line(i, "90", on=day) for i, day in enumerate(days, 1)],
        accumulators=empty(),
    )

    assert [d.adjustment_codes for d in result.decisions] == [(), (), ("CO-119",)]
    assert sorted(e.period for e in result.accumulators.entries) == [
        "2024-07-01/2025-06-30",
        "2025-07-01/2026-06-30",
    ]


LIMITS = screening(
    limits=[
        Limit(Measure.VISITS, 3),
        Limit(Measure.UNITS, 5),
        Limit(Measure.AMOUNT, usd("100.00"), counter="spend"),
        Limit(Measure.DAYS, 4, per=Lifetime()),
    ]
)


def used(*, visits: int = 0, units: int = 0, amount: str = "0", days: int = 0) -> Accumulators:
    """Return accumulators with these amounts already used under the LIMITS plan's counters."""
    return (
        empty()
        .add(("member:00", "screen", "visits", YEAR_2025), Decimal(visits))
        .add(("member:00", "screen", "units", YEAR_2025), Decimal(units))
        .add(("member:00", "spend", "amount", YEAR_2025), Decimal(amount))
        .add(("member:00", "screen", "days", "lifetime"), Decimal(days))
    )


def remaining(visits: int, units: int, amount: str, days: int) -> tuple[tuple[str, str | int], ...]:
    """Return the details of what remains under each LIMITS limit, in the plan's order."""
    return (
        ("screen.visits_remaining", visits),
        ("screen.units_remaining", units),
        ("spend.amount_remaining", amount),
        ("screen.days_remaining", days),
    )


def reached(counter: str, measure: str, maximum: str) -> Reason:
    """Return the limit_reached reason for the screening benefit."""
    return Reason.of(
        "coverage.limit_reached", benefit="screen", counter=counter, measure=measure, max=maximum
    )


@pytest.mark.parametrize(
    ("units", "acc", "reason", "details"),
    [
        pytest.param(
            2,
            used(visits=2, amount="99.50"),
            None,
            remaining(1, 5, "0.50", 4),
            id="one-visit-and-fifty-cents-left-are-enough-for-two-units",
        ),
        pytest.param(
            1,
            used(visits=3),
            reached("screen", "visits", "3"),
            remaining(0, 5, "100.00", 4),
            id="no-visit-left",
        ),
        pytest.param(
            3,
            used(units=2),
            None,
            remaining(3, 3, "100.00", 4),
            id="three-units-left-for-three",
        ),
        pytest.param(
            4,
            used(visits=1, units=2),
            reached("screen", "units", "5"),
            remaining(2, 3, "100.00", 4),
            id="three-units-left-for-four",
        ),
        pytest.param(
            6,
            used(),
            reached("screen", "units", "5"),
            remaining(3, 5, "100.00", 4),
            id="the-first-limit-reached-is-the-reason",
        ),
        pytest.param(
            1,
            used(amount="100.00"),
            reached("spend", "amount", "100.00"),
            remaining(3, 5, "0.00", 4),
            id="no-money-left",
        ),
    ],
)
def test_limits_report_what_remains_and_a_service_needs_its_units(
    units: int,
    acc: Accumulators,
    reason: Reason | None,
    details: tuple[tuple[str, str | int], ...],
) -> None:
    """A visit needs one visit, units and days the service's units, an amount one cent."""
    expected = (
        covered(details=details)
        if reason is None
        else CoverageAnswer(
            Coverage.NOT_COVERED, reasons=(reason,), details=details, benefit="screen"
        )
    )

    answer = check_coverage(policy_for(LIMITS), in_network(units=units), on=ON, accumulators=acc)

    assert answer == expected


def test_what_remains_is_exact_whatever_decimal_context_the_caller_has_set() -> None:
    """check_coverage computes in casekit's own decimal context: under 3 truncating digits
    that trap on any rounding, 100.00 less 12.34 still leaves 87.66."""
    hostile = Context(prec=3, rounding=ROUND_DOWN, traps=[Inexact, Rounded])
    acc = used(amount="12.34")

    with localcontext(hostile):
        answer = check_coverage(policy_for(LIMITS), in_network(), on=ON, accumulators=acc)

    assert answer == covered(details=remaining(3, 5, "87.66", 4))


KEY = ("member:00", "in", "deductible", "2025-01-01/2025-12-31")
_SPELL = Spell("00", FEB, FEB)
_ENTRY = Accumulated("member:00", "in", "deductible", "lifetime", Decimal(1))


def test_adding_to_accumulators_adds_to_the_total_and_keeps_the_spells() -> None:
    """`Accumulators.add` sums onto an existing total and carries the spells across."""
    start = Accumulators("USD", spells=(_SPELL,))

    acc = start.add(KEY, Decimal(100)).add(KEY, Decimal("0.25")).add((*KEY[:3], "x"), Decimal(1))

    assert acc.get(KEY) == Decimal("100.25")
    assert acc.spells == (_SPELL,)
    assert [e.key for e in acc.entries] == sorted([KEY, (*KEY[:3], "x")])


def test_a_second_batch_adds_to_the_accumulators_the_first_returned() -> None:
    """Totals carried into a batch grow, new ones join them sorted, and the spell runs on."""
    plan = Plan(
        "spells",
        tiers=[TierTerms(Tier.IN, deductible=usd("100"), out_of_pocket_max=usd("5000"))],
        benefits=[
            Benefit(
                "stay",
                places_of_service=("21",),
                cost_shares=[CostShare(coinsurance=Decimal("0.1"))],
                limits=[Limit(Measure.DAYS, 30)],
            )
        ],
        benefit_period=SpellOfIllness(),
    )
    march = (pendulum.date(2025, 3, 1), pendulum.date(2025, 3, 10))
    first = adjudicate(
        policy_for(plan),
        [line(1, "1000", on=march[0], units=3, place_of_service="21")],
        accumulators=empty(),
    ).accumulators

    second = adjudicate(
        policy_for(plan),
        [line(1, "500", on=march[1], units=2, place_of_service="21")],
        accumulators=first,
    ).accumulators

    spell = "2025-03-01/.."
    assert second.currency == "USD"
    assert second.as_dict() == {
        ("member:00", "in", "deductible", spell): Decimal(100),
        ("member:00", "in", "deductible_met", spell): Decimal(1),
        ("member:00", "in", "out_of_pocket", spell): Decimal("240.00"),
        ("member:00", "stay", "days", spell): Decimal(5),
    }
    assert [e.key for e in second.entries] == sorted(second.as_dict())
    assert second.spells == (Spell("00", march[0], pendulum.date(2025, 3, 12)),)


def test_accumulators_keep_entries_sorted_by_key_and_default_to_dollars() -> None:
    """Entries given out of order are stored sorted; `Accumulators.empty` is in USD."""
    later = Accumulated("member:01", "in", "deductible", "lifetime", Decimal(1))

    acc = Accumulators("USD", [later, _ENTRY])

    assert acc.entries == (_ENTRY, later)
    assert Accumulators.empty() == Accumulators("USD")
