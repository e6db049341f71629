"""Plans load from plain data with path-named errors and dump back unchanged."""

from __future__ import annotations

import json
from decimal import Decimal

import pendulum
import pytest
from coverage_helpers import usd

from casekit.codes import Code, CodeSet, CodeSystem
from casekit.coverage import (
    Benefit,
    CopayTiming,
    CostShare,
    DayRange,
    Documentation,
    FeeScheduleEntry,
    Limit,
    Measure,
    MedicalNecessity,
    Plan,
    SpellOfIllness,
    Tier,
    TierTerms,
    dump_plan,
    load_plan,
)
from casekit.coverage.medicare import part_a_plan
from casekit.errors import InvalidDefinitionError, InvalidInputError
from casekit.limits import using
from casekit.periods import Lifetime, PlanYear


def rich_plan() -> Plan:
    """Return a plan using every feature of the data form."""
    therapy = CodeSet.of(CodeSystem.CPT, "97110-97546", name="therapy")
    return Plan(
        "gold",
        tiers=[
            TierTerms(
                Tier.IN,
                deductible=usd("500"),
                family_deductible=usd("1000"),
                out_of_pocket_max=usd("3000"),
                family_out_of_pocket_max=usd("6000"),
            ),
            TierTerms(Tier.PREFERRED, shares_with=Tier.IN),
            TierTerms(Tier.OUT, deductible=usd("1500"), balance_billing=True),
        ],
        benefits=[
            Benefit(
                "cosmetic",
                codes=CodeSet.of(CodeSystem.CPT, "15780", name="cosmetic"),
                covered=False,
            ),
            Benefit(
                "therapy",
                codes=therapy,
                places_of_service=("11", "22"),
                provider_kinds=("physical_therapist",),
                cost_shares=[
                    CostShare(
                        Tier.IN,
                        copay=usd("25"),
                        copay_timing=CopayTiming.AFTER_DEDUCTIBLE,
                        copay_counts_toward_deductible=True,
                        deductible_waived_visits=3,
                        coinsurance_max=usd("400"),
                        coinsurance=Decimal("0.1"),
                    ),
                    CostShare(Tier.OUT, coinsurance=Decimal("0.4")),
                ],
                limits=[
                    Limit(Measure.VISITS, 30, per=PlanYear(7, 1), counter="rehab"),
                    Limit(Measure.AMOUNT, usd("5000"), per=Lifetime()),
                ],
                prior_authorization=True,
                referral=True,
                medical_necessity=MedicalNecessity(
                    diagnoses=CodeSet.of(CodeSystem.ICD10CM, "M54", name="back pain"),
                    min_age=18,
                    max_age=90,
                    sexes=("female", "male"),
                ),
                waiting_period_days=30,
                documentation=Documentation.CLINICAL,
            ),
            Benefit(
                "inpatient",
                places_of_service=("21",),
                cost_shares=[
                    CostShare(
                        day_ranges=(
                            DayRange(1, 60),
                            DayRange(61, None, daily=usd("100"), reserve=10),
                        )
                    )
                ],
            ),
        ],
        fee_schedule=[FeeScheduleEntry(Code(CodeSystem.CPT, "97110"), usd("42.50"), Tier.IN)],
        benefit_period=PlanYear(7, 1),
        name="Gold PPO",
    )


@pytest.mark.parametrize(
    "plan", [rich_plan(), part_a_plan(on=pendulum.date(2025, 1, 1))], ids=["rich", "part_a"]
)
def test_a_plan_dumps_to_json_and_loads_back_equal(plan: Plan) -> None:
    """dump_plan then load_plan (through JSON text) gives an equal plan and equal data."""

    data = json.loads(json.dumps(dump_plan(plan)))

    assert load_plan(data) == plan
    assert dump_plan(load_plan(data)) == data


def test_spell_periods_dump_with_their_kind() -> None:
    """A spell-of-illness period is written as a tagged object."""

    data = dump_plan(part_a_plan(on=pendulum.date(2025, 1, 1)))

    assert data["benefit_period"] == {
        "kind": "spell_of_illness",
        "gap_days": 60,
        "places_of_service": ["21", "31"],
    }
    assert SpellOfIllness() == load_plan(data).benefit_period


def test_every_problem_is_listed_with_its_path() -> None:
    """Wrong shapes anywhere in the plan are reported together, by path, without values."""

    data = dump_plan(rich_plan())
    data["benefits"][1]["limits"][0]["max"] = "thirty"
    data["benefits"][1]["limits"][1]["per"] = {"kind": "fortnight"}
    data["tiers"][0]["deductibl"] = 1

    with pytest.raises(InvalidInputError) as info:
        load_plan(data)

    paths = {p.path for p in info.value.problems}
    assert {"benefits[1].limits[0].max", "tiers[0].deductibl"} <= paths
    assert any(p.startswith("benefits[1].limits[1].per") for p in paths)
    assert "thirty" not in str(info.value)


@pytest.mark.parametrize("bad", [None, {"kind": 3}, ["calendar_year"]])
def test_a_period_must_be_a_tagged_object(bad: object) -> None:
    """Periods without a string kind are refused."""

    data = dump_plan(rich_plan())
    data["benefit_period"] = bad
    with pytest.raises(InvalidInputError):
        load_plan(data)


def test_a_plan_that_cannot_work_raises_invalid_definition() -> None:
    """Duplicate ids, unknown shared tiers and foreign currencies are definition problems."""

    with pytest.raises(InvalidDefinitionError) as info:
        Plan(
            "bad",
            tiers=[
                TierTerms(Tier.IN, deductible=usd("1")),
                TierTerms(Tier.IN),
                TierTerms(Tier.OUT, shares_with=Tier.PREFERRED),
            ],
            benefits=[Benefit("a", cost_shares=[CostShare(copay=Money_eur())]), Benefit("a")],
        )

    assert {p.code for p in info.value.problems} == {
        "duplicate",
        "unknown_tier",
        "currency_mismatch",
    }
    data = dump_plan(rich_plan())
    data["benefits"].append(data["benefits"][0])
    with pytest.raises(InvalidDefinitionError):
        load_plan(data)


def Money_eur():  # noqa: N802  # tiny factory named for what it returns
    from casekit.money import Money

    return Money.of("5", "EUR")


def test_dump_plan_refuses_other_objects() -> None:
    """dump_plan takes only plans."""

    with pytest.raises(InvalidInputError):
        dump_plan("plan")  # type: ignore[arg-type]


def test_a_plan_document_past_the_node_budget_is_refused_before_it_is_read() -> None:
    """A plan document larger than the ``nodes`` budget is one ``too_large`` problem at
    ``$``, though the plan it describes is valid."""
    doc = {"id": "x", "tiers": [], "benefits": [{"id": "a"}, {"id": "b"}]}
    assert load_plan(doc).id == "x"

    with using(nodes=5), pytest.raises(InvalidInputError) as caught:
        load_plan(doc)

    assert caught.value.problems == (
        (
            "$",
            "too_large",
            "holds more than 5 nodes with YAML aliases expanded; split it or raise the budget",
        ),
    )
