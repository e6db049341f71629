"""What the fuzzing found in modules this suite does not own, pinned as strict xfails.

Each test states the behaviour casekit promises (only a clean `CaseKitError`, a path for
every problem, no input value in any message, bounded work). Each fails today; the reason
names the file and the fix. When a fix lands, the test passes, strict xfail turns that into
a failure, and the marker (and the matching entry in test_loaders.KNOWN_BUGS) should go.
"""

from __future__ import annotations

import time

import pytest
from mutations import deep_list, texts_of
from world import MARK

from casekit.errors import CaseKitError, InvalidDefinitionError, InvalidInputError
from casekit.lifecycle import STANDARD, workflow_from_dict, workflow_to_dict
from casekit.rules import load_parameter_table, load_rules_yaml
from casekit.serialization import from_json, to_json


def _standard() -> dict[str, object]:
    return workflow_to_dict(STANDARD)


@pytest.mark.xfail(
    strict=True,
    raises=TypeError,
    reason="lifecycle/_data.py:57 `value in codes` on an unhashable value raises TypeError; "
    "check `type(value) is str and value in codes`",
)
@pytest.mark.parametrize("field", ["category", "fhir", "cmmn"])
@pytest.mark.parametrize("value", [[], {}])
def test_workflow_refuses_a_list_where_a_category_belongs(field: str, value: object):
    """A list or an object where a state's category belongs is refused with its path."""
    data = _standard()
    data["states"][0][field] = value  # type: ignore[index]

    with pytest.raises(InvalidInputError) as caught:
        workflow_from_dict(data, guards=dict(STANDARD.guards))

    assert [p.path for p in caught.value.problems] == [f"states[0].{field}"]


@pytest.mark.xfail(
    strict=True,
    reason="lifecycle/_data.py:117 and :185 put the key itself in the path (str(key)); use a "
    "safe-key helper like serialization._key_path, which shows <key> for odd keys",
)
def test_workflow_error_paths_do_not_repeat_unknown_keys():
    """An unknown key that holds a personal value is not repeated in the error."""
    data = _standard()
    data[f"{MARK} Ana"] = 1
    data["states"][0][f"{MARK} Ana"] = 1  # type: ignore[index]

    with pytest.raises(InvalidInputError) as caught:
        workflow_from_dict(data, guards=dict(STANDARD.guards))

    assert not any(MARK in text for text in texts_of(caught.value))


@pytest.mark.xfail(
    strict=True,
    reason='lifecycle/_data.py:183 gives the path "" for a non-mapping, and :185 gives "" '
    'for an empty key; use "$" for the document itself, as serialization does',
)
@pytest.mark.parametrize("data", [None, [], {"": 1}])
def test_workflow_refusals_always_have_a_path(data: object):
    """Every problem found in a workflow document has a non-empty path."""
    with pytest.raises(InvalidInputError) as caught:
        workflow_from_dict(data)  # type: ignore[arg-type]  # fuzzing the check

    assert all(p.path for p in caught.value.problems)


@pytest.mark.xfail(
    strict=True,
    raises=RecursionError,
    reason="rules/_parameters.py:256 `_flatten` recurses without a bound; refuse mappings "
    "nested deeper than rules.MAX_DEPTH with a too_deep problem",
)
def test_parameter_table_refuses_deep_nesting_cleanly():
    """A parameter table nested 5,000 levels deep is refused with a too_deep problem."""
    row: object = "1"
    for _ in range(5000):
        row = {"a": row}

    with pytest.raises(InvalidDefinitionError) as caught:
        load_parameter_table({"_unit": "USD", "2024": row}, name="deep")

    assert caught.value.problems[0].code == "too_deep"


@pytest.mark.xfail(
    strict=True,
    reason='rules/_parameters.py:198 gives the path "" for a table that is not a mapping; use "$"',
)
def test_parameter_table_refusal_of_a_non_mapping_has_a_path():
    """A parameter table that is not a mapping is refused at the path $."""
    with pytest.raises(InvalidDefinitionError) as caught:
        load_parameter_table([], name="t")  # type: ignore[arg-type]  # fuzzing the check

    assert caught.value.problems[0].path == "$"


@pytest.mark.xfail(
    strict=True,
    reason="rules/_parameters.py:216 builds the path from the raw field key; pass keys "
    "through a safe-key helper (rules/_data.py `_key`) as the rule loader does",
)
def test_parameter_table_error_paths_do_not_repeat_odd_keys():
    """A field key holding a personal value is not repeated when its amount is refused."""
    with pytest.raises(InvalidDefinitionError) as caught:
        load_parameter_table({"_unit": "USD", "2024": {f"{MARK} Ana": "x"}}, name="t")

    assert not any(MARK in text for text in texts_of(caught.value))


@pytest.mark.xfail(
    strict=True,
    raises=RecursionError,
    reason="rules/_data.py:420 yaml.safe_load raises RecursionError on deep flow nesting; "
    "catch RecursionError beside yaml.YAMLError and raise a yaml/too_deep problem",
)
def test_yaml_rules_refuse_deep_nesting_cleanly():
    """YAML text nested 10,000 levels deep is refused with a CaseKitError at yaml."""
    with pytest.raises(InvalidDefinitionError) as caught:
        load_rules_yaml("[" * 10_000)

    assert caught.value.problems[0].path == "yaml"


def _alias_bomb(levels: int, width: int) -> str:
    lines = ["- &l0 {flag: {fact: f}}"]
    lines += [
        f"- &l{i} {{all_of: [{', '.join([f'*l{i - 1}'] * width)}]}}" for i in range(1, levels)
    ]
    return "any_of:\n" + "\n".join(f"  {line}" for line in lines) + "\n"


@pytest.mark.xfail(
    strict=True,
    reason="rules/_data.py:374 walks YAML aliases as a tree: 450 bytes of YAML expand to "
    "10**6 nodes (about 40 s). Count nodes in _Loader.rule and refuse past a MAX_NODES "
    "(such as 10,000) with a too_large problem, or refuse aliases in load_rules_yaml",
)
def test_yaml_rules_refuse_an_alias_bomb():
    """A small YAML document whose aliases expand to 15,000 rule nodes is refused quickly."""
    text = _alias_bomb(levels=4, width=25)  # 1 + 25 + 625 + 15,625 nodes in 200 bytes
    start = time.perf_counter()

    with pytest.raises(InvalidDefinitionError):
        load_rules_yaml(text)

    assert time.perf_counter() - start < 0.1  # refused before the walk


@pytest.mark.xfail(
    strict=True,
    reason="serialization.py:726 json.loads keeps the last of duplicate keys, so two readers "
    "of one document can disagree; pass object_pairs_hook that refuses duplicates",
)
def test_from_json_refuses_a_document_with_a_duplicate_key():
    """A JSON object with the same key twice is refused rather than silently read."""
    from casekit.money import Money

    text = '{"schema_version": 1, "amount": "1.00", "amount": "1000.00", "currency": "USD"}'

    with pytest.raises(InvalidInputError) as caught:
        from_json(text, Money)

    assert caught.value.problems[0].code == "duplicate_key"


def test_from_json_keeps_the_last_of_duplicate_keys_today():
    """Today from_json reads a duplicated key's last value, as Python's json module does."""
    from casekit.money import Money

    text = '{"schema_version": 1, "amount": "1.00", "amount": "1000.00", "currency": "USD"}'

    assert from_json(text, Money) == Money.of("1000.00", "USD")
    assert to_json(Money.of("1000.00", "USD")).count("amount") == 1


def test_deep_nesting_never_escapes_as_recursion_error_from_the_converter():
    """10,000 nested lists anywhere in a document give a CaseKitError, not RecursionError."""
    from casekit.people import PersonName
    from casekit.serialization import from_dict

    with pytest.raises(CaseKitError):
        from_dict({"family": deep_list()}, PersonName)
