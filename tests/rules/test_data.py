"""Rules as data: loading with every problem at its path, dumping back, YAML, and fuzzing."""

from __future__ import annotations

import sys
from typing import Any

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from profiles import examples

from casekit import limits
from casekit.codes import Code, CodeSet, CodeSetEntry, CodeSystem
from casekit.errors import InvalidDefinitionError
from casekit.money import Money
from casekit.periods import DateRange
from casekit.rules import (
    MAX_DEPTH,
    Reason,
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
    load_rules_yaml,
    not_,
    predicate,
    sex_in,
)

OFFICE = CodeSet.of(CodeSystem.CPT, "99211-99215", name="office_visits")
COVID = CodeSet(
    name="covid",
    system=CodeSystem.ICD10CM,
    entries=[CodeSetEntry("U07.1", effective_from=pendulum.date(2020, 4, 1))],
)
CODE_SETS = {"office_visits": OFFICE, "covid": COVID, "plain": frozenset({"A"})}

COVERED = {
    "all_of": [
        {"code_in": {"fact": "code", "set": "office_visits"}},
        {"date_in": {"fact": "on", "period_fact": "policy_period"}},
        {"count_below": {"fact": "visits_used", "limit": 20}},
        {
            "any_of": [
                {"not": {"flag": {"fact": "auth_required"}}},
                {"has_authorization": {"fact": "authorizations"}},
            ]
        },
    ],
    "name": "covered",
}


def test_a_document_loads_to_the_rule_python_would_build() -> None:
    """Loading the coverage rule gives a rule equal to the one built in Python."""
    built = all_of(
        code_in(OFFICE),
        date_in(period_fact="policy_period"),
        count_below(20, fact="visits_used"),
        any_of(not_(flag("auth_required")), has_authorization()),
        name="covered",
    )

    assert load_rules(COVERED, code_sets=CODE_SETS) == built


def test_a_loaded_rule_evaluates_and_explains() -> None:
    """The loaded rule runs against facts like any other."""
    rule = load_rules(COVERED, code_sets=[OFFICE])
    facts = {
        "code": Code(CodeSystem.CPT, "99213"),
        "on": pendulum.date(2024, 5, 1),
        "policy_period": DateRange.of("2024-01-01", "2024-12-31"),
        "visits_used": 3,
        "auth_required": True,
        "authorizations": (),
    }

    out = rule.evaluate(facts)

    assert out.messages() == (
        "auth_required is set",
        "no prior authorisation in authorizations covers this service",
    )


def test_every_leaf_round_trips_through_data() -> None:
    """Each kind of leaf, with its optional fields, dumps to the document it loads from."""
    doc = {
        "any_of": [
            {"code_in": {"fact": "dx", "set": "covid", "on_fact": "day"}},
            {"date_in": {"fact": "on", "start": "2024-01-01", "end": "2024-12-31"}},
            {"date_in": {"fact": "on", "start": "2024-01-01"}},
            {"age_between": {"fact": "age", "at_least": 18, "at_most": 64}},
            {"age_between": {"fact": "age", "at_most": 2, "private": False}},
            {"sex_in": {"fact": "sex", "values": ["female", "male"], "private": False}},
            {"sex_in": {"fact": "sex", "values": ["other"]}},
            {"amount_at_most": {"fact": "charge", "limit": "500.00", "currency": "USD"}},
            {"has_authorization": {"fact": "auths", "code_fact": "cpt", "on_fact": "day"}},
            {"not": {"flag": {"fact": "excluded"}}, "name": "not excluded"},
            {"ref": "adult"},
        ]
    }
    adult = predicate("adult", lambda age: age >= 18, reads=["age"], reason=Reason("x"))

    rule = load_rules(doc, code_sets=CODE_SETS, rules={"adult": adult})

    assert dump_rules(rule) == doc


def test_a_ref_runs_the_registered_rule_and_shows_it_in_the_trace() -> None:
    """{"ref": name} evaluates the registered rule under a ref node."""
    adult = age_between(at_least=18)
    rule = load_rules({"ref": "adult"}, rules={"adult": adult})

    out = rule.evaluate({"age": 16})

    assert out.messages() == ("age is under the minimum age of 18",)
    assert [t.rule for t in out.trace.walk()] == ["ref(adult)", "age_between(age, 18..)"]
    assert load_rules({"not": {"ref": "adult"}}, rules={"adult": adult}).evaluate(
        {"age": 30}
    ).messages() == ("age is within the allowed ages (at least 18)",)


def test_a_ref_to_a_custom_rule_is_wrapped() -> None:
    """A protocol-only rule can be registered and referenced."""
    from casekit.rules import Evaluation, Trace

    class Yes:
        name = "yes"

        def evaluate(self, _facts: object, /) -> Evaluation:
            return Evaluation(True, trace=Trace("yes", True))

    assert load_rules({"ref": "yes"}, rules={"yes": Yes()}).evaluate({}).passed


def test_every_problem_is_listed_with_its_path() -> None:
    """One error lists all the problems in the document, in document order."""
    doc = {
        "all_of": [
            {"count_below": {"fact": "visits_used", "limit": -1}},
            {"code_in": {"fact": "code", "set": "nope", "extra": 1}},
            {"any_of": []},
            {"flag": {"fact": "x"}, "name": "no names on leaves"},
            {"date_in": {"fact": "on", "start": "2024-02-30"}},
            {"date_in": {"fact": "on", "start": "2024-01-01", "period_fact": "p"}},
            {"age_between": {"fact": "age"}},
            {"age_between": {"fact": "age", "at_least": 9, "at_most": 1}},
            {"amount_at_most": {"fact": "a", "limit": "lots", "currency": "USD"}},
            {"amount_at_most": {"fact": "a", "limit": "1", "currency": "usd"}},
            {"ref": "missing"},
            {"ref": 3},
            {"sex_in": {"fact": "sex", "values": [["female"]]}},
            {"has_authorization": {"fact": "a", "private": True}},
            {"not": {"flag": {"fact": "x"}}, "name": ""},
            {"flag": "x"},
            {"code_in": {"fact": "code", "set": 7}},
            {"code_in": {"fact": "code", "set": "plain", "on_fact": "on"}},
            {"age_between": {"fact": "age", "private": "no", "at_least": 1}},
            {"date_in": {"fact": "on", "start": 20240101}},
            [],
            {"all_of": [{"flag": {}}], "name": "ok"},
            {"flag": {"fact": "two words"}},
            {"amount_at_most": {"fact": "a", "limit": "1", "currency": 840}},
        ]
    }

    with pytest.raises(InvalidDefinitionError) as error:
        load_rules(doc, code_sets=CODE_SETS)

    assert [(p.path, p.code) for p in error.value.problems] == [
        ("all_of[0].count_below.limit", "type"),
        ("all_of[1].code_in.extra", "unknown_key"),
        ("all_of[1].code_in.set", "unknown_code_set"),
        ("all_of[2].any_of", "type"),
        ("all_of[3].name", "unknown_key"),
        ("all_of[4].date_in.start", "date_format"),
        ("all_of[5].date_in", "one_of"),
        ("all_of[6].age_between", "missing"),
        ("all_of[7].age_between.at_most", "range_order"),
        ("all_of[8].amount_at_most.limit", "decimal_format"),
        ("all_of[9].amount_at_most.currency", "currency"),
        ("all_of[10].ref", "unknown_rule"),
        ("all_of[11].ref", "type"),
        ("all_of[12].sex_in.values", "type"),
        ("all_of[13].has_authorization.private", "unknown_key"),
        ("all_of[14].name", "type"),
        ("all_of[15].flag", "type"),
        ("all_of[16].code_in.set", "type"),
        ("all_of[17].code_in.on_fact", "not_dated"),
        ("all_of[18].age_between.private", "type"),
        ("all_of[19].date_in.start", "type"),
        ("all_of[20]", "type"),
        ("all_of[21].all_of[0].flag.fact", "missing"),
        ("all_of[22].flag.fact", "fact_name"),
        ("all_of[23].amount_at_most.currency", "type"),
    ]


def test_problems_never_echo_the_values() -> None:
    """A personal-looking value appears nowhere in the error text."""
    personal = "Jane-Doe-1961-04-02"
    doc = {"all_of": [{"count_below": {"fact": "n", "limit": personal}}, {"flag": {personal: 1}}]}

    with pytest.raises(InvalidDefinitionError) as error:
        load_rules(doc)

    assert personal not in str(error.value)
    assert "<key>" in str(error.value)


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ([], "rule: must be a mapping with one of: all_of, any_of, not, ref, age_between, "),
        ({}, "rule: must have exactly one of"),
        ({"flag": {"fact": "a"}, "not": {}}, "rule: must have exactly one of"),
    ],
)
def test_the_root_is_called_rule_in_problems(doc: object, message: str) -> None:
    """A problem with the whole document is reported at 'rule'."""
    with pytest.raises(InvalidDefinitionError) as error:
        load_rules(doc)

    assert str(error.value.problems[0]).startswith(message)


def test_nesting_deeper_than_the_limit_is_refused_with_a_clear_problem() -> None:
    """A document nested past MAX_DEPTH is refused without recursing into it."""
    doc: dict[str, Any] = {"flag": {"fact": "x"}}
    for _ in range(MAX_DEPTH + 1):
        doc = {"not": doc}
    too_deep: object = doc
    for _ in range(5000):
        too_deep = {"not": too_deep}

    with pytest.raises(InvalidDefinitionError) as error:
        load_rules(doc)
    with pytest.raises(InvalidDefinitionError):
        load_rules(too_deep)

    assert error.value.problems[0].code == "too_deep"
    assert f"deeper than {MAX_DEPTH} levels" in str(error.value)


def test_a_document_at_the_depth_limit_loads() -> None:
    """MAX_DEPTH levels of nesting are allowed."""
    doc: dict[str, Any] = {"flag": {"fact": "x"}}
    for _ in range(MAX_DEPTH):
        doc = {"not": doc}

    assert load_rules(doc).evaluate({"x": True}).passed


def test_code_sets_given_as_a_list_must_have_names() -> None:
    """A list of code sets is keyed by each set's name, so each needs one."""
    with pytest.raises(InvalidDefinitionError) as error:
        load_rules({"flag": {"fact": "x"}}, code_sets=[frozenset({"A"})])

    assert error.value.problems[0].path == "code_sets[0]"


def test_rules_written_in_python_do_not_dump() -> None:
    """A predicate is code, not data: dumping names where it is."""
    rule = all_of(flag("a"), predicate("p", lambda _a: True, reads=["a"], reason=Reason("x")))

    with pytest.raises(InvalidDefinitionError) as error:
        dump_rules(rule)

    assert error.value.problems[0].path == "all_of[1]"
    with pytest.raises(InvalidDefinitionError) as root:
        dump_rules(predicate("p", lambda _a: True, reads=["a"], reason=Reason("x")))
    assert root.value.problems[0].path == "rule"


def test_python_built_rules_dump_to_documents() -> None:
    """Rules built in Python dump too, and load back equal."""
    rule = all_of(
        age_between(at_least=18),
        sex_in(["female"]),
        amount_at_most(Money.of("12.50", "USD"), fact="charge"),
        date_in(DateRange.of("2024-01-01", "2024-12-31")),
        code_in(OFFICE),
    )

    assert load_rules(dump_rules(rule), code_sets=[OFFICE]) == rule


def test_yaml_documents_load() -> None:
    """load_rules_yaml reads the same vocabulary from YAML."""
    text = """
    all_of:
      - count_below: {fact: visits_used, limit: 20}
      - not: {flag: {fact: excluded}}
    name: covered
    """

    rule = load_rules_yaml(text)

    assert dump_rules(rule) == {
        "all_of": [
            {"count_below": {"fact": "visits_used", "limit": 20}},
            {"not": {"flag": {"fact": "excluded"}}},
        ],
        "name": "covered",
    }


def test_bad_yaml_is_a_definition_problem_with_a_position() -> None:
    """YAML that does not parse is refused with its line and column, not its text."""
    with pytest.raises(InvalidDefinitionError) as error:
        load_rules_yaml("all_of: [\n  {flag: {fact: a}\n")

    assert error.value.problems[0].path == "yaml"
    assert "line" in error.value.problems[0].message
    with pytest.raises(InvalidDefinitionError):
        load_rules_yaml(b"flag: {fact: a}")  # type: ignore[arg-type]


def test_yaml_errors_without_a_position_still_explain() -> None:
    """A YAML error without a mark still gives a message."""
    import yaml

    def boom(_text: str) -> object:
        raise yaml.YAMLError

    monkey = pytest.MonkeyPatch()
    monkey.setattr(yaml, "safe_load", boom)
    try:
        with pytest.raises(InvalidDefinitionError) as error:
            load_rules_yaml("flag: {fact: a}")
    finally:
        monkey.undo()

    assert error.value.problems[0].message == "is not valid YAML"


def test_yaml_without_pyyaml_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without PyYAML, the error names the extra to install."""
    monkeypatch.setitem(sys.modules, "yaml", None)

    with pytest.raises(ImportError, match=r"casekit\[yaml\]"):
        load_rules_yaml("flag: {fact: a}")


# Arbitrary JSON, biased towards the vocabulary so that the fuzz reaches deep into the loader.
_WORDS = st.sampled_from(
    [
        "all_of", "any_of", "not", "ref", "name", "code_in", "date_in", "age_between", "sex_in",
        "count_below", "amount_at_most", "has_authorization", "flag", "fact", "set", "on_fact",
        "start", "end", "period_fact", "at_least", "at_most", "private", "values", "limit",
        "currency", "code_fact", "office_visits", "covid", "plain", "female", "USD", "2024-01-01",
        "2024-02-30", "1.50",
    ]
)  # fmt: skip
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True)
    | _WORDS
    | st.text(max_size=8)
)
JSON = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(_WORDS | st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=examples(400))
@given(JSON)
def test_arbitrary_json_only_ever_raises_casekit_errors(data: object) -> None:
    """Whatever JSON the loader is given, it returns a rule or raises InvalidDefinitionError."""
    problems: tuple[object, ...] = ()
    try:
        rule = load_rules(data, code_sets=CODE_SETS)
    except InvalidDefinitionError as error:  # any other exception fails the test
        problems = error.problems
    else:
        assert load_rules(dump_rules(rule), code_sets=CODE_SETS) == rule
    assert isinstance(problems, tuple)


# The loader's bounds and its one-of-the-kinds rule, exactly.


def _flags(n: int) -> dict[str, Any]:
    """Return a document of n + 1 rules: an all_of over n flags."""
    return {"all_of": [{"flag": {"fact": "a"}}] * n}


def test_a_document_may_hold_exactly_the_node_budget() -> None:
    """A document of exactly the nodes budget loads; one node less of budget refuses it once."""
    document = _flags(20)  # 3 + 5 * 20 nodes: the mapping, its key, the list, 20 flags of 5

    with limits.using(nodes=103):
        assert load_rules(document) is not None
    for budget in (102, 50):
        with limits.using(nodes=budget), pytest.raises(InvalidDefinitionError) as error:
            load_rules(document)

        message = f"holds more than {budget} nodes with YAML aliases expanded; split it or raise"
        assert error.value.problems == (("rule", "too_large", f"{message} the budget"),)


def test_the_default_budget_refuses_a_document_of_ten_thousand_and_more_rules() -> None:
    """10,000 flags (50,003 nodes) are past the default budget of 50,000 nodes."""
    assert load_rules(_flags(9_999)) is not None

    with pytest.raises(InvalidDefinitionError) as error:
        load_rules(_flags(10_000))

    assert [p.code for p in error.value.problems] == ["too_large"]


def test_a_mapping_with_no_known_kind_names_the_vocabulary() -> None:
    """A rule must be exactly one kind; the problem lists them all."""
    with pytest.raises(InvalidDefinitionError) as error:
        load_rules({"nope": 1})

    kinds = (
        "all_of, any_of, not, ref, age_between, amount_at_most, code_in, count_below, date_in,"
        " flag, has_authorization, sex_in"
    )
    assert error.value.problems == (("rule", "kind", f"must have exactly one of: {kinds}"),)


def test_yaml_nested_too_deeply_to_parse_is_refused_at_yaml() -> None:
    """YAML the parser cannot descend is one problem at ``yaml``, not a RecursionError."""
    with pytest.raises(InvalidDefinitionError) as error:
        load_rules_yaml("[" * 5000 + "]" * 5000)

    assert error.value.problems == (("yaml", "too_deep", "nests too deeply to be read"),)


def test_a_leaf_missing_its_fact_is_named_with_its_kind() -> None:
    """A required key left out is a problem at kind.key."""
    with pytest.raises(InvalidDefinitionError) as error:
        load_rules({"flag": {}})

    assert error.value.problems == (("flag.fact", "missing", "is required"),)


def test_reading_yaml_without_pyyaml_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without PyYAML installed, the error names the extra to install."""
    monkeypatch.setitem(sys.modules, "yaml", None)

    with pytest.raises(ImportError, match=r"^reading rules from YAML needs PyYAML: pip install"):
        load_rules_yaml("flag: {fact: a}")


def test_a_rule_name_may_be_200_characters_and_no_more() -> None:
    """Combinator names are bounded at 200 characters."""
    assert load_rules({"all_of": [{"flag": {"fact": "a"}}], "name": "n" * 200}) is not None
    with pytest.raises(InvalidDefinitionError) as error:
        load_rules({"all_of": [{"flag": {"fact": "a"}}], "name": "n" * 201})

    assert [p.path for p in error.value.problems] == ["name"]


def test_not_over_a_ref_says_what_the_referenced_rule_held() -> None:
    """Negating a named rule gives that rule's held reason, with the value it read."""
    office = CodeSet.of(CodeSystem.CPT, "99211-99215", name="office_visits")
    rule = load_rules({"not": {"ref": "office"}}, rules={"office": code_in(office)})

    out = rule.evaluate({"code": Code(CodeSystem.CPT, "99213")})

    assert out.messages() == ("code CPT|99213 is in the code set office_visits",)


@pytest.mark.parametrize(
    ("length", "code"), [(200, "decimal_format"), (201, "type")], ids=["200 characters", "201"]
)
def test_an_amount_limit_is_text_of_at_most_200_characters(length: int, code: str) -> None:
    """Up to 200 characters the limit is read as an amount; beyond, it is refused as too long."""
    document = {"amount_at_most": {"fact": "a", "limit": "1" * length, "currency": "USD"}}

    with pytest.raises(InvalidDefinitionError) as error:
        load_rules(document)

    assert [(p.path, p.code) for p in error.value.problems] == [("amount_at_most.limit", code)]
