"""Input checks of the lifecycle's classes and verbs: each refusal's path, code and words.

Enum fields (State.category, Deadline.unit), FHIR and CMMN codes, the result records
(EventOption, OpenDeadline) and every verb's ``workflow`` refuse a wrong value with a casekit
error naming the field, never with a built-in exception, and never repeating the value.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from typing import Any

import pendulum
import pytest

from casekit.careplan import Goal
from casekit.errors import InvalidInputError
from casekit.lifecycle import (
    GOAL,
    STANDARD,
    Deadline,
    DeadlineUnit,
    EventOption,
    OpenDeadline,
    State,
    StateCategory,
    advance,
    allowed_events,
    apply,
    check,
    due,
    dump_workflow,
    load_workflow,
    open_case,
    open_deadlines,
    overdue,
    replay,
    to_dot,
    to_mermaid,
)
from casekit.lifecycle import _apply as apply_module
from casekit.lifecycle.examples import example_case
from casekit.rules import Reason

from .helpers import opened, patient

Problems = list[tuple[str, str, str]]

PERSONAL = "ZZPERSONALZZ"  # a value a user typed: no message may repeat it
CASE = example_case("monitoring")
AT = CASE.history[-1].at
ON = pendulum.date(2025, 3, 24)
CLOSE = {"closure_reason": "goals_met"}

NAME_RULE = "must be 1-64 letters, digits, _ or -, starting with a letter"
CATEGORY_RULE = (
    "must be a StateCategory or one of: active, cancelled, done, error, pending, suspended"
)
UNIT_RULE = "must be a DeadlineUnit or one of: business_days, days"
FHIR_CODES = "active, cancelled, entered-in-error, finished, onhold, planned, waitlist"
FHIR_RULE = f"must be a FHIR EpisodeOfCare status: {FHIR_CODES}"
CMMN_RULE = "must be a CMMN case state: active, closed, completed, failed, suspended, terminated"
NOT_A_WORKFLOW = ("workflow", "type", "must be a Workflow")


class _Text(str):
    __slots__ = ()


class _Colour(enum.Enum):
    ACTIVE = "active"
    DAYS = "days"


def _deep(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


def _problems(call: Callable[[], object]) -> Problems:
    with pytest.raises(InvalidInputError) as caught:
        call()
    text = str(caught.value)
    assert PERSONAL not in text
    assert all(PERSONAL not in p.message for p in caught.value.problems)
    return [tuple(p) for p in caught.value.problems]


# --- State.category and Deadline.unit -----------------------------------------------------------

NOT_MEMBERS: dict[str, object] = {
    "unknown word": PERSONAL,
    "a close miss": "weeks",
    "wrong case": "Active",
    "the member's name": "ACTIVE",
    "empty": "",
    "none": None,
    "a number": 1,
    "a huge number": 10**5000,
    "a float": 1.5,
    "a bool": True,
    "a list": [],
    "a dict": {},
    "a deep list": _deep(5000),
    "bytes": b"active",
    "a str subclass": _Text("active"),
    "another enum's member": _Colour.ACTIVE,
    "an object": object(),
}


@pytest.mark.parametrize("value", NOT_MEMBERS.values(), ids=NOT_MEMBERS.keys())
def test_a_state_category_that_is_not_one_is_refused_listing_the_categories(value: object):
    """State.category takes a StateCategory or its value; anything else is named, not echoed."""
    assert _problems(lambda: State("s", value)) == [("category", "code", CATEGORY_RULE)]


@pytest.mark.parametrize(
    "value",
    [*NOT_MEMBERS.values(), StateCategory.DONE, "business days"],
    ids=[*NOT_MEMBERS.keys(), "a state category", "a space for the underscore"],
)
def test_a_deadline_unit_that_is_not_one_is_refused_listing_the_units(value: object):
    """Deadline.unit takes a DeadlineUnit or its value; anything else is named, not echoed."""
    assert _problems(lambda: Deadline("d", 5, unit=value, met_by=["e"])) == [
        ("unit", "code", UNIT_RULE)
    ]


@pytest.mark.parametrize("category", list(StateCategory))
def test_a_state_category_is_taken_as_a_member_or_as_its_value(category: StateCategory):
    """Each category's member and its value both give the member itself."""
    assert State("s", category).category is category
    assert State("s", category.value).category is category
    assert type(State("s", category.value).category) is StateCategory


@pytest.mark.parametrize("unit", list(DeadlineUnit))
def test_a_deadline_unit_is_taken_as_a_member_or_as_its_value(unit: DeadlineUnit):
    """Each unit's member and its value both give the member itself."""
    assert Deadline("d", 5, unit=unit, met_by=["e"]).unit is unit
    assert Deadline("d", 5, unit=unit.value, met_by=["e"]).unit is unit


def test_the_defaults_are_active_and_days():
    """A state is active and a deadline counts calendar days unless told otherwise."""
    assert State("s").category is StateCategory.ACTIVE
    assert Deadline("d", 5, met_by=["e"]).unit is DeadlineUnit.DAYS


# --- State.fhir and State.cmmn ------------------------------------------------------------------

CODES_REFUSED: dict[str, object] = {
    "a list": [],
    "a dict": {},
    "a deep list": _deep(5000),
    "a set": set(),
    "a number": 5,
    "an unknown code": PERSONAL,
    "a str subclass": _Text("active"),
    "bytes": b"active",
}


@pytest.mark.parametrize("value", CODES_REFUSED.values(), ids=CODES_REFUSED.keys())
def test_a_fhir_status_that_is_not_one_is_refused(value: object):
    """State.fhir checks the type before looking the code up (an unhashable value included)."""
    assert _problems(lambda: State("s", fhir=value)) == [("fhir", "code", FHIR_RULE)]


@pytest.mark.parametrize("value", CODES_REFUSED.values(), ids=CODES_REFUSED.keys())
def test_a_cmmn_state_that_is_not_one_is_refused(value: object):
    """State.cmmn checks the type before looking the code up (an unhashable value included)."""
    assert _problems(lambda: State("s", cmmn=value)) == [("cmmn", "code", CMMN_RULE)]


def test_fhir_and_cmmn_codes_and_none_are_kept():
    """A known code is kept as given; None leaves the category's default."""
    state = State("s", StateCategory.SUSPENDED, fhir="waitlist", cmmn="failed")
    assert (state.fhir, state.cmmn, state.fhir_status, state.cmmn_state) == (
        "waitlist",
        "failed",
        "waitlist",
        "failed",
    )
    plain = State("s", StateCategory.SUSPENDED, fhir=None, cmmn=None)
    assert (plain.fhir_status, plain.cmmn_state) == ("onhold", "suspended")


# --- Workflows from data: the loader's own checks come first ------------------------------------


def _one_state(**fields: object) -> dict[str, Any]:
    return {
        "id": "w",
        "states": [{"name": "a", "initial": True, "final": True, **fields}],
        "transitions": [],
    }


LOADED_BADLY: list[tuple[str, dict[str, Any], tuple[str, str, str]]] = [
    (
        "an unknown category",
        _one_state(category=PERSONAL),
        (
            "states[0].category",
            "type",
            "must be one of: active, cancelled, done, error, pending, suspended",
        ),
    ),
    (
        "a category as a list",
        _one_state(category=["done"]),
        (
            "states[0].category",
            "type",
            "must be one of: active, cancelled, done, error, pending, suspended",
        ),
    ),
    (
        "a fhir status as a list",
        _one_state(fhir=[]),
        (
            "states[0].fhir",
            "type",
            f"must be one of: {FHIR_CODES}",
        ),
    ),
    (
        "a cmmn state as a mapping",
        _one_state(cmmn={}),
        (
            "states[0].cmmn",
            "type",
            "must be one of: active, closed, completed, failed, suspended, terminated",
        ),
    ),
    (
        "an unknown deadline unit",
        {
            **_one_state(),
            "deadlines": [
                {"name": "d", "within": 1, "unit": "weeks", "start_state": "a", "met_by": []}
            ],
        },
        ("deadlines[0].unit", "type", "must be one of: business_days, days"),
    ),
]


@pytest.mark.parametrize(
    ("data", "expected"), [c[1:] for c in LOADED_BADLY], ids=[c[0] for c in LOADED_BADLY]
)
def test_workflow_data_with_a_bad_code_is_refused_at_its_data_path(
    data: dict[str, Any], expected: tuple[str, str, str]
):
    """load_workflow refuses a bad category, unit or code with its path into the data."""
    assert _problems(lambda: load_workflow(data)) == [expected]


def test_workflow_data_gives_categories_and_units_as_members():
    """Values read from data become the enum members."""
    data = {
        "id": "w",
        "states": [
            {"name": "a", "category": "pending", "initial": True},
            {"name": "z", "category": "done", "final": True},
        ],
        "transitions": [{"event": "end", "sources": ["a"], "target": "z"}],
        "deadlines": [
            {
                "name": "d",
                "within": 1,
                "unit": "business_days",
                "start_state": "a",
                "met_by": ["end"],
            }
        ],
    }
    wf = load_workflow(data)
    assert [s.category for s in wf.states] == [StateCategory.PENDING, StateCategory.DONE]
    assert wf.deadlines[0].unit is DeadlineUnit.BUSINESS_DAYS


# --- workflow= in every verb --------------------------------------------------------------------

NOT_WORKFLOWS: dict[str, object] = {
    "none": None,
    "a workflow's id": "standard",
    "a workflow as data": dump_workflow(STANDARD),
    "a number": 0,
    "a deep list": _deep(5000),
    "a personal value": PERSONAL,
}

VERBS: dict[str, Callable[[object], object]] = {
    "apply": lambda w: apply(CASE, "close", at=AT, by="cm-1", data=CLOSE, workflow=w),
    "check": lambda w: check(CASE, "close", at=AT, by="cm-1", workflow=w),
    "allowed_events": lambda w: allowed_events(CASE, at=AT, workflow=w),
    "advance": lambda w: advance(
        Goal("g-1", "stable housing"), "accept", workflow=w, at=AT, by="cm-1"
    ),
    "open_case": opened,
    "replay": lambda w: replay(CASE.history, workflow=w),
    "open_deadlines": lambda w: open_deadlines(CASE, on=ON, workflow=w),
    "due": lambda w: due(CASE, on=ON, workflow=w),
    "overdue": lambda w: overdue(CASE, on=ON, workflow=w),
    "to_dot": to_dot,
    "to_mermaid": to_mermaid,
    "dump_workflow": dump_workflow,
}


DEFAULTING = [
    VERBS[name]
    for name in (
        "apply",
        "check",
        "allowed_events",
        "open_case",
        "open_deadlines",
        "due",
        "overdue",
    )
]


@pytest.mark.parametrize("value", NOT_WORKFLOWS.values(), ids=NOT_WORKFLOWS.keys())
@pytest.mark.parametrize("verb", VERBS.values(), ids=VERBS.keys())
def test_a_workflow_that_is_not_a_workflow_is_refused_by_every_verb(
    verb: Callable[[object], object], value: object
):
    """Each verb taking a workflow refuses anything else at "workflow", not with AttributeError.

    None is the default of the verbs that run a case under STANDARD when it is the case's.
    """
    if value is None and verb in DEFAULTING:
        verb(value)
        return
    assert _problems(lambda: verb(value)) == [NOT_A_WORKFLOW]


def test_the_case_is_checked_before_the_workflow():
    """apply, check and allowed_events name a wrong case first, before reading its manager."""
    assert _problems(lambda: apply(None, "close", at=AT, by="cm-1", workflow=None)) == [
        ("case", "type", "must be a Case")
    ]
    assert _problems(lambda: check(None, "close", at=AT, by="cm-1", workflow=None)) == [
        ("case", "type", "must be a Case")
    ]
    assert _problems(lambda: allowed_events(None, at=AT)) == [("case", "type", "must be a Case")]
    assert _problems(lambda: allowed_events(PERSONAL, at=AT, workflow=None)) == [
        ("case", "type", "must be a Case")
    ]


def test_advance_checks_the_subject_and_event_before_the_workflow():
    """advance names the subject, then the event, then the workflow."""
    goal = Goal("g-1", "stable housing")
    assert _problems(lambda: advance(None, "accept", workflow=None, at=AT, by="cm-1")) == [
        ("subject", "type", "must be an attrs object with a status")
    ]
    assert _problems(lambda: advance(goal, 3, workflow=None, at=AT, by="cm-1")) == [
        ("event", "type", "must be an event name")
    ]
    assert _problems(lambda: advance(goal, "accept", workflow=None, at="now", by="cm-1")) == [
        NOT_A_WORKFLOW
    ]


def test_replay_names_events_that_are_not_iterable_then_the_workflow():
    """replay refuses a non-iterable events argument, then a wrong workflow, before reading."""
    events_rule = ("events", "type", "must be CaseEvents, such as case.history")
    assert _problems(lambda: replay(5, workflow=STANDARD)) == [events_rule]
    assert _problems(lambda: replay(None, workflow=None)) == [events_rule]
    assert _problems(lambda: replay([], workflow=None)) == [NOT_A_WORKFLOW]


def test_open_deadlines_names_on_then_the_case_then_the_workflow():
    """open_deadlines checks its arguments in order: on, case, workflow, calendar."""
    assert _problems(lambda: open_deadlines(None, on="x", workflow=None)) == [
        ("on", "type", "must be a date such as pendulum.date(2025, 1, 31); parse text first")
    ]
    assert _problems(lambda: open_deadlines(None, on=ON, workflow=None)) == [
        ("case", "type", "must be a Case")
    ]


def test_every_verb_still_works_with_a_real_workflow():
    """With STANDARD (or GOAL for advance) each verb gives its usual answer."""
    assert apply(CASE, "close", at=AT, by="cm-1", data=CLOSE, workflow=STANDARD).state == "closed"
    assert check(CASE, "close", at=AT, by="cm-1", data=CLOSE, workflow=STANDARD) == ()
    assert "close" in [o.event for o in allowed_events(CASE, at=AT, workflow=STANDARD)]
    goal = advance(Goal("g-1", "stable housing"), "accept", workflow=GOAL, at=AT, by="cm-1")
    assert goal.status.value == "accepted"
    assert replay(CASE.history, workflow=STANDARD) == CASE
    assert opened(STANDARD).state == "referred"
    assert (
        open_case(
            "c-2",
            patient=patient(),
            manager=CASE.manager,
            model=CASE.model,
            at=AT,
            by="cm-1",
            workflow=STANDARD,
        ).workflow
        == "standard"
    )
    assert to_dot(STANDARD).startswith('digraph "standard" {')
    assert to_mermaid(STANDARD).startswith("stateDiagram-v2")
    assert dump_workflow(STANDARD)["id"] == "standard"


def test_a_valid_apply_takes_the_fast_path(monkeypatch: pytest.MonkeyPatch):
    """apply with good input never runs the full input check; a non-Workflow goes through it."""

    def slow(*_args: object) -> None:
        raise AssertionError

    case = example_case("planning")  # its line of cases has found STANDARD to be its own
    monkeypatch.setattr(apply_module, "_inputs", slow)
    assert apply(case, "approve_plan", at=case.history[-1].at, by="cm-1").state == "implementing"
    with pytest.raises(AssertionError):
        apply(case, "approve_plan", at=case.history[-1].at, by="cm-1", workflow="standard")  # type: ignore[arg-type]


# --- EventOption ---------------------------------------------------------------------------------

REASON = Reason.of("lifecycle.closure_reason_missing")

BAD_OPTIONS: list[tuple[str, Callable[[], object], tuple[str, str, str]]] = [
    ("event as None", lambda: EventOption(None, "closed", ()), ("event", "name", NAME_RULE)),
    (
        "event as a number",
        lambda: EventOption(10**5000, "closed", ()),
        ("event", "name", NAME_RULE),
    ),
    (
        "event with a space",
        lambda: EventOption("to close", "closed", ()),
        ("event", "name", NAME_RULE),
    ),
    (
        "event as a list",
        lambda: EventOption(_deep(5000), "closed", ()),
        ("event", "name", NAME_RULE),
    ),
    (
        "event as a str subclass",
        lambda: EventOption(_Text("close"), "closed", ()),
        ("event", "name", NAME_RULE),
    ),
    ("event too long", lambda: EventOption("e" * 65, "closed", ()), ("event", "name", NAME_RULE)),
    ("target as bytes", lambda: EventOption("close", b"closed", ()), ("target", "name", NAME_RULE)),
    ("target as a date", lambda: EventOption("close", ON, ()), ("target", "name", NAME_RULE)),
    ("target empty", lambda: EventOption("close", "", ()), ("target", "name", NAME_RULE)),
    (
        "target as history",
        lambda: EventOption("close", "@history", ()),
        ("target", "name", NAME_RULE),
    ),
    (
        "reasons as None",
        lambda: EventOption("close", "closed", None),
        ("reasons", "type", "must be a tuple of Reason"),
    ),
    (
        "reasons as text",
        lambda: EventOption("close", "closed", PERSONAL),
        ("reasons", "type", "must be a tuple of Reason"),
    ),
    (
        "reasons as a mapping",
        lambda: EventOption("close", "closed", {}),
        ("reasons", "type", "must be a tuple of Reason"),
    ),
    (
        "a reason that is text",
        lambda: EventOption("close", "closed", (REASON, PERSONAL)),
        ("reasons[1]", "type", "must be Reason"),
    ),
    (
        "a reason in a deep list",
        lambda: EventOption("close", "closed", _deep(5000)),
        ("reasons[0]", "type", "must be Reason"),
    ),
    (
        "a reason code instead of a Reason",
        lambda: EventOption("close", "closed", ["lifecycle.closure_reason_missing"]),
        ("reasons[0]", "type", "must be Reason"),
    ),
]


@pytest.mark.parametrize(
    ("call", "expected"), [b[1:] for b in BAD_OPTIONS], ids=[b[0] for b in BAD_OPTIONS]
)
def test_an_event_option_refuses_each_bad_field(
    call: Callable[[], object], expected: tuple[str, str, str]
):
    """EventOption takes an event name, a state name or None, and Reasons."""
    assert _problems(call) == [expected]


def test_an_event_option_keeps_good_values_and_freezes_a_list_of_reasons():
    """A list of reasons is kept as a tuple; a None target is allowed."""
    option = EventOption("close", None, [REASON])
    assert (option.event, option.target, option.reasons, option.allowed) == (
        "close",
        None,
        (REASON,),
        False,
    )
    assert EventOption("close", "closed", ()).allowed


def test_allowed_events_builds_valid_options():
    """The options allowed_events returns pass their own checks."""
    options = allowed_events(CASE, at=AT)
    assert {o.event: o.target for o in options}["close"] == "closed"
    assert all(type(o.reasons) is tuple for o in options)


# --- OpenDeadline --------------------------------------------------------------------------------

STARTED = pendulum.datetime(2025, 3, 5, tz="UTC")
DUE = pendulum.date(2025, 3, 19)
AWARE_RULE = "must be a timezone-aware datetime"
NAIVE_RULE = "must carry a timezone or UTC offset, e.g. pendulum.datetime(2025, 1, 2, tz='UTC')"
DATE_RULE = "must be a date (pass .date() for a datetime)"

BAD_DEADLINES: list[tuple[str, Callable[[], object], tuple[str, str, str]]] = [
    ("name as None", lambda: OpenDeadline(None, STARTED, DUE), ("name", "name", NAME_RULE)),
    (
        "name with a space",
        lambda: OpenDeadline("first visit", STARTED, DUE),
        ("name", "name", NAME_RULE),
    ),
    ("name as a number", lambda: OpenDeadline(10**5000, STARTED, DUE), ("name", "name", NAME_RULE)),
    (
        "started_at as None",
        lambda: OpenDeadline("d", None, DUE),
        ("started_at", "type", AWARE_RULE),
    ),
    (
        "started_at as a date",
        lambda: OpenDeadline("d", DUE, DUE),
        ("started_at", "type", AWARE_RULE),
    ),
    (
        "started_at as text",
        lambda: OpenDeadline("d", PERSONAL, DUE),
        ("started_at", "type", AWARE_RULE),
    ),
    (
        "started_at naive",
        lambda: OpenDeadline("d", pendulum.naive(2025, 3, 5), DUE),
        ("started_at", "naive_datetime", NAIVE_RULE),
    ),
    (
        "started_at naive stdlib",
        lambda: OpenDeadline("d", dt.datetime(2025, 3, 5), DUE),  # noqa: DTZ001  # naive on purpose
        ("started_at", "naive_datetime", NAIVE_RULE),
    ),
    ("due_on as None", lambda: OpenDeadline("d", STARTED, None), ("due_on", "type", DATE_RULE)),
    (
        "due_on as a datetime",
        lambda: OpenDeadline("d", STARTED, STARTED),
        ("due_on", "type", DATE_RULE),
    ),
    (
        "due_on as text",
        lambda: OpenDeadline("d", STARTED, "2025-03-19"),
        ("due_on", "type", DATE_RULE),
    ),
    ("due_on as a list", lambda: OpenDeadline("d", STARTED, []), ("due_on", "type", DATE_RULE)),
]


@pytest.mark.parametrize(
    ("call", "expected"), [b[1:] for b in BAD_DEADLINES], ids=[b[0] for b in BAD_DEADLINES]
)
def test_an_open_deadline_refuses_each_bad_field(
    call: Callable[[], object], expected: tuple[str, str, str]
):
    """OpenDeadline takes a deadline name, an aware start and a due date."""
    assert _problems(call) == [expected]


def test_an_open_deadline_keeps_good_values():
    """pendulum and standard-library values are both kept as given."""
    d = OpenDeadline("initial_assessment", STARTED, DUE)
    assert (d.name, d.started_at, d.due_on) == ("initial_assessment", STARTED, DUE)
    utc = dt.datetime(2025, 3, 5, tzinfo=dt.UTC)
    assert OpenDeadline("d", utc, dt.date(2025, 3, 19)).started_at is utc


def test_is_overdue_on_takes_a_date_only():
    """is_overdue_on compares with a date; anything else is refused at "on"."""
    d = OpenDeadline("d", STARTED, DUE)
    assert (d.is_overdue_on(DUE), d.is_overdue_on(dt.date(2025, 3, 20))) == (False, True)
    assert _problems(lambda: d.is_overdue_on(PERSONAL)) == [
        ("on", "type", "must be a date such as pendulum.date(2025, 1, 31); parse text first")
    ]
    assert _problems(lambda: d.is_overdue_on(STARTED)) == [
        (
            "on",
            "type",
            "must be a date, not a datetime; pass .date() after converting to the right timezone",
        )
    ]


def test_open_deadlines_builds_valid_records():
    """The records open_deadlines returns pass their own checks; due and overdue split them."""
    case = example_case("assessing")
    found = open_deadlines(case, on=pendulum.date(2025, 3, 6))
    assert [(d.name, d.due_on) for d in found] == [("initial_assessment", DUE)]
    assert [d.name for d in due(case, on=dt.date(2025, 3, 19))] == ["initial_assessment"]
    assert [d.name for d in overdue(case, on=dt.date(2025, 3, 20))] == ["initial_assessment"]
