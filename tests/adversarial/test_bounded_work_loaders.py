"""Bounded work at the loaders: each costs in proportion to what it is given, aliases and all.

Work is measured as the Python and C calls a load makes (`sys.setprofile`), never as wall-clock
time, at a size n and at 10n; the ratio must stay near 10 (a linear loader) however much the
document's YAML aliases expand to. Each loader is also given the attack the review found, as
written, and must refuse it with one small ``too_large`` problem.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pytest
import yaml

from casekit import limits
from casekit.coverage import load_plan
from casekit.errors import CaseKitError, InvalidDefinitionError, InvalidInputError, Problem
from casekit.lifecycle import load_workflow
from casekit.rules import load_parameter_table, load_rules, load_rules_yaml

LINEAR = 15
"""The most 10n's work may be of n's: 10 for a linear loader, with room for fixed costs."""


def work(load: Callable[[], object]) -> int:
    """Return how many Python and C calls *load* makes, refused or not."""
    calls = 0

    def count(_frame: object, event: str, _arg: object) -> None:
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(count)
    try:
        load()
    except CaseKitError:
        pass
    finally:
        sys.setprofile(None)
    return calls


def ratio(make: Callable[[int], Callable[[], object]], n: int) -> float:
    """Return the work of the load *make* builds at 10n over its work at n."""
    return work(make(10 * n)) / work(make(n))


def bomb(width: int, levels: int, leaf: str) -> str:
    """Return YAML anchors each holding *width* aliases of the one before: width**levels leaves."""
    lines = [f"l0: &l0 {leaf}"]
    for i in range(1, levels):
        items = ", ".join(f"k{j}: *l{i - 1}" for j in range(width))
        lines.append(f"l{i}: &l{i} {{{items}}}")
    return "\n".join(lines) + "\n"


def refusal(load: Callable[[], object]) -> CaseKitError:
    """Return the error *load* raises; fail if it loads."""
    with pytest.raises(CaseKitError) as caught:
        load()
    return caught.value


# The attacks as the review wrote them.


PLAN_BOMB = (  # 12 KB: a thousand benefits of a thousand limits
    "l: &l {measure: visits, max: 20}\n"
    f"ls: &ls [{', '.join(['*l'] * 1_000)}]\n"
    "b: &b {id: b, limits: *ls}\n"
    f"plan: {{id: p, tiers: [], benefits: [{', '.join(['*b'] * 1_000)}]}}\n"
)
WORKFLOW_BOMB = (  # 8 KB: a thousand transitions of a thousand bad sources
    f"names: &names [{', '.join(['1'] * 1_000)}]\n"
    "t: &t {event: e, sources: *names, target: done}\n"
    f"workflow: {{id: w, states: [], transitions: [{', '.join(['*t'] * 1_000)}]}}\n"
)
TABLE_BOMB = (  # under 1 KB: 18**5 = 1,889,568 fields
    bomb(width=18, levels=6, leaf='"1"') + 'table: {_unit: USD, "2024": *l5}\n'
)


@pytest.mark.parametrize(
    ("text", "key", "load", "error_type"),
    [
        (TABLE_BOMB, "table", lambda t: load_parameter_table(t, name="b"), InvalidDefinitionError),
        (PLAN_BOMB, "plan", load_plan, InvalidInputError),
        (WORKFLOW_BOMB, "workflow", load_workflow, InvalidInputError),
    ],
    ids=["parameter table", "plan", "workflow"],
)
def test_a_small_alias_bomb_is_refused_with_one_small_problem_by_counting(
    text: str, key: str, load: Callable[[Any], object], error_type: type[CaseKitError]
) -> None:
    """A few KB of YAML describing millions of nodes: one too_large problem, a few steps of work."""
    data = yaml.safe_load(text)[key]

    error = refusal(lambda: load(data))

    assert len(text) < 12_000
    assert isinstance(error, error_type)
    assert [(p.path, p.code) for p in error.problems] == [("$", "too_large")]  # type: ignore[attr-defined]
    assert len(str(error)) < 500
    assert work(lambda: load(data)) < 50_000


def test_an_error_of_ten_thousand_problems_lists_the_budget_and_counts_the_rest() -> None:
    """A document of 10,000 empty states is refused with a small error that counts them all."""
    data = {"id": "w", "states": [{}] * 10_000, "transitions": []}

    error = refusal(lambda: load_workflow(data))

    assert isinstance(error, InvalidInputError)
    assert error.total == 10_000
    assert len(error.problems) == limits.current().problems + 1
    assert error.problems[-1] == Problem(
        "$", "too_many_problems", "and 9900 more problems not listed; fix these first"
    )
    assert len(str(error)) < 10_000


# Growth: the work at 10n over the work at n.


def _parameter_bomb(width: int) -> Callable[[], object]:
    table = yaml.safe_load(bomb(width, 4, '"1"') + 'table: {_unit: USD, "2024": *l3}\n')["table"]
    return lambda: load_parameter_table(table, name="t")


def _rules_bomb(width: int) -> Callable[[], object]:
    lines = ["l0: &l0 {flag: {fact: f}}"]
    lines += [f"l{i}: &l{i} {{all_of: [{', '.join([f'*l{i - 1}'] * width)}]}}" for i in (1, 2, 3)]
    data = yaml.safe_load("\n".join(lines) + "\n")["l3"]
    return lambda: load_rules(data)


def _rules_yaml_bomb(width: int) -> Callable[[], object]:
    lines = ["- &l0 {flag: {fact: f}}"]
    lines += [f"- &l{i} {{all_of: [{', '.join([f'*l{i - 1}'] * width)}]}}" for i in range(1, 4)]
    text = "any_of:\n" + "\n".join(f"  {line}" for line in lines) + "\n"
    return lambda: load_rules_yaml(text)


def _plan_bomb(width: int) -> Callable[[], object]:
    limits_list = [{"measure": "visits", "max": 20}] * width
    benefit = {"id": "b", "limits": limits_list}
    plan = {"id": "p", "tiers": [], "benefits": [benefit] * width}
    return lambda: load_plan(plan)


def _workflow_bomb(width: int) -> Callable[[], object]:
    transition = {"event": "e", "sources": [1] * width, "target": "done"}
    return lambda: load_workflow({"id": "w", "states": [], "transitions": [transition] * width})


@pytest.mark.parametrize(
    "make",
    [_parameter_bomb, _rules_bomb, _rules_yaml_bomb, _plan_bomb, _workflow_bomb],
    ids=["parameter table", "rules", "rules yaml", "plan", "workflow"],
)
def test_an_alias_bomb_ten_times_wider_costs_at_most_about_ten_times_more(
    make: Callable[[int], Callable[[], object]],
) -> None:
    """Widening every level tenfold multiplies the expanded size by 100 or more, the work by 10.

    Both widths expand past the nodes budget: under it, a loader does the work the expanded
    document asks for, which the budget bounds.
    """
    assert ratio(make, 300) < LINEAR


def _flags(n: int) -> Callable[[], object]:
    document = {"all_of": [{"flag": {"fact": f"f{i}"}} for i in range(n)]}
    return lambda: load_rules(document)


def _table(n: int) -> Callable[[], object]:
    table: dict[str, Any] = {"_unit": "USD"}
    table.update({str(2000 + i % 999): {f"field{i}": "12.50"} for i in range(n)})
    return lambda: load_parameter_table(table, name="t")


def _states(n: int) -> Callable[[], object]:
    names = [f"s{i}" for i in range(n)]
    data = {
        "id": "w",
        "states": [{"name": "s0", "initial": True}]
        + [{"name": name} for name in names[1:-1]]
        + [{"name": names[-1], "final": True}],
        "transitions": [
            {"event": f"e{i}", "sources": [names[i]], "target": names[i + 1]} for i in range(n - 1)
        ],
    }
    return lambda: load_workflow(data)


def _benefits(n: int) -> Callable[[], object]:
    plan = {
        "id": "p",
        "tiers": [],
        "benefits": [
            {"id": f"b{i}", "limits": [{"measure": "visits", "max": 20}]} for i in range(n)
        ],
    }
    return lambda: load_plan(plan)


def _problems(n: int) -> Callable[[], object]:
    data = {"id": "w", "states": [{"nmae": "x"} for _ in range(n)], "transitions": []}
    return lambda: load_workflow(data)


@pytest.mark.parametrize(
    ("make", "n"),
    [(_flags, 200), (_table, 50), (_states, 30), (_benefits, 30), (_problems, 200)],
    ids=["rules", "parameter table", "workflow", "plan", "workflow problems"],
)
def test_a_document_ten_times_larger_costs_at_most_about_ten_times_more(
    make: Callable[[int], Callable[[], object]], n: int
) -> None:
    """Valid and invalid documents alike cost in proportion to their size."""
    assert ratio(make, n) < LINEAR


def test_a_parameter_table_source_range_costs_the_same_however_many_years_it_spans() -> None:
    """200 ``_1000_9999_source``-like keys cost no more than 200 one-year ones."""

    def table(span: int) -> Callable[[], object]:
        data: dict[str, Any] = {"_unit": "USD", "2024": {"deductible": "1632"}}
        data.update({f"_{1000 + i}_{1000 + i + span}_source": f"CMS {i}" for i in range(200)})
        return lambda: load_parameter_table(data, name="t")

    assert work(table(8_999 - 200)) < 2 * work(table(0))


def test_an_error_costs_the_same_to_render_for_ten_times_the_problems() -> None:
    """Past the budget, more problems make neither a longer message nor a larger error."""
    small = InvalidInputError(Problem(f"s[{i}]", "missing", "is required") for i in range(1_000))
    large = InvalidInputError(Problem(f"s[{i}]", "missing", "is required") for i in range(10_000))

    assert len(str(large)) - len(str(small)) < 10
    assert len(large.problems) == len(small.problems)
