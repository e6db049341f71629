"""A missing or mistyped fact is named (facts.<name>) with the fix, never with its value."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pendulum
import pytest
from refusals import problems

from casekit.errors import InvalidInputError
from casekit.money import Money
from casekit.periods import DateRange
from casekit.rules import (
    Reason,
    age_between,
    amount_at_most,
    code_in,
    count_below,
    date_in,
    flag,
    has_authorization,
    predicate,
    sex_in,
)

D = pendulum.date(2024, 1, 1)
REASON = Reason.of("custom.refused")


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
    assert problems(lambda: rule.evaluate(facts), InvalidInputError) == [expected]


def test_a_dated_code_set_needs_a_date_fact() -> None:
    """code_in with on_fact refuses a fact that is not a plain date, and a missing one."""

    class Dated:
        name = "dated"

        def __contains__(self, code: object) -> bool:
            return True

        def contains(self, code: object, *, on: dt.date) -> bool:  # noqa: ARG002  # the protocol
            return on.year == 2024

    rule = code_in(Dated(), on_fact="day")
    assert problems(lambda: rule.evaluate({"code": "A", "day": "x"}), InvalidInputError) == [
        ("facts.day", "type", "must be a date")
    ]
    assert problems(lambda: rule.evaluate({"code": "A"}), InvalidInputError) == [
        ("facts.day", "missing", "is required by the rule; add it to the facts")
    ]
    assert problems(lambda: rule.evaluate({"day": D}), InvalidInputError) == [
        ("facts.code", "missing", "is required by the rule; add it to the facts")
    ]
    assert rule.evaluate({"code": "A", "day": D}).passed
    assert not rule.evaluate({"code": "A", "day": pendulum.date(2025, 1, 1)}).passed
