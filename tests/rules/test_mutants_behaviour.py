"""Behaviour of the rule kernel that mutation testing showed no earlier test pinned down."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from casekit import i18n
from casekit.errors import InvalidDefinitionError, InvalidInputError
from casekit.money import Money
from casekit.periods import CalendarYear
from casekit.rules import (
    MAX_DEPTH,
    DatedParameter,
    Outcome,
    ParameterHistory,
    Reason,
    Trace,
    age_between,
    all_of,
    amount_at_most,
    any_of,
    code_in,
    count_below,
    dump_rules,
    flag,
    has_authorization,
    load_parameter_table,
    load_rules,
    not_,
    predicate,
    sex_in,
)

D = pendulum.date(2024, 1, 1)
REASON = Reason.of("custom.refused")


class Reads:
    """A custom rule that passes when the fact ``ok`` is True."""

    name = "reads"

    def evaluate(self, facts: dict[str, object], /) -> Outcome:
        passed = facts["ok"] is True
        return Outcome(passed, () if passed else (REASON,), Trace("reads", passed))


class Auth:
    """An authorisation for one code."""

    def __init__(self, code: str) -> None:
        self.code = code

    def authorizes(self, code: object, *, on: dt.date) -> bool:
        return code == self.code and on.year == 2024


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


def test_rules_nest_exactly_as_deep_as_max_depth() -> None:
    """A document nested MAX_DEPTH levels loads; one level deeper is refused at its path."""

    def nested(kind: str, levels: int) -> object:
        doc: object = {"flag": {"fact": "a"}}
        for _ in range(levels):
            doc = {kind: [doc]} if kind != "not" else {"not": doc}
        return doc

    for kind in ("all_of", "any_of", "not"):
        assert load_rules(nested(kind, MAX_DEPTH)).evaluate({"a": True}).passed is (
            kind != "not" or MAX_DEPTH % 2 == 0
        )
    with pytest.raises(InvalidDefinitionError) as caught:
        load_rules(nested("not", MAX_DEPTH + 1))
    assert [tuple(p) for p in caught.value.problems] == [
        (
            ".".join(["not"] * (MAX_DEPTH + 1)),
            "too_deep",
            f"nests deeper than {MAX_DEPTH} levels; flatten it",
        )
    ]
    with pytest.raises(InvalidDefinitionError) as caught:
        load_rules(nested("all_of", MAX_DEPTH + 1))
    assert caught.value.problems[0].path == ".".join(["all_of[0]"] * (MAX_DEPTH + 1))


def test_a_problem_inside_not_has_the_full_path() -> None:
    """A problem under not is reported below not, and a name on a leaf is only unknown."""
    with pytest.raises(InvalidDefinitionError) as caught:
        load_rules({"not": {"all_of": [{"flag": {}}]}})
    assert [p.path for p in caught.value.problems] == ["not.all_of[0].flag.fact"]
    with pytest.raises(InvalidDefinitionError) as caught:
        load_rules({"flag": {"fact": "a"}, "name": 5})
    assert [(p.path, p.code) for p in caught.value.problems] == [("name", "unknown_key")]


def test_names_and_texts_may_be_two_hundred_characters() -> None:
    """A combinator name and a text field of exactly 200 characters are accepted."""
    name = "n" * 200
    assert load_rules({"not": {"flag": {"fact": "a"}}, "name": name}).name == name
    with pytest.raises(InvalidDefinitionError) as caught:
        load_rules({"amount_at_most": {"fact": "a", "limit": "1" + " " * 199, "currency": "USD"}})
    assert [p.path for p in caught.value.problems] == ["amount_at_most.limit"]


def test_sexes_must_be_a_list_not_a_mapping() -> None:
    """sex_in values given as a mapping are refused even when its keys are valid codes."""
    with pytest.raises(InvalidDefinitionError):
        load_rules({"sex_in": {"fact": "sex", "values": {"female": 1}}})


def test_dumping_names_the_path_of_a_rule_written_in_python() -> None:
    """A predicate deep in a rule cannot be dumped; the error names where it is."""
    custom = predicate("p", bool, reads=["x"], reason=REASON)
    with pytest.raises(InvalidDefinitionError) as caught:
        dump_rules(all_of(flag("a"), any_of(custom, flag("b"))))
    assert [tuple(p) for p in caught.value.problems] == [
        (
            "all_of[1].any_of[0]",
            "not_data",
            "is written in Python, not data; pass it in rules= and use {'ref': name}",
        )
    ]
    with pytest.raises(InvalidDefinitionError) as caught:
        dump_rules(not_(not_(custom)))
    assert caught.value.problems[0].path == "not.not"
    with pytest.raises(InvalidDefinitionError) as caught:
        dump_rules(custom)
    assert caught.value.problems[0].path == "rule"


def test_authorization_dumps_only_fields_that_differ_from_the_defaults() -> None:
    """has_authorization with default fact names dumps only its fact; others round-trip."""
    assert dump_rules(has_authorization()) == {"has_authorization": {"fact": "authorizations"}}
    doc = {"has_authorization": {"fact": "auths", "code_fact": "service", "on_fact": "day"}}
    assert dump_rules(load_rules(doc)) == doc


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


def test_a_history_keeps_the_source_it_was_given() -> None:
    """ParameterHistory.of records its source on every entry."""
    history = ParameterHistory.of("x", {D: 1, pendulum.date(2025, 1, 1): 2}, source="memo")
    assert {e.source for e in history.values} == {"memo"}
    assert DatedParameter(D, 1).source == ""


def test_a_table_without_sources_leaves_them_empty() -> None:
    """Values of a table with no source anywhere carry an empty source."""
    history = load_parameter_table({"2024": {"x": "1"}}, name="t", currency="USD")["x"]
    assert history.entry_on(D).source == ""
    assert history.name == "t.x"


def test_a_range_source_covers_only_the_years_it_names() -> None:
    """_2016_2018_source applies to 2016-2018; 2015 and 2019 keep the table's source."""
    table = {
        "_unit": "USD",
        "source": "table",
        "_2016_2018_source": "range",
        7: "ignored",
        "2015": {"x": "1"},
        "2018": {"x": "2"},
        "2019": {"x": "3"},
    }
    history = load_parameter_table(table, name="t")["x"]
    sources = [(e.effective_from.year, e.source) for e in history.values]
    assert sources == [(2015, "table"), (2018, "range"), (2019, "table")]


def test_private_metadata_and_skipped_keys_are_not_values() -> None:
    """Keys starting _, non-text keys, note, source and skipped fields are not loaded."""
    row = {"note": "n", "_comment": "c", 3: "x", "old": "bad", "x": "1", "y": {"z": "2"}}
    histories = load_parameter_table({"2024": row}, name="t", currency="USD", skip=["old"])
    assert sorted(histories) == ["x", "y.z"]
    assert histories["y.z"].on(D) == Money.of("2", "USD")


def test_a_bad_currency_is_one_problem_not_one_per_value() -> None:
    """An unusable currency is reported once; the amounts are still checked as USD."""
    with pytest.raises(InvalidDefinitionError) as caught:
        load_parameter_table({"2024": {"x": "1", "y": "2"}}, name="t", currency="dollars")
    assert [p.path for p in caught.value.problems] == ["_unit"]


@given(st.lists(st.integers(min_value=2000, max_value=2030), min_size=1, unique=True))
def test_a_history_answers_with_the_latest_value_in_force(years: list[int]) -> None:
    """On each effective date and the day before the next, the value of that date is found."""
    history = ParameterHistory.of("x", {pendulum.date(y, 1, 1): y for y in years})
    for y in years:
        assert history.on(pendulum.date(y, 1, 1)) == y
        assert history.on(pendulum.date(y, 12, 31)) == max(v for v in years if v <= y)
