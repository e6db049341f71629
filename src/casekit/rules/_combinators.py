"""Combinators: all_of, any_of and not_, and the adapter that lets any Rule take part."""

from __future__ import annotations

from collections.abc import Callable

import attrs

from casekit._reason import Reason
from casekit.errors import InvalidDefinitionError
from casekit.rules._rule import Evaluation, Facts, Record, Rule, _Node
from casekit.rules._trace import Trace, make_trace

Run = Callable[[Facts], Record]


def _as_node(rule: object, path: str) -> _Node:
    if isinstance(rule, _Node):
        return rule
    if isinstance(rule, Rule) and isinstance(getattr(rule, "name", None), str):
        return Foreign(rule)
    raise InvalidDefinitionError.one(
        path, "not_a_rule", "must be a Rule: an object with a name and an evaluate method"
    )


def _label(_inst: object, _attr: object, value: str | None) -> None:
    if value is not None and (type(value) is not str or not value.strip()):
        raise InvalidDefinitionError.one("name", "type", "must be non-empty text or None")


@attrs.frozen
class Foreign(_Node):
    """Any `Rule` that casekit did not build, taking part in a combinator.

    Its failure reasons are its own; when a `not_` needs to say why it held, the reason is
    ``rules.rule_held`` naming it.
    """

    rule: Rule
    name: str = attrs.field(init=False, eq=False)
    _run: Run = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        rule = self.rule
        name = rule.name

        def run(facts: Facts) -> Record:
            out = rule.evaluate(facts)
            if type(out) is not Evaluation:
                raise InvalidDefinitionError.one(
                    name, "not_an_outcome", "evaluate must return an Evaluation"
                )
            return (out.passed, out)

        object.__setattr__(self, "name", name)
        object.__setattr__(self, "_run", run)

    def _trace(self, record: Record, decisive: bool) -> Trace:  # noqa: FBT001  # private
        trace: Trace = record[1].trace
        return trace.with_decisive(decisive)

    def _failed(self, record: Record) -> tuple[Reason, ...]:
        reasons: tuple[Reason, ...] = record[1].reasons
        return reasons

    def _held(self, record: Record) -> tuple[Reason, ...]:  # noqa: ARG002  # same shape as others
        return (Reason("rules.rule_held", (("rule", self.name),)),)


def _all_runner(runs: tuple[Run, ...]) -> Run:
    # Unrolled for the common small sizes: a closure per size is ~2x faster than a loop.
    if len(runs) == 1:
        (r0,) = runs

        def run1(facts: Facts) -> Record:
            a = r0(facts)
            return (a[0], (a,))

        return run1
    if len(runs) == 2:  # noqa: PLR2004  # the unrolled sizes
        r0, r1 = runs

        def run2(facts: Facts) -> Record:
            a = r0(facts)
            b = r1(facts)
            return (a[0] and b[0], (a, b))

        return run2
    if len(runs) == 3:  # noqa: PLR2004  # the unrolled sizes
        r0, r1, r2 = runs

        def run3(facts: Facts) -> Record:
            a = r0(facts)
            b = r1(facts)
            c = r2(facts)
            return (a[0] and b[0] and c[0], (a, b, c))

        return run3
    if len(runs) == 4:  # noqa: PLR2004  # the unrolled sizes
        r0, r1, r2, r3 = runs

        def run4(facts: Facts) -> Record:
            a = r0(facts)
            b = r1(facts)
            c = r2(facts)
            d = r3(facts)
            return (a[0] and b[0] and c[0] and d[0], (a, b, c, d))

        return run4

    def run(facts: Facts) -> Record:
        records = tuple([r(facts) for r in runs])
        return (all(rec[0] for rec in records), records)

    return run


def _any_runner(runs: tuple[Run, ...]) -> Run:
    if len(runs) == 2:  # noqa: PLR2004  # the unrolled size: "this or that"
        r0, r1 = runs

        def run2(facts: Facts) -> Record:
            a = r0(facts)
            b = r1(facts)
            return (a[0] or b[0], (a, b))

        return run2

    def run(facts: Facts) -> Record:
        records = tuple([r(facts) for r in runs])
        return (any(rec[0] for rec in records), records)

    return run


def _children(rules: tuple[object, ...], kind: str) -> tuple[_Node, ...]:
    if not rules:
        raise InvalidDefinitionError.one(kind, "empty", "needs at least one rule")
    return tuple(_as_node(rule, f"{kind}[{i}]") for i, rule in enumerate(rules))


@attrs.frozen
class AllOf(_Node):
    """Passes when every rule passes; built by `all_of`."""

    rules: tuple[_Node, ...]
    label: str | None = attrs.field(default=None, validator=_label)
    name: str = attrs.field(init=False, eq=False)
    _run: Run = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "name", self.label or "all_of")
        object.__setattr__(self, "_run", _all_runner(tuple(r._run for r in self.rules)))  # noqa: SLF001

    def _trace(self, record: Record, decisive: bool) -> Trace:  # noqa: FBT001  # private
        passed, records = record
        children = tuple(
            node._trace(rec, passed or not rec[0])  # noqa: SLF001  # kernel
            for node, rec in zip(self.rules, records, strict=True)
        )
        return make_trace(self.name, passed, decisive, (), children)

    def _failed(self, record: Record) -> tuple[Reason, ...]:
        out: list[Reason] = []
        for node, rec in zip(self.rules, record[1], strict=True):
            if not rec[0]:
                out.extend(node._failed(rec))  # noqa: SLF001  # kernel
        return tuple(out)

    def _held(self, record: Record) -> tuple[Reason, ...]:
        out: list[Reason] = []
        for node, rec in zip(self.rules, record[1], strict=True):
            out.extend(node._held(rec))  # noqa: SLF001  # kernel
        return tuple(out)


@attrs.frozen
class AnyOf(_Node):
    """Passes when at least one rule passes; built by `any_of`."""

    rules: tuple[_Node, ...]
    label: str | None = attrs.field(default=None, validator=_label)
    name: str = attrs.field(init=False, eq=False)
    _run: Run = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "name", self.label or "any_of")
        object.__setattr__(self, "_run", _any_runner(tuple(r._run for r in self.rules)))  # noqa: SLF001

    def _trace(self, record: Record, decisive: bool) -> Trace:  # noqa: FBT001  # private
        passed, records = record
        children = tuple(
            node._trace(rec, not passed or rec[0])  # noqa: SLF001  # kernel
            for node, rec in zip(self.rules, records, strict=True)
        )
        return make_trace(self.name, passed, decisive, (), children)

    def _failed(self, record: Record) -> tuple[Reason, ...]:
        out: list[Reason] = []
        for node, rec in zip(self.rules, record[1], strict=True):
            out.extend(node._failed(rec))  # noqa: SLF001  # kernel
        return tuple(out)

    def _held(self, record: Record) -> tuple[Reason, ...]:
        out: list[Reason] = []
        for node, rec in zip(self.rules, record[1], strict=True):
            if rec[0]:
                out.extend(node._held(rec))  # noqa: SLF001  # kernel
        return tuple(out)


@attrs.frozen
class Not(_Node):
    """Passes when its rule fails; built by `not_`. Its reasons say what held."""

    rule: _Node
    label: str | None = attrs.field(default=None, validator=_label)
    name: str = attrs.field(init=False, eq=False)
    _run: Run = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        inner = self.rule._run  # noqa: SLF001  # kernel

        def run(facts: Facts) -> Record:
            rec = inner(facts)
            return (not rec[0], rec)

        object.__setattr__(self, "name", self.label or "not")
        object.__setattr__(self, "_run", run)

    def _trace(self, record: Record, decisive: bool) -> Trace:  # noqa: FBT001  # private
        child = self.rule._trace(record[1], True)  # noqa: SLF001, FBT003  # always decisive
        return make_trace(self.name, record[0], decisive, (), (child,))

    def _failed(self, record: Record) -> tuple[Reason, ...]:
        return self.rule._held(record[1])  # noqa: SLF001  # kernel

    def _held(self, record: Record) -> tuple[Reason, ...]:
        return self.rule._failed(record[1])  # noqa: SLF001  # kernel


@attrs.frozen
class Ref(_Node):
    """A rule taken by name from a registry when rules are loaded from data."""

    ref: str
    rule: _Node = attrs.field(eq=False, repr=False)
    name: str = attrs.field(init=False, eq=False)
    _run: Run = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "name", f"ref({self.ref})")
        object.__setattr__(self, "_run", self.rule._run)  # noqa: SLF001  # kernel

    def _trace(self, record: Record, decisive: bool) -> Trace:  # noqa: FBT001  # private
        child = self.rule._trace(record, True)  # noqa: SLF001, FBT003  # kernel
        return make_trace(self.name, record[0], decisive, (), (child,))

    def _failed(self, record: Record) -> tuple[Reason, ...]:
        return self.rule._failed(record)  # noqa: SLF001  # kernel

    def _held(self, record: Record) -> tuple[Reason, ...]:
        return self.rule._held(record)  # noqa: SLF001  # kernel


def all_of(*rules: Rule, name: str | None = None) -> Rule:
    """Return a rule that passes when every one of *rules* passes.

    Every child is evaluated (no short-circuit), so a failure lists every unmet condition.
    In the trace, a failing child of a failed `all_of` is decisive and a passing one is not.

    Examples:
        >>> from casekit.rules import all_of, count_below, flag
        >>> rule = all_of(flag("referred"), count_below(20, fact="visits"), name="covered")
        >>> out = rule.evaluate({"referred": False, "visits": 25})
        >>> out.passed, [r.code for r in out.reasons]
        (False, ['rules.flag_not_set', 'rules.count_at_limit'])
        >>> rule.evaluate({"referred": True, "visits": 3}).passed
        True
    """
    return AllOf(_children(rules, "all_of"), name)


def any_of(*rules: Rule, name: str | None = None) -> Rule:
    """Return a rule that passes when at least one of *rules* passes.

    When it fails, its reasons are those of every alternative. In the trace of a passed
    `any_of`, the passing children are decisive and the failing ones are not.

    Examples:
        >>> from casekit.rules import any_of, flag, not_
        >>> rule = any_of(not_(flag("auth_required")), flag("auth_on_file"))
        >>> rule.evaluate({"auth_required": True, "auth_on_file": False}).messages()
        ('auth_required is set', 'auth_on_file is not set')
        >>> rule.evaluate({"auth_required": True, "auth_on_file": True}).passed
        True
    """
    return AnyOf(_children(rules, "any_of"), name)


def not_(rule: Rule, *, name: str | None = None) -> Rule:
    """Return a rule that passes when *rule* fails; when it fails, its reasons say what held.

    ``not_(not_(r))`` gives the same result and reasons as ``r``.

    Examples:
        >>> from casekit.rules import count_below, not_
        >>> out = not_(count_below(3, fact="falls")).evaluate({"falls": 1})
        >>> out.passed, out.messages()
        (False, ('falls is below its limit of 3',))
    """
    return Not(_as_node(rule, "not"), name)


__all__ = ["AllOf", "AnyOf", "Foreign", "Not", "Ref", "all_of", "any_of", "not_"]
