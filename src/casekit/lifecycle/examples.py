"""Synthetic cases in any state of the standard workflow, for examples, docs and tests.

Every case here is built through the public verbs, so its history replays; the patient is
synthetic.

Examples:
    >>> case = example_case("monitoring")
    >>> case.state, [e.name for e in case.history][-3:]
    ('monitoring', ['approve_plan', 'care_plan_recorded', 'start_monitoring'])
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import attrs
import pendulum

from casekit.assessment import Assessment, Need, NeedDomain, Priority, RiskLevel
from casekit.careplan import (
    AchievementStatus,
    CarePlan,
    Goal,
    GoalStatus,
    Intervention,
    PlanStatus,
)
from casekit.case import CareModel, Case, record_assessment, record_care_plan
from casekit.errors import InvalidInputError
from casekit.lifecycle._apply import apply, open_case
from casekit.lifecycle._workflow import Workflow
from casekit.lifecycle.standard import STANDARD
from casekit.people import CaseManager, Patient, PersonName

__all__ = ["START", "example_case"]

START: Final = pendulum.datetime(2025, 3, 3, 9, tz="UTC")
"""When example cases open: Monday 3 March 2025, 09:00 UTC; each step is a day later."""

_BY: Final = "cm-1"
_DAY: Final = dt.timedelta(days=1)


def _open(case_id: str, wf: Workflow[Case]) -> Case:
    return open_case(
        case_id,
        patient=Patient("pt-1", PersonName("Synthetic", ("River",)), pendulum.date(1961, 4, 2)),
        manager=CaseManager(_BY),
        model=CareModel.STRENGTHS_BASED,
        at=START,
        by=_BY,
        workflow=wf,
    )


def _next(case: Case) -> dt.datetime:
    return case.history[-1].at + _DAY


def _step(case: Case, wf: Workflow[Case], event: str, **data: str) -> Case:
    return apply(case, event, at=_next(case), by=_BY, data=data or None, workflow=wf)


def _to_planning(case: Case, wf: Workflow[Case]) -> Case:
    at = _next(case)
    housing = Need(NeedDomain.HOUSING, Priority.HIGH, id="n-1")
    found = Assessment("as-1", at, _BY, needs=(housing,), risk=RiskLevel.MODERATE)
    case = record_assessment(case, found, at=at, by=_BY, workflow=wf)
    case = _step(case, wf, "complete_assessment")
    at = _next(case)
    plan = CarePlan(
        "cp-1",
        at,
        _BY,
        goals=(Goal("g-1", "stable housing", need_ids=("n-1",)),),
        interventions=(Intervention("i-1", "housing referral", goal_ids=("g-1",)),),
    )
    return record_care_plan(case, plan, at=at, by=_BY, workflow=wf)


def _to_implementing(case: Case, wf: Workflow[Case]) -> Case:
    # Approved, the plan is in force; its one goal is met already, so that an example case
    # may close with closure_reason goals_met.
    case = _step(case, wf, "approve_plan")
    plan = case.latest_care_plan
    if plan is None:  # pragma: no cover  # _to_planning recorded one
        raise InvalidInputError.one("state", "unknown_state", "has no plan")
    done = attrs.evolve(
        plan.goals[0], status=GoalStatus.COMPLETED, achievement_status=AchievementStatus.ACHIEVED
    )
    plan = attrs.evolve(plan, status=PlanStatus.ACTIVE, goals=(done,))
    return record_care_plan(case, plan, at=case.history[-1].at, by=_BY, workflow=wf)


_DATA: Final = {
    "begin_transition": {"receiving_setting": "skilled_nursing"},
    "close": {"closure_reason": "goals_met"},
    "mark_entered_in_error": {"reason": "duplicate referral"},
}


_PATHS: Final = {
    "referred": (),
    "screening": ("start_screening",),
    "declined": ("start_screening", "decline"),
    "assessing": ("start_screening", "accept"),
    "planning": ("start_screening", "accept", "plan"),
    "implementing": ("start_screening", "accept", "plan", "implement"),
    "monitoring": ("start_screening", "accept", "plan", "implement", "start_monitoring"),
    "transitioning": (
        "start_screening",
        "accept",
        "plan",
        "implement",
        "start_monitoring",
        "begin_transition",
    ),
    "post_transition": (
        "start_screening",
        "accept",
        "plan",
        "implement",
        "start_monitoring",
        "begin_transition",
        "complete_transition",
    ),
    "on_hold": ("start_screening", "accept", "plan", "implement", "start_monitoring", "hold"),
    "closed": ("start_screening", "accept", "plan", "implement", "start_monitoring", "close"),
    "entered_in_error": ("mark_entered_in_error",),
}


def example_case(
    state: str = "referred", *, case_id: str = "case-1", workflow: Workflow[Case] | None = None
) -> Case:
    """Return a synthetic case in *state* of the standard workflow, one day per step from `START`.

    *workflow* is `STANDARD` by default; a workflow of the application's own built with
    `standard_workflow` gives the same case under that workflow.

    Raises:
        InvalidInputError: code ``unknown_state`` if *state* is not a standard state.

    Examples:
        >>> example_case("closed").history[-1].datum("closure_reason")
        'goals_met'
        >>> example_case("on_hold").history[-2].name
        'start_monitoring'
    """
    path = _PATHS.get(state)
    if path is None:
        raise InvalidInputError.one("state", "unknown_state", "is not a standard state")
    wf = STANDARD if workflow is None else workflow
    case = _open(case_id, wf)
    for step in path:
        if step == "plan":
            case = _to_planning(case, wf)
        elif step == "implement":
            case = _to_implementing(case, wf)
        elif step == "decline":
            at = _next(case)
            case = apply(
                case, "decline", at=at, by=_BY, override_reason="client withdrew", workflow=wf
            )
        else:
            case = _step(case, wf, step, **_DATA.get(step, {}))
    return case
