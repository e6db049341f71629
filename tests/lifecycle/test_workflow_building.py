"""Building a workflow: states, names and codes checked with their rule, registries looked up."""

from __future__ import annotations

import pytest
from refusals import problems

from casekit.lifecycle import GOAL, INTERVENTION, REFERRAL, State, Transition, Workflow
from casekit.lifecycle import standard as standard_module


@pytest.mark.parametrize("workflow", [GOAL, INTERVENTION, REFERRAL], ids=lambda w: w.id)
def test_the_entity_workflows_are_rebuilt_from_their_tables(workflow: Workflow[object]) -> None:
    """_entity_workflow builds an equal workflow: first state initial, finals kept, moves kept."""
    states = [(s.name, s.category, s.final) for s in workflow.states]
    moves = [(t.event, list(t.sources), t.target) for t in workflow.transitions]
    rebuilt = standard_module._entity_workflow(workflow.id, states, moves)
    assert rebuilt == workflow
    assert [s.initial for s in rebuilt.states] == [True] + [False] * (len(states) - 1)


def test_state_codes_are_checked_against_their_lists() -> None:
    """A state's FHIR and CMMN codes must come from their lists; the error lists them."""
    assert State("x", fhir="waitlist", cmmn="suspended").fhir_status == "waitlist"
    assert State("x").cmmn_state == "active"
    assert problems(lambda: State("x", cmmn="paused")) == [
        (
            "cmmn",
            "code",
            "must be a CMMN case state: active, closed, completed, failed, suspended, terminated",
        )
    ]
    assert problems(lambda: State("x", initial=1)) == [("initial", "type", "must be True or False")]  # type: ignore[arg-type]
    assert problems(lambda: Transition("e", "a", "b")) == [
        ("sources", "type", "must be a tuple of names")
    ]


def test_names_and_descriptions_are_checked_with_their_rule() -> None:
    """Bad state and source names, and over-long descriptions, give the rule to follow."""
    rule = "must be 1-64 letters, digits, _ or -, starting with a letter"
    assert problems(lambda: State("1x")) == [("name", "name", rule)]
    assert problems(lambda: Transition("e", ["a", "1b"], "c")) == [("sources[1]", "name", rule)]
    assert State("x", description="d" * 500).description == "d" * 500
    assert problems(lambda: State("x", description="d" * 501)) == [
        ("description", "type", "must be text of at most 500 characters")
    ]


def test_an_unknown_state_is_named_with_its_workflow() -> None:
    """Workflow.state refuses a name it does not have, naming the workflow."""
    assert problems(lambda: standard_module.STANDARD.state("nowhere")) == [
        ("state", "unknown_state", "is not a state of workflow 'standard'")
    ]


def test_an_unknown_guard_name_is_refused() -> None:
    """Workflow.guard finds a registered guard and refuses any other name."""
    assert STANDARD_GUARDS["reason_given"] is standard_module.STANDARD.guard("reason_given")
    assert problems(lambda: standard_module.STANDARD.guard("nope")) == [
        ("guard", "unknown_guard", "is not in the guard registry")
    ]


STANDARD_GUARDS = dict(standard_module.STANDARD.guards)


def test_the_guard_registry_is_kept_sorted_by_name() -> None:
    """A guard dict given out of order is stored sorted by name."""
    wf = Workflow(
        "w",
        [State("a", initial=True), State("b", final=True)],
        [Transition("go", ["a"], "b", guards=["zeta", "alpha"])],
        guards={"zeta": lambda _s, _c: (), "alpha": lambda _s, _c: ()},
    )
    assert [name for name, _ in wf.guards] == ["alpha", "zeta"]
