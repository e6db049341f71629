"""The cost share, worked by hand: deductible, copay, coinsurance, out-of-pocket maximums.

Each test gives the split of a line (deductible, copay, coinsurance, plan payment) and what
the line adds to the accumulators, for individual and family terms.
"""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest
from coverage_helpers import YEAR_2025, empty, line, policy_for, usd
from coverage_scenarios import totals

from casekit.coverage import (
    Accumulators,
    Adjudication,
    Benefit,
    CopayTiming,
    CostShare,
    CoverageLevel,
    DayRange,
    Decision,
    FamilyMode,
    Plan,
    ServiceLine,
    Tier,
    TierTerms,
    adjudicate,
)
from casekit.money import Money


def _shares(
    share: CostShare,
    *services: ServiceLine,
    acc: Accumulators | None = None,
    deductible: Money | None = None,
    out_of_pocket_max: Money | None = None,
) -> Adjudication:
    """Adjudicate *services* under one in-network benefit with *share*."""
    tier = TierTerms(Tier.IN, deductible=deductible, out_of_pocket_max=out_of_pocket_max)
    plan = Plan("shares", tiers=[tier], benefits=[Benefit("b", cost_shares=[share])])
    return adjudicate(policy_for(plan), services, accumulators=acc or empty())


def _split(d: Decision) -> tuple[Decimal, ...]:
    """Return deductible, copay, coinsurance and plan payment (compare with strings by value)."""
    return tuple(m.amount for m in (d.deductible, d.copay, d.coinsurance, d.plan_paid))


def dec(*values: str) -> tuple[Decimal, ...]:
    """Return *values* as Decimals."""
    return tuple(Decimal(v) for v in values)


def test_a_copay_before_the_deductible_leaves_the_rest_to_the_deductible() -> None:
    """200 allowed: the 30 copay first, then 170 toward the 500 deductible, nothing paid."""
    result = _shares(CostShare(copay=usd("30")), line(1, "200"), deductible=usd("500"))

    assert _split(result.decisions[0]) == dec("170", "30", "0", "0")
    assert totals(result) == {("in", "deductible"): 170}


def test_a_copay_after_the_deductible_comes_before_the_coinsurance() -> None:
    """1,000 allowed: 100 deductible, then the 30 copay, then 20% of the 870 left."""
    share = CostShare(
        copay=usd("30"), coinsurance=Decimal("0.2"), copay_timing=CopayTiming.AFTER_DEDUCTIBLE
    )

    d = _shares(share, line(1, "1000"), deductible=usd("100")).decisions[0]

    assert _split(d) == dec("100", "30", "174.00", "696.00")


def test_a_share_without_copay_may_still_take_the_deductible_first() -> None:
    """Copay timing without a copay changes nothing: 100 deductible, then 20% of 900."""
    share = CostShare(coinsurance=Decimal("0.2"), copay_timing=CopayTiming.AFTER_DEDUCTIBLE)

    d = _shares(share, line(1, "1000"), deductible=usd("100")).decisions[0]

    assert _split(d) == dec("100", "0", "180.00", "720.00")


def test_a_copay_that_counts_toward_the_deductible_is_credited_to_it() -> None:
    """Copay 30 first, then 70 of deductible: the deductible total grows by 100."""
    share = CostShare(copay=usd("30"), copay_counts_toward_deductible=True)

    result = _shares(share, line(1, "100"), deductible=usd("500"))

    assert _split(result.decisions[0]) == dec("70", "30", "0", "0")
    assert totals(result) == {("in", "deductible"): 100}


def test_the_last_cents_of_a_deductible_are_taken() -> None:
    """With 0.50 of the deductible left, the line pays exactly that toward it."""
    acc = empty().add(("member:00", "in", "deductible", YEAR_2025), Decimal("499.50"))

    d = _shares(CostShare(), line(1, "100"), acc=acc, deductible=usd("500")).decisions[0]

    assert _split(d) == dec("0.50", "0", "0", "99.50")


def test_the_first_visits_skip_the_deductible_and_are_counted() -> None:
    """Two visits free of the deductible: the third pays it; visits are counted per benefit."""
    share = CostShare(coinsurance=Decimal("0.2"), deductible_waived_visits=2)
    days = [pendulum.date(2025, 3, d) for d in (1, 2, 3)]

    result = _shares(
        share, *(line(i, "100", on=day) for i, day in enumerate(days, 1)), deductible=usd("500")
    )

    assert [_split(d) for d in result.decisions] == [
        dec("0", "0", "20.0", "80.0"),
        dec("0", "0", "20.0", "80.0"),
        dec("100", "0", "0", "0"),
    ]
    assert totals(result) == {
        ("b", "visits"): 3,
        ("in", "deductible"): 100,
    }


def test_coinsurance_stops_at_its_maximum_for_the_period() -> None:
    """A 100 coinsurance maximum: 75 on the first line, the 25 left on the second."""
    share = CostShare(coinsurance=Decimal("0.5"), coinsurance_max=usd("100"))

    result = _shares(share, line(1, "150"), line(2, "150", on=pendulum.date(2025, 2, 16)))

    assert [_split(d) for d in result.decisions] == [
        dec("0", "0", "75.0", "75.0"),
        dec("0", "0", "25.0", "125.0"),
    ]
    assert totals(result) == {("b", "coinsurance"): 100}


def test_daily_amounts_come_on_top_of_coinsurance_up_to_the_allowed_amount() -> None:
    """90% coinsurance of 100 is 90; five days at 10 a day add only the 10 left."""
    share = CostShare(coinsurance=Decimal("0.9"), day_ranges=[DayRange(1, daily=usd("10"))])

    d = _shares(share, line(1, "100", units=5)).decisions[0]

    assert _split(d) == dec("0", "0", "100.0", "0.0")


def test_the_out_of_pocket_maximum_counts_what_was_paid_before() -> None:
    """900 of a 1,000 maximum already paid: 20% of 1,000 is cut to the 100 left."""
    acc = empty().add(("member:00", "in", "out_of_pocket", YEAR_2025), Decimal(900))

    result = _shares(
        CostShare(coinsurance=Decimal("0.2")),
        line(1, "1000"),
        acc=acc,
        out_of_pocket_max=usd("1000"),
    )

    d = result.decisions[0]
    assert _split(d) == dec("0", "0", "100.0", "900.0")
    assert [(r.code, r.params) for r in d.reasons] == [
        ("coverage.out_of_pocket_max_reached", (("tier", "in"),))
    ]
    assert totals(result) == {("in", "out_of_pocket"): 1000}


def test_reaching_the_maximum_exactly_is_not_a_cap() -> None:
    """A line that brings the total to exactly the maximum is shared as usual, with no reason."""
    d = _shares(
        CostShare(coinsurance=Decimal("0.5")), line(1, "200"), out_of_pocket_max=usd("100")
    ).decisions[0]

    assert (_split(d), d.reasons) == (dec("0", "0", "100.0", "100.0"), ())


@pytest.mark.parametrize(
    ("maximum", "counts", "split"),
    [
        # 200 allowed: copay 50 first, deductible 40, coinsurance 50% of 110 = 55.
        ("1000", True, dec("40", "50", "55.0", "55.0")),
        # Over by 85: the coinsurance goes (55), then 30 of the copay.
        ("60", True, dec("40", "20", "0.0", "140.0")),
        # Over by 115: coinsurance and copay go, then 10 of the deductible.
        ("30", True, dec("30", "0", "0.0", "170.0")),
        # The copay does not count: 95 counted, over by 35, cut from the coinsurance.
        ("60", False, dec("40", "50", "20.0", "90.0")),
    ],
)
def test_the_maximum_cuts_coinsurance_then_copay_then_deductible(
    maximum: str, split: tuple[Decimal, ...], *, counts: bool
) -> None:
    """The out-of-pocket cap takes back coinsurance first, then a counted copay, then deductible."""
    share = CostShare(
        copay=usd("50"), coinsurance=Decimal("0.5"), copay_counts_toward_out_of_pocket=counts
    )

    d = _shares(
        share, line(1, "200"), deductible=usd("40"), out_of_pocket_max=usd(maximum)
    ).decisions[0]

    assert _split(d) == split


@pytest.mark.parametrize(
    ("maximum", "counts", "added"),
    [("1000", True, "145"), ("60", True, "60"), ("1000", False, "95"), ("60", False, "60")],
)
def test_the_out_of_pocket_total_grows_by_what_the_line_counts(
    maximum: str, added: str, *, counts: bool
) -> None:
    """Deductible and coinsurance always count; the copay only when the share says so."""
    share = CostShare(
        copay=usd("50"), coinsurance=Decimal("0.5"), copay_counts_toward_out_of_pocket=counts
    )

    result = _shares(share, line(1, "200"), deductible=usd("40"), out_of_pocket_max=usd(maximum))

    assert totals(result)[("in", "out_of_pocket")] == Decimal(added)


def _family(mode: FamilyMode, acc: Accumulators, terms: TierTerms) -> Decision:
    """Adjudicate one 1,000 line for member 00 of a family policy; 20% coinsurance."""
    plan = Plan(
        "family",
        tiers=[terms],
        benefits=[Benefit("b", cost_shares=[CostShare(coinsurance=Decimal("0.2"))])],
        family_mode=mode,
    )
    policy = policy_for(plan, coverage_level=CoverageLevel.FAMILY)
    return adjudicate(policy, [line(1, "1000")], accumulators=acc).decisions[0]


@pytest.mark.parametrize(
    ("mode", "split"),
    [
        # Embedded: the member's own 500 is met, so no deductible; 20% of 1,000.
        (FamilyMode.EMBEDDED, dec("0", "0", "200", "800")),
        # Aggregate: only the family's 1,000 counts, 500 of it left.
        (FamilyMode.AGGREGATE, dec("500", "0", "100", "400")),
    ],
)
def test_an_embedded_deductible_is_met_by_the_member_alone(
    mode: FamilyMode, split: tuple[Decimal, ...]
) -> None:
    """A member who has paid the individual deductible pays no more of it, if embedded."""
    acc = empty().add(("member:00", "in", "deductible", YEAR_2025), Decimal(500))
    acc = acc.add(("family", "in", "deductible", YEAR_2025), Decimal(500))

    terms = TierTerms(Tier.IN, deductible=usd("500"), family_deductible=usd("1000"))

    d = _family(mode, acc, terms)

    assert _split(d) == split


@pytest.mark.parametrize(
    ("member_used", "family_used", "mode", "coinsurance"),
    [
        # The member's own maximum is reached: embedded caps, aggregate does not.
        ("1000", "1000", FamilyMode.EMBEDDED, "0"),
        ("1000", "1000", FamilyMode.AGGREGATE, "200"),
        # The family's maximum is reached by the others: both cap.
        ("0", "2000", FamilyMode.EMBEDDED, "0"),
        ("0", "2000", FamilyMode.AGGREGATE, "0"),
        # Neither: 20% of 1,000.
        ("0", "1000", FamilyMode.EMBEDDED, "200"),
    ],
)
def test_family_out_of_pocket_maximums_cap_by_mode(
    member_used: str, family_used: str, mode: FamilyMode, coinsurance: str
) -> None:
    """Embedded: the member's 1,000 and the family's 2,000 both cap; aggregate: the family's."""
    acc = empty().add(("member:00", "in", "out_of_pocket", YEAR_2025), Decimal(member_used))
    acc = acc.add(("family", "in", "out_of_pocket", YEAR_2025), Decimal(family_used))

    terms = TierTerms(Tier.IN, out_of_pocket_max=usd("1000"), family_out_of_pocket_max=usd("2000"))

    d = _family(mode, acc, terms)

    assert d.coinsurance.amount == Decimal(coinsurance)
