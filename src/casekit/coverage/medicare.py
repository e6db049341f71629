"""Original Medicare Part A as a casekit plan, from dated cost-sharing parameters.

Part A's deductible applies per benefit period (a spell of illness: it starts at an inpatient
or skilled-nursing admission and ends after 60 days in a row without such care). Inpatient
days 1-60 cost nothing after the deductible, days 61-90 a daily coinsurance of a quarter of
the deductible, then up to 60 lifetime reserve days at half the deductible a day. In a
skilled nursing facility days 1-20 cost nothing and days 21-100 an eighth of the deductible a
day (42 CFR 409.83 for the hospital fractions). Amounts change every 1 January.

Psychiatric hospital days count toward a 190-day lifetime limit. Part B: an annual deductible,
then 20% of the approved amount. Amounts for every year from 2006 to 2026 ship with their
sources; callers give them for other years. Skilled nursing care needs a qualifying
inpatient stay of three days first (42 CFR 409.30), counted from the lines `adjudicate`
covers.

Examples:
    >>> import pendulum
    >>> str(PART_A["part_a_deductible"].on(pendulum.date(2025, 3, 1)))
    '1676 USD'
    >>> part_a_plan(on=pendulum.date(2025, 6, 1)).id
    'medicare-part-a-2025'
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Final

from casekit.coverage._benefit import (
    Benefit,
    CostShare,
    DayRange,
    Limit,
    Measure,
    QualifyingStay,
    SpellOfIllness,
    Tier,
)
from casekit.coverage._plan import Liability, Plan, TierTerms
from casekit.errors import InvalidInputError
from casekit.money import Money
from casekit.periods import CalendarYear, Lifetime, require_date
from casekit.rules import ParameterHistory, load_parameter_table

__all__ = ["PART_A", "part_a_plan", "part_b_plan"]


_NOTICE: Final = (
    "CMS annual notice 'Medicare Program; CY {year} Inpatient Hospital Deductible and Hospital "
    "and Extended Care Services Coinsurance Amounts' (Federal Register) and the CMS fact sheet "
    "'{year} Medicare Parts A & B Premiums and Deductibles'; the daily amounts are the fixed "
    "fractions of 42 CFR 409.83 and 409.85"
)
_J = "https://regulations.justia.com/regulations/fedreg/"
_NOTICES: Final = {
    2006: f"70 FR 55885, FR Doc 05-18838 (23 Sep 2005), {_J}2005/09/23/05-18838.html",
    2007: f"71 FR 54662, FR Doc 06-7711 (18 Sep 2006), {_J}2006/09/18/06-7711.html",
    2008: f"72 FR 57035, FR Doc 07-4911 (5 Oct 2007), {_J}2007/10/05/07-4911.html",
    2010: f"74 FR 54579, FR Doc E9-25372 (22 Oct 2009), {_J}2009/10/22/E9-25372.html",
    2011: f"75 FR 68799, FR Doc 2010-28251 (9 Nov 2010), {_J}2010/11/09/2010-28251.html",
    2012: f"76 FR 67568, FR Doc 2011-28187 (1 Nov 2011), {_J}2011/11/01/2011-28187.html",
    2013: f"77 FR 69848, FR Doc 2012-28273 (21 Nov 2012), {_J}2012/11/21/2012-28273.html",
    2014: f"78 FR 64953, FR Doc 2013-25595 (30 Oct 2013), {_J}2013/10/30/2013-25595.html",
    2016: f"80 FR 70808, FR Doc 2015-29207 (16 Nov 2015), {_J}2015/11/16/2015-29207.html",
    2017: f"81 FR 80060, FR Doc 2016-27389 (15 Nov 2016), {_J}2016/11/15/2016-27389.html",
    2018: "82 FR 55367, FR Doc 2017-24913 (21 Nov 2017), https://thefederalregister.org/82-FR/55367",
    2019: "83 FR 52459, FR Doc 2018-22526 (17 Oct 2018), https://thefederalregister.org/83-FR/52459",
    2020: f"84 FR 61619, FR Doc 2019-24441 (13 Nov 2019), {_J}2019/11/13/2019-24441.html",
    2021: f"85 FR 71916, FR Doc 2020-25024 (12 Nov 2020), {_J}2020/11/12/2020-25024.html",
    2022: f"86 FR 64217, FR Doc 2021-25051 (17 Nov 2021), {_J}2021/11/17/2021-25051.html",
    2023: f"87 FR 59094, FR Doc 2022-21180 (29 Sep 2022), {_J}2022/09/29/2022-21180.html",
    2024: f"88 FR 71551, FR Doc 2023-22850 (17 Oct 2023), {_J}2023/10/17/2023-22850.html",
    2025: f"89 FR 89998, FR Doc 2024-26472 (14 Nov 2024), {_J}2024/11/14/2024-26472.html",
    2026: "FR Doc 2025-20249 (19 Nov 2025), https://frtracker.app/fr/2025-20249",
}
"""Each year's Part A notice in the Federal Register. Its summary gives the deductible and
the three daily amounts; where the text was at hand (2006, 2008, 2010, 2012, 2013, 2016-2020,
2025, 2026, and 2024 in the 2025 notice's table) every figure agrees with casekit's; the
other years were checked against the sources in `_CHECKED`. 2009's notice was not found."""

_CHECKED: Final = {
    2006: "https://www.fedweek.com/retirement-benefits/new-rates-under-medicare-2/",
    2007: "Part A: the CMS fact sheet for 2007 as reported by https://www.corcoranccg.com/news/"
    "2007-medicare-deductible-increase/ (Part B $131)",
    2009: "Medicare General Information, Eligibility and Entitlement Manual, ch. 3, s. 10.3 "
    "(its table of deductible and coinsurance amounts), http://www.whatismedicalinsurancebilling"
    ".org/2010/06/inpatient-hospital-deductible-medicare.html",
    2010: "Part B $155: https://www.theagingexperience.com/2009/10/23/medicare-part-a-to-increase"
    "-in-2010-3/",
    2011: "CMS 'Your Medicare Benefits 2011' as tabled by ASPE, https://aspe.hhs.gov/report/"
    "variation-and-trends-medigap-premiums/appendix-medicare-benefits-parts-and-b-and-cost-"
    "sharing-requirements-2011 (Part B $162)",
    2013: "Part B $147: https://www.lexology.com/library/detail.aspx?g=9395b395-68b7-47c8-94f3-"
    "b783f85b9335",
    2014: "CMS 'Medicare & You 2014' as tabled by http://balancedhs.com/medicare/medicare-part-"
    "a-services/; Part B $147: https://www.capitalgazette.com/cg2-arc-998d383f-1cc2-5ec5-bde8-"
    "675ac357943d-20131103-story.html",
    2015: "https://www.medicaremedics.com/how-does-medicare-hospitalisation-work/ and https://"
    "www.reference.com/business-finance/deductibles-medicare-part-b9b3e4eb6f2d20a7 (Part B $147)",
    2016: "https://www.aha.org/news/headline/2015-11-11-cms-announces-medicare-premiums-and-"
    "deductibles-cy-2016",
    2017: "SSA POMS HI 00610.430 (Part B deductibles 2014-2021)",
    2018: "Part B $183: http://www.sidneydailynews.com/opinion/columns/90133/new-premiums-for-"
    "medicare-2",
    2020: f"Part B $198: 84 FR 61625, FR Doc 2019-24440, {_J}2019/11/13/2019-24440.html",
    2021: "https://dgalcorn.com/2020/11/21/medicare-2021-part-a-and-part-b-premium/ (CMS release"
    " of 6 November 2020)",
    2022: "Part B $233: https://aha.org/node/680679",
    2023: "https://www.keaneyfinancialservices.com/blog/medicare-changes-for-2024",
    2024: "Part B $240: https://www.aha.org/news/headline/2023-10-13-cms-announces-medicare-"
    "premiums-deductibles-2024",
    2025: "https://medicareinteractive.org/get-answers/medicare-health-coverage-options/"
    "original-medicare-costs/part-a-costs",
    2026: "Part B $283: https://www.einpresswire.com/article/868033856/cms-releases-details-on-"
    "medicare-premiums-deductibles-for-2026",
}
"""Where each year's figures were also checked: the Part B deductible (from the Part B
notice 'Medicare Part B Monthly Actuarial Rates, Premium Rate, and Annual Deductible' of the
year, or a report of it) and the years whose Part A notice text was not at hand."""

# year: (Part A inpatient deductible per benefit period, Part B annual deductible), USD.
_DEDUCTIBLES: Final = {
    2006: ("952", "124"),
    2007: ("992", "131"),
    2008: ("1024", "135"),
    2009: ("1068", "135"),
    2010: ("1100", "155"),
    2011: ("1132", "162"),
    2012: ("1156", "140"),
    2013: ("1184", "147"),
    2014: ("1216", "147"),
    2015: ("1260", "147"),
    2016: ("1288", "166"),
    2017: ("1316", "183"),
    2018: ("1340", "183"),
    2019: ("1364", "185"),
    2020: ("1408", "198"),
    2021: ("1484", "203"),
    2022: ("1556", "233"),
    2023: ("1600", "226"),
    2024: ("1632", "240"),
    2025: ("1676", "257"),
    2026: ("1736", "283"),
}

_QUARTER: Final = Decimal("0.25")
_HALF: Final = Decimal("0.5")
_EIGHTH: Final = Decimal("0.125")
_B_COINSURANCE: Final = Decimal("0.2")
_PSYCHIATRIC_LIFETIME_DAYS: Final = 190
_RESERVE_DAYS: Final = 60


def _fraction(deductible: str, share: Decimal) -> str:
    return f"{Decimal(deductible) * share:.2f}".removesuffix(".00")


def _table() -> dict[str, object]:
    table: dict[str, object] = {"_unit": "USD"}
    for year, (part_a, part_b) in _DEDUCTIBLES.items():
        source = _NOTICE.format(year=year)
        if year in _NOTICES:
            source += "; Part A notice: " + _NOTICES[year]
        if year in _CHECKED:
            source += "; checked against " + _CHECKED[year]
        table[str(year)] = {
            "part_a_deductible": part_a,
            "coins_61_90": _fraction(part_a, _QUARTER),
            "lifetime_reserve": _fraction(part_a, _HALF),
            "snf_21_100": _fraction(part_a, _EIGHTH),
            "part_b_deductible": part_b,
            "source": source,
        }
    return table


PART_A: Final[dict[str, ParameterHistory[Money]]] = load_parameter_table(_table(), name="medicare")
"""Medicare cost sharing, 2006-2026, as dated parameters (each effective 1 January), with the
source of each year: ``part_a_deductible``, ``coins_61_90``, ``lifetime_reserve``,
``snf_21_100`` and ``part_b_deductible``."""

_FIRST_YEAR: Final = min(_DEDUCTIBLES)
_LAST_YEAR: Final = max(_DEDUCTIBLES)


def _shipped(name: str, on: dt.date) -> Money:
    if not _FIRST_YEAR <= on.year <= _LAST_YEAR:
        raise InvalidInputError.one(
            "on",
            "no_parameters",
            "casekit has no Medicare Part A amounts for that year",
        )
    return PART_A[name].on(on)


def _given(deductible: object) -> Money:
    if not isinstance(deductible, Money) or deductible.currency != "USD" or deductible.amount < 0:
        raise InvalidInputError.one("deductible", "money", "must be US dollars ≥ 0 or None")
    return deductible


def part_a_plan(
    *,
    on: dt.date,
    deductible: Money | None = None,
    psychiatric: bool = False,
    qualifying_stay: bool = True,
) -> Plan:
    """Return Original Medicare Part A with the amounts in effect on *on*.

    Benefits: ``inpatient`` (place of service 21: the deductible, days 61-90 at a quarter of
    it a day, 60 lifetime reserve days at half of it), ``skilled_nursing`` (31: days 21-100
    at an eighth of the deductible a day) and, with *psychiatric*, ``psychiatric`` (51: as
    inpatient, and at most 190 days in a lifetime, 42 CFR 409.62); amounts the plan does not cover
    are the patient's (group PR). Amounts are those of the calendar year of *on*: since 1982
    a stay's deductible and coinsurance are those of the year the services are furnished
    (Social Security Act s. 1813(b)(2), as amended by Pub. L. 97-35 s. 2131; 42 CFR
    409.82(a)(4)), so adjudicate each year's days with that year's plan. With *deductible*,
    the daily amounts are its fixed fractions, for a year or programme casekit does not ship.
    Skilled nursing care needs a qualifying inpatient stay (`QualifyingStay`: at least three
    inpatient days, not counting the day of discharge, ending at most 30 days before; 42 CFR
    409.30); pass ``qualifying_stay=False`` where the rule is waived (the COVID-19 public
    health emergency, 1 March 2020 to 11 May 2023, under section 1812(f) of the Act; some
    ACO and demonstration waivers).

    Raises:
        InvalidInputError: at ``on`` for a year outside 2006-2026 without *deductible*; at
            ``deductible`` unless it is US dollars ≥ 0.

    Examples:
        >>> import pendulum
        >>> plan = part_a_plan(on=pendulum.date(2020, 3, 1), psychiatric=True)
        >>> [b.id for b in plan.benefits], str(plan.tiers[0].deductible)
        (['inpatient', 'skilled_nursing', 'psychiatric'], '1408 USD')
        >>> str(part_a_plan(on=pendulum.date(2031, 1, 1), deductible=Money.of("2000", "USD"))
        ...     .benefits[0].cost_shares[0].day_ranges[1].daily)
        '500.00 USD'
    """
    on = require_date(on, field="on")
    if deductible is None:
        amount = _shipped("part_a_deductible", on)
        coins, reserve, snf = (
            _shipped(name, on) for name in ("coins_61_90", "lifetime_reserve", "snf_21_100")
        )
    else:
        amount = _given(deductible)
        coins, reserve, snf = ((amount * share).rounded() for share in (_QUARTER, _HALF, _EIGHTH))
    hospital = CostShare(
        day_ranges=(
            DayRange(1, 60),
            DayRange(61, 90, daily=coins),
            DayRange(91, None, daily=reserve, reserve=_RESERVE_DAYS),
        )
    )
    skilled = CostShare(
        deductible_applies=False,
        day_ranges=(DayRange(1, 20), DayRange(21, 100, daily=snf)),
    )
    stay = QualifyingStay(3, 30, ("21", "51") if psychiatric else ("21",))
    benefits = [
        Benefit("inpatient", places_of_service=("21",), cost_shares=[hospital]),
        Benefit(
            "skilled_nursing",
            places_of_service=("31",),
            cost_shares=[skilled],
            qualifying_stay=stay if qualifying_stay else None,
        ),
    ]
    if psychiatric:
        benefits.append(
            Benefit(
                "psychiatric",
                places_of_service=("51",),
                cost_shares=[hospital],
                limits=[Limit(Measure.DAYS, _PSYCHIATRIC_LIFETIME_DAYS, per=Lifetime())],
            )
        )
    return Plan(
        f"medicare-part-a-{on.year}",
        tiers=[TierTerms(Tier.IN, deductible=amount, denied_liability=Liability.PATIENT)],
        benefits=benefits,
        # A psychiatric hospital stay also starts and keeps a benefit period open.
        benefit_period=SpellOfIllness(places_of_service=("21", "31", "51"))
        if psychiatric
        else SpellOfIllness(),
        name=f"Original Medicare Part A ({on.year})",
    )


def part_b_plan(*, on: dt.date, deductible: Money | None = None) -> Plan:
    """Return Original Medicare Part B with the amounts in effect on *on*.

    One benefit, ``medical``, for any service: the annual deductible (per calendar year),
    then 20% coinsurance of the Medicare-approved amount (pass it as the line's allowed
    amount, or a fee schedule). With *deductible*, any year or programme.

    Raises:
        InvalidInputError: at ``on`` for a year outside 2006-2026 without *deductible*; at
            ``deductible`` unless it is US dollars ≥ 0.

    Examples:
        >>> import pendulum
        >>> plan = part_b_plan(on=pendulum.date(2025, 5, 1))
        >>> str(plan.tiers[0].deductible), plan.benefits[0].cost_shares[0].coinsurance
        ('257 USD', Decimal('0.2'))
    """
    on = require_date(on, field="on")
    amount = _shipped("part_b_deductible", on) if deductible is None else _given(deductible)
    return Plan(
        f"medicare-part-b-{on.year}",
        tiers=[TierTerms(Tier.IN, deductible=amount, denied_liability=Liability.PATIENT)],
        benefits=[
            Benefit("medical", cost_shares=[CostShare.coinsurance_after_deductible(_B_COINSURANCE)])
        ],
        benefit_period=CalendarYear(),
        name=f"Original Medicare Part B ({on.year})",
    )
