"""Worked examples for the kernel: Evaluation, Trace, the combinators and custom rules."""

from __future__ import annotations

import pickle

import pendulum
import pytest
from attrs.exceptions import FrozenInstanceError

import casekit.rules
from casekit.errors import InvalidDefinitionError, InvalidInputError
from casekit.periods import DateRange
from casekit.rules import (
    Evaluation,
    Facts,
    Reason,
    Rule,
    Trace,
    all_of,
    any_of,
    count_below,
    flag,
    not_,
)


class Always:
    """A custom rule written against the protocol only."""

    name = "always"

    def __init__(self, *, passed: bool = True) -> None:
        self.passed = passed

    def evaluate(self, _facts: Facts, /) -> Evaluation:
        reasons = () if self.passed else (Reason.of("custom.refused", why="test"),)
        return Evaluation(self.passed, reasons, Trace("always", self.passed))


class Broken:
    """A custom rule that breaks the protocol by returning a bool."""

    name = "broken"

    def evaluate(self, _facts: Facts, /) -> object:
        return True


def test_every_exported_name_is_sorted_and_importable() -> None:
    """casekit.rules.__all__ is sorted and every name in it exists."""
    names = casekit.rules.__all__

    assert names == sorted(names, key=lambda n: (not n.isupper(), n))
    assert all(hasattr(casekit.rules, n) for n in names)


def test_all_of_lists_every_unmet_condition() -> None:
    """A failed all_of gives one reason per failing child, in order."""
    rule = all_of(flag("a"), count_below(2, fact="n"), flag("b"))

    out = rule.evaluate({"a": False, "n": 5, "b": True})

    assert [r.code for r in out.reasons] == ["rules.flag_not_set", "rules.count_at_limit"]


def test_all_of_marks_passing_children_not_decisive_when_it_fails() -> None:
    """In a failed all_of only the failing children decided the result."""
    out = all_of(flag("a"), flag("b")).evaluate({"a": True, "b": False})

    assert [c.decisive for c in out.trace.children] == [False, True]


def test_all_of_marks_every_child_decisive_when_it_passes() -> None:
    """A passed all_of needed every child."""
    out = all_of(flag("a"), flag("b")).evaluate({"a": True, "b": True})

    assert [c.decisive for c in out.trace.children] == [True, True]


def test_any_of_marks_only_passing_children_decisive_when_it_passes() -> None:
    """In a passed any_of the failing alternatives did not matter."""
    out = any_of(flag("a"), flag("b"), flag("c")).evaluate({"a": False, "b": True, "c": False})

    assert [c.decisive for c in out.trace.children] == [False, True, False]
    assert out.reasons == ()


def test_any_of_gives_the_reasons_of_every_alternative_when_it_fails() -> None:
    """A failed any_of explains each alternative that was not met."""
    out = any_of(flag("a"), flag("b"), flag("c")).evaluate({"a": False, "b": False, "c": False})

    assert len(out.reasons) == 3
    assert all(c.decisive for c in out.trace.children)


def test_not_explains_a_failure_by_what_held() -> None:
    """not_(flag) fails because the flag is set, and says so."""
    out = not_(flag("excluded")).evaluate({"excluded": True})

    assert out.reasons == (Reason.of("rules.flag_set", fact="excluded"),)


def test_not_of_a_combinator_uses_its_held_reasons() -> None:
    """not_(all_of) fails because every child held; not_(any_of) because some did."""
    facts = {"a": True, "b": False}

    all_held = not_(all_of(flag("a"), not_(flag("b")))).evaluate(facts)
    some_held = not_(any_of(flag("a"), flag("b"))).evaluate(facts)

    assert [r.code for r in all_held.reasons] == ["rules.flag_set", "rules.flag_not_set"]
    assert [r.code for r in some_held.reasons] == ["rules.flag_set"]


def test_combinators_unroll_and_loop_alike() -> None:
    """all_of and any_of give the same answer for every size, unrolled or looped."""
    for size in range(1, 7):
        facts = {f"f{i}": i != size - 1 for i in range(size)}
        rules = [flag(f"f{i}") for i in range(size)]

        assert all_of(*rules).evaluate(facts).passed is False
        assert any_of(*rules).evaluate(facts).passed is (size > 1)


def test_names_label_combinators_in_traces() -> None:
    """A name given to a combinator is its name in the trace."""
    rule = all_of(flag("a"), name="covered")

    assert rule.evaluate({"a": True}).trace.rule == "covered"
    assert not_(flag("a"), name="not excluded").name == "not excluded"
    assert any_of(flag("a"), name="either").name == "either"


def test_empty_combinators_are_refused() -> None:
    """all_of() and any_of() with no rules cannot work."""
    with pytest.raises(InvalidDefinitionError) as error:
        all_of()

    assert error.value.problems[0].path == "all_of"
    with pytest.raises(InvalidDefinitionError):
        any_of()


def test_a_non_rule_is_refused_with_its_position() -> None:
    """Passing something that is not a Rule names where it was."""
    with pytest.raises(InvalidDefinitionError) as error:
        all_of(flag("a"), "flag b")  # type: ignore[arg-type]

    assert error.value.problems[0].path == "all_of[1]"


def test_a_blank_name_is_refused() -> None:
    """A combinator's name must be non-empty text."""
    with pytest.raises(InvalidDefinitionError):
        all_of(flag("a"), name=" ")


def test_custom_rules_take_part_in_combinators() -> None:
    """A protocol-only rule combines, keeps its reasons and its trace."""
    out = all_of(Always(passed=False), flag("a")).evaluate({"a": True})

    assert out.reasons == (Reason.of("custom.refused", why="test"),)
    assert out.trace.children[0] == Trace("always", False, True)
    assert isinstance(Always(), Rule)


def test_a_custom_rule_under_not_is_explained_by_name() -> None:
    """not_ of a custom rule that held says the rule held."""
    out = not_(Always()).evaluate({})

    assert out.messages() == ("always held",)


def test_a_custom_rule_must_return_an_outcome() -> None:
    """A rule whose evaluate returns something else is a broken definition."""
    with pytest.raises(InvalidDefinitionError) as error:
        all_of(Broken()).evaluate({})  # type: ignore[arg-type]

    assert error.value.problems[0].code == "not_an_outcome"


def test_a_missing_fact_names_the_fact() -> None:
    """Evaluating without a needed fact raises InvalidInputError at facts.<name>."""
    with pytest.raises(InvalidInputError) as error:
        all_of(flag("a"), flag("b")).evaluate({"a": True})

    assert str(error.value.problems[0]) == "facts.b: is required by the rule; add it to the facts"


def test_outcomes_are_immutable_and_compare_by_value() -> None:
    """An Evaluation cannot be changed, and lazy and eager outcomes compare equal."""
    lazy = flag("a").evaluate({"a": False})
    eager = Evaluation(False, lazy.reasons, lazy.trace)

    with pytest.raises(FrozenInstanceError):
        lazy.passed = True
    with pytest.raises(FrozenInstanceError):
        del lazy.passed
    assert lazy == eager
    assert hash(lazy) == hash(eager)
    assert lazy != "not an outcome"
    assert repr(eager) == (
        "Evaluation(passed=False, reasons=(Reason(code='rules.flag_not_set', "
        "params=(('fact', 'a'),)),))"
    )


def test_outcomes_pickle() -> None:
    """A lazy outcome pickles as its materialised values."""
    out = all_of(flag("a"), flag("b")).evaluate({"a": True, "b": False})

    assert pickle.loads(pickle.dumps(out)) == out  # noqa: S301  # our own data


@pytest.mark.parametrize(
    ("args", "path"),
    [
        (("yes",), "passed"),
        ((False, ()), "reasons"),
        ((True, (Reason("x"),)), "reasons"),
        ((False, ("x",)), "reasons"),
        ((True, (), "trace"), "trace"),
    ],
)
def test_outcome_refuses_inconsistent_fields(args: tuple[object, ...], path: str) -> None:
    """Reasons must be Reasons, present exactly when failed; the trace must be a Trace."""
    with pytest.raises(InvalidInputError) as error:
        Evaluation(*args)  # type: ignore[arg-type]

    assert error.value.problems[0].path == path


def test_an_outcome_without_a_trace_gets_a_one_node_trace() -> None:
    """Evaluation(True) has a trace of one passed node."""
    assert Evaluation(True).trace == Trace("rule", True)


def test_trace_refuses_wrong_field_types_listing_each() -> None:
    """Trace checks every field and lists every problem."""
    with pytest.raises(InvalidInputError) as error:
        Trace(1, "no", None, [("a", 1)], ["x"])  # type: ignore[arg-type]

    assert [p.path for p in error.value.problems] == [
        "rule",
        "passed",
        "decisive",
        "inputs",
        "children",
    ]


def test_trace_walks_depth_first_and_renders_an_indented_tree() -> None:
    """walk visits parents before children, left to right; render indents by depth."""
    rule = all_of(any_of(flag("a"), flag("b")), not_(flag("c")))
    trace = rule.evaluate({"a": False, "b": True, "c": False}).trace

    assert [t.rule for t in trace.walk()] == [
        "all_of",
        "any_of",
        "flag(a)",
        "flag(b)",
        "not",
        "flag(c)",
    ]
    assert trace.render().splitlines() == [
        "✓ all_of",
        "  ✓ any_of",
        "    ✗ flag(a)  a=false  (not decisive)",
        "    ✓ flag(b)  b=true",
        "  ✓ not",
        "    ✗ flag(c)  c=false",
    ]


def test_trace_repr_names_its_fields() -> None:
    """A trace's repr reads like a record."""
    assert repr(Trace("x", True)) == (
        "Trace(rule='x', passed=True, decisive=True, inputs=(), children=())"
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "none"),
        (True, "true"),
        (7, "7"),
        ("CPT|99213", "CPT|99213"),
        (pendulum.date(2024, 2, 29), "2024-02-29"),
        (pendulum.datetime(2024, 2, 29, 9, 30), "2024-02-29T09:30:00+00:00"),
        (DateRange.starting("2024-01-01"), "2024-01-01.."),
        ({"x": 1}, "<dict>"),
        ((1, 2, 3), "<3 items>"),
    ],
)
def test_trace_text_shows_values_or_only_their_kind(value: object, text: str) -> None:
    """Value types show as text; anything that may be personal shows only its kind."""
    from casekit.rules._trace import _text

    assert _text(value) == text


def test_trace_text_renders_subclasses_of_plain_types() -> None:
    """A bool-like or str subclass still renders as its value."""
    import enum
    from decimal import Decimal

    from casekit.codes import CodeSystem
    from casekit.rules._trace import _text

    class Colour(enum.StrEnum):
        RED = "red"

    assert (_text(Colour.RED), _text(Decimal("1.50")), _text(CodeSystem.CPT)) == (
        "red",
        "1.50",
        "CPT",
    )
