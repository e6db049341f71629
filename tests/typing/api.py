"""Use casekit's public API as an application would; mypy --strict checks that no Any leaks."""

from __future__ import annotations

from decimal import Decimal

import pendulum

import casekit
from casekit import (
    Accumulators,
    Case,
    CaseManager,
    Code,
    DateRange,
    Decision,
    Money,
    Patient,
    PersonName,
    Plan,
    Policy,
    Reason,
    ServiceLine,
    adjudicate,
    apply,
    check,
    from_json,
    open_case,
    replay,
    to_json,
)
from casekit.case import CareModel
from casekit.coverage import Benefit, CostShare, Tier, TierTerms
from casekit.lifecycle import STANDARD


def open_and_move() -> str:
    at = pendulum.datetime(2025, 3, 3, 9, tz="UTC")
    case: Case = open_case(
        "case-1",
        patient=Patient("pt-1", PersonName("Synthetic"), pendulum.date(1990, 1, 1)),
        manager=CaseManager("cm-1"),
        model=CareModel.CLINICAL,
        at=at,
        by="cm-1",
    )
    reasons: tuple[Reason, ...] = check(case, "start_screening", at=at, by="cm-1")
    case = apply(case, "start_screening", at=at, by="cm-1")
    again: Case = replay(case.history, workflow=STANDARD)
    text: str = to_json(again)
    back: Case = from_json(text, Case)
    return f"{back.state} {len(reasons)}"


def adjudicate_one() -> Money:
    usd = Money.of("1500", "USD")
    plan = Plan(
        "p",
        tiers=[TierTerms(Tier.IN, deductible=usd)],
        benefits=[Benefit("all", cost_shares=[CostShare(coinsurance=Decimal("0.2"))])],
    )
    policy = Policy(plan, DateRange.of("2025-01-01", "2025-12-31"), member_id="M-1")
    line = ServiceLine(1, Code.parse("CPT|99213"), pendulum.date(2025, 2, 1), usd)
    decision: Decision = adjudicate(policy, [line], accumulators=Accumulators.empty()).decisions[0]
    share: Money = decision.patient_share
    return share


version: str = casekit.__version__
