"""A workflow's self-check: every problem with its definition, found at once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, TypeVar

from casekit._validate import IDENTIFIER, IDENTIFIER_MESSAGE
from casekit.case import RECORD_EVENTS
from casekit.errors import InvalidDefinitionError, Problem
from casekit.lifecycle._workflow import (
    HISTORY,
    Deadline,
    State,
    StateCategory,
    Transition,
    _Route,
)

if TYPE_CHECKING:
    from casekit.lifecycle._workflow import Workflow

_T = TypeVar("_T")
_CLOSED: Final = frozenset({StateCategory.DONE, StateCategory.CANCELLED, StateCategory.ERROR})
_RESERVED: Final = frozenset({"opened", *RECORD_EVENTS})


def _names(names: list[str]) -> str:
    return ", ".join(repr(n) for n in names)


class _Parts:
    """The well-typed parts of a definition; the ill-typed ones are reported and left out."""

    def __init__(self, wf: Workflow[Any], problems: list[Problem]) -> None:
        self.states: tuple[State, ...] = _items(wf.states, "states", State, problems)
        self.transitions: tuple[Transition, ...] = _items(
            wf.transitions, "transitions", Transition, problems
        )
        self.deadlines: tuple[Deadline, ...] = _items(wf.deadlines, "deadlines", Deadline, problems)
        registry: object = wf.guards
        ok = type(registry) is tuple and all(
            type(p) is tuple and len(p) == 2 and type(p[0]) is str and callable(p[1])  # noqa: PLR2004  # a (name, guard) pair
            for p in registry
        )
        if not ok:
            problems.append(Problem("guards", "type", "must map guard names to callables"))
        self.registry: dict[str, Any] = dict(wf.guards) if ok else {}


def _items(items: object, field: str, kind: type[_T], problems: list[Problem]) -> tuple[_T, ...]:
    if type(items) is not tuple:
        problems.append(Problem(field, "type", f"must be a list of {kind.__name__}"))
        return ()
    for i, item in enumerate(items):
        if not isinstance(item, kind):
            problems.append(Problem(f"{field}[{i}]", "type", f"must be a {kind.__name__}"))
    return tuple(x for x in items if isinstance(x, kind))


def _check_parts(wf: Workflow[Any], parts: _Parts, problems: list[Problem]) -> dict[str, State]:
    if type(wf.id) is not str or not IDENTIFIER.fullmatch(wf.id):
        problems.append(Problem("id", "identifier", IDENTIFIER_MESSAGE))
    by_name: dict[str, State] = {}
    for i, state in enumerate(parts.states):
        if state.name in by_name:
            problems.append(
                Problem(f"states[{i}]", "duplicate_state", f"state {state.name!r} is defined twice")
            )
        by_name.setdefault(state.name, state)
    if not parts.states:
        problems.append(Problem("states", "no_states", "define at least one state"))
        return by_name
    initial = [s.name for s in parts.states if s.initial]
    if not initial:
        problems.append(Problem("states", "no_initial", "mark exactly one state initial=True"))
    elif len(initial) > 1:
        problems.append(
            Problem(
                "states",
                "several_initial",
                f"states {_names(initial)} are all initial; mark exactly one",
            )
        )
    if not any(s.final for s in parts.states):
        problems.append(Problem("states", "no_final", "mark at least one state final=True"))
    return by_name


def _check_guards(
    t: Transition, path: str, registry: dict[str, Any], problems: list[Problem]
) -> tuple[tuple[str, Any, bool], ...]:
    guards: list[tuple[str, Any, bool]] = []
    for j, g in enumerate(t.guards):
        if g not in registry:
            problems.append(
                Problem(
                    f"{path}.guards[{j}]",
                    "unknown_guard",
                    f"guard {g!r} is not in the guard registry; register it or fix the name",
                )
            )
        else:
            guards.append((g, registry[g], g in t.overridable))
    problems.extend(
        Problem(f"{path}.overridable[{j}]", "not_a_guard", f"{g!r} is not one of its guards")
        for j, g in enumerate(t.overridable)
        if g not in t.guards
    )
    return tuple(guards)


def _add_routes(  # noqa: PLR0917  # private: the transition check's state, passed along
    t: Transition,
    path: str,
    route: _Route,
    by_name: dict[str, State],
    routes: dict[str, dict[str, _Route]],
    problems: list[Problem],
) -> None:
    for j, source in enumerate(t.sources):
        state = by_name.get(source)
        if state is None:
            problems.append(
                Problem(f"{path}.sources[{j}]", "unknown_state", f"{source!r} is not a state")
            )
            continue
        if state.final:
            problems.append(
                Problem(
                    f"{path}.sources[{j}]",
                    "exit_from_final",
                    f"{source!r} is final; no event may leave it",
                )
            )
        by_event = routes.setdefault(source, {})
        if t.event in by_event:
            problems.append(
                Problem(
                    f"{path}.sources[{j}]",
                    "duplicate_event",
                    f"event {t.event!r} is already defined from state {source!r}",
                )
            )
            continue
        by_event[t.event] = route


def _check_transitions(
    parts: _Parts, by_name: dict[str, State], problems: list[Problem]
) -> dict[str, dict[str, _Route]]:
    registry = parts.registry
    routes: dict[str, dict[str, _Route]] = {}
    for i, t in enumerate(parts.transitions):
        path = f"transitions[{i}]"
        if t.event in _RESERVED:
            problems.append(
                Problem(
                    f"{path}.event",
                    "reserved_event",
                    f"{t.event!r} is recorded by casekit itself; choose another event name",
                )
            )
        if t.target != HISTORY and t.target not in by_name:
            problems.append(
                Problem(f"{path}.target", "unknown_state", f"{t.target!r} is not a state")
            )
        if not t.sources:
            problems.append(Problem(f"{path}.sources", "no_sources", "name at least one state"))
        guards = _check_guards(t, path, registry, problems)
        target = None if t.target == HISTORY else t.target
        route = _Route(t, target, guards, bool(t.overridable), _fast_pass(guards))
        _add_routes(t, path, route, by_name, routes, problems)
    return routes


def _fast_pass(guards: tuple[tuple[str, Any, bool], ...]) -> Any:
    """Return the test that stands for all of *guards* on apply's hot path, if the standard
    workflow's module declares one for exactly these guard functions in this order."""
    # standard builds STANDARD through this function: the module is imported (or partly
    # imported, FAST_PASSES defined first) by the time a route is compiled.
    from casekit.lifecycle import standard  # noqa: PLC0415  # see above

    return standard._FAST_PASSES.get(tuple(g for _, g, _ in guards))  # noqa: SLF001  # own package


def successors(
    states: tuple[State, ...], transitions: tuple[Transition, ...]
) -> dict[str, set[str]]:
    """Return each state's possible next states (for a `HISTORY` target: every way in)."""
    known = {s.name for s in states}
    preds: dict[str, set[str]] = {name: set() for name in known}
    for t in transitions:
        if t.target in known:
            preds[t.target].update(s for s in t.sources if s in known)
    succ: dict[str, set[str]] = {name: set() for name in known}
    for t in transitions:
        for source in t.sources:
            if source in known:
                succ[source].update(preds[source] if t.target == HISTORY else {t.target} & known)
    return succ


def reach(start: set[str], edges: dict[str, set[str]]) -> set[str]:
    seen, todo = set(start), list(start)
    while todo:
        for nxt in edges[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _check_graph(parts: _Parts, problems: list[Problem]) -> None:
    succ = successors(parts.states, parts.transitions)
    initial = [s.name for s in parts.states if s.initial]
    if len(initial) == 1:
        reachable = reach(set(initial), succ)
        for i, s in enumerate(parts.states):
            if s.name not in reachable:
                problems.append(
                    Problem(
                        f"states[{i}]",
                        "unreachable",
                        f"state {s.name!r} cannot be reached from the initial state; "
                        "add a transition into it or remove it",
                    )
                )
    finals = {s.name for s in parts.states if s.final}
    if finals:
        back: dict[str, set[str]] = {name: set() for name in succ}
        for source, targets in succ.items():
            for target in targets:
                back[target].add(source)
        can_finish = reach(finals, back)
        for i, s in enumerate(parts.states):
            if s.name not in can_finish:
                problems.append(
                    Problem(
                        f"states[{i}]",
                        "no_way_out",
                        f"no final state can be reached from state {s.name!r}; "
                        "add a transition out of it",
                    )
                )


def _check_deadlines(parts: _Parts, by_name: dict[str, State], problems: list[Problem]) -> None:
    events = {t.event for t in parts.transitions} | _RESERVED
    seen: set[str] = set()
    for i, d in enumerate(parts.deadlines):
        path = f"deadlines[{i}]"
        if d.name in seen:
            problems.append(
                Problem(f"{path}.name", "duplicate_deadline", f"{d.name!r} is defined twice")
            )
        seen.add(d.name)
        if (d.start_event is None) == (d.start_state is None):
            problems.append(
                Problem(path, "deadline_start", "give exactly one of start_event and start_state")
            )
        if d.start_event is not None and d.start_event not in events:
            problems.append(
                Problem(f"{path}.start_event", "unknown_event", f"{d.start_event!r} is no event")
            )
        if d.start_state is not None and d.start_state not in by_name:
            problems.append(
                Problem(f"{path}.start_state", "unknown_state", f"{d.start_state!r} is no state")
            )
        if not d.met_by:
            problems.append(Problem(f"{path}.met_by", "no_events", "name at least one event"))
        for j, e in enumerate(d.met_by):
            if e not in events:
                problems.append(
                    Problem(f"{path}.met_by[{j}]", "unknown_event", f"{e!r} is no event")
                )


def _check_late_records(
    wf: Workflow[Any], by_name: dict[str, State], problems: list[Problem]
) -> dict[str, frozenset[str] | None]:
    """Return, per state, the record events it accepts (None: all of them)."""
    late: dict[str, frozenset[str]] = {}
    pairs: tuple[object, ...] = wf.late_records
    if type(pairs) is not tuple:
        problems.append(Problem("late_records", "type", "must map state names to record events"))
        pairs = ()
    for i, pair in enumerate(pairs):
        path = f"late_records[{i}]"
        if not (type(pair) is tuple and len(pair) == 2 and type(pair[1]) is tuple):  # noqa: PLR2004  # a (state, names) pair
            problems.append(Problem(path, "type", "must be a state name and record events"))
            continue
        state, names = pair
        if type(state) is not str or state not in by_name:
            problems.append(Problem(path, "unknown_state", "names no state of the workflow"))
            continue
        for j, name in enumerate(names):
            if type(name) is not str or name not in RECORD_EVENTS:
                listed = ", ".join(sorted(RECORD_EVENTS))
                problems.append(
                    Problem(f"{path}[{j}]", "not_a_record", f"must be one of: {listed}")
                )
        late[state] = frozenset(names)
    return {
        name: late.get(name, frozenset() if s.final or s.category in _CLOSED else None)
        for name, s in by_name.items()
    }


def compile_routes(
    wf: Workflow[Any],
) -> tuple[dict[str, dict[str, _Route]], dict[str, State], dict[str, frozenset[str] | None]]:
    """Check *wf*; return its (state -> event -> route) table, its states by name, and the
    record events each state accepts (None for all).

    Raises:
        InvalidDefinitionError: listing every problem found.
    """
    problems: list[Problem] = []
    parts = _Parts(wf, problems)
    by_name = _check_parts(wf, parts, problems)
    routes = _check_transitions(parts, by_name, problems)
    if parts.states:
        _check_graph(parts, problems)
    _check_deadlines(parts, by_name, problems)
    accepts = _check_late_records(wf, by_name, problems)
    if problems:
        raise InvalidDefinitionError(problems)
    return routes, by_name, accepts
