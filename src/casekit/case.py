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
import operator
import re
import threading
import weakref
from collections.abc import Mapping, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any, Final, TypeAlias, get_args

import attrs

from casekit import _unchecked
from casekit import _validate as v
from casekit._vector import EMPTY, Vector, memo, remember, vector
from casekit.assessment import Assessment
from casekit.careplan import CarePlan
from casekit.codes import Code
from casekit.errors import InvalidInputError, Problem
from casekit.limits import refuse_long_log
from casekit.people import CareTeam, CaseManager, Patient

if TYPE_CHECKING:
    from casekit.lifecycle import Workflow

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
    "Vector",
    "add_referral",
    "assign_manager",
    "change_model",
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
    """A referral to another provider or service, and the goals and needs it serves.

    ``to`` is the receiving provider's id. It need not be on the case's care team: a referral
    usually goes to someone who is not on it yet; `Case.referrals_outside_team` lists those
    that are not, for an application that wants every referral to go to the team.

    Examples:
        >>> import pendulum
        >>> r = Referral("rf-1", "prov-3", pendulum.datetime(2025, 3, 5, tz="UTC"),
        ...              goal_ids=["g-1"])
        >>> r.status.value, r.status.is_open, r.goal_ids
        ('requested', True, ('g-1',))
    """

    id: str = attrs.field(validator=v.identifier)
    to: str = attrs.field(validator=v.identifier)
    requested_at: dt.datetime = attrs.field(validator=v.aware)
    service: Code | None = attrs.field(default=None, validator=_OPTIONAL_CODE)
    reason: str = attrs.field(default="", validator=v.text(max_length=2000), repr=False)
    status: ReferralStatus = attrs.field(
        default=ReferralStatus.REQUESTED, validator=v.instance(ReferralStatus)
    )
    goal_ids: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=v.freeze, validator=v.tuple_of(str)
    )
    """The ids of the care-plan goals the referral serves."""
    need_ids: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=v.freeze, validator=v.tuple_of(str)
    )
    """The ids of the assessed needs the referral serves."""


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


_FINGERPRINT: Final = re.compile(r"[0-9a-f]{64}")


def _fingerprint(_inst: object, attribute: Any, value: Any) -> None:
    if value is not None and (type(value) is not str or not _FINGERPRINT.fullmatch(value)):
        raise v.fail(attribute.name, "fingerprint", "must be None or 64 lower-case hex digits")


@attrs.frozen
class Opening:
    """What a case starts with: the payload of its first event.

    Args:
        case_id: the case's id.
        patient: who the case is about.
        manager: the case manager it starts with.
        model: the case-management model.
        workflow: the id of the workflow it runs under.
        team: the care team.
        fingerprint: the `casekit.lifecycle.Workflow.fingerprint` of that workflow when the
            case opened; None only in documents written before casekit recorded it.

    Examples:
        >>> import pendulum
        >>> from casekit.people import PersonName
        >>> o = Opening("case-1", Patient("pt-1", PersonName("Synthetic"), pendulum.date(1961,
        ...             4, 2)), CaseManager("cm-1"), CareModel.CLINICAL, "standard")
        >>> o.workflow, o.fingerprint
        ('standard', None)
    """

    case_id: str = attrs.field(validator=v.identifier)
    patient: Patient = attrs.field(validator=v.instance(Patient))
    manager: CaseManager = attrs.field(validator=v.instance(CaseManager))
    model: CareModel = attrs.field(validator=v.instance(CareModel))
    workflow: str = attrs.field(validator=v.identifier)
    team: CareTeam = attrs.field(factory=CareTeam, validator=v.instance(CareTeam))
    fingerprint: str | None = attrs.field(default=None, kw_only=True, validator=_fingerprint)


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


def _data_repr(data: EventData) -> str:
    # Event data may hold personal data (a closure note, a receiving provider's name): a repr
    # shows which names are set, never their values.
    return "(" + ", ".join(f"{v.shown_key(name)}=..." for name, _ in data) + ")"


@attrs.frozen
class CaseEvent:
    """One fact in a case's history.

    Its repr shows the names in *data*, never their values, and leaves out the override reason:
    both are free text that may hold personal data.

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

    Examples:
        >>> import pendulum
        >>> at = pendulum.datetime(2025, 5, 1, tz="UTC")
        >>> e = CaseEvent(7, "c.7", "close", "monitoring", "closed", at, at, "cm-1",
        ...               {"closure_reason": "goals_met"}, override_reason="family asked")
        >>> "goals_met" in repr(e), "family" in repr(e), e.datum("closure_reason")
        (False, False, 'goals_met')
    """

    seq: int = attrs.field(validator=v.non_negative_int)
    event_id: str = attrs.field(validator=v.identifier)
    name: str = attrs.field(validator=v.identifier)
    from_state: str | None = attrs.field(validator=v.optional_identifier)
    to_state: str = attrs.field(validator=v.identifier)
    at: dt.datetime = attrs.field(validator=v.aware)
    recorded_at: dt.datetime = attrs.field(validator=v.aware)
    by: str = attrs.field(validator=v.identifier)
    data: EventData = attrs.field(default=(), converter=_event_data, repr=_data_repr)
    payload: Payload | None = attrs.field(default=None, validator=_payload)
    override_reason: str | None = attrs.field(
        default=None, validator=v.optional_text(max_length=2000), repr=False
    )

    def datum(self, name: str, default: EventValue = None) -> EventValue:
        """Return the data value called *name*, or *default*."""
        for key, value in self.data:
            if key == name:
                return value
        return default


def _kept(value: object) -> object:
    """Keep any sequence but text as a `Vector` (attrs converter); leave the rest for the
    validator to refuse."""
    if type(value) is Vector:
        return value
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes, bytearray)):
        return vector(value)
    return value


def _collection(kind: type) -> Any:
    """Return a `Case` collection field: any sequence of *kind*, kept as a `Vector`.

    Its default is the one `EMPTY` vector (immutable, shared by every case).
    """
    return attrs.field(default=EMPTY, converter=_kept, validator=_vector_of(kind))


def _vector_of(kind: type) -> Any:
    """Return the validator of a `Case` collection: a `Vector` of *kind*."""

    def check(_inst: object, attribute: Any, value: Any) -> None:
        if type(value) is not Vector:
            raise v.fail(attribute.name, "type", f"must be a sequence of {kind.__name__}")
        for index, item in enumerate(value):
            if not isinstance(item, kind):
                raise v.fail(f"{attribute.name}[{index}]", "type", f"must be {kind.__name__}")

    return check


class _Index:
    """Where each record id and each caller-given event id sits, for a case and its successors.

    The verbs return new cases that share one `_Index` with the case they came from, and add
    the positions of what they append, so finding a record by id costs the same at any length
    of history (DESIGN principle 10). A position is trusted only if the case at hand holds that
    id there: two cases made from one predecessor (a branch) may have written different
    positions for one id, and then `_position` looks the id up the slow way. The positions are
    found on first use (`_positions`), not when a case is built, so a constructor never reads
    a field before its validator has passed it.

    ``workflow`` is the last workflow found to be the case's (apply's identity check, once per
    line of cases rather than once per call). ``clash`` is True when a stored log holds an id of
    the form ``<case id>.<n>`` away from position n (casekit refuses such ids now, but older
    logs may hold one), and None until the positions are found: default ids are then checked
    before use.
    """

    __slots__ = ("clash", "positions", "workflow")

    def __init__(
        self,
        positions: dict[tuple[str, str], int] | None = None,
        clash: bool | None = None,  # noqa: FBT001  # __reduce__ passes it by position
    ) -> None:
        self.positions = positions
        self.workflow: object = None
        self.clash = clash

    def __reduce__(self) -> tuple[type[_Index], tuple[object, ...]]:
        # A pickled or copied case takes its positions along, not the workflow found: that
        # one is found again on first use (a workflow's guards may not pickle).
        return (_Index, (self.positions, self.clash))


def _default_form(case_id: str, event_id: str) -> bool:
    prefix, _, n = event_id.rpartition(".")
    return prefix == case_id and n.isdigit() and n[0] != "0"


def _free_event_id(case: Case, seq: int) -> str:
    """Return the id an event at *seq* gets when the caller gives none: ``<case id>.<seq>``,
    unless a stored log already holds that id elsewhere."""
    _positions(case)
    event_id = _default_event_id(case.id, seq)
    k = 0
    while case._index.clash and _event_position(case, event_id) is not None:  # noqa: SLF001
        k += 1
        event_id = f"{case.id}.{seq}:{k}"
    return event_id


def _default_event_id(case_id: str, seq: int) -> str:
    return f"{case_id}.{seq}"


def _positions(case: Case) -> dict[tuple[str, str], int]:
    """Return the case's positions by (collection, id), finding them on first use."""
    index = case._index  # noqa: SLF001  # this module's
    positions = index.positions
    if positions is None:
        with _BUILDING:  # one build per index, even when threads meet on a new case
            if index.positions is None:  # pragma: no branch  # else another thread built it
                _build_positions(case, index)
            positions = index.positions
    return positions  # type: ignore[return-value]  # built just above


_BUILDING: Final = threading.Lock()


def _build_positions(case: Case, index: _Index) -> None:
    positions: dict[tuple[str, str], int] = {}
    for field in _RECORD_FIELDS.values():
        for i, record in enumerate(getattr(case, field)):
            positions[field, record.id] = i
    clash = False
    for i, event in enumerate(case.history):
        if event.event_id != _default_event_id(case.id, i + 1):
            positions["history", event.event_id] = i
            clash = clash or _default_form(case.id, event.event_id)
    index.positions, index.clash = positions, clash


@attrs.frozen
class Case:
    """One patient's case: who, which model, its state, its records and its history.

    Build one with `casekit.lifecycle.open_case`; change it with the domain verbs in this module
    and with `casekit.lifecycle.apply`. Equality compares every field, history included. Each
    collection holds the latest version of each record, in the order the records were first
    added; earlier versions stay in the history. Any sequence given for a collection is kept
    as a `Vector`: an immutable sequence that equals the tuple of its items, and that a verb
    extends or revises without copying it, so the verbs cost the same at any age of a case.

    Examples:
        >>> from casekit.lifecycle.examples import example_case
        >>> case = example_case("planning")
        >>> case.state, case.workflow, len(case.workflow_fingerprint or "")
        ('planning', 'standard', 64)
    """

    id: str = attrs.field(validator=v.identifier)
    patient: Patient = attrs.field(validator=v.instance(Patient))
    manager: CaseManager = attrs.field(validator=v.instance(CaseManager))
    model: CareModel = attrs.field(validator=v.instance(CareModel))
    state: str = attrs.field(validator=v.identifier)
    opened_at: dt.datetime = attrs.field(validator=v.aware)
    workflow: str = attrs.field(validator=v.identifier)
    team: CareTeam = attrs.field(factory=CareTeam, validator=v.instance(CareTeam))
    assessments: Vector[Assessment] = _collection(Assessment)  # noqa: RUF009  # immutable
    care_plans: Vector[CarePlan] = _collection(CarePlan)  # noqa: RUF009  # immutable
    contacts: Vector[Contact] = _collection(Contact)  # noqa: RUF009  # immutable
    appointments: Vector[Appointment] = _collection(Appointment)  # noqa: RUF009  # immutable
    referrals: Vector[Referral] = _collection(Referral)  # noqa: RUF009  # immutable
    outcomes: Vector[Outcome] = _collection(Outcome)  # noqa: RUF009  # immutable
    history: Vector[CaseEvent] = _collection(CaseEvent)  # noqa: RUF009  # immutable
    _index: _Index = attrs.field(
        init=False,
        eq=False,
        repr=False,
        factory=_Index,
        alias="_index",
    )

    @property
    def workflow_fingerprint(self) -> str | None:
        """The fingerprint of the workflow the case was opened under, from its opening event.

        None for a case stored before casekit recorded it (its workflow is then known by id
        alone).
        """
        opening = self.history[0].payload if self.history else None
        return opening.fingerprint if isinstance(opening, Opening) else None

    @property
    def latest_assessment(self) -> Assessment | None:
        """The most recently added assessment (in its latest version), if any."""
        tail = self.assessments._tail  # noqa: SLF001  # the last items: one read on guards' path
        return tail[-1] if tail else None

    @property
    def latest_care_plan(self) -> CarePlan | None:
        """The most recently added care plan (in its latest version), if any."""
        tail = self.care_plans._tail  # noqa: SLF001  # as latest_assessment
        return tail[-1] if tail else None

    @property
    def open_referrals(self) -> tuple[Referral, ...]:
        """Referrals still requested, received, accepted or in progress."""
        return tuple(r for r in self.referrals if r.status.is_open)

    @property
    def referrals_outside_team(self) -> tuple[Referral, ...]:
        """Referrals to a provider who is not a professional on the care team.

        Empty when the team lists no professionals (there is nothing to check against).
        """
        staff = {m.party_id for m in self.team.members if not m.informal}
        return tuple(r for r in self.referrals if staff and r.to not in staff)


RECORD_EVENTS: Final = frozenset(
    {
        "assessment_recorded",
        "care_plan_recorded",
        "contact_recorded",
        "appointment_scheduled",
        "referral_added",
        "outcome_recorded",
        "manager_assigned",
        "model_changed",
    }
)
"""The names of the events the domain verbs record; they never change a case's state."""

_RECORD_FIELDS: Final = {
    "assessment_recorded": "assessments",
    "care_plan_recorded": "care_plans",
    "contact_recorded": "contacts",
    "appointment_scheduled": "appointments",
    "referral_added": "referrals",
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
    "model_changed": type(None),  # its model and reason are in the event's data
}

_NO_COLLECTION: Final = frozenset({"manager_assigned", "model_changed"})
"""Record events that change a field of the case rather than add to a collection."""


def _changed_model(event: CaseEvent) -> CareModel | None:
    """Return the model a ``model_changed`` event moves to, or None if its data is not a
    known model with a reason (a log edited by hand)."""
    model, reason = event.datum("model"), event.datum("reason")
    if type(reason) is not str or not reason.strip() or model not in _MODELS:
        return None
    return CareModel(model)


_MODELS: Final = frozenset(m.value for m in CareModel)

_replace: Final = _unchecked.replacer(Case)
_ID: Final = operator.attrgetter("id")
_EVENT_ID: Final = operator.attrgetter("event_id")
_build: Final = _unchecked.builder(Case)


def _position(case: Case, field: str, records: Vector[Any], record_id: str) -> int | None:
    """Return where the record *record_id* is in *records* (the case's *field*), or None."""
    at = _positions(case).get((field, record_id))
    if at is None:
        return None
    if at < len(records) and records[at].id == record_id:
        return at
    # The position was written by another branch of this line of cases: look it up.
    return _index_in(list(map(_ID, records)), record_id)


def _index_in(ids: list[str], wanted: str) -> int | None:
    # list.index runs in C: a lookup after a branch costs a fraction of a Python loop.
    try:
        return ids.index(wanted)
    except ValueError:
        return None


def _event_position(case: Case, event_id: str) -> int | None:
    """Return where *event_id* is in the case's history, or None."""
    history = case.history
    at = _positions(case).get(("history", event_id))
    if at is not None:
        if at < len(history) and history[at].event_id == event_id:
            return at
        return _index_in(list(map(_EVENT_ID, history)), event_id)
    # A default id names its position.
    if _default_form(case.id, event_id):
        n = int(event_id.rpartition(".")[2])
        if n <= len(history) and history[n - 1].event_id == event_id:
            return n - 1
    return None


def fold(case: Case, event: CaseEvent) -> Case:
    """Return *case* with the record carried by *event* added or revised (advanced).

    A record whose id the case holds replaces that version where it stands; a new id is
    appended. Nothing else is checked: the verbs and `casekit.lifecycle.replay` check first.

    Raises:
        InvalidInputError: if the event is not a record event or carries the wrong payload.

    Examples:
        >>> import pendulum
        >>> from casekit.lifecycle.examples import example_case
        >>> case = example_case("monitoring")
        >>> at = case.history[-1].at
        >>> call = Contact("ct-1", ContactMode.PHONE, at, 10, "cm-1")
        >>> event = CaseEvent(len(case.history) + 1, "x-1", "contact_recorded", case.state,
        ...                   case.state, at, at, "cm-1", payload=call)
        >>> fold(case, event).contacts == (call,)
        True
    """
    pair: tuple[object, object] = (case, event)  # checked at run time too
    if not (isinstance(pair[0], Case) and isinstance(pair[1], CaseEvent)):
        raise InvalidInputError.one("event", "type", "fold takes a Case and a CaseEvent")
    p = event.payload
    if isinstance(p, CaseManager) and event.name == "manager_assigned":
        return _replace(case, manager=p, history=_appended(case, event))
    if event.name == "model_changed":
        model = _changed_model(event)
        if model is None:
            raise InvalidInputError.one(
                "data", "model_change", "a model change carries a known model and a reason"
            )
        return _replace(case, model=model, history=_appended(case, event))
    field = _RECORD_FIELDS.get(event.name)
    if field is None or type(p) is not _RECORD_TYPES[event.name]:
        raise InvalidInputError.one(
            "payload", "payload_mismatch", "the event does not carry the record it names"
        )
    records: Vector[Any] = getattr(case, field)
    at = _position(case, field, records, p.id)  # type: ignore[union-attr]  # a record
    return _folded(case, event, field, records, at)


def _folded(case: Case, event: CaseEvent, field: str, records: Vector[Any], at: int | None) -> Case:
    """Return *case* with *event*'s record at *at* in *field* (None: appended), the
    collection's digest carried along."""
    history = _appended(case, event)  # first: it refuses a log past the budget
    p: Any = event.payload
    positions = _positions(case)
    if at is None:
        where, old = len(records), None
        positions[field, p.id] = where
        revised = records.append(p)
    else:
        where, old = at, records[at]
        revised = records.set(at, p)
    carry = _CARRIED.get(field)
    if carry is not None:
        found = memo(records) if records else _FIRST[field]
        if found is not None:
            found = carry(found, old, p, where)
            if found is not None:
                remember(revised, found)
    return _replace(case, **{field: revised, "history": history})


def _appended(case: Case, event: CaseEvent) -> Vector[CaseEvent]:
    """Return the case's history with *event* appended, its id's position noted if the
    caller gave the id, or refuse it past the ``events_per_log`` budget."""
    refuse_long_log(len(case.history) + 1)
    if event.event_id != _default_event_id(case.id, event.seq):
        _positions(case)["history", event.event_id] = len(case.history)
    return case.history.append(event)


# --- digests: what monitoring reads of a collection ---------------------------------------------
#
# Monitoring (`casekit.careplan.monitor`) asks a case for the latest day of its contacts and of
# its assessments; per provider, the last attended appointment and the no-shows after it; and
# the referrals still only requested. Records are not kept in time order (backdated contacts,
# appointments booked ahead), so reading them to answer costs work in proportion to the case's
# age. Instead each such collection's `Vector` carries a digest as its memo: derived from the
# items the first time it is asked for (a case read from a document, replayed, or built by
# hand), and carried by the verbs from the vector they extend in constant work (`_folded`). A
# change whose digest cannot be told cheaply (a revision that takes away the latest day, a
# digest grown past `_DIGEST_MAX` entries) leaves it to be derived again when next asked for.
# Days are ordinals of each record's own date (``at.toordinal()``, its wall-clock date).

_DIGEST_MAX: Final = 64
"""The most no-shows per provider, or requested referrals, a verb carries in a digest."""

_Attendance: TypeAlias = dict[str, tuple[int, int, tuple[int, ...]]]
"""Per provider: the latest day of any attended or missed appointment (an upper bound: a
revision may leave it later than any), the last attended day (0 for none), and the sorted days
of the no-shows after it."""

_Requests: TypeAlias = tuple[tuple[int, str, int], ...]
"""Per referral still only requested, in the collection's order: its position, id and the day
it was requested."""

_FULFILLED: Final = AppointmentStatus.FULFILLED
_NOSHOW: Final = AppointmentStatus.NOSHOW
_REQUESTED: Final = ReferralStatus.REQUESTED
_NO_ATTENDANCE: Final[_Attendance] = {}  # never changed: every carry builds a new dict
_UNSEEN: Final = (0, 0, ())


def _latest_day(records: Vector[Any], day: int) -> int:
    """Return the latest day of *records* (contacts or assessments) on or before *day*, 0 if
    none: from the digest (the latest day of all), reading the records only if that is later."""
    if not records:
        return 0
    latest = memo(records)
    if latest is None:
        latest = max([r.at.toordinal() for r in records])
        remember(records, latest)
    if latest > day:  # type: ignore[operator]  # a record after the day: leave those out
        return max([d for r in records if (d := r.at.toordinal()) <= day], default=0)
    return latest  # type: ignore[return-value]  # the memo of a vector of records with .at


def _carry_latest(found: int, old: Any, new: Any, _where: int) -> int | None:
    day: int = new.at.toordinal()
    if old is not None:
        gone: int = old.at.toordinal()
        if gone >= found > day:  # the latest day may have gone with the old version
            return None
    return max(found, day)


def _attendance(records: Vector[Appointment]) -> _Attendance:
    """Return the attendance digest (`_Attendance`) of a case's appointments."""
    found = memo(records)
    if found is None:
        attended: dict[str, int] = {}
        missed: dict[str, list[int]] = {}
        for a in records:
            if a.status is _FULFILLED:
                day = a.at.toordinal()
                if day > attended.get(a.provider, 0):
                    attended[a.provider] = day
            elif a.status is _NOSHOW:
                missed.setdefault(a.provider, []).append(a.at.toordinal())
        digest: _Attendance = {}
        for provider in dict.fromkeys([*attended, *missed]):
            last = attended.get(provider, 0)
            days = missed.get(provider, [])
            after = tuple(sorted(d for d in days if d > last))
            digest[provider] = (max([last, *days]), last, after)
        remember(records, digest)
        found = digest
    return found  # type: ignore[return-value]  # the memo of a vector of appointments


def _sessions(records: Vector[Appointment], provider: str, day: int) -> tuple[int, int | None]:
    """Return the last day attended with *provider* on or before *day* (0 if none), and the
    first no-show after it on or before *day* (None if none): from the digest, reading the
    appointments only if the provider has one after *day*."""
    if not records:
        return 0, None
    top, last, missed = _attendance(records).get(provider, _UNSEEN)
    if top <= day:
        return last, missed[0] if missed else None
    mine = [
        (a.status, d) for a in records if a.provider == provider and (d := a.at.toordinal()) <= day
    ]
    last = max([d for status, d in mine if status is _FULFILLED], default=0)
    first = min([d for status, d in mine if status is _NOSHOW and d > last], default=None)
    return last, first


def _carry_attendance(
    found: _Attendance, old: Appointment | None, new: Appointment, _where: int
) -> _Attendance | None:
    if old is not None and (old.status is _FULFILLED or old.status is _NOSHOW):
        top, last, missed = found[old.provider]
        gone = old.at.toordinal()
        if old.status is _FULFILLED:
            if gone >= last:  # the last attended session may have gone
                return None
        elif gone > last:  # one of the no-shows after it
            i = missed.index(gone)
            found = {**found, old.provider: (top, last, missed[:i] + missed[i + 1 :])}
    status = new.status
    if status is not _FULFILLED and status is not _NOSHOW:
        return found
    day = new.at.toordinal()
    top, last, missed = found.get(new.provider, _UNSEEN)
    if status is _FULFILLED:
        if day > last:
            last, missed = day, tuple(d for d in missed if d > day)
    elif day > last:
        if len(missed) >= _DIGEST_MAX:
            return None
        missed = tuple(sorted((*missed, day)))
    return {**found, new.provider: (max(top, day), last, missed)}


def _requested(records: Vector[Referral]) -> _Requests:
    """Return the referrals still only requested (`_Requests`), from the digest."""
    if not records:
        return ()
    found = memo(records)
    if found is None:
        found = tuple(
            (i, r.id, r.requested_at.toordinal())
            for i, r in enumerate(records)
            if r.status is _REQUESTED
        )
        remember(records, found)
    return found  # type: ignore[return-value]  # the memo of a vector of referrals


def _carry_requests(
    found: _Requests, old: Referral | None, new: Referral, where: int
) -> _Requests | None:
    if old is not None and old.status is _REQUESTED:
        found = tuple(entry for entry in found if entry[0] != where)
    if new.status is not _REQUESTED:
        return found
    if len(found) >= _DIGEST_MAX:
        return None
    return tuple(sorted((*found, (where, new.id, new.requested_at.toordinal()))))


_CARRIED: Final[dict[str, Any]] = {
    "contacts": _carry_latest,
    "assessments": _carry_latest,
    "appointments": _carry_attendance,
    "referrals": _carry_requests,
}
_FIRST: Final[dict[str, object]] = {
    "contacts": 0,
    "assessments": 0,
    "appointments": _NO_ATTENDANCE,
    "referrals": (),
}
"""Each carried collection's digest when it is empty."""


# --- links between records --------------------------------------------------------------------


def _need_ids(assessments: Sequence[Assessment]) -> set[str]:
    return {n.id for a in assessments for n in a.needs if n.id is not None}


def _goal_ids(plans: Sequence[CarePlan]) -> set[str]:
    return {g.id for p in plans for g in p.goals}


def _dangling(path: str, ids: tuple[str, ...], known: set[str], what: str) -> list[Problem]:
    return [
        Problem(f"{path}[{i}]", "dangling_reference", f"names no {what} of the case")
        for i, ref in enumerate(ids)
        if ref not in known
    ]


def _link_problems(
    payload: object,
    path: str,
    assessments: Sequence[Assessment],
    plans: Sequence[CarePlan],
) -> list[Problem]:
    """Return a problem for each id in *payload* that names nothing the case holds.

    A goal or an intervention names needs of the case's assessments, an intervention the goals
    of its own plan, an outcome a goal of any plan, a referral goals and needs.
    """
    problems: list[Problem] = []
    if isinstance(payload, CarePlan):
        needs = _need_ids(assessments)
        goals = {g.id for g in payload.goals}
        for i, goal in enumerate(payload.goals):
            problems += _dangling(f"{path}.goals[{i}].need_ids", goal.need_ids, needs, "need")
        for i, item in enumerate(payload.interventions):
            where = f"{path}.interventions[{i}]"
            problems += _dangling(f"{where}.goal_ids", item.goal_ids, goals, "goal of the plan")
            problems += _dangling(f"{where}.need_ids", item.need_ids, needs, "need")
    elif isinstance(payload, Outcome):
        if payload.goal_id is not None and payload.goal_id not in _goal_ids(plans):
            problems.append(
                Problem(f"{path}.goal_id", "dangling_reference", "names no goal of the case")
            )
    elif isinstance(payload, Referral):
        if payload.goal_ids:
            problems += _dangling(f"{path}.goal_ids", payload.goal_ids, _goal_ids(plans), "goal")
        if payload.need_ids:
            needs = _need_ids(assessments)
            problems += _dangling(f"{path}.need_ids", payload.need_ids, needs, "need")
    return problems


_LINKING: Final = frozenset({CarePlan, Outcome, Referral})  # the records `_link_problems` reads


# --- reading a history back --------------------------------------------------------------------


class _Folder:
    """A history being read one event at a time: the records so far, and the state.

    `rebuild` and `casekit.lifecycle.replay` read a log through one `_Folder`, so a log costs
    work in proportion to its length. On replay the log and the records are kept in `Vector`s
    as they are read, and a `Case` built from them (`case`, for a guard) shares them; `rebuild`
    asks for the case once, at the end, so with *bulk* they are lists, made `Vector`s once
    then (appending to a list is a tenth of the cost of a persistent append).
    """

    def __init__(self, first: CaseEvent, opening: Opening, *, bulk: bool = False) -> None:
        self.opening = opening
        self.first = first
        self.bulk = bulk
        self.records: dict[str, Any] = (
            {field: [] for field in _RECORD_FIELDS.values()}
            if bulk
            else dict.fromkeys(_RECORD_FIELDS.values(), EMPTY)
        )
        self.positions: dict[tuple[str, str], int] = {}
        self.manager = opening.manager
        self.model = opening.model
        self.state = first.to_state
        self.came_from: str | None = None
        self.log: Any = [] if bulk else EMPTY
        self.clash = False
        self.ids: set[str] = {first.event_id}
        self._append(first)

    def find(self, name: str, record_id: str) -> Any:
        """Return the current version of the record *record_id* of the kind *name* records."""
        field = _RECORD_FIELDS[name]
        at = self.positions.get((field, record_id))
        return None if at is None else self.records[field][at]

    def _append(self, event: CaseEvent) -> None:
        if self.bulk:
            self.log.append(event)  # a list
        else:
            self.log = self.log.append(event)  # a Vector, persistent
        n = len(self.log)
        case_id = self.opening.case_id
        if event.event_id != _default_event_id(case_id, n):
            self.positions["history", event.event_id] = n - 1
            self.clash = self.clash or _default_form(case_id, event.event_id)

    def add(self, event: CaseEvent) -> None:
        """Take in a record event (its payload checked already)."""
        self._append(event)
        p: Any = event.payload
        if event.name == "manager_assigned":
            self.manager = p
            return
        if event.name == "model_changed":
            self.model = _changed_model(event) or self.model  # checked by the caller
            return
        field = _RECORD_FIELDS[event.name]
        records = self.records[field]
        at = self.positions.get((field, p.id))
        if at is None:
            self.positions[field, p.id] = len(records)
            if self.bulk:
                records.append(p)
            else:
                self.records[field] = records.append(p)
        elif self.bulk:
            records[at] = p
        else:
            self.records[field] = records.set(at, p)

    def move(self, event: CaseEvent) -> None:
        """Take in a transition event."""
        self._append(event)
        if event.to_state != self.state:
            self.came_from = self.state
            self.state = event.to_state

    def case(self) -> Case:
        """Return the case the events so far describe."""
        o, r = self.opening, self.records
        if self.bulk:
            r = {field: vector(items) for field, items in r.items()}
        # The case shares the folder's positions, as a verb's result shares its predecessor's:
        # positions written later lie past the case's own collections, and are not trusted.
        return _build(
            o.case_id,
            o.patient,
            self.manager,
            self.model,
            self.state,
            self.first.at,
            o.workflow,
            o.team,
            r["assessments"],
            r["care_plans"],
            r["contacts"],
            r["appointments"],
            r["referrals"],
            r["outcomes"],
            vector(self.log),
            _Index(self.positions, self.clash),
        )


def _born_after_opening(opening: Opening, at: dt.datetime) -> bool:
    born: object = getattr(opening.patient, "birth_date", None)
    return isinstance(born, dt.date) and born > at.date()


def _events(history: object) -> tuple[CaseEvent, ...]:
    """Return *history* as a tuple of CaseEvents, or refuse it naming each stray item."""
    if not isinstance(history, (tuple, list, Vector)):
        raise InvalidInputError.one("history", "type", "must be a sequence of CaseEvents")
    refuse_long_log(len(history))
    items: tuple[object, ...] = tuple(history)
    if not items:
        raise InvalidInputError.one("history", "empty", "must hold at least the opened event")
    strays = [
        Problem(f"history[{i}]", "type", "must be a CaseEvent")
        for i, e in enumerate(items)
        if not isinstance(e, CaseEvent)
    ]
    if strays:
        raise InvalidInputError(strays)
    return items  # type: ignore[return-value]  # every item checked just above


def rebuild(history: Sequence[CaseEvent]) -> Case:  # noqa: C901, PLR0912  # one pass, every check
    """Return the case that *history* describes, checking that the log hangs together.

    This is how a stored case is read back: the history is the source of truth, and every
    record and the current state follow from it. It checks the log's own consistency, not a
    workflow's rules (`casekit.lifecycle.replay` does that): an ``opened`` event first; positions
    1, 2, 3... without gaps; no event id twice; effective times never going backwards; each
    transition leaving the state the previous one entered and carrying no record; each record
    event carrying its record and leaving the state as it was; every id a record names (a
    goal's needs, an intervention's goals, an outcome's goal, a referral's goals and needs)
    naming something recorded before it; a birth date no later than the opening.

    Raises:
        InvalidInputError: naming ``history[i]`` (and the field) for every event that does
            not fit.

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
    history = _events(history)
    first = history[0]
    opening = first.payload
    if first.name != "opened" or not isinstance(opening, Opening) or first.from_state is not None:
        raise InvalidInputError.one(
            "history[0]", "not_opened", "must be the 'opened' event carrying an Opening"
        )
    problems: list[Problem] = []
    if first.seq != 1:
        problems.append(_fault(0, "seq"))
    if _born_after_opening(opening, first.at):
        problems.append(
            Problem("history[0].payload.patient.birth_date", "after_opening", _AFTER_OPENING)
        )
    folder = _Folder(first, opening, bulk=True)
    previous = first
    for index, event in enumerate(history[1:], start=1):
        if event.seq != index + 1:
            problems.append(_fault(index, "seq"))
        if event.event_id in folder.ids:
            problems.append(_fault(index, "event_id"))
        folder.ids.add(event.event_id)
        if event.at < previous.at:
            problems.append(_fault(index, "at"))
        previous = event
        if event.name == "opened":
            problems.append(_fault(index, "name"))
        elif event.from_state != folder.state:
            problems.append(_fault(index, "from_state"))
        if event.name in RECORD_EVENTS:
            p = event.payload
            if type(p) is not _RECORD_TYPES[event.name]:
                problems.append(_fault(index, "payload"))
                continue
            if event.to_state != event.from_state:
                problems.append(_fault(index, "to_state"))
            if event.name == "model_changed" and _changed_model(event) is None:
                problems.append(_fault(index, "data"))
                continue
            if type(p) in _LINKING:  # paths are spelt only for records that name others
                found = _link_problems(
                    p,
                    f"history[{index}].payload",
                    folder.records["assessments"],
                    folder.records["care_plans"],
                )
                if found:
                    problems += found
                    continue
            folder.add(event)
        elif event.name != "opened":
            if event.payload is not None:
                problems.append(_fault(index, "payload"))
            folder.move(event)
    if problems:
        raise InvalidInputError(problems)
    return _vouched(folder.case())


# Cases known to be what their history records, held by identity (not by equality: hashing a
# case would cost more than the check it saves). A case is frozen, so the proof holds for the
# object's life. Only `rebuild`'s results and cases a check has passed are put here; a case made
# any other way (``Case(...)``, ``attrs.evolve``, a copy, a pickle) is another object, checked
# again. Entries go with their cases; nothing is put here at import.
_CONSISTENT: Final[weakref.WeakValueDictionary[int, Case]] = weakref.WeakValueDictionary()


def _vouched(case: Case) -> Case:
    """Note that *case* is the case its history describes, and return it."""
    _CONSISTENT[id(case)] = case
    return case


def _known_consistent(case: Case) -> bool:
    """Return True if *case* is known to be the case its history describes."""
    return _CONSISTENT.get(id(case)) is case


_AFTER_OPENING: Final = "lies after the day the case opens"
_HISTORY_FAULTS: Final = {
    "seq": "must be the event's position, counting from 1, with no gaps",
    "event_id": "repeats an earlier event's id",
    "at": "is earlier than the previous event's effective time",
    "name": "only the first event may be 'opened'",
    "payload": "does not carry what this event needs: its record, or none for a transition",
    "from_state": "does not match the state the previous event left",
    "to_state": "is a record event but changes the state",
    "data": "does not carry what a model change needs: a known model and a reason",
}


def _fault(index: int, field: str) -> Problem:
    return Problem(f"history[{index}].{field}", "inconsistent_history", _HISTORY_FAULTS[field])


# --- the record verbs ----------------------------------------------------------------------------


_RESERVED_ID: Final = (
    "has the form of another position's default id (<case id>.<n> is the id of event n); "
    "choose another"
)


def _check_event_id(case: Case, event_id: str, seq: int) -> None:
    """Refuse a caller's *event_id* of the form ``<case id>.<n>`` for an event not at *n*.

    Default event ids are ``<case id>.<seq>``; keeping that form for them alone means a
    default id never meets a caller's id.
    """
    if _default_form(case.id, event_id) and event_id != _default_event_id(case.id, seq):
        raise InvalidInputError.one("event_id", "event_id_reserved", _RESERVED_ID)


def _record(
    case: Case,
    name: str,
    payload: Payload | None,
    field: str,
    *,
    at: dt.datetime,
    by: str,
    recorded_at: dt.datetime | None,
    event_id: str | None,
    workflow: object,
    data: EventData = (),
) -> Case:
    if not isinstance(case, Case):
        raise InvalidInputError.one("case", "type", "must be a Case")
    if not isinstance(payload, _RECORD_TYPES[name]):
        kind = _RECORD_TYPES[name].__name__
        raise InvalidInputError.one(field, "type", f"must be a {kind}")
    if not case.history:
        raise InvalidInputError.one(
            "case.history", "not_opened", "is empty; build cases with open_case"
        )
    rules = _record_rules()
    wf = rules.workflow_of(case, workflow)
    seq = len(case.history) + 1
    if event_id is not None:
        given = event_id
    elif case._index.clash is False:  # noqa: SLF001  # this module's
        given = _default_event_id(case.id, seq)
    else:
        given = _free_event_id(case, seq)
    event = CaseEvent(
        seq,
        given,
        name,
        case.state,
        case.state,
        at,
        at if recorded_at is None else recorded_at,
        by,
        data,
        payload,
    )
    if event_id is not None and _resent(case, event, event_id):
        return case
    if at < case.history[-1].at:
        raise InvalidInputError.one(
            "at",
            "time_went_backwards",
            "is earlier than the previous event's effective time; events are recorded in "
            "order (backdate the record itself, such as a contact's own time, instead)",
        )
    if name in _NO_COLLECTION:
        rules.check_record(wf, case.state, event, None, field)
        return fold(case, event)
    kind = _RECORD_FIELDS[name]
    records: Vector[Any] = getattr(case, kind)
    where = _position(case, kind, records, payload.id)  # type: ignore[union-attr]  # a record
    rules.check_record(wf, case.state, event, None if where is None else records[where], field)
    problems = _link_problems(payload, field, case.assessments, case.care_plans)
    if problems:
        raise InvalidInputError(problems)
    return _folded(case, event, kind, records, where)


_RULES: list[ModuleType] = []


def _record_rules() -> ModuleType:
    """Return `casekit.lifecycle._records`, imported on first use: lifecycle imports us."""
    if not _RULES:
        from casekit.lifecycle import _records  # noqa: PLC0415  # see the docstring

        _RULES.append(_records)
    return _RULES[0]


def _resent(case: Case, event: CaseEvent, event_id: str) -> bool:
    """Whether *event* is in the history already; raise if its id is there with other
    content, or has the form of another position's default id."""
    earlier = _event_position(case, event_id)
    if earlier is None:
        _check_event_id(case, event_id, event.seq)
        return False
    if _same_content(case.history[earlier], event):
        return True
    raise InvalidInputError.one(
        "event_id",
        "event_id_reused",
        "is already in the history with different content; use a new event id",
    )


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


def record_assessment(
    case: Case,
    assessment: Assessment,
    *,
    at: dt.datetime,
    by: str,
    recorded_at: dt.datetime | None = None,
    event_id: str | None = None,
    workflow: Workflow[Case] | None = None,
) -> Case:
    """Return *case* with *assessment* recorded, or revised if its id is known.

    The event is ``assessment_recorded``.

    It follows the rules of every record verb ("Recording" in docs/workflows.md), raising
    `TransitionRefusedError` or `InvalidInputError` as they say.

    Examples:
        >>> from casekit.assessment import Need, NeedDomain, Priority, RiskLevel
        >>> from casekit.lifecycle.examples import example_case
        >>> case = example_case("assessing")
        >>> at = case.history[-1].at
        >>> found = Assessment("as-1", at, "cm-1", needs=[Need(NeedDomain.HOUSING, Priority.HIGH,
        ...                    id="n-1")], risk=RiskLevel.HIGH)
        >>> record_assessment(case, found, at=at, by="cm-1").latest_assessment.risk.value
        'high'
    """
    return _record(
        case,
        "assessment_recorded",
        assessment,
        "assessment",
        at=at,
        by=by,
        recorded_at=recorded_at,
        event_id=event_id,
        workflow=workflow,
    )


def record_care_plan(
    case: Case,
    plan: CarePlan,
    *,
    at: dt.datetime,
    by: str,
    recorded_at: dt.datetime | None = None,
    event_id: str | None = None,
    workflow: Workflow[Case] | None = None,
) -> Case:
    """Return *case* with *plan* recorded, or revised if its id is known.

    The event is ``care_plan_recorded``.

    A revision may move the plan's, its goals' and its interventions' statuses along `CARE_PLAN`,
    `GOAL` and `INTERVENTION`, but not drop a goal or an intervention (cancel it instead).

    It follows the rules of every record verb ("Recording" in docs/workflows.md), raising
    `TransitionRefusedError` or `InvalidInputError` as they say.

    Examples:
        >>> from casekit.careplan import PlanStatus
        >>> from casekit.lifecycle.examples import example_case
        >>> case = example_case("implementing")
        >>> plan = attrs.evolve(case.latest_care_plan, status=PlanStatus.COMPLETED)
        >>> at = case.history[-1].at
        >>> record_care_plan(case, plan, at=at, by="cm-1").latest_care_plan.status.value
        'completed'
    """
    return _record(
        case,
        "care_plan_recorded",
        plan,
        "plan",
        at=at,
        by=by,
        recorded_at=recorded_at,
        event_id=event_id,
        workflow=workflow,
    )


def record_contact(
    case: Case,
    contact: Contact,
    *,
    at: dt.datetime,
    by: str,
    recorded_at: dt.datetime | None = None,
    event_id: str | None = None,
    workflow: Workflow[Case] | None = None,
) -> Case:
    """Return *case* with *contact* recorded, or revised if its id is known.

    The event is ``contact_recorded``.

    The contact keeps its own time, which may be earlier than *at* (documentation after the
    fact) but not later, beyond the workflow's ``future_tolerance``.

    It follows the rules of every record verb ("Recording" in docs/workflows.md), raising
    `TransitionRefusedError` or `InvalidInputError` as they say.

    Examples:
        >>> from casekit.lifecycle.examples import example_case
        >>> case = example_case("monitoring")
        >>> at = case.history[-1].at
        >>> call = Contact("ct-1", ContactMode.PHONE, at, 10, "cm-1")
        >>> len(record_contact(case, call, at=at, by="cm-1").contacts)
        1
    """
    return _record(
        case,
        "contact_recorded",
        contact,
        "contact",
        at=at,
        by=by,
        recorded_at=recorded_at,
        event_id=event_id,
        workflow=workflow,
    )


def schedule_appointment(
    case: Case,
    appointment: Appointment,
    *,
    at: dt.datetime,
    by: str,
    recorded_at: dt.datetime | None = None,
    event_id: str | None = None,
    workflow: Workflow[Case] | None = None,
) -> Case:
    """Return *case* with *appointment* scheduled, or revised if its id is known (event
    ``appointment_scheduled``); its status moves along `APPOINTMENT`.

    It follows the rules of every record verb ("Recording" in docs/workflows.md), raising
    `TransitionRefusedError` or `InvalidInputError` as they say.

    Examples:
        >>> from casekit.lifecycle.examples import example_case
        >>> case = example_case("implementing")
        >>> at = case.history[-1].at
        >>> visit = Appointment("ap-1", at.add(days=7), "prov-2", 30)
        >>> case = schedule_appointment(case, visit, at=at, by="cm-1")
        >>> done = attrs.evolve(visit, status=AppointmentStatus.FULFILLED)
        >>> schedule_appointment(case, done, at=at.add(days=7), by="cm-1").appointments[0].status
        <AppointmentStatus.FULFILLED: 'fulfilled'>
    """
    return _record(
        case,
        "appointment_scheduled",
        appointment,
        "appointment",
        at=at,
        by=by,
        recorded_at=recorded_at,
        event_id=event_id,
        workflow=workflow,
    )


def add_referral(
    case: Case,
    referral: Referral,
    *,
    at: dt.datetime,
    by: str,
    recorded_at: dt.datetime | None = None,
    event_id: str | None = None,
    workflow: Workflow[Case] | None = None,
) -> Case:
    """Return *case* with *referral* added, or revised if its id is known.

    The event is ``referral_added``; its status moves along `REFERRAL`.

    It follows the rules of every record verb ("Recording" in docs/workflows.md), raising
    `TransitionRefusedError` or `InvalidInputError` as they say.

    Examples:
        >>> from casekit.lifecycle.examples import example_case
        >>> case = example_case("implementing")
        >>> at = case.history[-1].at
        >>> case = add_referral(case, Referral("rf-1", "prov-3", at, goal_ids=["g-1"]), at=at,
        ...                     by="cm-1")
        >>> [r.id for r in case.open_referrals]
        ['rf-1']
    """
    return _record(
        case,
        "referral_added",
        referral,
        "referral",
        at=at,
        by=by,
        recorded_at=recorded_at,
        event_id=event_id,
        workflow=workflow,
    )


def record_outcome(
    case: Case,
    outcome: Outcome,
    *,
    at: dt.datetime,
    by: str,
    recorded_at: dt.datetime | None = None,
    event_id: str | None = None,
    workflow: Workflow[Case] | None = None,
) -> Case:
    """Return *case* with *outcome* recorded, or revised if its id is known.

    The event is ``outcome_recorded``.

    It follows the rules of every record verb ("Recording" in docs/workflows.md), raising
    `TransitionRefusedError` or `InvalidInputError` as they say.

    Examples:
        >>> from casekit.lifecycle.examples import example_case
        >>> case = example_case("monitoring")
        >>> at = case.history[-1].at
        >>> result = Outcome("oc-1", at, "PHQ-9", "7", goal_id="g-1")
        >>> record_outcome(case, result, at=at, by="cm-1").outcomes[0].goal_id
        'g-1'
    """
    return _record(
        case,
        "outcome_recorded",
        outcome,
        "outcome",
        at=at,
        by=by,
        recorded_at=recorded_at,
        event_id=event_id,
        workflow=workflow,
    )


def assign_manager(
    case: Case,
    manager: CaseManager,
    *,
    at: dt.datetime,
    by: str,
    recorded_at: dt.datetime | None = None,
    event_id: str | None = None,
    workflow: Workflow[Case] | None = None,
) -> Case:
    """Return *case* with *manager* as its case manager (event ``manager_assigned``).

    It follows the rules of every record verb ("Recording" in docs/workflows.md), raising
    `TransitionRefusedError` or `InvalidInputError` as they say.

    Examples:
        >>> from casekit.lifecycle.examples import example_case
        >>> case = example_case("monitoring")
        >>> at = case.history[-1].at
        >>> assign_manager(case, CaseManager("cm-2"), at=at, by="cm-1").manager.id
        'cm-2'
    """
    return _record(
        case,
        "manager_assigned",
        manager,
        "manager",
        at=at,
        by=by,
        recorded_at=recorded_at,
        event_id=event_id,
        workflow=workflow,
    )


def change_model(
    case: Case,
    model: CareModel,
    *,
    reason: str,
    at: dt.datetime,
    by: str,
    recorded_at: dt.datetime | None = None,
    event_id: str | None = None,
    workflow: Workflow[Case] | None = None,
) -> Case:
    """Return *case* under the case-management *model*, with the *reason* recorded.

    The event is ``model_changed``; its data holds the new model and the reason (free text,
    never shown in a repr). The case's state does not change, and nothing else does: the plan
    in force stays as it was, and the next plan approved is checked against the new model's
    profile (the standard ``approve_plan`` guard ``plan_fits_model`` reads the case's model).
    `casekit.careplan.check_model_change` tells beforehand what the current plan lacks under
    the new model.

    It follows the rules of every record verb ("Recording" in docs/workflows.md): a closed or
    final state takes no model change unless the workflow's ``late_records`` lists
    ``model_changed``.

    Raises:
        InvalidInputError: ``model`` (not a `CareModel`, or the case's model already),
            ``reason`` (empty or not text), or as every record verb.
        TransitionRefusedError: in a state that takes no records.

    Examples:
        >>> from casekit.lifecycle.examples import example_case
        >>> case = example_case("monitoring")
        >>> at = case.history[-1].at
        >>> moved = change_model(case, CareModel.INTENSIVE, reason="two admissions this month",
        ...                      at=at, by="cm-1")
        >>> moved.model.value, moved.history[-1].name, moved.history[-1].datum("model")
        ('intensive', 'model_changed', 'intensive')
    """
    if not isinstance(case, Case):
        raise InvalidInputError.one("case", "type", "must be a Case")
    if not isinstance(model, CareModel):
        raise InvalidInputError.one("model", "type", "must be a CareModel")
    if type(reason) is not str or not reason.strip():
        raise InvalidInputError.one("reason", "empty", "must say, in words, why the model changes")
    if len(reason) > 2000 or v.TEXT_CONTROL.search(reason):  # noqa: PLR2004  # as event data
        raise InvalidInputError.one(
            "reason", "text", "must be at most 2000 characters, no control codes"
        )
    if model is case.model and (event_id is None or _event_position(case, event_id) is None):
        # A change re-sent with its event id finds the case under its model already.
        raise InvalidInputError.one("model", "unchanged", "is the case's model already")
    return _record(
        case,
        "model_changed",
        None,
        "model",
        at=at,
        by=by,
        recorded_at=recorded_at,
        event_id=event_id,
        workflow=workflow,
        data=(("model", model.value), ("reason", reason)),
    )
