"""One budget for the work casekit does on what it is given.

Every reader and verb that takes untrusted data keeps its work proportional to that data, and
the few sizes that bound it live here, in one `Budget`:

* ``nodes``: the most nodes a document given to a loader may hold *once YAML aliases are
  expanded* (each mapping, list, key and scalar counts one). A few hundred bytes of YAML
  anchors can describe millions of nodes; casekit counts them without expanding them and
  refuses the document with a ``too_large`` problem. The default, 50,000, is about 10,000 rules
  in a rule set, or a plan many times the size of Medicare's.
* ``problems``: how many problems one `casekit.errors.InvalidInputError` or
  `casekit.errors.InvalidDefinitionError` lists. Past it, the error lists the first ones and
  then one ``too_many_problems`` problem with the count.
* ``units_per_line``: the most units one service line may bill.
* ``events_per_log``: the most events one case's history may hold.

The budget in force is `current()`. An application changes it for a block of code with
`using`, which applies to the thread or asyncio task that enters it (a `contextvars` context),
so two threads can load under different budgets at once.

Examples:
    >>> from casekit import limits
    >>> limits.current().problems
    100
    >>> with limits.using(nodes=1_000_000):
    ...     limits.current().nodes
    1000000
    >>> limits.current().nodes
    50000
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import threading
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from casekit.errors import InvalidDefinitionError, InvalidInputError

__all__ = [
    "DEFAULT",
    "Budget",
    "budget",
    "current",
    "expanded_size",
    "refuse_long_log",
    "refuse_oversized",
    "using",
]


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Budget:
    """The sizes that bound casekit's work on untrusted input (see the module docstring).

    Raises:
        InvalidInputError: at a field that is not a whole number ≥ 1.

    Examples:
        >>> Budget()
        Budget(nodes=50000, problems=100, units_per_line=10000, events_per_log=100000)
        >>> Budget(problems=10).problems
        10
    """

    # A dataclass, not attrs: a budget is configuration, never data casekit reads or writes,
    # and every public attrs class is part of the serialised (and fuzzed) surface.

    nodes: int = 50_000
    problems: int = 100
    units_per_line: int = 10_000
    events_per_log: int = 100_000

    def __post_init__(self) -> None:
        bad = [f.name for f in dataclasses.fields(self) if not _positive(getattr(self, f.name))]
        if bad:
            from casekit.errors import InvalidInputError, Problem  # noqa: PLC0415  # errors imports limits

            raise InvalidInputError(
                Problem(name, "type", "must be a whole number ≥ 1") for name in bad
            )


def _positive(value: object) -> bool:
    return type(value) is int and value >= 1


DEFAULT: Final = Budget()
"""The budget in force unless an application enters `using`."""

_CURRENT: Final[contextvars.ContextVar[Budget]] = contextvars.ContextVar(
    "casekit_budget", default=DEFAULT
)


budget: Final = _CURRENT.get
"""`current` for hot paths: the same budget, without a call of Python around the lookup."""

fewest_events: int = DEFAULT.events_per_log
"""The smallest ``events_per_log`` any budget in force has had in this process (it only ever
goes down). `casekit.lifecycle.apply` reads the budget only for a log longer than this: for
nearly every call, one comparison instead of a context lookup."""

_LOWERING: Final = threading.Lock()


def current() -> Budget:
    """Return the budget in force in this thread or task.

    Read it when the work starts, not at import, so that `using` applies.

    Examples:
        >>> current() == DEFAULT
        True
    """
    return _CURRENT.get()


@contextlib.contextmanager
def using(budget: Budget | None = None, /, **changes: int) -> Iterator[Budget]:
    """Run the block under *budget*, or under the current budget with *changes*.

    The change is seen by this thread or asyncio task only, and ends with the block. Threads
    start with `DEFAULT`: enter `using` in each worker (or run it in a copied context).

    Raises:
        InvalidInputError: at a change that is not a field of `Budget` or not a whole
            number ≥ 1, before the block runs.

    Examples:
        >>> with using(problems=3) as budget:
        ...     budget.problems
        3
        >>> with using(Budget(units_per_line=50)):
        ...     current().units_per_line
        50
    """
    base: object = current() if budget is None else budget  # checked at run time too
    if not isinstance(base, Budget):
        from casekit.errors import InvalidInputError  # noqa: PLC0415  # errors imports limits

        raise InvalidInputError.one("budget", "type", "must be a Budget")
    unknown = sorted(set(changes) - {f.name for f in dataclasses.fields(Budget)})
    if unknown:
        from casekit.errors import InvalidInputError, Problem  # noqa: PLC0415  # as above

        raise InvalidInputError(
            Problem(name, "unknown_key", "is not a field of Budget") for name in unknown
        )
    chosen = dataclasses.replace(base, **changes)
    global fewest_events  # noqa: PLW0603  # a floor that only goes down, under a lock
    with _LOWERING:
        fewest_events = min(fewest_events, chosen.events_per_log)
    token = _CURRENT.set(chosen)
    try:
        yield chosen
    finally:
        _CURRENT.reset(token)


_IN_PROGRESS: Final = -1


def expanded_size(data: object, *, limit: int) -> int:
    """Return how many nodes *data* holds with shared parts counted at each place they appear.

    Each mapping, list or tuple, mapping key and other value counts one. A part that appears
    in several places (a YAML alias) is walked once and its size remembered, so the work is
    proportional to the distinct objects, not to the expanded size. The count stops past
    *limit* and returns ``limit + 1``; a part that contains itself counts as past the limit.
    The walk keeps its own stack, so any depth is fine.

    Examples:
        >>> leaf = {"flag": {"fact": "f"}}
        >>> expanded_size(leaf, limit=100)
        5
        >>> shared = [leaf] * 10
        >>> expanded_size([shared] * 10, limit=1_000)
        511
        >>> expanded_size([shared] * 10, limit=100)
        101
    """
    over = limit + 1
    sizes: dict[int, int] = {}
    keep: list[object] = []  # keeps each walked part alive, so ids are not reused
    stack: list[tuple[object, Iterator[object], int]] = []
    node: object = data
    while True:
        # Descend: find the size of `node`, or push it and walk into its first child.
        children = _children(node)
        if children is None:
            size = 1
        else:
            known = sizes.get(id(node))
            if known is None:
                sizes[id(node)] = _IN_PROGRESS
                keep.append(node)
                stack.append((node, children, 1))
                size = 0
            elif known == _IN_PROGRESS:  # a part that holds itself never ends
                return over
            else:
                size = known
        # Ascend: add `size` to the parent, then move to the next child that needs a walk.
        while stack:
            parent, rest, total = stack[-1]
            total += size
            if total > limit:
                return over
            following = next(rest, _END)
            if following is _END:
                stack.pop()
                sizes[id(parent)] = total
                size = total
                continue
            stack[-1] = (parent, rest, total)
            node = following
            break
        else:
            return min(size, over)


_END: Final = object()


def _children(node: object) -> Iterator[object] | None:
    if isinstance(node, Mapping):
        return _mapping_children(node)
    if isinstance(node, (list, tuple)):
        return iter(node)
    return None


def _mapping_children(node: Mapping[Any, Any]) -> Iterator[object]:
    for key, value in node.items():
        yield key
        yield value


def refuse_oversized(
    data: object,
    *,
    path: str = "$",
    error: type[InvalidInputError | InvalidDefinitionError] | None = None,
) -> None:
    """Raise if *data* holds more than the current budget's ``nodes`` once aliases expand.

    Loaders call this before they walk a document, so a small YAML alias bomb costs only
    the count.

    Args:
        data: the parsed document.
        path: where the problem is reported (``$``, the document itself, by default).
        error: the error to raise; `casekit.errors.InvalidInputError` by default.

    Raises:
        InvalidInputError: (or *error*) with one ``too_large`` problem at *path*.

    Examples:
        >>> refuse_oversized({"id": "small"})
        >>> with using(nodes=10):
        ...     refuse_oversized({"ids": list(range(20))})
        Traceback (most recent call last):
        ...
        casekit.errors.InvalidInputError: invalid input (1 problem):
          $: holds more than 10 nodes with YAML aliases expanded; split it or raise the budget
    """
    limit = current().nodes
    if expanded_size(data, limit=limit) > limit:
        from casekit.errors import InvalidInputError  # noqa: PLC0415  # errors imports limits

        raise (error or InvalidInputError).one(
            path,
            "too_large",
            f"holds more than {limit} nodes with YAML aliases expanded; "
            "split it or raise the budget",
        )


def refuse_long_log(count: int, *, path: str = "history") -> None:
    """Refuse a case's history of *count* events if it passes the ``events_per_log`` budget.

    `casekit.case.rebuild`, `casekit.lifecycle.replay` and the readers call it before they walk
    a log, and the verbs before they append to one, so a log past the budget is refused in
    one step instead of read.

    Raises:
        InvalidInputError: with one ``too_large`` problem at *path*.

    Examples:
        >>> refuse_long_log(12)
        >>> with using(events_per_log=10):
        ...     refuse_long_log(12)
        Traceback (most recent call last):
        ...
        casekit.errors.InvalidInputError: invalid input (1 problem):
          history: holds more than 10 events (events_per_log); open a new case or raise the budget
    """
    limit = _CURRENT.get().events_per_log
    if count > limit:
        from casekit.errors import InvalidInputError  # noqa: PLC0415  # errors imports limits

        raise InvalidInputError.one(
            path,
            "too_large",
            f"holds more than {limit} events (events_per_log); open a new case or raise the budget",
        )
