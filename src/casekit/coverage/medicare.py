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
_CHECKED: Final = {
    2006: "https://www.fedweek.com/retirement-benefits/new-rates-under-medicare-2/",
    2007: "https://www.corcoranccg.com/news/2007-medicare-deductible-increase/ (Part B)",
    2009: "Medicare General Information, Eligibility and Entitlement Manual, ch. 3, s. 10.3",
    2015: "https://www.medicaremedics.com/how-does-medicare-hospitalisation-work/",
    2016: "https://www.aha.org/news/headline/2015-11-11-cms-announces-medicare-premiums-and-"
    "deductibles-cy-2016",
    2017: "SSA POMS HI 00610.430 (Part B deductibles 2014-2021)",
    2021: "https://dgalcorn.com/2020/11/21/medicare-2021-part-a-and-part-b-premium/ (CMS release"
    " of 6 November 2020)",
    2023: "https://www.keaneyfinancialservices.com/blog/medicare-changes-for-2024",
    2024: "https://www.medicareadvocacy.org/medicare-cost-sharing-rates-premiums-deductibles/",
    2025: "https://medicareinteractive.org/get-answers/medicare-health-coverage-options/"
    "original-medicare-costs/part-a-costs",
    2026: "https://www.einpresswire.com/article/868033856/cms-releases-details-on-medicare-"
    "premiums-deductibles-for-2026",
}
"""Where each year's figures were checked, besides the CMS notice of the year."""

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
