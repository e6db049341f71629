"""Factories shared by the coverage tests: plain helpers, no mocks."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pendulum
from profiles import examples

from casekit.codes import Code, CodeSystem
from casekit.coverage import (
    Accumulators,
    Benefit,
    CostShare,
    Plan,
    Policy,
    ServiceLine,
    Tier,
    TierTerms,
)
from casekit.money import Money
from casekit.periods import DateRange

__all__ = ["examples"]  # and the factories below; examples is shared from profiles

DATA = Path(__file__).parent.parent / "coverage" / "data" / "coverage-examples.json"
EXAMPLES: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
CASES: dict[str, dict[str, Any]] = {case["id"]: case for case in EXAMPLES["cases"]}
OFFICE = Code(CodeSystem.CPT, "99213")


def usd(amount: str | int | Decimal) -> Money:
    """Return US dollars."""
    return Money.of(amount, "USD")


def simple_plan(
    *,
    deductible: str | None = None,
    coinsurance: str = "0",
    oop: str | None = None,
    plan_id: str = "test",
) -> Plan:
    """Return a one-tier plan with one benefit for every service."""
    return Plan(
        plan_id,
        tiers=[
            TierTerms(
                Tier.IN,
                deductible=None if deductible is None else usd(deductible),
                out_of_pocket_max=None if oop is None else usd(oop),
            )
        ],
        benefits=[Benefit("medical", cost_shares=[CostShare(coinsurance=Decimal(coinsurance))])],
    )


YEAR_2025 = "2025-01-01/2025-12-31"
"""The accumulator period label of the calendar year 2025, the year `policy_for` covers."""


def one_benefit_plan(benefit: Benefit, **terms: Any) -> Plan:
    """Return a plan with an in-network tier (no deductible unless given) and *benefit*."""
    return Plan("edge", tiers=[TierTerms(Tier.IN, **terms)], benefits=[benefit])


def policy_for(plan: Plan, **kwargs: Any) -> Policy:
    """Return a 2025 calendar-year policy under *plan*."""
    return Policy(plan, DateRange.of("2025-01-01", "2025-12-31"), member_id="M-0001", **kwargs)


def line(
    number: int,
    amount: str,
    *,
    on: dt.date | None = None,
    code: Code = OFFICE,
    **kwargs: Any,
) -> ServiceLine:
    """Return a service line billed at *amount* dollars."""
    return ServiceLine(number, code, on or pendulum.date(2025, 2, 15), usd(amount), **kwargs)


def empty() -> Accumulators:
    """Return empty US-dollar accumulators."""
    return Accumulators.empty("USD")


def counted_work(fn: Any) -> int:
    """Return how many lines of casekit's own code running *fn* executes.

    A measure of work that does not depend on the machine or its load: growth tests compare
    it at n and 10n instead of timing anything.
    """
    import sys  # only the growth tests need it

    import casekit  # only the growth tests need it

    root = str(Path(casekit.__file__).parent)
    count = 0

    def local(_frame: Any, event: str, _arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def tracer(frame: Any, _event: str, _arg: Any) -> Any:
        return local if frame.f_code.co_filename.startswith(root) else None

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        fn()
    finally:
        sys.settrace(previous)
    return count
