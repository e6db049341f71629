"""Approval and closure check the work: the plan's status and links, and the goals met."""

from __future__ import annotations

import attrs
import pytest

from casekit.careplan import AchievementStatus, CarePlan, Goal, GoalStatus, Intervention, PlanStatus
from casekit.case import Case, record_care_plan
from casekit.errors import TransitionRefusedError
from casekit.lifecycle import check
from casekit.lifecycle.examples import example_case

from .helpers import later, step

GOALS_MET = {"closure_reason": "goals_met"}


def codes(case: Case, event: str, **kw: object) -> list[str]:
    return [r.code for r in check(case, event, at=later(case), by="cm-1", **kw)]  # type: ignore[arg-type]


def _planned(**changes: object) -> Case:
    case = example_case("planning")
    plan = case.latest_care_plan
    assert plan is not None
    return record_care_plan(case, attrs.evolve(plan, **changes), at=later(case), by="cm-1")


@pytest.mark.parametrize(
    "status", [PlanStatus.REVOKED, PlanStatus.COMPLETED, PlanStatus.ENTERED_IN_ERROR]
)
def test_approve_plan_needs_a_draft_plan(status: PlanStatus) -> None:
    """The issue's snippet: approve_plan no longer passes with a revoked plan."""
    case = example_case("planning")
    plan = case.latest_care_plan
    assert plan is not None
    revoked = CarePlan("cp-2", later(case), "cm-1", plan.goals, plan.interventions, status)
    case = record_care_plan(case, revoked, at=later(case), by="cm-1")

    assert codes(case, "approve_plan") == ["lifecycle.care_plan_status"]
    assert (
        f"the care plan is {status.value}"
        in check(case, "approve_plan", at=later(case), by="cm-1")[0].message()
    )


def test_an_active_plan_is_approved_only_under_revision() -> None:
    """An active plan goes back to approval when the case came to planning to revise it."""
    monitoring = example_case("monitoring")
    revising = step(monitoring, "revise_plan")
    assert codes(revising, "approve_plan") == []
    assert step(revising, "approve_plan").state == "implementing"

    active_first_time = _planned(status=PlanStatus.ACTIVE)
    assert codes(active_first_time, "approve_plan") == ["lifecycle.care_plan_status"]


def test_approve_plan_needs_every_goal_linked_to_a_need_and_every_intervention_to_a_goal() -> None:
    """Unlinked parts are counted; a recorded reason may override where the profession allows."""
    case = example_case("planning")
    at = later(case)
    loose = CarePlan(
        "cp-2",
        at,
        "cm-1",
        goals=(Goal("g-2", "x"), Goal("g-3", "y", need_ids=("n-1",))),
        interventions=(Intervention("i-2", "z"),),
    )
    case = record_care_plan(case, loose, at=at, by="cm-1")

    assert codes(case, "approve_plan") == [
        "lifecycle.goal_without_need",
        "lifecycle.intervention_without_goal",
    ]
    reasons = check(case, "approve_plan", at=later(case), by="cm-1")
    assert [r.params for r in reasons] == [(("count", 1),), (("count", 1),)]
    crisis = step(case, "approve_plan", override_reason="crisis plan; links within a week")
    assert (crisis.state, crisis.history[-1].override_reason) == (
        "implementing",
        "crisis plan; links within a week",
    )


def test_an_override_cannot_approve_a_plan_in_the_wrong_status() -> None:
    """The status check is not overridable."""
    case = _planned(status=PlanStatus.REVOKED)

    with pytest.raises(TransitionRefusedError) as caught:
        step(case, "approve_plan", override_reason="please")
    assert [r.code for r in caught.value.reasons] == ["lifecycle.care_plan_status"]


def test_close_with_goals_met_needs_every_goal_completed_and_achieved() -> None:
    """The issue's snippet: closing goals_met while every goal is still proposed is refused."""
    case = example_case("monitoring")
    plan = case.latest_care_plan
    assert plan is not None
    proposed = attrs.evolve(
        plan,
        id="cp-2",
        goals=(Goal("g-2", "x", need_ids=("n-1",)),),
        interventions=(Intervention("i-2", "y", goal_ids=("g-2",)),),
    )
    case = record_care_plan(case, proposed, at=later(case), by="cm-1")

    assert codes(case, "close", data=GOALS_MET) == ["lifecycle.goals_not_met"]
    assert codes(case, "close", data={"closure_reason": "client_choice"}) == []
    with pytest.raises(TransitionRefusedError):
        step(case, "close", data=GOALS_MET, override_reason="we think so")


def test_the_active_plan_is_the_one_judged_at_closure() -> None:
    """A later draft does not hide the plan in force; its goals decide."""
    case = example_case("monitoring")
    at = later(case)
    draft = CarePlan("cp-2", at, "cm-1", goals=(Goal("g-9", "x"),))
    case = record_care_plan(case, draft, at=at, by="cm-1")

    assert codes(case, "close", data=GOALS_MET) == []


def test_closing_goals_met_without_any_plan_is_refused() -> None:
    """No plan, no goals met."""
    case = example_case("assessing")

    assert codes(case, "close", data=GOALS_MET) == ["lifecycle.care_plan_missing"]


def test_goals_entered_in_error_do_not_count_at_closure() -> None:
    """A goal recorded by mistake is not a goal to meet."""
    case = example_case("monitoring")
    plan = case.latest_care_plan
    assert plan is not None
    wrong = Goal("g-x", "x", status=GoalStatus.ENTERED_IN_ERROR, need_ids=("n-1",))
    done = attrs.evolve(plan.goals[0], achievement_status=AchievementStatus.ACHIEVED)
    case = record_care_plan(
        case, attrs.evolve(plan, goals=(done, wrong)), at=later(case), by="cm-1"
    )

    assert codes(case, "close", data=GOALS_MET) == []


def test_an_active_plan_is_approved_again_after_a_reassessment() -> None:
    """Reassessing leads back through planning: the plan in force is under revision."""
    case = step(example_case("monitoring"), "reassess")
    case = step(case, "complete_assessment")

    assert step(case, "approve_plan").state == "implementing"


def test_only_the_unlinked_part_is_named() -> None:
    """A goal without a need, its intervention linked: one reason."""
    case = example_case("planning")
    at = later(case)
    plan = CarePlan(
        "cp-2",
        at,
        "cm-1",
        goals=(Goal("g-2", "x"),),
        interventions=(Intervention("i-2", "z", goal_ids=("g-2",)),),
    )
    case = record_care_plan(case, plan, at=at, by="cm-1")

    assert codes(case, "approve_plan") == ["lifecycle.goal_without_need"]
