"""Original Medicare Part A as a plan: each year's published amounts, and no guessed years."""

from __future__ import annotations

from typing import Any

import pendulum
import pytest
from coverage_helpers import usd
from refusals import problems_of

from casekit.coverage import (
    Benefit,
    CostShare,
    DayRange,
    Liability,
    Limit,
    Measure,
    QualifyingStay,
    SpellOfIllness,
    Tier,
    TierTerms,
)
from casekit.coverage.medicare import part_a_plan
from casekit.errors import Problem
from casekit.periods import Lifetime

# year: (deductible, days 61-90 daily, lifetime reserve daily, skilled nursing days 21-100 daily)
_PART_A = {
    2006: ("952", "238", "476", "119"),
    2015: ("1260", "315", "630", "157.50"),
    2016: ("1288", "322", "644", "161"),
    2018: ("1340", "335", "670", "167.50"),
    2023: ("1600", "400", "800", "200"),
    2024: ("1632", "408", "816", "204"),
    2025: ("1676", "419", "838", "209.50"),
    2026: ("1736", "434", "868", "217.00"),
}


@pytest.mark.parametrize("year", sorted(_PART_A))
@pytest.mark.parametrize(("month", "day"), [(1, 1), (12, 31)], ids=["1-jan", "31-dec"])
def test_part_a_plan_publishes_that_years_amounts(year: int, month: int, day: int) -> None:
    """From 1 January to 31 December, the plan carries that year's CMS amounts and day ranges."""
    deductible, coins, reserve, snf = (usd(a) for a in _PART_A[year])

    plan = part_a_plan(on=pendulum.date(year, month, day))

    inpatient, skilled = plan.benefits
    assert (plan.id, plan.name) == (f"medicare-part-a-{year}", f"Original Medicare Part A ({year})")
    assert (plan.currency, plan.benefit_period, plan.fee_schedule) == ("USD", SpellOfIllness(), ())
    assert plan.tiers == (
        TierTerms(Tier.IN, deductible=deductible, denied_liability=Liability.PATIENT),
    )
    assert (inpatient.id, inpatient.places_of_service) == ("inpatient", ("21",))
    assert inpatient.cost_shares == (
        CostShare(
            day_ranges=(
                DayRange(1, 60),
                DayRange(61, 90, daily=coins),
                DayRange(91, None, daily=reserve, reserve=60),
            )
        ),
    )
    assert (skilled.id, skilled.places_of_service) == ("skilled_nursing", ("31",))
    assert skilled.cost_shares == (
        CostShare(
            deductible_applies=False,
            day_ranges=(DayRange(1, 20), DayRange(21, 100, daily=snf)),
        ),
    )


@pytest.mark.parametrize(
    "on",
    [
        pendulum.date(2005, 12, 31),
        pendulum.date(2027, 1, 1),
    ],
    ids=str,
)
def test_part_a_plan_refuses_a_year_casekit_has_no_amounts_for(on: Any) -> None:
    """Before 2006, in a gap year or after the last year, part_a_plan raises at ``on``."""

    problems = problems_of(part_a_plan, {"on": on})

    assert problems == (
        Problem("on", "no_parameters", "casekit has no Medicare Part A amounts for that year"),
    )


def test_part_a_with_psychiatric_days_is_the_whole_plan() -> None:
    """With psychiatric hospitals: their stays qualify skilled nursing and open a benefit
    period, and their own benefit is inpatient's terms at place 51 with 190 lifetime days."""
    plan = part_a_plan(on=pendulum.date(2025, 6, 1), psychiatric=True)
    hospital = plan.benefits[0].cost_shares[0]

    assert plan.benefits[1].qualifying_stay == QualifyingStay(3, 30, ("21", "51"))
    assert plan.benefits[2] == Benefit(
        "psychiatric",
        places_of_service=("51",),
        cost_shares=[hospital],
        limits=[Limit(Measure.DAYS, 190, per=Lifetime())],
    )
    assert plan.benefit_period == SpellOfIllness(places_of_service=("21", "31", "51"))
    assert hospital.day_ranges[2] == DayRange(91, None, daily=usd("838"), reserve=60)


def test_part_a_without_psychiatric_days_qualifies_skilled_nursing_by_hospital_stays() -> None:
    """Without psychiatric hospitals only an inpatient hospital stay (21) qualifies."""
    plan = part_a_plan(on=pendulum.date(2025, 6, 1))

    assert plan.benefits[1].qualifying_stay == QualifyingStay(3, 30, ("21",))
    assert [b.id for b in plan.benefits] == ["inpatient", "skilled_nursing"]


def test_part_a_refuses_a_date_that_is_not_one_at_on() -> None:
    """part_a_plan names ``on`` when it is not a date."""
    found = problems_of(part_a_plan, {"on": "2025-01-01"})

    assert [p.path for p in found] == ["on"]
