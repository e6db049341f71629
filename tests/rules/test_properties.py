"""Properties of the kernel: combinator laws, reasons and traces, and the data round trip."""

from __future__ import annotations

from typing import Any

import pendulum
from hypothesis import given
from hypothesis import strategies as st

from casekit.codes import Code, CodeSet, CodeSystem
from casekit.money import Money
from casekit.periods import DateRange
from casekit.rules import (
    Rule,
    age_between,
    all_of,
    amount_at_most,
    any_of,
    code_in,
    count_below,
    date_in,
    dump_rules,
    flag,
    has_authorization,
    load_rules,
    not_,
    sex_in,
)

OFFICE = CodeSet.of(CodeSystem.CPT, "99211-99215", "99381", name="office_visits")
CODE_SETS = {"office_visits": OFFICE}
DAY0 = pendulum.date(2024, 1, 1)


class Auth:
    """Authorises one code on every day."""

    def __init__(self, code: Code) -> None:
        self.code = code

    def authorizes(self, code: object, *, on: pendulum.Date) -> bool:  # noqa: ARG002  # protocol
        return code == self.code


def codes() -> st.SearchStrategy[Code]:
    """CPT office-visit codes and their neighbours; shrinks towards 99210."""
    return st.integers(99210, 99216).map(lambda n: Code(CodeSystem.CPT, str(n)))


def days() -> st.SearchStrategy[pendulum.Date]:
    """Days in 2023-2025; shrinks towards 2024-01-01."""
    return st.integers(-365, 730).map(lambda n: DAY0.add(days=n))


def periods() -> st.SearchStrategy[DateRange]:
    """Date ranges within 2023-2025, maybe open-ended."""
    return st.builds(
        lambda start, length: (
            DateRange(start, start.add(days=length)) if length >= 0 else DateRange.starting(start)
        ),
        days(),
        st.integers(-1, 400),
    )


# Every generated rule reads from this one universe of facts.
facts = st.fixed_dictionaries(
    {
        "a": st.booleans(),
        "b": st.booleans(),
        "n": st.integers(0, 30),
        "code": codes(),
        "on": days(),
        "policy_period": periods(),
        "age": st.integers(0, 110),
        "sex": st.sampled_from(["male", "female", "other", "unknown"]),
        "amount": st.integers(0, 1000).map(lambda c: Money.of(c, "USD")),
        "authorizations": st.lists(codes().map(Auth), max_size=2).map(tuple),
    }
)

leaves: st.SearchStrategy[Rule] = st.one_of(
    st.sampled_from(["a", "b"]).map(flag),
    st.integers(0, 30).map(lambda limit: count_below(limit, fact="n")),
    st.just(code_in(OFFICE)),
    st.just(date_in(period_fact="policy_period")),
    periods().map(date_in),
    st.tuples(st.none() | st.integers(0, 60), st.integers(0, 50)).map(
        lambda t: (
            age_between(at_least=t[0], at_most=t[0] + t[1])
            if t[0] is not None
            else age_between(at_most=t[1])
        )
    ),
    st.sets(st.sampled_from(["male", "female", "other", "unknown"]), min_size=1).map(sex_in),
    st.integers(0, 1000).map(lambda c: amount_at_most(Money.of(c, "USD"))),
    st.just(has_authorization()),
)


def _combine(children: st.SearchStrategy[Rule]) -> st.SearchStrategy[Rule]:
    names = st.none() | st.sampled_from(["covered", "eligible"])
    many = st.lists(children, min_size=1, max_size=5)
    return st.one_of(
        st.builds(lambda rs, name: all_of(*rs, name=name), many, names),
        st.builds(lambda rs, name: any_of(*rs, name=name), many, names),
        st.builds(lambda r, name: not_(r, name=name), children, names),
    )


rules = st.recursive(leaves, _combine, max_leaves=12)


@given(rules, facts)
def test_reasons_are_given_exactly_when_a_rule_fails(rule: Rule, fact: dict[str, Any]) -> None:
    """An outcome has reasons if and only if it did not pass."""
    out = rule.evaluate(fact)

    assert bool(out.reasons) is not out.passed


@given(rules, facts)
def test_double_negation_agrees_with_the_rule(rule: Rule, fact: dict[str, Any]) -> None:
    """not_(not_(r)) passes when r passes, with the same reasons."""
    out, twice = rule.evaluate(fact), not_(not_(rule)).evaluate(fact)

    assert (twice.passed, twice.reasons) == (out.passed, out.reasons)


@given(st.lists(rules, min_size=1, max_size=5), facts)
def test_all_of_passes_iff_every_child_passes(children: list[Rule], fact: dict[str, Any]) -> None:
    """all_of passes exactly when each child does, and its reasons are the failing children's."""
    outs = [r.evaluate(fact) for r in children]

    out = all_of(*children).evaluate(fact)

    assert out.passed == all(o.passed for o in outs)
    assert out.reasons == tuple(r for o in outs if not o.passed for r in o.reasons)


@given(st.lists(rules, min_size=1, max_size=5), facts)
def test_any_of_passes_iff_some_child_passes(children: list[Rule], fact: dict[str, Any]) -> None:
    """any_of passes exactly when at least one child does."""
    outs = [r.evaluate(fact) for r in children]

    out = any_of(*children).evaluate(fact)

    assert out.passed == any(o.passed for o in outs)
    assert out.reasons == (() if out.passed else tuple(r for o in outs for r in o.reasons))


@given(rules, rules, facts)
def test_de_morgan_holds_with_reasons(a: Rule, b: Rule, fact: dict[str, Any]) -> None:
    """not_(all_of(a, b)) and any_of(not_(a), not_(b)) agree, reasons included."""
    left = not_(all_of(a, b)).evaluate(fact)
    right = any_of(not_(a), not_(b)).evaluate(fact)

    assert (left.passed, left.reasons) == (right.passed, right.reasons)


@given(rules, facts)
def test_the_trace_matches_the_outcome_and_marks_decisive_nodes(
    rule: Rule, fact: dict[str, Any]
) -> None:
    """The root is decisive with the outcome's result; children are decisive as documented."""
    out = rule.evaluate(fact)
    trace = out.trace

    assert (trace.passed, trace.decisive) == (out.passed, True)
    for node in trace.walk():
        for child in node.children:
            if node.rule.startswith("all_of") or node.rule in ("covered", "eligible"):
                continue  # a named node may be either combinator; checked below by kind
            if node.rule == "any_of":
                assert child.decisive == (not node.passed or child.passed)
            if node.rule == "not":
                assert child.decisive
                assert child.passed is not node.passed


@given(rules, facts)
def test_all_of_trace_marks_failing_children_decisive(rule: Rule, fact: dict[str, Any]) -> None:
    """In every all_of node, a child is decisive iff the node passed or the child failed."""
    wrapped = all_of(rule, flag("a"))
    trace = wrapped.evaluate(fact).trace

    for child in trace.children:
        assert child.decisive == (trace.passed or not child.passed)


@given(rules, facts)
def test_lazy_and_materialised_outcomes_are_equal(rule: Rule, fact: dict[str, Any]) -> None:
    """Reading the trace before the reasons or after gives the same outcome."""
    first, second = rule.evaluate(fact), rule.evaluate(fact)
    _ = first.trace
    _ = second.reasons

    assert first == second


@given(rules)
def test_dump_then_load_gives_the_same_rule(rule: Rule) -> None:
    """load_rules(dump_rules(r)) == r, and dumping that again gives the same document."""
    doc = dump_rules(rule)

    loaded = load_rules(doc, code_sets=CODE_SETS)

    assert loaded == rule
    assert dump_rules(loaded) == doc


@given(rules, facts)
def test_a_loaded_rule_evaluates_like_the_original(rule: Rule, fact: dict[str, Any]) -> None:
    """The compiled rule from data gives the same outcome as the rule it was dumped from."""
    loaded = load_rules(dump_rules(rule), code_sets=CODE_SETS)

    assert loaded.evaluate(fact) == rule.evaluate(fact)
