"""What the fuzzing found, kept as regression tests now that each is fixed.

Each test states the behaviour casekit promises: only a clean `CaseKitError`, a path for
every problem, no input value in any message, and bounded work.
"""

from __future__ import annotations

import pytest
from mutations import deep_list, texts_of
from world import MARK

from casekit.errors import CaseKitError, InvalidDefinitionError, InvalidInputError
from casekit.lifecycle import STANDARD, dump_workflow, load_workflow
from casekit.rules import load_parameter_table, load_rules_yaml
from casekit.serialization import from_json


def _standard() -> dict[str, object]:
    return dump_workflow(STANDARD)


@pytest.mark.parametrize("field", ["category", "fhir", "cmmn"])
@pytest.mark.parametrize("value", [[], {}])
def test_workflow_refuses_a_list_where_a_category_belongs(field: str, value: object):
    """A list or an object where a state's category belongs is refused with its path."""
    data = _standard()
    data["states"][0][field] = value  # type: ignore[index]

    with pytest.raises(InvalidInputError) as caught:
        load_workflow(data, guards=dict(STANDARD.guards))

    assert [p.path for p in caught.value.problems] == [f"states[0].{field}"]


def test_workflow_error_paths_do_not_repeat_unknown_keys():
    """An unknown key that holds a personal value is not repeated in the error."""
    data = _standard()
    data[f"{MARK} Ana"] = 1
    data["states"][0][f"{MARK} Ana"] = 1  # type: ignore[index]

    with pytest.raises(InvalidInputError) as caught:
        load_workflow(data, guards=dict(STANDARD.guards))

    assert not any(MARK in text for text in texts_of(caught.value))


@pytest.mark.parametrize("data", [None, [], {"": 1}])
def test_workflow_refusals_always_have_a_path(data: object):
    """Every problem found in a workflow document has a non-empty path."""
    with pytest.raises(InvalidInputError) as caught:
        load_workflow(data)  # type: ignore[arg-type]  # fuzzing the check

    assert all(p.path for p in caught.value.problems)


def test_parameter_table_refuses_deep_nesting_cleanly():
    """A parameter table nested 5,000 levels deep is refused with a too_deep problem."""
    row: object = "1"
    for _ in range(5000):
        row = {"a": row}

    with pytest.raises(InvalidDefinitionError) as caught:
        load_parameter_table({"_unit": "USD", "2024": row}, name="deep")

    assert caught.value.problems[0].code == "too_deep"


def test_parameter_table_refusal_of_a_non_mapping_has_a_path():
    """A parameter table that is not a mapping is refused at the path $."""
    with pytest.raises(InvalidDefinitionError) as caught:
        load_parameter_table([], name="t")  # type: ignore[arg-type]  # fuzzing the check

    assert caught.value.problems[0].path == "$"


def test_parameter_table_error_paths_do_not_repeat_odd_keys():
    """A field key holding a personal value is not repeated when its amount is refused."""
    with pytest.raises(InvalidDefinitionError) as caught:
        load_parameter_table({"_unit": "USD", "2024": {f"{MARK} Ana": "x"}}, name="t")

    assert not any(MARK in text for text in texts_of(caught.value))


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


def test_yaml_rules_refuse_an_alias_bomb():
    """A small YAML document whose aliases expand to 15,000 rule nodes is refused as too large.

    The walk stops at MAX_NODES, so the work is bounded whatever the aliases multiply to.
    """
    text = _alias_bomb(levels=4, width=25)  # 1 + 25 + 625 + 15,625 nodes in 200 bytes

    with pytest.raises(InvalidDefinitionError) as caught:
        load_rules_yaml(text)

    assert [p.code for p in caught.value.problems] == ["too_large"]


def test_from_json_refuses_a_document_with_a_duplicate_key():
    """A JSON object with the same key twice is refused rather than silently read."""
    from casekit.money import Money

    text = '{"schema_version": 1, "amount": "1.00", "amount": "1000.00", "currency": "USD"}'

    with pytest.raises(InvalidInputError) as caught:
        from_json(text, Money)

    assert caught.value.problems[0].code == "duplicate_key"


def test_deep_nesting_never_escapes_as_recursion_error_from_the_converter():
    """10,000 nested lists anywhere in a document give a CaseKitError, not RecursionError."""
    from casekit.people import PersonName
    from casekit.serialization import from_dict

    with pytest.raises(CaseKitError):
        from_dict({"family": deep_list()}, PersonName)
