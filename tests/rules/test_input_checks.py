"""Bad input to the rule kernel: refused at the field, with the exact problem.

Each refusal is pinned as the whole tuple of problems (path, code, message), so a mutant that
weakens a check or rewords its message is caught; each check also has its valid neighbours,
so a mutant that tightens it is caught too. Found by tests/fuzz/test_constructors.py: a reason
code and a parameter value without validators, reason params, a locale and sex codes used
before any type check, predicate reads, load_rules' code_sets and rules, a parameter table's
name formatted before it was checked, facts that are not a mapping, and a code a set cannot
hold.
"""

from __future__ import annotations

import enum
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import pendulum
import pytest

from casekit import i18n
from casekit._validate import MAX_SAFE_INTEGER, TOO_LARGE
from casekit.codes import CodeSet, CodeSystem
from casekit.errors import InvalidDefinitionError, InvalidInputError
from casekit.money import Money
from casekit.rules import (
    DatedParameter,
    Evaluation,
    ParameterHistory,
    Reason,
    Rule,
    Trace,
    all_of,
    any_of,
    code_in,
    count_below,
    flag,
    load_parameter_table,
    load_rules,
    not_,
    predicate,
    sex_in,
)

D = pendulum.date(2024, 1, 1)
REASON = Reason("custom.refused")
DEEP: list[Any] = []
_inner = DEEP
for _ in range(5000):
    _inner.append([])
    _inner = _inner[0]


class _Number(enum.IntEnum):
    ONE = 1


class _Text(str):
    __slots__ = ()


def _problems(
    call: Callable[[], object], error: type[Exception]
) -> tuple[tuple[str, str, str], ...]:
    with pytest.raises(error) as caught:
        call()
    assert type(caught.value) is error
    return tuple(tuple(p) for p in caught.value.problems)  # type: ignore[attr-defined]


# --- Reason.code -------------------------------------------------------------------------------

CODE = (
    (
        "code",
        "reason_code",
        "must be a dotted code of up to 128 letters, digits and _, such as coverage.limit_reached",
    ),
)

BAD_CODES = {
    "none": None,
    "int": 5,
    "huge_int": 10**5000,
    "decimal": Decimal(1),
    "bytes": b"x.y",
    "list": [],
    "deep_list": DEEP,
    "str_subclass": _Text("x.y"),
    "empty": "",
    "space": "a b",
    "leading_dot": ".x",
    "trailing_dot": "x.",
    "double_dot": "x..y",
    "leading_digit": "1x",
    "segment_leading_digit": "x.1y",
    "hyphen": "x-y",
    "newline": "x\n",
    "non_ascii": "é.x",
    "129": "x" * 129,
}


@pytest.mark.parametrize("code", BAD_CODES.values(), ids=BAD_CODES.keys())
def test_a_reason_code_must_be_a_dotted_code(code: object) -> None:
    """Reason(), Reason.of() and from the catalogue's shape: refused at code, value unshown."""
    assert _problems(lambda: Reason(code), InvalidInputError) == CODE  # type: ignore[arg-type]
    assert _problems(lambda: Reason.of(code), InvalidInputError) == CODE  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "code",
    ["x", "x.y", "coverage.limit_reached", "A_1.b_2", "_", "_x._y.z9", "x" * 128],
)
def test_dotted_codes_are_reason_codes(code: str) -> None:
    """Codes of identifier segments joined by dots, up to 128 characters, are kept as given."""
    assert Reason(code).code == code
    assert Reason.of(code, n=1).code == code


def test_every_catalogue_code_is_a_reason_code() -> None:
    """Every code the catalogues render can be a Reason's code."""
    for catalogue in i18n.CATALOGUES.values():
        for code in catalogue:
            assert Reason(code).message() == i18n.render(code, ())


# --- Reason.params -----------------------------------------------------------------------------

PARAMS = (("params", "type", "must be (name, text or int) pairs; pass amounts as strings"),)


@pytest.mark.parametrize(
    "params",
    [None, 5, 1.5, Decimal(1), object(), "ab", b"ab", iter([("a", 1)]), {("a", 1)}],
    ids=["none", "int", "float", "decimal", "object", "str", "bytes", "iterator", "set"],
)
def test_reason_params_that_are_not_a_dict_list_or_tuple_are_refused(params: object) -> None:
    """Only a dict or a list/tuple of pairs becomes params; anything else is refused whole."""
    assert _problems(lambda: Reason("x.y", params), InvalidInputError) == PARAMS


@pytest.mark.parametrize(
    "params",
    [{"b": 2, "a": "z"}, [("a", "z"), ("b", 2)], (("a", "z"), ("b", 2))],
    ids=["dict", "list", "tuple"],
)
def test_reason_params_from_a_dict_list_or_tuple(params: object) -> None:
    """A dict is sorted; a list or tuple of pairs is kept, as a tuple."""
    assert Reason("x.y", params).params == (("a", "z"), ("b", 2))


def test_reason_params_default_to_none() -> None:
    """Without params a reason has an empty tuple."""
    assert Reason("x.y").params == ()


# --- Reason.message(locale) --------------------------------------------------------------------


@pytest.mark.parametrize(
    "locale",
    [[], {}, DEEP, None, 5, "xx", "en"],
    ids=["list", "dict", "deep", "none", "int", "xx", "en"],
)
def test_a_locale_that_is_not_a_known_tag_falls_back_to_english(locale: object) -> None:
    """Rendering never fails: a locale that is not text is unknown, like any unknown tag."""
    reason = Reason.of("rules.count_at_limit", fact="visits_used", limit=20)
    english = "visits_used has reached its limit of 20"

    assert reason.message(locale) == english  # type: ignore[arg-type]
    assert i18n.render(reason.code, reason.params, locale=locale) == english  # type: ignore[arg-type]
    outcome = count_below(20, fact="visits_used").evaluate({"visits_used": 20})
    assert outcome.messages(locale) == (english,)  # type: ignore[arg-type]


def test_a_known_locale_is_still_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """A text locale with a catalogue renders from it."""
    monkeypatch.setitem(i18n.CATALOGUES, "fr", {"rules.flag_set": "{fact} est vrai"})

    assert Reason.of("rules.flag_set", fact="f").message("fr") == "f est vrai"


# --- sex_in(allowed) ---------------------------------------------------------------------------

ALLOWED_TYPE = (("allowed", "type", "must be a list of male, female, other, unknown"),)
ALLOWED_SEX = (("allowed", "sex", "must be one or more of male, female, other, unknown"),)


def _item(index: int) -> tuple[tuple[str, str, str], ...]:
    return ((f"allowed[{index}]", "type", "must be text: male, female, other or unknown"),)


@pytest.mark.parametrize(
    ("allowed", "expected"),
    [
        (None, ALLOWED_TYPE),
        (5, ALLOWED_TYPE),
        (10**5000, ALLOWED_TYPE),
        (1.5, ALLOWED_TYPE),
        (object(), ALLOWED_TYPE),
        (pendulum.date(2025, 1, 1), ALLOWED_TYPE),
        ([["female"]], _item(0)),
        ([{}], _item(0)),
        (DEEP, _item(0)),
        (["female", 5], _item(1)),
        (["female", None, []], _item(1)),
        (b"female", _item(0)),
        ([], ALLOWED_SEX),
        ("", ALLOWED_SEX),
        (["female", "f"], ALLOWED_SEX),
    ],
    ids=[
        "none",
        "int",
        "huge_int",
        "float",
        "object",
        "date",
        "nested_list",
        "dict_item",
        "deep_list",
        "second_item",
        "first_bad_item",
        "bytes",
        "empty",
        "empty_str",
        "unknown_code",
    ],
)
def test_sex_in_wants_administrative_sex_codes(
    allowed: object, expected: tuple[tuple[str, str, str], ...]
) -> None:
    """A non-iterable is refused at allowed, a non-text item at its index, an unknown code too."""
    assert _problems(lambda: sex_in(allowed), InvalidDefinitionError) == expected  # type: ignore[arg-type]


def _female_and_male() -> Iterator[str]:
    yield "male"
    yield "female"


@pytest.mark.parametrize(
    "allowed",
    [
        lambda: ["female", "male"],
        lambda: ("male", "female", "male"),
        lambda: frozenset({"female", "male"}),
        _female_and_male,  # a fresh generator each run: one is used up by its first reading
    ],
    ids=["list", "tuple", "frozenset", "generator"],
)
def test_sex_in_takes_any_iterable_of_codes(allowed: Any) -> None:
    """Codes come sorted and once each, from any iterable."""
    rule = sex_in(allowed(), private=False)

    assert rule.name == "sex_in(sex, female|male)"
    assert rule.evaluate({"sex": "male"}).passed


def test_sex_in_takes_one_code_as_text() -> None:
    """A single code may be given as text, not split into letters."""
    assert sex_in("other").name == "sex_in(sex, other)"


# --- predicate(reads=) -------------------------------------------------------------------------

READS = (("reads", "type", "must be a list of fact names"),)


@pytest.mark.parametrize(
    "reads",
    [None, 5, 10**5000, 1.5, object(), "age", "", pendulum.date(2025, 1, 1)],
    ids=["none", "int", "huge_int", "float", "object", "str", "empty_str", "date"],
)
def test_predicate_reads_must_be_a_list_of_fact_names(reads: object) -> None:
    """reads is refused whole unless it is an iterable other than text."""
    call = lambda: predicate("p", bool, reads=reads, reason=REASON)  # type: ignore[arg-type]  # noqa: E731

    assert _problems(call, InvalidDefinitionError) == READS


def test_predicate_reads_items_are_still_fact_names() -> None:
    """An item that is not a fact name is refused at its index, as before."""
    call = lambda: predicate("p", bool, reads=["a", 5], reason=REASON)  # type: ignore[list-item]  # noqa: E731

    assert _problems(call, InvalidDefinitionError) == (
        (
            "reads[1]",
            "fact_name",
            "must be a fact name: letters, digits and _, not starting a digit",
        ),
    )


@pytest.mark.parametrize(
    "reads",
    [lambda: ["a", "b"], lambda: ("a", "b"), lambda: iter(["a", "b"])],
    ids=["list", "tuple", "iterator"],
)
def test_predicate_reads_from_any_iterable(reads: Any) -> None:
    """The facts are read in the order given (a fresh iterator each run: one is used up)."""
    rule = predicate("p", lambda a, b: a < b, reads=reads(), reason=REASON)

    assert rule.evaluate({"a": 1, "b": 2}).passed


def test_a_predicate_may_read_no_facts() -> None:
    """An empty reads is a test of nothing, evaluated against any mapping."""
    rule = predicate("always", lambda: True, reads=[], reason=REASON)

    assert rule.evaluate({}).passed


# --- load_rules(code_sets=, rules=) ------------------------------------------------------------

FLAG = {"flag": {"fact": "f"}}
CODE_SETS_TYPE = (
    ("code_sets", "type", "must be a mapping of name to code set, or a list of CodeSets"),
)
CODE_SETS_KEY = (("code_sets", "type", "must map each code set's name (text) to the set"),)


@pytest.mark.parametrize(
    ("code_sets", "expected"),
    [
        (None, CODE_SETS_TYPE),
        (5, CODE_SETS_TYPE),
        (10**5000, CODE_SETS_TYPE),
        (object(), CODE_SETS_TYPE),
        ("abc", CODE_SETS_TYPE),
        ({1: frozenset({"A"})}, CODE_SETS_KEY),
        ({"a": frozenset(), 2: frozenset()}, CODE_SETS_KEY),
        ({"a": 5}, (("code_sets.a", "type", "must support `code in code_set`"),)),
        ({"a b": None}, (("code_sets.<key>", "type", "must support `code in code_set`"),)),
        (
            [frozenset({"A"})],
            (("code_sets[0]", "type", "must be a CodeSet with a name, or pass a mapping"),),
        ),
    ],
    ids=[
        "none",
        "int",
        "huge_int",
        "object",
        "str",
        "int_key",
        "second_key",
        "not_a_container",
        "unsafe_key",
        "unnamed_set",
    ],
)
def test_load_rules_code_sets_are_a_mapping_or_named_sets(
    code_sets: object, expected: tuple[tuple[str, str, str], ...]
) -> None:
    """A registry of the wrong shape is refused before the document is read."""
    call = lambda: load_rules(FLAG, code_sets=code_sets)  # type: ignore[arg-type]  # noqa: E731

    assert _problems(call, InvalidDefinitionError) == expected


class _Key(str):
    __slots__ = ()


OFFICE = CodeSet.of(CodeSystem.CPT, "99211-99215", name="office_visits")
CODE_DOC = {"code_in": {"fact": "code", "set": "office_visits"}}


@pytest.mark.parametrize(
    "code_sets",
    [
        lambda: [OFFICE],
        lambda: (OFFICE,),
        lambda: iter([OFFICE]),
        lambda: {"office_visits": OFFICE},
        lambda: {"office_visits": frozenset({"99213"})},
        lambda: MappingProxyType({_Key("office_visits"): OFFICE}),
    ],
    ids=["list", "tuple", "iterator", "mapping", "plain_set", "str_subclass_key"],
)
def test_load_rules_code_sets_as_a_mapping_or_named_sets(code_sets: Any) -> None:
    """A list (or any iterable) of named sets, or a mapping of name to any container (made
    fresh each run: an iterator is used up by its first reading)."""
    rule = load_rules(CODE_DOC, code_sets=code_sets())

    assert rule.evaluate({"code": "99213"}).passed


def test_load_rules_without_code_sets() -> None:
    """The default registry is empty."""
    assert load_rules(FLAG).evaluate({"f": True}).passed
    assert load_rules(FLAG, code_sets={}).evaluate({"f": True}).passed


RULES_TYPE = (("rules", "type", "must be a mapping of name to Rule"),)
RULES_KEY = (("rules", "type", "must map each rule's name (text) to the rule"),)
NOT_A_RULE = "must be a Rule: an object with a name and an evaluate method"


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        ("abc", RULES_TYPE),
        ("", RULES_TYPE),
        (1, RULES_TYPE),
        (0, RULES_TYPE),
        (10**5000, RULES_TYPE),
        ([], RULES_TYPE),
        ((), RULES_TYPE),
        ([("r", flag("x"))], RULES_TYPE),
        (object(), RULES_TYPE),
        ({1: flag("x")}, RULES_KEY),
        ({"a": flag("x"), None: flag("y")}, RULES_KEY),
        ({"r": 5}, (("rules.r", "not_a_rule", NOT_A_RULE),)),
        ({"r": flag("x"), "s": "flag"}, (("rules.s", "not_a_rule", NOT_A_RULE),)),
        ({"bad key": None}, (("rules.<key>", "not_a_rule", NOT_A_RULE),)),
    ],
    ids=[
        "str",
        "empty_str",
        "int",
        "zero",
        "huge_int",
        "empty_list",
        "empty_tuple",
        "pairs",
        "object",
        "int_key",
        "none_key",
        "not_a_rule",
        "second_not_a_rule",
        "unsafe_key",
    ],
)
def test_load_rules_rules_are_a_mapping_of_name_to_rule(
    rules: object, expected: tuple[tuple[str, str, str], ...]
) -> None:
    """Registered rules are a mapping of text names to rules, or None."""
    call = lambda: load_rules(FLAG, rules=rules)  # type: ignore[arg-type]  # noqa: E731

    assert _problems(call, InvalidDefinitionError) == expected


class _Always:
    """A rule written by hand, registered for a ref."""

    name = "always"

    def evaluate(self, _facts: object, /) -> Evaluation:
        return Evaluation(passed=True, trace=Trace("always", passed=True))


@pytest.mark.parametrize(
    "rules",
    [
        {"registered": flag("x")},
        {"registered": _Always(), "other": flag("y")},
        MappingProxyType({_Key("registered"): flag("x")}),
    ],
    ids=["casekit_rule", "own_rule", "mapping_proxy"],
)
def test_load_rules_refers_to_registered_rules(rules: Mapping[str, Rule]) -> None:
    """casekit's rules and hand-written ones may be registered under text names."""
    rule = load_rules({"ref": "registered"}, rules=rules)

    assert rule.evaluate({"x": True}).passed


def test_load_rules_with_no_rules_registered() -> None:
    """rules=None and an empty mapping register nothing."""
    nothing: tuple[Mapping[str, Rule] | None, ...] = (None, {})
    for rules in nothing:
        assert load_rules(FLAG, rules=rules).evaluate({"f": True}).passed


# --- load_parameter_table(name=) ---------------------------------------------------------------

TABLE = {"_unit": "USD", "2024": {"deductible": "1632"}}
NAME = (("name", "type", "must be non-empty text"),)


@pytest.mark.parametrize(
    "name",
    [10**5000, DEEP, None, 5, b"medicare", _Text("medicare"), "", "  "],
    ids=["huge_int", "deep_list", "none", "int", "bytes", "str_subclass", "empty", "blank"],
)
def test_a_parameter_table_name_must_be_text(name: object) -> None:
    """The name is checked before it is formatted into each history's name."""
    call = lambda: load_parameter_table(TABLE, name=name)  # type: ignore[arg-type]  # noqa: E731

    assert _problems(call, InvalidDefinitionError) == NAME


def test_a_parameter_table_name_is_checked_before_the_table() -> None:
    """A bad name is reported even when the table is bad too."""
    call = lambda: load_parameter_table(5, name=None)  # type: ignore[arg-type]  # noqa: E731

    assert _problems(call, InvalidDefinitionError) == NAME


def test_a_parameter_table_name_prefixes_each_history() -> None:
    """A text name is the prefix of each history's name."""
    history = load_parameter_table(TABLE, name="medicare")["deductible"]

    assert history.name == "medicare.deductible"


# --- Rule.evaluate(facts) ----------------------------------------------------------------------

FACTS = (("facts", "type", "must be a mapping of fact names to values"),)

RULES: dict[str, Rule] = {
    "count_below": count_below(3, fact="visits"),
    "flag": flag("f"),
    "all_of": all_of(flag("f"), count_below(3, fact="visits")),
    "any_of": any_of(flag("f"), _Always()),
    "not_": not_(flag("f")),
    "no_reads": predicate("always", lambda: True, reads=[], reason=REASON),
    "loaded": load_rules({"all_of": [FLAG, {"count_below": {"fact": "visits", "limit": 3}}]}),
}


@pytest.mark.parametrize("rule", RULES.values(), ids=RULES.keys())
@pytest.mark.parametrize(
    "facts",
    [None, 5, 10**5000, [], [("f", True)], "x", "", (), b"f", object(), DEEP, frozenset()],
    ids=[
        "none",
        "int",
        "huge_int",
        "list",
        "pairs",
        "str",
        "empty_str",
        "tuple",
        "bytes",
        "object",
        "deep_list",
        "frozenset",
    ],
)
def test_facts_must_be_a_mapping(rule: Rule, facts: object) -> None:
    """Every casekit rule refuses facts that are not a mapping, even one that reads nothing."""
    assert _problems(lambda: rule.evaluate(facts), InvalidInputError) == FACTS  # type: ignore[arg-type]


class _Facts(Mapping[str, object]):
    """A mapping that is not a dict."""

    def __init__(self, data: dict[str, object]) -> None:
        self._data = data

    def __getitem__(self, key: str) -> object:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


@pytest.mark.parametrize(
    "wrap", [dict, OrderedDict, MappingProxyType, _Facts], ids=["dict", "ordered", "proxy", "own"]
)
def test_any_mapping_holds_facts(wrap: Callable[[dict[str, object]], Mapping[str, object]]) -> None:
    """dict is the fast path; any other Mapping is read the same way."""
    facts = wrap({"f": True, "visits": 2})

    for rule in RULES.values():
        assert rule.evaluate(facts).passed is (rule is not RULES["not_"])


# --- code_in: a code the set cannot hold -------------------------------------------------------


@pytest.mark.parametrize(
    "code", [[], {}, DEEP, bytearray(b"CPT|1")], ids=["list", "dict", "deep_list", "bytearray"]
)
@pytest.mark.parametrize("fact", ["code", "dx"])
def test_a_code_a_set_cannot_hold_is_a_wrong_fact(fact: str, code: object) -> None:
    """An unhashable code is a fact of the wrong type, like the other predicates' facts."""
    rule = code_in(frozenset({"CPT|1"}), fact=fact, set_name="s")

    assert _problems(lambda: rule.evaluate({fact: code}), InvalidInputError) == (
        (f"facts.{fact}", "type", "must be a code the code set can hold"),
    )


def test_a_code_of_another_type_in_a_text_set_is_a_wrong_fact() -> None:
    """Any TypeError from the membership test is the fact's: `5 in "abc"` too."""
    rule = code_in("ABC", set_name="letters")

    assert rule.evaluate({"code": "B"}).passed
    assert _problems(lambda: rule.evaluate({"code": 5}), InvalidInputError) == (
        ("facts.code", "type", "must be a code the code set can hold"),
    )


@pytest.mark.parametrize(("code", "passed"), [("CPT|1", True), ("CPT|2", False), (5, False)])
def test_a_code_a_set_can_hold_is_tested(code: object, passed: bool) -> None:  # noqa: FBT001
    """Hashable codes are looked up: in the set or not."""
    rule = code_in(frozenset({"CPT|1"}), set_name="s")

    assert rule.evaluate({"code": code}).passed is passed


def test_a_code_set_answers_for_any_code() -> None:
    """A CodeSet says False for a value that is not a code, without an error."""
    assert not code_in(OFFICE).evaluate({"code": []}).passed


# --- DatedParameter.value ----------------------------------------------------------------------

VALUE_TYPE = (("value", "type", "must be Money, a Decimal, a whole number or text"),)
NOT_FINITE = (("value", "not_finite", "must be finite, not NaN or infinity"),)
VALUE_TOO_LARGE = (("value", "too_large", TOO_LARGE),)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (10**5000, VALUE_TOO_LARGE),
        (MAX_SAFE_INTEGER + 1, VALUE_TOO_LARGE),
        (-MAX_SAFE_INTEGER - 1, VALUE_TOO_LARGE),
        (DEEP, VALUE_TYPE),
        (object(), VALUE_TYPE),
        (b"bytes", VALUE_TYPE),
        (None, VALUE_TYPE),
        (True, VALUE_TYPE),
        (_Number.ONE, VALUE_TYPE),
        (1.5, VALUE_TYPE),
        ([], VALUE_TYPE),
        ({}, VALUE_TYPE),
        (D, VALUE_TYPE),
        (Decimal("NaN"), NOT_FINITE),
        (Decimal("sNaN"), NOT_FINITE),
        (Decimal("Infinity"), NOT_FINITE),
        (Decimal("-Infinity"), NOT_FINITE),
    ],
    ids=[
        "huge_int",
        "past_max",
        "past_min",
        "deep_list",
        "object",
        "bytes",
        "none",
        "bool",
        "int_enum",
        "float",
        "list",
        "dict",
        "date",
        "nan",
        "snan",
        "infinity",
        "minus_infinity",
    ],
)
def test_a_parameter_value_is_money_a_decimal_a_whole_number_or_text(
    value: object, expected: tuple[tuple[str, str, str], ...]
) -> None:
    """What JSON cannot carry, or casekit could not read back, is refused at value."""
    assert _problems(lambda: DatedParameter(D, value), InvalidInputError) == expected
    assert _problems(lambda: ParameterHistory.of("x", {D: value}), InvalidInputError) == expected


@pytest.mark.parametrize(
    "value",
    [
        Money.of("1632", "USD"),
        Decimal("0.2"),
        Decimal("-0"),
        0,
        -1,
        MAX_SAFE_INTEGER,
        -MAX_SAFE_INTEGER,
        "",
        "text",
        _Text("text"),
    ],
    ids=[
        "money",
        "decimal",
        "minus_zero",
        "zero",
        "minus_one",
        "max",
        "min",
        "empty",
        "text",
        "str_subclass",
    ],
)
def test_parameter_values_that_are_kept(value: object) -> None:
    """Money, finite Decimals, whole numbers within 2**53 - 1 either way, and text."""
    assert DatedParameter(D, value).value is value
    assert ParameterHistory.of("x", {D: value}).on(D) is value
