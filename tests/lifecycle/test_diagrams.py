"""Diagrams show states, guards, overridable guards, history targets and final states."""

from __future__ import annotations

from casekit.lifecycle import GOAL, STANDARD, State, Transition, Workflow, to_dot, to_mermaid


def test_mermaid_shows_guards_overrides_and_final_states() -> None:
    """Guards appear in brackets, overridable ones with ?, finals lead to [*]."""
    text = to_mermaid(STANDARD)

    assert "screening --> assessing: accept [eligible]" in text
    assert (
        "monitoring --> closed: close [closure_reason, goals_achieved, required_work_done?]" in text
    )
    assert "declined --> [*]" in text
    assert "on_hold --> planning: resume (back)" in text


def test_mermaid_gives_hyphenated_states_plain_ids() -> None:
    """States such as on-hold get an id and a label."""
    text = to_mermaid(GOAL)

    assert 'state "on-hold" as on_hold' in text
    assert "active --> on_hold: hold" in text


def test_mermaid_ids_never_collide() -> None:
    """on-hold and on_hold in one workflow get distinct ids."""
    wf = Workflow(
        "w",
        [State("a", initial=True), State("on-hold"), State("on_hold"), State("z", final=True)],
        [
            Transition("x", ["a"], "on-hold"),
            Transition("y", ["a"], "on_hold"),
            Transition("z1", ["on-hold", "on_hold"], "z"),
        ],
    )

    assert 'state "on-hold" as on_hold_2' in to_mermaid(wf)


def test_dot_quotes_names_and_marks_final_states() -> None:
    """DOT output quotes every id and draws final states as double circles."""
    text = to_dot(STANDARD)

    assert text.startswith('digraph "standard" {')
    assert '"declined" [shape=doublecircle];' in text
    assert '"screening" -> "declined" [label="decline [not_eligible?]"];' in text
