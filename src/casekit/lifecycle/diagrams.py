"""Workflow diagrams: Mermaid state diagrams and Graphviz DOT, with guards and final states.

A guard an override may waive is shown with a trailing ``?``. A `HISTORY` target (such as
``resume``) is drawn as an edge back to every state it can return to, labelled ``(back)``.

Examples:
    >>> from casekit.lifecycle import State, Transition, Workflow
    >>> wf = Workflow("triage", [State("new", initial=True), State("done", final=True)],
    ...               [Transition("finish", ["new"], "done")])
    >>> print(to_mermaid(wf))
    stateDiagram-v2
        [*] --> new
        new --> done: finish
        done --> [*]
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final

from casekit.lifecycle._workflow import HISTORY, _require_workflow

if TYPE_CHECKING:
    from casekit.lifecycle._workflow import Transition, Workflow

__all__ = ["to_dot", "to_mermaid"]

_WORD: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _label(t: Transition, *, back: bool = False) -> str:
    guards = [f"{g}?" if g in t.overridable else g for g in t.guards]
    label = t.event + (f" [{', '.join(guards)}]" if guards else "")
    return f"{label} (back)" if back else label


def _edges(wf: Workflow[Any]) -> list[tuple[str, str, str]]:
    preds = {
        s.name: sorted({src for t in wf.transitions if t.target == s.name for src in t.sources})
        for s in wf.states
    }
    edges: list[tuple[str, str, str]] = []
    for t in wf.transitions:
        for source in t.sources:
            if t.target == HISTORY:
                edges.extend((source, back, _label(t, back=True)) for back in preds[source])
            else:
                edges.append((source, t.target, _label(t)))
    return edges


def _mermaid_ids(wf: Workflow[Any]) -> dict[str, str]:
    # Plain-word names keep themselves as ids; the others get a word id that no state has.
    ids = {s.name: s.name for s in wf.states if _WORD.fullmatch(s.name)}
    used = set(ids)
    for s in wf.states:
        if s.name in ids:
            continue
        base = candidate = re.sub(r"\W", "_", s.name)
        n = 1
        while candidate in used:
            n += 1
            candidate = f"{base}_{n}"
        used.add(candidate)
        ids[s.name] = candidate
    return ids


def to_mermaid(workflow: Workflow[Any]) -> str:
    """Return a Mermaid ``stateDiagram-v2`` of *workflow*.

    States whose names are not plain words (``on-hold``) get a plain id and their name as a
    label.

    Raises:
        InvalidInputError: at ``workflow`` if it is not a `Workflow`.

    Examples:
        >>> from casekit.lifecycle import GOAL
        >>> print(to_mermaid(GOAL).splitlines()[1])
            state "on-hold" as on_hold
    """
    _require_workflow(workflow)
    ids = _mermaid_ids(workflow)
    lines = ["stateDiagram-v2"]
    lines.extend(
        f'    state "{s.name}" as {ids[s.name]}' for s in workflow.states if ids[s.name] != s.name
    )
    lines.append(f"    [*] --> {ids[workflow.initial.name]}")
    lines.extend(f"    {ids[a]} --> {ids[b]}: {label}" for a, b, label in _edges(workflow))
    lines.extend(f"    {ids[s.name]} --> [*]" for s in workflow.states if s.final)
    return "\n".join(lines)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(workflow: Workflow[Any]) -> str:
    """Return a Graphviz DOT digraph of *workflow*; final states are double circles.

    Raises:
        InvalidInputError: at ``workflow`` if it is not a `Workflow`.

    Examples:
        >>> from casekit.lifecycle import State, Transition, Workflow
        >>> wf = Workflow("triage", [State("new", initial=True), State("done", final=True)],
        ...               [Transition("finish", ["new"], "done")])
        >>> print(to_dot(wf))
        digraph "triage" {
            rankdir=LR;
            node [shape=box, style=rounded];
            "__start" [shape=point, label=""];
            "__start" -> "new";
            "done" [shape=doublecircle];
            "new" -> "done" [label="finish"];
        }
    """
    _require_workflow(workflow)
    lines = [f"digraph {_quote(workflow.id)} {{", "    rankdir=LR;"]
    lines.append("    node [shape=box, style=rounded];")
    lines.append('    "__start" [shape=point, label=""];')
    lines.append(f'    "__start" -> {_quote(workflow.initial.name)};')
    lines.extend(f"    {_quote(s.name)} [shape=doublecircle];" for s in workflow.states if s.final)
    lines.extend(
        f"    {_quote(a)} -> {_quote(b)} [label={_quote(label)}];"
        for a, b, label in _edges(workflow)
    )
    lines.append("}")
    return "\n".join(lines)
