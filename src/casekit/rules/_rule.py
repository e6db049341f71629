"""The Rule protocol, Facts and Evaluation; the private node base every casekit rule shares."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol, TypeAlias, runtime_checkable

import attrs
from attrs.exceptions import FrozenInstanceError

from casekit._reason import Reason
from casekit.errors import InvalidInputError
from casekit.rules._trace import Trace

Facts: TypeAlias = Mapping[str, object]
"""What a rule is evaluated against: named facts such as ``{"code": ..., "on": ...}``."""

Record: TypeAlias = tuple[bool, Any]
"""What a casekit node's evaluation records: ``(passed, payload)``; payload is node-specific."""


@runtime_checkable
class Rule(Protocol):
    """**Protocol:** a named test over `Facts` that explains its result.

    Write one as any class with a ``name`` and an ``evaluate`` method, or build one with
    `predicate`, the domain predicates and the combinators. casekit's own rules also dump to
    data with `dump_rules`.

    Examples:
        >>> from casekit.rules import Evaluation, Trace, all_of
        >>> class Always:
        ...     name = "always"
        ...     def evaluate(self, facts):
        ...         return Evaluation(True, trace=Trace("always", True))
        >>> isinstance(Always(), Rule)
        True
        >>> all_of(Always()).evaluate({}).passed
        True
    """

    @property
    def name(self) -> str:
        """A short name for traces: the kind of rule and what it reads."""
        ...

    def evaluate(self, facts: Facts, /) -> Evaluation:
        """Return whether *facts* satisfy the rule, why not, and the trace."""
        ...


class Evaluation:
    """What `Rule.evaluate` returns: passed or not, the reasons why not, and the trace.

    ``reasons`` is empty exactly when the rule passed; otherwise it names every unmet
    condition (for a failed `not_`, the condition that held). Evaluations from casekit's rules
    build ``reasons`` and ``trace`` on first access from what the evaluation recorded, so an
    evaluation that only needs ``passed`` pays for nothing more; the values are the same either
    way. Evaluations are immutable and compare by ``passed``, ``reasons`` and ``trace``.

    (Until 0.2 this was called ``Outcome``; that name still works, with a
    `DeprecationWarning`, and is not `casekit.case.Outcome`, a measured outcome of care.)

    Examples:
        >>> from casekit.rules import Trace, count_below
        >>> out = count_below(20, fact="visits_used").evaluate({"visits_used": 20})
        >>> out.passed
        False
        >>> out.messages()
        ('visits_used has reached its limit of 20',)
        >>> print(out.trace.render())
        ✗ count_below(visits_used, 20)  visits_used=20
        >>> Evaluation(True, trace=Trace("mine", True)).reasons
        ()
    """

    __slots__ = ("passed", "_reasons", "_trace", "_source")  # noqa: RUF023  # field order

    passed: bool
    _reasons: tuple[Reason, ...]
    _trace: Trace
    _source: tuple[_Node, Record] | None

    def __init__(
        self,
        passed: bool,  # noqa: FBT001  # positional like every value class's first field
        reasons: Iterable[Reason] = (),
        trace: Trace | None = None,
    ) -> None:
        if type(passed) is not bool:
            raise InvalidInputError.one("passed", "type", "must be True or False")
        reasons = tuple(reasons)
        if not all(isinstance(r, Reason) for r in reasons):
            raise InvalidInputError.one("reasons", "type", "must be Reason objects")
        if passed == bool(reasons):
            raise InvalidInputError.one(
                "reasons",
                "reasons_mismatch",
                "give at least one reason when failed, and none when passed",
            )
        if trace is None:
            trace = Trace("rule", passed)
        elif not isinstance(trace, Trace):
            raise InvalidInputError.one("trace", "type", "must be a Trace")
        for put, value in zip(_SETTERS, (passed, reasons, trace, None), strict=True):
            put(self, value)

    @property
    def reasons(self) -> tuple[Reason, ...]:
        """Why the rule failed: one reason per unmet condition; empty when it passed."""
        try:
            return self._reasons
        except AttributeError:
            node, record = self._source  # type: ignore[misc]  # set whenever _reasons is not
            reasons = () if record[0] else node._failed(record)  # noqa: SLF001  # kernel
            _set_reasons(self, reasons)
            return reasons

    @property
    def trace(self) -> Trace:
        """The tree of nodes evaluated, with inputs, results and decisiveness."""
        try:
            return self._trace
        except AttributeError:
            node, record = self._source  # type: ignore[misc]  # set whenever _trace is not
            trace = node._trace(record, True)  # noqa: SLF001, FBT003  # kernel; the root decides
            _set_trace(self, trace)
            return trace

    def messages(self, locale: str = "en") -> tuple[str, ...]:
        """Return the reasons as sentences in *locale*.

        Examples:
            >>> from casekit.rules import flag, not_
            >>> not_(flag("excluded")).evaluate({"excluded": True}).messages()
            ('excluded is set',)
        """
        return tuple(r.message(locale) for r in self.reasons)

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError

    def __eq__(self, other: object) -> bool:
        if type(other) is not Evaluation:
            return NotImplemented
        return (self.passed, self.reasons, self.trace) == (other.passed, other.reasons, other.trace)

    def __hash__(self) -> int:
        return hash((self.passed, self.reasons, self.trace))

    def __repr__(self) -> str:
        return f"Evaluation(passed={self.passed!r}, reasons={self.reasons!r})"

    def __reduce__(self) -> tuple[type[Evaluation], tuple[bool, tuple[Reason, ...], Trace]]:
        return (Evaluation, (self.passed, self.reasons, self.trace))


# Evaluation is a plain slotted class, not attrs: an attrs class would join the serialised and
# fuzzed surface (every public attrs type has a to_dict form) and its lazy slots would look
# unset to anything walking attrs fields. Its slot setters are taken from __slots__, in order,
# as casekit._unchecked takes them from attrs.fields: a slot added later is set by __init__ or
# the zip there fails. The kernel's hot path (lazy_evaluation) sets two of the four slots and
# leaves reasons and trace to be built on first access, which a builder (every field, always)
# cannot do: those two stores are unrolled. benchmarks/coverage_rules.py: "casekit evaluate"
# 417,771 evaluations/s this way, against 61,305/s when every line's trace is built.
_SETTERS = tuple(Evaluation.__dict__[name].__set__ for name in Evaluation.__slots__)
_set_passed, _set_reasons, _set_trace, _set_source = _SETTERS
_new_evaluation = object.__new__


def lazy_evaluation(node: _Node, record: Record) -> Evaluation:
    """Return the evaluation of *node* from its *record*; reasons and trace come on demand."""
    out: Evaluation = _new_evaluation(Evaluation)
    _set_passed(out, record[0])
    _set_source(out, (node, record))
    return out


def _rebuilt(cls: type[_Node], built: dict[str, Any]) -> _Node:
    """Return the rule of class *cls* built from *built*: how a pickled rule comes back."""
    return cls(**built)


class _Node:
    """The base of casekit's own rules: compiled once to a closure that records its result.

    ``_run(facts)`` returns a record ``(passed, payload)``; `_trace`, `_failed` and `_held`
    turn a record into a trace and into the reasons for failing and for holding (the latter
    explain a failed `not_`). Not for subclassing outside casekit: write a `Rule` instead.
    """

    __slots__ = ()
    name: str
    _run: Callable[[Facts], Record]

    def evaluate(self, facts: Facts, /) -> Evaluation:
        """Return whether *facts* satisfy this rule, why not, and the trace.

        Raises:
            InvalidInputError: at ``facts`` if it is not a mapping, and at ``facts.<name>``
                for a fact the rule needs that is missing or of the wrong type.
        """
        if type(facts) is not dict and not isinstance(facts, Mapping):  # dict: the fast path
            raise InvalidInputError.one(
                "facts", "type", "must be a mapping of fact names to values"
            )
        return lazy_evaluation(self, self._run(facts))

    def __reduce__(self) -> tuple[Callable[..., _Node], tuple[type[_Node], dict[str, Any]]]:
        """Pickle the rule as what it was built from; it is compiled again when unpickled."""
        cls = type(self)
        built = {a.alias: getattr(self, a.name) for a in attrs.fields(cls) if a.init}  # type: ignore[arg-type]  # every _Node subclass is an attrs class
        return _rebuilt, (cls, built)

    def _trace(self, record: Record, decisive: bool) -> Trace:  # noqa: FBT001  # hot, private
        raise NotImplementedError

    def _failed(self, record: Record) -> tuple[Reason, ...]:
        raise NotImplementedError

    def _held(self, record: Record) -> tuple[Reason, ...]:
        raise NotImplementedError
