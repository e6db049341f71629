"""Only a CaseKitError, and no personal data in it: hostile documents at every loader.

Each attack is a document a loader must refuse with a `CaseKitError` (never a `ValueError`,
`OverflowError`, `RecursionError` or `TypeError` of Python's own), whose problems all have
paths, and whose text (message, problems, their reprs) holds no value from the document: the
marked personal values here stand for a patient's name and birth date.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import Any

import pytest
import yaml

from casekit import limits
from casekit.coverage import load_plan
from casekit.errors import CaseKitError, InvalidDefinitionError, InvalidInputError
from casekit.lifecycle import load_workflow
from casekit.rules import (
    Reason,
    count_below,
    load_parameter_table,
    load_rules,
    load_rules_yaml,
    predicate,
)

MARK = "PHI-MARK-7f3a Ana Synthetic 1917-03-29"
MAX_WITHIN = 36_525
"""The longest deadline a workflow document may give: a century of days."""


def refused(load: Callable[[], object]) -> CaseKitError:
    """Return the casekit error *load* raises, checking its paths and that it shows no mark."""
    with pytest.raises(CaseKitError) as caught:
        load()
    error = caught.value
    texts = [str(error), repr(error)]
    problems = getattr(error, "problems", ())
    texts += [repr(p) for p in problems]
    assert all(p.path for p in problems)
    assert not [t for t in texts if "PHI-MARK" in t or "1917" in t]
    return error


def _cycle() -> list[Any]:
    loop: list[Any] = []
    loop.append(loop)
    return loop


def _nested(depth: int) -> list[Any]:
    out: list[Any] = []
    for _ in range(depth):
        out = [out]
    return out


HOSTILE: list[tuple[str, object]] = [
    ("self-containing list", _cycle()),
    ("self-containing mapping", yaml.safe_load("a: &a {b: *a}")["a"]),
    ("100,000 nested lists", _nested(100_000)),
    ("a marked key", {MARK: 1}),
    ("a marked value", {"id": MARK, "states": MARK, "transitions": MARK, "all_of": MARK}),
    ("a 5,000-digit number", {"id": 10**5000, "limit": 10**5000}),
    ("a key that is a tuple", {("a", MARK): 1}),
]

LOADERS: list[tuple[str, Callable[[Any], object]]] = [
    ("load_rules", load_rules),
    ("load_plan", load_plan),
    ("load_workflow", load_workflow),
    ("load_parameter_table", lambda data: load_parameter_table(data, name="t")),
]


@pytest.mark.parametrize(("attack", "data"), HOSTILE, ids=[a for a, _ in HOSTILE])
@pytest.mark.parametrize(("loader", "load"), LOADERS, ids=[n for n, _ in LOADERS])
def test_every_loader_refuses_a_hostile_document_with_a_clean_casekit_error(
    loader: str, load: Callable[[Any], object], attack: str, data: object
) -> None:
    """Cycles, deep nesting, marked keys and values, huge numbers: a clean refusal each."""
    del loader, attack
    refused(lambda: load(data))


@pytest.mark.parametrize(
    ("loader", "load"),
    [("load_rules", load_rules), ("load_plan", load_plan), ("load_workflow", load_workflow)],
    ids=["load_rules", "load_plan", "load_workflow"],
)
def test_a_document_that_contains_itself_is_too_large(
    loader: str, load: Callable[[Any], object]
) -> None:
    """A YAML anchor inside itself describes an endless document: refused as too large."""
    del loader
    data = yaml.safe_load("root: &root {states: [*root], all_of: [*root], id: x}")["root"]

    error = refused(lambda: load(data))

    assert [p.code for p in error.problems] == ["too_large"]  # type: ignore[attr-defined]


def test_yaml_rules_with_a_5000_digit_integer_are_refused_cleanly() -> None:
    """Python will not read 4,300 digits and more as an int; the loader says so, at yaml."""
    text = "count_below: {fact: n, limit: " + "9" * 5_000 + "}"

    error = refused(lambda: load_rules_yaml(text))

    assert isinstance(error, InvalidDefinitionError)
    assert [(p.path, p.code) for p in error.problems] == [("yaml", "yaml_value")]


@pytest.mark.parametrize("scalar", ["2024-13-45", "0000-01-01", "2024-02-30"])
def test_yaml_rules_with_an_impossible_date_are_refused_cleanly(scalar: str) -> None:
    """A timestamp YAML resolves but Python cannot build is a problem at yaml, not ValueError."""
    error = refused(lambda: load_rules_yaml(f"flag: {{fact: {scalar}}}"))

    assert [p.code for p in error.problems] in (["yaml_value"], ["fact_name"])


def test_a_trace_of_a_count_too_long_to_write_renders() -> None:
    """A fact of 5,000 digits shows as its size in the trace, and the reasons still render."""
    evaluation = count_below(20, fact="visits_used").evaluate({"visits_used": 10**5000})

    text = evaluation.trace.render()

    assert text == "✗ count_below(visits_used, 20)  visits_used=<a whole number of 16610 bits>"
    assert evaluation.messages() == ("visits_used has reached its limit of 20",)


def test_a_custom_predicate_reading_a_huge_count_renders() -> None:
    """The same for a fact a custom predicate reads, and for a negative one."""
    rule = predicate("small", lambda n: n > 0, reads=("n",), reason=Reason("x.too_small"))

    text = rule.evaluate({"n": -(10**5000)}).trace.render()

    assert "n=<a whole number of 16610 bits>" in text


@pytest.mark.parametrize("within", [-1, "10", 1.0, MAX_WITHIN + 1, 10_000_000, 2**53 - 1])
def test_a_deadline_past_the_last_representable_day_is_refused(within: object) -> None:
    """``within=10_000_000`` days is past 9999-12-31 from any start: refused, as are non-counts."""
    data = {
        "id": "w",
        "states": [{"name": "new", "initial": True}, {"name": "done", "final": True}],
        "transitions": [{"event": "finish", "sources": ["new"], "target": "done"}],
        "deadlines": [{"name": "d", "within": within, "met_by": ["finish"]}],
    }

    error = refused(lambda: load_workflow(data))

    assert isinstance(error, InvalidInputError)
    assert [(p.path, p.code) for p in error.problems] == [("deadlines[0].within", "type")]


def test_the_longest_deadline_loads() -> None:
    """A century of days is the longest deadline a document may give."""
    data = {
        "id": "w",
        "states": [{"name": "new", "initial": True}, {"name": "done", "final": True}],
        "transitions": [{"event": "finish", "sources": ["new"], "target": "done"}],
        "deadlines": [
            {"name": "d", "within": MAX_WITHIN, "met_by": ["finish"], "start_state": "new"}
        ],
    }

    assert load_workflow(data).deadlines[0].within == MAX_WITHIN


def test_a_capped_error_pickles_as_it_is() -> None:
    """An error capped under one budget crosses a process boundary unchanged."""
    data = {"id": "w", "states": [{"nmae": MARK}] * 50, "transitions": []}
    with limits.using(problems=5):
        error = refused(lambda: load_workflow(data))

    again = pickle.loads(pickle.dumps(error))  # noqa: S301  # our own object, round trip

    assert (again.problems, again.total, str(again)) == (error.problems, error.total, str(error))  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "changes", [{"nodes": 0}, {"problems": -1}, {"units_per_line": 1.5}, {"nodse": 10}]
)
def test_a_budget_that_cannot_work_is_refused_before_the_block_runs(
    changes: dict[str, Any],
) -> None:
    """A budget of zero, a negative or fractional one, or a misspelt field: InvalidInputError."""
    ran = False
    with pytest.raises(InvalidInputError), limits.using(**changes):
        ran = True

    assert not ran
