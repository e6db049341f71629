"""Reading and writing a case's event log by hand: the hot path of `from_json`/`to_json`.

A stored case is its event log, so reading or writing one spends nearly all its time on
`CaseEvent` and the records the events carry. The general path (cattrs' generated hooks with
detailed validation, then each class's attrs ``__init__``) checks most fields twice and pays a
hook lookup, a try block and a validator call per field. Here each event and each common record
(`Contact`, `Referral`, `Assessment` with its `Need` and `Strength` items, `Appointment`,
`Outcome`) has straight-line code that checks every field once, as strictly as the hook and the
validator together, and builds the object by setting its slots, as `casekit.lifecycle._fast`
does. Other records (`Opening`, `CarePlan`, `CaseManager`: one or two per case) still go through
the converter. For `to_json`'s compact form, a third writer skips the dicts altogether and spells
each event straight into JSON text, the text json.dumps would write of the dicts.

The reader only says yes or no. It takes documents in the exact form `to_json` writes (every
field present, no other key, JSON types only); on anything else, valid or not, it raises, and
`casekit.serialization` reads the same data again through the general path, which returns the
value or lists the problems. So every error comes from one place, and the reader need only never
accept what the general path refuses, nor build anything different. The writer has the opposite
duty: for every history it must write what the general path writes, key order included.
tests/test_event_log.py holds both to that against the general path.

Importing this module checks that each class still has the fields, validators and converters
the code below was written for, so that a change in case.py or assessment.py fails here, loudly,
rather than letting a looser check through.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Mapping
from json import dumps as json_dumps
from json.encoder import encode_basestring as json_string
from typing import TYPE_CHECKING, Any, Final

import attrs

from casekit import _validate as v
from casekit.assessment import Assessment, Need, NeedDomain, Priority, RiskLevel, Strength
from casekit.assessment import StrengthSource as Source
from casekit.case import (
    _OPTIONAL_CODE,
    Appointment,
    AppointmentStatus,
    CaseEvent,
    Contact,
    ContactMode,
    Outcome,
    Referral,
    ReferralStatus,
    _event_data,
    _payload,
)
from casekit.codes import Code

if TYPE_CHECKING:
    import datetime as dt

__all__ = ["NotFast", "history_reader", "history_writer"]


class NotFast(Exception):  # noqa: N818  # a signal, always caught by casekit.serialization
    """The data is not in the exact form `to_json` writes: read it the general way."""


# --- what each class must look like ----------------------------------------------------------

_CALLED: Final = object()
"""A field whose validator the reader calls as it is (text, tuples of items)."""


def _setters(cls: type, expected: Mapping[str, object]) -> tuple[Any, ...]:
    """Return *cls*'s slot setters, in field order, after checking it is what the reader reads.

    *expected* lists every field in order with what the reader does about its validator: None
    (there is none), the very validator function (the reader makes the same check inline), an
    enumeration (the reader only ever gives its members; each is run past the validator here)
    or `_CALLED`.
    """
    fields = attrs.fields(cls)
    names = tuple(a.name for a in fields)
    if names != tuple(expected) or hasattr(cls, "__attrs_post_init__"):
        raise ImportError(f"casekit._event_log is out of step with {cls.__name__}'s fields")
    for a in fields:
        want = expected[a.name]
        if a.converter not in {None, v.freeze, _event_data}:
            raise ImportError(f"casekit._event_log does not know {cls.__name__}.{a.name}")
        if isinstance(want, type) and issubclass(want, enum.Enum):
            for member in want:
                a.validator(None, a, member)  # raises if it refuses one
        elif want is _CALLED and a.validator is None:
            raise ImportError(f"casekit._event_log expects a validator on {a.name}")
        elif want is not _CALLED and a.validator is not want:
            raise ImportError(f"casekit._event_log expects another check on {a.name}")
    return tuple(cls.__dict__[name].__set__ for name in names)


def _check(cls: type, name: str) -> Callable[[object], None]:
    """Return a function running the validator of *cls*'s field *name* on a value."""
    a = getattr(attrs.fields(cls), name)
    return functools.partial(a.validator, None, a)


_EVENT = _setters(
    CaseEvent,
    {
        "seq": v.non_negative_int,
        "event_id": v.identifier,
        "name": v.identifier,
        "from_state": v.optional_identifier,
        "to_state": v.identifier,
        "at": v.aware,
        "recorded_at": v.aware,
        "by": v.identifier,
        "data": None,
        "payload": _payload,
        "override_reason": _CALLED,
    },
)
_CONTACT = _setters(
    Contact,
    {
        "id": v.identifier,
        "mode": ContactMode,
        "at": v.aware,
        "duration_minutes": v.non_negative_int,
        "by": v.identifier,
        "with_whom": _CALLED,
    },
)
_REFERRAL = _setters(
    Referral,
    {
        "id": v.identifier,
        "to": v.identifier,
        "requested_at": v.aware,
        "service": _OPTIONAL_CODE,
        "reason": _CALLED,
        "status": ReferralStatus,
        "goal_ids": _CALLED,
        "need_ids": _CALLED,
    },
)
_APPOINTMENT = _setters(
    Appointment,
    {
        "id": v.identifier,
        "at": v.aware,
        "provider": v.identifier,
        "duration_minutes": v.non_negative_int,
        "purpose": _CALLED,
        "status": AppointmentStatus,
    },
)
_OUTCOME = _setters(
    Outcome,
    {
        "id": v.identifier,
        "at": v.aware,
        "measure": _CALLED,
        "value": _CALLED,
        "goal_id": v.optional_identifier,
    },
)
_ASSESSMENT = _setters(
    Assessment,
    {
        "id": v.identifier,
        "at": v.aware,
        "by": v.identifier,
        "needs": _CALLED,
        "strengths": _CALLED,
        "risk": RiskLevel,
        "tools": _CALLED,
    },
)
_NEED = _setters(
    Need,
    {
        "domain": NeedDomain,
        "priority": Priority,
        "description": _CALLED,
        "id": v.optional_identifier,
    },
)
_STRENGTH = _setters(Strength, {"source": Source, "description": _CALLED, "id": _CALLED})

_override_reason = _check(CaseEvent, "override_reason")
_with_whom = _check(Contact, "with_whom")
_referral_reason = _check(Referral, "reason")
_referral_goals = _check(Referral, "goal_ids")
_referral_needs = _check(Referral, "need_ids")
_purpose = _check(Appointment, "purpose")
_measure = _check(Outcome, "measure")
_outcome_value = _check(Outcome, "value")
_needs = _check(Assessment, "needs")
_strengths = _check(Assessment, "strengths")
_tools = _check(Assessment, "tools")
_need_text = _check(Need, "description")
_strength_text = _check(Strength, "description")
_optional_id = _check(Need, "id")


def _members(cls: type[enum.Enum]) -> dict[object, Any]:
    # The same lookup as the converter's enumeration hook: by value.
    return {m.value: m for m in cls}


_MODES: Final = _members(ContactMode)
_REFERRAL_STATUSES: Final = _members(ReferralStatus)
_APPOINTMENT_STATUSES: Final = _members(AppointmentStatus)
_RISKS: Final = _members(RiskLevel)
_DOMAINS: Final = _members(NeedDomain)
_PRIORITIES: Final = _members(Priority)
_SOURCES: Final = _members(Source)
_EVENT_VALUES: Final = frozenset({str, int, bool, type(None)})
_token = v.IDENTIFIER.fullmatch  # the identifier check, without its call
_new = object.__new__
_MAX_INT: Final = v.MAX_SAFE_INTEGER


# --- fields -----------------------------------------------------------------------------------


def _id(value: object) -> str:
    if type(value) is str and _token(value):
        return value
    raise NotFast


def _count(value: object) -> int:
    if type(value) is int and 0 <= value <= _MAX_INT:
        return value
    raise NotFast


def _strings(value: object) -> tuple[str, ...]:
    if type(value) is not list and type(value) is not tuple:
        raise NotFast
    for item in value:
        if type(item) is not str:
            raise NotFast
    return tuple(value)


def _data(value: object) -> tuple[tuple[str, Any], ...]:
    if type(value) is not dict:
        raise NotFast
    for key, item in value.items():
        if type(key) is not str or type(item) not in _EVENT_VALUES:
            raise NotFast
    return _event_data(value)  # names, text and numbers held to CaseEvent's rules, or raises


def _code(value: object) -> Code | None:
    if value is None:
        return None
    if type(value) is not str:
        raise NotFast
    return Code.parse(value)


# --- reading ----------------------------------------------------------------------------------

When = Callable[[object], "dt.datetime"]
"""Reads a datetime from its text (through the call's memo), or raises."""

# Each record reader checks the dict's size against the class's fields (and "kind") and then
# reads every field by name: a missing key raises KeyError and, the sizes being equal, no other
# key can be present.


def _contact(p: dict[str, Any], when: When) -> Contact:
    if len(p) != 7:  # noqa: PLR2004  # kind and six fields
        raise NotFast
    c = _new(Contact)
    s = _CONTACT
    s[0](c, _id(p["id"]))
    s[1](c, _MODES[p["mode"]])
    s[2](c, when(p["at"]))
    s[3](c, _count(p["duration_minutes"]))
    s[4](c, _id(p["by"]))
    whom = _strings(p["with_whom"])
    _with_whom(whom)
    s[5](c, whom)
    return c


def _referral(p: dict[str, Any], when: When) -> Referral:
    if len(p) != 9:  # noqa: PLR2004  # kind and eight fields
        raise NotFast
    r = _new(Referral)
    s = _REFERRAL
    s[0](r, _id(p["id"]))
    s[1](r, _id(p["to"]))
    s[2](r, when(p["requested_at"]))
    s[3](r, _code(p["service"]))
    reason = p["reason"]
    _referral_reason(reason)
    s[4](r, reason)
    s[5](r, _REFERRAL_STATUSES[p["status"]])
    goals, needs = _strings(p["goal_ids"]), _strings(p["need_ids"])
    _referral_goals(goals)
    _referral_needs(needs)
    s[6](r, goals)
    s[7](r, needs)
    return r


def _appointment(p: dict[str, Any], when: When) -> Appointment:
    if len(p) != 7:  # noqa: PLR2004  # kind and six fields
        raise NotFast
    a = _new(Appointment)
    s = _APPOINTMENT
    s[0](a, _id(p["id"]))
    s[1](a, when(p["at"]))
    s[2](a, _id(p["provider"]))
    s[3](a, _count(p["duration_minutes"]))
    purpose = p["purpose"]
    _purpose(purpose)
    s[4](a, purpose)
    s[5](a, _APPOINTMENT_STATUSES[p["status"]])
    return a


def _outcome(p: dict[str, Any], when: When) -> Outcome:
    if len(p) != 6:  # noqa: PLR2004  # kind and five fields
        raise NotFast
    o = _new(Outcome)
    s = _OUTCOME
    s[0](o, _id(p["id"]))
    s[1](o, when(p["at"]))
    measure, value, goal = p["measure"], p["value"], p["goal_id"]
    _measure(measure)
    _outcome_value(value)
    s[2](o, measure)
    s[3](o, value)
    s[4](o, None if goal is None else _id(goal))
    return o


def _assessment(p: dict[str, Any], when: When) -> Assessment:
    if len(p) != 8:  # noqa: PLR2004  # kind and seven fields
        raise NotFast
    a = _new(Assessment)
    s = _ASSESSMENT
    s[0](a, _id(p["id"]))
    s[1](a, when(p["at"]))
    s[2](a, _id(p["by"]))
    needs = tuple([_need(n) for n in _items(p["needs"])])
    strengths = tuple([_strength(n) for n in _items(p["strengths"])])
    risk, tools = p["risk"], _strings(p["tools"])
    _needs(needs)
    _strengths(strengths)
    _tools(tools)
    s[3](a, needs)
    s[4](a, strengths)
    s[5](a, None if risk is None else _RISKS[risk])
    s[6](a, tools)
    return a


_RECORD_READERS: Final[dict[type, Callable[[dict[str, Any], When], Any]]] = {
    Contact: _contact,
    Referral: _referral,
    Appointment: _appointment,
    Outcome: _outcome,
    Assessment: _assessment,
}


def history_reader(  # noqa: C901  # one flat hot path: every branch is a refusal
    parse: Callable[[object], dt.datetime],
    structure: Callable[[object, Any], Any],
    kinds: Mapping[str, type],
) -> Callable[[object, dict[Any, Any]], tuple[CaseEvent, ...]]:
    """Return a reader of a history in `to_json`'s form that raises on anything else.

    *parse* reads a datetime, *structure* reads the records this module has no code for, and
    *kinds* maps each payload's ``"kind"`` to its class, as the converter's tagged union does.
    The reader takes the history and the call's memo of datetimes by their text.
    """
    readers = {name: _RECORD_READERS.get(cls) for name, cls in kinds.items()}

    def payload(p: object, when: When) -> Any:
        if type(p) is not dict:
            raise NotFast
        kind = p["kind"]
        if type(kind) is not str or kind not in readers:
            raise NotFast
        read = readers[kind]
        if read is not None:
            return read(p, when)
        body = dict(p)
        del body["kind"]
        return structure(body, kinds[kind])

    def read(history: object, memo: dict[Any, Any]) -> tuple[CaseEvent, ...]:
        def when(text: object) -> dt.datetime:
            # A document repeats its times: an event's at and recorded_at, its record's own.
            # Only exact strings are looked up, as the converter's hook does: a subclass of
            # str equal to a cached text must still be refused.
            if type(text) is not str:
                raise NotFast
            hit: dt.datetime | None = memo.get(text)
            if hit is None:
                hit = memo[text] = parse(text)
            return hit

        # The loop body is CaseEvent's reader, written out because it runs for every event.
        events = []
        s = _EVENT
        for e in _items(history):
            if type(e) is not dict or len(e) != 11:  # noqa: PLR2004  # eleven fields
                raise NotFast
            seq, event_id, name, by = e["seq"], e["event_id"], e["name"], e["by"]
            if (
                type(seq) is not int
                or not 0 <= seq <= _MAX_INT
                or not (type(event_id) is type(name) is type(by) is str)
            ):
                raise NotFast
            if not (_token(event_id) and _token(name) and _token(by)):
                raise NotFast
            from_state, to_state = e["from_state"], e["to_state"]
            if not (
                type(to_state) is str
                and _token(to_state)
                and (from_state is None or (type(from_state) is str and _token(from_state)))
            ):
                raise NotFast
            reason, data, p = e["override_reason"], e["data"], e["payload"]
            if reason is not None:
                _override_reason(reason)
            ev = _new(CaseEvent)
            s[0](ev, seq)
            s[1](ev, event_id)
            s[2](ev, name)
            s[3](ev, from_state)
            s[4](ev, to_state)
            s[5](ev, when(e["at"]))
            s[6](ev, when(e["recorded_at"]))
            s[7](ev, by)
            s[8](ev, () if type(data) is dict and not data else _data(data))
            s[9](ev, None if p is None else payload(p, when))
            s[10](ev, reason)
            events.append(ev)
        return tuple(events)

    return read


def _need(n: object) -> Need:
    if type(n) is not dict or len(n) != 4:  # noqa: PLR2004  # four fields
        raise NotFast
    x = _new(Need)
    s = _NEED
    s[0](x, _DOMAINS[n["domain"]])
    s[1](x, _PRIORITIES[n["priority"]])
    text = n["description"]
    _need_text(text)
    s[2](x, text)
    _optional_id(n["id"])
    s[3](x, n["id"])
    return x


def _strength(n: object) -> Strength:
    if type(n) is not dict or len(n) != 3:  # noqa: PLR2004  # three fields
        raise NotFast
    x = _new(Strength)
    s = _STRENGTH
    s[0](x, _SOURCES[n["source"]])
    text = n["description"]
    _strength_text(text)
    s[1](x, text)
    _optional_id(n["id"])
    s[2](x, n["id"])
    return x


def _items(value: object) -> list[Any] | tuple[Any, ...]:
    if type(value) is list or type(value) is tuple:
        return value
    raise NotFast


# --- writing ----------------------------------------------------------------------------------


def history_writer(
    unstructure: Callable[[object], Any], kinds: Mapping[str, type]
) -> Callable[[tuple[CaseEvent, ...], dict[Any, Any]], list[dict[str, Any]]]:
    """Return a writer of a history giving exactly what the converter gives, only sooner.

    *unstructure* writes a payload this module has no code for (the converter's tagged-union
    hook) and *kinds* names each payload class's ``"kind"``. The writer takes the history and
    the call's memo of datetime texts by object id. Keys come in field order, as cattrs writes
    them; enumerations are written as their value.
    """
    tag = {cls: name for name, cls in kinds.items()}
    contact_tag, referral_tag, assessment_tag = tag[Contact], tag[Referral], tag[Assessment]
    appointment_tag, outcome_tag = tag[Appointment], tag[Outcome]

    def iso(value: dt.datetime, memo: dict[Any, Any]) -> str:
        # An event, its record and the next event often share one datetime object; formatting
        # one costs about a microsecond. The memo lives as long as the call, so ids are safe.
        key = id(value)
        text: str | None = memo.get(key)
        if text is None:
            text = memo[key] = value.isoformat()
        return text

    def contact(c: Contact, memo: dict[Any, Any]) -> dict[str, Any]:
        return {
            "kind": contact_tag,
            "id": c.id,
            "mode": c.mode._value_,
            "at": iso(c.at, memo),
            "duration_minutes": c.duration_minutes,
            "by": c.by,
            "with_whom": list(c.with_whom),
        }

    def referral(r: Referral, memo: dict[Any, Any]) -> dict[str, Any]:
        return {
            "kind": referral_tag,
            "id": r.id,
            "to": r.to,
            "requested_at": iso(r.requested_at, memo),
            "service": None if r.service is None else str(r.service),
            "reason": r.reason,
            "status": r.status._value_,
            "goal_ids": list(r.goal_ids),
            "need_ids": list(r.need_ids),
        }

    def appointment(a: Appointment, memo: dict[Any, Any]) -> dict[str, Any]:
        return {
            "kind": appointment_tag,
            "id": a.id,
            "at": iso(a.at, memo),
            "provider": a.provider,
            "duration_minutes": a.duration_minutes,
            "purpose": a.purpose,
            "status": a.status._value_,
        }

    def outcome(o: Outcome, memo: dict[Any, Any]) -> dict[str, Any]:
        return {
            "kind": outcome_tag,
            "id": o.id,
            "at": iso(o.at, memo),
            "measure": o.measure,
            "value": o.value,
            "goal_id": o.goal_id,
        }

    def assessment(a: Assessment, memo: dict[Any, Any]) -> dict[str, Any]:
        return {
            "kind": assessment_tag,
            "id": a.id,
            "at": iso(a.at, memo),
            "by": a.by,
            "needs": [
                {
                    "domain": n.domain._value_,
                    "priority": n.priority._value_,
                    "description": n.description,
                    "id": n.id,
                }
                for n in a.needs
            ],
            "strengths": [
                {"source": s.source._value_, "description": s.description, "id": s.id}
                for s in a.strengths
            ],
            "risk": None if a.risk is None else a.risk._value_,
            "tools": list(a.tools),
        }

    writers: dict[type, Callable[[Any, dict[Any, Any]], dict[str, Any]]] = {
        Contact: contact,
        Referral: referral,
        Appointment: appointment,
        Outcome: outcome,
        Assessment: assessment,
    }

    def write(history: tuple[CaseEvent, ...], memo: dict[Any, Any]) -> list[dict[str, Any]]:
        out = []
        for e in history:
            p, at, recorded = e.payload, e.at, e.recorded_at
            w = None if p is None else writers.get(type(p))
            at_text = iso(at, memo)
            out.append(
                {
                    "seq": e.seq,
                    "event_id": e.event_id,
                    "name": e.name,
                    "from_state": e.from_state,
                    "to_state": e.to_state,
                    "at": at_text,
                    # Recorded when it took effect, usually: the same object, the same text.
                    "recorded_at": at_text if recorded is at else iso(recorded, memo),
                    "by": e.by,
                    "data": dict(e.data),
                    "payload": None if p is None else unstructure(p) if w is None else w(p, memo),
                    "override_reason": e.override_reason,
                }
            )
        return out

    return write


# --- writing JSON text ------------------------------------------------------------------------
#
# `to_json` of a case spends as long in json.dumps, walking the dicts above, as in building
# them. For the compact form (no indent) the text writer below skips the dicts: it formats each
# event straight into JSON text, exactly as json.dumps(..., ensure_ascii=False,
# separators=(",", ":")) would write the dicts, character for character. Strings go through
# json's own C escaper; numbers, booleans and null are spelled as json spells them. Anything it
# has no exact spelling for (an int or str subclass where the type matters, a payload it has no
# code for but the converter's output) is handled the general way: the converter's dict, dumped
# by json itself.

_quote: Final = json_string
"""json's C string escaper for ``ensure_ascii=False``: ``"a\\"b"`` from ``a"b``."""


def _json_int(value: object) -> str:
    # json.dumps spells an int as int.__repr__; bool is an int that it spells true or false.
    if type(value) is int:
        return int.__repr__(value)
    raise NotFast


def _json_scalar(value: object) -> str:
    """Spell an event data value (text, int, bool or None) as json.dumps does."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, int):
        return int.__repr__(value)
    raise NotFast


def _json_strings(values: tuple[str, ...]) -> str:
    return "[" + ",".join([_quote(s) for s in values]) + "]"


Iso = Callable[["dt.datetime"], str]
"""Spells a datetime as quoted JSON text (through the call's memo)."""


def _optional(value: str | None) -> str:
    return "null" if value is None else _quote(value)


def _contact_text(c: Contact, tag: str, iso: Iso) -> str:
    return (
        f'{{"kind":{tag},"id":{_quote(c.id)},"mode":{_quote(c.mode._value_)},'
        f'"at":{iso(c.at)},"duration_minutes":{_json_int(c.duration_minutes)},'
        f'"by":{_quote(c.by)},"with_whom":{_json_strings(c.with_whom)}}}'
    )


def _referral_text(r: Referral, tag: str, iso: Iso) -> str:
    service = "null" if r.service is None else _quote(str(r.service))
    return (
        f'{{"kind":{tag},"id":{_quote(r.id)},"to":{_quote(r.to)},'
        f'"requested_at":{iso(r.requested_at)},"service":{service},'
        f'"reason":{_quote(r.reason)},"status":{_quote(r.status._value_)},'
        f'"goal_ids":{_json_strings(r.goal_ids)},"need_ids":{_json_strings(r.need_ids)}}}'
    )


def _appointment_text(a: Appointment, tag: str, iso: Iso) -> str:
    return (
        f'{{"kind":{tag},"id":{_quote(a.id)},"at":{iso(a.at)},'
        f'"provider":{_quote(a.provider)},"duration_minutes":{_json_int(a.duration_minutes)},'
        f'"purpose":{_quote(a.purpose)},"status":{_quote(a.status._value_)}}}'
    )


def _outcome_text(o: Outcome, tag: str, iso: Iso) -> str:
    return (
        f'{{"kind":{tag},"id":{_quote(o.id)},"at":{iso(o.at)},'
        f'"measure":{_quote(o.measure)},"value":{_quote(o.value)},'
        f'"goal_id":{_optional(o.goal_id)}}}'
    )


def _assessment_text(a: Assessment, tag: str, iso: Iso) -> str:
    needs = ",".join(
        [
            f'{{"domain":{_quote(n.domain._value_)},"priority":{_quote(n.priority._value_)},'
            f'"description":{_quote(n.description)},"id":{_optional(n.id)}}}'
            for n in a.needs
        ]
    )
    strengths = ",".join(
        [
            f'{{"source":{_quote(s.source._value_)},"description":{_quote(s.description)},'
            f'"id":{_optional(s.id)}}}'
            for s in a.strengths
        ]
    )
    return (
        f'{{"kind":{tag},"id":{_quote(a.id)},"at":{iso(a.at)},'
        f'"by":{_quote(a.by)},"needs":[{needs}],"strengths":[{strengths}],'
        f'"risk":{"null" if a.risk is None else _quote(a.risk._value_)},'
        f'"tools":{_json_strings(a.tools)}}}'
    )


_RECORD_TEXT_WRITERS: Final[dict[type, Callable[[Any, str, Iso], str]]] = {
    Contact: _contact_text,
    Referral: _referral_text,
    Appointment: _appointment_text,
    Outcome: _outcome_text,
    Assessment: _assessment_text,
}


def history_text_writer(
    unstructure: Callable[[object], Any], kinds: Mapping[str, type]
) -> Callable[[tuple[CaseEvent, ...], dict[Any, Any]], str]:
    """Return a writer of a history as compact JSON text, the text json.dumps gives of the
    converter's output (``ensure_ascii=False``, ``separators=(",", ":")``).

    *unstructure* and *kinds* are as for `history_writer`; so is the memo. The writer raises on
    anything it cannot spell exactly, and the caller then writes the general way.
    """
    writers = {
        cls: (_RECORD_TEXT_WRITERS[cls], _quote(name))
        for name, cls in kinds.items()
        if cls in _RECORD_TEXT_WRITERS
    }

    def write(history: tuple[CaseEvent, ...], memo: dict[Any, Any]) -> str:
        def iso(value: dt.datetime) -> str:
            # As history_writer's, but holding quoted text: the two never share a memo.
            key = id(value)
            text: str | None = memo.get(key)
            if text is None:
                text = memo[key] = _quote(value.isoformat())
            return text

        out = []
        for e in history:
            at, recorded, data, p = e.at, e.recorded_at, e.data, e.payload
            at_text = iso(at)
            if p is None:
                payload = "null"
            elif (w := writers.get(type(p))) is not None:
                payload = w[0](p, w[1], iso)
            else:
                payload = json_dumps(unstructure(p), ensure_ascii=False, separators=(",", ":"))
            out.append(
                f'{{"seq":{_json_int(e.seq)},"event_id":{_quote(e.event_id)},'
                f'"name":{_quote(e.name)},"from_state":{_optional(e.from_state)},'
                f'"to_state":{_quote(e.to_state)},"at":{at_text},'
                f'"recorded_at":{at_text if recorded is at else iso(recorded)},"by":{_quote(e.by)},'
                f'"data":{{{",".join([f"{_quote(k)}:{_json_scalar(x)}" for k, x in data])}}},'
                f'"payload":{payload},"override_reason":{_optional(e.override_reason)}}}'
            )
        return "[" + ",".join(out) + "]"

    return write
