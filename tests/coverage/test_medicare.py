"""Original Medicare: Part A and Part B, dated 2006-2026 with sources, or amounts the caller
gives for other years."""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest
from coverage_helpers import EXAMPLES, empty, line, policy_for, usd
from refusals import problems

from casekit.codes import Code, CodeSystem
from casekit.coverage import (
    Benefit,
    CostShare,
    Liability,
    Plan,
    Status,
    Tier,
    TierTerms,
    adjudicate,
    medicare,
    part_a_plan,
)
from casekit.coverage.medicare import PART_A, part_b_plan
from casekit.errors import InvalidInputError
from casekit.money import Money
from casekit.periods import CalendarYear, DateRange

STAY = Code(CodeSystem.LOCAL, "stay")
VISIT = Code(CodeSystem.CPT, "99213")

# The CMS notices: (Part A deductible, Part B deductible) per year.
NOTICES = {
    2006: ("952", "124"), 2007: ("992", "131"), 2008: ("1024", "135"), 2009: ("1068", "135"),
    2010: ("1100", "155"), 2011: ("1132", "162"), 2012: ("1156", "140"), 2013: ("1184", "147"),
    2014: ("1216", "147"), 2015: ("1260", "147"), 2016: ("1288", "166"), 2017: ("1316", "183"),
    2018: ("1340", "183"), 2019: ("1364", "185"), 2020: ("1408", "198"), 2021: ("1484", "203"),
    2022: ("1556", "233"), 2023: ("1600", "226"), 2024: ("1632", "240"), 2025: ("1676", "257"),
    2026: ("1736", "283"),
}  # fmt: skip


# The daily amounts as the notices print them: (days 61-90, lifetime reserve, SNF 21-100).
DAILY = {
    2006: ("238", "476", "119"), 2007: ("248", "496", "124"), 2008: ("256", "512", "128"),
    2009: ("267", "534", "133.50"), 2010: ("275", "550", "137.50"),
    2011: ("283", "566", "141.50"), 2012: ("289", "578", "144.50"), 2013: ("296", "592", "148"),
    2014: ("304", "608", "152"), 2015: ("315", "630", "157.50"), 2016: ("322", "644", "161"),
    2017: ("329", "658", "164.50"), 2018: ("335", "670", "167.50"),
    2019: ("341", "682", "170.50"), 2020: ("352", "704", "176"), 2021: ("371", "742", "185.50"),
    2022: ("389", "778", "194.50"), 2023: ("400", "800", "200"), 2024: ("408", "816", "204"),
    2025: ("419", "838", "209.50"), 2026: ("434", "868", "217"),
}  # fmt: skip


@pytest.mark.parametrize("year", sorted(DAILY))
def test_every_years_daily_amounts_are_those_the_notice_prints(year: int) -> None:
    """Each year's days 61-90, reserve-day and SNF amounts equal the published figures, and
    the year's source names its Federal Register notice or where it was checked."""
    on = pendulum.date(year, 3, 1)
    coins, reserve, snf = DAILY[year]

    got = [PART_A[name].on(on) for name in ("coins_61_90", "lifetime_reserve", "snf_21_100")]

    assert got == [usd(coins), usd(reserve), usd(snf)]
    source = PART_A["snf_21_100"].entry_on(on).source
    assert " FR " in source or "FR Doc" in source or "checked against" in source


def test_the_shipped_amounts_agree_with_the_examples_data_file() -> None:
    """Every Medicare figure in the shared examples file equals casekit's for its year."""
    for year, figures in EXAMPLES["parameters"]["medicare"].items():
        if year.startswith("_"):
            continue
        on = pendulum.date(int(year), 6, 1)
        for name, value in figures.items():
            if name in PART_A:
                assert PART_A[name].on(on) == usd(value), (year, name)


@pytest.mark.parametrize("year", sorted(NOTICES))
def test_every_year_from_2006_to_2026_carries_the_notices_amounts_and_a_source(year: int) -> None:
    """Each year: the deductibles of the CMS notice, the daily fractions, and a source."""
    part_a, part_b = NOTICES[year]
    on = pendulum.date(year, 7, 1)
    a = Decimal(part_a)

    amounts = {name: history.on(on) for name, history in PART_A.items()}

    assert amounts == {
        "part_a_deductible": usd(a),
        "coins_61_90": usd(a / 4),
        "lifetime_reserve": usd(a / 2),
        "snf_21_100": usd(a / 8),
        "part_b_deductible": usd(part_b),
    }
    assert f"CY {year}" in PART_A["part_a_deductible"].entry_on(on).source
    assert part_a_plan(on=on).tiers[0].deductible == usd(a)
    assert part_b_plan(on=on).tiers[0].deductible == usd(part_b)


def test_a_year_casekit_does_not_ship_takes_the_callers_deductible() -> None:
    """2027's deductible from the caller; the daily amounts are its fixed fractions."""
    plan = part_a_plan(on=pendulum.date(2027, 1, 1), deductible=usd("1800"))

    hospital, skilled = (b.cost_shares[0].day_ranges for b in plan.benefits)

    assert [r.daily for r in hospital] == [None, usd("450"), usd("900")]
    assert skilled[1].daily == usd("225")


@pytest.mark.parametrize("year", [2005, 2027])
def test_a_year_outside_the_table_without_amounts_is_refused(year: int) -> None:
    """Without amounts, a year casekit lacks is refused at on."""
    for build in (part_a_plan, part_b_plan):
        with pytest.raises(InvalidInputError) as caught:
            build(on=pendulum.date(year, 1, 1))
        assert [p.path for p in caught.value.problems] == ["on"]


@pytest.mark.parametrize("deductible", [Money.of("1", "EUR"), Money.of("-1", "USD"), "1800"])
def test_amounts_from_the_caller_must_be_dollars(deductible: object) -> None:
    """A deductible in another currency, negative or not money is refused at its name."""
    with pytest.raises(InvalidInputError) as caught:
        part_a_plan(on=pendulum.date(2027, 1, 1), deductible=deductible)  # type: ignore[arg-type]

    assert [p.path for p in caught.value.problems] == ["deductible"]


def test_psychiatric_hospital_days_stop_at_190_in_a_lifetime() -> None:
    """After 190 lifetime days in a psychiatric hospital, further days are not covered."""
    plan = part_a_plan(on=pendulum.date(2025, 1, 1), psychiatric=True)
    stays = [
        line(
            1, "90000.00", on=pendulum.date(2025, 1, 2), code=STAY, units=90, place_of_service="51"
        ),
        line(
            2, "90000.00", on=pendulum.date(2025, 7, 1), code=STAY, units=90, place_of_service="51"
        ),
        line(
            3, "9000.00", on=pendulum.date(2025, 12, 15), code=STAY, units=20, place_of_service="51"
        ),
    ]

    decisions = adjudicate(policy_for(plan), stays, accumulators=empty()).decisions

    assert [d.status for d in decisions] == [Status.COVERED, Status.COVERED, Status.COVERED]
    assert [d.period for d in decisions] == ["2025-01-02/..", "2025-07-01/..", "2025-12-15/.."]
    assert decisions[2].reasons[0].params == (
        ("benefit", "psychiatric"),
        ("covered", 10),
        ("units", 20),
    )


def test_part_b_takes_the_deductible_then_twenty_percent_of_the_approved_amount() -> None:
    """2025: $257 deductible, then 20% of the rest of the approved amount."""
    plan = part_b_plan(on=pendulum.date(2025, 1, 1))
    policy = policy_for(plan)
    visit = line(1, "500.00", code=VISIT, allowed=usd("300.00"))

    d = adjudicate(policy, [visit], accumulators=empty()).decisions[0]

    assert (d.deductible, d.coinsurance, d.plan_paid) == (
        usd("257"),
        usd("8.60"),
        usd("34.40"),
    )
    assert policy.coverage_period == DateRange.of("2025-01-01", "2025-12-31")


def test_the_medicare_table_built_afresh_holds_every_years_figures_and_sources() -> None:
    """The table `PART_A` is loaded from, built again, holds each year's notice amounts as
    printed, and a source naming the year's notice and where the figures were checked."""
    table = medicare._table()  # built at import: rebuilt to test the builder

    expected: dict[str, object] = {"_unit": "USD"}
    for year, (part_a, part_b) in NOTICES.items():
        coins, reserve, snf = DAILY[year]
        source = medicare._NOTICE.format(year=year)
        if year in medicare._NOTICES:
            source += "; Part A notice: " + medicare._NOTICES[year]
        if year in medicare._CHECKED:
            source += "; checked against " + medicare._CHECKED[year]
        expected[str(year)] = {
            "part_a_deductible": part_a,
            "coins_61_90": coins,
            "lifetime_reserve": reserve,
            "snf_21_100": snf,
            "part_b_deductible": part_b,
            "source": source,
        }
    assert table == expected
    assert table["2009"]["source"].startswith("CMS annual notice 'Medicare Program; CY 2009 ")  # type: ignore[index]
    assert "; Part A notice: " not in table["2009"]["source"]  # type: ignore[index]
    assert "; checked against " not in table["2019"]["source"]  # type: ignore[index]


@pytest.mark.parametrize("build", [part_a_plan, part_b_plan])
@pytest.mark.parametrize("deductible", [Money.of("1", "EUR"), Money.of("-0.01", "USD"), "1800"])
def test_a_deductible_that_is_not_dollars_is_refused_with_its_code_and_message(
    build: object, deductible: object
) -> None:
    """Both parts refuse a deductible in another currency, below zero or not money, at
    ``deductible`` with code ``money`` and the same message."""
    assert problems(lambda: build(on=pendulum.date(2027, 1, 1), deductible=deductible)) == [  # type: ignore[operator]
        ("deductible", "money", "must be US dollars ≥ 0 or None")
    ]


@pytest.mark.parametrize("build", [part_a_plan, part_b_plan])
def test_a_zero_deductible_from_the_caller_is_taken(build: object) -> None:
    """A deductible of $0 is a deductible, not a refusal."""
    plan = build(on=pendulum.date(2027, 1, 1), deductible=usd("0"))  # type: ignore[operator]

    assert plan.tiers[0].deductible == usd("0")


def test_part_b_refuses_a_date_that_is_not_one_at_on() -> None:
    """part_b_plan names ``on`` when it is not a date, with or without a deductible."""
    for kwargs in ({}, {"deductible": usd("300")}):
        found = problems(lambda kw=kwargs: part_b_plan(on="2025-01-01", **kw))  # type: ignore[arg-type]
        assert [p[0] for p in found] == ["on"]


def test_part_b_with_the_callers_deductible_is_the_whole_plan_with_that_deductible() -> None:
    """With a deductible, Part B for any year is one benefit at 20% after that deductible,
    per calendar year, denied amounts the patient's, named for the year."""
    plan = part_b_plan(on=pendulum.date(2031, 4, 1), deductible=usd("300"))

    assert plan == Plan(
        "medicare-part-b-2031",
        tiers=[TierTerms(Tier.IN, deductible=usd("300"), denied_liability=Liability.PATIENT)],
        benefits=[
            Benefit("medical", cost_shares=[CostShare.coinsurance_after_deductible(Decimal("0.2"))])
        ],
        benefit_period=CalendarYear(),
        name="Original Medicare Part B (2031)",
    )
    assert plan.name == "Original Medicare Part B (2031)"
    assert plan.tiers[0].denied_liability is Liability.PATIENT
