"""Rules and parameter tables that cannot work are refused with every problem, exactly.

Each case pins the path, the stable code and the message of the `InvalidDefinitionError`.
"""

from __future__ import annotations

from collections.abc import Callable

import pendulum
import pytest
from refusals import problems

from casekit.errors import InvalidDefinitionError
from casekit.rules import (
    Reason,
    age_between,
    all_of,
    amount_at_most,
    code_in,
    count_below,
    date_in,
    flag,
    has_authorization,
    load_parameter_table,
    not_,
    predicate,
    sex_in,
)

D = pendulum.date(2024, 1, 1)
REASON = Reason.of("custom.refused")


class Named:
    """A custom rule that breaks the protocol: evaluate returns a bool, not an Evaluation."""

    name = "named"

    def evaluate(self, _facts: object, /) -> object:
        return True


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
        [("named", "not_an_outcome", "evaluate must return an Evaluation")],
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
    assert problems(call, InvalidDefinitionError) == expected
