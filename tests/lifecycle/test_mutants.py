"""Guards and the guard machinery: behaviour that mutation testing showed was not pinned down."""

from __future__ import annotations

import datetime as dt
import enum

import attrs
import pendulum
import pytest

from casekit.assessment import Assessment
from casekit.careplan import Goal
from casekit.case import Case, Contact, ContactMode, record_assessment, record_contact
from casekit.errors import InvalidDefinitionError, InvalidInputError, TransitionRefusedError
from casekit.lifecycle import (
    GOAL,
    HISTORY,
    INTERVENTION,
    REFERRAL,
    STANDARD,
    Deadline,
    EventContext,
    State,
    StateCategory,
    Transition,
    Workflow,
    advance,
    allowed_events,
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
    assert (caught.value.event, caught.value.state) == ("<unknown event>", "red")
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


def test_override_reasons_must_be_words_within_the_limit() -> None:
    """An override reason is refused when blank, over 2000 characters or with control codes."""
    case = step(opened(), "start_screening")
    at = later(case)

    def decline(reason: str) -> object:
        return apply(case, "decline", at=at, by="cm-1", override_reason=reason)

    assert _problems(lambda: decline(" ")) == [
        ("override_reason", "empty", "must say, in words, why the guard is overridden")
    ]
    text = ("override_reason", "text", "must be at most 2000 characters, no control codes")
    assert _problems(lambda: decline("x" * 2001)) == [text]
    assert _problems(lambda: decline("a\x07b")) == [text]
    assert decline("x" * 2000).history[-1].override_reason == "x" * 2000


def test_refusals_of_unrouted_events_name_event_state_and_workflow() -> None:
    """An event unknown to the workflow, or applied in a final state, says which and where."""
    closed = example_case("closed")
    with pytest.raises(TransitionRefusedError) as caught:
        apply(closed, "fly", at=later(closed), by="cm-1")
    assert caught.value.reasons == (Reason.of("lifecycle.event_unknown", workflow="standard"),)
    declined = example_case("declined")
    with pytest.raises(TransitionRefusedError) as caught:
        apply(declined, "accept", at=later(declined), by="cm-1")
    assert caught.value.reasons == (
        Reason.of("lifecycle.state_final", event="accept", state="declined"),
    )


def test_a_reused_event_id_with_other_content_is_refused_with_the_fix() -> None:
    """Re-using an event id for a different event says to use a new id."""
    case = step(opened(), "start_screening", event_id="ev-1")
    assert _problems(lambda: step(case, "hold", event_id="ev-1")) == [
        (
            "event_id",
            "event_id_reused",
            "is already in the history with different content; use a new event id",
        )
    ]


def test_advance_refuses_an_event_that_is_not_text() -> None:
    """advance names the event field when the event is not a string."""
    goal = Goal("g-1", "stable housing")
    assert _problems(lambda: advance(goal, 1, workflow=GOAL, at=AT_GOAL, by="cm-1")) == [  # type: ignore[arg-type]
        ("event", "type", "must be an event name")
    ]


def test_names_and_descriptions_are_checked_with_their_rule() -> None:
    """Bad state and source names, and over-long descriptions, give the rule to follow."""
    rule = "must be 1-64 letters, digits, _ or -, starting with a letter"
    assert _problems(lambda: State("1x")) == [("name", "name", rule)]
    assert _problems(lambda: Transition("e", ["a", "1b"], "c")) == [("sources[1]", "name", rule)]
    assert State("x", description="d" * 500).description == "d" * 500
    assert _problems(lambda: State("x", description="d" * 501)) == [
        ("description", "type", "must be text of at most 500 characters")
    ]


def test_allowed_events_checks_the_actor_it_is_given() -> None:
    """allowed_events refuses a bad by instead of falling back to the case manager."""
    case = example_case("planning")
    assert [p[0] for p in _problems(lambda: allowed_events(case, at=later(case), by=" "))] == ["by"]


def test_the_guard_registry_is_kept_sorted_by_name() -> None:
    """A guard dict given out of order is stored sorted by name."""
    wf = Workflow(
        "w",
        [State("a", initial=True), State("b", final=True)],
        [Transition("go", ["a"], "b", guards=["zeta", "alpha"])],
        guards={"zeta": lambda _s, _c: (), "alpha": lambda _s, _c: ()},
    )
    assert [name for name, _ in wf.guards] == ["alpha", "zeta"]


def test_standard_guards_built_now_give_their_reasons_with_parameters() -> None:
    """Guards of a workflow built by the application give each reason with its parameters."""
    wf = standard_workflow(reopen_within=dt.timedelta(days=30), workflow_id="within-30")
    assessing = example_case("assessing")
    ctx = EventContext("approve_plan", "planning", later(assessing), "cm-1")
    assert tuple(wf.guard("plan_approvable")(assessing, ctx)) == (
        Reason.of("lifecycle.care_plan_missing", event="approve_plan"),
    )
    unrated = record_assessment(
        assessing, Assessment("as-9", later(assessing), "cm-1"), at=later(assessing), by="cm-1"
    )
    ctx = EventContext("complete_assessment", "assessing", later(unrated), "cm-1")
    assert tuple(wf.guard("risk_assessed")(unrated, ctx)) == (
        Reason.of("lifecycle.risk_level_missing", event="complete_assessment"),
    )
    closed = example_case("closed")
    reopen = wf.guard("within_reopen_window")
    at = closed.history[-1].at
    assert tuple(reopen(closed, EventContext("reopen", "closed", at.add(days=30), "cm-1"))) == ()
    late = EventContext("reopen", "closed", at.add(days=30, seconds=1), "cm-1")
    assert tuple(reopen(closed, late)) == (Reason.of("lifecycle.reopen_window_passed", days=30),)


def test_a_custom_standard_workflow_uses_the_deadlines_it_is_given() -> None:
    """standard_workflow keeps exactly the deadlines passed to it."""
    deadline = Deadline("first_call", 2, start_event="accept", met_by=["contact_recorded"])
    assert standard_workflow(deadlines=[deadline], workflow_id="x").deadlines == (deadline,)


def test_inputs_to_apply_and_check_are_refused_by_field() -> None:
    """Wrong case, workflow, history, event, time, actor and event id are each named."""
    case = opened()
    at = later(case)
    other = standard_workflow(workflow_id="other")
    empty = attrs.evolve(case, history=())
    actor = (
        "by",
        "identifier",
        "must be 1-128 characters of letters, digits and . _ : - / starting with a letter or digit",
    )
    for verb in (apply, check):
        assert _problems(lambda v=verb: v("case", "hold", at=at, by="cm-1")) == [
            ("case", "type", "must be a Case")
        ]
        assert _problems(lambda v=verb: v(case, "hold", at=at, by="cm-1", workflow=other)) == [
            (
                "workflow",
                "workflow_mismatch",
                (
                    f"is workflow 'other' (fingerprint {other.fingerprint[:12]}), but the case "
                    f"runs under 'standard' (fingerprint {STANDARD.fingerprint[:12]}); pass the "
                    "case's workflow, or list the case's fingerprint in the new definition's "
                    "compatible_with"
                ),
            )
        ]
        assert _problems(lambda v=verb: v(empty, "hold", at=at, by="cm-1")) == [
            ("case.history", "not_opened", "is empty; build cases with open_case")
        ]
        assert _problems(lambda v=verb: v(case, 3, at=at, by="cm-1")) == [
            ("event", "type", "must be an event name")
        ]
        assert [p[0] for p in _problems(lambda v=verb: v(case, 3, at="now", by="cm-1"))] == [
            "event"
        ]
        assert _problems(lambda v=verb: v(case, "start_screening", at=at, by="a b")) == [actor]
        assert [
            p[0] for p in _problems(lambda v=verb: v(case, "x", at=at, by="cm-1", event_id=" "))
        ] == ["event_id"]
    assert [p[0] for p in _problems(lambda: check(case, "hold", at="now", by="cm-1"))] == ["at"]


def test_an_unknown_state_is_named_with_its_workflow() -> None:
    """Workflow.state refuses a name it does not have, naming the workflow."""
    assert _problems(lambda: standard_module.STANDARD.state("nowhere")) == [
        ("state", "unknown_state", "is not a state of workflow 'standard'")
    ]


def _who(_case: Case, context: EventContext) -> tuple[Reason, ...]:
    if context.by != "lead-1" or context.at.year != 2025:
        return (Reason.of("x.not_lead", by=context.by),)
    return ()


def test_check_and_allowed_events_show_guards_the_actor_and_time() -> None:
    """Guards run by check and allowed_events see the actor and time they were given."""
    wf = standard_workflow(eligibility=[_who], workflow_id="leads")
    case = step(opened(wf), "start_screening", wf)
    at = later(case)
    assert check(case, "accept", at=at, by="lead-1", workflow=wf) == ()
    assert check(case, "accept", at=at, by="cm-1", workflow=wf) == (
        Reason.of("x.not_lead", by="cm-1"),
    )
    options = {o.event: o for o in allowed_events(case, at=at, by="lead-1", workflow=wf)}
    assert options["accept"].allowed
    options = {o.event: o for o in allowed_events(case, at=at, workflow=wf)}
    assert options["accept"].reasons == (Reason.of("x.not_lead", by="cm-1"),)


def test_allowed_events_uses_the_data_and_the_last_event_time() -> None:
    """allowed_events passes its data to guards and refuses a time before the last event."""
    case = example_case("monitoring")
    at = later(case)
    options = {o.event: o for o in allowed_events(case, at=at, data={"closure_reason": "death"})}
    assert options["close"].allowed
    between = case.history[-2].at.add(seconds=1)
    assert case.history[-2].at < between < case.history[-1].at
    assert [p[1] for p in _problems(lambda: allowed_events(case, at=between))] == [
        "time_went_backwards"
    ]
