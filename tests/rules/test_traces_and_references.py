"""How a rule's evaluation is traced: references, custom rules, predicates and fact values."""

from __future__ import annotations

import datetime as dt

import pendulum

from casekit.periods import CalendarYear
from casekit.rules import Evaluation, Reason, Trace, all_of, code_in, flag, load_rules, predicate

D = pendulum.date(2024, 1, 1)
REASON = Reason.of("custom.refused")


class Reads:
    """A custom rule that passes when the fact ``ok`` is True."""

    name = "reads"

    def evaluate(self, facts: dict[str, object], /) -> Evaluation:
        passed = facts["ok"] is True
        return Evaluation(passed, () if passed else (REASON,), Trace("reads", passed))


def test_a_custom_rule_in_a_combinator_sees_the_facts() -> None:
    """all_of passes the facts through to a rule written against the protocol."""
    rule = all_of(Reads())
    assert rule.evaluate({"ok": True}).passed
    assert rule.evaluate({"ok": False}).reasons == (REASON,)


def test_a_referenced_rule_is_traced_under_its_reference() -> None:
    """A ref node shows its rule below it, decisive, and passes its reasons through."""
    inner = all_of(flag("a"), flag("b"))
    rule = load_rules({"ref": "both"}, rules={"both": inner})
    out = rule.evaluate({"a": True, "b": False})
    assert out.trace == Trace(
        "ref(both)",
        False,
        True,
        (),
        (
            Trace(
                "all_of",
                False,
                True,
                (),
                (
                    Trace("flag(a)", True, False, (("a", "true"),)),
                    Trace("flag(b)", False, True, (("b", "false"),)),
                ),
            ),
        ),
    )
    assert [r.code for r in out.reasons] == ["rules.flag_not_set"]


def test_a_negated_reference_says_what_held() -> None:
    """not_ around a ref fails with the held reasons of the referenced rule."""
    rule = load_rules({"not": {"ref": "a"}}, rules={"a": flag("a")})
    out = rule.evaluate({"a": True})
    assert out.reasons == (Reason("rules.flag_set", (("fact", "a"),)),)
    assert out.trace.children[0].passed


def test_a_dated_code_set_shows_both_facts_in_the_trace() -> None:
    """code_in with on_fact reads the code and the day, and the trace shows both."""

    class Dated:
        name = "dated"

        def __contains__(self, code: object) -> bool:
            return True

        def contains(self, code: object, *, on: dt.date) -> bool:  # noqa: ARG002  # the protocol
            return code == "A"

    out = code_in(Dated(), on_fact="day").evaluate({"code": "B", "day": D})
    assert out.trace == Trace(
        "code_in(code, dated)", False, True, (("code", "B"), ("day", "2024-01-01"))
    )


def test_a_predicate_is_named_by_its_label() -> None:
    """A predicate's name is its label, in the rule and in its trace."""
    rule = predicate("adult", lambda age: age >= 18, reads=["age"], reason=REASON)
    assert rule.name == "adult"
    assert rule.evaluate({"age": 20}).trace.rule == "adult"


def test_a_value_object_fact_is_shown_as_its_text() -> None:
    """A casekit value object without its own renderer shows as its str in a trace."""
    rule = predicate("p", lambda _year: True, reads=["year"], reason=REASON)
    assert rule.evaluate({"year": CalendarYear()}).trace.inputs == (("year", str(CalendarYear())),)


def test_a_trace_repr_shows_each_field_in_order() -> None:
    """repr(Trace) names rule, passed, decisive, inputs and children with their values."""
    trace = Trace("r", False, True, (("a", "1"),), (Trace("c", True, False),))
    assert repr(trace) == (
        "Trace(rule='r', passed=False, decisive=True, inputs=(('a', '1'),), children=("
        "Trace(rule='c', passed=True, decisive=False, inputs=(), children=()),))"
    )
    assert trace.with_decisive(False) == Trace(
        "r", False, False, (("a", "1"),), (Trace("c", True, False),)
    )
