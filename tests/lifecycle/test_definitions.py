"""Workflow definitions: self-checks listing every problem, and the data format."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml

from casekit.case import Case
from casekit.errors import InvalidDefinitionError, InvalidInputError
from casekit.lifecycle import (
    GOAL,
    INTERVENTION,
    REFERRAL,
    STANDARD,
    Deadline,
    DeadlineUnit,
    State,
    StateCategory,
    Transition,
    Workflow,
    dump_workflow,
    load_workflow,
    standard_guards,
)
from casekit.rules import Reason

from .helpers import opened, step


def problems(*args: Any, **kwargs: Any) -> list[tuple[str, str]]:
    with pytest.raises(InvalidDefinitionError) as info:
        Workflow(*args, **kwargs)
    return [(p.path, p.code) for p in info.value.problems]


A = State("a", initial=True)
Z = State("z", final=True)
END = Transition("end", ["a"], "z")


def test_a_valid_workflow_builds() -> None:
    """A minimal workflow with an initial and a final state is accepted."""
    assert (
        Workflow("w", [A, Z], [END]).initial.name,
        Workflow("w", [A, Z], [END]).events_from("a"),
    ) == ("a", ("end",))


def test_no_initial_state_is_refused() -> None:
    """Exactly one state must be initial."""
    assert problems("w", [State("a"), Z], [END]) == [("states", "no_initial")]


def test_several_initial_states_are_refused_naming_them() -> None:
    """Several initial states are refused, naming each."""
    with pytest.raises(InvalidDefinitionError) as info:
        Workflow("w", [A, State("b", initial=True), Z], [END, Transition("e2", ["b"], "z")])

    assert "states 'a', 'b' are all initial" in str(info.value)


def test_no_states_is_refused() -> None:
    """A workflow needs states."""
    assert ("states", "no_states") in problems("w", [], [])


def test_no_final_state_is_refused() -> None:
    """Some state must be final."""
    found = problems(
        "w", [A, State("b")], [Transition("go", ["a"], "b"), Transition("back", ["b"], "a")]
    )

    assert ("states", "no_final") in found


def test_exits_from_final_states_are_refused() -> None:
    """No event may leave a final state."""
    assert problems("w", [A, Z], [END, Transition("undo", ["z"], "a")]) == [
        ("transitions[1].sources[0]", "exit_from_final")
    ]


def test_unreachable_states_are_refused() -> None:
    """Every state must be reachable from the initial state."""
    assert problems("w", [A, Z, State("orphan")], [END, Transition("x", ["orphan"], "z")]) == [
        ("states[2]", "unreachable")
    ]


def test_trap_states_are_refused() -> None:
    """Every state must be able to reach a final state."""
    assert problems("w", [A, Z, State("trap")], [END, Transition("fall", ["a"], "trap")]) == [
        ("states[2]", "no_way_out")
    ]


def test_duplicate_events_from_one_state_are_refused() -> None:
    """One state may not define the same event twice."""
    assert problems(
        "w", [A, Z, State("b")], [END, Transition("end", ["a"], "b"), Transition("x", ["b"], "z")]
    ) == [("transitions[1].sources[0]", "duplicate_event")]


def test_unknown_guard_names_are_refused() -> None:
    """Guards are looked up in the registry by name."""
    assert problems("w", [A, Z], [Transition("end", ["a"], "z", guards=["ghost"])]) == [
        ("transitions[0].guards[0]", "unknown_guard")
    ]


def test_overridable_must_name_a_guard_of_the_transition() -> None:
    """Only a transition's own guards can be overridable."""
    assert problems("w", [A, Z], [Transition("end", ["a"], "z", overridable=["ghost"])]) == [
        ("transitions[0].overridable[0]", "not_a_guard")
    ]


def test_unknown_states_in_transitions_are_refused() -> None:
    """Sources and targets must be states."""
    found = problems("w", [A, Z], [END, Transition("x", ["nowhere"], "elsewhere")])

    assert found == [
        ("transitions[1].target", "unknown_state"),
        ("transitions[1].sources[0]", "unknown_state"),
    ]


def test_reserved_event_names_are_refused() -> None:
    """opened and the record events belong to casekit."""
    assert problems("w", [A, Z], [Transition("contact_recorded", ["a"], "z")]) == [
        ("transitions[0].event", "reserved_event")
    ]


def test_a_transition_needs_sources() -> None:
    """An event must leave from some state."""
    assert ("transitions[1].sources", "no_sources") in problems(
        "w", [A, Z], [END, Transition("x", [], "z")]
    )


def test_duplicate_states_and_bad_ids_are_refused() -> None:
    """State names are unique and the id is an identifier."""
    found = problems("bad id", [A, Z, State("z", final=True)], [END])

    assert found == [("id", "identifier"), ("states[2]", "duplicate_state")]


def test_wrong_parts_are_refused_each_with_its_path() -> None:
    """Non-states, non-transitions and a bad registry are each listed."""
    found = problems("w", [A, Z, "s"], [END, "t"], guards=[("g", 3)], deadlines="d")

    assert found == [
        ("states[2]", "type"),
        ("transitions[1]", "type"),
        ("deadlines", "type"),
        ("guards", "type"),
    ]


def test_every_problem_is_listed_at_once() -> None:
    """A definition with many mistakes lists them all."""
    found = problems(
        "w",
        [State("a", initial=True), State("b", initial=True), Z, State("trap")],
        [
            Transition("go", ["a"], "trap", guards=["ghost"]),
            Transition("go", ["a"], "z"),
            Transition("undo", ["z"], "a"),
        ],
    )

    assert {
        "several_initial",
        "unknown_guard",
        "duplicate_event",
        "exit_from_final",
        "no_way_out",
    } <= {code for _, code in found}


def test_deadline_mistakes_are_refused() -> None:
    """Deadlines name real events and states, exactly one start, unique names."""
    found = problems(
        "w",
        [A, Z],
        [END],
        deadlines=[
            Deadline("d", 1, met_by=["end"]),
            Deadline("d", 1, start_event="nope", met_by=["nope"]),
            Deadline("e", 1, start_state="nowhere", met_by=[]),
        ],
    )

    assert found == [
        ("deadlines[0]", "deadline_start"),
        ("deadlines[1].name", "duplicate_deadline"),
        ("deadlines[1].start_event", "unknown_event"),
        ("deadlines[1].met_by[0]", "unknown_event"),
        ("deadlines[2].start_state", "unknown_state"),
        ("deadlines[2].met_by", "no_events"),
    ]


@pytest.mark.parametrize(
    ("build", "path"),
    [
        (lambda: State("1bad"), "name"),
        (lambda: State("a", initial="yes"), "initial"),
        (lambda: State("a", fhir="open"), "fhir"),
        (lambda: State("a", description=3), "description"),
        (lambda: Transition("e", "a", "z"), "sources"),
        (lambda: Transition("e", ["a", "b c"], "z"), "sources[1]"),
        (lambda: Transition("e", ["a"], "z z"), "target"),
        (lambda: Deadline("d", -1, met_by=["e"]), "within"),
        (lambda: Deadline("d", 1, start_event="b c", met_by=["e"]), "start_event"),
    ],
)
def test_parts_check_their_own_fields(build: Any, path: str) -> None:
    """State, Transition and Deadline refuse bad fields, naming them."""
    with pytest.raises(InvalidInputError) as info:
        build()

    assert path == info.value.problems[0].path


def test_lookups_refuse_unknown_names() -> None:
    """state() and guard() raise InvalidInputError for unknown names."""
    with pytest.raises(InvalidInputError):
        STANDARD.state("limbo")
    with pytest.raises(InvalidInputError):
        STANDARD.guard("ghost")
    assert callable(STANDARD.guard("eligible"))


def test_states_in_lists_by_category() -> None:
    """states_in names the states of given categories."""
    assert STANDARD.states_in(StateCategory.SUSPENDED) == ("on_hold",)


@pytest.mark.parametrize("workflow", [STANDARD, GOAL, INTERVENTION, REFERRAL])
def test_dump_and_load_round_trip(workflow: Workflow[Any]) -> None:
    """A dumped workflow loads back equal, through JSON and YAML too."""
    data = dump_workflow(workflow)
    guards = dict(workflow.guards)

    assert workflow == load_workflow(data, guards=guards)
    assert workflow == load_workflow(json.loads(json.dumps(data)), guards=guards)
    assert workflow == load_workflow(yaml.safe_load(yaml.safe_dump(data)), guards=guards)
    assert data == dump_workflow(load_workflow(data, guards=guards))


YAML = """
id: home-care
states:
  - {name: intake, category: pending, initial: true}
  - {name: active}
  - {name: paused, category: suspended}
  - {name: discharged, category: done, final: true, fhir: finished}
transitions:
  - {event: admit, sources: [intake], target: active, guards: [consented]}
  - {event: pause, sources: [active], target: paused}
  - {event: resume, sources: [paused], target: "@history"}
  - {event: discharge, sources: [active, paused], target: discharged}
deadlines:
  - name: first_visit
    within: 2
    unit: business_days
    start_event: admit
    met_by: [contact_recorded]
"""


def consented(_case: Case, context: Any) -> tuple[Reason, ...]:
    return () if context.datum("consent") is True else (Reason.of("homecare.no_consent"),)


def test_a_yaml_workflow_runs_with_guards_from_the_registry() -> None:
    """A workflow written in YAML runs, with guards supplied by the application."""
    wf: Workflow[Case] = load_workflow(yaml.safe_load(YAML), guards={"consented": consented})
    case = opened(wf)
    case = step(case, "admit", workflow=wf, data={"consent": True})
    case = step(step(case, "pause", workflow=wf), "resume", workflow=wf)

    assert (case.state, wf.deadlines[0].unit) == ("active", DeadlineUnit.BUSINESS_DAYS)


def test_loading_reports_every_shape_problem_with_its_path() -> None:
    """Unknown keys, missing keys and wrong types are all listed."""
    data = {
        "id": 7,
        "states": [{"name": "a", "initial": "yes", "colour": "red"}, "b"],
        "transitions": [
            {"event": "e", "sources": "a"},
            {"event": "f", "sources": [1], "target": "z"},
        ],
        "deadlines": {"x": 1},
        "extra": True,
    }
    with pytest.raises(InvalidInputError) as info:
        load_workflow(data, guards=[])  # type: ignore[arg-type]

    assert [(p.path, p.code) for p in info.value.problems] == [
        ("extra", "unknown_key"),
        ("id", "type"),
        ("states[0].colour", "unknown_key"),
        ("states[0].initial", "type"),
        ("states[1]", "type"),
        ("transitions[0].sources", "type"),
        ("transitions[0].target", "missing"),
        ("transitions[1].sources[0]", "type"),
        ("deadlines", "type"),
        ("guards", "type"),
    ]


def test_loading_reports_missing_parts_and_non_mappings() -> None:
    """A workflow needs an id, states and transitions, in a mapping."""
    with pytest.raises(InvalidInputError) as info:
        load_workflow({})
    assert [p.path for p in info.value.problems] == ["id", "states", "transitions"]
    with pytest.raises(InvalidInputError):
        load_workflow([])  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError) as info:
        load_workflow({"id": "x", "states": 3, "transitions": []})
    assert info.value.problems[0].path == "states"


def test_loading_reports_definition_problems_with_data_paths() -> None:
    """A well-shaped but unworkable workflow names paths into the data."""
    data = yaml.safe_load(YAML)
    with pytest.raises(InvalidDefinitionError) as info:
        load_workflow(data, guards={})

    assert [(p.path, p.code) for p in info.value.problems] == [
        ("transitions[0].guards[0]", "unknown_guard")
    ]


def test_standard_guards_refuse_a_bad_reopen_window() -> None:
    """The reopen window is a non-negative timedelta."""
    with pytest.raises(InvalidInputError):
        standard_guards(reopen_within=90)  # type: ignore[arg-type]
