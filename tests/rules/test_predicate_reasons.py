"""Each predicate's reasons, failed or held, with their parameters, in the locale asked for."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest

from casekit import i18n
from casekit.errors import InvalidDefinitionError, InvalidInputError
from casekit.money import Money
from casekit.rules import (
    Reason,
    age_between,
    amount_at_most,
    count_below,
    flag,
    has_authorization,
    not_,
    sex_in,
)

D = pendulum.date(2024, 1, 1)


class Auth:
    """An authorisation for one code."""

    def __init__(self, code: str) -> None:
        self.code = code

    def authorizes(self, code: object, *, on: dt.date) -> bool:
        return code == self.code and on.year == 2024


def test_authorization_reads_the_facts_it_is_told_to() -> None:
    """has_authorization asks each authorisation about the named code and day facts."""
    rule = has_authorization(fact="auths", code_fact="service", on_fact="day")
    facts = {"auths": [Auth("A")], "service": "A", "day": D}
    assert rule.evaluate(facts).passed
    assert not rule.evaluate({**facts, "service": "B"}).passed
    assert rule.evaluate({**facts, "auths": frozenset()}).reasons == (
        Reason("rules.authorization_missing", (("fact", "auths"),)),
    )
    with pytest.raises(InvalidInputError) as caught:
        rule.evaluate({**facts, "auths": 5})
    assert [p.path for p in caught.value.problems] == ["facts.auths"]
    with pytest.raises(InvalidDefinitionError) as caught:
        has_authorization(fact="1")
    assert [p.path for p in caught.value.problems] == ["fact"]


def test_a_negated_leaf_gives_the_held_reason_of_each_predicate() -> None:
    """not_ of each domain predicate fails with that predicate's 'held' reason code."""
    cases = [
        (count_below(3, fact="n"), {"n": 1}, "rules.count_below_limit"),
        (
            amount_at_most(Money.of("5", "USD")),
            {"amount": Money.of("5", "USD")},
            "rules.amount_within_limit",
        ),
        (
            has_authorization(),
            {"authorizations": (Auth("A"),), "code": "A", "on": D},
            "rules.authorization_present",
        ),
    ]
    for rule, facts, code in cases:
        assert [r.code for r in not_(rule).evaluate(facts).reasons] == [code]
    assert [
        r.code
        for r in amount_at_most(Money.of("5", "USD"))
        .evaluate({"amount": Money.of("6", "USD")})
        .reasons
    ] == ["rules.amount_over_limit"]


def test_an_age_above_a_maximum_of_zero_names_zero() -> None:
    """age_between(at_most=0) refuses age 1 with max 0 in its reason."""
    out = age_between(at_most=0).evaluate({"age": 1})
    assert out.reasons == (Reason("rules.age_above_max", (("fact", "age"), ("max", 0))),)


def test_sex_reasons_list_every_allowed_code() -> None:
    """A refused sex_in names the allowed codes, comma separated and sorted."""
    out = sex_in(["male", "female"]).evaluate({"sex": "other"})
    assert out.reasons == (
        Reason("rules.sex_not_allowed", (("allowed", "female, male"), ("fact", "sex"))),
    )


def test_reason_params_given_as_a_dict_are_sorted() -> None:
    """Reason params from a dict become sorted (name, value) pairs."""
    assert Reason("x", {"b": 1, "a": "z"}).params == (("a", "z"), ("b", 1))


def test_messages_render_in_the_locale_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    """Outcome.messages and Reason.message use the catalogue of the given locale."""
    monkeypatch.setitem(i18n.CATALOGUES, "fr", {"rules.flag_not_set": "{fact} n'est pas coché"})  # type: ignore[index]
    out = flag("a").evaluate({"a": False})
    assert out.messages("fr") == ("a n'est pas coché",)
    assert out.reasons[0].message("fr") == "a n'est pas coché"
    assert out.messages() == ("a is not set",)
