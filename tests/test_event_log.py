"""The event log's readers and writers, made from the attrs fields, agree with the converter's
general path.

The reader may refuse anything (the general path then reads the data again), but whatever it
accepts it must read exactly as the general path does. The writer must write exactly what the
general path writes, key order included.
"""

import collections
import copy
import enum
import json
from decimal import Decimal
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casekit import _validate as v
from casekit import serialization as ser
from casekit.assessment import Assessment, Need, NeedDomain, Priority, RiskLevel, Strength
from casekit.assessment import StrengthSource as Source
from casekit.careplan import CarePlan, Goal
from casekit.case import (
    Appointment,
    CareModel,
    Case,
    CaseEvent,
    Contact,
    ContactMode,
    Opening,
    Outcome,
    Referral,
    ReferralStatus,
    rebuild,
)
from casekit.codes import Code
from casekit.errors import InvalidInputError
from casekit.people import CaseManager, Patient, PersonName
from casekit.serialization import _case, _event_log, _kinds, _scalars, register_kinds
from casekit.serialization._event_log import EventLog, NotFast
from casekit.testing import strategies as cks

AT = pendulum.datetime(2025, 3, 3, 9, tz="America/New_York")
LATER = AT.add(hours=2)


def every_kind_of_event() -> Case:
    """Return a case whose history holds every record kind and every optional field's forms."""
    opening = Opening(
        "case-1",
        Patient("pt-1", PersonName("Synthetic", ("River",)), pendulum.date(1990, 5, 17)),
        CaseManager("cm-1", licences=(), case_management_share=Decimal("0.5")),
        CareModel.CLINICAL,
        "standard",
    )
    payloads: list[Any] = [
        Assessment("as-1", AT, "cm-1", (Need(NeedDomain.HOUSING, Priority.HIGH, "x", id="n-1"),)),
        Assessment(
            "as-2",
            AT,
            "cm-1",
            (),
            (Strength(Source.FAMILY, "partner", id="s-1"), Strength(Source.COMMUNITY)),
            RiskLevel.LOW,
            ("PHQ-9",),
        ),
        Contact("ct-1", ContactMode.PHONE, AT, 15, "cm-1", ("pt-1", "rel-1")),
        Contact("ct-2", ContactMode.VIDEO, LATER, 0, "cm-2"),
        Referral("rf-1", "prov-1", AT, Code.parse("CPT|97110"), "therapy"),
        Referral("rf-2", "prov-2", AT.in_timezone("UTC"), None, "", ReferralStatus.ACCEPTED),
        Appointment("ap-1", LATER, "prov-1", 30, "review"),
        CarePlan("cp-1", AT, "cm-1", (Goal("g-1", "walk"),)),
        Outcome("oc-1", AT, "PHQ-9", "7", "g-1"),
        Outcome("oc-2", AT, "PHQ-9", "5"),
        CaseManager("cm-2"),
    ]
    names = {
        Assessment: "assessment_recorded",
        Contact: "contact_recorded",
        Referral: "referral_added",
        Appointment: "appointment_scheduled",
        Outcome: "outcome_recorded",
        CarePlan: "care_plan_recorded",
        CaseManager: "manager_assigned",
    }
    history = [CaseEvent(1, "e1", "opened", None, "referred", AT, AT, "cm-1", (), opening)]
    for p in payloads:
        n = len(history) + 1
        history.append(
            CaseEvent(n, f"e{n}", names[type(p)], "referred", "referred", AT, LATER, "cm-1", (), p)
        )
    n = len(history) + 1
    data = (("flag", True), ("n", 3), ("none", None), ("note", "x"))
    history.append(
        CaseEvent(n, f"e{n}", "accept", "referred", "screening", LATER, LATER, "cm-1", data)
    )
    history.append(
        CaseEvent(n + 1, f"e{n + 1}", "hold", "screening", "on_hold", LATER, LATER, "cm-1")
    )
    history[-1] = attrs.evolve(history[-1], override_reason="family asked")
    return rebuild(tuple(history))


CASE = every_kind_of_event()
DOC = ser.to_dict(CASE)


def fast_read(history: object) -> tuple[CaseEvent, ...]:
    return _case._read_history_fast(history, {})


def general_read(history: object) -> tuple[CaseEvent, ...]:
    token = _scalars.memo.set({})
    try:
        return _case._read_history_general(history, _case.History)  # type: ignore[no-any-return]
    finally:
        _scalars.memo.reset(token)


def general_write(history: tuple[CaseEvent, ...]) -> Any:
    token = _scalars.memo.set({})
    try:
        return _case._write_history_general(history)
    finally:
        _scalars.memo.reset(token)


def general_text(case: Case) -> str:
    """Return the compact document json.dumps writes of the general path's dict of *case*."""
    document = {"schema_version": 1, "id": case.id, "history": general_write(case.history)}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def _never_fast(_history: object, _memo: object) -> Any:
    raise NotFast


def outcome(data: object, *, fast: bool = True) -> tuple[str, object]:
    """Return what from_dict makes of a case document: the case or its problems."""
    saved = _case._read_history_fast
    if not fast:
        _case._read_history_fast = _never_fast  # the general path alone
    try:
        return ("read", ser.from_dict(data, Case))
    except InvalidInputError as exc:
        return ("refused", [(p.path, p.code) for p in exc.problems])
    finally:
        _case._read_history_fast = saved


def assert_same_reading(history: object) -> None:
    """The fast reader refuses *history* or reads it as the general path does, and from_dict
    gives the same case or the same problems either way."""
    try:
        fast: tuple[CaseEvent, ...] | None = fast_read(history)
    except Exception:  # noqa: BLE001  # any refusal is allowed: the general path takes over
        fast = None
    if fast is not None:
        assert fast == general_read(history)
    document = {"id": "case-1", "history": history}
    assert outcome(document) == outcome(document, fast=False)


def test_the_writer_writes_what_the_converter_writes():
    """Every record kind and optional field is written as the general path writes it."""
    written = ser.to_dict(CASE)["history"]

    assert written == general_write(CASE.history)
    assert json.dumps(written) == json.dumps(general_write(CASE.history))


def test_the_reader_reads_what_the_converter_reads():
    """Every record kind and optional field is read as the general path reads it."""
    assert fast_read(DOC["history"]) == general_read(DOC["history"]) == CASE.history
    assert fast_read(tuple(DOC["history"])) == CASE.history


@settings(suppress_health_check=[HealthCheck.too_slow])  # a whole case per example
@given(cks.cases())
def test_generated_cases_are_written_and_read_as_the_converter_does(case):
    """For any case, the fast writer and reader give the general path's document and events."""
    written = ser.to_dict(case)["history"]

    assert json.dumps(written) == json.dumps(general_write(case.history))
    assert fast_read(written) == general_read(written) == case.history
    assert ser.to_json(case) == general_text(case)


# --- the text writer: json.dumps' own text, character for character ------------------------


def test_the_text_writer_writes_what_json_dumps_writes():
    """Every record kind, optional field and data value is spelled as json.dumps spells it."""
    text = ser.to_json(CASE)

    assert text == general_text(CASE)
    assert ser.from_json(text, Case) == CASE


AWKWARD_TEXT = [
    'say "no"',
    "back\\slash\\",
    "tab\tnew\nline",
    "caf\u00e9 \u4e2d\u6587 \U0001f600",
    "a\u2028b\u2029",
    "</script>",
]


class Level(enum.IntEnum):
    HIGH = 3


@pytest.mark.parametrize("text", AWKWARD_TEXT)
def test_awkward_text_is_escaped_as_json_escapes_it(text):
    """Quotes, backslashes, tabs and line breaks and non-ASCII characters in every free text
    field and in event data, and enumerations in event data, come out as json.dumps
    (ensure_ascii=False) writes them."""
    events = []
    for e in CASE.history:
        p = e.payload
        if isinstance(p, Contact):
            p = attrs.evolve(p, with_whom=(text, "x"))
        elif isinstance(p, Referral):
            p = attrs.evolve(p, reason=text)
        elif isinstance(p, Appointment):
            p = attrs.evolve(p, purpose=text)
        elif isinstance(p, Outcome):
            p = attrs.evolve(p, measure=text, value=text)
        elif isinstance(p, Assessment):
            needs = tuple(attrs.evolve(n, description=text) for n in p.needs)
            strengths = tuple(attrs.evolve(x, description=text) for x in p.strengths)
            p = attrs.evolve(p, needs=needs, strengths=strengths, tools=(text,))
        data = (
            ("note", text),
            ("level", Level.HIGH),
            ("shade", Shade.PHONE),
            ("yes", False),
        )
        events.append(attrs.evolve(e, payload=p, data=data, override_reason=text))
    case = rebuild(tuple(events))

    assert _case._write_history_text(case.history, {}) == json.dumps(
        general_write(case.history), ensure_ascii=False, separators=(",", ":")
    )
    assert ser.to_json(case) == general_text(case)


def _bypassing_validators(value: Any, **fields: object) -> Any:
    copy_ = copy.copy(value)
    for name, field_value in fields.items():
        object.__setattr__(copy_, name, field_value)
    return copy_


@pytest.mark.parametrize(
    "fields",
    [{"seq": True}, {"data": (("x", 1.5),)}, {"by": 5}],
    ids=["bool seq", "float data", "int by"],
)
def test_what_the_text_writer_cannot_spell_is_written_the_general_way(fields, monkeypatch):
    """A value outside what the validators allow (here forced in past them, and past the check
    that a case is what its history records) is spelled as json.dumps spells it, or left to the
    general path, whose text json.dumps writes as ever."""
    monkeypatch.setattr(_case, "require_consistent", lambda _value: None)
    case = attrs.evolve(
        CASE, history=(*CASE.history[:-1], _bypassing_validators(CASE.history[-1], **fields))
    )

    try:
        text = _case._write_history_text(case.history, {})
    except NotFast:  # it cannot spell this exactly: the general path writes it
        pass
    else:  # it spells it as json.dumps does
        assert text == json.dumps(
            general_write(case.history), ensure_ascii=False, separators=(",", ":")
        )
    assert ser.to_json(case) == general_text(case)


def test_a_contact_whose_duration_is_not_an_int_is_written_the_general_way(monkeypatch):
    """Record fields are held to json's spelling too."""
    monkeypatch.setattr(_case, "require_consistent", lambda _value: None)
    e = CASE.history[3]
    assert isinstance(e.payload, Contact)
    odd = attrs.evolve(e, payload=_bypassing_validators(e.payload, duration_minutes=False))
    case = attrs.evolve(CASE, history=(*CASE.history[:3], odd, *CASE.history[4:]))

    assert ser.to_json(case) == general_text(case)
    assert '"duration_minutes":false' in ser.to_json(case)


def test_a_users_own_hook_for_case_is_used_by_to_json():
    """Registering an unstructure hook for Case on casekit's converter still takes effect."""
    ser.converter.register_unstructure_hook(Case, lambda case: {"id": case.id, "history": []})
    try:
        assert ser.to_json(CASE) == '{"schema_version":1,"id":"case-1","history":[]}'
    finally:
        ser.converter.register_unstructure_hook(Case, _case.unstructure_case)
    assert ser.to_json(CASE) == general_text(CASE)


def test_an_indented_document_is_written_the_general_way():
    """Only the compact form is written straight to text; indent goes through json.dumps."""
    document = {"schema_version": 1, "id": "case-1", "history": general_write(CASE.history)}

    assert ser.to_json(CASE, indent=2) == json.dumps(
        document, ensure_ascii=False, indent=2, separators=(",", ": ")
    )


class Shade(enum.StrEnum):
    PHONE = "phone"


class Text(str):
    __slots__ = ()


ODD_VALUES = [
    None,
    True,
    0,
    -1,
    1.5,
    "",
    "x",
    " ",
    "a\x00b",
    "?!",
    "x" * 3000,
    Text("cm-1"),
    Text("contact"),
    Text(AT.isoformat()),
    Shade.PHONE,
    "phone",
    "2025-03-04T09:00:00",
    "2025-03-04T09:00:00+00:00",
    "CPT|97110",
    "CPT 97110",
    [],
    ["x"],
    [5],
    ("x",),
    [Text("x")],
    [Shade.PHONE],
    {},
    {"a": Shade.PHONE},
    {"a": 1},
    {"a": 1.5},
    {5: "a"},
    collections.OrderedDict(),
    {"kind": "contact"},
]


def places(doc: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Return the path of every value in *doc* below its root."""
    found = []
    items = doc.items() if isinstance(doc, dict) else enumerate(doc)
    for key, value in items:
        found.append((*here, key))
        if isinstance(value, (dict, list)):
            found.extend(places(value, (*here, key)))
    return found


def shape(doc: Any, path: tuple[Any, ...]) -> tuple[Any, ...]:
    """Return *path* with list positions as ``[]`` and each record's kind put in."""
    parts: list[Any] = []
    node = doc
    for key in path:
        node = node[key]
        parts.append(key if isinstance(key, str) else "[]")
        if isinstance(node, dict) and "kind" in node:
            parts.append(node["kind"])
    return tuple(parts)


def one_of_each(doc: Any) -> list[tuple[Any, ...]]:
    """Return one place of each shape: every field of every record kind, once."""
    seen: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for path in places(doc):
        seen.setdefault(shape(doc, path), path)
    return list(seen.values())


PLACES = one_of_each(DOC["history"])


def changed(path: tuple[Any, ...], value: object) -> list[Any]:
    history = copy.deepcopy(DOC["history"])
    node = history
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return history


def removed(path: tuple[Any, ...]) -> list[Any]:
    history = copy.deepcopy(DOC["history"])
    node = history
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    return history


def test_the_reader_never_reads_a_changed_value_differently():
    """Any one field of any record kind given an odd value is refused or read the same."""
    for path in PLACES:
        for value in ODD_VALUES:
            assert_same_reading(changed(path, value))


@given(st.sampled_from(PLACES), st.sampled_from(["extra", "kind", "id"]))
def test_the_reader_never_reads_a_changed_shape_differently(path, key):
    """A key removed, or one added, is refused by the fast reader or read the same."""
    assert_same_reading(removed(path))
    parent = changed(path, DOC["history"][0])
    assert_same_reading(parent)
    widened = copy.deepcopy(DOC["history"])
    node = widened
    for part in path[:-1]:
        node = node[part]
    if isinstance(node, dict):
        node[key] = None
    assert_same_reading(widened)


REFUSED = [
    ("not a list", lambda _: "x"),
    ("event not an object", lambda h: [*h, "x"]),
    ("event with a key too many", lambda h: [{**h[0], "x": 1}]),
    ("event id not a string", lambda h: [{**h[0], "event_id": Text("e1")}]),
    ("event name not an identifier", lambda h: [{**h[0], "name": "?"}]),
    ("from_state a number", lambda h: [{**h[0], "from_state": 5}]),
    ("to_state null", lambda h: [{**h[0], "to_state": None}]),
    ("override reason too long", lambda h: [{**h[0], "override_reason": "x" * 3000}]),
    ("data not an object", lambda h: [{**h[0], "data": collections.OrderedDict()}]),
    ("data key not a string", lambda h: [{**h[0], "data": {5: 1}}]),
    ("data value a float", lambda h: [{**h[0], "data": {"n": 1.5}}]),
    ("payload not an object", lambda h: [{**h[0], "payload": ["x"]}]),
    (
        "payload kind not text",
        lambda h: [{**h[3], "payload": {**h[3]["payload"], "kind": Text("contact")}}],
    ),
    ("payload kind unknown", lambda h: [{**h[0], "payload": {"kind": "memo"}}]),
]


def contact_doc(**change: object) -> list[Any]:
    index = next(i for i, e in enumerate(DOC["history"]) if e["name"] == "contact_recorded")
    history = copy.deepcopy(DOC["history"])
    history[index]["payload"].update(change)
    return history


def _with_data(data: dict[str, Any]) -> list[Any]:
    """Return the document's history with *data* on its "accept" event, the one with data."""
    history = copy.deepcopy(DOC["history"])
    history[12]["data"] = data
    return history


def payload_doc(kind: str, **change: object) -> list[Any]:
    index = next(
        i for i, e in enumerate(DOC["history"]) if (e["payload"] or {}).get("kind") == kind
    )
    history = copy.deepcopy(DOC["history"])
    history[index]["payload"].update(change)
    return history


REFUSED_RECORDS = [
    ("contact", {"extra": 1}),
    ("contact", {"id": 5}),
    ("contact", {"duration_minutes": -1}),
    ("contact", {"with_whom": "pt-1"}),
    ("contact", {"with_whom": [5]}),
    ("referral", {"extra": 1}),
    ("referral", {"service": 97110}),
    ("appointment", {"extra": 1}),
    ("outcome", {"extra": 1}),
    ("outcome", {"goal_id": "?"}),
    ("assessment", {"extra": 1}),
    ("assessment", {"needs": {}}),
    ("assessment", {"needs": ["x"]}),
    ("assessment", {"strengths": [{"source": "family"}]}),
]


@pytest.mark.parametrize("change", [r[1] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_the_reader_refuses_what_the_converter_would_check_itself(change):
    """Anything but the exact form to_json writes goes to the general path."""
    history = change(copy.deepcopy(DOC["history"]))

    with pytest.raises(Exception):  # noqa: B017, PT011  # any refusal will do
        fast_read(history)


@pytest.mark.parametrize(("kind", "change"), REFUSED_RECORDS)
def test_the_reader_refuses_records_not_in_the_written_form(kind, change):
    """A record with a key too many or a field out of form goes to the general path."""
    with pytest.raises(Exception):  # noqa: B017, PT011  # any refusal will do
        fast_read(payload_doc(kind, **change))


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        ("x", [("history", "type")]),
        ([{**DOC["history"][0], "x": 1}], [("history[0].x", "unknown_key")]),
        (
            contact_doc(duration_minutes=-1),
            [("history[3].payload.duration_minutes", "non_negative_int")],
        ),
        (payload_doc("outcome", goal_id="?"), [("history[9].payload.goal_id", "identifier")]),
        (
            _with_data({"bad name": "x", "n": 2**53, "t": "a\x00", "ok": 1}),
            [
                ("history[12].data[0]", "name"),
                ("history[12].data.n", "too_large"),
                ("history[12].data.t", "text"),
            ],
        ),
    ],
)
def test_refused_documents_get_the_general_paths_problems(history, expected):
    """What the fast reader refuses, the general path reads, and it alone lists problems."""
    assert outcome({"id": "case-1", "history": history}) == ("refused", expected)
    assert outcome({"id": "case-1", "history": history}, fast=False) == ("refused", expected)


def test_a_case_whose_history_is_not_events_fails_as_the_converter_fails(monkeypatch):
    """The writer falls back to the converter, which raises as it always did."""
    monkeypatch.setattr(_case, "require_consistent", lambda _value: None)
    odd = _bypassing_validators(CASE, history=("not an event",))

    with pytest.raises(Exception) as fast:  # noqa: PT011  # whatever the converter raises
        ser.to_dict(odd)
    with pytest.raises(Exception) as general:  # noqa: PT011  # as above
        general_write(odd.history)

    assert type(fast.value) is type(general.value)


@pytest.mark.parametrize(
    "change",
    [
        {"history": ("not an event",)},
        {"history": None},
        {"state": "closed"},
        {"contacts": ()},
        {"model": CareModel.INTENSIVE},
    ],
    ids=["not events", "no history", "state", "records", "model"],
)
def test_a_case_its_history_does_not_record_is_refused_not_half_written(change):
    """A case is written as its history alone: one whose fields were changed past the verbs
    (attrs.evolve, or past the validators altogether) would lose the change, so to_dict and
    to_json refuse it."""
    odd = _bypassing_validators(CASE, **change)

    for write in (ser.to_dict, ser.to_json, lambda c: ser.to_json(c, indent=2)):
        with pytest.raises(InvalidInputError) as caught:
            write(odd)
        assert [(p.path, p.code) for p in caught.value.problems] == [("$", "inconsistent")]


def test_the_converter_reads_cases_outside_from_dict_too():
    """Without from_dict's memo, the converter still reads and writes a case."""
    assert ser.converter.structure(DOC, Case) == CASE
    assert ser.converter.unstructure(CASE) == DOC


# --- readers and writers made from the attrs fields --------------------------------------------


class Small(enum.StrEnum):
    A = "a"
    B = "b"


def _not_x(_inst: object, _attr: object, value: str) -> None:
    if value == "x":
        raise InvalidInputError.one("note", "x", "must not be x")


def _shorter_than_km(inst: Any, _attr: object, value: str) -> None:
    if len(value) > inst.km:  # a check across fields: it needs the built object
        raise InvalidInputError.one("note", "long", "must be shorter than km")


@attrs.frozen
class Walk:
    km: int = attrs.field(validator=v.non_negative_int)
    at: pendulum.DateTime = attrs.field(validator=v.aware)
    by: str = attrs.field(validator=v.identifier)
    size: Small = attrs.field(validator=v.instance(Small))
    note: str = attrs.field(validator=[_not_x, _shorter_than_km])
    tags: tuple[str, ...] = attrs.field(default=(), converter=v.freeze)


@attrs.frozen
class OnlyA:
    size: Small = attrs.field(validator=attrs.validators.in_([Small.A]))


@attrs.frozen
class Later:
    name: str

    def __attrs_post_init__(self) -> None:
        if self.name == "x":
            raise InvalidInputError.one("name", "x", "must not be x")


def _upper(value: object) -> object:
    if not isinstance(value, str):
        raise InvalidInputError.one("name", "type", "must be text")
    return value.upper()


@attrs.frozen
class Shouted:
    name: str = attrs.field(converter=_upper)


LOG = EventLog(ser.converter, (), {})
WALK = Walk(3, AT, "cm-1", Small.B, "ok", ("x",))


def read_fast(cls: type, data: object) -> object:
    token = _scalars.memo.set({})
    try:
        return LOG.record_reader(cls, None)(data)
    finally:
        _scalars.memo.reset(token)


def test_a_records_fields_are_read_and_written_from_its_attrs_fields():
    """A class the event log never saw is read and spelled as the converter reads and writes it."""
    data = ser.to_dict(WALK)

    assert LOG.record_text_writer(Walk, None)(WALK) == json.dumps(
        data, ensure_ascii=False, separators=(",", ":")
    )
    assert read_fast(Walk, data) == WALK == ser.from_dict(data, Walk)


@pytest.mark.parametrize(
    "change",
    [{"note": "x"}, {"note": "much too long"}, {"km": -1}, {"by": "?"}, {"size": "c"}],
    ids=["own check", "check across fields", "count", "identifier", "member"],
)
def test_every_check_of_a_record_is_made_by_its_reader(change):
    """Validators the reader cannot show redundant run on the built object, as __init__ runs
    them; each refusal sends the data the general way, which reports it."""
    data = {**ser.to_dict(WALK), **change}

    with pytest.raises(NotFast):
        read_fast(Walk, data)
    with pytest.raises(InvalidInputError):
        ser.from_dict(data, Walk)


def test_an_enumeration_whose_check_refuses_a_member_is_checked_on_reading():
    """A validator refusing some members is not taken as passed: the reader runs it."""
    assert read_fast(OnlyA, {"size": "a"}) == OnlyA(Small.A)
    with pytest.raises(NotFast):
        read_fast(OnlyA, {"size": "b"})


def test_a_class_with_a_post_init_hook_is_built_by_its_init():
    """Only __init__ can build a class with a post-init hook; its refusal sends the data on."""
    assert read_fast(Later, {"name": "y"}) == Later("y")
    with pytest.raises(NotFast):
        read_fast(Later, {"name": "x"})


def test_a_fields_converter_runs_as_init_runs_it():
    """A converter other than freeze is applied to what is read, and may refuse it."""
    assert read_fast(Shouted, {"name": "ab"}).name == "AB"  # type: ignore[attr-defined]
    with pytest.raises(NotFast):
        read_fast(Shouted, {"name": 5})


@attrs.frozen
class Tree:
    name: str
    children: "tuple[Tree, ...]" = ()  # the module has no postponed annotations


@attrs.frozen
class Skipped:
    name: str
    size: int = attrs.field(init=False, default=0)


@attrs.frozen
class Odd:
    """A record of every other kind of field the event log knows."""

    flag: bool = attrs.field(validator=v.instance(bool))
    level: Level
    later: Later
    maybe: Walk | None
    walks: tuple[Walk, ...]
    sizes: tuple[Small, ...]
    times: tuple[pendulum.DateTime, ...]
    when: pendulum.DateTime | None
    number_or_text: int | str
    counts: dict[str, int] = attrs.field(converter=dict)
    tree: Tree = Tree("root", (Tree("leaf"),))
    skipped: Skipped = Skipped("x")
    walk_or_later: Walk | Later | None = None
    mixed: tuple[Walk | Later, ...] = ()
    maybe_mixed: tuple[Walk | Later | None, ...] = (None, WALK)
    nothing: None = None


register_kinds(Walk | Later, {"walk": Walk, "later": Later})
ODD = Odd(
    True, Level.HIGH, Later("y"), WALK, (WALK,), (Small.A,), (AT,), None, 5, {"a": 1},
    walk_or_later=Later("z"), mixed=(Later("m"), WALK),
)  # fmt: skip
ODD_LOG = EventLog(ser.converter, (), _kinds.TAGGED)


def test_every_other_kind_of_field_is_read_and_spelled_as_the_converter_does():
    """Flags, number enumerations, nested, optional, listed and recursive records, scalar
    unions, fields only __init__ sets and records only __init__ builds, tagged or not."""
    data = ser.to_dict(ODD)
    token = _scalars.memo.set({})
    try:
        read = ODD_LOG.record_reader(Odd, None)(data)
    finally:
        _scalars.memo.reset(token)

    assert read == ODD == ser.from_dict(data, Odd)
    assert ODD_LOG.record_text_writer(Odd, None)(ODD) == json.dumps(
        data, ensure_ascii=False, separators=(",", ":")
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ("x", "sizes"),
        (["c"], "sizes"),
        ([5], "times"),
        (["not a time"], "times"),
        ("x", "when"),
        ({"kind": "walk"}, "walk_or_later"),
        ("x", "walk_or_later"),
        ({"kind": "run"}, "walk_or_later"),
        (["x"], "mixed"),
        ([{"kind": "run"}], "mixed"),
        (1, "nothing"),
        (1.5, "number_or_text"),
        (3, "flag"),
        (2, "level"),
    ],
)
def test_an_odd_field_out_of_form_is_refused_by_the_reader(change, field):
    """Each kind of field refuses what its general hook would refuse."""
    data = {**ser.to_dict(ODD), field: change}

    with pytest.raises(NotFast):
        ODD_LOG.record_reader(Odd, None)(data)


def test_the_readers_for_single_values_refuse_what_is_out_of_form():
    """The field readers the record loop makes inline refuse on their own too."""
    from casekit.serialization import _event_log  # the private readers

    for read, bad in [
        (_event_log._identifier, "?"),
        (_event_log._optional_identifier, 5),
        (_event_log._count, -1),
        (_event_log._text, 5),
        (_event_log._optional_text, 5),
        (_event_log._when, 5),
        (_event_log._Tagged("kind", {}, optional=False), None),
        (_event_log._EmptyOr(_event_log._text), {"a": 1}),
    ]:
        with pytest.raises(NotFast):
            read(bad)
    assert _event_log._identifier("a") == "a"
    assert _event_log._optional_identifier(None) is None
    assert _event_log._count(2) == 2
    assert _event_log._optional_text(None) is None
    assert _event_log._when(AT.isoformat()) == AT
    assert _event_log._EmptyOr(_event_log._text)({}) == ()


def test_a_history_holding_something_not_an_event_is_not_spelled():
    """The text writer leaves anything but events to the general path."""
    with pytest.raises(NotFast):
        _case._write_history_text(("not an event",), {})


def test_the_case_hooks_refuse_to_read_fast_before_they_are_installed():
    """Before the converter is configured there is no fast reader: the general way is taken."""
    with pytest.raises(NotFast):
        _case._not_installed()


def test_configuring_twice_configures_once():
    """A second configuration (another thread that waited on the lock) changes nothing."""
    from casekit.serialization import _converter  # the private configuration

    before = _converter.configured().get_structure_hook(Case)
    _converter._configure_once()

    assert _converter.configured().get_structure_hook(Case) is before


# --- identifiers, matched once for a whole history ------------------------------------------


@pytest.mark.parametrize(
    ("where", "text"),
    [
        ("by", "-starts-with-a-dash"),
        ("by", "cm-1\ncm-2"),  # two identifiers on two lines are not one identifier
        ("event_id", ""),
        ("from_state", "no spaces"),
    ],
)
def test_the_reader_refuses_a_history_holding_a_bad_identifier(where: str, text: str) -> None:
    """An identifier the record readers only saw to be text is matched at the history's end:
    one that does not match sends the history to the general path, which names it."""
    history = copy.deepcopy(DOC["history"])
    history[1][where] = text

    with pytest.raises(NotFast):
        fast_read(history)
    assert_same_reading(history)
    assert outcome({"id": CASE.id, "history": history})[0] == "refused"


def test_a_batch_of_identifiers_matches_only_if_each_one_does() -> None:
    """The one match of a history's identifiers, a line each, holds each to the pattern."""
    assert _event_log._all_identifiers(["a", "b.c", "d:1/2"])
    assert not _event_log._all_identifiers(["a", "b\nc"])
    assert not _event_log._all_identifiers(["a", "-b"])


def test_a_record_read_alone_matches_its_own_identifiers() -> None:
    """Outside a history there is no end to defer to: a record's reader matches its own."""
    event = DOC["history"][1]
    read = _event_log.EventLog(ser.converter, _converter_forms(), _kinds.TAGGED).record_reader(
        CaseEvent, None
    )

    assert read(event) == CASE.history[1]
    with pytest.raises(NotFast):
        read({**event, "from_state": "no spaces"})


def _converter_forms() -> Any:
    from casekit.serialization import _converter  # the configured forms

    return _converter._OWN_FORMS


def _counting_rebuilds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = _case.rebuild

    def counted(history: Any) -> Any:
        calls.append(1)
        return real(history)

    monkeypatch.setattr(_case, "rebuild", counted)
    return calls


def test_a_case_read_back_is_written_without_rebuilding_its_history_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A case from_json rebuilt is known to match its history: to_json writes it unchecked,
    and a case that passed the check once is not checked twice."""
    read = ser.from_json(ser.to_json(CASE), Case)
    built_by_hand = _bypassing_validators(read)  # an equal copy: another object
    calls = _counting_rebuilds(monkeypatch)

    assert ser.to_json(read) == ser.to_json(CASE)
    assert calls == []
    assert ser.to_json(built_by_hand) == ser.to_json(built_by_hand) == ser.to_json(CASE)
    assert calls == [1]


@pytest.mark.parametrize(
    "change", [{"state": "closed"}, {"contacts": ()}, {"model": CareModel.INTENSIVE}]
)
def test_a_case_changed_past_the_verbs_is_checked_again_however_it_was_made(
    change: dict[str, Any],
) -> None:
    """The proof that a case matches its history belongs to one object: an attrs.evolve of a
    case read back, or a copy changed past its validators, is checked, and refused each time."""
    read = ser.from_json(ser.to_json(CASE), Case)
    for odd in (attrs.evolve(read, **change), _bypassing_validators(read, **change)):
        for _ in range(2):
            with pytest.raises(InvalidInputError) as caught:
                ser.to_json(odd)
            assert [(p.path, p.code) for p in caught.value.problems] == [("$", "inconsistent")]


def test_the_spellers_written_inline_spell_alone_as_they_do_inline():
    """The spellers the generated writers write inline give the same text when called (a list
    or an optional of them calls them), and refuse what they cannot spell."""
    from casekit.serialization import _event_log  # the private spellers

    assert _event_log._spell_int(12) == "12"
    with pytest.raises(NotFast):
        _event_log._spell_int(True)
    assert _event_log._spell_texts(("a", 'b"')) == '["a","b\\""]'
    assert _event_log._spell_optional_text(None) == "null"
    assert _event_log._spell_optional_text("x") == '"x"'
    assert _event_log._spell_iso(AT) == json.dumps(AT.isoformat())  # no memo: spelt afresh
    memo: dict[int, str] = {}
    token = _event_log._spelt.set(memo)
    try:
        first = _event_log._spell_iso(AT)
        assert _event_log._spell_iso(AT) is first  # the memo's text, once spelt
    finally:
        _event_log._spelt.reset(token)
    assert memo == {id(AT): json.dumps(AT.isoformat())}
