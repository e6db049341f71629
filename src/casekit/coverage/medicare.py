"""Original Medicare Part A as a casekit plan, from dated cost-sharing parameters.

Part A's deductible applies per benefit period (a spell of illness: it starts at an inpatient
or skilled-nursing admission and ends after 60 days in a row without such care). Inpatient
days 1-60 cost nothing after the deductible, days 61-90 a daily coinsurance of a quarter of
the deductible, then up to 60 lifetime reserve days at half the deductible a day. In a
skilled nursing facility days 1-20 cost nothing and days 21-100 an eighth of the deductible a
day (42 CFR 409.83 for the hospital fractions). Amounts change every 1 January.

Simplifications: the three-day qualifying hospital stay for skilled nursing care and the
psychiatric-hospital lifetime limit are not modelled.

Examples:
    >>> import pendulum
    >>> str(PART_A["part_a_deductible"].on(pendulum.date(2025, 3, 1)))
    '1676 USD'
    >>> part_a_plan(on=pendulum.date(2025, 6, 1)).id
    'medicare-part-a-2025'
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from casekit.coverage._benefit import Benefit, CostShare, DayRange, SpellOfIllness, Tier
from casekit.coverage._plan import Liability, Plan, TierTerms
from casekit.errors import InvalidInputError
from casekit.money import Money
from casekit.rules import ParameterHistory, load_parameter_table

__all__ = ["PART_A", "part_a_plan"]


_TABLE: Final = {
    "_unit": "USD",
    "2006": {"part_a_deductible": "952", "coins_61_90": "238", "lifetime_reserve": "476",
             "snf_21_100": "119",
             "source": "https://www.fedweek.com/retirement-benefits/new-rates-under-medicare-2/"},
    "2015": {"part_a_deductible": "1260", "coins_61_90": "315", "lifetime_reserve": "630",
             "snf_21_100": "157.50",
             "source": "https://www.medicaremedics.com/how-does-medicare-hospitalisation-work/"},
    "2016": {"part_a_deductible": "1288", "coins_61_90": "322", "lifetime_reserve": "644",
             "snf_21_100": "161",
             "source": "https://www.aha.org/news/headline/2015-11-11-cms-announces-medicare-"
                       "premiums-and-deductibles-cy-2016"},
    "2018": {"part_a_deductible": "1340", "coins_61_90": "335", "lifetime_reserve": "670",
             "snf_21_100": "167.50",
             "source": "encyclopedia text copy (low-grade); consistent with the CMS fractions"},
    "2023": {"part_a_deductible": "1600", "coins_61_90": "400", "lifetime_reserve": "800",
             "snf_21_100": "200",
             "source": "https://www.keaneyfinancialservices.com/blog/medicare-changes-for-2024"},
    "2024": {"part_a_deductible": "1632", "coins_61_90": "408", "lifetime_reserve": "816",
             "snf_21_100": "204",
             "source": "https://www.medicareadvocacy.org/medicare-cost-sharing-rates-premiums-"
                       "deductibles/"},
    "2025": {"part_a_deductible": "1676", "coins_61_90": "419", "lifetime_reserve": "838",
             "snf_21_100": "209.50",
             "source": "https://medicareinteractive.org/get-answers/medicare-health-coverage-"
                       "options/original-medicare-costs/part-a-costs"},
    "2026": {"part_a_deductible": "1736", "coins_61_90": "434", "lifetime_reserve": "868",
             "snf_21_100": "217.00",
             "source": "https://www.einpresswire.com/article/868033856/cms-releases-details-on-"
                       "medicare-premiums-deductibles-for-2026"},
}  # fmt: skip
# Only years with all four amounts: a history would otherwise carry last year's value
# into a year whose amount casekit lacks.

PART_A: Final[dict[str, ParameterHistory[Money]]] = load_parameter_table(_TABLE, name="medicare")
"""Part A cost sharing as dated parameters (each effective 1 January), with sources."""


def part_a_plan(*, on: dt.date) -> Plan:
    """Return Original Medicare Part A with the amounts in effect on *on*.

    Benefits: ``inpatient`` (place of service 21) and ``skilled_nursing`` (31); amounts the
    plan does not cover are the patient's (group PR).

    Raises:
        InvalidInputError: at ``on`` when casekit has no Part A amounts for that year.

    Examples:
        >>> import pendulum
        >>> plan = part_a_plan(on=pendulum.date(2024, 3, 1))
        >>> [b.id for b in plan.benefits]
        ['inpatient', 'skilled_nursing']
        >>> part_a_plan(on=pendulum.date(2019, 3, 1))
        Traceback (most recent call last):
        ...
        casekit.errors.InvalidInputError: invalid input (1 problem):
          on: casekit has no Medicare Part A amounts for that year
    """

    def usd(name: str) -> Money:
        history = PART_A[name]
        if on < history.values[0].effective_from or history.entry_on(on).effective_from.year != (
            on.year
        ):
            raise InvalidInputError.one(
                "on", "no_parameters", "casekit has no Medicare Part A amounts for that year"
            )
        return history.on(on)

    inpatient = CostShare(
        day_ranges=(
            DayRange(1, 60),
            DayRange(61, 90, daily=usd("coins_61_90")),
            DayRange(91, None, daily=usd("lifetime_reserve"), reserve=60),
        )
    )
    skilled = CostShare(
        deductible_applies=False,
        day_ranges=(DayRange(1, 20), DayRange(21, 100, daily=usd("snf_21_100"))),
    )
    return Plan(
        f"medicare-part-a-{on.year}",
        tiers=[
            TierTerms(
                Tier.IN, deductible=usd("part_a_deductible"), denied_liability=Liability.PATIENT
            )
        ],
        benefits=[
            Benefit("inpatient", places_of_service=("21",), cost_shares=[inpatient]),
            Benefit("skilled_nursing", places_of_service=("31",), cost_shares=[skilled]),
        ],
        benefit_period=SpellOfIllness(),
        name=f"Original Medicare Part A ({on.year})",
    )
