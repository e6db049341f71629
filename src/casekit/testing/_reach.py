"""Driving a case through any workflow: supply what guards ask for, and find a path to each state.

Guards say what they miss as reasons (``lifecycle.closure_reason_missing``,
``lifecycle.care_plan_missing``...). `attempt` reads those reasons and supplies the data or the
records that satisfy them, then tries again; `paths` explores a workflow breadth-first from a
new case with `attempt` and returns, for every state it can reach, the events leading there.
Nothing here imports Hypothesis: the strategies and `workflow_test` pass in how records are
made, drawing them, and this module's defaults make plain synthetic ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any, Final

import attrs
import pendulum

from casekit.assessment import Assessment, RiskLevel
from casekit.careplan import CarePlan, Goal, Intervention
from casekit.case import (
    CareModel,
    Case,
    Contact,
    ContactMode,
    EventValue,
    ReferralStatus,
    add_referral,
    record_assessment,
    record_care_plan,
    record_contact,
)
from casekit.errors import InvalidInputError, TransitionRefusedError
from casekit.lifecycle import Workflow, apply, check, open_case
from casekit.people import CaseManager, Patient, PersonName

__all__ = ["OVERRIDE", "Maker", "attempt", "default_maker", "paths", "seed_case"]

OVERRIDE: Final = "synthetic override for a generated test"
"""The override reason given when an overridable guard cannot be satisfied otherwise."""

START: Final = pendulum.datetime(2025, 3, 3, 9, tz="UTC")
BY: Final = "cm-test"

DATA_FIXES: Final[dict[str, dict[str, EventValue]]] = {
    # The client's choice closes a case without the goals-met checks (#11) a generated case
    # cannot meet.
    "lifecycle.closure_reason_missing": {"closure_reason": "client_choice"},
    "lifecycle.closure_reason_unknown": {"closure_reason": "client_choice"},
    "lifecycle.goals_not_met": {"closure_reason": "client_choice"},
    "lifecycle.closure_text_missing": {"closure_reason_text": "synthetic closure note"},
    "lifecycle.reason_missing": {"reason": "synthetic reason"},
    "lifecycle.receiving_party_missing": {"receiving_setting": "home"},
}
"""Event data that satisfies each reason a standard guard gives for missing data."""

RECORD_FIXES: Final[dict[str, str]] = {
    "lifecycle.assessment_missing": "assessment",
    "lifecycle.risk_level_missing": "assessment",
    "lifecycle.care_plan_missing": "care_plan",
    "lifecycle.care_plan_no_goal": "care_plan",
    "lifecycle.care_plan_no_intervention": "care_plan",
    "lifecycle.follow_up_missing": "contact",
    "lifecycle.referrals_open": "close_referrals",
}
"""The record that satisfies each reason a standard guard gives for missing work."""

Maker = Callable[[str, Case, dt.datetime], Any]
"""Makes the record *kind* (``assessment``, ``care_plan`` or ``contact``) for a case at a time."""


def default_maker(kind: str, case: Case, at: dt.datetime) -> Any:
    """Return a plain synthetic record of *kind* for *case* at *at*."""
    n = len(case.history) + 1
    if kind == "assessment":
        return Assessment(f"as-{n}", at, BY, risk=RiskLevel.MODERATE)
    if kind == "care_plan":
        return CarePlan(
            f"cp-{n}",
            at,
            BY,
            goals=(Goal(f"g-{n}", "synthetic goal"),),
            interventions=(Intervention(f"i-{n}", "synthetic service", goal_ids=(f"g-{n}",)),),
        )
    return Contact(f"ct-{n}", ContactMode.PHONE, at, 15, BY)


def _supply(
    case: Case, kind: str, *, at: dt.datetime, by: str, make: Maker, workflow: Workflow[Case]
) -> Case:
    if kind == "close_referrals":
        for referral in case.open_referrals:
            done = attrs.evolve(referral, status=ReferralStatus.COMPLETED)
            case = add_referral(case, done, at=at, by=by, workflow=workflow)
        return case
    verb = _RECORD_VERBS[kind]
    try:
        return verb(case, make(kind, case, at), at=at, by=by, workflow=workflow)
    except (InvalidInputError, TransitionRefusedError):
        # A drawn record the case refuses (a link to a need it does not hold): a plain one.
        return verb(case, default_maker(kind, case, at), at=at, by=by, workflow=workflow)


_RECORD_VERBS: Final[dict[str, Callable[..., Case]]] = {
    "assessment": record_assessment,
    "care_plan": record_care_plan,
    "contact": record_contact,
}


def attempt(
    case: Case,
    event: str,
    *,
    workflow: Workflow[Case],
    at: dt.datetime,
    by: str = BY,
    data: Mapping[str, EventValue] | None = None,
    make: Maker = default_maker,
    rounds: int = 4,
) -> Case | None:
    """Return *case* after *event*, supplying what the guards ask for; None if it cannot happen.

    Records supplied go into the case before the event, at *at*. As a last resort an
    overridable guard is overridden with `OVERRIDE`.
    """
    given: dict[str, EventValue] = dict(data or {})
    for _ in range(rounds):
        reasons = check(case, event, at=at, by=by, data=given, workflow=workflow)
        if not reasons:
            return apply(case, event, at=at, by=by, data=given or None, workflow=workflow)
        progress = False
        for reason in reasons:
            if reason.code in DATA_FIXES:
                fix = DATA_FIXES[reason.code]
                progress = progress or any(given.get(k) != val for k, val in fix.items())
                given.update(fix)
            elif reason.code in RECORD_FIXES:
                case = _supply(
                    case, RECORD_FIXES[reason.code], at=at, by=by, make=make, workflow=workflow
                )
                progress = True
        if not progress:
            break
    try:
        return apply(
            case,
            event,
            at=at,
            by=by,
            data=given or None,
            override_reason=OVERRIDE,
            workflow=workflow,
        )
    except TransitionRefusedError:
        return None


def seed_case(workflow: Workflow[Case], *, at: dt.datetime = START) -> Case:
    """Return a new synthetic case under *workflow*."""
    return open_case(
        "case-test",
        patient=Patient("pt-test", PersonName("Synthetic"), pendulum.date(1980, 1, 1)),
        manager=CaseManager(BY),
        model=CareModel.CLINICAL,
        at=at,
        by=BY,
        workflow=workflow,
    )


def _freeze_data(data: Mapping[str, Mapping[str, EventValue]] | None) -> tuple[Any, ...]:
    return tuple(sorted((k, tuple(sorted(v.items()))) for k, v in (data or {}).items()))


def paths(
    workflow: Workflow[Case], data: Mapping[str, Mapping[str, EventValue]] | None = None
) -> dict[str, tuple[str, ...]]:
    """Return, for each state a case can reach under *workflow*, the events that lead there.

    The search is breadth-first over real cases, so the paths are shortest and every guard on
    the way was satisfied (*data* gives event data by event name for guards this module does
    not know). The initial state maps to no events.
    """
    return dict(_paths(workflow, _freeze_data(data)))


@lru_cache(maxsize=64)
def _paths(
    workflow: Workflow[Case], data: tuple[Any, ...]
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    extra = {event: dict(values) for event, values in data}
    start = seed_case(workflow)
    found: dict[str, tuple[str, ...]] = {start.state: ()}
    queue: list[tuple[Case, tuple[str, ...]]] = [(start, ())]
    day = dt.timedelta(days=1)
    while queue:
        case, path = queue.pop(0)
        for event in workflow.events_from(case.state):
            moved = attempt(
                case,
                event,
                workflow=workflow,
                at=case.history[-1].at + day,
                data=extra.get(event),
            )
            if moved is not None and moved.state not in found:
                found[moved.state] = (*path, event)
                queue.append((moved, (*path, event)))
    return tuple(found.items())
