"""Every public worked example, read from the data file and built through the SBC forms.

Each case's ``plan``, ``accumulators_before`` and ``service_lines`` become a `Plan` made
with the SBC constructors, accumulators made with typed keys (`accumulator_key`) and
lines; the decision is compared with the case's ``expected`` figures as published. The
test computes no amount itself: where the source leaves a term open, the reading is a
named assumption (see docs/coverage.md).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pendulum
import pytest
from coverage_helpers import CASES, usd

from casekit.codes import Code, CodeSystem
from casekit.coverage import (
    Accumulators,
    Benefit,
    CostShare,
    CoverageLevel,
    Decision,
    FamilyMode,
    Liability,
    Plan,
    Policy,
    ServiceLine,
    Status,
    Tier,
    TierTerms,
    accumulator_key,
    adjudicate,
    balances,
)
from casekit.money import Money
from casekit.periods import DateRange

WORKED = sorted(cid for cid, case in CASES.items() if case["group"] == "worked_example")
ON = pendulum.date(2025, 2, 15)
SERVICE = Code(CodeSystem.CPT, "99213")

ASSUMED_DEDUCTIBLE = "1000.00"
"""The deductible of the glossary cases, which give none ("all" met; "greater than 100")."""

_OUT_OF_NETWORK_OOP = "10000.00"
"""The balance-billing case gives no out-of-pocket maximum; one is needed to show the
balance bill never counts toward it."""


def _money(value: str | None) -> Money | None:
    if value is None:
        return None
    try:
        return usd(Decimal(value))
    except ArithmeticError:  # "greater than 100 (unspecified)"
        return usd(ASSUMED_DEDUCTIBLE)


def _plan(case: dict[str, Any]) -> Plan:
    terms = case["plan"]
    share = CostShare.coinsurance_after_deductible(Decimal(terms.get("coinsurance", "0")))
    deductible = _money(terms.get("deductible"))
    if deductible is None and case.get("accumulators_before", {}).get("deductible_met") == "all":
        deductible = usd(ASSUMED_DEDUCTIBLE)
    tiers = [
        TierTerms(
            Tier.IN,
            deductible=deductible,
            out_of_pocket_max=_money(terms.get("oop_max")),
            family_deductible=_money(terms.get("deductible_family")),
            family_out_of_pocket_max=_money(terms.get("oop_max_family")),
        )
    ]
    if terms.get("network", "").startswith("out"):
        tiers.append(
            TierTerms(
                Tier.OUT,
                out_of_pocket_max=usd(_OUT_OF_NETWORK_OOP),
                balance_billing=True,
                denied_liability=Liability.PATIENT,
            )
        )
    aggregate = terms.get("deductible_type", "").startswith("aggregate")
    return Plan(
        case["id"],
        tiers=tiers,
        benefits=[Benefit("medical", cost_shares=[share])],
        family_mode=FamilyMode.AGGREGATE if aggregate else FamilyMode.EMBEDDED,
    )


def _policy(case: dict[str, Any]) -> Policy:
    family = case["plan"].get("coverage") == "family"
    return Policy(
        _plan(case),
        DateRange.of("2025-01-01", "2025-12-31"),
        member_id="M-1",
        coverage_level=CoverageLevel.FAMILY if family else CoverageLevel.SELF,
    )


def _accumulators(case: dict[str, Any], policy: Policy) -> Accumulators:
    acc = Accumulators.empty()
    for name, value in (case.get("accumulators_before") or {}).items():
        family = name.startswith("family_")
        measure = "out_of_pocket" if name.endswith("oop_met") else "deductible"
        key = accumulator_key(policy, measure, on=ON, family=family)
        if value == "all":  # met in full: the deductible the plan has
            amount = next(b.maximum for b in balances(policy, acc, on=ON) if b.key == key)
            acc = acc.add(key, amount.amount)  # type: ignore[union-attr]
        elif Decimal(value):
            acc = acc.add(key, Decimal(value))
    return acc


def _lines(case: dict[str, Any]) -> list[ServiceLine]:
    out = case["plan"].get("network", "").startswith("out")
    return [
        ServiceLine(
            sl["seq"],
            SERVICE,
            ON,
            usd(sl.get("billed", sl["allowed"])),
            allowed=usd(sl["allowed"]),
            network=Tier.OUT if out else Tier.IN,
        )
        for sl in case["service_lines"]
    ]


def _decide(case: dict[str, Any]) -> tuple[Decision, Accumulators]:
    policy = _policy(case)
    result = adjudicate(policy, _lines(case), accumulators=_accumulators(case, policy))
    return result.decisions[0], result.accumulators


@pytest.mark.parametrize("case_id", WORKED)
def test_each_worked_example_reproduces_from_its_data(case_id: str) -> None:
    """The published patient amounts and plan payment, read from the case as given."""
    case = CASES[case_id]
    expected = case["expected"]
    decision, _ = _decide(case)

    assert decision.status is Status.COVERED
    if "balance_bill" in expected:
        assert decision.balance_billed == usd(expected["balance_bill"])
        assert expected["counts_toward_oop_max"] is False
        assert decision.patient_share == usd(0)
        return
    patient = expected["patient"]
    for part in ("deductible", "copay", "coinsurance"):
        if part in patient:
            assert getattr(decision, part) == usd(patient[part]), part
    assert decision.patient_total == usd(patient["total"])
    assert decision.plan_paid == usd(expected["plan_pays"])


def test_the_balance_bill_never_counts_toward_the_out_of_pocket_maximum() -> None:
    """The out-of-network balance bill leaves the out-of-pocket total untouched."""
    case = CASES["hcgov-balance-billing"]
    policy = _policy(case)
    _, acc = _decide(case)

    met = {(b.name, b.tier): b.met for b in balances(policy, acc, on=ON)}
    assert met["out_of_pocket", Tier.OUT] == usd(0)


def test_the_deductible_not_met_case_counts_toward_the_deductible_and_its_alternative() -> None:
    """The deductible rises by the published amount; with it met, the alternative split."""
    case = CASES["glossary-coinsurance-deductible-not-met"]
    expected = case["expected"]
    policy = _policy(case)
    _, acc = _decide(case)

    left = {b.name: b.met for b in balances(policy, acc, on=ON)}
    assert left["deductible"] == usd(expected["deductible_accumulator_increase"])
    met_case = {**case, "accumulators_before": {"deductible_met": "all"}}
    alternative, _ = _decide(met_case)
    assert alternative.patient_total == usd(expected["alternative_if_deductible_met"]["patient"])
    assert alternative.plan_paid == usd(expected["alternative_if_deductible_met"]["plan_pays"])


def test_the_capped_case_pays_what_the_uncapped_plan_would_up_to_the_maximum() -> None:
    """Without its out-of-pocket maximum, the capped case gives the published uncapped split."""
    case = CASES["va-marketplace-oop-cap"]
    uncapped_terms = {k: v for k, v in case["plan"].items() if k != "oop_max"}
    decision, _ = _decide({**case, "plan": uncapped_terms})

    uncapped = case["expected"]["uncapped"]
    assert (decision.deductible, decision.coinsurance, decision.patient_total) == (
        usd(uncapped["deductible"]),
        usd(uncapped["coinsurance"]),
        usd(uncapped["total"]),
    )
