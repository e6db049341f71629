"""Guards and the guard machinery: behaviour that mutation testing showed was not pinned down."""

from __future__ import annotations

import datetime as dt
import enum

import attrs
import pendulum
import pytest

from casekit.careplan import Goal
from casekit.case import Case, Contact, ContactMode, record_contact
from casekit.errors import InvalidDefinitionError, InvalidInputError, TransitionRefusedError
from casekit.lifecycle import (
    GOAL,
    HISTORY,
    INTERVENTION,
    REFERRAL,
    Deadline,
    EventContext,
    State,
    StateCategory,
    Transition,
    Workflow,
    advance,
    apply,
    check,
    entered_from,
    standard_guards,
    standard_workflow,
)
from casekit.lifecycle import standard as standard_module
from casekit.lifecycle.examples import example_case
from casekit.rules import Reason

from .helpers import AT, later, opened, step

AT_GOAL = pendulum.datetime(2025, 3, 5, tz="UTC")


def _problems(call: object) -> list[tuple[str, str, str]]:
    with pytest.raises(InvalidInputError) as caught:
        call()  # type: ignore[operator]
    return [tuple(p) for p in caught.value.problems]


@pytest.mark.parametrize("workflow", [GOAL, INTERVENTION, REFERRAL], ids=lambda w: w.id)
def test_the_entity_workflows_are_rebuilt_from_their_tables(workflow: Workflow[object]) -> None:
    """_entity_workflow builds an equal workflow: first state initial, finals kept, moves kept."""
    states = [(s.name, s.category, s.final) for s in workflow.states]
    moves = [(t.event, list(t.sources), t.target) for t in workflow.transitions]
    rebuilt = standard_module._entity_workflow(workflow.id, states, moves)
    assert rebuilt == workflow
    assert [s.initial for s in rebuilt.states] == [True] + [False] * (len(states) - 1)


def test_advance_refuses_bad_times_and_actors_by_field() -> None:
    """advance names at and by when they are wrong."""
    goal = Goal("g-1", "stable housing")
    assert [
        p[0]
        for p in _problems(
            lambda: advance(goal, "accept", workflow=GOAL, at=dt.datetime(2025, 3, 5), by="cm-1")  # noqa: DTZ001  # naive on purpose
        )
    ] == ["at"]
    assert [
        p[0] for p in _problems(lambda: advance(goal, "accept", workflow=GOAL, at=AT_GOAL, by=" "))
    ] == ["by"]
    assert [
        p[0]
        for p in _problems(
            lambda: advance(goal, "accept", workflow=GOAL, at=AT_GOAL, by="cm-1", data={"a b": 1})
        )
    ] == ["data[0]"]


def test_advance_needs_an_attrs_subject_with_a_status() -> None:
    """A subject that is not an attrs class is refused even with an enum status."""

    class Plain:
        status = StateCategory.ACTIVE

    assert _problems(lambda: advance(Plain(), "accept", workflow=GOAL, at=AT_GOAL, by="cm-1")) == [  # type: ignore[type-var]
        ("subject", "type", "must be an attrs object with a status")
    ]


class Light(enum.StrEnum):
    """A status for a test subject."""

    RED = "red"
    GREEN = "green"


@attrs.frozen
class Lamp:
    """A test subject."""

    status: Light = Light.RED


def test_advance_shows_guards_the_whole_context() -> None:
    """A guard run by advance sees the event, state, time, actor, data and override reason."""
    seen: list[EventContext] = []

    def record(_subject: object, context: EventContext) -> tuple[Reason, ...]:
        seen.append(context)
        return ()

    wf: Workflow[Lamp] = Workflow(
        "lamp",
        [State("red", initial=True), State("green", final=True)],
        [Transition("go", ["red"], "green", guards=["record", "never"], overridable=["never"])],
        guards={"record": record, "never": lambda _s, _c: (Reason.of("x.never"),)},
    )
    lamp = advance(
        Lamp(), "go", workflow=wf, at=AT_GOAL, by="cm-1", data={"n": 1}, override_reason="why"
    )
    assert lamp.status is Light.GREEN
    assert seen == [EventContext("go", "red", AT_GOAL, "cm-1", (("n", 1),), "why")]


def test_advance_refusals_name_the_event_and_state() -> None:
    """A refused advance carries the event and the state, with each reason's parameters."""
    wf: Workflow[Lamp] = Workflow(
        "lamp",
        [State("red", initial=True), State("green", final=True), State("amber", final=True)],
        [
            Transition("back", ["red"], HISTORY),
            Transition("amber", ["red"], "amber"),
            Transition("go", ["red"], "green"),
        ],
    )
    with pytest.raises(TransitionRefusedError) as caught:
        advance(Lamp(), "back", workflow=wf, at=AT_GOAL, by="cm-1")
    assert (caught.value.event, caught.value.state) == ("back", "red")
    assert caught.value.reasons == (Reason.of("lifecycle.no_history", event="back", state="red"),)
    with pytest.raises(TransitionRefusedError) as caught:
        advance(Lamp(), "stop", workflow=wf, at=AT_GOAL, by="cm-1")
    assert (caught.value.event, caught.value.state) == ("stop", "red")
    with pytest.raises(InvalidDefinitionError) as refused:
        advance(Lamp(), "amber", workflow=wf, at=AT_GOAL, by="cm-1")
    assert [tuple(p) for p in refused.value.problems] == [
        ("states", "unknown_status", "state 'amber' is not a status of the subject")
    ]


def test_an_event_before_the_last_is_refused_with_the_fix() -> None:
    """apply refuses an at earlier than the last event's, saying how to backdate instead."""
    case = opened()
    assert _problems(lambda: apply(case, "start_screening", at=AT.subtract(days=1), by="cm-1")) == [
        (
            "at",
            "time_went_backwards",
            (
                "is earlier than the previous event's effective time; apply events in order, and "
                "record a backdated event with an earlier at than its recorded_at instead"
            ),
        )
    ]


def test_entered_from_skips_events_that_stay_in_the_state() -> None:
    """An event that keeps the state does not hide where the case came from."""
    wf = Workflow(
        "loop",
        [State("a", initial=True), State("b"), State("c", final=True)],
        [
            Transition("go", ["a"], "b"),
            Transition("touch", ["b"], "b"),
            Transition("end", ["b"], "c"),
        ],
    )
    case = step(step(opened(wf), "go", wf), "touch", wf)
    assert entered_from(case) == "a"


def test_state_codes_are_checked_against_their_lists() -> None:
    """A state's FHIR and CMMN codes must come from their lists; the error lists them."""
    assert State("x", fhir="waitlist", cmmn="suspended").fhir_status == "waitlist"
    assert State("x").cmmn_state == "active"
    assert _problems(lambda: State("x", cmmn="paused")) == [
        (
            "cmmn",
            "code",
            "must be a CMMN case state: active, closed, completed, failed, suspended, terminated",
        )
    ]
    assert _problems(lambda: State("x", initial=1)) == [
        ("initial", "type", "must be True or False")
    ]  # type: ignore[arg-type]
    assert _problems(lambda: Transition("e", "a", "b")) == [
        ("sources", "type", "must be a tuple of names")
    ]


def test_a_deadline_may_be_due_the_same_day_but_not_before() -> None:
    """within=0 is accepted; a negative number is refused with the fix."""
    assert Deadline("d", 0, start_event="go").within == 0
    assert _problems(lambda: Deadline("d", -1, start_event="go")) == [
        ("within", "non_negative_int", "must be a whole number ≥ 0")
    ]


def test_an_unknown_guard_name_is_refused() -> None:
    """Workflow.guard finds a registered guard and refuses any other name."""
    assert STANDARD_GUARDS["reason_given"] is standard_module.STANDARD.guard("reason_given")
    assert _problems(lambda: standard_module.STANDARD.guard("nope")) == [
        ("guard", "unknown_guard", "is not in the guard registry")
    ]


STANDARD_GUARDS = dict(standard_module.STANDARD.guards)


def test_the_reopen_window_may_be_zero_but_not_negative() -> None:
    """reopen_within of zero or a few hours is accepted; a negative window is refused."""
    assert "within_reopen_window" in standard_guards(reopen_within=dt.timedelta(0))
    assert "within_reopen_window" in standard_guards(reopen_within=dt.timedelta(hours=12))
    assert _problems(lambda: standard_guards(reopen_within=dt.timedelta(-1))) == [
        ("reopen_within", "type", "must be a timedelta ≥ 0")
    ]


def test_a_case_may_be_reopened_exactly_at_the_end_of_the_window() -> None:
    """Reopening exactly reopen_within after closing is allowed; a second later is not."""
    closed = example_case("closed")
    at = closed.history[-1].at
    data = {"reason": "relapse"}
    assert check(closed, "reopen", at=at.add(days=90), by="cm-1", data=data) == ()
    assert check(closed, "reopen", at=at.add(days=90, seconds=1), by="cm-1", data=data) == (
        Reason.of("lifecycle.reopen_window_passed", days=90),
    )


def test_guard_reasons_name_the_event() -> None:
    """The standard guards' reasons carry the event they refused."""
    case = example_case("assessing")
    at = later(case)
    assert check(case, "complete_assessment", at=at, by="cm-1") == (
        Reason.of("lifecycle.assessment_missing", event="complete_assessment"),
    )
    closed = example_case("closed")
    assert check(closed, "reopen", at=later(closed), by="cm-1") == (
        Reason.of("lifecycle.reason_missing", event="reopen"),
    )
    monitoring = example_case("monitoring")
    assert check(
        monitoring, "close", at=later(monitoring), by="cm-1", data={"closure_reason": "x"}
    ) == (Reason.of("lifecycle.closure_reason_unknown", codes=standard_module._CLOSURE_CODES),)


def test_a_contact_at_the_moment_of_transition_counts_as_follow_up() -> None:
    """A contact made exactly when the case entered post_transition meets followed_up."""
    case = example_case("post_transition")
    entered = case.history[-1].at
    assert check(case, "complete_follow_up", at=later(case), by="cm-1") == (
        Reason.of("lifecycle.follow_up_missing", event="complete_follow_up"),
    )
    contact = Contact("c-1", ContactMode.PHONE, entered, 10, "cm-1")
    case = record_contact(case, contact, at=later(case), by="cm-1")
    assert check(case, "complete_follow_up", at=later(case), by="cm-1") == ()


def _adult(case: Case, context: EventContext) -> tuple[Reason, ...]:
    age = context.datum("age")
    if case.id != "case-1" or not isinstance(age, int) or age < 18:
        return (Reason.of("screening.not_adult"),)
    return ()


def test_eligibility_criteria_see_the_case_and_the_event() -> None:
    """accept needs every criterion met; decline needs one unmet, reading case and data."""
    wf = standard_workflow(eligibility=[_adult], workflow_id="adults")
    case = step(opened(wf), "start_screening", wf)
    at = later(case)
    assert check(case, "accept", at=at, by="cm-1", data={"age": 30}, workflow=wf) == ()
    assert check(case, "accept", at=at, by="cm-1", data={"age": 3}, workflow=wf) == (
        Reason.of("screening.not_adult"),
    )
    assert check(case, "decline", at=at, by="cm-1", data={"age": 3}, workflow=wf) == ()
    assert check(case, "decline", at=at, by="cm-1", data={"age": 30}, workflow=wf) == (
        Reason.of("lifecycle.eligible_cannot_decline"),
    )


def test_a_custom_standard_workflow_keeps_its_deadlines() -> None:
    """standard_workflow uses the deadlines it is given."""
    assert standard_workflow(deadlines=[], workflow_id="x").deadlines == ()
