"""The rule kernel's error contract: every refusal names its path, a stable code and the fix.

Applications show these problems to the people who wrote a rule or a parameter table, and
match on ``code``; each case below pins the whole problem, so a changed path, code or message
is a deliberate change (found by mutation testing, see docs/mutation.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pendulum
import pytest

from casekit.errors import InvalidDefinitionError, InvalidInputError, Problem
from casekit.money import Money
from casekit.periods import DateRange
from casekit.rules import (
    DatedParameter,
    Outcome,
    ParameterHistory,
    Reason,
    Trace,
    age_between,
    all_of,
    amount_at_most,
    code_in,
    count_below,
    date_in,
    flag,
    has_authorization,
    load_parameter_table,
    load_rules,
    load_rules_yaml,
    not_,
    predicate,
    sex_in,
)

D = pendulum.date(2024, 1, 1)
REASON = Reason.of("custom.refused")


def _problems(call: Callable[[], object], error: type[Exception]) -> list[tuple[str, str, str]]:
    with pytest.raises(error) as caught:
        call()
    return [tuple(p) for p in caught.value.problems]  # type: ignore[attr-defined]


class Named:
    """A custom rule that breaks the protocol: evaluate returns a bool, not an Outcome."""

    name = "named"

    def evaluate(self, _facts: object, /) -> object:
        return True


INPUT_ERRORS: list[tuple[str, Callable[[], object], list[tuple[str, str, str]]]] = [
    ("outcome passed", lambda: Outcome("yes"), [("passed", "type", "must be True or False")]),  # type: ignore[arg-type]
    (
        "outcome reasons",
        lambda: Outcome(False, [object()]),  # type: ignore[list-item]
        [("reasons", "type", "must be Reason objects")],
    ),
    (
        "outcome mismatch",
        lambda: Outcome(True, [REASON]),
        [
            (
                "reasons",
                "reasons_mismatch",
                "give at least one reason when failed, and none when passed",
            )
        ],
    ),
    (
        "outcome trace",
        lambda: Outcome(True, trace="t"),  # type: ignore[arg-type]
        [("trace", "type", "must be a Trace")],
    ),
    (
        "trace every field",
        lambda: Trace(1, "no", None, [("a", "b")], [1]),  # type: ignore[arg-type]
        [
            ("rule", "type", "must be text"),
            ("passed", "type", "must be True or False"),
            ("decisive", "type", "must be True or False"),
            ("inputs", "type", "must be a tuple of (name, text) pairs"),
            ("children", "type", "must be a tuple of Trace"),
        ],
    ),
    (
        "reason params",
        lambda: Reason("x", (("n", 1.5),)),  # type: ignore[arg-type]
        [("params", "type", "must be (name, text or int) pairs; pass amounts as strings")],
    ),
    (
        "dated parameter date",
        lambda: DatedParameter(pendulum.datetime(2024, 1, 1), 1),
        [("effective_from", "type", "must be a date, not a datetime")],
    ),
    (
        "dated parameter source",
        lambda: DatedParameter(D, 1, 7),  # type: ignore[arg-type]
        [("source", "type", "must be text (a citation or URL)")],
    ),
    (
        "history name",
        lambda: ParameterHistory(" ", (DatedParameter(D, 1),)),
        [("name", "type", "must be non-empty text")],
    ),
    (
        "history values text",
        lambda: ParameterHistory("x", "abc"),  # type: ignore[arg-type]
        [("values", "type", "must be a list of DatedParameter")],
    ),
    (
        "history values items",
        lambda: ParameterHistory("x", (1,)),  # type: ignore[arg-type]
        [("values", "type", "must be a list of DatedParameter")],
    ),
    (
        "history empty",
        lambda: ParameterHistory("x", ()),
        [("values", "empty", "needs at least one dated value")],
    ),
    (
        "history duplicate",
        lambda: ParameterHistory("x", (DatedParameter(D, 1), DatedParameter(D, 2))),
        [("values", "duplicate_date", "must not give two values in effect from the same date")],
    ),
    (
        "history on a datetime",
        lambda: ParameterHistory.of("x", {D: 1}).on(pendulum.datetime(2024, 2, 1)),
        [("on", "type", "must be a date, not a datetime")],
    ),
    (
        "history before first",
        lambda: ParameterHistory.of("x", {D: 1}).on(pendulum.date(2023, 1, 1)),
        [("on", "before_first_value", "is before the first value of x, in effect from 2024-01-01")],
    ),
]


@pytest.mark.parametrize(
    ("call", "expected"), [c[1:] for c in INPUT_ERRORS], ids=[c[0] for c in INPUT_ERRORS]
)
def test_invalid_input_names_every_problem_exactly(
    call: Callable[[], object], expected: list[tuple[str, str, str]]
) -> None:
    """Bad values for the kernel's types give each problem's path, code and message."""
    assert _problems(call, InvalidInputError) == expected


def test_a_non_string_name_with_a_text_value_is_not_a_trace_input() -> None:
    """Trace inputs are (name, text) pairs: a number as name, or a triple, is refused."""
    for inputs in ((1, "a"),), (("a", 1),), (("a", "b", "c"),), ("ab",):
        with pytest.raises(InvalidInputError) as caught:
            Trace("r", True, True, inputs)  # type: ignore[arg-type]
        assert [p.path for p in caught.value.problems] == ["inputs"]


def test_children_must_be_a_tuple_not_a_list_of_traces() -> None:
    """A list of valid traces is still refused as children; only a tuple is kept."""
    with pytest.raises(InvalidInputError) as caught:
        Trace("r", True, True, (), [Trace("c", True)])  # type: ignore[arg-type]
    assert [p.path for p in caught.value.problems] == ["children"]
    with pytest.raises(InvalidInputError):
        Trace("r", True, True, [("a", "b")])  # type: ignore[arg-type]


DEFINITION_ERRORS: list[tuple[str, Callable[[], object], list[tuple[str, str, str]]]] = [
    (
        "predicate name",
        lambda: predicate(" ", bool, reads=["x"], reason=REASON),
        [("name", "type", "must be non-empty text")],
    ),
    (
        "predicate test",
        lambda: predicate("p", 1, reads=["x"], reason=REASON),  # type: ignore[arg-type]
        [("test", "type", "must be a function returning a bool")],
    ),
    (
        "predicate reads",
        lambda: predicate("p", bool, reads=["x", "1y"], reason=REASON),
        [
            (
                "reads[1]",
                "fact_name",
                "must be a fact name: letters, digits and _, not starting a digit",
            )
        ],
    ),
    (
        "predicate reason",
        lambda: predicate("p", bool, reads=["x"], reason="no"),  # type: ignore[arg-type]
        [("reason", "type", "must be a Reason")],
    ),
    (
        "predicate held reason",
        lambda: predicate("p", bool, reads=["x"], reason=REASON, held_reason="no"),  # type: ignore[arg-type]
        [("held_reason", "type", "must be a Reason")],
    ),
    (
        "predicate test result",
        lambda: predicate("p", lambda x: x, reads=["x"], reason=REASON).evaluate({"x": 1}),
        [("p", "not_bool", "the predicate's test must return True or False")],
    ),
    (
        "code_in set name",
        lambda: code_in(frozenset({"A"})),
        [("set_name", "type", "name the code set: give set_name or a CodeSet with a name")],
    ),
    (
        "code_in container",
        lambda: code_in(1, set_name="s"),  # type: ignore[arg-type]
        [("code_set", "type", "must support `code in code_set`")],
    ),
    (
        "code_in on_fact undated",
        lambda: code_in(frozenset({"A"}), set_name="s", on_fact="on"),
        [("on_fact", "not_dated", "the code set needs contains(code, on=day) to use on_fact")],
    ),
    (
        "code_in on_fact name",
        lambda: code_in(frozenset({"A"}), set_name="s", on_fact="2on"),
        [
            (
                "on_fact",
                "fact_name",
                "must be a fact name: letters, digits and _, not starting a digit",
            )
        ],
    ),
    (
        "date_in neither",
        date_in,
        [("period", "one_of", "give either a period or a period_fact, not both or neither")],
    ),
    (
        "date_in period type",
        lambda: date_in("2024"),  # type: ignore[arg-type]
        [("period", "type", "must be a DateRange")],
    ),
    (
        "date_in period_fact",
        lambda: date_in(period_fact=""),
        [
            (
                "period_fact",
                "fact_name",
                "must be a fact name: letters, digits and _, not starting a digit",
            )
        ],
    ),
    (
        "age bound",
        lambda: age_between(at_least=-1),
        [("at_least", "type", "must be a whole number ≥ 0 or None")],
    ),
    (
        "age upper bound",
        lambda: age_between(at_most=True),  # type: ignore[arg-type]
        [("at_most", "type", "must be a whole number ≥ 0 or None")],
    ),
    (
        "age neither",
        age_between,
        [("at_least", "missing", "give at_least, at_most or both")],
    ),
    (
        "age order",
        lambda: age_between(at_least=5, at_most=4),
        [("at_most", "range_order", "must be at least at_least")],
    ),
    (
        "age private",
        lambda: age_between(at_least=5, private=1),  # type: ignore[arg-type]
        [("private", "type", "must be true or false")],
    ),
    (
        "sex allowed",
        lambda: sex_in(["female", "f"]),
        [("allowed", "sex", "must be one or more of male, female, other, unknown")],
    ),
    (
        "sex none",
        lambda: sex_in([]),
        [("allowed", "sex", "must be one or more of male, female, other, unknown")],
    ),
    (
        "count limit",
        lambda: count_below(-1, fact="n"),
        [("limit", "type", "must be a whole number ≥ 0")],
    ),
    ("amount limit", lambda: amount_at_most(5), [("limit", "type", "must be Money")]),  # type: ignore[arg-type]
    (
        "authorization code_fact",
        lambda: has_authorization(code_fact="a b"),
        [
            (
                "code_fact",
                "fact_name",
                "must be a fact name: letters, digits and _, not starting a digit",
            )
        ],
    ),
    (
        "authorization on_fact",
        lambda: has_authorization(on_fact="a-b"),
        [
            (
                "on_fact",
                "fact_name",
                "must be a fact name: letters, digits and _, not starting a digit",
            )
        ],
    ),
    (
        "combinator child",
        lambda: all_of(flag("a"), 3),  # type: ignore[arg-type]
        [
            (
                "all_of[1]",
                "not_a_rule",
                "must be a Rule: an object with a name and an evaluate method",
            )
        ],
    ),
    (
        "combinator name",
        lambda: not_(flag("a"), name=" "),
        [("name", "type", "must be non-empty text or None")],
    ),
    (
        "foreign outcome",
        lambda: all_of(Named()).evaluate({}),  # type: ignore[arg-type]
        [("named", "not_an_outcome", "evaluate must return an Outcome")],
    ),
    (
        "table type",
        lambda: load_parameter_table([], name="t"),  # type: ignore[arg-type]
        [("$", "type", "must be a mapping of year to values")],
    ),
    (
        "table row",
        lambda: load_parameter_table({"2024": 5}, name="t", currency="USD"),
        [("2024", "type", "must be a mapping of field to amount")],
    ),
    (
        "table source",
        lambda: load_parameter_table({"2024": {"x": "1", "source": 3}}, name="t", currency="USD"),
        [("2024.source", "type", "must be text (a citation or URL)")],
    ),
    (
        "table amount",
        lambda: load_parameter_table({"2024": {"x": "1.5.0"}}, name="t", currency="USD"),
        [("2024.x", "amount", "must be a decimal string such as 12.50")],
    ),
    (
        "table currency",
        lambda: load_parameter_table({"_unit": "dollars", "2024": {"x": "1"}}, name="t"),
        [("_unit", "currency", "give currency= or a _unit starting USD")],
    ),
    (
        "table currency argument",
        lambda: load_parameter_table({"2024": {"x": "1"}}, name="t", currency="usd"),
        [("_unit", "currency", "give currency= or a _unit starting USD")],
    ),
    (
        "table blank unit",
        lambda: load_parameter_table({"_unit": " ", "2024": {"x": "1"}}, name="t"),
        [("_unit", "currency", "give currency= or a _unit starting USD")],
    ),
]


@pytest.mark.parametrize(
    ("call", "expected"),
    [c[1:] for c in DEFINITION_ERRORS],
    ids=[c[0] for c in DEFINITION_ERRORS],
)
def test_invalid_definitions_name_every_problem_exactly(
    call: Callable[[], object], expected: list[tuple[str, str, str]]
) -> None:
    """Rules and tables that cannot work give each problem's path, code and message."""
    assert _problems(call, InvalidDefinitionError) == expected


FACT_ERRORS: list[tuple[str, Any, dict[str, object], tuple[str, str, str]]] = [
    (
        "flag missing",
        flag("f"),
        {},
        ("facts.f", "missing", "is required by the rule; add it to the facts"),
    ),
    ("flag type", flag("f"), {"f": 1}, ("facts.f", "type", "must be true or false")),
    (
        "count type",
        count_below(3, fact="n"),
        {"n": "2"},
        ("facts.n", "type", "must be a whole number"),
    ),
    (
        "count missing",
        count_below(3, fact="n"),
        {},
        ("facts.n", "missing", "is required by the rule; add it to the facts"),
    ),
    (
        "age type",
        age_between(at_least=1),
        {"age": 1.5},
        ("facts.age", "type", "must be a whole number of years"),
    ),
    (
        "age missing",
        age_between(at_least=1),
        {},
        ("facts.age", "missing", "is required by the rule; add it to the facts"),
    ),
    (
        "sex type",
        sex_in(["male"]),
        {"sex": 1},
        ("facts.sex", "type", "must be an administrative sex code"),
    ),
    (
        "sex missing",
        sex_in(["male"]),
        {},
        ("facts.sex", "missing", "is required by the rule; add it to the facts"),
    ),
    (
        "amount currency",
        amount_at_most(Money.of("5", "USD")),
        {"amount": Money.of("1", "EUR")},
        ("facts.amount", "type", "must be Money in USD"),
    ),
    (
        "amount missing",
        amount_at_most(Money.of("5", "USD")),
        {},
        ("facts.amount", "missing", "is required by the rule; add it to the facts"),
    ),
    (
        "date type",
        date_in(DateRange.of("2024-01-01", "2024-12-31")),
        {"on": "2024-01-01"},
        ("facts.on", "type", "must be a date"),
    ),
    (
        "date datetime",
        date_in(DateRange.of("2024-01-01", "2024-12-31")),
        {"on": pendulum.datetime(2024, 1, 1)},
        ("facts.on", "type", "must be a date"),
    ),
    (
        "date missing",
        date_in(DateRange.of("2024-01-01", "2024-12-31")),
        {},
        ("facts.on", "missing", "is required by the rule; add it to the facts"),
    ),
    (
        "period missing",
        date_in(period_fact="p"),
        {"on": D},
        ("facts.p", "missing", "is required by the rule; add it to the facts"),
    ),
    (
        "period on missing",
        date_in(period_fact="p"),
        {"p": DateRange.of("2024-01-01", "2024-12-31")},
        ("facts.on", "missing", "is required by the rule; add it to the facts"),
    ),
    (
        "period type",
        date_in(period_fact="p"),
        {"on": D, "p": "2024"},
        ("facts.p", "type", "must be a DateRange"),
    ),
    (
        "period on type",
        date_in(period_fact="p"),
        {"on": "x", "p": DateRange.of("2024-01-01", "2024-12-31")},
        ("facts.on", "type", "must be a date"),
    ),
    (
        "code missing",
        code_in(frozenset({"A"}), set_name="s"),
        {},
        ("facts.code", "missing", "is required by the rule; add it to the facts"),
    ),
    (
        "predicate missing",
        predicate("p", bool, reads=["a", "b"], reason=REASON),
        {"a": 1},
        ("facts.b", "missing", "is required by the rule; add it to the facts"),
    ),
    (
        "auths type",
        has_authorization(),
        {"authorizations": "x", "code": "c", "on": D},
        ("facts.authorizations", "type", "must be a tuple of authorisations"),
    ),
    (
        "auths items",
        has_authorization(),
        {"authorizations": (1,), "code": "c", "on": D},
        ("facts.authorizations", "type", "must be a tuple of authorisations"),
    ),
    (
        "auths on",
        has_authorization(),
        {"authorizations": (), "code": "c", "on": "2024-01-01"},
        ("facts.on", "type", "must be a date"),
    ),
    (
        "auths code missing",
        has_authorization(),
        {"authorizations": (), "on": D},
        ("facts.code", "missing", "is required by the rule; add it to the facts"),
    ),
    (
        "auths on missing",
        has_authorization(),
        {"authorizations": (), "code": "c"},
        ("facts.on", "missing", "is required by the rule; add it to the facts"),
    ),
    (
        "auths missing",
        has_authorization(),
        {"code": "c", "on": D},
        ("facts.authorizations", "missing", "is required by the rule; add it to the facts"),
    ),
]


@pytest.mark.parametrize(
    ("rule", "facts", "expected"), [c[1:] for c in FACT_ERRORS], ids=[c[0] for c in FACT_ERRORS]
)
def test_a_missing_or_mistyped_fact_is_named_without_its_value(
    rule: Any, facts: dict[str, object], expected: tuple[str, str, str]
) -> None:
    """Evaluating with a fact missing or of the wrong type names facts.<name> and the fix."""
    assert _problems(lambda: rule.evaluate(facts), InvalidInputError) == [expected]


def test_a_dated_code_set_needs_a_date_fact() -> None:
    """code_in with on_fact refuses a fact that is not a plain date, and a missing one."""

    class Dated:
        name = "dated"

        def __contains__(self, code: object) -> bool:
            return True

        def contains(self, code: object, *, on: dt.date) -> bool:  # noqa: ARG002  # the protocol
            return on.year == 2024

    rule = code_in(Dated(), on_fact="day")
    assert _problems(lambda: rule.evaluate({"code": "A", "day": "x"}), InvalidInputError) == [
        ("facts.day", "type", "must be a date")
    ]
    assert _problems(lambda: rule.evaluate({"code": "A"}), InvalidInputError) == [
        ("facts.day", "missing", "is required by the rule; add it to the facts")
    ]
    assert _problems(lambda: rule.evaluate({"day": D}), InvalidInputError) == [
        ("facts.code", "missing", "is required by the rule; add it to the facts")
    ]
    assert rule.evaluate({"code": "A", "day": D}).passed
    assert not rule.evaluate({"code": "A", "day": pendulum.date(2025, 1, 1)}).passed


LOAD_ERRORS: list[tuple[str, object, dict[str, Any], list[tuple[str, str, str]]]] = [
    ("ref type", {"ref": 3}, {}, [("ref", "type", "must be the name of a registered rule")]),
    (
        "ref unknown none",
        {"ref": "x"},
        {},
        [("ref", "unknown_rule", "must name a rule passed in rules= (none registered)")],
    ),
    (
        "ref unknown listed",
        {"ref": "x"},
        {"rules": {"b": flag("b"), "a": flag("a")}},
        [("ref", "unknown_rule", "must name a rule passed in rules= (a, b)")],
    ),
    (
        "fact name",
        {"flag": {"fact": "a b"}},
        {},
        [("flag.fact", "fact_name", "must be a fact name: letters, digits and _")],
    ),
    (
        "count",
        {"count_below": {"fact": "n", "limit": "3"}},
        {},
        [("count_below.limit", "type", "must be an int ≥ 0")],
    ),
    (
        "bool",
        {"age_between": {"fact": "age", "at_least": 1, "private": "no"}},
        {},
        [("age_between.private", "type", "must be true or false")],
    ),
    (
        "date",
        {"date_in": {"fact": "on", "start": "2024-1-1"}},
        {},
        [("date_in.start", "type", 'must be a date written YYYY-MM-DD, such as "2024-01-31"')],
    ),
    (
        "text empty",
        {"amount_at_most": {"fact": "a", "limit": "", "currency": "USD"}},
        {},
        [("amount_at_most.limit", "type", "must be text of 1-200 characters")],
    ),
    (
        "text long",
        {"amount_at_most": {"fact": "a", "limit": "1", "currency": "U" * 201}},
        {},
        [("amount_at_most.currency", "type", "must be text of 1-200 characters")],
    ),
    (
        "sexes",
        {"sex_in": {"fact": "sex", "values": ["female", "f"]}},
        {},
        [("sex_in.values", "type", "must be a list of male, female, other, unknown")],
    ),
    (
        "sexes empty",
        {"sex_in": {"fact": "sex", "values": []}},
        {},
        [("sex_in.values", "type", "must be a list of male, female, other, unknown")],
    ),
    (
        "sexes text",
        {"sex_in": {"fact": "sex", "values": "female"}},
        {},
        [("sex_in.values", "type", "must be a list of male, female, other, unknown")],
    ),
    (
        "code set type",
        {"code_in": {"fact": "code", "set": 1}},
        {},
        [("code_in.set", "type", "must be the name of a code set")],
    ),
    (
        "code set unknown none",
        {"code_in": {"fact": "code", "set": "x"}},
        {},
        [
            (
                "code_in.set",
                "unknown_code_set",
                "must name a set passed in code_sets= (none registered)",
            )
        ],
    ),
    (
        "code set unknown listed",
        {"code_in": {"fact": "code", "set": "x"}},
        {"code_sets": {"b": {"B"}, "a": {"A"}}},
        [("code_in.set", "unknown_code_set", "must name a set passed in code_sets= (a, b)")],
    ),
    (
        "code set undated",
        {"code_in": {"fact": "code", "set": "a", "on_fact": "on"}},
        {"code_sets": {"a": {"A"}}},
        [
            (
                "code_in.on_fact",
                "not_dated",
                "the code set needs contains(code, on=day) to use on_fact",
            )
        ],
    ),
    (
        "date both",
        {"date_in": {"fact": "on", "start": "2024-01-01", "period_fact": "p"}},
        {},
        [("date_in", "one_of", "give either start (and end) or period_fact")],
    ),
    (
        "date end with fact",
        {"date_in": {"fact": "on", "end": "2024-01-01", "period_fact": "p"}},
        {},
        [("date_in", "one_of", "give either start (and end) or period_fact")],
    ),
    (
        "date neither",
        {"date_in": {"fact": "on"}},
        {},
        [("date_in", "one_of", "give either start (and end) or period_fact")],
    ),
    (
        "date order",
        {"date_in": {"fact": "on", "start": "2024-02-01", "end": "2024-01-01"}},
        {},
        [("date_in.end", "range_order", "must be on or after start; both ends are inclusive")],
    ),
    (
        "age neither",
        {"age_between": {"fact": "age"}},
        {},
        [("age_between", "missing", "give at_least, at_most or both")],
    ),
    (
        "age order",
        {"age_between": {"fact": "age", "at_least": 5, "at_most": 4}},
        {},
        [("age_between.at_most", "range_order", "must be at least at_least")],
    ),
    (
        "amount",
        {"amount_at_most": {"fact": "a", "limit": "1.2.3", "currency": "USD"}},
        {},
        [
            (
                "amount_at_most.limit",
                "decimal_format",
                'must be a decimal string such as "12.50" or "-3"',
            )
        ],
    ),
    (
        "amount currency",
        {"amount_at_most": {"fact": "a", "limit": "1", "currency": "usd"}},
        {},
        [
            (
                "amount_at_most.currency",
                "currency",
                "must be an ISO 4217 code in capitals, such as USD or EUR",
            )
        ],
    ),
    (
        "name",
        {"all_of": [{"flag": {"fact": "a"}}], "name": " "},
        {},
        [("name", "type", "must be text of 1-200 characters")],
    ),
    (
        "name long",
        {"not": {"flag": {"fact": "a"}}, "name": "n" * 201},
        {},
        [("name", "type", "must be text of 1-200 characters")],
    ),
    (
        "unknown key shown",
        {"flag": {"fact": "a", "colour": 1}},
        {},
        [("flag.colour", "unknown_key", "is not a known field; remove it or check its spelling")],
    ),
    (
        "unknown key hidden",
        {"flag": {"fact": "a", "Jane Doe": 1}},
        {},
        [("flag.<key>", "unknown_key", "is not a known field; remove it or check its spelling")],
    ),
    (
        "unknown top key",
        {"flag": {"fact": "a"}, "name": "x"},
        {},
        [("name", "unknown_key", "is not a known field; remove it or check its spelling")],
    ),
    (
        "leaf body",
        {"flag": "a"},
        {},
        [("flag", "type", "must be a mapping of the predicate's fields")],
    ),
    ("many body", {"any_of": []}, {}, [("any_of", "type", "must be a non-empty list of rules")]),
]


@pytest.mark.parametrize(
    ("doc", "kwargs", "expected"), [c[1:] for c in LOAD_ERRORS], ids=[c[0] for c in LOAD_ERRORS]
)
def test_a_rule_document_is_refused_with_every_problem_at_its_path(
    doc: object, kwargs: dict[str, Any], expected: list[tuple[str, str, str]]
) -> None:
    """load_rules names the path, code and message of each problem in a document."""
    assert _problems(lambda: load_rules(doc, **kwargs), InvalidDefinitionError) == expected


def test_a_code_set_list_needs_names() -> None:
    """Code sets given as a list must each have a name; the index says which did not."""
    named = type("Named", (frozenset,), {"name": "a"})({"A"})
    expected = [("code_sets[1]", "type", "must be a CodeSet with a name, or pass a mapping")]
    assert (
        _problems(
            lambda: load_rules({"flag": {"fact": "a"}}, code_sets=[named, {"B"}]),
            InvalidDefinitionError,
        )
        == expected
    )
    rule = load_rules({"code_in": {"fact": "code", "set": "a"}}, code_sets=[named])
    assert rule.evaluate({"code": "A"}).passed


def test_yaml_errors_say_where_the_text_went_wrong() -> None:
    """Text that is not YAML names the line and column, counted from one."""
    assert _problems(lambda: load_rules_yaml("flag: [a\nb: ]"), InvalidDefinitionError) == [
        ("yaml", "yaml_syntax", "is not valid YAML at line 2, column 2")
    ]
    assert _problems(lambda: load_rules_yaml(b"flag: {}"), InvalidDefinitionError) == [  # type: ignore[arg-type]
        ("yaml", "type", "must be text")
    ]


def test_yaml_passes_its_code_sets_and_rules_to_the_loader() -> None:
    """load_rules_yaml resolves code sets and refs like load_rules."""
    rule = load_rules_yaml(
        "all_of: [{code_in: {fact: code, set: s}}, {ref: adult}]",
        code_sets={"s": {"A"}},
        rules={"adult": age_between(at_least=18)},
    )
    assert rule.evaluate({"code": "A", "age": 18}).passed
    assert not rule.evaluate({"code": "A", "age": 17}).passed


def test_the_problem_type_is_the_public_named_tuple() -> None:
    """Problems compare equal to plain (path, code, message) tuples."""
    assert Problem("a", "b", "c") == ("a", "b", "c")
