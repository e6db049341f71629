"""Loading is checked: from_json/from_dict of a Case refuse a log that does not hang together,
naming history[i] as replay does."""

from __future__ import annotations

import json
from typing import Any

import attrs
import pytest

from casekit import from_json, to_json
from casekit.case import Case, CaseEvent, rebuild
from casekit.errors import InvalidInputError
from casekit.lifecycle import STANDARD, replay
from casekit.lifecycle.examples import example_case


def _load_problems(history: tuple[CaseEvent, ...]) -> list[tuple[str, str]]:
    document = json.loads(to_json(example_case("referred")))
    events = [json.loads(to_json(e)) for e in history]
    for event in events:
        del event["schema_version"]
    document["history"] = events
    with pytest.raises(InvalidInputError) as caught:
        from_json(json.dumps(document), Case)
    return [(p.path, p.code) for p in caught.value.problems]


def _replay_problems(history: tuple[CaseEvent, ...]) -> list[tuple[str, str]]:
    with pytest.raises(InvalidInputError) as caught:
        replay(history, workflow=STANDARD)
    return [(p.path, p.code) for p in caught.value.problems]


def test_a_close_edited_to_reach_declined_is_refused_on_loading() -> None:
    """The issue's snippet: the edited log no longer loads, and the path is the same as replay's."""
    h = example_case("closed").history
    forged = attrs.evolve(h[-1], to_state="declined")
    extra = attrs.evolve(h[-1], seq=len(h) + 1, event_id="x-1", name="reopen", from_state="closed")

    loaded = _load_problems((*h[:-1], forged, extra))
    assert loaded == [(f"history[{len(h)}].from_state", "inconsistent_history")]
    assert _replay_problems((*h[:-1], forged))[0][0] == f"history[{len(h) - 1}]"


def test_loading_refuses_what_replay_refuses() -> None:
    """A repeated event id, a record that changes state, a transition carrying a record."""
    h = example_case("planning").history
    i = next(i for i, e in enumerate(h) if e.name == "assessment_recorded")
    j = next(i for i, e in enumerate(h) if e.name == "accept")
    cases = {
        "event_id": attrs.evolve(h[i], event_id=h[1].event_id),
        "to_state": attrs.evolve(h[i], to_state="closed"),
        "payload": attrs.evolve(h[j], payload=h[i].payload),
    }
    for field, bad in cases.items():
        k = j if field == "payload" else i
        log = (*h[:k], bad, *h[k + 1 :])
        assert _load_problems(log)[0] == (f"history[{k}].{field}", "inconsistent_history")
        assert _replay_problems(log)[0][0] == f"history[{k}]"


def test_loading_refuses_a_record_naming_what_does_not_exist() -> None:
    """A goal linked to a need no assessment holds is refused on loading, with its path."""
    h = example_case("planning").history
    i = next(i for i, e in enumerate(h) if e.name == "care_plan_recorded")
    plan: Any = h[i].payload
    dangling = attrs.evolve(plan.goals[0], need_ids=("n-404",))
    bad = attrs.evolve(h[i], payload=attrs.evolve(plan, goals=(dangling,)))
    log = (*h[:i], bad, *h[i + 1 :])

    expected = (f"history[{i}].payload.goals[0].need_ids[0]", "dangling_reference")
    assert _load_problems(log) == [expected]
    assert _replay_problems(log) == [expected]


def test_loading_does_not_run_the_workflow() -> None:
    """A log that hangs together but breaks a guard loads; only replay refuses it."""
    h = example_case("monitoring").history
    forged = attrs.evolve(h[-1], name="close", to_state="closed")

    assert rebuild((*h[:-1], forged)).state == "closed"
    assert _replay_problems((*h[:-1], forged)) == [(f"history[{len(h) - 1}]", "refused")]


def test_every_example_round_trips() -> None:
    """Each example case writes and reads back equal."""
    for state in (s.name for s in STANDARD.states):
        case = example_case(state)
        assert from_json(to_json(case), Case) == case
