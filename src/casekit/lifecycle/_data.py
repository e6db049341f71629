"""Workflows as plain data (dicts from JSON or YAML): `load_workflow` and `dump_workflow`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final, TypeVar

from casekit import _validate as v
from casekit._deprecation import warn_renamed
from casekit.errors import InvalidInputError, Problem
from casekit.lifecycle._workflow import (
    _NAME,
    CMMN_STATES,
    FHIR_EPISODE_STATUSES,
    HISTORY,
    Deadline,
    DeadlineUnit,
    State,
    StateCategory,
    Transition,
    Workflow,
    _require_workflow,
)
from casekit.limits import refuse_oversized

if TYPE_CHECKING:
    from casekit.lifecycle._workflow import Guard

__all__ = ["dump_workflow", "load_workflow", "workflow_from_dict", "workflow_to_dict"]

S = TypeVar("S")
_Check = Callable[[object], str | None]


def _name(value: object) -> str | None:
    ok = type(value) is str and _NAME.fullmatch(value)
    return None if ok else "must be 1-64 letters, digits, _ or -, starting with a letter"


def _target(value: object) -> str | None:
    return None if value == HISTORY else _name(value)


def _text(value: object) -> str | None:
    ok = type(value) is str and len(value) <= 500  # noqa: PLR2004  # as State.description
    return None if ok else "must be text of at most 500 characters"


def _bool(value: object) -> str | None:
    return None if type(value) is bool else "must be true or false"


MAX_WITHIN: Final = 36_525
"""The longest deadline a workflow document may give, in days or business days (a century):
longer ones would fall past 9999-12-31, the last day a date can hold."""


def _within(value: object) -> str | None:
    if type(value) is not int or value < 0:
        return "must be a whole number ≥ 0"
    if value > MAX_WITHIN:
        return f"must be at most {MAX_WITHIN} (a century of days)"
    return None


def _one_of(codes: frozenset[str]) -> _Check:
    listed = ", ".join(sorted(codes))

    def check(value: object) -> str | None:
        return None if type(value) is str and value in codes else f"must be one of: {listed}"

    return check


_STATE: Final[dict[str, tuple[_Check, bool]]] = {
    "name": (_name, True),
    "category": (_one_of(frozenset(StateCategory)), False),
    "initial": (_bool, False),
    "final": (_bool, False),
    "fhir": (_one_of(FHIR_EPISODE_STATUSES), False),
    "cmmn": (_one_of(CMMN_STATES), False),
    "description": (_text, False),
}
_TRANSITION: Final[dict[str, tuple[_Check, bool]]] = {
    "event": (_name, True),
    "sources": (_name, True),  # a list
    "target": (_target, True),
    "guards": (_name, False),  # a list
    "overridable": (_name, False),  # a list
    "description": (_text, False),
}
_DEADLINE: Final[dict[str, tuple[_Check, bool]]] = {
    "name": (_name, True),
    "within": (_within, True),
    "unit": (_one_of(frozenset(DeadlineUnit)), False),
    "start_event": (_name, False),
    "start_state": (_name, False),
    "met_by": (_name, True),  # a list
    "description": (_text, False),
}
_LISTS: Final = frozenset({"sources", "guards", "overridable", "met_by"})
_TOP: Final = frozenset({"id", "states", "transitions", "deadlines"})


def _check_value(
    value: object, path: str, check: _Check, problems: list[Problem], *, many: bool
) -> bool:
    if not many:
        found = [(path, check(value))]
    elif isinstance(value, list):
        found = [(f"{path}[{i}]", check(v)) for i, v in enumerate(value)]
    else:
        problems.append(Problem(path, "type", "must be a list of names"))
        return False
    bad = [Problem(where, "type", message) for where, message in found if message is not None]
    problems.extend(bad)
    return not bad


def _check_item(
    item: object, path: str, spec: dict[str, tuple[_Check, bool]], problems: list[Problem]
) -> bool:
    if not isinstance(item, Mapping):
        problems.append(Problem(path, "type", "must be a mapping of fields"))
        return False
    ok = True
    for key in item:
        if key not in spec:
            problems.append(Problem.unknown_key(f"{path}.{v.shown_key(key)}"))
            ok = False
    for key, (check, required) in spec.items():
        if key not in item:
            if required:
                problems.append(Problem(f"{path}.{key}", "missing", "is required"))
                ok = False
        elif not _check_value(item[key], f"{path}.{key}", check, problems, many=key in _LISTS):
            ok = False
    return ok


def _items(
    data: Mapping[str, Any],
    key: str,
    spec: dict[str, tuple[_Check, bool]],
    problems: list[Problem],
    *,
    required: bool = True,
) -> list[Mapping[str, Any]]:
    if key not in data:
        if required:
            problems.append(Problem(key, "missing", "is required"))
        return []
    value = data[key]
    if not isinstance(value, list):
        problems.append(Problem(key, "type", "must be a list"))
        return []
    ok = [_check_item(item, f"{key}[{i}]", spec, problems) for i, item in enumerate(value)]
    return value if all(ok) else []


def _fields(item: Mapping[str, Any]) -> dict[str, Any]:
    return {k: tuple(v) if k in _LISTS else v for k, v in item.items()}


def load_workflow(
    data: Mapping[str, Any], *, guards: Mapping[str, Guard[S]] | None = None
) -> Workflow[S]:
    """Return the workflow *data* describes, with guards looked up by name in *guards*.

    *data* is what `dump_workflow` returns, or the same read from JSON or YAML. Unknown
    keys, missing keys and wrong types are refused, every one of them, with its path.

    Raises:
        InvalidInputError: for data of the wrong shape, listing every problem with its path
            (``too_large`` at ``$`` for a document past the ``nodes`` budget of
            `casekit.limits`, counted with YAML aliases expanded).
        InvalidDefinitionError: for a workflow that cannot work (see `Workflow`), with paths
            into *data* such as ``transitions[3].guards[0]``.

    Examples:
        >>> data = {"id": "triage",
        ...         "states": [{"name": "new", "initial": True}, {"name": "done", "final": True}],
        ...         "transitions": [{"event": "finish", "sources": ["new"], "target": "done"}]}
        >>> load_workflow(data).events_from("new")
        ('finish',)
        >>> load_workflow({"id": "x", "states": [{"nmae": "new"}], "transitions": []})
        Traceback (most recent call last):
        ...
        casekit.errors.InvalidInputError: invalid input (2 problems):
          states[0].nmae: is not a known field; remove it or check its spelling
          states[0].name: is required
    """
    problems: list[Problem] = []
    given: object = data  # checked at run time too: JSON may hold anything
    if not isinstance(given, Mapping):
        raise InvalidInputError.one("$", "type", "a workflow must be a mapping of fields")
    refuse_oversized(data)
    problems.extend(Problem.unknown_key(v.shown_key(key)) for key in data if key not in _TOP)
    if "id" not in data:
        problems.append(Problem("id", "missing", "is required"))
    elif type(data["id"]) is not str:
        problems.append(Problem("id", "type", "must be text"))
    states = _items(data, "states", _STATE, problems)
    transitions = _items(data, "transitions", _TRANSITION, problems)
    deadlines = _items(data, "deadlines", _DEADLINE, problems, required=False)
    registry: object = guards  # checked at run time too
    if registry is not None and not isinstance(registry, Mapping):
        problems.append(Problem("guards", "type", "must map guard names to guards"))
    if problems:
        raise InvalidInputError(problems)
    return Workflow(
        data["id"],
        [State(**_fields(s)) for s in states],
        [Transition(**_fields(t)) for t in transitions],
        guards={} if guards is None else guards,
        deadlines=[Deadline(**_fields(d)) for d in deadlines],
    )


def _dump(obj: State | Transition | Deadline, defaults: Mapping[str, object]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, default in defaults.items():
        value = getattr(obj, key)
        if key in _LISTS:
            value = list(value)
        elif isinstance(value, (StateCategory, DeadlineUnit)):
            value = value.value
        if value != default or default is _REQUIRED:
            out[key] = value
    return out


_REQUIRED: Final = object()
_STATE_DEFAULTS: Final = {
    "name": _REQUIRED,
    "category": "active",
    "initial": False,
    "final": False,
    "fhir": None,
    "cmmn": None,
    "description": "",
}
_TRANSITION_DEFAULTS: Final = {
    "event": _REQUIRED,
    "sources": _REQUIRED,
    "target": _REQUIRED,
    "guards": [],
    "overridable": [],
    "description": "",
}
_DEADLINE_DEFAULTS: Final = {
    "name": _REQUIRED,
    "within": _REQUIRED,
    "unit": "days",
    "start_event": None,
    "start_state": None,
    "met_by": _REQUIRED,
    "description": "",
}


def dump_workflow(workflow: Workflow[Any]) -> dict[str, Any]:
    """Return *workflow* as plain data (JSON and YAML ready); guards appear by name only.

    Fields left at their defaults are left out, and `load_workflow` with the same guard
    registry gives back an equal workflow.

    Raises:
        InvalidInputError: at ``workflow`` if it is not a `Workflow`.

    Examples:
        >>> from casekit.lifecycle import STANDARD
        >>> data = dump_workflow(STANDARD)
        >>> data["transitions"][1]
        {'event': 'accept', 'sources': ['screening'], 'target': 'assessing', 'guards': ['eligible']}
        >>> load_workflow(data, guards=dict(STANDARD.guards)) == STANDARD
        True
    """
    _require_workflow(workflow)
    out: dict[str, Any] = {
        "id": workflow.id,
        "states": [_dump(s, _STATE_DEFAULTS) for s in workflow.states],
        "transitions": [_dump(t, _TRANSITION_DEFAULTS) for t in workflow.transitions],
    }
    if workflow.deadlines:
        out["deadlines"] = [_dump(d, _DEADLINE_DEFAULTS) for d in workflow.deadlines]
    return out


def workflow_from_dict(
    data: Mapping[str, Any], *, guards: Mapping[str, Guard[S]] | None = None
) -> Workflow[S]:
    """Deprecated: `load_workflow`, under the name it had until 0.2 (it warns, then loads).

    Examples:
        >>> import warnings
        >>> from casekit.lifecycle import STANDARD
        >>> with warnings.catch_warnings(action="ignore"):
        ...     workflow_from_dict(dump_workflow(STANDARD), guards=dict(STANDARD.guards)).id
        'standard'
    """
    warn_renamed("workflow_from_dict", "casekit.lifecycle.load_workflow")
    return load_workflow(data, guards=guards)


def workflow_to_dict(workflow: Workflow[Any]) -> dict[str, Any]:
    """Deprecated: `dump_workflow`, under the name it had until 0.2 (it warns, then dumps).

    Examples:
        >>> import warnings
        >>> from casekit.lifecycle import STANDARD
        >>> with warnings.catch_warnings(action="ignore"):
        ...     workflow_to_dict(STANDARD) == dump_workflow(STANDARD)
        True
    """
    warn_renamed("workflow_to_dict", "casekit.lifecycle.dump_workflow")
    return dump_workflow(workflow)
