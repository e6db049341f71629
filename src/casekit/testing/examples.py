"""Small synthetic examples for tests and docs: River's plan, policy, claim and case.

River is the synthetic patient of ``python -m casekit demo``: a bicycle accident, a head
injury and broken bones, physical therapy under a silver plan. Everything here is made up;
the plugin's ``casekit_*`` fixtures return these.

Examples:
    >>> river_plan().id, river_policy().member
    ('silver-2025', '00')
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

import pendulum

from casekit.case import CareModel, Case
from casekit.codes import Code, CodeSet, CodeSystem
from casekit.coverage import (
    Authorization,
    Benefit,
    CostShare,
    Limit,
    Measure,
    Plan,
    Policy,
    ServiceLine,
    Tier,
    TierTerms,
)
from casekit.lifecycle import STANDARD, Workflow, open_case
from casekit.money import Money
from casekit.people import CaseManager, Credential, Patient, PersonName
from casekit.periods import DateRange

__all__ = [
    "AT",
    "case_in",
    "river",
    "river_authorization",
    "river_case",
    "river_lines",
    "river_manager",
    "river_plan",
    "river_policy",
]

AT: Final = pendulum.datetime(2025, 3, 3, 9, tz="UTC")
"""A fixed, timezone-aware time: Monday 3 March 2025, 09:00 UTC."""


def _usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def river() -> Patient:
    """Return River, a synthetic patient."""
    return Patient("pt-river", PersonName("Synthetic", ("River",)), pendulum.date(1994, 8, 21))


def river_manager() -> CaseManager:
    """Return River's nurse case manager, ``cm-ana``."""
    return CaseManager("cm-ana", credentials=(Credential.RN, Credential.CCM))


def river_case() -> Case:
    """Return River's case, just opened under the standard workflow at `AT`."""
    return open_case(
        "case-river",
        patient=river(),
        manager=river_manager(),
        model=CareModel.CLINICAL,
        at=AT,
        by="cm-ana",
    )


def river_plan() -> Plan:
    """Return the demo's silver plan: therapy with a $30 copay, 20 visits, prior authorisation.

    Everything else is covered at 20% coinsurance after a $1,500 in-network deductible.
    """
    therapy = CodeSet.of(CodeSystem.CPT, "97110-97546", name="therapy")
    return Plan(
        "silver-2025",
        tiers=[
            TierTerms(Tier.IN, deductible=_usd("1500.00"), out_of_pocket_max=_usd("6000.00")),
            TierTerms(Tier.OUT, deductible=_usd("3000.00"), balance_billing=True),
        ],
        benefits=[
            Benefit(
                "therapy",
                codes=therapy,
                cost_shares=[
                    CostShare(tier=Tier.IN, copay=_usd("30.00"), deductible_applies=False)
                ],
                limits=[Limit(Measure.VISITS, 20)],
                prior_authorization=True,
            ),
            Benefit("medical", cost_shares=[CostShare(coinsurance=Decimal("0.2"))]),
        ],
    )


def river_policy() -> Policy:
    """Return River's enrolment in `river_plan` for 2025 (member id ``MBR-0001``)."""
    return Policy(river_plan(), DateRange.of("2025-01-01", "2025-12-31"), member_id="MBR-0001")


def river_authorization() -> Authorization:
    """Return prior authorisation ``PA-778``: 12 therapy visits, 20 March to 30 June 2025."""
    return Authorization(
        "PA-778", Code.parse("CPT|97110"), 12, DateRange.of("2025-03-20", "2025-06-30")
    )


def river_lines() -> tuple[ServiceLine, ...]:
    """Return the demo's four claim lines: authorised therapy, testing, therapy, and 2026."""
    on = pendulum.date(2025, 3, 24)
    return (
        ServiceLine(1, Code.parse("CPT|97110"), on, _usd("180.00"), authorization_id="PA-778"),
        ServiceLine(2, Code.parse("CPT|96132"), on.add(days=2), _usd("2400.00")),
        ServiceLine(3, Code.parse("CPT|97110"), on.add(days=3), _usd("180.00")),
        ServiceLine(4, Code.parse("CPT|97110"), pendulum.date(2026, 1, 6), _usd("180.00")),
    )


def case_in(state: str, *, workflow: Workflow[Case] = STANDARD) -> Case:
    """Return a synthetic case in *state* of *workflow*, reached through a valid history.

    The path is the shortest the workflow allows; on the way, the records and event data
    the guards ask for are supplied (an assessment with a risk level, an actionable care
    plan, a ``closure_reason``...).

    Raises:
        ValueError: for a state the workflow cannot reach.

    Examples:
        >>> case = case_in("implementing")
        >>> case.state, [e.name for e in case.history][-2:]
        ('implementing', ['care_plan_recorded', 'approve_plan'])
    """
    from casekit.testing import _reach  # noqa: PLC0415  # the search, only when asked

    routes = _reach.paths(workflow)
    if state not in routes:
        raise ValueError(f"{state!r} is not a state workflow {workflow.id!r} reaches")
    case = _reach.seed_case(workflow, at=AT)
    for event in routes[state]:
        moved = _reach.attempt(case, event, workflow=workflow, at=case.history[-1].at)
        case = case if moved is None else moved
    return case
