"""Rebuilding a case from its event log."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from casekit.case import RECORD_EVENTS, Case, CaseEvent, fold
from casekit.errors import CaseKitError, InvalidInputError, Problem
from casekit.lifecycle._apply import _refusals, from_opening
from casekit.lifecycle._workflow import _require_workflow

if TYPE_CHECKING:
    from casekit.lifecycle._workflow import Workflow

__all__ = ["replay"]


def _fail(i: int, code: str, message: str) -> InvalidInputError:
    return InvalidInputError((Problem(f"events[{i}]", code, message),))


def replay(events: Iterable[CaseEvent], *, workflow: Workflow[Case]) -> Case:
    """Return the case that *events* (a case's history) describe, checking each event again.

    Record events (``contact_recorded``, ...) are folded in; workflow events are checked
    against *workflow*'s transitions and guards as `apply` would, at their own time.

    Raises:
        InvalidInputError: naming ``events[i]``, the first event that is out of order
            (``reordered``), leaves a gap (``gap``), repeats an id (``duplicate_event_id``),
            starts from another state or leads elsewhere (``wrong_state``), is refused by the
            workflow (``refused``), or is not an ``opened`` event at position 0; naming
            ``events`` or ``workflow`` when either is of the wrong type.

    Examples:
        >>> from casekit.lifecycle import STANDARD
        >>> from casekit.lifecycle.examples import example_case
        >>> case = example_case("monitoring")
        >>> replay(case.history, workflow=STANDARD) == case
        True
        >>> replay(case.history[:2] + case.history[3:], workflow=STANDARD)
        Traceback (most recent call last):
        ...
        casekit.errors.InvalidInputError: invalid input (1 problem):
          events[2]: has seq 4 where 3 was expected: an event is missing
    """
    if not isinstance(events, Iterable):  # checked at run time too
        raise InvalidInputError.one("events", "type", "must be CaseEvents, such as case.history")
    _require_workflow(workflow)
    given: tuple[object, ...] = tuple(events)
    if not given:
        raise InvalidInputError.one("events", "empty", "must start with an opened event")
    log: list[CaseEvent] = []
    for i, event in enumerate(given):
        if not isinstance(event, CaseEvent):
            raise _fail(i, "type", "must be a CaseEvent")
        log.append(event)
    first = log[0]
    if first.name != "opened" or first.seq != 1:
        raise _fail(0, "not_opened", "must be the opened event with seq 1")
    try:
        case = from_opening(first)
    except CaseKitError:
        raise _fail(0, "payload_mismatch", "must carry an Opening") from None
    if case.workflow != workflow.id or first.to_state != workflow.initial.name:
        raise _fail(0, "workflow_mismatch", "was opened under another workflow")
    seen = {first.event_id}
    seqs = frozenset(e.seq for e in log)
    for i, event in enumerate(log[1:], start=1):
        _check_position(case, event, i, seen=seen, seqs=seqs)
        case = _next(case, event, i, workflow)
    return case


def _check_position(
    case: Case, event: CaseEvent, i: int, *, seen: set[str], seqs: frozenset[int]
) -> None:
    expected = len(case.history) + 1
    if event.seq < expected or (event.seq > expected and expected in seqs):
        raise _fail(
            i, "reordered", f"has seq {event.seq} where {expected} was expected: out of order"
        )
    if event.seq > expected:
        raise _fail(
            i, "gap", f"has seq {event.seq} where {expected} was expected: an event is missing"
        )
    if event.at < case.history[-1].at:
        raise _fail(i, "reordered", "is earlier than the event before it")
    if event.event_id in seen:
        raise _fail(i, "duplicate_event_id", "repeats an earlier event's id")
    seen.add(event.event_id)


def _next(case: Case, event: CaseEvent, i: int, workflow: Workflow[Case]) -> Case:
    if event.from_state != case.state:
        raise _fail(i, "wrong_state", "starts from a state the case was not in")
    if event.name in RECORD_EVENTS:
        if event.to_state != case.state:
            raise _fail(i, "wrong_state", "is a record but changes the state")
        try:
            return fold(case, event)
        except CaseKitError:
            raise _fail(i, "payload_mismatch", "does not carry the record it needs") from None
    target, reasons = _refusals(
        case,
        event.name,
        workflow,
        at=event.at,
        by=event.by,
        data=event.data,
        override_reason=event.override_reason,
    )
    if reasons:
        codes = ", ".join(r.code for r in reasons)
        raise _fail(i, "refused", f"is refused by the workflow ({codes})")
    if event.payload is not None:
        raise _fail(i, "payload_mismatch", "is a workflow event but carries a record")
    if target != event.to_state:
        raise _fail(i, "wrong_state", "leads to another state than the workflow's")
    return Case(
        case.id,
        case.patient,
        case.manager,
        case.model,
        event.to_state,
        case.opened_at,
        case.workflow,
        case.team,
        case.assessments,
        case.care_plans,
        case.contacts,
        case.appointments,
        case.referrals,
        case.outcomes,
        (*case.history, event),
    )
