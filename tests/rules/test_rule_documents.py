"""Rules as data: what a rule document may hold, where its problems are reported, how it dumps.

Documents load through `load_rules` and `load_rules_yaml`, nest to `MAX_DEPTH`, hold texts of
up to 200 characters, and dump back; every refusal names its path, code and message.
"""

from __future__ import annotations

from typing import Any

import pytest
from refusals import problems

from casekit.errors import InvalidDefinitionError
from casekit.rules import (
    MAX_DEPTH,
    Reason,
    age_between,
    all_of,
    any_of,
    dump_rules,
    flag,
    has_authorization,
    load_rules,
    load_rules_yaml,
    not_,
    predicate,
)

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
    assert problems(lambda: load_rules(doc, **kwargs), InvalidDefinitionError) == expected


def test_a_problem_inside_not_has_the_full_path() -> None:
    """A problem under not is reported below not, and a name on a leaf is only unknown."""
    with pytest.raises(InvalidDefinitionError) as caught:
        load_rules({"not": {"all_of": [{"flag": {}}]}})
    assert [p.path for p in caught.value.problems] == ["not.all_of[0].flag.fact"]
    with pytest.raises(InvalidDefinitionError) as caught:
        load_rules({"flag": {"fact": "a"}, "name": 5})
    assert [(p.path, p.code) for p in caught.value.problems] == [("name", "unknown_key")]


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


def test_a_code_set_list_needs_names() -> None:
    """Code sets given as a list must each have a name; the index says which did not."""
    named = type("Named", (frozenset,), {"name": "a"})({"A"})
    expected = [("code_sets[1]", "type", "must be a CodeSet with a name, or pass a mapping")]
    assert (
        problems(
            lambda: load_rules({"flag": {"fact": "a"}}, code_sets=[named, {"B"}]),
            InvalidDefinitionError,
        )
        == expected
    )
    rule = load_rules({"code_in": {"fact": "code", "set": "a"}}, code_sets=[named])
    assert rule.evaluate({"code": "A"}).passed


def test_yaml_errors_say_where_the_text_went_wrong() -> None:
    """Text that is not YAML names the line and column, counted from one."""
    assert problems(lambda: load_rules_yaml("flag: [a\nb: ]"), InvalidDefinitionError) == [
        ("yaml", "yaml_syntax", "is not valid YAML at line 2, column 2")
    ]
    assert problems(lambda: load_rules_yaml(b"flag: {}"), InvalidDefinitionError) == [  # type: ignore[arg-type]
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


REASON = Reason.of("custom.refused")


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
