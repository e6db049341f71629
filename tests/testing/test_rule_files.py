"""Reading and running rule-test files: every malformed file names the place and the problem."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from casekit.serialization import to_json
from casekit.testing._rule_files import RuleFileError, RuleTestError, read_rule_file
from casekit.testing.examples import river_case

HERE = Path(__file__).parent
POLICY = {"coverage_period": {"start": "2025-01-01", "end": "2025-12-31"}, "member_id": "M-1"}
LINE = {"code": "CPT|99213", "service_date": "2025-03-24", "billed": "100.00 USD"}


def _coverage(**changes: object) -> dict[str, object]:
    return {
        "coverage": [
            {
                "name": "c",
                "plan": {"file": "river-plan.yaml"},
                "policy": POLICY,
                "lines": [LINE],
                **changes,
            }
        ]
    }


def _workflow(**changes: object) -> dict[str, object]:
    return {"workflow": [{"name": "w", "steps": [{"event": "start_screening"}], **changes}]}


def _read(tmp_path: Path, doc: object, name: str = "test_x.casekit.json") -> list:
    shutil.copy(HERE / "river-plan.yaml", tmp_path / "river-plan.yaml")
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return read_rule_file(path)


MALFORMED = {
    "not json": ("{", "", "test_x.casekit.json is not JSON (line 1)"),
    "top not a mapping": ([1], "$", "must be a mapping of fields"),
    "unknown top key": ({"coverages": []}, "$.coverages", "is not a known field"),
    "personal key": (
        {"workflow": [{"name": "w", "steps": [], "MBR-0001": 1}]},
        "workflow[0].<key>",
        "is not a known field",
    ),
    "cases not a list": ({"coverage": {}}, "coverage", "must be a list"),
    "case not a mapping": ({"workflow": ["x"]}, "workflow[0]", "must be a mapping of fields"),
    "no name": (_coverage(name=""), "coverage[0].name", "every case needs a name"),
    "missing plan file": (
        _coverage(plan={"file": "nowhere.yaml"}),
        "coverage[0].plan.file",
        "cannot read nowhere.yaml",
    ),
    "file name not text": (_coverage(plan={"file": 3}), "coverage[0].plan.file", "file name"),
    "plan with a bad field": (
        _coverage(plan={"id": "p", "tiers": [], "benefits": [{"id": 5}]}),
        "coverage[0].plan.benefits[0].id",
        "",
    ),
    "plan that cannot work": (
        _coverage(plan={"id": "p", "tiers": [], "benefits": [{"id": "a"}, {"id": "a"}]}),
        "coverage[0].plan",
        "invalid definition",
    ),
    "policy not a mapping": (_coverage(policy=[1]), "coverage[0].policy", "mapping of fields"),
    "line not a mapping": (_coverage(lines=["x"]), "coverage[0].lines[0]", ""),
    "line with two problems": (
        _coverage(lines=[{"code": 1, "billed": 2}]),
        "coverage[0].lines[0].code",
        "more)",
    ),
    "expected line unknown": (
        _coverage(expect=[{"line": 2}]),
        "coverage[0].expect[0].line",
        "must be the number of a line",
    ),
    "codes not a list": (
        _coverage(expect=[{"line": 1, "codes": "CO-45"}]),
        "coverage[0].expect[0].codes",
        "must be a list of codes",
    ),
    "unknown workflow form": (_workflow(workflow=3), "workflow[0].workflow", "{file: ...}"),
    "unknown workflow name": (
        _workflow(workflow="adult-services"),
        "workflow[0].workflow",
        "a workflow name: standard",
    ),
    "unreachable start": (_workflow(start="nowhere"), "workflow[0].start", "must be a state"),
    "missing case file": (_workflow(start={"file": "c.json"}), "workflow[0].start.file", "c.json"),
    "event and record": (
        _workflow(steps=[{"event": "close", "record": {}}]),
        "workflow[0].steps[0]",
        "exactly one of event and record",
    ),
    "record of two kinds": (
        _workflow(steps=[{"record": {"contact": {}, "outcome": {}}}]),
        "workflow[0].steps[0].record",
        "one {kind: fields}",
    ),
    "record of no kind": (
        _workflow(steps=[{"record": {"memo": {}}}]),
        "workflow[0].steps[0].record",
        "kind must be one of",
    ),
    "event not text": (_workflow(steps=[{"event": 1}]), "workflow[0].steps[0].event", "name"),
    "refused not a list": (
        _workflow(steps=[{"event": "close", "refused": "yes"}]),
        "workflow[0].steps[0].refused",
        "true or a list",
    ),
    "naive time": (
        _workflow(steps=[{"event": "close", "at": "2025-03-03T09:00:00"}]),
        "workflow[0].steps[0].at",
        "",
    ),
    "same name twice": (
        {"workflow": [{"name": "w", "steps": []}, {"name": "w", "steps": []}]},
        "workflow[1].name",
        "is used by another case",
    ),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_file_names_the_place_and_the_problem(tmp_path, case):
    """Each malformed document raises RuleFileError with its path, place and problem."""
    doc, where, problem = MALFORMED[case]

    with pytest.raises(RuleFileError) as caught:
        _read(tmp_path, doc)

    assert caught.value.where == where
    assert problem in caught.value.problem
    assert str(caught.value).startswith(str(tmp_path / "test_x.casekit.json"))


def test_yaml_errors_give_the_line(tmp_path):
    """A YAML syntax error names the file and the line."""
    with pytest.raises(RuleFileError, match=r"is not valid YAML \(line 3\)"):
        _read(tmp_path, "coverage:\n  - [\n", "test_x.casekit.yaml")


def test_yaml_files_need_pyyaml(tmp_path, monkeypatch):
    """Without PyYAML, a YAML rule file says which extra to install."""
    monkeypatch.setitem(sys.modules, "yaml", None)

    with pytest.raises(RuleFileError, match=r"casekit\[yaml\]"):
        _read(tmp_path, "coverage: []\n", "test_x.casekit.yaml")


def test_an_empty_file_has_no_cases(tmp_path):
    """An empty YAML file is valid and holds no cases."""
    assert _read(tmp_path, "", "test_x.casekit.yaml") == []


def test_a_workflow_can_come_from_a_file_or_by_name(tmp_path):
    """workflow: {file: ...} reads a workflow document; a name looks one up."""
    from casekit.lifecycle import STANDARD, dump_workflow

    (tmp_path / "wf.json").write_text(json.dumps(dump_workflow(STANDARD)), encoding="utf-8")
    doc = {
        "workflow": [
            {"name": "file", "workflow": {"file": "wf.json"}, "steps": [{"event": "hold"}]},
            {"name": "named", "workflow": "mine", "steps": []},
        ]
    }
    shutil.copy(HERE / "river-plan.yaml", tmp_path / "river-plan.yaml")
    path = tmp_path / "test_x.casekit.json"
    path.write_text(json.dumps(doc), encoding="utf-8")

    cases = read_rule_file(path, {"mine": STANDARD})

    with pytest.raises(RuleTestError, match="expected it to be allowed"):
        cases[0].run()
    cases[1].run()


def test_a_starting_case_can_come_from_a_case_document(tmp_path):
    """start: {file: case.json} reads a case written by to_json."""
    (tmp_path / "case.json").write_text(to_json(river_case()), encoding="utf-8")
    doc = _workflow(start={"file": "case.json"}, at="2025-03-03T09:00:00+00:00")

    (case,) = _read(tmp_path, doc)

    case.run()


def _run(tmp_path: Path, steps: list[object], **changes: object) -> None:
    (case,) = _read(tmp_path, _workflow(steps=steps, **changes))
    case.run()


def test_steps_record_events_and_check_states_and_refusals(tmp_path):
    """Records, times, actors and refusals given as true all run as written."""
    contact = {
        "id": "ct-1",
        "mode": "phone",
        "at": "2025-03-04T09:00:00+00:00",
        "duration_minutes": 10,
        "by": "cm-test",
    }
    steps = [
        {"record": {"contact": contact}, "at": "2025-03-04T09:00:00+00:00"},
        {"event": "start_screening", "by": "cm-2", "state": "screening"},
        {"event": "reopen", "refused": True},
    ]

    _run(tmp_path, steps)


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ([{"event": "start_screening", "refused": True}], "expected a refusal; it is allowed"),
        (
            [{"event": "reopen", "refused": ["lifecycle.reason_missing"]}],
            "refused for other reasons",
        ),
        ([{"event": "start_screening", "state": "closed"}], "expected state 'closed'"),
    ],
    ids=["allowed", "other reasons", "other state"],
)
def test_a_workflow_case_that_differs_says_how(tmp_path, steps, message):
    """Each kind of difference in a workflow case fails with its own explanation."""
    with pytest.raises(RuleTestError, match=message):
        _run(tmp_path, steps)


def test_coverage_cases_read_accumulators_and_authorizations(tmp_path):
    """Accumulators and authorisations given in the file reach adjudication."""
    doc = _coverage(
        accumulators={"currency": "USD", "entries": []},
        authorizations=[
            {
                "id": "PA-1",
                "code": "CPT|97110",
                "units": 2,
                "valid": {"start": "2025-01-01", "end": "2025-12-31"},
            }
        ],
        lines=[{**LINE, "code": "CPT|97110"}],
        expect=[{"line": 1, "status": "covered", "plan_pays": "70.00 USD", "allowed": 100}],
    )

    (case,) = _read(tmp_path, doc)

    case.run()


def test_the_documented_river_file_is_the_one_the_suite_collects():
    """docs/testing.md shows tests/testing/test_river.casekit.yaml exactly, so it is run."""
    docs = (HERE.parent.parent / "docs" / "testing.md").read_text(encoding="utf-8")
    block = docs.split("```yaml\n", 1)[1].split("```", 1)[0]

    assert block == (HERE / "test_river.casekit.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["test_x.casekit.json", "test_x.casekit.yaml"])
def test_deeply_nested_files_are_refused(tmp_path, name):
    """A document nested past Python's recursion limit is a clear error, not a crash."""
    deep = "[" * 100_000 + "]" * 100_000

    with pytest.raises(RuleFileError, match=r"nests too deeply|is not valid"):
        _read(tmp_path, deep, name)


def test_files_that_are_not_utf8_are_refused(tmp_path):
    """Bytes that are not UTF-8 text are a clear error."""
    path = tmp_path / "test_x.casekit.json"
    path.write_bytes(b"\xff\xfe{}")

    with pytest.raises(RuleFileError, match="as UTF-8 text"):
        read_rule_file(path)
