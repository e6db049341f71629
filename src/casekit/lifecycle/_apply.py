"""Opening a case and applying events to it: open_case, check, apply, allowed_events, advance."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from typing import Any, Final, Protocol, TypeVar

import attrs
import pendulum

from casekit import _validate as v
from casekit import limits
from casekit._vector import vector
from casekit.case import (
    CareModel,
    Case,
    CaseEvent,
    EventData,
    Opening,
    _check_event_id,
    _default_form,
    _event_data,
    _event_position,
    _free_event_id,
    _positions,
)
from casekit.errors import (
    InvalidDefinitionError,
    InvalidInputError,
    TransitionRefusedError,
)
from casekit.lifecycle._build import CASE as _CASE
from casekit.lifecycle._build import EVENT as _EVENT
from casekit.lifecycle._records import workflow_of
from casekit.lifecycle._workflow import (
    EventContext,
    Workflow,
    _name,
    _optional_name,
    _require_workflow,
    _Route,
)
from casekit.lifecycle.standard import STANDARD
from casekit.people import CareTeam, CaseManager, Patient
from casekit.rules import Reason

__all__ = [
    "EventOption",
    "Subject",
    "advance",
    "allowed_events",
    "apply",
    "check",
    "entered_from",
    "open_case",
]

_NO_ROUTES: Final[dict[str, _Route]] = {}
_STANDARD: Final = STANDARD
_PENDULUM_DT: Final = pendulum.DateTime
_PENDULUM_TZ: Final = pendulum.Timezone
_new_tuple: Final = tuple.__new__  # EventContext without its Python-level __new__


def _require_time(value: object, field: str) -> None:
    if not isinstance(value, dt.datetime):
        raise InvalidInputError.one(
            field, "type", "must be a timezone-aware datetime, such as pendulum.datetime(...)"
        )
    tz = value.tzinfo
    if tz is None or (type(tz) not in v.ALWAYS_AWARE and value.utcoffset() is None):
        raise InvalidInputError.one(
            field,
            "naive_datetime",
            "must carry a timezone (UTC offset); build it with pendulum.datetime(..., tz='UTC')",
        )


def _require_id(value: object, field: str) -> None:
    if type(value) is not str or not v.IDENTIFIER.fullmatch(value):
        raise InvalidInputError.one(field, "identifier", v.IDENTIFIER_MESSAGE)


def _require_case(case: object) -> None:
    if not isinstance(case, Case):
        raise InvalidInputError.one("case", "type", "must be a Case")


def _require_override(reason: object) -> None:
    if type(reason) is not str or not reason.strip():
        raise InvalidInputError.one(
            "override_reason", "empty", "must say, in words, why the guard is overridden"
        )
    if len(reason) > 2000 or v.TEXT_CONTROL.search(reason):  # noqa: PLR2004  # as CaseEvent
        raise InvalidInputError.one(
            "override_reason", "text", "must be at most 2000 characters, no control codes"
        )


def entered_from(case: Case) -> str | None:
    """Return the state *case* was in before it entered its current state, from its history.

    This is where `HISTORY` targets lead, such as ``resume`` after ``hold``.

    Examples:
        >>> from casekit.lifecycle.examples import example_case
        >>> from casekit.lifecycle import apply
        >>> case = example_case("monitoring")
        >>> entered_from(apply(case, "hold", at=case.history[-1].at, by="cm-1"))
        'monitoring'
    """
    state = case.state
    for event in reversed(case.history):
        if event.to_state == state and event.from_state != state:
            return event.from_state
    return None


UNKNOWN_EVENT: Final = "<unknown event>"
"""What a refusal names instead of an event the workflow does not define: a caller may have put
anything in its place, even a patient's name."""


def _known(workflow: Workflow[Any], event: str) -> bool:
    return any(event in by_event for by_event in workflow._routes.values())  # noqa: SLF001  # own package


def _refused(workflow: Workflow[Any], state: str, event: str) -> TransitionRefusedError:
    shown = event if _known(workflow, event) else UNKNOWN_EVENT
    return TransitionRefusedError(shown, state, (_not_routed(workflow, state, event),))


def _not_routed(workflow: Workflow[Any], state: str, event: str) -> Reason:
    if not _known(workflow, event):
        return Reason.of("lifecycle.event_unknown", workflow=workflow.id)
    if state in workflow._by_name and workflow._by_name[state].final:  # noqa: SLF001  # own package
        return Reason.of("lifecycle.state_final", state=state, event=event)
    allowed = ", ".join(workflow.events_from(state)) or "none"
    return Reason.of("lifecycle.event_not_allowed", event=event, state=state, allowed=allowed)


def _run_guards(
    route: _Route, subject: object, ctx: EventContext, override_reason: str | None
) -> list[Reason]:
    reasons: list[Reason] = []
    if override_reason is not None and not route.can_override:
        reasons.append(Reason.of("lifecycle.override_not_allowed", event=ctx.event))
    for name, guard, overridable in route.guards:
        if override_reason is not None and overridable:
            continue
        reasons.extend(_guard_reasons(name, guard(subject, ctx)))
    return reasons


def _guard_reasons(name: str, found: object) -> tuple[Reason, ...]:
    """Return what guard *name* gave as Reasons, or refuse the guard itself."""
    if isinstance(found, Iterable) and not isinstance(found, (str, bytes, Mapping)):
        given = tuple(found)
        if all(type(r) is Reason for r in given):
            return given
    raise InvalidDefinitionError.one(
        f"guards.{name}",
        "guard_result",
        "a guard must return an iterable of Reason objects (empty when the event may happen)",
    )


def _inputs(
    case: Case,
    event: object,
    workflow: object,
    at: object,
    by: object,
) -> tuple[CaseEvent, Workflow[Case]]:
    """Check what apply and check both need; return the case's last event."""
    _require_case(case)
    if not case.history:
        raise InvalidInputError.one(
            "case.history", "not_opened", "is empty; build cases with open_case"
        )
    if type(event) is not str:
        raise InvalidInputError.one("event", "type", "must be an event name")
    wf = workflow_of(case, workflow)
    _require_time(at, "at")
    last = case.history[-1]
    if by is not last.by:  # an actor already in the history was checked when recorded
        _require_id(by, "by")
    return last, wf


def _duplicate(case: Case, event_id: str, content: tuple[object, ...]) -> bool:
    """Return whether *event_id* is in the history with this content; raise if other content,
    or if it has the form of another position's default id.

    *content* is (name, at, by, data, override_reason): position and recording time aside.
    """
    at = _event_position(case, event_id)
    if at is None:
        _check_event_id(case, event_id, len(case.history) + 1)
        return False
    e = case.history[at]
    if (e.name, e.at, e.by, e.data, e.override_reason) == content:
        return True
    raise InvalidInputError.one(
        "event_id",
        "event_id_reused",
        "is already in the history with different content; use a new event id",
    )


def _backwards() -> InvalidInputError:
    return InvalidInputError.one(
        "at",
        "time_went_backwards",
        "is earlier than the previous event's effective time; apply events in order, and "
        "record a backdated event with an earlier at than its recorded_at instead",
    )


def check(
    case: Case,
    event: str,
    *,
    at: dt.datetime,
    by: str,
    data: Mapping[str, Any] | EventData | None = None,
    event_id: str | None = None,
    override_reason: str | None = None,
    workflow: Workflow[Case] | None = None,
) -> tuple[Reason, ...]:
    """Return every reason *event* would be refused for *case* now; empty when it is allowed.

    Args:
        case: the case.
        event: the event's name.
        at: its effective time (timezone-aware).
        by: who applies it.
        data: the event's parameters, such as ``{"closure_reason": "goals_met"}``.
        event_id: its id; an id already in the history with the same content is allowed.
        override_reason: why overridable guards should be waived.
        workflow: the workflow the case was opened under; may be left out only for a case
            opened under `STANDARD`.

    Raises:
        InvalidInputError: for wrong input, which `apply` refuses the same way (naive or
            backwards ``at``, a bad ``by``, ``data`` or ``event_id``, a ``workflow`` that is
            not a `Workflow` or not the case's, none for a case of another workflow).

    Examples:
        >>> from casekit.lifecycle.examples import example_case
        >>> case = example_case("monitoring")
        >>> [r.code for r in check(case, "close", at=case.history[-1].at, by="cm-1")]
        ['lifecycle.closure_reason_missing']
        >>> check(case, "close", at=case.history[-1].at, by="cm-1",
        ...       data={"closure_reason": "goals_met"})
        ()
    """
    last, wf = _inputs(case, event, workflow, at, by)
    frozen = _event_data(data)
    if override_reason is not None:
        _require_override(override_reason)
    if event_id is not None:
        _require_id(event_id, "event_id")
        if _duplicate(case, event_id, (event, at, by, frozen, override_reason)):
            return ()
    if at < last.at:
        raise _backwards()
    return _refusals(case, event, wf, at=at, by=by, data=frozen, override_reason=override_reason)[1]


def _refusals(
    case: Case,
    event: str,
    workflow: Workflow[Case],
    *,
    at: dt.datetime,
    by: str,
    data: EventData,
    override_reason: str | None,
) -> tuple[str | None, tuple[Reason, ...]]:
    """Return the target state (None if unknown) and every reason to refuse."""
    state = case.state
    route = workflow._routes.get(state, _NO_ROUTES).get(event)  # noqa: SLF001  # own package
    if route is None:
        return None, (_not_routed(workflow, state, event),)
    ctx = EventContext(event, state, at, by, data, override_reason)
    reasons = _run_guards(route, case, ctx, override_reason)
    target = route.target
    if target is None:
        target = entered_from(case)
        if target is None:
            reasons.append(Reason.of("lifecycle.no_history", event=event, state=state))
    return target, tuple(reasons)


def apply(  # noqa: C901, PLR0912, PLR0915  # one flat hot path: checks, then two builds
    case: Case,
    event: str,
    *,
    at: dt.datetime,
    by: str,
    data: Mapping[str, Any] | EventData | None = None,
    event_id: str | None = None,
    override_reason: str | None = None,
    recorded_at: dt.datetime | None = None,
    workflow: Workflow[Case] | None = None,
) -> Case:
    """Return *case* after *event*, with one more `CaseEvent` in its history.

    Args:
        case: the case.
        event: the event's name, such as ``"approve_plan"``.
        at: its effective time (timezone-aware); never earlier than the last event's.
        by: who applies it (a staff identifier).
        data: the event's parameters, such as ``{"closure_reason": "goals_met"}``.
        event_id: a unique id (default ``"<case id>.<seq>"``); re-applying an event with an
            id already in the history and the same content returns *case* unchanged.
        override_reason: why the transition's overridable guards should be waived; recorded.
        recorded_at: when it was recorded, if later than *at* (a backdated event).
        workflow: the workflow the case was opened under; may be left out only for a case
            opened under `STANDARD`.

    Raises:
        TransitionRefusedError: with every reason, if the event is not allowed now; the case
            is unchanged.
        InvalidInputError: for wrong input: naive or backwards ``at``, a bad ``by``,
            ``data`` or ``event_id``, an ``event_id`` reused with other content or of the
            form of another position's default id, a ``workflow`` that is not the case's
            (naming both), none for a case of another workflow.

    Examples:
        >>> from casekit.lifecycle.examples import example_case
        >>> case = example_case("planning")
        >>> case = apply(case, "approve_plan", at=case.history[-1].at, by="cm-1")
        >>> case.state, case.history[-1].name, case.history[-1].from_state
        ('implementing', 'approve_plan', 'planning')
        >>> apply(case, "reopen", at=case.history[-1].at, by="cm-1")
        Traceback (most recent call last):
        ...
        casekit.errors.TransitionRefusedError: event 'reopen' refused in state 'implementing': \
reopen is not allowed from implementing; allowed here: start_monitoring, begin_transition, \
hold, close, mark_entered_in_error
    """
    # The case's index remembers the workflow last found to be the case's: one identity test.
    wf: Workflow[Case] = _STANDARD if workflow is None else workflow
    # A workflow is found (and cached) only for a case whose history is not empty, and the
    # cache is shared only by the verbs' results: a found workflow implies an opened case.
    if (
        type(case) is not Case
        or case._index.workflow is not wf  # noqa: SLF001  # the case's own cache
        or type(event) is not str
    ):
        _inputs(case, event, workflow, at, by)
    history = case.history
    last = history._tail[-1]  # noqa: SLF001  # the last event, without a call
    if type(at) is not _PENDULUM_DT or type(at.tzinfo) is not _PENDULUM_TZ:
        _require_time(at, "at")
    if by is not last.by and by != last.by:  # an actor in the history was checked when recorded
        _require_id(by, "by")
    frozen = () if data is None else _event_data(data)
    if override_reason is not None:
        _require_override(override_reason)
    if event_id is not None:
        _require_id(event_id, "event_id")
        if _duplicate(case, event_id, (event, at, by, frozen, override_reason)):
            return case
    if at < last.at:
        raise _backwards()
    state = case.state
    try:
        target, guards, passes = wf._plans[state][event]  # noqa: SLF001  # own package
    except KeyError:
        raise _refused(wf, state, event) from None
    if target is None or override_reason is not None:
        found, reasons = _refusals(
            case, event, wf, at=at, by=by, data=frozen, override_reason=override_reason
        )
        if reasons or found is None:
            raise TransitionRefusedError(event, state, reasons)
        target = found
    elif passes is not None and not passes(case):  # guards, and no fast test that they pass
        ctx = _new_tuple(EventContext, (event, state, at, by, frozen, None))
        for name, guard, _ in guards:
            # A guard that passes gives nothing. The standard guards return tuples, taken as
            # they are; anything else (a generator, a list, None) goes through _guard_reasons,
            # which refuses a result that is not Reasons, naming the guard. A failing guard
            # sends the event through the full check, which lists every reason. Guards are
            # pure functions of the case and the context, so it finds the same failure.
            result: object = guard(case, ctx)
            if result.__class__ is not tuple:
                result = _guard_reasons(name, result)
            if result:
                _, reasons = _refusals(
                    case, event, wf, at=at, by=by, data=frozen, override_reason=None
                )
                raise TransitionRefusedError(event, state, reasons)
    if recorded_at is None:
        recorded_at = at
    else:
        _require_time(recorded_at, "recorded_at")
    seq = history._n + 1  # noqa: SLF001  # len() without a call
    if seq > limits.fewest_events and seq > limits.budget().events_per_log:
        limits.refuse_long_log(seq)
    if event_id is None:
        # The form _check_event_id keeps for default ids; an old stored log may hold one.
        event_id = f"{case.id}.{seq}" if case._index.clash is False else _free_event_id(case, seq)  # noqa: SLF001
        if len(event_id) > 128:  # noqa: PLR2004  # the identifier limit
            raise InvalidInputError.one(
                "event_id", "identifier", "give one: the default would pass 128 characters"
            )
    else:
        _positions(case)["history", event_id] = seq - 1
    # The new event and the moved case, built unchecked: every field is checked above or
    # shared with *case* (casekit.lifecycle._build).
    ev = _EVENT()
    ev.seq = seq
    ev.event_id = event_id
    ev.name = event
    ev.from_state = state
    ev.to_state = target
    ev.at = at
    ev.recorded_at = recorded_at
    ev.by = by
    ev.data = frozen
    ev.payload = None
    ev.override_reason = override_reason
    ev.__class__ = CaseEvent
    new = _CASE()
    new.id = case.id
    new.patient = case.patient
    new.manager = case.manager
    new.model = case.model
    new.state = target
    new.opened_at = case.opened_at
    new.workflow = case.workflow
    new.team = case.team
    new.assessments = case.assessments
    new.care_plans = case.care_plans
    new.contacts = case.contacts
    new.appointments = case.appointments
    new.referrals = case.referrals
    new.outcomes = case.outcomes
    new.history = history.append(ev)
    new._index = case._index  # noqa: SLF001  # shared by the line of cases
    new.__class__ = Case
    return new  # type: ignore[no-any-return]  # a Case now


@attrs.frozen
class EventOption:
    """One event the workflow defines from a case's state: where it leads, and why not now.

    Args:
        event: the event's name.
        target: the state it leads to; None for a `HISTORY` target with no state to go back to.
        reasons: why it would be refused now; empty when it is allowed (a list is kept as a
            tuple).

    Examples:
        >>> EventOption("close", "closed", ()).allowed
        True
    """

    event: str = attrs.field(validator=_name)
    target: str | None = attrs.field(validator=_optional_name)
    reasons: tuple[Reason, ...] = attrs.field(converter=v.freeze, validator=v.tuple_of(Reason))

    @property
    def allowed(self) -> bool:
        """Whether the event would be applied now."""
        return not self.reasons


def allowed_events(
    case: Case,
    *,
    at: dt.datetime,
    by: str | None = None,
    data: Mapping[str, Any] | EventData | None = None,
    workflow: Workflow[Case] | None = None,
) -> tuple[EventOption, ...]:
    """Return every event defined from *case*'s state, each with its reasons if blocked now.

    Guards see *by* (the case's manager when not given) and *data* (none by default), so
    events that need data, such as ``close``, show what is missing.

    Raises:
        InvalidInputError: for wrong input, as `check` refuses it.

    Examples:
        >>> from casekit.lifecycle.examples import example_case
        >>> case = example_case("planning")
        >>> [(o.event, o.allowed) for o in allowed_events(case, at=case.history[-1].at)]
        [('approve_plan', True), ('hold', True), ('close', False), ('mark_entered_in_error', False)]
    """
    _require_case(case)  # before reading its manager
    who = case.manager.id if by is None else by
    _, wf = _inputs(case, "-", workflow, at, who)
    if at < case.history[-1].at:
        raise _backwards()
    frozen = _event_data(data)
    options = []
    for event in wf.events_from(case.state):
        target, reasons = _refusals(
            case, event, wf, at=at, by=who, data=frozen, override_reason=None
        )
        options.append(EventOption(event, target, reasons))
    return tuple(options)


class Subject(Protocol):
    """**Protocol:** an attrs object with a ``status`` enum, such as `Goal` or `Referral`.

    Examples:
        >>> from casekit.careplan import Goal
        >>> subject: Subject = Goal("g-1", "stable housing")
        >>> subject.status.value
        'proposed'
    """

    @property
    def status(self) -> enum.StrEnum:
        """The subject's current status; its value is a state of the governing workflow."""
        ...


T = TypeVar("T", bound=Subject)


def advance(
    subject: T,
    event: str,
    *,
    workflow: Workflow[T],
    at: dt.datetime,
    by: str,
    data: Mapping[str, Any] | EventData | None = None,
    override_reason: str | None = None,
) -> T:
    """Return *subject* with its ``status`` moved by *event* under *workflow*.

    This is the engine without a case: for goals, interventions and referrals. The case
    records the changed entity with its own verbs (``add_referral``, ``record_care_plan``).

    Raises:
        TransitionRefusedError: with every reason, if the event is not allowed now.
        InvalidInputError: naming the field, for a subject without a status, a ``workflow``
            that is not a `Workflow`, or a bad ``event``, ``at``, ``by``, ``data`` or
            ``override_reason``.

    Examples:
        >>> import pendulum
        >>> from casekit.careplan import Goal
        >>> from casekit.lifecycle import GOAL
        >>> goal = Goal("g-1", "stable housing")
        >>> at = pendulum.datetime(2025, 3, 5, tz="UTC")
        >>> advance(goal, "accept", workflow=GOAL, at=at, by="cm-1").status.value
        'accepted'
    """
    status: object = getattr(subject, "status", None)
    if not isinstance(status, enum.Enum) or not attrs.has(type(subject)):
        raise InvalidInputError.one("subject", "type", "must be an attrs object with a status")
    if type(event) is not str:
        raise InvalidInputError.one("event", "type", "must be an event name")
    _require_workflow(workflow)
    _require_time(at, "at")
    _require_id(by, "by")
    frozen = _event_data(data)
    if override_reason is not None:
        _require_override(override_reason)
    state = str(status.value)
    route = workflow._routes.get(state, _NO_ROUTES).get(event)  # noqa: SLF001  # own package
    if route is None:
        raise _refused(workflow, state, event)
    ctx = EventContext(event, state, at, by, frozen, override_reason)
    reasons = _run_guards(route, subject, ctx, override_reason)
    if route.target is None:
        reasons.append(Reason.of("lifecycle.no_history", event=event, state=state))
    if reasons:
        raise TransitionRefusedError(event, state, reasons)
    try:
        new_status = type(status)(route.target)
    except ValueError:
        raise InvalidDefinitionError.one(
            "states", "unknown_status", f"state {route.target!r} is not a status of the subject"
        ) from None
    return attrs.evolve(subject, status=new_status)  # type: ignore[misc]  # checked attrs.has above


def open_case(
    case_id: str,
    *,
    patient: Patient,
    manager: CaseManager,
    model: CareModel,
    at: dt.datetime,
    by: str,
    workflow: Workflow[Case] | None = None,
    team: CareTeam | None = None,
    event_id: str | None = None,
    recorded_at: dt.datetime | None = None,
) -> Case:
    """Return a new case in *workflow*'s initial state (`STANDARD` by default), with its
    ``opened`` event recording the workflow's id and fingerprint.

    Raises:
        InvalidInputError: naming the field, for a bad id, patient, manager, model, time or
            ``workflow``, or a patient born after the day the case opens.

    Examples:
        >>> import pendulum
        >>> from casekit.case import CareModel
        >>> from casekit.people import CaseManager, PersonName, Patient
        >>> case = open_case(
        ...     "case-1",
        ...     patient=Patient("pt-1", PersonName("Synthetic"), pendulum.date(1961, 4, 2)),
        ...     manager=CaseManager("cm-1"),
        ...     model=CareModel.STRENGTHS_BASED,
        ...     at=pendulum.datetime(2025, 3, 3, 9, tz="UTC"),
        ...     by="cm-1",
        ... )
        >>> case.state, [(e.seq, e.event_id, e.name) for e in case.history]
        ('referred', [(1, 'case-1.1', 'opened')])
    """
    wf: Workflow[Case] = STANDARD if workflow is None else workflow
    _require_workflow(wf)
    _require_time(at, "at")
    if recorded_at is not None:
        _require_time(recorded_at, "recorded_at")
    opening = Opening(
        case_id,
        patient,
        manager,
        model,
        wf.id,
        CareTeam() if team is None else team,
        fingerprint=wf.fingerprint,
    )
    born: object = getattr(patient, "birth_date", None)
    if isinstance(born, dt.date) and born > at.date():
        raise InvalidInputError.one(
            "patient.birth_date", "after_opening", "lies after the day the case opens"
        )
    initial = wf.initial.name
    event = CaseEvent(
        1,
        f"{case_id}.1" if event_id is None else event_id,
        "opened",
        None,
        initial,
        at,
        at if recorded_at is None else recorded_at,
        by,
        (),
        opening,
    )
    return from_opening(event)


def from_opening(event: CaseEvent) -> Case:
    """Return the case an ``opened`` event starts (advanced: used by replay)."""
    o = event.payload
    if not isinstance(o, Opening):
        raise InvalidInputError.one("payload", "payload_mismatch", "must be an Opening")
    case = Case(
        o.case_id,
        o.patient,
        o.manager,
        o.model,
        event.to_state,
        event.at,
        o.workflow,
        o.team,
        history=vector((event,)),
    )
    if event.event_id == f"{o.case_id}.1" or not _default_form(o.case_id, event.event_id):
        # No id of the default form away from its position: apply need not look its positions
        # up until a record or a caller's id needs them (memory per live case).
        case._index.clash = False  # noqa: SLF001  # the case's own index
    return case
