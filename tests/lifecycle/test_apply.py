"""The engine: open_case, check, apply, allowed_events, advance; idempotency and time."""

from __future__ import annotations

import datetime as dt

import attrs
import pendulum
import pytest

from casekit.careplan import Goal, GoalStatus, Intervention, InterventionStatus
from casekit.case import Case, Referral, ReferralStatus
from casekit.errors import InvalidDefinitionError, InvalidInputError, TransitionRefusedError
from casekit.lifecycle import (
    GOAL,
    INTERVENTION,
    REFERRAL,
    STANDARD,
    EventContext,
    EventOption,
    State,
    Transition,
    Workflow,
    advance,
    allowed_events,
    apply,
    check,
    open_case,
)
from casekit.lifecycle.examples import example_case
from casekit.rules import Reason

from .helpers import AT, FAMILY_NAME, later, opened, step


def test_apply_appends_one_audited_event() -> None:
    """An applied event records who, when, from where and to where."""
    case = opened()
    at = AT.add(hours=1)
    new = apply(case, "start_screening", at=at, by="cm-2", recorded_at=at.add(hours=2))
    event = new.history[-1]

    assert (
        2,
        "case-1.2",
        "start_screening",
        "referred",
        "screening",
        at,
        at.add(hours=2),
        "cm-2",
    ) == (
        event.seq,
        event.event_id,
        event.name,
        event.from_state,
        event.to_state,
        event.at,
        event.recorded_at,
        event.by,
    )


def test_apply_returns_a_new_case_and_leaves_the_old_one() -> None:
    """The case is immutable; apply returns a new one."""
    case = opened()
    new = step(case, "start_screening")

    assert (
        case.state,
        len(case.history),
        new.state,
        len(new.history),
    ) == ("referred", 1, "screening", 2)


def test_apply_event_data_is_recorded_sorted() -> None:
    """Data given as a dict is stored as sorted pairs."""
    case = step(example_case("monitoring"), "close", data={"closure_reason": "goals_met", "a": 1})

    assert case.history[-1].data == (("a", 1), ("closure_reason", "goals_met"))


def test_apply_data_as_pairs_is_accepted() -> None:
    """Data may be given as (name, value) pairs or lists."""
    case = step(example_case("monitoring"), "close", data=[["closure_reason", "goals_met"]])

    assert case.state == "closed"


def test_refused_event_raises_with_event_state_and_every_reason() -> None:
    """A refusal carries the event, the state and each reason."""
    case = step(example_case("post_transition"), "hold")
    case = step(case, "resume")
    with pytest.raises(TransitionRefusedError) as info:
        step(case, "close")

    assert (info.value.event, info.value.state) == ("close", "post_transition")
    assert [r.code for r in info.value.reasons] == [
        "lifecycle.closure_reason_missing",
        "lifecycle.follow_up_missing",
    ]


def test_unknown_event_is_refused_with_a_reason() -> None:
    """An event the workflow does not define is refused, not a KeyError."""
    assert [r.code for r in check(opened(), "teleport", at=later(opened()), by="cm-1")] == [
        "lifecycle.event_unknown"
    ]


def test_event_from_the_wrong_state_lists_what_is_allowed() -> None:
    """The refusal names the events allowed from the current state."""
    reasons = check(opened(), "close", at=later(opened()), by="cm-1")

    assert reasons[0].message() == (
        "close is not allowed from referred; allowed here: start_screening, mark_entered_in_error"
    )


def test_override_on_a_transition_without_overridable_guards_is_refused() -> None:
    """override_reason is only for guards marked overridable."""
    case = opened()

    assert [
        r.code
        for r in check(case, "start_screening", at=later(case), by="cm-1", override_reason="x")
    ] == ["lifecycle.override_not_allowed"]
    with pytest.raises(TransitionRefusedError):
        step(case, "start_screening", override_reason="x")


def test_blank_override_reason_is_an_input_error() -> None:
    """An override must say why."""
    with pytest.raises(InvalidInputError) as info:
        step(example_case("monitoring"), "close", override_reason="  ")

    assert info.value.problems[0].path == "override_reason"


def test_override_reason_with_control_characters_is_refused() -> None:
    """An override reason is text without control characters."""
    with pytest.raises(InvalidInputError):
        step(example_case("monitoring"), "close", override_reason="a\x00b")


def test_same_event_id_and_content_returns_the_case_unchanged() -> None:
    """Re-delivering an event is a no-op (at-least-once delivery)."""
    case = opened()
    at = later(case)
    once = apply(case, "start_screening", at=at, by="cm-1", event_id="msg-17")
    twice = apply(once, "start_screening", at=at, by="cm-1", event_id="msg-17")

    assert once is twice
    assert check(once, "start_screening", at=at, by="cm-1", event_id="msg-17") == ()


def test_same_event_id_with_other_content_is_an_error() -> None:
    """An event id may not be reused for a different event."""
    case = opened()
    at = later(case)
    once = apply(case, "start_screening", at=at, by="cm-1", event_id="msg-17")

    with pytest.raises(InvalidInputError) as info:
        apply(once, "start_screening", at=at, by="cm-2", event_id="msg-17")

    assert (
        info.value.problems[0].path,
        info.value.problems[0].code,
    ) == ("event_id", "event_id_reused")


def test_a_bad_event_id_is_refused() -> None:
    """Event ids are identifiers."""
    with pytest.raises(InvalidInputError):
        step(opened(), "start_screening", event_id="not an id")


def test_a_too_long_default_event_id_asks_for_one() -> None:
    """A case id near the limit leaves no room for the default event id."""
    base = opened()
    case = open_case(
        "c" * 127,
        patient=base.patient,
        manager=base.manager,
        model=base.model,
        at=AT,
        by="cm-1",
        event_id="ev-1",
    )
    with pytest.raises(InvalidInputError) as info:
        step(case, "start_screening")

    assert info.value.problems[0].path == "event_id"


def test_effective_time_may_not_go_backwards() -> None:
    """An event earlier than the previous one is refused with a clear error."""
    case = step(opened(), "start_screening")

    for call in (apply, check):
        with pytest.raises(InvalidInputError) as info:
            call(case, "accept", at=AT, by="cm-1")
        assert info.value.problems[0].code == "time_went_backwards"


def test_backdating_is_an_earlier_at_than_recorded_at() -> None:
    """A backdated event keeps its effective time and its recording time."""
    case = opened()
    at = AT.add(minutes=5)
    case = apply(case, "start_screening", at=at, by="cm-1", recorded_at=AT.add(days=3))

    assert (at, AT.add(days=3)) == (case.history[-1].at, case.history[-1].recorded_at)


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"at": dt.datetime(2025, 3, 4)}, "at"),  # noqa: DTZ001  # naive on purpose
        ({"at": "2025-03-04"}, "at"),
        ({"recorded_at": dt.datetime(2025, 3, 4)}, "recorded_at"),  # noqa: DTZ001  # naive
        ({"by": "has space"}, "by"),
        ({"data": "closure_reason=x"}, "data"),
        ({"data": {"ok": 1.5}}, "data.ok"),
        ({"data": {"bad key": 1}}, "data[0]"),
        ({"data": [("a", 1), ("a", 2)]}, "data.a"),
        ({"data": [("a",)]}, "data"),
        ({"data": {"t": "x" * 2001}}, "data.t"),
    ],
)
def test_bad_input_is_refused_naming_the_field(kwargs: dict[str, object], path: str) -> None:
    """Each wrong input is an InvalidInputError whose path names the field."""
    case = opened()
    kw: dict[str, object] = {"at": later(case), "by": "cm-1", **kwargs}
    with pytest.raises(InvalidInputError) as info:
        apply(case, "start_screening", **kw)  # type: ignore[arg-type]

    assert path == info.value.problems[0].path


def test_standard_library_aware_datetimes_are_accepted() -> None:
    """Any aware datetime works, not only pendulum's."""
    case = opened()
    at = dt.datetime(2025, 3, 4, tzinfo=dt.UTC)

    assert at == apply(case, "start_screening", at=at, by="cm-1").history[-1].at


def test_a_case_of_another_workflow_is_refused() -> None:
    """apply checks that the case was opened under the workflow given."""
    with pytest.raises(InvalidInputError) as info:
        step(opened(), "finish", workflow=TINY)

    assert info.value.problems[0].code == "workflow_mismatch"


@pytest.mark.parametrize(
    ("case", "event", "code"),
    [
        ("not a case", "x", "type"),
        (None, "x", "type"),
        ("empty", "start_screening", "not_opened"),
        ("ok", 3, "type"),
    ],
)
def test_wrong_case_or_event_types_are_input_errors(case: object, event: object, code: str) -> None:
    """Non-cases, cases without history and non-string events are refused."""
    real = opened()
    if case == "empty":
        case = attrs.evolve(real, history=())
    elif case == "ok":
        case = real
    with pytest.raises(InvalidInputError) as info:
        apply(case, event, at=later(real), by="cm-1")  # type: ignore[arg-type]

    assert code == info.value.problems[0].code


def test_errors_never_echo_personal_data() -> None:
    """No message carries the patient's name."""
    case = opened()
    with pytest.raises(TransitionRefusedError) as info:
        step(case, "close")

    assert FAMILY_NAME not in str(info.value)
    assert FAMILY_NAME not in repr(case)


TINY = Workflow(
    "tiny",
    [State("new", initial=True), State("done", final=True)],
    [Transition("finish", ["new"], "done", guards=["stamped"])],
    guards={"stamped": lambda _case, ctx: [] if ctx.datum("stamp") else [Reason("tiny.stamp")]},
)


def test_a_guard_may_return_a_list_or_a_generator() -> None:
    """Guards return any iterable of reasons."""

    def gen(_case: Case, _ctx: EventContext) -> object:
        yield from ()

    wf = Workflow(
        "gen",
        [State("new", initial=True), State("done", final=True)],
        [Transition("finish", ["new"], "done", guards=["g", "h"])],
        guards={"g": gen, "h": gen},
    )
    case = step(opened(wf), "finish", workflow=wf)

    assert case.state == "done"
    assert step(opened(TINY), "finish", workflow=TINY, data={"stamp": True}).state == "done"


def test_a_guard_returning_something_else_is_a_definition_error() -> None:
    """Guards must return Reason objects."""
    wf = Workflow(
        "bad",
        [State("new", initial=True), State("done", final=True)],
        [Transition("finish", ["new"], "done", guards=["g"])],
        guards={"g": lambda _case, _ctx: ["nope"]},
    )
    with pytest.raises(InvalidDefinitionError):
        step(opened(wf), "finish", workflow=wf)


def test_allowed_events_lists_each_event_with_its_reasons() -> None:
    """allowed_events shows every event from the state and why it is blocked."""
    case = example_case("monitoring")
    options = allowed_events(case, at=later(case))

    assert EventOption("reassess", "assessing", ()) == options[0]
    assert {o.event: o.allowed for o in options if o.event in {"close", "hold"}} == {
        "close": False,
        "hold": True,
    }


def test_allowed_events_resolves_history_targets() -> None:
    """resume is shown with the state it returns to."""
    case = example_case("on_hold")

    assert next((o.event, o.target) for o in allowed_events(case, at=later(case), by="cm-9")) == (
        "resume",
        "monitoring",
    )


def test_allowed_events_refuses_a_backwards_time() -> None:
    """allowed_events also checks the time."""
    case = example_case("on_hold")
    with pytest.raises(InvalidInputError):
        allowed_events(case, at=AT, data={"reason": "x"})


def test_final_states_allow_no_events() -> None:
    """A final state offers nothing."""
    case = example_case("declined")

    assert allowed_events(case, at=later(case)) == ()


def test_open_case_refuses_a_non_workflow() -> None:
    """open_case needs a Workflow."""
    with pytest.raises(InvalidInputError):
        opened(workflow="standard")  # type: ignore[arg-type]


def test_open_case_refuses_naive_times() -> None:
    """open_case needs aware times."""
    with pytest.raises(InvalidInputError):
        open_case(
            "c",
            patient=opened().patient,
            manager=opened().manager,
            model=opened().model,
            at=AT,
            by="cm-1",
            recorded_at=dt.datetime(2025, 1, 1),  # noqa: DTZ001  # naive
        )


def test_open_case_takes_an_event_id_and_recorded_at() -> None:
    """The opened event's id and recording time may be given."""
    case = open_case(
        "c",
        patient=opened().patient,
        manager=opened().manager,
        model=opened().model,
        at=AT,
        by="cm-1",
        event_id="ev-1",
        recorded_at=AT.add(hours=1),
    )

    assert ("ev-1", AT.add(hours=1)) == (case.history[0].event_id, case.history[0].recorded_at)


@pytest.mark.parametrize(
    ("subject", "workflow", "event", "status"),
    [
        (Goal("g", "x"), GOAL, "accept", GoalStatus.ACCEPTED),
        (Goal("g", "x", status=GoalStatus.ON_HOLD), GOAL, "resume", GoalStatus.ACTIVE),
        (Intervention("i", "x"), INTERVENTION, "start", InterventionStatus.IN_PROGRESS),
        (Referral("r", "p", AT), REFERRAL, "receive", ReferralStatus.RECEIVED),
        (
            Referral("r", "p", AT, status=ReferralStatus.IN_PROGRESS),
            REFERRAL,
            "complete",
            ReferralStatus.COMPLETED,
        ),
    ],
)
def test_advance_moves_entities_through_their_fhir_workflows(
    subject: object, workflow: Workflow[object], event: str, status: object
) -> None:
    """Goals, interventions and referrals follow their FHIR status workflows."""
    moved = advance(subject, event, workflow=workflow, at=AT, by="cm-1")  # type: ignore[type-var]

    assert status == moved.status  # type: ignore[attr-defined]


def test_advance_refuses_events_from_final_statuses() -> None:
    """A completed referral accepts nothing."""
    done = Referral("r", "p", AT, status=ReferralStatus.COMPLETED)
    with pytest.raises(TransitionRefusedError) as info:
        advance(done, "start", workflow=REFERRAL, at=AT, by="cm-1")

    assert info.value.reasons[0].code == "lifecycle.state_final"


def test_advance_runs_guards_on_the_entity() -> None:
    """Entity workflows may have guards too."""

    def has_target(goal: Goal, _ctx: EventContext) -> tuple[Reason, ...]:
        return () if goal.target else (Reason.of("goal.target_missing"),)

    wf: Workflow[Goal] = Workflow(
        "goal-strict",
        [State("proposed", initial=True), State("active"), State("completed", final=True)],
        [
            Transition("activate", ["proposed"], "active", guards=["has_target"]),
            Transition("complete", ["active"], "completed"),
        ],
        guards={"has_target": has_target},
    )
    with pytest.raises(TransitionRefusedError):
        advance(Goal("g", "x"), "activate", workflow=wf, at=AT, by="cm-1")
    goal = Goal("g", "x", target=pendulum.date(2025, 9, 1))
    assert advance(goal, "activate", workflow=wf, at=AT, by="cm-1").status == GoalStatus.ACTIVE


def test_advance_refuses_history_targets_and_unknown_statuses() -> None:
    """An entity has no history, and its status enum bounds the states."""
    wf: Workflow[Goal] = Workflow(
        "odd",
        [
            State("proposed", initial=True),
            State("nirvana"),
            State("active"),
            State("completed", final=True),
        ],
        [
            Transition("ascend", ["proposed"], "nirvana"),
            Transition("activate", ["proposed"], "active"),
            Transition("back", ["active"], "@history"),
            Transition("complete", ["nirvana", "active"], "completed"),
        ],
    )
    with pytest.raises(InvalidDefinitionError):
        advance(Goal("g", "x"), "ascend", workflow=wf, at=AT, by="cm-1")
    with pytest.raises(TransitionRefusedError) as info:
        advance(Goal("g", "x", status=GoalStatus.ACTIVE), "back", workflow=wf, at=AT, by="cm-1")
    assert info.value.reasons[0].code == "lifecycle.no_history"


def test_advance_refuses_non_subjects_and_bad_events() -> None:
    """advance needs an attrs object with a status, and an event name."""
    with pytest.raises(InvalidInputError):
        advance(object(), "accept", workflow=GOAL, at=AT, by="cm-1")  # type: ignore[type-var]
    with pytest.raises(InvalidInputError):
        advance(Goal("g", "x"), 1, workflow=GOAL, at=AT, by="cm-1")  # type: ignore[arg-type]


def test_advance_with_an_override_of_nothing_is_refused() -> None:
    """advance applies the same override rule as apply."""
    with pytest.raises(TransitionRefusedError):
        advance(Goal("g", "x"), "accept", workflow=GOAL, at=AT, by="cm-1", override_reason="x")


def test_history_target_back_to_the_initial_state_is_refused_without_history() -> None:
    """A state entered only by opening has no earlier state to return to."""
    wf = Workflow(
        "loop",
        [State("a", initial=True), State("z", final=True)],
        [Transition("back", ["a"], "@history"), Transition("end", ["a"], "z")],
    )
    case = opened(wf)

    with pytest.raises(TransitionRefusedError) as info:
        step(case, "back", workflow=wf)
    assert info.value.reasons[0].code == "lifecycle.no_history"


def test_a_case_not_of_the_standard_workflow_needs_its_workflow() -> None:
    """Cases remember their workflow's id."""
    assert opened(TINY).workflow == "tiny"
    assert isinstance(STANDARD, Workflow)
    assert isinstance(example_case(), Case)


def test_check_with_a_new_event_id_checks_the_event() -> None:
    """A fresh event id is no duplicate, so the guards decide."""
    case = opened()

    assert check(case, "start_screening", at=later(case), by="cm-1", event_id="new-1") == ()
