"""Coverage: plans, policies, benefits, adjudication of claim lines and the pre-service check.

A `Plan` is a benefit design; a `Policy` is one member's enrolment in it. `adjudicate` turns
`ServiceLine`s and the member's `Accumulators` into a `Decision` per line (status, amounts
split between plan and patient, X12 adjustments, reasons and a trace) and the updated
accumulators. `check_coverage` answers before a service whether it is covered and whether
prior authorisation is needed, keeping the HL7 Da Vinci CRD coverage-information rules.
Plans load from and dump to plain data with `load_plan` and `dump_plan`; `part_a_plan`
builds Original Medicare Part A, and `sbc_rounded` rounds amounts for display as a Summary
of Benefits and Coverage does.

Examples:
    >>> import pendulum
    >>> from decimal import Decimal
    >>> from casekit.codes import Code, CodeSystem
    >>> from casekit.money import Money
    >>> from casekit.periods import DateRange
    >>> usd = lambda s: Money.of(s, "USD")
    >>> plan = Plan("silver", tiers=[TierTerms(Tier.IN, deductible=usd("1500"))],
    ...             benefits=[Benefit("all", cost_shares=[CostShare(coinsurance=Decimal("0.2"))])])
    >>> policy = Policy(plan, DateRange.of("2025-01-01", "2025-12-31"), member_id="M-1")
    >>> line = ServiceLine(1, Code(CodeSystem.CPT, "99213"), pendulum.date(2025, 3, 1),
    ...                    usd("2000.00"))
    >>> d = adjudicate(policy, [line], accumulators=Accumulators.empty()).decisions[0]
    >>> str(d.deductible), str(d.coinsurance), str(d.plan_paid)
    ('1500.00 USD', '100.00 USD', '400.00 USD')
"""

from casekit.coverage._accumulators import Accumulated, AccumulatorKey, Accumulators, Spell
from casekit.coverage._adjudicate import adjudicate
from casekit.coverage._balances import Balance, accumulator_key, balances
from casekit.coverage._batch import BatchAdjudication, adjudicate_many
from casekit.coverage._benefit import (
    Benefit,
    CalendarMonth,
    CopayTiming,
    CostShare,
    DayRange,
    Documentation,
    Limit,
    Measure,
    MedicalNecessity,
    PeriodRule,
    QualifyingStay,
    SpellOfIllness,
    Tier,
)
from casekit.coverage._check import check_coverage
from casekit.coverage._decision import (
    Adjudication,
    Adjustment,
    Coverage,
    CoverageAnswer,
    DayCount,
    Decision,
    InfoNeeded,
    PriorAuth,
    Status,
)
from casekit.coverage._load import dump_plan, load_plan
from casekit.coverage._plan import FamilyMode, FeeScheduleEntry, Liability, Plan, TierTerms
from casekit.coverage._policy import (
    Authorization,
    CoverageLevel,
    Policy,
    Relationship,
    Service,
    ServiceLine,
)
from casekit.coverage.medicare import part_a_plan, part_b_plan
from casekit.coverage.sbc import sbc_rounded

__all__ = [
    "Accumulated",
    "AccumulatorKey",
    "Accumulators",
    "Adjudication",
    "Adjustment",
    "Authorization",
    "Balance",
    "BatchAdjudication",
    "Benefit",
    "CalendarMonth",
    "CopayTiming",
    "CostShare",
    "Coverage",
    "CoverageAnswer",
    "CoverageLevel",
    "DayCount",
    "DayRange",
    "Decision",
    "Documentation",
    "FamilyMode",
    "FeeScheduleEntry",
    "InfoNeeded",
    "Liability",
    "Limit",
    "Measure",
    "MedicalNecessity",
    "PeriodRule",
    "Plan",
    "Policy",
    "PriorAuth",
    "QualifyingStay",
    "Relationship",
    "Service",
    "ServiceLine",
    "Spell",
    "SpellOfIllness",
    "Status",
    "Tier",
    "TierTerms",
    "accumulator_key",
    "adjudicate",
    "adjudicate_many",
    "balances",
    "check_coverage",
    "dump_plan",
    "load_plan",
    "part_a_plan",
    "part_b_plan",
    "sbc_rounded",
]
