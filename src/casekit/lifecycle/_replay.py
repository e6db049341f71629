"""Rebuilding a case from its event log, checking every event against the workflow again."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice
from typing import TYPE_CHECKING, Final

from casekit.case import (
    _RECORD_FIELDS,
    _RECORD_TYPES,
    RECORD_EVENTS,
    Case,
    CaseEvent,
    Opening,
    _born_after_opening,
    _changed_model,
    _Folder,
    _link_problems,
)
from casekit.errors import InvalidInputError, Problem
from casekit.lifecycle._apply import _not_routed, _refusals
from casekit.lifecycle._records import future_problems, record_refusals, runs_under
from casekit.lifecycle._workflow import _require_workflow, _Route
from casekit.limits import current, refuse_long_log
from casekit.rules import Reason

if TYPE_CHECKING:
    from casekit.lifecycle._workflow import Workflow

__all__ = ["replay"]

_NO_ROUTES: Final[dict[str, _Route]] = {}


def _fail(i: int, code: str, message: str, field: str = "") -> InvalidInputError:
    return InvalidInputError((Problem(f"history[{i}]{field}", code, message),))


def replay(events: Iterable[CaseEvent], *, workflow: Workflow[Case]) -> Case:
    """Return the case that *events* (a case's history) describe, checking each event again.

    Beyond what loading checks (`casekit.case.rebuild`), each event is checked against
    *workflow* as the verbs would check it, at its own time: a transition's guards, a record's
    state, its status moves and its own time. Work is linear in the number of events: the
    records are kept as they are read, and a case is built for a guard only when the
    transition has guards to run.

    Raises:
        InvalidInputError: naming ``history[i]``, the first event that is out of order
            (``reordered``), leaves a gap (``gap``), repeats an id (``duplicate_event_id``),
            starts from another state or leads elsewhere (``wrong_state``), is refused by the
            workflow (``refused``), carries the wrong payload (``payload_mismatch``), names
            a record the case does not hold (``dangling_reference``), dates a record in its
            future (``in_future``), or is not an ``opened`` event at position 0 under this
            workflow (``not_opened``, ``workflow_mismatch``); naming ``events`` or
            ``workflow`` when either is of the wrong type.

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
          history[2]: has seq 4 where 3 was expected: an event is missing
    """
    if not isinstance(events, Iterable):  # checked at run time too
        raise InvalidInputError.one("events", "type", "must be CaseEvents, such as case.history")
    _require_workflow(workflow)
    # Past the budget the log is refused, having read one event more than it allows.
    given: tuple[object, ...] = tuple(islice(events, current().events_per_log + 1))
    refuse_long_log(len(given), path="events")
    if not given:
        raise InvalidInputError.one("events", "empty", "must start with an opened event")
    for i, event in enumerate(given):
        if not isinstance(event, CaseEvent):
            raise _fail(i, "type", "must be a CaseEvent")
    log: tuple[CaseEvent, ...] = given  # type: ignore[assignment]  # checked just above
    first = log[0]
    folder = _Folder(first, _opening(first, workflow))
    seqs = frozenset(e.seq for e in log)
    previous = first
    for i, event in enumerate(log[1:], start=1):
        _check_position(folder, previous, event, i, seqs)
        previous = event
        if event.from_state != folder.state:
            raise _fail(i, "wrong_state", "starts from a state the case was not in")
        if event.name in RECORD_EVENTS:
            _record(folder, event, i, workflow)
        else:
            _move(folder, event, i, workflow)
    return folder.case()


def _opening(first: CaseEvent, workflow: Workflow[Case]) -> Opening:
    opening = first.payload
    if first.name != "opened" or first.seq != 1 or first.from_state is not None:
        raise _fail(0, "not_opened", "must be the opened event with seq 1")
    if not isinstance(opening, Opening):
        raise _fail(0, "payload_mismatch", "must carry an Opening")
    if (
        not runs_under(workflow, opening.workflow, opening.fingerprint)
        or first.to_state != workflow.initial.name
    ):
        raise _fail(0, "workflow_mismatch", "was opened under another workflow")
    if _born_after_opening(opening, first.at):
        where = ".payload.patient.birth_date"
        raise _fail(0, "after_opening", "lies after the day the case opens", where)
    return opening


def _check_position(
    folder: _Folder, previous: CaseEvent, event: CaseEvent, i: int, seqs: frozenset[int]
) -> None:
    expected = i + 1
    if event.seq < expected or (event.seq > expected and expected in seqs):
        raise _fail(
            i, "reordered", f"has seq {event.seq} where {expected} was expected: out of order"
        )
    if event.seq > expected:
        raise _fail(
            i, "gap", f"has seq {event.seq} where {expected} was expected: an event is missing"
        )
    if event.at < previous.at:
        raise _fail(i, "reordered", "is earlier than the event before it")
    if event.event_id in folder.ids:
        raise _fail(i, "duplicate_event_id", "repeats an earlier event's id")
    folder.ids.add(event.event_id)


def _record(folder: _Folder, event: CaseEvent, i: int, workflow: Workflow[Case]) -> None:
    if event.to_state != folder.state:
        raise _fail(i, "wrong_state", "is a record but changes the state")
    p = event.payload
    if type(p) is not _RECORD_TYPES[event.name]:
        raise _fail(i, "payload_mismatch", "does not carry the record it needs")
    if event.name == "model_changed" and _changed_model(event) is None:
        raise _fail(i, "payload_mismatch", "does not carry a known model and a reason")
    existing = None
    if event.name in _RECORD_FIELDS:
        existing = folder.find(event.name, p.id)  # type: ignore[union-attr]  # a record
    reasons = record_refusals(workflow, folder.state, event.name, p, existing)
    if reasons:
        raise _refused(i, reasons)
    problems = future_problems(workflow, p, event.at, f"history[{i}].payload")
    problems += _link_problems(
        p,
        f"history[{i}].payload",
        folder.records["assessments"],
        folder.records["care_plans"],
    )
    if problems:
        raise InvalidInputError(problems[:1])
    folder.add(event)


def _refused(i: int, reasons: Iterable[Reason]) -> InvalidInputError:
    codes = ", ".join(r.code for r in reasons)
    return _fail(i, "refused", f"is refused by the workflow ({codes})")


def _move(folder: _Folder, event: CaseEvent, i: int, workflow: Workflow[Case]) -> None:
    if event.name == "opened":
        raise _fail(i, "not_opened", "only the first event may be 'opened'")
    route = workflow._routes.get(folder.state, _NO_ROUTES).get(event.name)  # noqa: SLF001  # own package
    if route is None:
        raise _refused(i, (_not_routed(workflow, folder.state, event.name),))
    if route.guards or event.override_reason is not None:
        target, reasons = _refusals(
            folder.case(),
            event.name,
            workflow,
            at=event.at,
            by=event.by,
            data=event.data,
            override_reason=event.override_reason,
        )
        if reasons:
            raise _refused(i, reasons)
    else:
        # No guard needs the case: follow the route, or for a HISTORY target the state the
        # case came from, which the folder keeps as it reads.
        target = route.target if route.target is not None else folder.came_from
        if target is None:
            state = folder.state
            raise _refused(i, (Reason.of("lifecycle.no_history", event=event.name, state=state),))
    if event.payload is not None:
        raise _fail(i, "payload_mismatch", "is a workflow event but carries a record")
    if target != event.to_state:
        raise _fail(i, "wrong_state", "leads to another state than the workflow's")
    folder.move(event)
