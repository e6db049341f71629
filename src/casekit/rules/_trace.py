"""Trace: the tree of rule nodes an evaluation visited, with inputs, results and decisiveness."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, Self

import pendulum

from casekit.codes import Code
from casekit.money import Money
from casekit.periods import DateRange

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

PRIVATE = "[private]"
"""The text shown in a trace instead of a fact that may hold personal data."""


def _text(value: object) -> str:
    """Return *value* as trace text, or only its kind when it might be personal data.

    Numbers, booleans, dates, text and casekit's public value types (money, codes, date
    ranges) are shown; anything else shows as ``<TypeName>`` or ``<n items>``, because its
    ``str`` might hold a name or an identifier.

    Examples:
        >>> import pendulum
        >>> _text(pendulum.date(2024, 2, 29)), _text(True), _text(["a", "b"]), _text(object())
        ('2024-02-29', 'true', '<2 items>', '<object>')
    """
    render = _RENDER.get(type(value))
    if render is not None:
        return render(value)
    return _text_slow(value)


def _range_text(value: DateRange) -> str:
    end = "" if value.is_open_ended else value.end.isoformat()
    return f"{value.start.isoformat()}..{end}"


def _text_slow(value: object) -> str:
    # Subclasses of the types in _RENDER, and everything else.
    for kinds, render in _RENDER_SUBCLASSES:
        if isinstance(value, kinds):
            return render(value)
    if type(value).__module__ in _VALUE_MODULES:
        return str(value)
    if isinstance(value, (tuple, list, frozenset, set)):
        return f"<{len(value)} items>"
    return f"<{type(value).__name__}>"


def _bool_text(value: object) -> str:
    return "true" if value else "false"


_LONG: Final = 10**1000
"""Whole numbers this large show as their size: Python refuses to write one past 4,300 digits
(``sys.set_int_max_str_digits``), and a trace must render whatever count a fact holds."""


def _int_text(value: int) -> str:
    if -_LONG < value < _LONG:
        return int.__str__(value)
    return f"<a whole number of {value.bit_length()} bits>"


# The modules whose types are public value objects, never personal data.
_VALUE_MODULES = frozenset({"casekit.money", "casekit.codes", "casekit.periods"})

_RENDER: dict[type, Callable[[Any], str]] = {
    bool: _bool_text,
    int: _int_text,
    str: str.__str__,
    dt.date: dt.date.isoformat,
    pendulum.Date: dt.date.isoformat,
    DateRange: _range_text,
    Money: Money.__str__,
    Code: Code.__str__,
    type(None): lambda _: "none",
}

_RENDER_SUBCLASSES: tuple[tuple[type | tuple[type, ...], Callable[[Any], str]], ...] = (
    (bool, _bool_text),
    (int, lambda v: _int_text(int(v))),
    ((Decimal, str), str),
    (dt.date, lambda v: v.isoformat()),  # a datetime shows its time too
)


_tuple_new = tuple.__new__


def _check(
    rule: object, passed: object, decisive: object, inputs: object, children: object
) -> None:
    from casekit.errors import InvalidInputError, Problem  # noqa: PLC0415  # errors imports us

    problems: list[tuple[str, str]] = []
    if type(rule) is not str:
        problems.append(("rule", "must be text"))
    if type(passed) is not bool:
        problems.append(("passed", "must be True or False"))
    if type(decisive) is not bool:
        problems.append(("decisive", "must be True or False"))
    if type(inputs) is not tuple or not all(
        type(p) is tuple and len(p) == 2 and type(p[0]) is str and type(p[1]) is str  # noqa: PLR2004  # pairs
        for p in inputs
    ):
        problems.append(("inputs", "must be a tuple of (name, text) pairs"))
    if type(children) is not tuple or not all(type(c) is Trace for c in children):
        problems.append(("children", "must be a tuple of Trace"))
    if problems:
        raise InvalidInputError(Problem(path, "type", message) for path, message in problems)


class Trace(tuple[str, bool, bool, tuple[tuple[str, str], ...], tuple["Trace", ...]]):
    """One node of an evaluation: what it looked at, whether it matched, whether that mattered.

    ``passed`` says whether this node matched. ``decisive`` says whether its result determined
    its parent's result: in a failed `all_of` the failing children are decisive and the passing
    ones are not; in a passed `any_of` the passing children are; a `not_` child always is; the
    root is decisive. casekit evaluates every child (no short-circuit), so every node of the
    rule appears and every unmet condition is reported. ``inputs`` are the facts the node read,
    as text; facts that may hold personal data show as ``[private]``.

    A trace is an immutable record, built as a tuple (like `casekit.errors.Problem`) because
    an application may build one for every line it adjudicates: it costs a fifth of a class.

    Examples:
        >>> leaf = Trace("count_below(visits_used, 20)", False, True, (("visits_used", "20"),))
        >>> root = Trace("all_of", False, True, (), (leaf,))
        >>> print(root.render())
        ✗ all_of
          ✗ count_below(visits_used, 20)  visits_used=20
        >>> [t.rule for t in root.walk()]
        ['all_of', 'count_below(visits_used, 20)']
        >>> root.children[0].inputs
        (('visits_used', '20'),)
    """

    __slots__ = ()
    __match_args__ = ("rule", "passed", "decisive", "inputs", "children")

    def __new__(
        cls,
        rule: str,
        passed: bool,  # noqa: FBT001  # positional like a record's fields
        decisive: bool = True,  # noqa: FBT001, FBT002  # positional like a record's fields
        inputs: tuple[tuple[str, str], ...] = (),
        children: tuple[Trace, ...] = (),
    ) -> Self:
        """Return a trace node, checking each field's type."""
        _check(rule, passed, decisive, inputs, children)
        return _tuple_new(cls, (rule, passed, decisive, inputs, children))

    @property
    def rule(self) -> str:
        """The node's name: the kind of rule and what it reads."""
        return self[0]

    @property
    def passed(self) -> bool:
        """Whether this node matched."""
        return self[1]

    @property
    def decisive(self) -> bool:
        """Whether this node's result determined its parent's result."""
        return self[2]

    @property
    def inputs(self) -> tuple[tuple[str, str], ...]:
        """The facts this node read, as (name, text) pairs."""
        return self[3]

    @property
    def children(self) -> tuple[Trace, ...]:
        """The nodes below this one, in order."""
        return self[4]

    def __repr__(self) -> str:
        return (
            f"Trace(rule={self[0]!r}, passed={self[1]!r}, decisive={self[2]!r}, "
            f"inputs={self[3]!r}, children={self[4]!r})"
        )

    def __getnewargs__(
        self,
    ) -> tuple[str, bool, bool, tuple[tuple[str, str], ...], tuple[Trace, ...]]:
        return (self[0], self[1], self[2], self[3], self[4])

    def with_decisive(self, decisive: bool) -> Trace:  # noqa: FBT001  # the one field changed
        """Return this trace with ``decisive`` set to *decisive*.

        Examples:
            >>> Trace("flag(x)", True).with_decisive(False).decisive
            False
        """
        return _tuple_new(Trace, (self[0], self[1], decisive, self[3], self[4]))

    def walk(self) -> Iterator[Trace]:
        """Yield this node and then every node below it, depth first, in order.

        Examples:
            >>> t = Trace("not", True, True, (), (Trace("flag(x)", False),))
            >>> [(n.rule, n.passed) for n in t.walk()]
            [('not', True), ('flag(x)', False)]
        """
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def render(self, *, indent: str = "  ") -> str:
        """Return the tree as indented lines: ✓ or ✗, the node, its inputs.

        A node that did not decide its parent's result is marked ``(not decisive)``.

        Examples:
            >>> a = Trace("flag(referred)", True, False, (("referred", "true"),))
            >>> b = Trace("flag(authorized)", False, True, (("authorized", "false"),))
            >>> print(Trace("all_of", False, True, (), (a, b)).render())
            ✗ all_of
              ✓ flag(referred)  referred=true  (not decisive)
              ✗ flag(authorized)  authorized=false
        """
        lines: list[str] = []
        self._render_into(lines, 0, indent)
        return "\n".join(lines)

    def _render_into(self, lines: list[str], depth: int, indent: str) -> None:
        mark = "✓" if self[1] else "✗"
        parts = [f"{indent * depth}{mark} {self[0]}"]
        parts.extend(f"{name}={text}" for name, text in self[3])
        if not self[2]:
            parts.append("(not decisive)")
        lines.append("  ".join(parts))
        for child in self[4]:
            child._render_into(lines, depth + 1, indent)  # noqa: SLF001  # same class


def make_trace(
    rule: str,
    passed: bool,  # noqa: FBT001  # positional like the record's fields
    decisive: bool,  # noqa: FBT001  # positional like the record's fields
    inputs: tuple[tuple[str, str], ...],
    children: tuple[Trace, ...],
) -> Trace:
    """Return a trace node without checking its fields: the kernel's own, well-typed, path."""
    return _tuple_new(Trace, (rule, passed, decisive, inputs, children))
