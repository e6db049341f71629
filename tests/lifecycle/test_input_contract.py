"""The input contract of open_case, check and apply: every refusal's path, code and words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pendulum
import pytest

from casekit.case import CareModel, Case, CaseEvent
from casekit.errors import InvalidDefinitionError, InvalidInputError, TransitionRefusedError
from casekit.lifecycle import (
    EventContext,
    State,
    StateCategory,
    Transition,
    Workflow,
    apply,
    check,
    open_case,
)
from casekit.lifecycle._apply import from_opening
from casekit.lifecycle.examples import example_case
from casekit.people import CaseManager, Patient, PersonName
from casekit.rules import Reason

CASE = example_case("assessing")
AT = CASE.history[-1].at.add(hours=1)
PATIENT = Patient("pt-1", PersonName("Synthetic"), pendulum.date(1990, 1, 1))
AWARE = "must be a timezone-aware datetime, such as pendulum.datetime(...)"
NAIVE = "must carry a timezone (UTC offset); build it with pendulum.datetime(..., tz='UTC')"


def _open(**changes: Any) -> Case:
    arguments: dict[str, Any] = {
        "patient": PATIENT,
        "manager": CaseManager("cm-1"),
        "model": CareModel.CLINICAL,
        "at": AT,
        "by": "cm-1",
    }
    return open_case("c-1", **{**arguments, **changes})


BAD_INPUTS: list[tuple[str, Callable[[], object], tuple[str, str, str]]] = [
    ("at as text", lambda: apply(CASE, "hold", at="2026-01-01", by="cm-1"), ("at", "type", AWARE)),
    (
        "naive pendulum at",
        lambda: apply(CASE, "hold", at=pendulum.naive(2026, 1, 1), by="cm-1"),
        ("at", "naive_datetime", NAIVE),
    ),
    (
        "naive stdlib at in check",
        lambda: check(CASE, "hold", at=dt.datetime(2026, 1, 1), by="cm-1"),  # noqa: DTZ001  # naive on purpose
        ("at", "naive_datetime", NAIVE),
    ),
    (
        "recorded_at as text",
        lambda: apply(CASE, "hold", at=AT, by="cm-1", recorded_at="x"),
        ("recorded_at", "type", AWARE),
    ),
    (
        "data that is not a mapping",
        lambda: apply(CASE, "hold", at=AT, by="cm-1", data=5),
        ("data", "type", "must be a dict of names to values"),
    ),
    (
        "data entry that is not a pair",
        lambda: apply(CASE, "hold", at=AT, by="cm-1", data=[("a",)]),
        ("data", "type", "entry 0 must be a (name, value) pair"),
    ),
    (
        "data name with a space",
        lambda: apply(CASE, "hold", at=AT, by="cm-1", data={"bad name": 1}),
        ("data[0]", "name", "names must be letters, digits and . _ : - /"),
    ),
    (
        "data value that is a float",
        lambda: apply(CASE, "hold", at=AT, by="cm-1", data={"n": 1.5}),
        ("data.n", "type", "must be text, a whole number, True/False or None"),
    ),
    (
        "data text with a control code",
        lambda: apply(CASE, "hold", at=AT, by="cm-1", data={"n": "a\x00"}),
        ("data.n", "text", "must be at most 2000 characters, no control codes"),
    ),
    (
        "data name given twice",
        lambda: apply(CASE, "hold", at=AT, by="cm-1", data=[("n", 1), ("n", 2)]),
        ("data.n", "duplicate", "is given more than once"),
    ),
    (
        "open_case with a workflow name instead of a Workflow",
        lambda: _open(workflow="standard"),
        ("workflow", "type", "must be a Workflow"),
    ),
    (
        "open_case at a naive time",
        lambda: _open(at=pendulum.naive(2025, 1, 1)),
        ("at", "naive_datetime", NAIVE),
    ),
    (
        "open_case recorded_at as a number",
        lambda: _open(recorded_at=5),
        ("recorded_at", "type", AWARE),
    ),
    (
        "a first event without an Opening",
        lambda: from_opening(CaseEvent(1, "e1", "opened", None, "referred", AT, AT, "cm-1")),
        ("payload", "payload_mismatch", "must be an Opening"),
    ),
]


@pytest.mark.parametrize(
    ("call", "expected"), [b[1:] for b in BAD_INPUTS], ids=[b[0] for b in BAD_INPUTS]
)
def test_each_bad_input_is_named_with_its_path_code_and_fix(call, expected):
    """Every refused input gives exactly one problem: where, which rule, and how to fix it."""
    with pytest.raises(InvalidInputError) as caught:
        call()

    assert [tuple(p) for p in caught.value.problems] == [expected]


def test_a_default_event_id_that_would_be_too_long_asks_for_one():
    """A case id so long that '<id>.<seq>' passes 128 characters needs an explicit event id."""
    long_case = _open().__class__  # Case
    case = example_case("assessing")
    patched = long_case(
        "c" * 127, case.patient, case.manager, case.model, case.state, case.opened_at,
        case.workflow, case.team, case.assessments, case.care_plans, case.contacts,
        case.appointments, case.referrals, case.outcomes, case.history,
    )  # fmt: skip
    with pytest.raises(InvalidInputError) as caught:
        apply(patched, "hold", at=AT, by="cm-1")

    assert [tuple(p) for p in caught.value.problems] == [
        ("event_id", "identifier", "give one: the default would pass 128 characters")
    ]


def test_an_event_not_routed_from_the_state_names_event_and_state():
    """The refusal says which event was tried in which state."""
    with pytest.raises(TransitionRefusedError) as caught:
        apply(CASE, "approve_plan", at=AT, by="cm-1")

    assert (caught.value.event, caught.value.state) == ("approve_plan", "assessing")


def test_a_guarded_refusal_names_event_and_state():
    """A refusal by guards carries the event, the state and the guards' reasons."""
    with pytest.raises(TransitionRefusedError) as caught:
        apply(CASE, "close", at=AT, by="cm-1")

    assert (caught.value.event, caught.value.state) == ("close", "assessing")
    assert [r.code for r in caught.value.reasons] == ["lifecycle.closure_reason_missing"]


def _tiny(guard: Any) -> Workflow[Case]:
    return Workflow(
        "tiny",
        (
            State("open", StateCategory.ACTIVE, initial=True),
            State("done", StateCategory.DONE, final=True),
        ),
        (Transition("finish", ("open",), "done", guards=("probe",), overridable=("probe",)),),
        guards={"probe": guard},
    )


def test_guards_see_who_when_the_data_and_the_override():
    """A guard's context holds the event, the state, the time, the actor and the data."""
    seen: list[EventContext] = []

    def probe(_case: Case, context: EventContext) -> Iterator[Reason]:
        seen.append(context)
        return iter(())

    workflow = _tiny(probe)
    case = open_case(
        "c-2", patient=PATIENT, manager=CaseManager("cm-1"), model=CareModel.CLINICAL, at=AT,
        by="cm-1", workflow=workflow,
    )  # fmt: skip
    apply(case, "finish", at=AT.add(hours=1), by="cm-2", data={"why": "done"}, workflow=workflow)

    assert seen == [
        EventContext("finish", "open", AT.add(hours=1), "cm-2", (("why", "done"),), None)
    ]


def test_a_guard_that_returns_something_other_than_reasons_is_named():
    """A guard must yield Reason objects; anything else is reported against that guard."""
    workflow = _tiny(lambda _case, _context: ["not a reason"])
    case = open_case(
        "c-3", patient=PATIENT, manager=CaseManager("cm-1"), model=CareModel.CLINICAL, at=AT,
        by="cm-1", workflow=workflow,
    )  # fmt: skip
    with pytest.raises(InvalidDefinitionError) as caught:
        check(case, "finish", at=AT, by="cm-1", workflow=workflow)

    assert [tuple(p) for p in caught.value.problems] == [
        (
            "guards.probe",
            "guard_result",
            "a guard must return an iterable of Reason objects (empty when the event may happen)",
        )
    ]
