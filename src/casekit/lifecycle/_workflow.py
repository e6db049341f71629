"""The nouns of a workflow: State, Transition, Deadline, Workflow; the Guard protocol."""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final, Generic, NamedTuple, Protocol, TypeAlias, TypeVar

import attrs

from casekit._validate import MAX_SAFE_INTEGER, TOO_LARGE
from casekit.errors import InvalidInputError

if TYPE_CHECKING:
    from casekit.case import EventData, EventValue
    from casekit.rules import Reason

__all__ = [
    "CMMN_STATES",
    "FHIR_EPISODE_STATUSES",
    "FUTURE_TOLERANCE",
    "HISTORY",
    "Deadline",
    "DeadlineUnit",
    "EventContext",
    "Guard",
    "State",
    "StateCategory",
    "Transition",
    "Workflow",
]

S = TypeVar("S")
S_contra = TypeVar("S_contra", contravariant=True)

HISTORY: Final = "@history"
"""A transition target meaning "back to the state the subject was in before this one"."""

FHIR_EPISODE_STATUSES: Final = frozenset(
    {"planned", "waitlist", "active", "onhold", "finished", "cancelled", "entered-in-error"}
)
"""FHIR R4 EpisodeOfCare.status codes."""

CMMN_STATES: Final = frozenset(
    {"active", "suspended", "completed", "terminated", "failed", "closed"}
)
"""CMMN 1.1 case instance states."""

_NAME: Final = re.compile(r"[A-Za-z][A-Za-z0-9_\-]{0,63}")
_NAME_RULE: Final = "must be 1-64 letters, digits, _ or -, starting with a letter"


def _name(_inst: object, attribute: attrs.Attribute[str], value: object) -> None:
    if type(value) is not str or not _NAME.fullmatch(value):
        raise InvalidInputError.one(attribute.name, "name", _NAME_RULE)


def _names(_inst: object, attribute: attrs.Attribute[tuple[str, ...]], value: object) -> None:
    if type(value) is not tuple:
        raise InvalidInputError.one(attribute.name, "type", "must be a tuple of names")
    for i, item in enumerate(value):
        if type(item) is not str or not _NAME.fullmatch(item):
            raise InvalidInputError.one(f"{attribute.name}[{i}]", "name", _NAME_RULE)


def _freeze(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


def _text(_inst: object, attribute: attrs.Attribute[str], value: object) -> None:
    if type(value) is not str or len(value) > 500:  # noqa: PLR2004  # one short paragraph
        raise InvalidInputError.one(
            attribute.name, "type", "must be text of at most 500 characters"
        )


def _flag(_inst: object, attribute: attrs.Attribute[bool], value: object) -> None:
    if type(value) is not bool:
        raise InvalidInputError.one(attribute.name, "type", "must be True or False")


def _code_in(codes: frozenset[str], what: str) -> Callable[[object, Any, object], None]:
    listed = ", ".join(sorted(codes))

    def check(_inst: object, attribute: attrs.Attribute[str | None], value: object) -> None:
        # The type first: `in` on a list or a dict raises TypeError.
        if value is not None and (type(value) is not str or value not in codes):
            raise InvalidInputError.one(attribute.name, "code", f"must be a {what}: {listed}")

    return check


def _member_of(kind: type[enum.Enum]) -> Callable[[object, Any, object], None]:
    listed = ", ".join(sorted(str(m.value) for m in kind))
    message = f"must be a {kind.__name__} or one of: {listed}"

    def check(_inst: object, attribute: attrs.Attribute[object], value: object) -> None:
        if type(value) is not kind:
            raise InvalidInputError.one(attribute.name, "code", message)

    return check


class StateCategory(enum.StrEnum):
    """What kind of state a state is; it gives the default FHIR and CMMN mappings.

    Examples:
        >>> StateCategory("suspended").fhir_status, StateCategory.SUSPENDED.cmmn_state
        ('onhold', 'suspended')
    """

    PENDING = "pending"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    DONE = "done"
    CANCELLED = "cancelled"
    ERROR = "error"

    @property
    def fhir_status(self) -> str:
        """The FHIR EpisodeOfCare.status a state of this category maps to by default."""
        return _FHIR_BY_CATEGORY[self]

    @property
    def cmmn_state(self) -> str:
        """The CMMN case state a state of this category maps to by default."""
        return _CMMN_BY_CATEGORY[self]


# Converters look a value up here and leave anything else to the `_member_of` validator:
# calling the enum itself raises ValueError quoting the value, or RecursionError.
_CATEGORIES: Final[dict[str, StateCategory]] = {c.value: c for c in StateCategory}


def _to_category(value: object) -> object:
    return _CATEGORIES.get(value, value) if type(value) is str else value


_FHIR_BY_CATEGORY: Final = {
    StateCategory.PENDING: "planned",
    StateCategory.ACTIVE: "active",
    StateCategory.SUSPENDED: "onhold",
    StateCategory.DONE: "finished",
    StateCategory.CANCELLED: "cancelled",
    StateCategory.ERROR: "entered-in-error",
}
# CMMN has no "entered in error": "closed" is its terminal state that nothing reactivates.
_CMMN_BY_CATEGORY: Final = {
    StateCategory.PENDING: "active",
    StateCategory.ACTIVE: "active",
    StateCategory.SUSPENDED: "suspended",
    StateCategory.DONE: "completed",
    StateCategory.CANCELLED: "terminated",
    StateCategory.ERROR: "closed",
}


@attrs.frozen
class State:
    """A state a workflow's subject can be in.

    Args:
        name: the state's id (letters, digits, ``_`` or ``-``).
        category: what kind of state it is (a `StateCategory` or its value, such as
            ``"pending"``); gives the default FHIR and CMMN mappings.
        initial: whether subjects start here (exactly one state per workflow).
        final: whether the subject's life ends here (no event leaves a final state).
        fhir: the FHIR EpisodeOfCare status, when not the category's default.
        cmmn: the CMMN case state, when not the category's default.
        description: a short note for people reading the definition.

    Examples:
        >>> s = State("screening", StateCategory.PENDING, fhir="waitlist")
        >>> s.fhir_status, s.cmmn_state
        ('waitlist', 'active')
    """

    name: str = attrs.field(validator=_name)
    category: StateCategory = attrs.field(
        default=StateCategory.ACTIVE,
        converter=_to_category,
        validator=_member_of(StateCategory),
    )
    initial: bool = attrs.field(default=False, validator=_flag, kw_only=True)
    final: bool = attrs.field(default=False, validator=_flag, kw_only=True)
    fhir: str | None = attrs.field(
        default=None,
        validator=_code_in(FHIR_EPISODE_STATUSES, "FHIR EpisodeOfCare status"),
        kw_only=True,
    )
    cmmn: str | None = attrs.field(
        default=None, validator=_code_in(CMMN_STATES, "CMMN case state"), kw_only=True
    )
    description: str = attrs.field(default="", validator=_text, kw_only=True)

    @property
    def fhir_status(self) -> str:
        """The FHIR EpisodeOfCare.status this state maps to."""
        return self.fhir or self.category.fhir_status

    @property
    def cmmn_state(self) -> str:
        """The CMMN case state this state maps to."""
        return self.cmmn or self.category.cmmn_state


@attrs.frozen
class Transition:
    """An event that moves the subject from any of *sources* to *target*, if its guards pass.

    Args:
        event: the event's name, such as ``"approve_plan"``.
        sources: the states the event may be applied in.
        target: the state it leads to, or `HISTORY` to go back to the state before.
        guards: names of guards, looked up in the workflow's guard registry.
        overridable: the guards an override with a reason may waive (a subset of *guards*).
        description: a short note for people reading the definition.

    Examples:
        >>> t = Transition("close", ["monitoring", "on_hold"], "closed", guards=["closure_reason"])
        >>> t.sources, t.guards
        (('monitoring', 'on_hold'), ('closure_reason',))
    """

    event: str = attrs.field(validator=_name)
    sources: tuple[str, ...] = attrs.field(converter=_freeze, validator=_names)
    target: str = attrs.field()
    guards: tuple[str, ...] = attrs.field(
        default=(), converter=_freeze, validator=_names, kw_only=True
    )
    overridable: tuple[str, ...] = attrs.field(
        default=(), converter=_freeze, validator=_names, kw_only=True
    )
    description: str = attrs.field(default="", validator=_text, kw_only=True)

    @target.validator
    def _target(self, attribute: attrs.Attribute[str], value: object) -> None:
        if value != HISTORY:
            _name(self, attribute, value)


class DeadlineUnit(enum.StrEnum):
    """How a deadline counts: calendar days or business days (given a holiday calendar).

    Examples:
        >>> DeadlineUnit("business_days").value
        'business_days'
    """

    DAYS = "days"
    BUSINESS_DAYS = "business_days"


_UNITS: Final[dict[str, DeadlineUnit]] = {u.value: u for u in DeadlineUnit}


def _to_unit(value: object) -> object:
    return _UNITS.get(value, value) if type(value) is str else value


def _within(_inst: object, attribute: attrs.Attribute[int], value: object) -> None:
    if type(value) is not int or value < 0:
        raise InvalidInputError.one(
            attribute.name, "non_negative_int", "must be a whole number ≥ 0"
        )
    if value > MAX_SAFE_INTEGER:
        raise InvalidInputError.one(attribute.name, "too_large", TOO_LARGE)


def _optional_name(inst: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None:
        _name(inst, attribute, value)  # type: ignore[arg-type]  # same check, optional


@attrs.frozen
class Deadline:
    """Work due within N calendar or business days of an event, or of entering a state.

    The clock starts at the latest *start_event* (or entry into *start_state*) and stops at the
    first *met_by* event after it. Exactly one of *start_event* and *start_state* is given.

    Examples:
        >>> d = Deadline("initial_assessment", 14, start_event="accept",
        ...              met_by=["complete_assessment"])
        >>> d.unit.value, d.met_by
        ('days', ('complete_assessment',))
    """

    name: str = attrs.field(validator=_name)
    within: int = attrs.field(validator=_within)
    unit: DeadlineUnit = attrs.field(
        default=DeadlineUnit.DAYS,
        converter=_to_unit,
        validator=_member_of(DeadlineUnit),
        kw_only=True,
    )
    start_event: str | None = attrs.field(default=None, validator=_optional_name, kw_only=True)
    start_state: str | None = attrs.field(default=None, validator=_optional_name, kw_only=True)
    met_by: tuple[str, ...] = attrs.field(
        default=(), converter=_freeze, validator=_names, kw_only=True
    )
    description: str = attrs.field(default="", validator=_text, kw_only=True)


class EventContext(NamedTuple):
    """What a guard sees besides the subject: the event, the state, when, who, data, override.

    An immutable named tuple: guards run on every transition, and a tuple is the cheapest
    immutable record Python builds.

    Examples:
        >>> import pendulum
        >>> ctx = EventContext("close", "monitoring", pendulum.datetime(2025, 5, 1, tz="UTC"),
        ...                    "cm-1", (("closure_reason", "goals_met"),))
        >>> ctx.datum("closure_reason"), ctx.datum("missing", "n/a")
        ('goals_met', 'n/a')
    """

    event: str
    state: str
    at: dt.datetime
    by: str
    data: EventData = ()
    override_reason: str | None = None

    def datum(self, name: str, default: EventValue = None) -> EventValue:
        """Return the event data value called *name*, or *default*."""
        for key, value in self.data:
            if key == name:
                return value
        return default


class Guard(Protocol[S_contra]):
    """**Protocol:** a check on a transition; it returns a `Reason` for each unmet condition.

    Any function ``(subject, context) -> Iterable[Reason]`` is a guard: *subject* is what the
    workflow governs (a `Case`, a `Goal`, ...) and *context* the `EventContext`. A guard is
    pure: it reads the subject and the context, never the clock, so replay gives the same answer.

    Examples:
        >>> from casekit.rules import Reason
        >>> def has_reason(subject: object, context: EventContext) -> Iterable[Reason]:
        ...     if not context.datum("reason"):
        ...         yield Reason.of("lifecycle.reason_missing", event=context.event)
        >>> guard: Guard[object] = has_reason
        >>> import pendulum
        >>> ctx = EventContext("reopen", "closed", pendulum.datetime(2025, 5, 1, tz="UTC"), "cm-1")
        >>> [r.code for r in guard(None, ctx)]
        ['lifecycle.reason_missing']
    """

    def __call__(self, subject: S_contra, context: EventContext, /) -> Iterable[Reason]:
        """Return the reasons the event may not happen now; nothing when it may."""
        ...


class _Route(NamedTuple):
    """A compiled (state, event) entry: where it goes and the guards to run, in order."""

    transition: Transition
    target: str | None  # None for HISTORY
    guards: tuple[tuple[str, Guard[object], bool], ...]  # (name, guard, overridable)
    can_override: bool
    passes: Callable[[Any], bool] | None = None
    """A cheap test that every guard above would pass (`casekit.lifecycle.standard`'s
    ``_FAST_PASSES``): apply's hot path calls it instead of the guards, and runs them when it
    says no. It never says yes where a guard would refuse."""


_Plan: TypeAlias = tuple[
    str | None, tuple[tuple[str, Guard[object], bool], ...], Callable[[Any], bool] | None
]
"""A route as apply's hot path reads it, unpacked in one step: (target, guards, passes), where
*passes* is None when there are no guards, else the route's fast test or `_no_fast_test`."""


def _no_fast_test(_subject: object) -> bool:
    """Stand in for a fast test where a route has none: its guards run one by one."""
    return False


def _plan(route: _Route) -> _Plan:
    if not route.guards:
        return (route.target, (), None)
    return (route.target, route.guards, route.passes or _no_fast_test)


def _registry(value: object) -> tuple[tuple[str, object], ...]:
    if isinstance(value, Mapping):
        return tuple(sorted(value.items(), key=lambda kv: str(kv[0])))
    return _freeze(value)  # type: ignore[return-value]  # checked by the workflow


def _late(value: object) -> object:
    # A mapping of state to record event names becomes sorted (state, names) pairs.
    if isinstance(value, Mapping):
        return tuple(
            (state, tuple(names) if isinstance(names, (list, tuple)) else names)
            for state, names in sorted(value.items(), key=lambda kv: str(kv[0]))
        )
    return _freeze(value)


_FINGERPRINT: Final = re.compile(r"[0-9a-f]{64}")


def _fingerprints(
    _inst: object, attribute: attrs.Attribute[tuple[str, ...]], value: object
) -> None:
    if type(value) is not tuple:
        raise InvalidInputError.one(attribute.name, "type", "must be a tuple of fingerprints")
    for i, item in enumerate(value):
        if type(item) is not str or not _FINGERPRINT.fullmatch(item):
            raise InvalidInputError.one(
                f"{attribute.name}[{i}]", "fingerprint", "must be 64 lower-case hex digits"
            )


FUTURE_TOLERANCE: Final = dt.timedelta(minutes=5)
"""How far a record's own time may lie after the event that records it, by default: the clock
skew Kerberos tolerates between machines."""


def _tolerance(_inst: object, attribute: attrs.Attribute[dt.timedelta], value: object) -> None:
    if type(value) is not dt.timedelta or value < dt.timedelta(0):
        raise InvalidInputError.one(attribute.name, "type", "must be a timedelta ≥ 0")


@attrs.frozen(repr=False)
class Workflow(Generic[S]):
    """States, the transitions between them, their guards and deadlines; checked when built.

    Args:
        id: the workflow's id, stored in each case it governs (``Case.workflow``).
        states: every state; exactly one is initial.
        transitions: the events and where they lead.
        guards: the guard registry: name to guard (a dict is kept as sorted pairs).
        deadlines: work due within a time of an event or of entering a state.
        late_records: record events (``"contact_recorded"``, ...) that a closed or final
            state still accepts, by state: ``{"closed": ["contact_recorded"]}`` lets a late
            contact note in after closure. Without an entry here, a state of category done,
            cancelled or error, and every final state, takes no records.
        future_tolerance: how far a record's own time (a contact's ``at``, ...) may lie
            after the event that records it; `FUTURE_TOLERANCE` (5 minutes) by default.
        compatible_with: fingerprints of earlier definitions whose cases this one may run
            and replay (see `fingerprint`).

    Raises:
        InvalidDefinitionError: listing every problem found (see `check_definition`).

    Examples:
        >>> wf = Workflow("triage", [State("new", initial=True), State("done", final=True)],
        ...               [Transition("finish", ["new"], "done")])
        >>> wf.initial.name, wf.events_from("new"), wf.state("done").final
        ('new', ('finish',), True)
        >>> wf
        Workflow(id='triage', fingerprint='...')
    """

    id: str = attrs.field()
    states: tuple[State, ...] = attrs.field(converter=_freeze)
    transitions: tuple[Transition, ...] = attrs.field(converter=_freeze)
    guards: tuple[tuple[str, Guard[S]], ...] = attrs.field(
        default=(), converter=_registry, kw_only=True
    )
    deadlines: tuple[Deadline, ...] = attrs.field(default=(), converter=_freeze, kw_only=True)
    late_records: tuple[tuple[str, tuple[str, ...]], ...] = attrs.field(
        default=(), converter=_late, kw_only=True
    )
    future_tolerance: dt.timedelta = attrs.field(
        default=FUTURE_TOLERANCE, validator=_tolerance, kw_only=True
    )
    compatible_with: tuple[str, ...] = attrs.field(
        default=(), converter=_freeze, validator=_fingerprints, kw_only=True
    )
    _routes: dict[str, dict[str, _Route]] = attrs.field(
        init=False, eq=False, repr=False, alias="_routes"
    )
    _by_name: dict[str, State] = attrs.field(init=False, eq=False, repr=False, alias="_by_name")
    _accepts: dict[str, frozenset[str] | None] = attrs.field(
        init=False, eq=False, repr=False, alias="_accepts"
    )
    _fingerprint: str = attrs.field(init=False, eq=False, repr=False, alias="_fingerprint")
    _plans: dict[str, dict[str, _Plan]] = attrs.field(
        init=False, eq=False, repr=False, alias="_plans"
    )

    def __attrs_post_init__(self) -> None:
        from casekit.lifecycle._checks import compile_routes  # noqa: PLC0415  # checks import us

        routes, by_name, accepts = compile_routes(self)
        object.__setattr__(self, "_routes", routes)
        plans = {
            state: {event: _plan(r) for event, r in by_event.items()}
            for state, by_event in routes.items()
        }
        object.__setattr__(self, "_plans", plans)
        object.__setattr__(self, "_by_name", by_name)
        object.__setattr__(self, "_accepts", accepts)
        object.__setattr__(self, "_fingerprint", _fingerprint_of(self))

    def __repr__(self) -> str:
        return f"Workflow(id={self.id!r}, fingerprint={self._fingerprint[:12]!r})"

    @property
    def fingerprint(self) -> str:
        """A SHA-256 of the definition as data: states, transitions, guard names, deadlines.

        Two workflows with the same fingerprint define the same process (the guard
        functions behind the names aside); a case records the fingerprint it was opened under,
        and the verbs refuse a workflow with another one unless it lists the case's in
        `compatible_with`. `compatible_with` itself is not part of it.
        """
        return self._fingerprint

    @property
    def initial(self) -> State:
        """The state subjects start in."""
        return next(s for s in self.states if s.initial)

    def state(self, name: str) -> State:
        """Return the state called *name*.

        Raises:
            InvalidInputError: code ``unknown_state`` if the workflow has no such state.
        """
        try:
            return self._by_name[name]
        except KeyError:
            raise InvalidInputError.one(
                "state", "unknown_state", f"is not a state of workflow {self.id!r}"
            ) from None

    def events_from(self, state: str) -> tuple[str, ...]:
        """Return the events the workflow defines from *state*, in definition order."""
        return tuple(self._routes.get(state, {}))

    def guard(self, name: str) -> Guard[S]:
        """Return the guard registered as *name*.

        Raises:
            InvalidInputError: code ``unknown_guard`` if no guard has that name.
        """
        for key, guard in self.guards:
            if key == name:
                return guard
        raise InvalidInputError.one("guard", "unknown_guard", "is not in the guard registry")

    def states_in(self, *categories: StateCategory) -> tuple[str, ...]:
        """Return the names of the states in any of *categories*, in definition order."""
        return tuple(s.name for s in self.states if s.category in categories)


def _fingerprint_of(wf: Workflow[Any]) -> str:
    from casekit.lifecycle._data import dump_workflow  # noqa: PLC0415  # data imports us

    data = dump_workflow(wf)
    # Settings the data form does not carry yet count too, but only when not the default, so
    # that the fingerprint of a plain definition is the hash of its data form alone.
    if wf.late_records:
        data["late_records"] = {state: list(names) for state, names in wf.late_records}
    if wf.future_tolerance != FUTURE_TOLERANCE:
        data["future_tolerance_seconds"] = wf.future_tolerance.total_seconds()
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _require_workflow(value: object) -> None:
    """Raise `InvalidInputError` at ``workflow`` unless *value* is a `Workflow`."""
    if not isinstance(value, Workflow):
        raise InvalidInputError.one("workflow", "type", "must be a Workflow")
