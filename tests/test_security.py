"""Security review of casekit's trust boundaries, as tests (see docs/security.md).

1. No code execution from input: the source holds no eval, pickle, marshal, shelve,
   subprocess, os.system or dynamic import, and YAML is read only with safe_load. exec and
   compile appear once, where the event log's readers and writers are generated from attrs
   field names, and that code is made of nothing but names, numbered variables and constants.
2. Bounds on nested and large input: every reader refuses deep nesting and oversized text
   with a clear `CaseKitError`, never a RecursionError.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from mutations import DEPTH, deep_list

from casekit.coverage import Plan, load_plan
from casekit.errors import CaseKitError, InvalidDefinitionError, InvalidInputError
from casekit.lifecycle import load_workflow
from casekit.rules import MAX_DEPTH, load_rules
from casekit.serialization import MAX_DOCUMENT_CHARS, from_dict, from_json

SOURCE = Path(__file__).parents[1] / "src" / "casekit"
FILES = sorted(SOURCE.rglob("*.py"))

FORBIDDEN_CALLS = frozenset({"eval", "exec", "compile", "__import__", "breakpoint", "input"})
FORBIDDEN_MODULES = frozenset(
    {"pickle", "cPickle", "dill", "marshal", "shelve", "subprocess", "ctypes", "importlib"}
)
FORBIDDEN_ATTRIBUTES = frozenset(
    {
        ("pickle", "load"),
        ("pickle", "loads"),
        ("marshal", "load"),
        ("marshal", "loads"),
        ("os", "system"),
        ("os", "popen"),
        ("os", "exec"),
        ("os", "spawn"),
        ("yaml", "load"),
        ("yaml", "unsafe_load"),
        ("yaml", "full_load"),
        ("yaml", "load_all"),
        ("yaml", "Loader"),
        ("yaml", "UnsafeLoader"),
        ("yaml", "FullLoader"),
    }
)
# importlib.metadata serves __version__ (a fixed name, not input).
ALLOWED_IMPORTS = frozenset({"importlib.metadata"})
# The event log's record readers and writers are generated, as attrs generates __init__: the
# one function that compiles them (see test_generated_code_is_made_of_field_names_only).
ALLOWED_CALLS = frozenset(
    {("_event_log.py", "_generated", "compile"), ("_event_log.py", "_generated", "exec")}
)


def _findings(path: Path) -> list[str]:  # noqa: C901  # one branch per kind of node
    tree = ast.parse(path.read_text("utf-8"), str(path))
    found: list[str] = []
    allowed = {
        (id(call), name)
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef)
        for call in ast.walk(function)
        for file, within, name in ALLOWED_CALLS
        if (file, within) == (path.name, function.name)
    }
    for node in ast.walk(tree):
        where = f"{path.name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in FORBIDDEN_CALLS and (id(node), node.func.id) not in allowed:
                found.append(f"{where} calls {node.func.id}")
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            pair = (node.value.id, node.attr)
            if pair in FORBIDDEN_ATTRIBUTES or (
                node.value.id == "os" and node.attr.startswith(("exec", "spawn"))
            ):
                found.append(f"{where} uses {node.value.id}.{node.attr}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.split(".")[0]
                if top in FORBIDDEN_MODULES and alias.name not in ALLOWED_IMPORTS:
                    found.append(f"{where} imports {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.module:
            top = node.module.split(".")[0]
            if top in FORBIDDEN_MODULES and node.module not in ALLOWED_IMPORTS:
                found.append(f"{where} imports from {node.module}")
    return found


def test_the_scan_sees_every_source_file():
    """The scan reads casekit's whole source tree, serialisation and loaders included."""
    names = {p.name for p in FILES}

    assert {"_converter.py", "_event_log.py", "_data.py", "_load.py", "_parameters.py"} <= names


def test_the_scan_catches_what_it_forbids(tmp_path: Path):
    """The scanner reports eval, pickle, yaml.load, os.system and subprocess when present."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import pickle\nimport subprocess\nimport yaml, os\n"
        "eval('1')\npickle.loads(b'')\nyaml.load('', Loader=yaml.Loader)\nos.system('x')\n",
        "utf-8",
    )

    found = _findings(sample)

    assert len(found) == 7  # 2 imports, eval, pickle.loads, yaml.load, .Loader, os.system


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(SOURCE)))
def test_no_source_file_can_run_code_from_input(path: Path):
    """No casekit module evaluates, unpickles, shells out or imports by a computed name."""
    assert _findings(path) == []


def test_generated_code_is_made_of_field_names_only():
    """The event log's generated readers and writers hold only attrs field names, their own
    numbered variables, fixed helpers and constants: nothing read from data."""
    import linecache
    import re

    import attrs

    from casekit.case import CaseEvent
    from casekit.serialization import _event_log, to_json
    from casekit.testing.examples import case_in

    to_json(case_in("referred"))  # configures the converter, which generates them
    helpers = {
        *("record", "value", "obj", "later", "found", "fget", "name", "read_one", "m", "counted"),
        *("keys_get",),
        *("NotFast", "KeyError", "REFUSED", "twin", "cls", "token", "later_get", "memo_get"),
        *("when", "member", "EMPTY", "MAX", "quote", "int_repr", "not_fast", "spelt", "iso"),
        *("dict", "str", "int", "type", "map", "id", "len"),
    }
    assert CaseEvent in {cls for _, cls in _event_log._GENERATED}
    for filename, cls in _event_log._GENERATED:
        fields = {a.name for a in attrs.fields(cls)}
        tree = ast.parse("".join(linecache.getlines(filename)))
        for node in ast.walk(tree):
            assert not isinstance(node, (ast.Import, ast.ImportFrom, ast.Lambda, ast.Global))
            if isinstance(node, ast.Name):
                assert node.id in helpers or re.fullmatch(r"[xshac]\d+", node.id), node.id
            elif isinstance(node, ast.Attribute):
                assert node.attr in fields | {"__class__", "get", "append", "extend", "join"} | {
                    "isoformat"
                }, node.attr
            elif isinstance(node, ast.Constant):
                assert node.value is None or type(node.value) in (str, int, bool)


def test_the_generator_refuses_a_field_name_that_is_not_a_plain_identifier():
    """A record class whose field name is no Python identifier is read the general way."""
    from casekit.serialization import _event_log

    assert _event_log._is_name("payload")
    assert not _event_log._is_name("a; import os")
    assert not _event_log._is_name("class")


def test_yaml_is_read_only_with_safe_load():
    """The only YAML reader call in casekit is yaml.safe_load."""
    calls = [
        (path.name, node.func.attr)
        for path in FILES
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "yaml"
    ]

    assert {attr for _, attr in calls} == {"safe_load"}
    assert {name for name, _ in calls} == {"_data.py", "cli.py", "_rule_files.py"}


# --- bounds on nested and large input ------------------------------------------------------


def test_from_json_refuses_text_nested_ten_thousand_deep():
    """from_json refuses 10,000 nested arrays with a too_deep problem at $."""
    text = '{"schema_version": 1, "value": ' + "[" * DEPTH + "]" * DEPTH + "}"

    with pytest.raises(InvalidInputError) as caught:
        from_json(text, list[object])

    assert [(p.path, p.code) for p in caught.value.problems] == [("$", "too_deep")]


def test_from_json_refuses_text_over_its_size_limit():
    """from_json refuses text longer than max_chars before parsing it."""
    text = '{"schema_version": 1, "value": "' + "x" * 100 + '"}'

    with pytest.raises(InvalidInputError) as caught:
        from_json(text, str, max_chars=50)

    assert [(p.path, p.code) for p in caught.value.problems] == [("$", "too_large")]
    assert MAX_DOCUMENT_CHARS == 16 * 1024 * 1024


def test_from_dict_refuses_data_nested_ten_thousand_deep():
    """from_dict refuses 10,000 nested lists inside a plan with a CaseKitError, not recursion."""
    with pytest.raises(InvalidInputError) as caught:
        from_dict({"id": deep_list(), "tiers": [], "benefits": []}, Plan)

    assert [p.path for p in caught.value.problems] == ["id"]


def test_rules_refuse_nesting_past_max_depth():
    """A rule nested past MAX_DEPTH is refused with too_deep, before any recursion limit."""
    rule: object = {"flag": {"fact": "f"}}
    for _ in range(DEPTH):
        rule = {"not": rule}

    with pytest.raises(InvalidDefinitionError) as caught:
        load_rules(rule)

    assert [p.code for p in caught.value.problems] == ["too_deep"]
    assert caught.value.problems[0].path.count("not") == MAX_DEPTH + 1


def test_rules_refuse_deep_lists_as_rules():
    """10,000 nested lists where a rule belongs are refused with a type problem."""
    with pytest.raises(InvalidDefinitionError) as caught:
        load_rules({"all_of": deep_list()})

    assert [p.path for p in caught.value.problems] == ["all_of[0]"]


def test_workflow_loader_refuses_deep_nesting():
    """A workflow whose fields hold 10,000 nested lists is refused with paths."""
    with pytest.raises(InvalidInputError) as caught:
        load_workflow({"id": "w", "states": [deep_list()], "transitions": deep_list()})

    assert {p.path for p in caught.value.problems} == {"states[0]", "transitions[0]"}


def test_plan_loader_refuses_deep_nesting():
    """A plan whose benefits hold 10,000 nested lists is refused with a CaseKitError."""
    with pytest.raises(CaseKitError) as caught:
        load_plan({"id": "p", "tiers": [], "benefits": deep_list()})

    assert all(p.path for p in caught.value.problems)  # type: ignore[attr-defined]
