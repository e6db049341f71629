"""Plans: what makes one unable to work, and the exact data a plan dumps to and loads from."""

from __future__ import annotations

from typing import Any

import pytest
from coverage_helpers import OFFICE
from coverage_scenarios import one_tier_plan
from refusals import problems_of

from casekit.coverage import (
    Benefit,
    CostShare,
    DayRange,
    FeeScheduleEntry,
    Limit,
    Measure,
    Plan,
    SpellOfIllness,
    Tier,
    TierTerms,
    dump_plan,
    load_plan,
)
from casekit.errors import InvalidDefinitionError, Problem
from casekit.money import Money
from casekit.periods import CalendarYear, PlanYear


def eur(amount: str) -> Money:
    """Return euros."""
    return Money.of(amount, "EUR")


def test_a_plan_that_cannot_work_lists_every_problem_exactly() -> None:
    """Duplicates, self-shared or unknown tiers and foreign money are each one exact problem."""
    euro_benefit = Benefit(
        "a",
        cost_shares=[
            CostShare(Tier.IN, copay=eur("5")),
            CostShare(Tier.OUT, day_ranges=[DayRange(1, 2), DayRange(3, daily=eur("1"))]),
        ],
        limits=[Limit(Measure.AMOUNT, eur("100"))],
    )

    with pytest.raises(InvalidDefinitionError) as caught:
        Plan(
            "bad",
            tiers=[
                TierTerms(Tier.IN, deductible=eur("1")),
                TierTerms(Tier.IN, shares_with=Tier.IN),
                TierTerms(Tier.PREFERRED, shares_with=Tier.OUT),
            ],
            benefits=[euro_benefit, Benefit("b"), Benefit("a")],
            fee_schedule=[FeeScheduleEntry(OFFICE, eur("9"))],
        )

    unknown = "must name another tier the plan defines"
    foreign = "must be in the plan's currency"
    assert caught.value.problems == (
        Problem(
            "benefits[2].id", "duplicate", "must be unique within the plan; rename one of them"
        ),
        Problem("tiers[1].tier", "duplicate", "must appear once; merge the two terms"),
        Problem("tiers[1].shares_with", "unknown_tier", unknown),
        Problem("tiers[2].shares_with", "unknown_tier", unknown),
        Problem("tiers[0].deductible", "currency_mismatch", foreign),
        Problem("benefits[0].cost_shares[0].copay", "currency_mismatch", foreign),
        Problem("benefits[0].cost_shares[1].day_ranges[1].daily", "currency_mismatch", foreign),
        Problem("benefits[0].limits[0].max", "currency_mismatch", foreign),
        Problem("fee_schedule[0].amount", "currency_mismatch", foreign),
    )


def test_a_plan_in_another_currency_accepts_money_in_that_currency() -> None:
    """A euro plan with euro amounts has no currency problem."""

    plan = Plan("eu", tiers=[TierTerms(Tier.IN, deductible=eur("1"))], benefits=[], currency="EUR")

    assert plan.tiers[0].deductible == eur("1")


def test_a_minimal_plan_dumps_to_exactly_this_data() -> None:
    """dump_plan writes every field, defaults included, as plain JSON-ready data."""

    data = dump_plan(one_tier_plan(Benefit("a")))

    assert data == {
        "id": "p",
        "tiers": [
            {
                "tier": "in",
                "deductible": None,
                "family_deductible": None,
                "out_of_pocket_max": None,
                "family_out_of_pocket_max": None,
                "shares_with": None,
                "balance_billing": False,
                "denied_liability": "provider",
            }
        ],
        "benefits": [
            {
                "id": "a",
                "codes": None,
                "places_of_service": [],
                "provider_kinds": [],
                "covered": True,
                "cost_shares": [
                    {
                        "tier": None,
                        "copay": None,
                        "coinsurance": "0",
                        "deductible_applies": True,
                        "copay_timing": "before_deductible",
                        "copay_counts_toward_deductible": False,
                        "copay_counts_toward_out_of_pocket": True,
                        "deductible_waived_visits": 0,
                        "first_visits": 0,
                        "first_visits_copay": None,
                        "coinsurance_max": None,
                        "day_ranges": [],
                    }
                ],
                "limits": [],
                "prior_authorization": False,
                "referral": False,
                "medical_necessity": None,
                "waiting_period_days": 0,
                "documentation": None,
                "qualifying_stay": None,
            }
        ],
        "currency": "USD",
        "benefit_period": {"kind": "calendar_year"},
        "family_mode": "embedded",
        "fee_schedule": [],
        "name": "",
    }
    assert load_plan(data) == one_tier_plan(Benefit("a"))


@pytest.mark.parametrize(
    "period",
    [CalendarYear(), PlanYear(10, 1), SpellOfIllness(gap_days=30, places_of_service=("21",))],
    ids=["calendar-year", "plan-year", "spell"],
)
def test_every_benefit_period_loads_back_equal(period: Any) -> None:
    """Each kind of benefit period survives dump_plan and load_plan unchanged."""

    plan = one_tier_plan(Benefit("a"), benefit_period=period)

    assert load_plan(dump_plan(plan)).benefit_period == period


@pytest.mark.parametrize("other", ["plan", None, {"id": "p"}], ids=["text", "none", "dict"])
def test_dump_plan_refuses_anything_but_a_plan(other: Any) -> None:
    """dump_plan raises one exact type problem at ``plan``."""

    assert problems_of(dump_plan, {"plan": other}) == (Problem("plan", "type", "must be a Plan"),)
