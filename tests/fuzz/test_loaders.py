"""Fuzzing every other reader: workflows, rule sets (dicts and YAML), parameter tables, plans,
`Code.parse` and `DateRange.of`, with arbitrary and near-valid input.

Each property allows exactly one outcome besides success: a `CaseKitError` whose problems all
have paths and whose text shows no personal value. What the fuzzing found (and was fixed) is
kept as regression tests in test_known_bugs.py.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pendulum
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutations import mutants, read
from world import MARK

from casekit.codes import Code, CodeSet, CodeSystem
from casekit.coverage import dump_plan, load_plan
from casekit.coverage.medicare import part_a_plan
from casekit.lifecycle import STANDARD, dump_workflow, load_workflow
from casekit.periods import DateRange
from casekit.rules import flag, load_parameter_table, load_rules, load_rules_yaml
from casekit.testing import strategies as cks

PARAMETERS = json.loads(
    (Path(__file__).parents[1] / "rules" / "data" / "parameters.json").read_text("utf-8")
)["parameters"]

RULES_DOC: dict[str, Any] = {
    "all_of": [
        {"code_in": {"fact": "code", "set": "office_visits"}},
        {"date_in": {"fact": "on", "start": "2024-01-01", "end": "2024-12-31"}},
        {"date_in": {"fact": "on", "period_fact": "policy_period"}},
        {"age_between": {"fact": "age", "at_least": 18, "at_most": 64, "private": True}},
        {"sex_in": {"fact": "sex", "values": ["female"]}},
        {"count_below": {"fact": "visits_used", "limit": 20}},
        {"amount_at_most": {"fact": "amount", "limit": "500.00", "currency": "USD"}},
        {"has_authorization": {"fact": "authorizations", "code_fact": "code", "on_fact": "on"}},
        {"any_of": [{"not": {"flag": {"fact": "excluded"}}, "name": "x"}, {"ref": "registered"}]},
    ],
    "name": "covered",
}
CODE_SETS = {"office_visits": CodeSet.of(CodeSystem.CPT, "99202-99215", name="office_visits")}
RULES = {"registered": flag("referred")}
GUARDS = dict(STANDARD.guards)

EXAMPLES = max(10, settings().max_examples // 2)
FUZZ = settings(
    max_examples=EXAMPLES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    deadline=None,
)


def _read(_reader: str, call: Callable[[], object], *, marks: tuple[str, ...]) -> None:
    read(call, marks=marks)


LOADERS: dict[str, Callable[[Any], object]] = {
    "workflow": lambda d: load_workflow(d, guards=GUARDS),
    "rules": lambda d: load_rules(d, code_sets=CODE_SETS, rules=RULES),
    "yaml": lambda d: load_rules_yaml(
        yaml.safe_dump(d, allow_unicode=True), code_sets=CODE_SETS, rules=RULES
    ),
    "parameters": lambda d: load_parameter_table(d, name="fuzz"),
    "plan": load_plan,
}

SEEDS: dict[str, list[Any]] = {
    "workflow": [dump_workflow(STANDARD)],
    "rules": [RULES_DOC],
    "yaml": [RULES_DOC],
    "parameters": [
        table
        for table in PARAMETERS.values()
        if isinstance(table, dict) and str(table.get("_unit", "")).startswith("USD")
    ],
    "plan": [dump_plan(part_a_plan(on=pendulum.date(2025, 1, 1)))],
}


def test_every_seed_document_loads():
    """Each seed document loads, so near-valid fuzzing starts from valid input."""
    for name, seeds in SEEDS.items():
        for seed in seeds:
            assert LOADERS[name](seed) is not None


@pytest.mark.parametrize("reader", sorted(LOADERS))
@FUZZ
@given(value=cks.json_values(nan=False))
def test_loaders_refuse_arbitrary_json_cleanly(reader: str, value: object):
    """Any JSON value given to a loader is read or refused with a clean CaseKitError."""
    _read(reader, lambda: LOADERS[reader](value), marks=())


@pytest.mark.parametrize("reader", sorted(LOADERS))
@FUZZ
@given(data=st.data())
def test_loaders_refuse_near_valid_documents_cleanly(reader: str, data: st.DataObject):
    """A real document with one field broken is loaded or refused, with paths and no mark."""
    seed = data.draw(st.sampled_from(SEEDS[reader]), label="seed")
    # A workflow names its states and guards in its errors, by design: they are vocabulary.
    # A personal value would not pass as a name, so the workflow's mark has spaces.
    mark = f"{MARK} Ana" if reader == "workflow" else MARK
    # Readers that echo keys get marks in values only, until that is fixed.
    mutant = data.draw(mutants(seed, mark=mark, mark_keys=True), label="mutant")
    if reader == "yaml" and mutant.kind in {"deep", "huge"}:
        return  # PyYAML's emitter recurses and is slow on these; the text tests cover YAML
    _read(reader, lambda: LOADERS[reader](mutant.data), marks=(mark,))


@FUZZ
@given(text=st.text() | st.text(alphabet="[]{}:-,&*!| \n'\"ab1").map(str))
def test_yaml_rules_refuse_arbitrary_text_cleanly(text: str):
    """Any text given to load_rules_yaml is read or refused with a clean CaseKitError."""
    _read("yaml", lambda: load_rules_yaml(text, code_sets=CODE_SETS, rules=RULES), marks=())


@FUZZ
@given(text=st.text() | st.text(alphabet='[]{}:,"0123456789.eE-NaIfinty \\u').map(str))
def test_from_json_refuses_arbitrary_text_cleanly(text: str):
    """Any text given to from_json is read or refused with a clean CaseKitError."""
    from casekit.serialization import from_json

    read(lambda: from_json(text, Code), marks=())
    read(lambda: from_json(text, DateRange), marks=())


@FUZZ
@given(value=cks.json_values() | st.text(alphabet="CPTHS-IDLOCAN|0123456789.X ").map(str))
def test_code_parse_refuses_anything_but_a_code_cleanly(value: object):
    """Code.parse reads a code or refuses anything else with a clean CaseKitError."""
    read(lambda: Code.parse(value), marks=())  # type: ignore[arg-type]  # fuzzing the check


@FUZZ
@given(data=st.data())
def test_code_parse_refuses_near_valid_codes_cleanly(data: st.DataObject):
    """A real code with one thing broken is read or refused with a clean CaseKitError."""
    code = data.draw(cks.codes(), label="code")
    mutant = data.draw(mutants(str(code), mark=MARK), label="mutant")
    read(lambda: Code.parse(mutant.data), marks=())


@FUZZ
@given(data=st.data())
def test_date_range_of_refuses_near_valid_dates_cleanly(data: st.DataObject):
    """DateRange.of with one broken bound is built or refused with a clean CaseKitError."""
    period = data.draw(cks.date_ranges(), label="period")
    bounds = [period.start.isoformat(), period.end.isoformat()]
    mutant = data.draw(mutants(bounds, mark=MARK), label="mutant")
    args = mutant.data if isinstance(mutant.data, list) and len(mutant.data) == 2 else None
    if args is not None:
        read(lambda: DateRange.of(*args), marks=(MARK,))
