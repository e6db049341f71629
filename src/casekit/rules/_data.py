"""Rules as data: a closed vocabulary, loaded with every problem listed and dumped back.

A rule is a mapping with exactly one kind key (plus ``name`` on combinators)::

    {"all_of": [rule, ...], "name": "covered"}        {"any_of": [rule, ...]}
    {"not": rule}                                     {"ref": "registered_rule"}
    {"code_in": {"fact": "code", "set": "office_visits", "on_fact": "on"}}
    {"code_in": {"fact": "diagnosis", "set": "screening_dx", "private": true}}
    {"date_in": {"fact": "on", "start": "2024-01-01", "end": "2024-12-31"}}
    {"date_in": {"fact": "on", "period_fact": "policy_period"}}
    {"age_between": {"fact": "age", "at_least": 18, "at_most": 64, "private": true}}
    {"sex_in": {"fact": "sex", "values": ["female"]}}
    {"count_below": {"fact": "visits_used", "limit": 20}}
    {"amount_at_most": {"fact": "amount", "limit": "500.00", "currency": "USD"}}
    {"has_authorization": {"fact": "authorizations", "code_fact": "code", "on_fact": "on"}}
    {"flag": {"fact": "prior_auth_required"}}

``fact`` is always required; other keys are optional where a default is shown by the Python
function of the same name. `dump_rules` leaves out optional keys that hold their default, so
``dump_rules(load_rules(doc)) == doc`` for a document written that way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable, Mapping
from typing import Any, Final

from casekit import _validate as v
from casekit._validate import MAX_SAFE_INTEGER, TOO_LARGE
from casekit.errors import CaseKitError, InvalidDefinitionError, Problem
from casekit.limits import refuse_oversized
from casekit.money import Money
from casekit.periods import DATE_MAX, DateRange
from casekit.rules._combinators import AllOf, AnyOf, Foreign, Not, Ref, _as_node
from casekit.rules._predicates import (
    SEXES,
    AgeBetween,
    AmountAtMost,
    CodeIn,
    CountBelow,
    DateIn,
    Flag,
    HasAuthorization,
    SexIn,
)
from casekit.rules._rule import Rule, _Node

MAX_DEPTH: Final = 32
"""How deeply rules may nest in a document; deeper documents are refused, not recursed."""

_COMBINATORS: Final = ("all_of", "any_of", "not", "ref")
_LEAVES: Final = (
    "age_between",
    "amount_at_most",
    "code_in",
    "count_below",
    "date_in",
    "flag",
    "has_authorization",
    "sex_in",
)
_KINDS: Final = ", ".join((*_COMBINATORS, *_LEAVES))
_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")


def _join(path: str, part: str) -> str:
    return f"{path}.{part}" if path else part


class _Loader:
    def __init__(self, code_sets: Mapping[str, Container[Any]], rules: Mapping[str, Rule]) -> None:
        self.code_sets = code_sets
        self.rules = rules
        self.problems: list[Problem] = []

    def problem(self, path: str, code: str, message: str) -> None:
        self.problems.append(Problem(path, code, message))

    def rule(self, data: object, path: str, depth: int) -> _Node | None:
        if depth > MAX_DEPTH:
            self.problem(
                path or "rule", "too_deep", f"nests deeper than {MAX_DEPTH} levels; flatten it"
            )
            return None
        if not isinstance(data, Mapping):
            self.problem(path or "rule", "type", f"must be a mapping with one of: {_KINDS}")
            return None
        kinds = [k for k in data if k in _COMBINATORS or k in _LEAVES]
        if len(kinds) != 1:
            self.problem(path or "rule", "kind", f"must have exactly one of: {_KINDS}")
            return None
        kind: str = kinds[0]
        allowed = {kind, "name"} if kind in ("all_of", "any_of", "not") else {kind}
        self.unknown_keys(data, allowed, path)
        label = self.label(data, path) if "name" in allowed else None
        return self.node(kind, data[kind], _join(path, kind), depth, label)

    def node(self, kind: str, body: object, here: str, depth: int, label: object) -> _Node | None:
        if kind in ("all_of", "any_of"):
            return self.many(kind, body, here, depth, label)
        if kind == "not":
            inner = self.rule(body, here, depth + 1)
            return None if inner is None or label is False else Not(inner, label)  # type: ignore[arg-type]  # str or None here
        if kind == "ref":
            return self.ref(body, here)
        return self.leaf(kind, body, here)

    def unknown_keys(self, data: Mapping[Any, Any], allowed: Container[str], path: str) -> None:
        self.problems.extend(
            Problem.unknown_key(_join(path, v.shown_key(extra)))
            for extra in data
            if extra not in allowed
        )

    def label(self, data: Mapping[Any, Any], path: str) -> str | bool | None:
        if "name" not in data:
            return None
        name = data["name"]
        if type(name) is not str or not name.strip() or len(name) > 200:  # noqa: PLR2004
            self.problem(_join(path, "name"), "type", "must be text of 1-200 characters")
            return False
        return name

    def many(self, kind: str, body: object, here: str, depth: int, label: object) -> _Node | None:
        if not isinstance(body, list | tuple) or not body:
            self.problem(here, "type", "must be a non-empty list of rules")
            return None
        children = [self.rule(item, f"{here}[{i}]", depth + 1) for i, item in enumerate(body)]
        if label is False or any(c is None for c in children):
            return None
        nodes: tuple[_Node, ...] = tuple(c for c in children if c is not None)
        name: str | None = label  # type: ignore[assignment]  # str or None once False is out
        return AllOf(nodes, name) if kind == "all_of" else AnyOf(nodes, name)

    def ref(self, body: object, here: str) -> _Node | None:
        if type(body) is not str:
            self.problem(here, "type", "must be the name of a registered rule")
            return None
        if body not in self.rules:
            known = ", ".join(sorted(self.rules)) or "none registered"
            self.problem(here, "unknown_rule", f"must name a rule passed in rules= ({known})")
            return None
        target = self.rules[body]
        node = target if isinstance(target, _Node) else Foreign(target)
        return Ref(body, node)

    def leaf(self, kind: str, body: object, here: str) -> _Node | None:
        if not isinstance(body, Mapping):
            self.problem(here, "type", "must be a mapping of the predicate's fields")
            return None
        spec = _SPECS[kind]
        self.unknown_keys(body, spec.fields, here)
        before = len(self.problems)
        args: dict[str, Any] = {}
        for name, (check, required) in spec.fields.items():
            if name not in body:
                if required:
                    self.problem(_join(here, name), "missing", "is required")
                continue
            value = check(self, body[name], _join(here, name))
            if value is not _BAD:
                args[name] = value
        if len(self.problems) > before:
            return None
        try:
            return spec.build(self, args, here)
        except CaseKitError as error:
            for p in getattr(error, "problems", ()):
                self.problem(_join(here, p.path), p.code, p.message)
            return None


_BAD: Final = object()
Check = Callable[[_Loader, object, str], object]


def _fact(loader: _Loader, value: object, path: str) -> object:
    if type(value) is not str or not value.isidentifier():
        loader.problem(path, "fact_name", "must be a fact name: letters, digits and _")
        return _BAD
    return value


def _count(loader: _Loader, value: object, path: str) -> object:
    if type(value) is not int or value < 0:
        loader.problem(path, "type", "must be an int ≥ 0")
        return _BAD
    if value > MAX_SAFE_INTEGER:
        loader.problem(path, "too_large", TOO_LARGE)
        return _BAD
    return value


def _bool(loader: _Loader, value: object, path: str) -> object:
    if type(value) is not bool:
        loader.problem(path, "type", "must be true or false")
        return _BAD
    return value


def _date(loader: _Loader, value: object, path: str) -> object:
    if type(value) is not str or not _DATE.fullmatch(value):
        loader.problem(path, "type", 'must be a date written YYYY-MM-DD, such as "2024-01-31"')
        return _BAD
    return value


def _text(loader: _Loader, value: object, path: str) -> object:
    if type(value) is not str or not value or len(value) > 200:  # noqa: PLR2004
        loader.problem(path, "type", "must be text of 1-200 characters")
        return _BAD
    return value


def _sexes(loader: _Loader, value: object, path: str) -> object:
    if (
        not isinstance(value, list | tuple)
        or not value
        or not all(isinstance(v, str) and v in SEXES for v in value)
    ):
        loader.problem(path, "type", "must be a list of male, female, other, unknown")
        return _BAD
    return value


def _code_set(loader: _Loader, value: object, path: str) -> object:
    if type(value) is not str:
        loader.problem(path, "type", "must be the name of a code set")
        return _BAD
    if value not in loader.code_sets:
        known = ", ".join(sorted(loader.code_sets)) or "none registered"
        loader.problem(path, "unknown_code_set", f"must name a set passed in code_sets= ({known})")
        return _BAD
    return value


class _Spec:
    def __init__(
        self,
        fields: dict[str, tuple[Check, bool]],
        build: Callable[[_Loader, dict[str, Any], str], _Node | None],
    ) -> None:
        self.fields = fields
        self.build = build


def _build_code_in(loader: _Loader, a: dict[str, Any], _here: str) -> _Node:
    code_set = loader.code_sets[a["set"]]
    on_fact = a.get("on_fact")
    if on_fact is not None and not callable(getattr(code_set, "contains", None)):
        raise InvalidDefinitionError.one(
            "on_fact", "not_dated", "the code set needs contains(code, on=day) to use on_fact"
        )
    return CodeIn(a["set"], code_set, a["fact"], on_fact, a.get("private", False))


def _build_date_in(loader: _Loader, a: dict[str, Any], here: str) -> _Node | None:
    has_fact = "period_fact" in a
    if has_fact == ("start" in a) or (has_fact and "end" in a):
        loader.problem(here, "one_of", "give either start (and end) or period_fact")
        return None
    private = a.get("private", False)
    if has_fact:
        return DateIn(None, a["fact"], a["period_fact"], private)
    end = a.get("end")
    period = DateRange.of(a["start"], end) if end else DateRange.starting(a["start"])
    return DateIn(period, a["fact"], None, private)


def _build_age(loader: _Loader, a: dict[str, Any], here: str) -> _Node | None:
    low, high = a.get("at_least"), a.get("at_most")
    if low is None and high is None:
        loader.problem(here, "missing", "give at_least, at_most or both")
        return None
    if low is not None and high is not None and low > high:
        loader.problem(_join(here, "at_most"), "range_order", "must be at least at_least")
        return None
    return AgeBetween(low, high, a["fact"], a.get("private", True))


def _build_amount(_loader: _Loader, a: dict[str, Any], _here: str) -> _Node:
    try:
        limit = Money.of(a["limit"], a["currency"])
    except CaseKitError as error:
        # Money names its fields "amount" and "currency"; the document calls them otherwise.
        problems = getattr(error, "problems", ())
        raise InvalidDefinitionError(
            Problem("limit" if p.path == "amount" else p.path, p.code, p.message) for p in problems
        ) from None
    return AmountAtMost(limit, a["fact"])


_SPECS: Final[dict[str, _Spec]] = {
    "code_in": _Spec(
        {
            "fact": (_fact, True),
            "set": (_code_set, True),
            "on_fact": (_fact, False),
            "private": (_bool, False),
        },
        _build_code_in,
    ),
    "date_in": _Spec(
        {
            "fact": (_fact, True),
            "start": (_date, False),
            "end": (_date, False),
            "period_fact": (_fact, False),
            "private": (_bool, False),
        },
        _build_date_in,
    ),
    "age_between": _Spec(
        {
            "fact": (_fact, True),
            "at_least": (_count, False),
            "at_most": (_count, False),
            "private": (_bool, False),
        },
        _build_age,
    ),
    "sex_in": _Spec(
        {"fact": (_fact, True), "values": (_sexes, True), "private": (_bool, False)},
        lambda _l, a, _h: SexIn(tuple(sorted(set(a["values"]))), a["fact"], a.get("private", True)),
    ),
    "count_below": _Spec(
        {"fact": (_fact, True), "limit": (_count, True)},
        lambda _l, a, _h: CountBelow(a["limit"], a["fact"]),
    ),
    "amount_at_most": _Spec(
        {"fact": (_fact, True), "limit": (_text, True), "currency": (_text, True)},
        _build_amount,
    ),
    "has_authorization": _Spec(
        {"fact": (_fact, True), "code_fact": (_fact, False), "on_fact": (_fact, False)},
        lambda _l, a, _h: HasAuthorization(
            a["fact"], a.get("code_fact", "code"), a.get("on_fact", "on")
        ),
    ),
    "flag": _Spec({"fact": (_fact, True)}, lambda _l, a, _h: Flag(a["fact"])),
}


def load_rules(
    data: object,
    *,
    code_sets: Mapping[str, Container[Any]] | Iterable[Any] = (),
    rules: Mapping[str, Rule] | None = None,
) -> Rule:
    """Return the rule a document describes, compiled once into plain closures.

    Args:
        data: already-parsed JSON or YAML: mappings, lists, text, numbers, booleans.
        code_sets: the code sets documents may name, as a mapping from name to set or as
            `casekit.codes.CodeSet` objects (each under its ``name``).
        rules: rules documents may name with ``{"ref": name}``.

    Raises:
        InvalidDefinitionError: listing every problem found, each at its path (such as
            ``all_of[1].count_below.limit``); values are never shown. A rule document is a
            definition, so even a malformed one raises this and not `InvalidInputError`,
            which casekit keeps for the facts a rule is evaluated against. A *code_sets* or
            *rules* of the wrong shape is refused at ``code_sets`` or ``rules`` first, and a
            document past the ``nodes`` budget of `casekit.limits` (counted with YAML aliases
            expanded, without expanding them) with one ``too_large`` problem at ``rule``.

    Examples:
        >>> from casekit.rules import load_rules
        >>> doc = {"all_of": [{"flag": {"fact": "referred"}},
        ...                   {"count_below": {"fact": "visits_used", "limit": 20}}]}
        >>> load_rules(doc).evaluate({"referred": True, "visits_used": 20}).messages()
        ('visits_used has reached its limit of 20',)
        >>> load_rules({"all_of": [{"flag": {}}, {"count_below": {"fact": "v", "limit": -1}}]})
        Traceback (most recent call last):
        ...
        casekit.errors.InvalidDefinitionError: invalid definition (2 problems):
          all_of[0].flag.fact: is required
          all_of[1].count_below.limit: must be an int ≥ 0
    """
    loader = _Loader(_registry(code_sets), _rules(rules))
    refuse_oversized(data, path="rule", error=InvalidDefinitionError)
    node = loader.rule(data, "", 0)
    if loader.problems or node is None:
        raise InvalidDefinitionError(loader.problems)
    return node


def _registry(code_sets: Mapping[str, Container[Any]] | Iterable[Any]) -> dict[str, Any]:
    given: object = code_sets
    if isinstance(given, Mapping):
        for name, code_set in given.items():
            if not isinstance(name, str):
                raise InvalidDefinitionError.one(
                    "code_sets", "type", "must map each code set's name (text) to the set"
                )
            if not isinstance(code_set, Container):
                raise InvalidDefinitionError.one(
                    f"code_sets.{v.shown_key(name)}", "type", "must support `code in code_set`"
                )
        return dict(given)
    if isinstance(given, str) or not isinstance(given, Iterable):
        raise InvalidDefinitionError.one(
            "code_sets", "type", "must be a mapping of name to code set, or a list of CodeSets"
        )
    sets = list(given)
    for i, code_set in enumerate(sets):
        if type(getattr(code_set, "name", None)) is not str:
            raise InvalidDefinitionError.one(
                f"code_sets[{i}]", "type", "must be a CodeSet with a name, or pass a mapping"
            )
    return {code_set.name: code_set for code_set in sets}


def _rules(rules: object) -> dict[str, Rule]:
    if rules is None:
        return {}
    if not isinstance(rules, Mapping):
        raise InvalidDefinitionError.one("rules", "type", "must be a mapping of name to Rule")
    for name, rule in rules.items():
        if not isinstance(name, str):
            raise InvalidDefinitionError.one(
                "rules", "type", "must map each rule's name (text) to the rule"
            )
        _as_node(rule, f"rules.{v.shown_key(name)}")
    return dict(rules)


def load_rules_yaml(
    text: str,
    *,
    code_sets: Mapping[str, Container[Any]] | Iterable[Any] = (),
    rules: Mapping[str, Rule] | None = None,
) -> Rule:
    """Return the rule a YAML document describes (needs the ``casekit[yaml]`` extra).

    Raises:
        InvalidDefinitionError: as `load_rules`, or at ``yaml`` if the text is not YAML or
            holds a scalar Python cannot build (a number over 4,300 digits, day 0 of a month).

    Examples:
        >>> from casekit.rules import load_rules_yaml
        >>> rule = load_rules_yaml('''
        ... any_of:
        ...   - not: {flag: {fact: auth_required}}
        ...   - flag: {fact: auth_on_file}
        ... ''')
        >>> rule.evaluate({"auth_required": False, "auth_on_file": False}).passed
        True
    """
    try:
        import yaml  # noqa: PLC0415  # optional extra, imported when used
    except ImportError:
        raise ImportError("reading rules from YAML needs PyYAML: pip install 'casekit[yaml]'")  # noqa: B904  # the hint replaces the cause
    if type(text) is not str:
        raise InvalidDefinitionError.one("yaml", "type", "must be text")
    try:
        data = yaml.safe_load(text)
    except RecursionError:
        raise InvalidDefinitionError.one(
            "yaml", "too_deep", "nests too deeply to be read"
        ) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise InvalidDefinitionError.one(
            "yaml", "yaml_syntax", f"is not valid YAML{where}"
        ) from None
    except (ValueError, OverflowError):
        # The YAML is well formed but a scalar cannot become a Python value: int() refuses
        # 4,300 digits and more, date() refuses a month 13.
        raise InvalidDefinitionError.one(
            "yaml", "yaml_value", "holds a number or date too large or impossible to read"
        ) from None
    return load_rules(data, code_sets=code_sets, rules=rules)


def dump_rules(rule: Rule) -> dict[str, Any]:
    """Return the document `load_rules` reads back as an equal rule.

    Raises:
        InvalidDefinitionError: at the path of a rule that is not data (one written in
            Python, such as a `predicate`); register it and refer to it with ``ref``.

    Examples:
        >>> from casekit.rules import count_below, dump_rules, flag, not_, any_of
        >>> dump_rules(any_of(not_(flag("auth_required")), count_below(3, fact="n")))
        {'any_of': [{'not': {'flag': {'fact': 'auth_required'}}},
                    {'count_below': {'fact': 'n', 'limit': 3}}]}
    """
    return _dump(rule, "")


def _dump(rule: object, path: str) -> dict[str, Any]:
    dumper = _DUMPERS.get(type(rule))
    if dumper is None:
        raise InvalidDefinitionError.one(
            path or "rule",
            "not_data",
            "is written in Python, not data; pass it in rules= and use {'ref': name}",
        )
    return dumper(rule, path)


def _dump_many(rule: AllOf | AnyOf, path: str) -> dict[str, Any]:
    kind = "all_of" if isinstance(rule, AllOf) else "any_of"
    items = [_dump(r, f"{_join(path, kind)}[{i}]") for i, r in enumerate(rule.rules)]
    return _named({kind: items}, rule.label)


def _dump_not(rule: Not, path: str) -> dict[str, Any]:
    return _named({"not": _dump(rule.rule, _join(path, "not"))}, rule.label)


def _dump_code_in(rule: CodeIn, _path: str) -> dict[str, Any]:
    body: dict[str, Any] = {"fact": rule.fact, "set": rule.set_name}
    if rule.on_fact is not None:
        body["on_fact"] = rule.on_fact
    if rule.private:
        body["private"] = True
    return {"code_in": body}


def _dump_date_in(rule: DateIn, _path: str) -> dict[str, Any]:
    body: dict[str, Any] = {"fact": rule.fact}
    if rule.period is None:
        body["period_fact"] = rule.period_fact
    else:
        body["start"] = rule.period.start.isoformat()
        if rule.period.end != DATE_MAX:
            body["end"] = rule.period.end.isoformat()
    if rule.private:
        body["private"] = True
    return {"date_in": body}


def _dump_age(rule: AgeBetween, _path: str) -> dict[str, Any]:
    bounds = (("at_least", rule.at_least), ("at_most", rule.at_most))
    body: dict[str, Any] = {"fact": rule.fact} | {k: v for k, v in bounds if v is not None}
    if not rule.private:
        body["private"] = False
    return {"age_between": body}


def _dump_sex(rule: SexIn, _path: str) -> dict[str, Any]:
    body: dict[str, Any] = {"fact": rule.fact, "values": list(rule.allowed)}
    if not rule.private:
        body["private"] = False
    return {"sex_in": body}


def _dump_amount(rule: AmountAtMost, _path: str) -> dict[str, Any]:
    limit = rule.limit
    body = {"fact": rule.fact, "limit": str(limit.amount), "currency": limit.currency}
    return {"amount_at_most": body}


def _dump_auth(rule: HasAuthorization, _path: str) -> dict[str, Any]:
    body: dict[str, Any] = {"fact": rule.fact}
    if rule.code_fact != "code":
        body["code_fact"] = rule.code_fact
    if rule.on_fact != "on":
        body["on_fact"] = rule.on_fact
    return {"has_authorization": body}


_DUMPERS: Final[dict[type, Callable[[Any, str], dict[str, Any]]]] = {
    AllOf: _dump_many,
    AnyOf: _dump_many,
    Not: _dump_not,
    Ref: lambda rule, _path: {"ref": rule.ref},
    CodeIn: _dump_code_in,
    DateIn: _dump_date_in,
    AgeBetween: _dump_age,
    SexIn: _dump_sex,
    CountBelow: lambda rule, _path: {"count_below": {"fact": rule.fact, "limit": rule.limit}},
    AmountAtMost: _dump_amount,
    HasAuthorization: _dump_auth,
    Flag: lambda rule, _path: {"flag": {"fact": rule.fact}},
}


def _named(doc: dict[str, Any], label: str | None) -> dict[str, Any]:
    if label is not None:
        doc["name"] = label
    return doc


__all__ = ["MAX_DEPTH", "dump_rules", "load_rules", "load_rules_yaml"]
