"""replay: the log rebuilds the case, and a bad log is refused naming the position."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from casekit.case import Contact, ContactMode, record_contact
from casekit.errors import InvalidInputError
from casekit.lifecycle import STANDARD, replay, standard_workflow
from casekit.lifecycle.examples import example_case

from .helpers import later, opened, step


def problem(events: object, workflow: object = STANDARD) -> tuple[str, str]:
    with pytest.raises(InvalidInputError) as info:
        replay(events, workflow=workflow)  # type: ignore[arg-type]
    return info.value.problems[0].path, info.value.problems[0].code


def test_replay_rebuilds_an_equal_case_with_records_and_transitions() -> None:
    """Records are folded and transitions re-checked, giving an equal case."""
    case = example_case("post_transition")
    at = later(case)
    case = record_contact(
        case, Contact("ct-1", ContactMode.PHONE, at, 5, by="cm-1"), at=at, by="cm-1"
    )
    case = step(case, "complete_follow_up")

    assert case == replay(case.history, workflow=STANDARD)


def test_replay_refuses_a_gap() -> None:
    """A missing event is named by position."""
    h = example_case("monitoring").history

    assert problem(h[:3] + h[4:]) == ("history[3]", "gap")


def test_replay_refuses_reordered_events() -> None:
    """Swapped events are named by position."""
    h = example_case("monitoring").history

    assert problem((h[0], h[1], h[3], h[2], *h[4:])) == ("history[2]", "reordered")


def test_replay_refuses_a_repeated_seq() -> None:
    """An event repeated is out of order."""
    h = example_case("monitoring").history

    assert problem((h[0], h[1], h[1])) == ("history[2]", "reordered")


def test_replay_refuses_time_going_backwards() -> None:
    """An event earlier than the one before it is named."""
    h = example_case("screening").history
    early = attrs.evolve(h[1], at=h[0].at.subtract(days=1))

    assert problem((h[0], early)) == ("history[1]", "reordered")


def test_replay_refuses_an_event_the_workflow_refuses() -> None:
    """A forged transition that the guards refuse is named with its reason codes."""
    h = example_case("monitoring").history
    forged = attrs.evolve(h[-1], name="close", to_state="closed")

    with pytest.raises(InvalidInputError) as info:
        replay((*h[:-1], forged), workflow=STANDARD)
    where = f"history[{len(h) - 1}]"
    assert (where, "refused") == (info.value.problems[0].path, info.value.problems[0].code)
    assert "lifecycle.closure_reason_missing" in str(info.value)


def test_replay_under_changed_settings_refuses_what_they_refuse() -> None:
    """Replay re-runs guards, so the workflow's settings must be the ones used."""
    lenient = standard_workflow(workflow_id="programme")
    case = opened(lenient)
    for event in ("start_screening", "accept"):
        case = step(case, event, lenient)
    case = step(case, "close", lenient, data={"closure_reason": "client_choice"})
    case = step(case, "reopen", lenient, data={"reason": "x"}, at=later(case, 20))
    strict = standard_workflow(reopen_within=dt.timedelta(days=1), workflow_id="programme")

    assert (f"history[{len(case.history) - 1}]", "refused") == problem(case.history, strict)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"to_state": "planning"}, "wrong_state"),
        ({"from_state": "planning"}, "wrong_state"),
        ({"event_id": "case-1.1"}, "duplicate_event_id"),
    ],
)
def test_replay_refuses_inconsistent_transitions(change: dict[str, str], code: str) -> None:
    """Events that disagree with the workflow or repeat an id are refused."""
    h = example_case("screening").history

    assert ("history[1]", code) == problem((h[0], attrs.evolve(h[1], **change)))


def test_replay_refuses_a_record_that_changes_state() -> None:
    """A record event never changes state."""
    h = example_case("planning").history
    i = next(i for i, e in enumerate(h) if e.name == "assessment_recorded")
    bad = attrs.evolve(h[i], to_state="closed")

    assert (f"history[{i}]", "wrong_state") == problem((*h[:i], bad, *h[i + 1 :]))


def test_replay_refuses_a_record_without_its_payload() -> None:
    """A record event must carry its record."""
    h = example_case("planning").history
    i = next(i for i, e in enumerate(h) if e.name == "assessment_recorded")
    bad = attrs.evolve(h[i], payload=None)

    assert (f"history[{i}]", "payload_mismatch") == problem((*h[:i], bad, *h[i + 1 :]))


def test_replay_refuses_a_transition_carrying_a_payload() -> None:
    """Workflow events carry no record."""
    h = example_case("screening").history

    assert problem((h[0], attrs.evolve(h[1], payload=h[0].payload))) == (
        "history[1]",
        "payload_mismatch",
    )


@pytest.mark.parametrize(
    ("events", "path", "code"),
    [
        ((), "events", "empty"),
        (("x",), "history[0]", "type"),
    ],
)
def test_replay_refuses_empty_or_foreign_logs(
    events: tuple[object, ...], path: str, code: str
) -> None:
    """An empty log or a non-event is refused."""
    assert (path, code) == problem(events)


def test_replay_needs_an_opened_event_first() -> None:
    """The log starts with the opened event."""
    h = example_case("screening").history

    assert problem((h[1],)) == ("history[0]", "not_opened")
    assert problem((attrs.evolve(h[0], payload=None),)) == ("history[0]", "payload_mismatch")


def test_replay_refuses_another_workflows_log() -> None:
    """A log opened under another workflow is refused."""
    h = opened().history
    other = standard_workflow(workflow_id="other")

    assert problem(h, other) == ("history[0]", "workflow_mismatch")
