"""A refused event names the event, the state and the reasons, with their parameters."""

from __future__ import annotations

import pendulum
import pytest
from lifecycle_scenarios import HARD, LATER, Lamp, opened_under, pair_workflow, refusing

from casekit.errors import InvalidDefinitionError, TransitionRefusedError
from casekit.lifecycle import (
    HISTORY,
    State,
    StateCategory,
    Transition,
    Workflow,
    advance,
    apply,
    check,
)
from casekit.lifecycle.examples import example_case
from casekit.rules import Reason

from .helpers import later

AT_GOAL = pendulum.datetime(2025, 3, 5, tz="UTC")


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


def test_a_refused_apply_carries_its_event_and_state():
    """TransitionRefusedError names the event asked for and the state the case was in."""
    workflow = pair_workflow(hard=refusing(HARD))
    case = opened_under(workflow)

    with pytest.raises(TransitionRefusedError) as caught:
        apply(case, "finish", at=LATER, by="cm-2", workflow=workflow)

    assert (caught.value.event, caught.value.state, caught.value.reasons) == (
        "finish",
        "open",
        (HARD,),
    )


def test_a_history_target_with_nowhere_to_return_names_the_event_and_state():
    """Resuming to the earlier state of a case that has never left its first one is refused
    with a reason naming the event and the state."""
    workflow = Workflow(
        "back",
        (
            State("open", StateCategory.ACTIVE, initial=True),
            State("done", StateCategory.DONE, final=True),
        ),
        (Transition("resume", ("open",), HISTORY), Transition("finish", ("open",), "done")),
    )
    case = opened_under(workflow)

    reasons = check(case, "resume", at=LATER, by="cm-1", workflow=workflow)

    assert reasons == (Reason.of("lifecycle.no_history", event="resume", state="open"),)
