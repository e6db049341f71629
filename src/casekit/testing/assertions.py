"""Assertion helpers for care and coverage rules, with failures that explain themselves.

A failed helper says what was expected, what happened, every reason casekit gave (code and
sentence) and, for coverage, the decision's trace: not just ``assert False``. casekit's pytest
plugin registers this module for pytest's assertion rewriting; the helpers work in any test
runner, since each builds its own message.

Examples:
    >>> from casekit.lifecycle.examples import example_case
    >>> case = example_case("monitoring")
    >>> at = case.history[-1].at
    >>> assert_refused(case, "close", at=at, reasons={"lifecycle.closure_reason_missing"})
    >>> assert_allowed(case, "close", at=at)
    Traceback (most recent call last):
    ...
    AssertionError: 'close' is refused in state 'monitoring':
      - lifecycle.closure_reason_missing: give a closure_reason, one of: ...
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from casekit.case import Case, EventData
from casekit.coverage import Coverage, CoverageAnswer, Decision, Status
from casekit.lifecycle import STANDARD, Workflow, check
from casekit.money import Money
from casekit.rules import Reason

__all__ = [
    "assert_allowed",
    "assert_covered",
    "assert_decision",
    "assert_refused",
    "decision_failures",
    "describe_decision",
    "describe_reasons",
]


def describe_reasons(reasons: Iterable[Reason], *, indent: str = "  ") -> str:
    """Return one line per reason: its code and its English sentence.

    Examples:
        >>> print(describe_reasons([Reason.of("lifecycle.reason_missing", event="reopen")]))
          - lifecycle.reason_missing: ...
    """
    lines = [f"{indent}- {r.code}: {r.message()}" for r in reasons]
    return "\n".join(lines) or f"{indent}(no reasons)"


def describe_decision(decision: Decision) -> str:
    """Return a decision's amounts, adjustments, reasons and trace as indented text.

    Examples:
        >>> from casekit.coverage import Accumulators, adjudicate
        >>> from casekit.testing.examples import river_authorization, river_lines, river_policy
        >>> d = adjudicate(river_policy(), river_lines(), accumulators=Accumulators.empty(),
        ...                authorizations=[river_authorization()]).decisions
        >>> print(describe_decision(d[3]).splitlines()[0])
          line 4: denied (benefit None)
    """
    amounts = ", ".join(
        f"{name} {getattr(decision, name)}"
        for name in ("billed", "allowed", "deductible", "copay", "coinsurance", "not_covered")
    )
    trace = "\n".join(f"    {row}" for row in decision.trace.render().splitlines())
    return (
        f"  line {decision.line_number}: {decision.status.value} (benefit {decision.benefit})\n"
        f"  patient pays {decision.patient_share}, plan pays {decision.plan_paid}\n"
        f"  {amounts}\n"
        f"  adjustments: {' '.join(decision.adjustment_codes) or '(none)'}\n"
        f"  reasons:\n{describe_reasons(decision.reasons, indent='    ')}\n"
        f"  trace:\n{trace}"
    )


def _reasons_now(  # the engine's keywords, passed through
    case: Case,
    event: str,
    *,
    at: dt.datetime,
    by: str | None,
    data: Mapping[str, Any] | EventData | None,
    override_reason: str | None,
    workflow: Workflow[Case],
) -> tuple[Reason, ...]:
    return check(
        case,
        event,
        at=at,
        by=case.manager.id if by is None else by,
        data=data,
        override_reason=override_reason,
        workflow=workflow,
    )


def assert_allowed(  # the engine's keywords, passed through
    case: Case,
    event: str,
    *,
    at: dt.datetime,
    by: str | None = None,
    data: Mapping[str, Any] | EventData | None = None,
    override_reason: str | None = None,
    workflow: Workflow[Case] = STANDARD,
) -> None:
    """Assert that *workflow* allows *event* for *case* at *at*; else list every reason.

    *by* defaults to the case's manager.

    Examples:
        >>> from casekit.lifecycle.examples import example_case
        >>> case = example_case("planning")
        >>> assert_allowed(case, "approve_plan", at=case.history[-1].at)
    """
    __tracebackhide__ = True
    reasons = _reasons_now(
        case,
        event,
        at=at,
        by=by,
        data=data,
        override_reason=override_reason,
        workflow=workflow,
    )
    assert not reasons, (  # noqa: S101  # an assertion helper: pytest rewrites this module
        f"{event!r} is refused in state {case.state!r}:\n{describe_reasons(reasons)}"
    )


def assert_refused(  # the engine's keywords, passed through
    case: Case,
    event: str,
    *,
    at: dt.datetime,
    reasons: Iterable[str] | None = None,
    by: str | None = None,
    data: Mapping[str, Any] | EventData | None = None,
    override_reason: str | None = None,
    workflow: Workflow[Case] = STANDARD,
) -> None:
    """Assert that *workflow* refuses *event* for *case*, for exactly the reason codes given.

    Without *reasons*, any refusal passes.

    Examples:
        >>> from casekit.lifecycle.examples import example_case
        >>> case = example_case("planning")
        >>> assert_refused(case, "reopen", at=case.history[-1].at)
        >>> assert_refused(case, "approve_plan", at=case.history[-1].at)
        Traceback (most recent call last):
        ...
        AssertionError: 'approve_plan' is allowed in state 'planning'; expected a refusal...
    """
    __tracebackhide__ = True
    found = _reasons_now(
        case,
        event,
        at=at,
        by=by,
        data=data,
        override_reason=override_reason,
        workflow=workflow,
    )
    assert found, f"{event!r} is allowed in state {case.state!r}; expected a refusal"  # noqa: S101  # rewritten by pytest
    if reasons is not None:
        expected = set(reasons)
        codes = {r.code for r in found}
        assert codes == expected, (  # noqa: S101  # rewritten by pytest
            f"{event!r} is refused in state {case.state!r}, for other reasons:\n"
            f"  missing:    {sorted(expected - codes)}\n"
            f"  unexpected: {sorted(codes - expected)}\n"
            f"reasons given:\n{describe_reasons(found)}"
        )


def _money(value: Money | Decimal | int | str, currency: str) -> Money:
    """Read an expected amount: money, a number in *currency*, or text like ``30.00 USD``."""
    if isinstance(value, Money):
        return value
    if isinstance(value, str) and " " in value.strip():
        amount, code = value.split()
        return Money.of(amount, code)
    return Money.of(value, currency)


def _mismatches(
    decision: Decision, expected: Mapping[str, object]
) -> list[tuple[str, object, object]]:
    currency = decision.billed.currency
    rows: list[tuple[str, object, object]] = []
    for name, given in expected.items():
        if given is None:
            continue
        got: object
        want: object
        if name == "status":
            got, want = decision.status, Status(given)  # type: ignore[arg-type]  # a status
        elif name in {"codes", "reasons"}:
            found = (
                decision.adjustment_codes
                if name == "codes"
                else tuple(r.code for r in decision.reasons)
            )
            got, want = set(found), set(given)  # type: ignore[call-overload]  # codes
        else:
            got = getattr(decision, _AMOUNTS.get(name, name))
            want = _money(given, currency)  # type: ignore[arg-type]  # an amount
        if got != want:
            rows.append((name, want, got))
    return rows


_AMOUNTS = {"patient_pays": "patient_share", "plan_pays": "plan_paid"}


def _shown(value: object) -> str:
    if isinstance(value, set):
        return "{" + ", ".join(sorted(map(str, value))) + "}"
    if isinstance(value, Status):
        return value.value
    return str(value)


def decision_failures(decision: Decision, **expected: object) -> list[str]:
    """Return one line per expected field the decision does not have (advanced)."""
    return [
        f"  {name}: expected {_shown(want)}, got {_shown(got)}"
        for name, want, got in _mismatches(decision, expected)
    ]


def assert_decision(  # one keyword per checked field
    decision: Decision,
    *,
    status: Status | str | None = None,
    patient_pays: Money | Decimal | int | str | None = None,
    plan_pays: Money | Decimal | int | str | None = None,
    allowed: Money | Decimal | int | str | None = None,
    codes: Iterable[str] | None = None,
    reasons: Iterable[str] | None = None,
) -> None:
    """Assert a decision's status, amounts, adjustment codes and reason codes, as given.

    Amounts are `Money`, a number in the decision's currency, or text such as
    ``"30.00 USD"``; *codes* are adjustment codes (``CO-45``), *reasons* reason codes. Fields
    left out are not checked. A failure lists each field that differs, then the decision's
    amounts, reasons and trace.

    Examples:
        >>> from casekit.coverage import Accumulators, adjudicate
        >>> from casekit.testing.examples import river_authorization, river_lines, river_policy
        >>> d = adjudicate(river_policy(), river_lines(), accumulators=Accumulators.empty(),
        ...                authorizations=[river_authorization()]).decisions
        >>> assert_decision(d[0], status="covered", patient_pays="30.00 USD", codes={"PR-3"})
        >>> assert_decision(d[3], status="covered")
        Traceback (most recent call last):
        ...
        AssertionError: line 4 is not as expected:
          status: expected covered, got denied
        ...
    """
    __tracebackhide__ = True
    failures = decision_failures(
        decision,
        status=status,
        patient_pays=patient_pays,
        plan_pays=plan_pays,
        allowed=allowed,
        codes=codes,
        reasons=reasons,
    )
    assert not failures, (  # noqa: S101  # rewritten by pytest
        f"line {decision.line_number} is not as expected:\n"
        + "\n".join(failures)
        + f"\ndecision:\n{describe_decision(decision)}"
    )


def assert_covered(result: Decision | CoverageAnswer, **expected: Any) -> None:
    """Assert that a decision is covered, or a pre-service answer says covered.

    For a `Decision`, the other keywords are those of `assert_decision`.

    Examples:
        >>> from casekit.coverage import Accumulators, adjudicate
        >>> from casekit.testing.examples import river_authorization, river_lines, river_policy
        >>> d = adjudicate(river_policy(), river_lines(), accumulators=Accumulators.empty(),
        ...                authorizations=[river_authorization()]).decisions
        >>> assert_covered(d[0], codes={"PR-3"})
        >>> assert_covered(d[3])
        Traceback (most recent call last):
        ...
        AssertionError: line 4 is not as expected:
          status: expected covered, got denied
        ...
    """
    __tracebackhide__ = True
    if isinstance(result, CoverageAnswer):
        assert result.covered is Coverage.COVERED, (  # noqa: S101  # rewritten by pytest
            f"the service is {result.covered.value}:\n{describe_reasons(result.reasons)}"
        )
        return
    assert_decision(result, status=Status.COVERED, **expected)
