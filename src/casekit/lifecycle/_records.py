"""The rules a case's records follow: which workflow, which states take records, how statuses
move, and how far a record's own time may run ahead of the event that records it.

The record verbs (`casekit.case.record_contact`, ...) and `replay` both check records here, so a
log replays exactly when the verbs would have written it.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING, Any, Final

from casekit.assessment import Assessment
from casekit.careplan import CarePlan
from casekit.case import Appointment, Case, CaseEvent, Contact, Outcome, Referral
from casekit.errors import InvalidInputError, Problem, TransitionRefusedError
from casekit.lifecycle._checks import reach, successors
from casekit.lifecycle._workflow import Workflow, _require_workflow
from casekit.lifecycle.standard import (
    APPOINTMENT,
    CARE_PLAN,
    GOAL,
    INTERVENTION,
    REFERRAL,
    STANDARD,
)
from casekit.rules import Reason

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["check_record", "future_problems", "record_refusals", "runs_under", "workflow_of"]


def workflow_of(case: Case, workflow: object) -> Workflow[Case]:
    """Return the workflow *case* runs under: *workflow*, once found to be the case's, or
    `STANDARD` when *workflow* is None and the case was opened under it.

    A workflow is the case's when its id is the case's and its fingerprint is the one the case
    was opened under, or lists it in ``compatible_with`` (a case stored before fingerprints
    were recorded is matched by id).

    Raises:
        InvalidInputError: ``workflow`` with code ``workflow_required`` (None for a case of
            another workflow), ``type`` or ``workflow_mismatch``, naming both workflows.
    """
    index = case._index  # noqa: SLF001  # the case's own cache of the workflow found
    if workflow is None:
        if index.workflow is STANDARD:
            return STANDARD
        if case.workflow != STANDARD.id:
            raise InvalidInputError.one(
                "workflow",
                "workflow_required",
                f"must be given: the case runs under workflow {case.workflow!r}, not "
                "'standard'; pass that workflow",
            )
        workflow = STANDARD
    elif index.workflow is workflow:
        return workflow  # type: ignore[return-value]  # found to be a Workflow before
    _require_workflow(workflow)
    wf: Workflow[Case] = workflow  # type: ignore[assignment]  # checked just above
    fp = case.workflow_fingerprint
    if not runs_under(wf, case.workflow, fp):
        theirs = "not recorded" if fp is None else fp[:12]
        raise InvalidInputError.one(
            "workflow",
            "workflow_mismatch",
            f"is workflow {wf.id!r} (fingerprint {wf.fingerprint[:12]}), but the case runs "
            f"under {case.workflow!r} (fingerprint {theirs}); pass the case's workflow, or "
            "list the case's fingerprint in the new definition's compatible_with",
        )
    index.workflow = wf
    return wf


def runs_under(workflow: Workflow[Any], workflow_id: str, fingerprint: str | None) -> bool:
    """Whether a case opened under *workflow_id* with *fingerprint* runs under *workflow*: the
    same id, and the same fingerprint or one *workflow* declares compatible (a case stored
    before fingerprints were recorded has none, and is matched by id)."""
    return workflow_id == workflow.id and (
        fingerprint is None
        or fingerprint == workflow.fingerprint
        or fingerprint in workflow.compatible_with
    )


def _reachable(wf: Workflow[Any]) -> dict[str, frozenset[str]]:
    succ = successors(wf.states, wf.transitions)
    return {s.name: frozenset(reach({s.name}, succ)) for s in wf.states}


_REACH: Final = {
    wf.id: _reachable(wf) for wf in (APPOINTMENT, CARE_PLAN, GOAL, INTERVENTION, REFERRAL)
}


def _move(
    wf: Workflow[Any], record: str, old: enum.Enum, new: enum.Enum, reasons: list[Reason]
) -> None:
    if old is not new and new.value not in _REACH[wf.id].get(old.value, ()):
        reasons.append(
            Reason.of("lifecycle.status_move", record=record, old=old.value, new=new.value)
        )


def _kept(
    record: str, old: Iterable[Any], new: Iterable[Any], reasons: list[Reason]
) -> dict[str, Any]:
    """Return *new* by id; add a reason if it drops an id *old* has."""
    by_id = {x.id: x for x in new}
    dropped = sum(1 for x in old if x.id is not None and x.id not in by_id)
    if dropped:
        reasons.append(Reason.of("lifecycle.record_dropped", record=record, count=dropped))
    return by_id


def record_refusals(
    workflow: Workflow[Case], state: str, name: str, payload: object, existing: object
) -> list[Reason]:
    """Return why *payload* may not be recorded now: the state takes no such record, or a
    revision of *existing* moves a status against its workflow or drops a part."""
    accepts = workflow._accepts.get(state)  # noqa: SLF001  # own package
    if accepts is not None and name not in accepts:
        return [Reason.of("lifecycle.records_closed", state=state, event=name)]
    reasons: list[Reason] = []
    if isinstance(existing, Appointment) and isinstance(payload, Appointment):
        _move(APPOINTMENT, "appointment", existing.status, payload.status, reasons)
    elif isinstance(existing, Referral) and isinstance(payload, Referral):
        _move(REFERRAL, "referral", existing.status, payload.status, reasons)
    elif isinstance(existing, CarePlan) and isinstance(payload, CarePlan):
        _move(CARE_PLAN, "care_plan", existing.status, payload.status, reasons)
        goals = _kept("goal", existing.goals, payload.goals, reasons)
        for goal in existing.goals:
            if goal.id in goals:
                _move(GOAL, "goal", goal.status, goals[goal.id].status, reasons)
        items = _kept("intervention", existing.interventions, payload.interventions, reasons)
        for item in existing.interventions:
            if item.id in items:
                _move(INTERVENTION, "intervention", item.status, items[item.id].status, reasons)
    elif isinstance(existing, Assessment) and isinstance(payload, Assessment):
        _kept("need", existing.needs, payload.needs, reasons)
    return reasons


_minus: Final = dt.datetime.__sub__

_OWN_TIME: Final[dict[type, str]] = {
    Assessment: "at",
    CarePlan: "created_at",
    Contact: "at",
    Outcome: "at",
    Referral: "requested_at",
}
"""Each record's own time, which may not run ahead of its event (an appointment's may)."""


def future_problems(
    workflow: Workflow[Case], payload: object, at: dt.datetime, path: str
) -> list[Problem]:
    """Return a problem if *payload*'s own time lies after *at* beyond the tolerance."""
    name = _OWN_TIME.get(type(payload))
    if name is None:
        return []
    own = getattr(payload, name)
    # datetime's own subtraction: pendulum's builds an Interval, which costs microseconds.
    if own <= at or _minus(own, at) <= workflow.future_tolerance:
        return []
    return [
        Problem(
            f"{path}.{name}",
            "in_future",
            "lies after the event that records it, beyond the workflow's future_tolerance",
        )
    ]


def check_record(
    workflow: Workflow[Case], state: str, event: CaseEvent, existing: object, path: str
) -> None:
    """Raise unless *event*'s record may be recorded in *state* over *existing*.

    Raises:
        TransitionRefusedError: with the reasons of `record_refusals`.
        InvalidInputError: for a record time in the future (`future_problems`).
    """
    reasons = record_refusals(workflow, state, event.name, event.payload, existing)
    if reasons:
        raise TransitionRefusedError(event.name, state, reasons)
    problems = future_problems(workflow, event.payload, event.at, path)
    if problems:
        raise InvalidInputError(problems)
