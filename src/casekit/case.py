"""The Case aggregate: one patient's case, its records and its event history.

A `Case` is immutable. Domain verbs (`record_assessment`, `record_contact`,
`schedule_appointment`, `add_referral`, `record_outcome`, `record_care_plan`,
`assign_manager`) return a new case with the record added *and* a `CaseEvent` appended to its
history, so that the history alone rebuilds the case (`casekit.lifecycle.replay`). Lifecycle
transitions (`casekit.lifecycle.open_case`, `apply`) append events in the same history.

Every verb takes the effective time ``at`` (timezone-aware) and the actor ``by``; nothing reads
the clock. An event's ``at`` may not be earlier than the previous event's.

Examples:
    >>> import pendulum
    >>> from casekit.lifecycle import open_case
    >>> from casekit.people import CaseManager, PersonName, Patient
    >>> at = pendulum.datetime(2025, 3, 3, 9, tz="UTC")
    >>> case = open_case(
    ...     "case-1",
    ...     patient=Patient("pt-1", PersonName("Synthetic"), pendulum.date(1961, 4, 2)),
    ...     manager=CaseManager("cm-1"),
    ...     model=CareModel.STRENGTHS_BASED,
    ...     at=at,
    ...     by="cm-1",
    ... )
    >>> call = Contact("ct-1", ContactMode.PHONE, at.add(days=1), 15, "cm-1", ("pt-1",))
    >>> case = record_contact(case, call, at=at.add(days=1), by="cm-1")
    >>> len(case.contacts), [e.name for e in case.history]
    (1, ['opened', 'contact_recorded'])
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
from collections.abc import Mapping
from typing import Any, Final, TypeAlias, get_args

import attrs

from casekit import _validate as v
from casekit.assessment import Assessment
from casekit.careplan import CarePlan
from casekit.codes import Code
from casekit.errors import InvalidInputError, Problem
from casekit.people import CareTeam, CaseManager, Patient

__all__ = [
    "RECORD_EVENTS",
    "Appointment",
    "AppointmentStatus",
    "CareModel",
    "Case",
    "CaseEvent",
    "Contact",
    "ContactMode",
    "EventData",
    "EventValue",
    "Opening",
    "Outcome",
    "Payload",
    "Referral",
    "ReferralStatus",
    "add_referral",
    "assign_manager",
    "fold",
    "rebuild",
    "record_assessment",
    "record_care_plan",
    "record_contact",
    "record_outcome",
    "schedule_appointment",
]


class CareModel(enum.StrEnum):
    """The case-management model that shapes a case's plan."""

    STRENGTHS_BASED = "strengths_based"
    CLINICAL = "clinical"
    BROKERAGE = "brokerage"
    INTENSIVE = "intensive"
    TARGETED = "targeted"


class ContactMode(enum.StrEnum):
    """How a contact with the patient or their supports happened."""

    IN_PERSON = "in_person"
    PHONE = "phone"
    VIDEO = "video"
    HOME_VISIT = "home_visit"
    ACCOMPANIED_APPOINTMENT = "accompanied_appointment"


@attrs.frozen
class Contact:
    """A contact: its mode, when, how long, who made it and with whom.

    Examples:
        >>> import pendulum
        >>> c = Contact("ct-1", ContactMode.HOME_VISIT, pendulum.datetime(2025, 3, 4, 14, tz="UTC"),
        ...             45, by="cm-1", with_whom=("pt-1", "rel-1"))
        >>> c.duration_minutes, c.with_whom
        (45, ('pt-1', 'rel-1'))
    """

    id: str = attrs.field(validator=v.identifier)
    mode: ContactMode = attrs.field(validator=v.instance(ContactMode))
    at: dt.datetime = attrs.field(validator=v.aware)
    duration_minutes: int = attrs.field(validator=v.non_negative_int)
    by: str = attrs.field(validator=v.identifier)
    with_whom: tuple[str, ...] = attrs.field(
        default=(), converter=v.freeze, validator=v.tuple_of(str)
    )


class AppointmentStatus(enum.StrEnum):
    """An appointment's status (a subset of FHIR Appointment.status)."""

    PROPOSED = "proposed"
    BOOKED = "booked"
    FULFILLED = "fulfilled"
    CANCELLED = "cancelled"
    NOSHOW = "noshow"


@attrs.frozen
class Appointment:
    """A scheduled appointment with a provider.

    Examples:
        >>> import pendulum
        >>> at = pendulum.datetime(2025, 4, 1, 10, tz="UTC")
        >>> Appointment("ap-1", at, "prov-2", 30).status.value
        'booked'
    """

    id: str = attrs.field(validator=v.identifier)
    at: dt.datetime = attrs.field(validator=v.aware)
    provider: str = attrs.field(validator=v.identifier)
    duration_minutes: int = attrs.field(validator=v.non_negative_int)
    purpose: str = attrs.field(default="", validator=v.text(max_length=500), repr=False)
    status: AppointmentStatus = attrs.field(
        default=AppointmentStatus.BOOKED, validator=v.instance(AppointmentStatus)
    )


class ReferralStatus(enum.StrEnum):
    """A referral's status, after FHIR Task.status."""

    REQUESTED = "requested"
    RECEIVED = "received"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    IN_PROGRESS = "in-progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        """Whether work on the referral is still outstanding."""
        return self not in _CLOSED_REFERRAL


_CLOSED_REFERRAL: Final = frozenset(
    {ReferralStatus.REJECTED, ReferralStatus.COMPLETED, ReferralStatus.CANCELLED}
)


_OPTIONAL_CODE: Final = v.optional_instance(Code)


@attrs.frozen
class Referral:
    """A referral to another provider or service.

    Examples:
        >>> import pendulum
        >>> r = Referral("rf-1", "prov-3", pendulum.datetime(2025, 3, 5, tz="UTC"))
        >>> r.status.value, r.status.is_open
        ('requested', True)
    """

    id: str = attrs.field(validator=v.identifier)
    to: str = attrs.field(validator=v.identifier)
    requested_at: dt.datetime = attrs.field(validator=v.aware)
    service: Code | None = attrs.field(default=None, validator=_OPTIONAL_CODE)
    reason: str = attrs.field(default="", validator=v.text(max_length=2000), repr=False)
    status: ReferralStatus = attrs.field(
        default=ReferralStatus.REQUESTED, validator=v.instance(ReferralStatus)
    )


@attrs.frozen
class Outcome:
    """A measured outcome: what was measured, the value, and the goal it speaks to.

    Examples:
        >>> import pendulum
        >>> at = pendulum.datetime(2025, 6, 1, tz="UTC")
        >>> Outcome("oc-1", at, "PHQ-9", "7", goal_id="g-1").measure
        'PHQ-9'
    """

    id: str = attrs.field(validator=v.identifier)
    at: dt.datetime = attrs.field(validator=v.aware)
    measure: str = attrs.field(validator=v.text(max_length=200, allow_empty=False))
    value: str = attrs.field(validator=v.text(max_length=200), repr=False)
    goal_id: str | None = attrs.field(default=None, validator=v.optional_identifier)


@attrs.frozen
class Opening:
    """What a case starts with: the payload of its first event."""

    case_id: str = attrs.field(validator=v.identifier)
    patient: Patient = attrs.field(validator=v.instance(Patient))
    manager: CaseManager = attrs.field(validator=v.instance(CaseManager))
    model: CareModel = attrs.field(validator=v.instance(CareModel))
    workflow: str = attrs.field(validator=v.identifier)
    team: CareTeam = attrs.field(factory=CareTeam, validator=v.instance(CareTeam))


Payload: TypeAlias = (
    Opening | Assessment | Contact | Appointment | Referral | Outcome | CarePlan | CaseManager
)
"""What a recorded event carries."""

_PAYLOAD_TYPES: Final = get_args(Payload)


def _payload(_inst: object, _attr: object, value: Any) -> None:
    if value is not None and type(value) not in _PAYLOAD_TYPES:
        raise v.fail(
            "payload",
            "type",
            "must be a record: Opening, Assessment, Contact, Appointment, Referral, Outcome, "
            "CarePlan or CaseManager",
        )


EventValue: TypeAlias = str | int | bool | None
"""A value in an event's data: text, a whole number, a flag or nothing."""

EventData: TypeAlias = tuple[tuple[str, EventValue], ...]
"""An event's data as sorted (name, value) pairs."""


def _data_problem(i: int, pair: object) -> Problem | None:
    if not (isinstance(pair, tuple) and len(pair) == 2 and type(pair[0]) is str):  # noqa: PLR2004  # a pair
        return Problem("data", "type", f"entry {i} must be a (name, value) pair")
    name, value = pair
    if not v.IDENTIFIER.fullmatch(name):
        return Problem(f"data[{i}]", "name", "names must be letters, digits and . _ : - /")
    problem: tuple[str, str] | None = None
    if isinstance(value, str):
        if len(value) > 2000 or v.TEXT_CONTROL.search(value):  # noqa: PLR2004  # as free text
            problem = ("text", "must be at most 2000 characters, no control codes")
    elif value is not None and not isinstance(value, int):
        problem = ("type", "must be text, a whole number, True/False or None")
    elif value is not None and not -v.MAX_SAFE_INTEGER <= value <= v.MAX_SAFE_INTEGER:
        problem = ("too_large", "must be a whole number within ±(2**53 - 1)")
    if problem is None:
        return None
    # A name is shown only if it looks like a field name: a caller's key may be personal data.
    return Problem(f"data.{name}" if v.shown_key(name) == name else f"data[{i}]", *problem)


def _by_name(pair: tuple[str, EventValue]) -> str:
    return pair[0]


def _event_data(value: object) -> EventData:
    """Return event data as (name, value) pairs sorted by name, or raise naming every bad entry.

    `CaseEvent`, `casekit.lifecycle.apply` and `casekit.serialization` all read data through this
    one function, so a case read from a document holds only what apply would have recorded.
    """
    if value is None:
        return ()
    if isinstance(value, Mapping):
        items: list[Any] = list(value.items())
    elif isinstance(value, (list, tuple)):
        items = [tuple(p) if isinstance(p, list) else p for p in value]
    else:
        raise InvalidInputError.one("data", "type", "must be a dict of names to values")
    problems = [p for i, pair in enumerate(items) if (p := _data_problem(i, pair))]
    if problems:
        raise InvalidInputError(problems)
    frozen = tuple(sorted(items, key=_by_name))
    for (a, _), (b, _) in itertools.pairwise(frozen):
        if a == b:
            raise InvalidInputError.one(
                f"data.{v.shown_key(a)}", "duplicate", "is given more than once"
            )
    return frozen


@attrs.frozen
class CaseEvent:
    """One fact in a case's history.

    Args:
        seq: position in the history, from 1, without gaps.
        event_id: a unique id; re-sending an event with the same id and content is a no-op.
        name: the event's name (a workflow event such as ``"accept"``, or a record such as
            ``"contact_recorded"``).
        from_state: the state before; None for the first event.
        to_state: the state after (equal to *from_state* for records).
        at: effective time; never earlier than the previous event's.
        recorded_at: when it was recorded; later than *at* for backdated events.
        by: who did it.
        data: event parameters as sorted (name, value) pairs.
        payload: the record a record event adds (an `Assessment`, a `Contact`, ...).
        override_reason: set when a guard was overridden, with the reason given.
    """

    seq: int = attrs.field(validator=v.non_negative_int)
    event_id: str = attrs.field(validator=v.identifier)
    name: str = attrs.field(validator=v.identifier)
    from_state: str | None = attrs.field(validator=v.optional_identifier)
    to_state: str = attrs.field(validator=v.identifier)
    at: dt.datetime = attrs.field(validator=v.aware)
    recorded_at: dt.datetime = attrs.field(validator=v.aware)
    by: str = attrs.field(validator=v.identifier)
    data: EventData = attrs.field(default=(), converter=_event_data)
    payload: Payload | None = attrs.field(default=None, validator=_payload)
    override_reason: str | None = attrs.field(
        default=None, validator=v.optional_text(max_length=2000)
    )

    def datum(self, name: str, default: EventValue = None) -> EventValue:
        """Return the data value called *name*, or *default*."""
        for key, value in self.data:
            if key == name:
                return value
        return default


@attrs.frozen
class Case:
    """One patient's case: who, which model, its state, its records and its history.

    Build one with `casekit.lifecycle.open_case`; change it with the domain verbs in this module
    and with `casekit.lifecycle.apply`. Equality compares every field, history included.
    """

    id: str = attrs.field(validator=v.identifier)
    patient: Patient = attrs.field(validator=v.instance(Patient))
    manager: CaseManager = attrs.field(validator=v.instance(CaseManager))
    model: CareModel = attrs.field(validator=v.instance(CareModel))
    state: str = attrs.field(validator=v.identifier)
    opened_at: dt.datetime = attrs.field(validator=v.aware)
    workflow: str = attrs.field(validator=v.identifier)
    team: CareTeam = attrs.field(factory=CareTeam, validator=v.instance(CareTeam))
    assessments: tuple[Assessment, ...] = attrs.field(default=(), validator=v.tuple_of(Assessment))
    care_plans: tuple[CarePlan, ...] = attrs.field(default=(), validator=v.tuple_of(CarePlan))
    contacts: tuple[Contact, ...] = attrs.field(default=(), validator=v.tuple_of(Contact))
    appointments: tuple[Appointment, ...] = attrs.field(
        default=(), validator=v.tuple_of(Appointment)
    )
    referrals: tuple[Referral, ...] = attrs.field(default=(), validator=v.tuple_of(Referral))
    outcomes: tuple[Outcome, ...] = attrs.field(default=(), validator=v.tuple_of(Outcome))
    history: tuple[CaseEvent, ...] = attrs.field(default=(), validator=v.tuple_of(CaseEvent))

    @property
    def latest_assessment(self) -> Assessment | None:
        """The most recently recorded assessment, if any."""
        return self.assessments[-1] if self.assessments else None

    @property
    def latest_care_plan(self) -> CarePlan | None:
        """The most recently recorded care plan, if any."""
        return self.care_plans[-1] if self.care_plans else None

    @property
    def open_referrals(self) -> tuple[Referral, ...]:
        """Referrals still requested, received, accepted or in progress."""
        return tuple(r for r in self.referrals if r.status.is_open)


RECORD_EVENTS: Final = frozenset(
    {
        "assessment_recorded",
        "care_plan_recorded",
        "contact_recorded",
        "appointment_scheduled",
        "referral_added",
        "outcome_recorded",
        "manager_assigned",
    }
)
"""The names of the events the domain verbs record; they never change a case's state."""


_CASE_SETTERS: Final = tuple((a.name, Case.__dict__[a.name].__set__) for a in attrs.fields(Case))


def _evolved(case: Case, **changes: Any) -> Case:
    # attrs.evolve without the validators: fold's parts are valid already (a Case, and a record
    # its own class checked), and checking every record and event again on each fold would
    # make replaying a history quadratic in its length.
    new: Case = object.__new__(Case)
    for name, put in _CASE_SETTERS:
        put(new, changes[name] if name in changes else getattr(case, name))
    return new


def fold(case: Case, event: CaseEvent) -> Case:  # noqa: PLR0911  # one return per record kind
    """Return *case* with the record carried by *event* added (advanced: used by replay).

    Raises:
        InvalidInputError: if the event is not a record event or carries the wrong payload.
    """
    p = event.payload
    history = (*case.history, event)
    match event.name, p:
        case "assessment_recorded", Assessment():
            return _evolved(case, assessments=(*case.assessments, p), history=history)
        case "care_plan_recorded", CarePlan():
            return _evolved(case, care_plans=(*case.care_plans, p), history=history)
        case "contact_recorded", Contact():
            return _evolved(case, contacts=(*case.contacts, p), history=history)
        case "appointment_scheduled", Appointment():
            return _evolved(case, appointments=(*case.appointments, p), history=history)
        case "referral_added", Referral():
            return _evolved(case, referrals=_upsert(case.referrals, p), history=history)
        case "outcome_recorded", Outcome():
            return _evolved(case, outcomes=(*case.outcomes, p), history=history)
        case "manager_assigned", CaseManager():
            return _evolved(case, manager=p, history=history)
    raise InvalidInputError.one(
        "payload", "payload_mismatch", f"event {event.name!r} does not carry the record it needs"
    )


def rebuild(history: tuple[CaseEvent, ...]) -> Case:  # noqa: C901, PLR0912  # one pass, every check
    """Return the case that *history* describes, checking that the log hangs together.

    This is how a stored case is read back: the history is the source of truth, and every
    record and the current state follow from it. It checks the log's own consistency (an
    ``opened`` event first, positions 1, 2, 3... without gaps, each transition leaving the state
    the previous one entered, effective times never going backwards), not a workflow's rules:
    `casekit.lifecycle.replay` does that.

    Raises:
        InvalidInputError: naming the position of every event that does not fit.

    Examples:
        >>> import pendulum
        >>> from casekit.lifecycle import open_case
        >>> from casekit.people import CaseManager, PersonName, Patient
        >>> case = open_case("case-9", patient=Patient("pt-9", PersonName("Synthetic"),
        ...     pendulum.date(1950, 1, 1)), manager=CaseManager("cm-1"), model=CareModel.CLINICAL,
        ...     at=pendulum.datetime(2025, 1, 6, tz="UTC"), by="cm-1")
        >>> rebuild(case.history) == case
        True
    """
    if not history:
        raise InvalidInputError.one("history", "empty", "must hold at least the opened event")
    first = history[0]
    opening = first.payload
    if first.name != "opened" or not isinstance(opening, Opening) or first.from_state is not None:
        raise InvalidInputError.one(
            "history[0]", "not_opened", "must be the 'opened' event carrying an Opening"
        )
    problems: list[str] = []
    records: dict[str, list[Any]] = {name: [] for name in _RECORD_FIELDS.values()}
    manager, state, previous = opening.manager, first.to_state, first
    referrals: dict[str, Referral] = {}
    for index, event in enumerate(history):
        where = f"history[{index}]"
        if event.seq != index + 1:
            problems.append(f"{where}.seq")
        if index == 0:
            continue
        if event.at < previous.at:
            problems.append(f"{where}.at")
        previous = event
        if event.name == "opened":
            problems.append(f"{where}.name")
        elif event.name in RECORD_EVENTS:
            p = event.payload
            if not isinstance(p, _RECORD_TYPES[event.name]):
                problems.append(f"{where}.payload")
            elif isinstance(p, CaseManager):
                manager = p
            elif isinstance(p, Referral):
                referrals[p.id] = p
            else:
                records[_RECORD_FIELDS[event.name]].append(p)
        elif event.from_state != state:
            problems.append(f"{where}.from_state")
        else:
            state = event.to_state
    if problems:
        raise InvalidInputError(
            Problem(path, "inconsistent_history", _HISTORY_FAULTS[path.rsplit(".", 1)[1]])
            for path in problems
        )
    return Case(
        opening.case_id,
        opening.patient,
        manager,
        opening.model,
        state,
        first.at,
        opening.workflow,
        opening.team,
        tuple(records["assessments"]),
        tuple(records["care_plans"]),
        tuple(records["contacts"]),
        tuple(records["appointments"]),
        tuple(referrals.values()),
        tuple(records["outcomes"]),
        history,
    )


_RECORD_FIELDS: Final = {
    "assessment_recorded": "assessments",
    "care_plan_recorded": "care_plans",
    "contact_recorded": "contacts",
    "appointment_scheduled": "appointments",
    "outcome_recorded": "outcomes",
}
_RECORD_TYPES: Final[dict[str, type]] = {
    "assessment_recorded": Assessment,
    "care_plan_recorded": CarePlan,
    "contact_recorded": Contact,
    "appointment_scheduled": Appointment,
    "referral_added": Referral,
    "outcome_recorded": Outcome,
    "manager_assigned": CaseManager,
}
_HISTORY_FAULTS: Final = {
    "seq": "must be the event's position, counting from 1, with no gaps",
    "at": "is earlier than the previous event's effective time",
    "name": "only the first event may be 'opened'",
    "payload": "does not carry the record this event names",
    "from_state": "does not match the state the previous transition entered",
}


def _upsert(referrals: tuple[Referral, ...], referral: Referral) -> tuple[Referral, ...]:
    # A referral re-added with the same id replaces the old one in place (its status moved on).
    if any(r.id == referral.id for r in referrals):
        return tuple(referral if r.id == referral.id else r for r in referrals)
    return (*referrals, referral)


def _record(
    case: Case,
    name: str,
    payload: Payload,
    *,
    at: dt.datetime,
    by: str,
    recorded_at: dt.datetime | None,
    event_id: str | None,
) -> Case:
    seq = len(case.history) + 1
    event = CaseEvent(
        seq,
        event_id if event_id is not None else f"{case.id}.{seq}",
        name,
        case.state,
        case.state,
        at,
        at if recorded_at is None else recorded_at,
        by,
        (),
        payload,
    )
    for earlier in case.history:
        if earlier.event_id == event.event_id:
            if _same_content(earlier, event):
                return case
            raise InvalidInputError.one(
                "event_id",
                "event_id_reused",
                "is already in the history with different content; use a new event id",
            )
    if case.history and at < case.history[-1].at:
        raise InvalidInputError.one(
            "at",
            "time_went_backwards",
            "is earlier than the previous event's effective time; events are recorded in "
            "order (backdate the record itself, such as a contact's own time, instead)",
        )
    return fold(case, event)


def _same_content(a: CaseEvent, b: CaseEvent) -> bool:
    """Whether two events say the same thing (position and recording time aside)."""
    return (a.name, a.at, a.by, a.data, a.payload, a.override_reason) == (
        b.name,
        b.at,
        b.by,
        b.data,
        b.payload,
        b.override_reason,
    )


def _checked(value: object, kind: type, field: str) -> None:
    if not isinstance(value, kind):
        raise InvalidInputError.one(field, "type", f"must be a {kind.__name__}")


def record_assessment(
    case: Case,
    assessment: Assessment,
    *,
    at: dt.datetime,
    by: str,
    recorded_at: dt.datetime | None = None,
    event_id: str | None = None,
) -> Case:
    """Return *case* with *assessment* recorded (event ``assessment_recorded``)."""
    _checked(assessment, Assessment, "assessment")
    return _record(
        case,
        "assessment_recorded",
        assessment,
        at=at,
        by=by,
        recorded_at=recorded_at,
        event_id=event_id,
    )


def record_care_plan(
    case: Case,
    plan: CarePlan,
    *,
    at: dt.datetime,
    by: str,
    recorded_at: dt.datetime | None = None,
    event_id: str | None = None,
) -> Case:
    """Return *case* with *plan* recorded as its latest care plan (event ``care_plan_recorded``)."""
    _checked(plan, CarePlan, "plan")
    return _record(
        case, "care_plan_recorded", plan, at=at, by=by, recorded_at=recorded_at, event_id=event_id
    )


def record_contact(
    case: Case,
    contact: Contact,
    *,
    at: dt.datetime,
    by: str,
    recorded_at: dt.datetime | None = None,
    event_id: str | None = None,
) -> Case:
    """Return *case* with *contact* recorded (event ``contact_recorded``).

    The contact keeps its own time, which may be earlier than *at* (documentation after the
    fact); *at* is when the record takes effect in the case.
    """
    _checked(contact, Contact, "contact")
    return _record(
        case,
        "contact_recorded",
        contact,
        at=at,
        by=by,
        recorded_at=recorded_at,
        event_id=event_id,
    )


def schedule_appointment(
    case: Case,
    appointment: Appointment,
    *,
    at: dt.datetime,
    by: str,
    recorded_at: dt.datetime | None = None,
    event_id: str | None = None,
) -> Case:
    """Return *case* with *appointment* scheduled (event ``appointment_scheduled``)."""
    _checked(appointment, Appointment, "appointment")
    return _record(
        case,
        "appointment_scheduled",
        appointment,
        at=at,
        by=by,
        recorded_at=recorded_at,
        event_id=event_id,
    )


def add_referral(
    case: Case,
    referral: Referral,
    *,
    at: dt.datetime,
    by: str,
    recorded_at: dt.datetime | None = None,
    event_id: str | None = None,
) -> Case:
    """Return *case* with *referral* added, or updated if one with its id exists.

    Adding a referral whose id is already in the case replaces it: that is how a referral's
    status moves on (event ``referral_added``).
    """
    _checked(referral, Referral, "referral")
    return _record(
        case, "referral_added", referral, at=at, by=by, recorded_at=recorded_at, event_id=event_id
    )


def record_outcome(
    case: Case,
    outcome: Outcome,
    *,
    at: dt.datetime,
    by: str,
    recorded_at: dt.datetime | None = None,
    event_id: str | None = None,
) -> Case:
    """Return *case* with *outcome* recorded (event ``outcome_recorded``)."""
    _checked(outcome, Outcome, "outcome")
    return _record(
        case,
        "outcome_recorded",
        outcome,
        at=at,
        by=by,
        recorded_at=recorded_at,
        event_id=event_id,
    )


def assign_manager(
    case: Case,
    manager: CaseManager,
    *,
    at: dt.datetime,
    by: str,
    recorded_at: dt.datetime | None = None,
    event_id: str | None = None,
) -> Case:
    """Return *case* with *manager* as its case manager (event ``manager_assigned``)."""
    _checked(manager, CaseManager, "manager")
    return _record(
        case,
        "manager_assigned",
        manager,
        at=at,
        by=by,
        recorded_at=recorded_at,
        event_id=event_id,
    )
