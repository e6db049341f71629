"""Links that hold: every id a record names is something the case holds, checked with its path;
times do not run ahead of their events; a birth date does not follow the opening."""

from __future__ import annotations

import attrs
import pendulum
import pytest

from casekit.careplan import CarePlan, Goal, Intervention
from casekit.case import (
    Outcome,
    Referral,
    add_referral,
    record_care_plan,
    record_outcome,
)
from casekit.errors import InvalidInputError
from casekit.lifecycle import open_case
from casekit.lifecycle.examples import example_case
from casekit.people import CareTeam, CareTeamMember, CareTeamRole, CaseManager

from .helpers import AT, later, patient


def _paths(call: object) -> list[tuple[str, str]]:
    with pytest.raises(InvalidInputError) as caught:
        call()  # type: ignore[operator]
    return [(p.path, p.code) for p in caught.value.problems]


def test_goals_and_interventions_must_name_what_exists() -> None:
    """The issue's snippet: ids that point nowhere are refused, each with its path: a goal the
    plan lacks when the plan is built, a need the case lacks when the plan is recorded."""
    case = example_case("planning")
    at = later(case)
    stray = (Intervention("i-1", "y", goal_ids=("g-404",)),)
    with pytest.raises(InvalidInputError) as caught:
        CarePlan("cp-2", at, "cm-1", interventions=stray)
    assert [(p.path, p.code) for p in caught.value.problems] == [
        ("interventions[0].goal_ids[0]", "dangling_reference")
    ]
    plan = CarePlan(
        "cp-2",
        at,
        "cm-1",
        goals=(Goal("g-1", "x", need_ids=("n-1", "n-404")),),
        interventions=(Intervention("i-1", "y", goal_ids=("g-1",), need_ids=("n-405",)),),
    )

    assert _paths(lambda: record_care_plan(case, plan, at=at, by="cm-1")) == [
        ("plan.goals[0].need_ids[1]", "dangling_reference"),
        ("plan.interventions[0].need_ids[0]", "dangling_reference"),
    ]


def test_an_outcome_names_a_goal_of_some_plan() -> None:
    """An outcome's goal must be a goal of a plan the case holds."""
    case = example_case("monitoring")
    at = later(case)

    assert _paths(
        lambda: record_outcome(case, Outcome("oc-1", at, "PHQ-9", "7", "g-404"), at=at, by="cm-1")
    ) == [("outcome.goal_id", "dangling_reference")]
    assert record_outcome(case, Outcome("oc-1", at, "PHQ-9", "7", "g-1"), at=at, by="cm-1")


def test_a_referral_names_goals_and_needs_of_the_case() -> None:
    """Referral.goal_ids and need_ids are checked like a plan's links."""
    case = example_case("monitoring")
    at = later(case)
    good = Referral("rf-1", "prov-1", at, goal_ids=["g-1"], need_ids=["n-1"])
    bad = Referral("rf-2", "prov-1", at, goal_ids=["g-9"], need_ids=["n-9"])

    assert add_referral(case, good, at=at, by="cm-1").referrals == (good,)
    assert _paths(lambda: add_referral(case, bad, at=at, by="cm-1")) == [
        ("referral.goal_ids[0]", "dangling_reference"),
        ("referral.need_ids[0]", "dangling_reference"),
    ]


def test_referrals_outside_the_team_can_be_listed() -> None:
    """A referral may go to someone not yet on the team; the case lists those that do."""
    team = CareTeam(
        (
            CareTeamMember("prov-1", CareTeamRole.SPECIALIST),
            CareTeamMember("rel-1", CareTeamRole.FAMILY),
        )
    )
    case = example_case("implementing")
    case = attrs.evolve(case, team=team)
    at = later(case)
    for i, to in enumerate(["prov-1", "prov-2", "rel-1"]):
        case = add_referral(case, Referral(f"rf-{i}", to, at), at=at, by="cm-1")

    assert [r.to for r in case.referrals_outside_team] == ["prov-2", "rel-1"]
    assert attrs.evolve(case, team=CareTeam()).referrals_outside_team == ()


def test_a_birth_date_after_the_opening_is_refused() -> None:
    """The issue's snippet: a patient born after the case opens cannot be taken on."""
    unborn = attrs.evolve(patient(), birth_date=pendulum.date(2030, 1, 1))

    assert _paths(
        lambda: open_case(
            "c-1",
            patient=unborn,
            manager=CaseManager("cm-1"),
            model=example_case().model,
            at=AT,
            by="cm-1",
        )
    ) == [("patient.birth_date", "after_opening")]
