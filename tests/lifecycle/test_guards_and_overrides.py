"""What guards see and say, and how an override reason lets a case past the guards it may.

A guard sees the whole context of the event (event, state, time, actor, data and override
reason) under `apply`, `check`, `advance` and `allowed_events` alike; its reasons name the
event; an override skips only the guards marked overridable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pendulum
import pytest
from lifecycle_scenarios import (
    HARD,
    LATER,
    SOFT,
    Lamp,
    Light,
    opened_under,
    pair_workflow,
    refusing,
)
from refusals import problems

from casekit.assessment import Assessment
from casekit.case import Case, record_assessment
from casekit.errors import TransitionRefusedError
from casekit.lifecycle import (
    EventContext,
    State,
    Transition,
    Workflow,
    advance,
    allowed_events,
    apply,
    check,
    standard_workflow,
)
from casekit.lifecycle import standard as standard_module
from casekit.lifecycle.examples import example_case
from casekit.rules import Reason

from .helpers import later, opened, step


def test_an_override_skips_only_the_overridable_guards():
    """Overriding the first guard still runs the ones after it: a hard guard still refuses."""
    workflow = pair_workflow(soft=refusing(SOFT), hard=refusing(HARD))
    case = opened_under(workflow)

    reasons = check(case, "finish", at=LATER, by="cm-1", override_reason="x", workflow=workflow)

    assert reasons == (HARD,)


def test_a_refusing_guard_may_yield_its_reasons():
    """A guard written as a generator refuses with every reason it yields."""

    def hard(_case: Case, _context: EventContext) -> Iterator[Reason]:
        yield HARD
        yield SOFT

    workflow = pair_workflow(hard=hard)
    case = opened_under(workflow)

    assert check(case, "finish", at=LATER, by="cm-1", workflow=workflow) == (HARD, SOFT)


def test_an_override_where_none_is_allowed_names_the_event():
    """The refusal's reason carries the event, for its message."""
    workflow = pair_workflow(hard=refusing(HARD))
    case = opened_under(workflow)

    reasons = check(case, "finish", at=LATER, by="cm-1", override_reason="x", workflow=workflow)

    assert reasons[0] == Reason.of("lifecycle.override_not_allowed", event="finish")
    assert reasons[1:] == (HARD,)


def _by_cm_2(_case: Case, context: EventContext) -> tuple[Reason, ...]:
    return (Reason.of("custom.by", who=context.by),) if context.by == "cm-2" else ()


def test_the_full_check_after_a_failing_guard_sees_the_same_actor():
    """When a guard refuses, the full check that lists every reason runs with the same actor."""
    workflow = pair_workflow(hard=_by_cm_2)
    case = opened_under(workflow)

    with pytest.raises(TransitionRefusedError) as caught:
        apply(case, "finish", at=LATER, by="cm-2", workflow=workflow)

    assert caught.value.reasons == (Reason.of("custom.by", who="cm-2"),)


def test_an_overridden_apply_still_refused_names_event_state_and_actor():
    """With an override, the hard guard still refuses, seeing the actor; the error names the
    event and the state."""
    workflow = pair_workflow(soft=refusing(SOFT), hard=_by_cm_2)
    case = opened_under(workflow)

    with pytest.raises(TransitionRefusedError) as caught:
        apply(case, "finish", at=LATER, by="cm-2", override_reason="x", workflow=workflow)

    assert (caught.value.event, caught.value.state, caught.value.reasons) == (
        "finish",
        "open",
        (Reason.of("custom.by", who="cm-2"),),
    )


def test_guards_see_the_override_reason_in_the_full_check():
    """An overridden event's guards are told why."""
    seen: list[str | None] = []

    def hard(_case: Case, context: EventContext) -> tuple[Reason, ...]:
        seen.append(context.override_reason)
        return ()

    workflow = pair_workflow(soft=refusing(SOFT), hard=hard)
    case = opened_under(workflow)

    apply(case, "finish", at=LATER, by="cm-1", override_reason="family asked", workflow=workflow)

    assert seen == ["family asked"]


def test_override_reasons_must_be_words_within_the_limit() -> None:
    """An override reason is refused when blank, over 2000 characters or with control codes."""
    case = step(opened(), "start_screening")
    at = later(case)

    def decline(reason: str) -> object:
        return apply(case, "decline", at=at, by="cm-1", override_reason=reason)

    assert problems(lambda: decline(" ")) == [
        ("override_reason", "empty", "must say, in words, why the guard is overridden")
    ]
    text = ("override_reason", "text", "must be at most 2000 characters, no control codes")
    assert problems(lambda: decline("x" * 2001)) == [text]
    assert problems(lambda: decline("a\x07b")) == [text]
    assert decline("x" * 2000).history[-1].override_reason == "x" * 2000


AT_GOAL = pendulum.datetime(2025, 3, 5, tz="UTC")


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
    assert [p[1] for p in problems(lambda: allowed_events(case, at=between))] == [
        "time_went_backwards"
    ]


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
