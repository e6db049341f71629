"""Plans written the way a Summary of Benefits and Coverage reads, and SBC display rounding."""

from __future__ import annotations

from decimal import Decimal

import pytest
from coverage_helpers import empty, line, one_benefit_plan, policy_for, usd

from casekit.coverage import (
    Benefit,
    CopayTiming,
    CostShare,
    Tier,
    adjudicate,
    presentation,
    sbc,
    sbc_rounded,
)


def _paid(share: CostShare, billed: str) -> tuple[str, str, str, str]:
    plan = one_benefit_plan(Benefit("visit", cost_shares=[share]), deductible=usd("1000"))
    d = adjudicate(policy_for(plan), [line(1, billed)], accumulators=empty()).decisions[0]
    return (str(d.deductible), str(d.copay), str(d.coinsurance), str(d.plan_paid))


def test_a_copay_with_no_deductible_charges_the_copay_alone() -> None:
    """ "$75 copay, deductible does not apply": $75, however much deductible is left."""
    assert _paid(CostShare.copay_only(usd("75")), "300.00") == (
        "0.00 USD",
        "75.00 USD",
        "0.00 USD",
        "225.00 USD",
    )


def test_a_copay_after_the_deductible_takes_the_deductible_first() -> None:
    """ "$50 copay after deductible": the deductible, then the copay on what is left."""
    assert _paid(CostShare.copay_after_deductible(usd("50")), "1200.00") == (
        "1000.00 USD",
        "50.00 USD",
        "0.00 USD",
        "150.00 USD",
    )


def test_coinsurance_after_the_deductible_is_a_share_of_what_is_left() -> None:
    """ "20% coinsurance after deductible": the deductible, then 20% of the rest."""
    assert _paid(CostShare.coinsurance_after_deductible(Decimal("0.2")), "1500.00") == (
        "1000.00 USD",
        "0.00 USD",
        "100.00 USD",
        "400.00 USD",
    )


def test_no_charge_means_the_plan_pays_it_all() -> None:
    """ "No charge": nothing for the patient, deductible or not."""
    assert _paid(CostShare.no_charge(), "80.00") == (
        "0.00 USD",
        "0.00 USD",
        "0.00 USD",
        "80.00 USD",
    )


def test_the_presentation_module_is_the_sbc_module_under_its_old_name() -> None:
    """casekit.coverage.presentation stays importable, with the same function."""
    assert presentation.sbc_rounded is sbc.sbc_rounded is sbc_rounded


@pytest.mark.parametrize("tier", [None, Tier.IN, Tier.OUT])
def test_each_sbc_phrase_is_the_whole_cost_share_at_the_tier_given(tier: Tier | None) -> None:
    """Each SBC constructor builds exactly the cost share its phrase says, at *tier*."""
    assert CostShare.copay_only(usd("75"), tier=tier) == CostShare(
        tier, usd("75"), deductible_applies=False
    )
    assert CostShare.copay_after_deductible(usd("50"), tier=tier) == CostShare(
        tier, usd("50"), copay_timing=CopayTiming.AFTER_DEDUCTIBLE
    )
    assert CostShare.coinsurance_after_deductible(Decimal("0.2"), tier=tier) == CostShare(
        tier, coinsurance=Decimal("0.2")
    )
    assert CostShare.no_charge(tier=tier) == CostShare(tier, deductible_applies=False)
    assert CostShare.copay_after_deductible(usd("50")).copay_timing is CopayTiming.AFTER_DEDUCTIBLE
