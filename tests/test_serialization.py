"""Serialisation: exact round trips, strict input, every problem with its path, no PHI."""

import contextlib
import json
from decimal import Decimal

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casekit import CaseKitError, InvalidInputError, Money, Reason
from casekit.assessment import Assessment
from casekit.case import Case, Contact
from casekit.codes import Code
from casekit.people import CaseManager, Patient, PersonName
from casekit.periods import DateRange
from casekit.serialization import from_dict, from_json, to_dict, to_json
from casekit.testing import strategies as cks

ROUND_TRIPS = [
    (cks.money(), Money),
    (cks.patients(), Patient),
    (cks.person_names(), PersonName),
    (cks.case_managers(), CaseManager),
    (cks.assessments(), Assessment),
    (cks.contacts(), Contact),
    (cks.cases(), Case),
    (cks.aware_datetimes(), pendulum.DateTime),
    (cks.dates(), pendulum.Date),
    (cks.reasons(), Reason),
    (cks.date_ranges(), DateRange),
]


# Drawing a whole case is slow by nature (a patient, a manager and a history of records);
# on a loaded machine Hypothesis's too_slow health check would fail the run for no bug.
@settings(suppress_health_check=[HealthCheck.too_slow])
@pytest.mark.parametrize(("strategy", "cls"), ROUND_TRIPS, ids=lambda x: getattr(x, "__name__", ""))
@given(data=st.data())
def test_every_public_type_round_trips_through_json_exactly(strategy, cls, data):
    """from_json(to_json(x), type(x)) == x, and the plain form is JSON."""
    value = data.draw(strategy)

    assert from_json(to_json(value), cls) == value
    assert from_dict(json.loads(json.dumps(to_dict(value))), cls) == value


@given(st.sampled_from(["CPT|99213", "ICD-10-CM|E11.9", "LOINC|2345-7", "HCPCS|G0506"]))
def test_codes_travel_as_plain_strings(text):
    """A code's plain form is its text."""
    code = Code.parse(text)

    assert to_dict(code) == text
    assert from_json(to_json(code), Code) == code


def test_money_is_a_decimal_string_and_a_currency():
    """Money's plain form keeps every digit and never uses a float."""
    assert to_dict(Money.of("1234567.891", "USD")) == {"amount": "1234567.891", "currency": "USD"}
    assert to_dict(Money(Decimal("1E+2"), "USD")) == {"amount": "100", "currency": "USD"}


def test_reasons_round_trip_with_their_parameters():
    """A Reason's parameters are a JSON object."""
    reason = Reason.of("coverage.limit_reached", limit=20, unit="visits")

    assert to_dict(reason) == {
        "code": "coverage.limit_reached",
        "params": {"limit": 20, "unit": "visits"},
    }
    assert from_dict(to_dict(reason), Reason) == reason


def test_date_ranges_round_trip():
    """Periods use ISO dates."""
    r = DateRange(pendulum.date(2025, 1, 1), pendulum.date(2025, 12, 31))

    assert to_dict(r) == {"start": "2025-01-01", "end": "2025-12-31"}
    assert from_dict(to_dict(r), DateRange) == r


def test_every_problem_is_listed_with_its_path():
    """Wrong types, missing fields, unknown keys and naive datetimes are all reported at once."""
    data = {
        "id": 7,
        "mode": "fax",
        "at": "2025-03-03T09:00:00",
        "by": "cm-1",
        "with_whom": "pt-1",
        "colour": "blue",
    }
    with pytest.raises(InvalidInputError) as info:
        from_dict(data, Contact)

    assert [(p.path, p.code) for p in info.value.problems] == [
        ("id", "type"),
        ("mode", "enum"),
        ("at", "naive_datetime"),
        ("duration_minutes", "missing"),
        ("with_whom", "type"),
        ("colour", "unknown_key"),
    ]


@settings(suppress_health_check=[HealthCheck.too_slow])  # a whole case per example: see above
@given(cks.cases(max_records=2))
def test_nested_paths_name_the_position_in_the_history(case):
    """A bad field deep in a case names its path from the top."""
    case_doc = json.loads(to_json(case))
    case_doc["history"][0]["payload"]["patient"]["birth_date"] = "1990-02-30"
    with pytest.raises(InvalidInputError) as info:
        from_json(json.dumps(case_doc), Case)

    assert info.value.problems[0].path == "history[0].payload.patient.birth_date"


@pytest.mark.parametrize(
    ("value", "code"),
    [(12.5, "float"), ("12,50", "decimal_format"), ("NaN", "decimal_format"), (None, "missing")],
)
def test_money_refuses_floats_and_odd_strings(value, code):
    """Money in JSON is a decimal string, never a number."""
    with pytest.raises(InvalidInputError) as info:
        from_dict({"amount": value, "currency": "USD"}, Money)

    assert info.value.problems[0].code == code


@pytest.mark.parametrize(
    ("value", "cls"),
    [("5", int), (5, str), (1, bool), ("true", bool)],
)
def test_scalars_are_never_coerced(value, cls):
    """No "5" for a number, no 5 for a string."""
    with pytest.raises(InvalidInputError):
        from_dict({"family": value} if cls is str else value, PersonName if cls is str else cls)


def test_personal_values_never_appear_in_errors():
    """An error about a patient names fields, never their values."""
    data = {
        "id": "pt-1",
        "name": {
            "family": "Zyxwvutsrq",
            "given": ["Qwertyuiop"],
            "prefix": [],
            "extra": "Asdfghjkl",
        },
        "birth_date": "31/12/1961",
        "sex": "Mnbvcxzlkj",
        "language": "en",
        "contact_points": [{"system": "phone", "value": 5550100, "use": None}],
        "identifiers": [{"system": "urn:x", "value": ["MBR99887766"]}],
    }
    with pytest.raises(InvalidInputError) as info:
        from_dict(data, Patient)
    text = str(info.value) + repr(info.value.problems)

    for secret in (
        "Zyxwvutsrq",
        "Qwertyuiop",
        "Asdfghjkl",
        "1961",
        "Mnbvcxzlkj",
        "5550100",
        "MBR99887766",
    ):
        assert secret not in text


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("not json", "not_json"),
        ('{"amount": NaN}', "not_json"),
        ("[1, 2]", "type"),
        ('{"amount": "1", "currency": "USD"}', "missing"),
        ('{"schema_version": 2, "amount": "1", "currency": "USD"}', "unsupported"),
        ('{"schema_version": "1", "amount": "1", "currency": "USD"}', "unsupported"),
        ("[" * 100_000 + "]" * 100_000, "too_deep"),
    ],
)
def test_documents_need_json_and_a_known_schema_version(text, code):
    """from_json refuses what is not a casekit document, with one clear problem."""
    with pytest.raises(InvalidInputError) as info:
        from_json(text, Money)

    assert info.value.problems[0].code == code


def test_documents_have_a_size_limit():
    """Very large texts are refused before parsing."""
    with pytest.raises(InvalidInputError) as info:
        from_json('{"schema_version": 1}', Money, max_chars=10)

    assert info.value.problems[0].code == "too_large"


def test_wrapped_values_need_exactly_a_value_key():
    """Values that are not objects travel under "value"."""
    with pytest.raises(InvalidInputError):
        from_json('{"schema_version": 1, "code": "CPT|99213"}', Code)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@pytest.mark.parametrize(
    "cls", [Case, Patient, Contact, Money, Code, Assessment, CaseManager, Reason, DateRange]
)
@given(value=json_values)
def test_arbitrary_json_only_ever_raises_casekit_errors(cls, value):
    """Whatever JSON arrives, the only exception is a CaseKitError."""
    with contextlib.suppress(CaseKitError):
        from_dict(value, cls)
    document = (
        {"schema_version": 1, **value}
        if isinstance(value, dict)
        else {"schema_version": 1, "value": value}
    )
    with contextlib.suppress(CaseKitError):
        from_json(json.dumps(document), cls)


def _examples() -> list[object]:
    from casekit.careplan import CarePlan, Goal, Intervention
    from casekit.case import Appointment, Outcome, Referral
    from casekit.codes import CodeSet, CodeSystem
    from casekit.identifiers import NPI, Identifier
    from casekit.people import (
        CareTeam,
        CareTeamMember,
        CareTeamRole,
        ContactPoint,
        ContactPointSystem,
        Credential,
        Licence,
        LicenceStatus,
        Provider,
        ProviderKind,
    )
    from casekit.periods import CalendarYear, HolidayCalendar, PlanYear

    at = pendulum.datetime(2025, 3, 4, 9, 30, tz="Europe/Lisbon")
    day = pendulum.date(2025, 7, 4)
    return [
        Provider(NPI("1234567893"), ProviderKind.HOME_HEALTH_AGENCY, "home care", "Example Org"),
        CareTeam((CareTeamMember("rel-1", CareTeamRole.FAMILY),)),
        Licence(Credential.LCSW, LicenceStatus.RESTRICTED, day),
        ContactPoint(ContactPointSystem.EMAIL, "someone@example.org"),
        Identifier("urn:example:mrn", "MRN-1"),
        NPI("1234567893"),
        CodeSet.of(CodeSystem.CPT, "99213", "97110-97546", name="visits"),
        HolidayCalendar((day,)),
        PlanYear(7, 1),
        CalendarYear(),
        CarePlan("cp-1", at, "cm-1", (Goal("g-1", "walk", day),), (Intervention("i-1", "PT"),)),
        Referral("rf-1", "prov-1", at, Code.parse("CPT|97110"), "therapy"),
        Appointment("ap-1", at, "prov-1", 30, "review"),
        Outcome("oc-1", at, "PHQ-9", "7", "g-1"),
    ]


@pytest.mark.parametrize("value", _examples(), ids=lambda v: type(v).__name__)
def test_more_public_types_round_trip(value):
    """Providers, teams, licences, code sets, calendars, plans and records round-trip exactly."""
    assert from_json(to_json(value), type(value)) == value


# --- every refusal, one by one -----------------------------------------------------------


def problems_of(data: object, cls: object) -> list[tuple[str, str]]:
    with pytest.raises(InvalidInputError) as info:
        from_dict(data, cls)  # type: ignore[arg-type]
    return [(p.path, p.code) for p in info.value.problems]


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (5, "type"),
        ("2025-02-30T09:00:00+00:00", "datetime_format"),
        ("yesterday", "datetime_format"),
        ("2025-03-04", "naive_datetime"),
        ("2025-03-04T09:00:00", "naive_datetime"),
    ],
)
def test_datetimes_need_an_iso_string_with_an_offset(value, code):
    """A datetime is an ISO 8601 string with its UTC offset, nothing else."""
    assert problems_of(value, pendulum.DateTime) == [("$", code)]


@pytest.mark.parametrize(
    ("value", "code"),
    [(5, "date_format"), ("2025-3-4", "date_format"), ("2025-02-30", "date_value")],
)
def test_dates_need_a_real_iso_date(value, code):
    """A date is YYYY-MM-DD naming a real day."""
    assert problems_of(value, pendulum.Date) == [("$", code)]


def test_the_converter_works_outside_from_dict_too():
    """Direct converter use (no per-call memo) parses and writes datetimes the same way."""
    from casekit.serialization import converter

    at = pendulum.datetime(2025, 3, 4, 9, tz="UTC")

    assert converter.unstructure(at) == "2025-03-04T09:00:00+00:00"
    assert converter.structure("2025-03-04T09:00:00+00:00", pendulum.DateTime) == at


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("12.50 USD", [("$", "type")]),
        ({"amount": "1", "currency": "usd"}, [("currency", "currency")]),
        ({"currency": "USD"}, [("amount", "missing")]),
        ({"amount": "1"}, [("currency", "missing")]),
        ({"amount": "1.", "currency": "USD"}, [("amount", "decimal_format")]),
        (
            {"amount": True, "currency": "USD", "x": 1},
            [("x", "unknown_key"), ("amount", "decimal_format")],
        ),
    ],
)
def test_money_problems_are_all_named(data, expected):
    """Every problem with a money object is listed."""
    assert problems_of(data, Money) == expected


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("x", [("$", "type")]),
        ({"code": "a", "extra": 1}, [("extra", "unknown_key")]),
        ({"params": {}}, [("code", "missing")]),
        ({"code": 5}, [("code", "type")]),
        ({"code": "a", "params": []}, [("$", "type")]),
        ({"code": "a", "params": {"n": 1.5}}, [("n", "type")]),
        ({"code": "a", "params": {"n": True}}, [("n", "type")]),
    ],
)
def test_reason_problems_are_named(data, expected):
    """A reason is a code and parameters that are text or whole numbers."""
    assert problems_of(data, Reason) == expected


def test_decimals_are_strings_and_never_floats():
    """A bare Decimal field reads only decimal strings."""
    assert from_dict("0.25", Decimal) == Decimal("0.25")
    assert problems_of(0.25, Decimal) == [("$", "type")]
    assert problems_of("1e5", Decimal) == [("$", "decimal_format")]


def test_booleans_and_whole_numbers_are_strict():
    """No 1 for true, no true for 1."""
    assert from_dict(True, bool) is True
    assert problems_of(1, bool) == [("$", "type")]
    assert problems_of(True, int) == [("$", "type")]


def test_case_documents_are_checked_whole():
    """Unknown keys, missing parts, a wrong id and a bad history are all named."""
    from casekit.lifecycle.examples import example_case

    doc = to_dict(example_case("planning"))

    assert problems_of([], Case) == [("$", "type")]
    assert problems_of({}, Case) == [("id", "missing"), ("history", "missing")]
    assert problems_of({**doc, "state": "x"}, Case) == [("state", "unknown_key")]
    assert problems_of({**doc, "id": 5}, Case) == [("id", "type")]
    assert problems_of({**doc, "id": "other"}, Case) == [("id", "id_mismatch")]
    assert problems_of({**doc, "history": "x"}, Case) == [("history", "type")]
    assert problems_of({**doc, "history": []}, Case) == [("history", "empty")]


def test_event_payloads_name_their_kind():
    """A payload is an object with a known kind."""
    from casekit.case import CaseEvent

    base = {
        "seq": 1,
        "event_id": "e1",
        "name": "x",
        "from_state": None,
        "to_state": "a",
        "at": "2025-03-04T09:00:00+00:00",
        "recorded_at": "2025-03-04T09:00:00+00:00",
        "by": "cm-1",
    }

    assert from_dict({**base, "payload": None}, CaseEvent).payload is None
    assert problems_of({**base, "payload": "contact"}, CaseEvent) == [("payload", "type")]
    assert problems_of({**base, "payload": {"kind": "memo"}}, CaseEvent) == [
        ("payload.kind", "enum")
    ]
    assert problems_of({**base, "data": []}, CaseEvent) == [("data", "type")]
    assert problems_of({**base, "data": {"n": 1.5}}, CaseEvent) == [("data.n", "type")]


def test_traces_round_trip_and_refuse_malformed_nodes():
    """A trace travels as nested objects; a bad node names its path."""
    from casekit.rules import Trace

    leaf = Trace("count_below(visits, 20)", False, True, (("visits", "20"),))
    root = Trace("all_of", False, True, (), (leaf,))
    doc = to_dict(root)

    assert from_dict(doc, Trace) == root
    assert problems_of("x", Trace) == [("$", "type")]
    assert problems_of({**doc, "extra": 1}, Trace) == [("extra", "unknown_key")]
    assert problems_of({**doc, "inputs": [["a"]]}, Trace) == [("inputs", "type")]
    assert problems_of({**doc, "children": {}}, Trace) == [("children", "type")]
    assert problems_of({**doc, "children": ["x"]}, Trace) == [("children[0]", "type")]
    assert problems_of({**doc, "children": [{**doc["children"][0], "passed": 1}]}, Trace) == [
        ("children[0].passed", "type")
    ]


def test_tagged_unions_read_only_their_members():
    """A union registered with register_kinds reads its kinds and refuses others."""
    from casekit.periods import CalendarYear, Lifetime, PlanYear
    from casekit.serialization import register_kinds

    union = CalendarYear | PlanYear | Lifetime
    register_kinds(
        union, {"calendar_year": CalendarYear, "plan_year": PlanYear, "lifetime": Lifetime}
    )

    assert from_dict({"kind": "plan_year", "start_month": 7, "start_day": 1}, union) == PlanYear(
        7, 1
    )
    assert from_dict(None, union | None) is None
    assert problems_of("lifetime", union) == [("$", "type")]
    assert problems_of({"kind": "decade"}, union) == [("kind", "enum")]
    assert problems_of({"kind": "lifetime"}, CalendarYear | PlanYear) == [("kind", "enum")]


def test_limits_are_counts_or_money():
    """A limit's maximum is a whole number or a money object."""
    assert from_dict(20, int | Money) == 20
    assert from_dict({"amount": "500", "currency": "USD"}, int | Money) == Money.of("500", "USD")
    assert problems_of("20", int | Money) == [("$", "type")]


def test_from_json_reads_bytes_and_refuses_other_objects():
    """JSON text may be str or bytes; anything else is refused."""
    assert from_json(b'{"schema_version": 1, "value": "CPT|99213"}', Code) == Code.parse(
        "CPT|99213"
    )
    with pytest.raises(InvalidInputError):
        from_json(12, Money)  # type: ignore[arg-type]


def test_unexpected_failures_inside_hooks_become_problems():
    """An odd failure deep inside structuring is still one InvalidInputError with a path."""
    from casekit.people import Provider

    assert problems_of({"npi": {"value": "1234567890"}, "kind": "physician"}, Provider) == [
        ("npi", "invalid")
    ] or problems_of({"npi": {"value": "1234567890"}, "kind": "physician"}, Provider)[0][
        0
    ].startswith("npi")


def test_scalar_unions_refuse_other_json_types():
    """A field of text-or-number takes exactly those JSON types."""
    assert from_dict(5, str | int) == 5
    assert problems_of(True, str | int) == [("$", "type")]
    assert problems_of(None, str | int) == [("$", "type")]


def test_errors_from_a_users_own_types_become_problems_too():
    """An application's attrs class with its own validators reports through the converter."""
    import attrs

    from casekit.errors import InvalidDefinitionError

    def unworkable(_inst: object, _attr: object, value: int) -> None:
        if value == 0:
            raise InvalidDefinitionError.one("size", "zero", "must not be zero")

    @attrs.frozen
    class Box:
        size: int = attrs.field(validator=[attrs.validators.gt(-1), unworkable])

    @attrs.frozen
    class Shelf:
        boxes: tuple[Box, ...]
        label: str

    assert problems_of({"boxes": [{"size": -5}], "label": "a"}, Shelf) == [("boxes[0]", "type")]
    assert problems_of({"boxes": [{"size": 0}], "label": 5}, Shelf) == [
        ("boxes[0]", "invalid"),
        ("label", "type"),
    ]
    with pytest.raises(InvalidDefinitionError):
        from_dict({"boxes": [{"size": 0}], "label": "a"}, Shelf)
