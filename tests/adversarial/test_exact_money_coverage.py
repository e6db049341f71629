"""Exact money in coverage: every amount is rounded once, half up, to the currency's minor
unit, and running totals never go backwards."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from coverage_helpers import YEAR_2025, empty, line, one_benefit_plan, policy_for, usd
from hypothesis import given
from hypothesis import strategies as st

from casekit.codes import Code, CodeSystem
from casekit.coverage import (
    Benefit,
    CostShare,
    DayRange,
    FeeScheduleEntry,
    Limit,
    Measure,
    Plan,
    Status,
    Tier,
    TierTerms,
    adjudicate,
)

DEDUCTIBLE_MET = ("member:00", "in", "deductible", YEAR_2025)
THERAPY = Code(CodeSystem.CPT, "97110")


def test_the_covered_part_of_a_line_cut_by_two_limits_is_rounded_once() -> None:
    """A units limit then a day range each cut the line: the covered share is rounded once.

    10.00 over 3 units, 2 counted, 1 of them covered: exactly 3.333..., so 3.33; rounding
    after each cut gave 6.67 and then 3.34.
    """
    share = CostShare(coinsurance=Decimal("0.2"), day_ranges=(DayRange(1, 1),))
    benefit = Benefit("stay", cost_shares=[share], limits=[Limit(Measure.UNITS, 2)])

    d = adjudicate(
        policy_for(one_benefit_plan(benefit)), [line(1, "10.00", units=3)], accumulators=empty()
    ).decisions[0]

    assert (d.allowed, d.coinsurance, d.plan_paid) == (usd("3.33"), usd("0.67"), usd("2.66"))


@given(
    billed=st.integers(min_value=1, max_value=10**8),
    units=st.integers(min_value=2, max_value=400),
    room=st.integers(min_value=1, max_value=400),
    days=st.integers(min_value=1, max_value=400),
)
def test_the_covered_part_of_a_line_is_its_exact_share_rounded_half_up(
    billed: int, units: int, room: int, days: int
) -> None:
    """Whatever the limits cut, the covered amount is billed x covered / units, rounded once."""
    share = CostShare(day_ranges=(DayRange(1, days),))
    benefit = Benefit("stay", cost_shares=[share], limits=[Limit(Measure.UNITS, room)])
    charge = usd(Decimal(billed).scaleb(-2))

    d = adjudicate(
        policy_for(one_benefit_plan(benefit)),
        [line(1, str(charge.amount), units=units)],
        accumulators=empty(),
    ).decisions[0]

    covered = min(units, room, days)
    exact = (charge.amount * covered / units).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert d.status is (Status.COVERED if exact else Status.DENIED)
    if exact:
        assert (d.allowed, d.plan_paid) == (usd(exact), usd(exact))


def test_a_copay_counting_toward_a_deductible_already_passed_leaves_it_where_it_is() -> None:
    """150 met against a 100 deductible stays 150: what was met never goes down."""
    share = CostShare(copay=usd("20"), copay_counts_toward_deductible=True)
    plan = one_benefit_plan(Benefit("office", cost_shares=[share]), deductible=usd("100"))
    before = empty().add(DEDUCTIBLE_MET, Decimal(150))

    after = adjudicate(policy_for(plan), [line(1, "100.00")], accumulators=before).accumulators

    assert after.get(DEDUCTIBLE_MET) == Decimal(150)


@given(
    met=st.integers(min_value=0, max_value=300),
    copay=st.integers(min_value=0, max_value=300),
    billed=st.integers(min_value=0, max_value=1000),
)
def test_the_deductible_met_never_goes_down_and_never_passes_the_deductible_by_a_line(
    met: int, copay: int, billed: int
) -> None:
    """After any line, the deductible met is at least what it was, and a line adds only up
    to what was left of the deductible."""
    share = CostShare(copay=usd(copay), copay_counts_toward_deductible=True)
    plan = one_benefit_plan(Benefit("office", cost_shares=[share]), deductible=usd("100"))
    before = empty().add(DEDUCTIBLE_MET, Decimal(met)) if met else empty()

    after = adjudicate(policy_for(plan), [line(1, str(billed))], accumulators=before).accumulators

    assert Decimal(met) <= after.get(DEDUCTIBLE_MET) <= max(Decimal(met), Decimal(100))


def test_coinsurance_never_passes_what_is_left_of_an_allowed_amount_finer_than_a_cent() -> None:
    """A fee of 33.333 for two units allows 66.666: all of it as coinsurance is 66.666, not
    the 66.67 that rounding gives, so the plan never pays a negative amount."""
    share = CostShare(coinsurance=Decimal(1), deductible_applies=False)
    plan = Plan(
        "fine-fee",
        tiers=[TierTerms(Tier.IN)],
        benefits=[Benefit("therapy", cost_shares=[share])],
        fee_schedule=[FeeScheduleEntry(THERAPY, usd("33.333"))],
    )

    d = adjudicate(
        policy_for(plan), [line(1, "66.67", code=THERAPY, units=2)], accumulators=empty()
    ).decisions[0]

    assert (d.allowed, d.coinsurance, d.plan_paid) == (usd("66.666"), usd("66.666"), usd("0"))


def test_the_covered_share_of_an_allowed_amount_finer_than_a_cent_stays_within_it() -> None:
    """999 of 1,000 units of a 0.019 allowed amount round to 0.02: capped at 0.019."""
    benefit = Benefit("units", limits=[Limit(Measure.UNITS, 999)])

    d = adjudicate(
        policy_for(one_benefit_plan(benefit)),
        [line(1, "1.00", units=1000, allowed=usd("0.019"))],
        accumulators=empty(),
    ).decisions[0]

    assert d.plan_paid == usd("0.019")
