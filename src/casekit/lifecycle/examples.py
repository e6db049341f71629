"""Synthetic cases in any state of the standard workflow, for examples, docs and tests.

Every case here is built through the public verbs, so its history replays; the patient is
synthetic.

Examples:
    >>> case = example_case("monitoring")
    >>> case.state, [e.name for e in case.history][-3:]
    ('monitoring', ['care_plan_recorded', 'approve_plan', 'start_monitoring'])
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import pendulum

from casekit.assessment import Assessment, RiskLevel
from casekit.careplan import CarePlan, Goal, Intervention
from casekit.case import CareModel, Case, record_assessment, record_care_plan
from casekit.errors import InvalidInputError
from casekit.lifecycle._apply import apply, open_case
from casekit.lifecycle.standard import STANDARD
from casekit.people import CaseManager, Patient, PersonName

__all__ = ["START", "example_case"]

START: Final = pendulum.datetime(2025, 3, 3, 9, tz="UTC")
"""When example cases open: Monday 3 March 2025, 09:00 UTC; each step is a day later."""

_BY: Final = "cm-1"
_DAY: Final = dt.timedelta(days=1)


def _open(case_id: str) -> Case:
    return open_case(
        case_id,
        patient=Patient("pt-1", PersonName("Synthetic", ("River",)), pendulum.date(1961, 4, 2)),
        manager=CaseManager(_BY),
        model=CareModel.STRENGTHS_BASED,
        at=START,
        by=_BY,
    )


def _step(case: Case, event: str, **data: str) -> Case:
    at = case.history[-1].at + _DAY
    return apply(case, event, at=at, by=_BY, data=data or None, workflow=STANDARD)


def _to_planning(case: Case) -> Case:
    at = case.history[-1].at + _DAY
    case = record_assessment(
        case, Assessment("as-1", at, _BY, risk=RiskLevel.MODERATE), at=at, by=_BY
    )
    case = _step(case, "complete_assessment")
    at = case.history[-1].at + _DAY
    plan = CarePlan(
        "cp-1",
        at,
        _BY,
        goals=(Goal("g-1", "stable housing"),),
        interventions=(Intervention("i-1", "housing referral", goal_ids=("g-1",)),),
    )
    return record_care_plan(case, plan, at=at, by=_BY)


def _to_implementing(case: Case) -> Case:
    return _step(case, "approve_plan")


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


def example_case(state: str = "referred", *, case_id: str = "case-1") -> Case:
    """Return a synthetic case in *state* of the standard workflow, one day per step from `START`.

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
    case = _open(case_id)
    for step in path:
        if step == "plan":
            case = _to_planning(case)
        elif step == "implement":
            case = _to_implementing(case)
        elif step == "decline":
            at = case.history[-1].at + _DAY
            case = apply(case, "decline", at=at, by=_BY, override_reason="client withdrew")
        elif step == "begin_transition":
            case = _step(case, step, receiving_setting="skilled_nursing")
        elif step == "close":
            case = _step(case, step, closure_reason="goals_met")
        elif step == "mark_entered_in_error":
            case = _step(case, step, reason="duplicate referral")
        else:
            case = _step(case, step)
    return case
