"""Benchmark: one coverage rule in casekit's kernel (with its trace), plain Python and peers.

The rule: covered if the code is in a 200-code set, the service date is in the member's
policy period, fewer than 20 visits were used this year, and prior authorisation is either
not required or on file. It is evaluated over 100,000 synthetic lines (fixed seed) by:

* casekit, three ways: ``evaluate`` (the trace is recorded and built on demand: what an
  application pays when it keeps every outcome), ``evaluate`` + the full `Trace` objects of
  every line, and ``evaluate`` + trace + reasons of every line;
* plain Python: the same test as one function;
* the peers that install: rule-engine, json-logic-qubit, zen-engine, business-rules,
  datalogic-py (and datalogic-py's own step trace on a 5,000-line sample).

Every engine gets its inputs in its own native form, built before timing; every engine must
agree on which lines are covered. Run: ``.venv/bin/python benchmarks/coverage_rules.py``
(peers: ``pip install 'casekit[bench]'``; a peer that is missing is reported and skipped).
"""

from __future__ import annotations

import gc
import importlib
import json
import random
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

import pendulum

from casekit.codes import Code, CodeSet, CodeSystem
from casekit.periods import DateRange
from casekit.rules import all_of, any_of, code_in, count_below, date_in, flag, not_

LINES = 100_000
SEED = 20240601
CODES_IN_SET = [str(99000 + 3 * i) for i in range(200)]  # 200 CPT codes
CODE_POOL = CODES_IN_SET + [str(99001 + 3 * i) for i in range(50)]  # and 50 that are not


def synthetic_lines(n: int) -> list[dict[str, Any]]:
    """Return *n* lines as plain values: code, day and period ordinals, counts, flags."""
    rng = random.Random(SEED)
    members = []
    for _ in range(500):
        start = pendulum.date(2023, 1, 1).add(days=rng.randrange(730))
        members.append((start, start.add(days=rng.choice([89, 180, 364]))))
    lines = []
    for _ in range(n):
        start, end = rng.choice(members)
        lines.append(
            {
                "code": rng.choice(CODE_POOL),
                "on": start.add(days=rng.randrange(-30, 400)),
                "start": start,
                "end": end,
                "visits_used": rng.randrange(25),
                "auth_required": rng.random() < 0.3,
                "auth_on_file": rng.random() < 0.5,
            }
        )
    return lines


def plain_python(line: dict[str, Any], codes: frozenset[str] = frozenset(CODES_IN_SET)) -> bool:
    """The rule as one Python expression."""
    return (
        line["code"] in codes
        and line["start"] <= line["on"] <= line["end"]
        and line["visits_used"] < 20
        and (not line["auth_required"] or line["auth_on_file"])
    )


def casekit_setup(lines: list[dict[str, Any]]) -> tuple[Any, list[dict[str, Any]]]:
    """Return casekit's rule and the lines as casekit facts (Code, Date, DateRange)."""
    office = CodeSet.of(CodeSystem.CPT, *CODES_IN_SET, name="office_visits")
    rule = all_of(
        code_in(office),
        date_in(period_fact="policy_period"),
        count_below(20, fact="visits_used"),
        any_of(not_(flag("auth_required")), flag("auth_on_file")),
        name="covered",
    )
    periods: dict[tuple[Any, Any], DateRange] = {}
    facts = [
        {
            "code": Code(CodeSystem.CPT, line["code"]),
            "on": line["on"],
            "policy_period": periods.setdefault(
                (line["start"], line["end"]), DateRange(line["start"], line["end"])
            ),
            "visits_used": line["visits_used"],
            "auth_required": line["auth_required"],
            "auth_on_file": line["auth_on_file"],
        }
        for line in lines
    ]
    return rule, facts


def ordinal_lines(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the lines with dates as day numbers and the code as text, for the peers."""
    return [
        {
            "code": f"CPT|{line['code']}",
            "on": line["on"].toordinal(),
            "start": line["start"].toordinal(),
            "end": line["end"].toordinal(),
            "visits_used": line["visits_used"],
            "auth_required": line["auth_required"],
            "auth_on_file": line["auth_on_file"],
        }
        for line in lines
    ]


JSON_LOGIC = {
    "and": [
        {"in": [{"var": "code"}, [f"CPT|{c}" for c in CODES_IN_SET]]},
        {"<=": [{"var": "start"}, {"var": "on"}, {"var": "end"}]},
        {"<": [{"var": "visits_used"}, 20]},
        {"or": [{"!": {"var": "auth_required"}}, {"var": "auth_on_file"}]},
    ]
}
CODE_LIST = ", ".join(f"'CPT|{c}'" for c in CODES_IN_SET)


def peer_rule_engine() -> Callable[[dict[str, Any]], bool]:
    import rule_engine

    codes = tuple(f"CPT|{c}" for c in CODES_IN_SET)
    rule = rule_engine.Rule(
        "code in codes and on >= start and on <= end and visits_used < 20"
        " and (not auth_required or auth_on_file)",
        context=rule_engine.Context(default_value=None),
    )

    def run(line: dict[str, Any]) -> bool:
        return bool(rule.matches({**line, "codes": codes}))

    return run


def peer_json_logic() -> Callable[[dict[str, Any]], bool]:
    from json_logic import jsonLogic

    return lambda line: bool(jsonLogic(JSON_LOGIC, line))


def peer_zen() -> Callable[[dict[str, Any]], bool]:
    import zen

    expression = zen.compile_expression(
        f"code in [{CODE_LIST}] and on >= start and on <= end and visits_used < 20"
        " and (not auth_required or auth_on_file)"
    )
    return lambda line: bool(expression.evaluate(line))


def peer_datalogic() -> Callable[[dict[str, Any]], bool]:
    import datalogic_py

    rule = datalogic_py.Engine().compile(JSON_LOGIC)
    return lambda line: bool(rule.evaluate(line))


def peer_datalogic_trace() -> Callable[[dict[str, Any]], bool]:
    import datalogic_py

    engine, logic = datalogic_py.Engine(), json.dumps(JSON_LOGIC)

    def run(line: dict[str, Any]) -> bool:
        envelope = json.loads(engine.evaluate_with_trace(logic, json.dumps(line)))
        return bool(envelope["result"])

    return run


def peer_business_rules() -> Callable[[dict[str, Any]], bool]:
    from business_rules.actions import BaseActions, rule_action
    from business_rules.engine import run
    from business_rules.variables import (
        BaseVariables,
        boolean_rule_variable,
        numeric_rule_variable,
        string_rule_variable,
    )

    class Line(BaseVariables):  # type: ignore[misc]  # untyped peer
        def __init__(self, line: dict[str, Any]) -> None:
            self.line = line

        @string_rule_variable  # type: ignore[misc]
        def code(self) -> str:
            return str(self.line["code"])

        @numeric_rule_variable  # type: ignore[misc]
        def days_after_start(self) -> int:
            return int(self.line["on"] - self.line["start"])

        @numeric_rule_variable  # type: ignore[misc]
        def days_before_end(self) -> int:
            return int(self.line["end"] - self.line["on"])

        @numeric_rule_variable  # type: ignore[misc]
        def visits_used(self) -> int:
            return int(self.line["visits_used"])

        @boolean_rule_variable  # type: ignore[misc]
        def auth_required(self) -> bool:
            return bool(self.line["auth_required"])

        @boolean_rule_variable  # type: ignore[misc]
        def auth_on_file(self) -> bool:
            return bool(self.line["auth_on_file"])

    class Actions(BaseActions):  # type: ignore[misc]  # untyped peer
        @rule_action(params={})  # type: ignore[misc]
        def cover(self) -> None:
            pass

    pattern = "^(" + "|".join(f"CPT\\|{c}" for c in CODES_IN_SET) + ")$"
    rule = {
        "conditions": {
            "all": [
                {"name": "code", "operator": "matches_regex", "value": pattern},
                {"name": "days_after_start", "operator": "greater_than_or_equal_to", "value": 0},
                {"name": "days_before_end", "operator": "greater_than_or_equal_to", "value": 0},
                {"name": "visits_used", "operator": "less_than", "value": 20},
                {
                    "any": [
                        {"name": "auth_required", "operator": "is_false", "value": None},
                        {"name": "auth_on_file", "operator": "is_true", "value": None},
                    ]
                },
            ]
        },
        "actions": [{"name": "cover", "params": {}}],
    }
    actions = Actions()
    return lambda line: bool(run(rule, Line(line), actions))


def timed(fn: Callable[[Any], object], rows: Sequence[Any], repeats: int) -> float:
    """Return the best evaluations per second of *fn* over *rows* in *repeats* runs."""
    for row in rows[:1000]:
        fn(row)
    best = float("inf")
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        for row in rows:
            fn(row)
        best = min(best, time.perf_counter() - start)
    return len(rows) / best


def main() -> None:
    lines = synthetic_lines(LINES)
    expected = [plain_python(line) for line in lines]
    rule, facts = casekit_setup(lines)
    peers_rows = ordinal_lines(lines)
    evaluate = rule.evaluate

    def with_trace(f: Any) -> bool:
        out = evaluate(f)
        _ = out.trace
        return bool(out.passed)

    def with_trace_and_reasons(f: Any) -> bool:
        out = evaluate(f)
        _ = out.trace, out.reasons
        return bool(out.passed)

    assert [evaluate(f).passed for f in facts] == expected, "casekit disagrees"
    results: list[tuple[str, float | str]] = [
        ("casekit evaluate (trace recorded, built on access)", timed(evaluate, facts, 5)),
        ("casekit evaluate + full Trace every line", timed(with_trace, facts, 3)),
        ("casekit evaluate + Trace + reasons every line", timed(with_trace_and_reasons, facts, 3)),
        ("plain Python", timed(plain_python, lines, 5)),
    ]
    peers: list[tuple[str, str, Callable[[], Callable[[dict[str, Any]], bool]], int]] = [
        ("datalogic-py", "datalogic_py", peer_datalogic, LINES),
        (
            "datalogic-py evaluate_with_trace (5,000 lines)",
            "datalogic_py",
            peer_datalogic_trace,
            5000,
        ),
        ("zen-engine (compiled expression)", "zen", peer_zen, LINES),
        ("rule-engine", "rule_engine", peer_rule_engine, LINES),
        ("json-logic-qubit", "json_logic", peer_json_logic, LINES),
        ("business-rules", "business_rules", peer_business_rules, LINES),
    ]
    for label, module, build, n in peers:
        try:
            importlib.import_module(module)
            run = build()
        except Exception as error:  # a peer that does not install or start is reported
            results.append((label, f"not available: {type(error).__name__}"))
            continue
        rows = peers_rows[:n]
        if [run(row) for row in rows] != expected[:n]:
            results.append((label, "disagrees with plain Python; not timed"))
            continue
        results.append((label, timed(run, rows, 3 if n == LINES else 1)))

    base = results[0][1]
    assert isinstance(base, float)
    print(f"{LINES:,} lines, Python {sys.version.split()[0]}; {sum(expected):,} covered")
    print(f"{'engine':<52} {'evals/s':>12} {'casekit / engine':>17}")
    for label, value in results:
        if isinstance(value, str):
            print(f"{label:<52} {value}")
        else:
            print(f"{label:<52} {value:>12,.0f} {base / value:>16.2f}x")


if __name__ == "__main__":
    main()
