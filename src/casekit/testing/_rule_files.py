"""Rule tests as data: ``test_*.casekit.yaml`` and ``.casekit.json`` files of named cases.

A file holds two lists, either may be absent::

    coverage:            # plan or policy, accumulators, lines -> expected decisions
      - name: therapy with authorisation is a $30 copay
        plan: {file: river-plan.yaml}      # or the plan inline, as load_plan reads it
        policy: {coverage_period: {start: "2025-01-01", end: "2025-12-31"}, member_id: M-1}
        authorizations: [...]              # optional
        accumulators: {...}                # optional; empty by default
        lines:
          - {code: "CPT|97110", service_date: "2025-03-24", billed: "180.00 USD"}
        expect:
          - {line: 1, status: covered, patient_pays: "30.00 USD", codes: [PR-3]}
    workflow:            # a workflow, a starting case, events -> states or refusals
      - name: closing needs a reason
        workflow: standard                 # a name, or {file: my-workflow.yaml}
        start: monitoring                  # a state to reach, or {file: case.json}
        steps:
          - {event: close, refused: [lifecycle.closure_reason_missing]}
          - {event: close, data: {closure_reason: goals_met}, state: closed}

Pieces are read with casekit's own loaders (`load_plan`, `load_workflow`,
`casekit.serialization.from_dict`), so their errors name the path inside the file. This module
turns a file into cases; the pytest plugin runs them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Final

import attrs

from casekit._validate import shown_key
from casekit.assessment import Assessment
from casekit.careplan import CarePlan
from casekit.case import (
    Appointment,
    Case,
    Contact,
    Outcome,
    Referral,
    add_referral,
    record_assessment,
    record_care_plan,
    record_contact,
    record_outcome,
    schedule_appointment,
)
from casekit.coverage import (
    Accumulators,
    Authorization,
    Decision,
    Policy,
    ServiceLine,
    adjudicate,
    dump_plan,
    load_plan,
)
from casekit.errors import CaseKitError, InvalidInputError
from casekit.lifecycle import (
    STANDARD,
    Workflow,
    apply,
    check,
    load_workflow,
    standard_guards,
)
from casekit.serialization import from_dict, from_json
from casekit.testing import _reach
from casekit.testing.assertions import decision_failures, describe_decision, describe_reasons

__all__ = ["RuleCase", "RuleFileError", "RuleTestError", "read_rule_file"]


class RuleFileError(Exception):
    """A rule-test file cannot be read: where in the file, and what is wrong."""

    def __init__(self, path: Path, where: str, problem: str) -> None:
        self.path = path
        self.where = where
        self.problem = problem
        super().__init__(f"{path}: {where}: {problem}" if where else f"{path}: {problem}")


class RuleTestError(AssertionError):
    """A rule case whose result differs from what the file expects."""


@attrs.frozen
class RuleCase:
    """One named case of a rule-test file, ready to run."""

    name: str
    kind: str
    run: Callable[[], None] = attrs.field(eq=False, repr=False)


_RECORDS: Final[dict[str, tuple[type, Callable[..., Case]]]] = {
    "assessment": (Assessment, record_assessment),
    "care_plan": (CarePlan, record_care_plan),
    "contact": (Contact, record_contact),
    "appointment": (Appointment, schedule_appointment),
    "referral": (Referral, add_referral),
    "outcome": (Outcome, record_outcome),
}
_COVERAGE_KEYS: Final = frozenset(
    {"name", "plan", "policy", "accumulators", "authorizations", "lines", "expect"}
)
_EXPECT_KEYS: Final = frozenset(
    {"line", "status", "patient_pays", "plan_pays", "allowed", "codes", "reasons"}
)
_WORKFLOW_KEYS: Final = frozenset({"name", "workflow", "start", "at", "steps"})
_STEP_KEYS: Final = frozenset(
    {"event", "record", "data", "by", "at", "override_reason", "state", "refused"}
)


class _Reader:
    """Reads one file's cases, naming the place of every problem."""

    def __init__(self, path: Path, workflows: Mapping[str, Workflow[Case]]) -> None:
        self.path = path
        self.workflows = workflows

    def fail(self, where: str, problem: str) -> RuleFileError:
        return RuleFileError(self.path, where, problem)

    def load(self, path: Path, where: str) -> Any:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            raise self.fail(where, f"cannot read {path.name} as UTF-8 text") from None
        if path.suffix == ".json":
            try:
                return json.loads(text)
            except RecursionError:
                raise self.fail(where, f"{path.name} nests too deeply to be read") from None
            except json.JSONDecodeError as err:
                raise self.fail(where, f"{path.name} is not JSON (line {err.lineno})") from None
        try:
            import yaml  # noqa: PLC0415  # the yaml extra, only for YAML files
        except ImportError:
            raise self.fail(
                where, "reading YAML needs PyYAML: pip install 'casekit[yaml]'"
            ) from None
        try:
            return yaml.safe_load(text)
        except RecursionError:
            raise self.fail(where, f"{path.name} nests too deeply to be read") from None
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            line = f" (line {mark.line + 1})" if mark is not None else ""
            raise self.fail(where, f"{path.name} is not valid YAML{line}") from None

    def piece(self, value: object, where: str) -> Any:
        """Return *value*, or the content of the file it names with ``{file: ...}``."""
        if isinstance(value, Mapping) and set(value) == {"file"}:
            name = value["file"]
            if not isinstance(name, str):
                raise self.fail(f"{where}.file", "must be a file name")
            return self.load(self.path.parent / name, f"{where}.file")
        return value

    def read(self, loader: Callable[[Any], Any], value: object, where: str) -> Any:
        try:
            return loader(value)
        except InvalidInputError as err:
            first = err.problems[0]
            inner = f"{where}.{first.path}" if first.path not in {"", "$"} else where
            more = f" (and {len(err.problems) - 1} more)" if len(err.problems) > 1 else ""
            raise self.fail(inner, f"{first.message}{more}") from None
        except CaseKitError as err:
            raise self.fail(where, str(err)) from None

    def mapping(self, value: object, where: str, keys: frozenset[str]) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(where, "must be a mapping of fields")
        unknown = sorted(str(k) for k in value if k not in keys)
        if unknown:
            # A key is shown only if it looks like a field name: it may be personal data.
            raise self.fail(
                f"{where}.{shown_key(unknown[0])}", "is not a known field; check its spelling"
            )
        return value

    def items(self, value: object, where: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(where, "must be a list")
        return value

    def name(self, case: Mapping[str, Any], where: str, seen: set[str]) -> str:
        name = case.get("name")
        if not isinstance(name, str) or not name.strip():
            raise self.fail(f"{where}.name", "every case needs a name")
        if name in seen:
            raise self.fail(f"{where}.name", "is used by another case in this file")
        seen.add(name)
        return name

    # --- coverage ---------------------------------------------------------------------------

    def coverage(self, case: Mapping[str, Any], where: str) -> Callable[[], None]:
        plan = self.read(load_plan, self.piece(case.get("plan"), f"{where}.plan"), f"{where}.plan")
        policy_doc = self.piece(case.get("policy", {}), f"{where}.policy")
        if not isinstance(policy_doc, Mapping):
            raise self.fail(f"{where}.policy", "must be a mapping of fields")
        policy = self.read(
            lambda d: from_dict({**d, "plan": dump_plan(plan)}, Policy),
            policy_doc,
            f"{where}.policy",
        )
        accumulators = self.read(
            lambda d: (
                Accumulators.empty(plan.currency) if d is None else from_dict(d, Accumulators)
            ),
            self.piece(case.get("accumulators"), f"{where}.accumulators"),
            f"{where}.accumulators",
        )
        auths = [
            self.read(lambda d: from_dict(d, Authorization), a, f"{where}.authorizations[{i}]")
            for i, a in enumerate(
                self.items(case.get("authorizations", []), f"{where}.authorizations")
            )
        ]
        lines = [
            self.read(_line_reader(i + 1), line, f"{where}.lines[{i}]")
            for i, line in enumerate(self.items(case.get("lines"), f"{where}.lines"))
        ]
        expected = [
            self.expectation(e, f"{where}.expect[{i}]", {line.line_number for line in lines})
            for i, e in enumerate(self.items(case.get("expect", []), f"{where}.expect"))
        ]
        return _coverage_runner(policy, lines, accumulators, auths, expected)

    def expectation(self, value: object, where: str, numbers: set[int]) -> dict[str, Any]:
        expect = dict(self.mapping(value, where, _EXPECT_KEYS))
        if expect.get("line") not in numbers:
            raise self.fail(f"{where}.line", "must be the number of a line of this case")
        for key in ("codes", "reasons"):
            if key in expect and not isinstance(expect[key], list):
                raise self.fail(f"{where}.{key}", "must be a list of codes")
        return expect

    # --- workflow ---------------------------------------------------------------------------

    def workflow(self, value: object, where: str) -> Workflow[Case]:
        if value is None or value == "standard":
            return STANDARD
        if isinstance(value, str) and value in self.workflows:
            return self.workflows[value]
        if isinstance(value, Mapping) and set(value) == {"file"}:
            data = self.piece(value, where)
            read: Workflow[Case] = self.read(
                lambda d: load_workflow(d, guards=standard_guards()), data, where
            )
            return read
        known = ", ".join(sorted({"standard", *self.workflows}))
        raise self.fail(where, f"must be {{file: ...}} or a workflow name: {known}")

    def start(self, value: object, workflow: Workflow[Case], at: dt.datetime, where: str) -> Case:
        if isinstance(value, Mapping) and set(value) == {"file"}:
            name = value["file"]
            path = self.path.parent / str(name)
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                raise self.fail(f"{where}.file", f"cannot read {path.name} as UTF-8 text") from None
            stored: Case = self.read(lambda t: from_json(t, Case), text, where)
            return stored
        seed = _reach.seed_case(workflow, at=at)
        if value is None:
            return seed
        routes = _reach.paths(workflow)
        if not isinstance(value, str) or value not in routes:
            raise self.fail(where, f"must be a state the workflow reaches: {', '.join(routes)}")
        case = seed
        for event in routes[value]:
            moved = _reach.attempt(case, event, workflow=workflow, at=case.history[-1].at)
            case = moved if moved is not None else case
        return case

    def step(self, value: object, where: str) -> dict[str, Any]:
        step = dict(self.mapping(value, where, _STEP_KEYS))
        if ("event" in step) == ("record" in step):
            raise self.fail(where, "give exactly one of event and record")
        if "record" in step:
            record = step["record"]
            if not (isinstance(record, Mapping) and len(record) == 1):
                raise self.fail(f"{where}.record", "must be one {kind: fields} mapping")
            ((kind, doc),) = record.items()
            if kind not in _RECORDS:
                raise self.fail(f"{where}.record", f"kind must be one of: {', '.join(_RECORDS)}")
            step["record"] = (
                kind,
                self.read(lambda d: from_dict(d, _RECORDS[kind][0]), doc, f"{where}.record.{kind}"),
            )
        elif not isinstance(step["event"], str):
            raise self.fail(f"{where}.event", "must be an event name")
        if "at" in step:
            step["at"] = self.read(lambda d: from_dict(d, dt.datetime), step["at"], f"{where}.at")
        refused = step.get("refused")
        if refused is not None and not (refused is True or isinstance(refused, list)):
            raise self.fail(f"{where}.refused", "must be true or a list of reason codes")
        return step

    def workflow_case(self, case: Mapping[str, Any], where: str) -> Callable[[], None]:
        workflow = self.workflow(case.get("workflow"), f"{where}.workflow")
        at = _reach.START
        if "at" in case:
            at = self.read(lambda d: from_dict(d, dt.datetime), case["at"], f"{where}.at")
        start = self.start(case.get("start"), workflow, at, f"{where}.start")
        steps = [
            self.step(s, f"{where}.steps[{i}]")
            for i, s in enumerate(self.items(case.get("steps"), f"{where}.steps"))
        ]
        return _workflow_runner(workflow, start, steps)

    # --- the file ---------------------------------------------------------------------------

    def cases(self) -> list[RuleCase]:
        doc = self.load(self.path, "")
        if doc is None:
            return []
        top = self.mapping(doc, "$", frozenset({"coverage", "workflow"}))
        found: list[RuleCase] = []
        seen: set[str] = set()
        for i, raw in enumerate(self.items(top.get("coverage", []), "coverage")):
            where = f"coverage[{i}]"
            case = self.mapping(raw, where, _COVERAGE_KEYS)
            found.append(
                RuleCase(self.name(case, where, seen), "coverage", self.coverage(case, where))
            )
        for i, raw in enumerate(self.items(top.get("workflow", []), "workflow")):
            where = f"workflow[{i}]"
            case = self.mapping(raw, where, _WORKFLOW_KEYS)
            found.append(
                RuleCase(self.name(case, where, seen), "workflow", self.workflow_case(case, where))
            )
        return found


def read_rule_file(
    path: Path, workflows: Mapping[str, Workflow[Case]] | None = None
) -> list[RuleCase]:
    """Return the named cases of the rule-test file at *path*.

    *workflows* are the workflows cases may name besides ``standard`` (the plugin gathers
    them from ``pytest_casekit_workflows`` hooks).

    Raises:
        RuleFileError: naming the place in the file and the problem, for anything malformed.
    """
    return _Reader(path, workflows or {}).cases()


def _line_reader(number: int) -> Callable[[object], ServiceLine]:
    def read(value: object) -> ServiceLine:
        return from_dict(_line_doc(value, number), ServiceLine)

    return read


def _line_doc(value: object, number: int) -> object:
    """Fill in a line's number and read money written as text (``"180.00 USD"``)."""
    if not isinstance(value, Mapping):
        return value
    doc = {"line_number": number, **value}
    for key in ("billed", "allowed"):
        amount = doc.get(key)
        if isinstance(amount, str) and len(amount.split()) == 2:  # noqa: PLR2004  # amount, currency
            number_text, currency = amount.split()
            doc[key] = {"amount": number_text, "currency": currency}
    return doc


def _coverage_runner(
    policy: Policy,
    lines: list[ServiceLine],
    accumulators: Accumulators,
    auths: list[Authorization],
    expected: list[dict[str, Any]],
) -> Callable[[], None]:
    def run() -> None:
        result = adjudicate(policy, lines, accumulators=accumulators, authorizations=auths)
        report: list[str] = []
        for expect in expected:
            decision: Decision = result.decision_for(expect["line"])
            fields = {k: v for k, v in expect.items() if k != "line"}
            failures = decision_failures(decision, **fields)
            if failures:
                report.append(
                    f"line {decision.line_number}:\n"
                    + "\n".join(failures)
                    + f"\n{describe_decision(decision)}"
                )
        if report:
            raise RuleTestError("\n\n".join(report))

    return run


def _workflow_runner(
    workflow: Workflow[Case], start: Case, steps: list[dict[str, Any]]
) -> Callable[[], None]:
    def run() -> None:
        case = start
        for i, step in enumerate(steps, start=1):
            at = step.get("at", case.history[-1].at + dt.timedelta(hours=1))
            by = step.get("by", case.manager.id)
            if "record" in step:
                kind, record = step["record"]
                case = _RECORDS[kind][1](case, record, at=at, by=by, workflow=workflow)
                continue
            event = step["event"]
            kwargs: dict[str, Any] = {
                "at": at,
                "by": by,
                "data": step.get("data"),
                "override_reason": step.get("override_reason"),
                "workflow": workflow,
            }
            reasons = check(case, event, **kwargs)
            refused = step.get("refused")
            label = f"step {i} ({event!r} in state {case.state!r})"
            if refused is None and reasons:
                raise RuleTestError(
                    f"{label}: expected it to be allowed; refused because:\n"
                    + describe_reasons(reasons)
                )
            if refused is not None:
                codes = {r.code for r in reasons}
                if not reasons:
                    raise RuleTestError(f"{label}: expected a refusal; it is allowed")
                if refused is not True and codes != set(refused):
                    raise RuleTestError(
                        f"{label}: refused for other reasons\n"
                        f"  missing:    {sorted(set(refused) - codes)}\n"
                        f"  unexpected: {sorted(codes - set(refused))}\n"
                        + describe_reasons(reasons)
                    )
                continue
            case = apply(case, event, **kwargs)
            if "state" in step and case.state != step["state"]:
                raise RuleTestError(
                    f"{label}: expected state {step['state']!r}, got {case.state!r}"
                )

    return run
