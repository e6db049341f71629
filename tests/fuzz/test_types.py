"""Fuzzing `from_dict` and `from_json` for every public type: arbitrary and near-valid input.

The types come from the exported API (`world.public_types`), so a type added later is fuzzed
without a change here; `test_every_public_type_has_a_fuzzing_seed` fails until the world
builds one of it.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutations import Mutant, mutants, read
from world import BIRTH_YEAR, MARK, build_world, instances, public_types

from casekit.lifecycle import Workflow
from casekit.money import Money
from casekit.rules import DatedParameter, ParameterHistory
from casekit.serialization import SCHEMA_VERSION, from_dict, from_json, to_dict
from casekit.testing import strategies as cks

TYPES = public_types()
SEEDS = instances(build_world())
MARKS = (MARK, BIRTH_YEAR)

# Generic classes are read with the parameter casekit itself uses (load_parameter_table).
READ_AS: dict[type, Any] = {
    DatedParameter: DatedParameter[Money],
    ParameterHistory: ParameterHistory[Money],
}

NEAR_VALID_SKIPPED: dict[type, str] = {
    # A workflow holds its guards as Python callables: its data form is dump_workflow's,
    # fuzzed through load_workflow in test_loaders.py. Arbitrary input still goes here.
    Workflow: "guards are callables; its documents are fuzzed via load_workflow",
}

# Hypothesis runs each type's test this many times at the default profile; the long profile
# (CASEKIT_PROFILE=thorough, see tests/support/profiles.py) raises max_examples and so this too.
EXAMPLES = max(8, settings().max_examples // 6)
FUZZ = settings(
    max_examples=EXAMPLES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    deadline=None,
)


def _ids(t: type) -> str:
    return t.__qualname__


def _wrap(text: str) -> str:
    """Return the JSON text of a document as `to_json` frames it, with ``schema_version``."""
    if text.startswith("{") and text != "{}":
        return f'{{"schema_version": {SCHEMA_VERSION}, {text[1:]}'
    if text == "{}":
        return f'{{"schema_version": {SCHEMA_VERSION}}}'
    return f'{{"schema_version": {SCHEMA_VERSION}, "value": {text}}}'


def test_every_public_type_has_a_fuzzing_seed():
    """The world holds an instance of every public type, so near-valid fuzzing covers each."""
    missing = [t.__qualname__ for t in TYPES if t not in SEEDS]

    assert missing == []


def test_the_census_finds_the_types_users_name():
    """The type census reaches the top-level API and types only reachable through fields."""
    names = {t.__qualname__ for t in TYPES}

    assert {"Case", "Patient", "Plan", "Workflow", "Money", "Trace"} - names == {"Trace"}
    assert {"Limit", "CostShare", "Accumulated", "CodeSetEntry", "Opening"} <= names


@pytest.mark.parametrize("cls", TYPES, ids=_ids)
@FUZZ
@given(value=cks.json_values())
def test_arbitrary_json_gives_only_a_clean_casekit_error(cls: type, value: object):
    """Any JSON value, as data or as a document, is read or refused with a clean CaseKitError."""
    target = READ_AS.get(cls, cls)
    read(lambda: from_dict(value, target), marks=())
    body = value if isinstance(value, dict) else {"value": value}
    text = json.dumps({**body, "schema_version": SCHEMA_VERSION})
    read(lambda: from_json(text, target), marks=())


@pytest.mark.parametrize("cls", [t for t in TYPES if t not in NEAR_VALID_SKIPPED], ids=_ids)
@FUZZ
@given(data=st.data())
def test_near_valid_documents_give_only_a_clean_casekit_error(cls: type, data: st.DataObject):
    """A real document with one field broken is read or refused, with paths and no PHI."""
    seed = data.draw(st.sampled_from(SEEDS[cls]), label="seed")
    mutant: Mutant = data.draw(mutants(to_dict(seed), mark=MARK), label="mutant")
    target = READ_AS.get(cls, cls)
    read(lambda: from_dict(mutant.data, target), marks=MARKS)
    read(lambda: from_json(_wrap(mutant.text), target), marks=MARKS)


@pytest.mark.parametrize("cls", [t for t in TYPES if t not in NEAR_VALID_SKIPPED], ids=_ids)
def test_every_seed_round_trips(cls: type):
    """Each seed reads back equal from its document, so near-valid fuzzing starts valid."""
    target = READ_AS.get(cls, cls)

    for seed in SEEDS[cls]:
        assert from_dict(to_dict(seed), target) == seed
