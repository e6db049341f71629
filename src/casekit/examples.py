"""River's worked example, written once: the data the demo and the tests share.

River (a synthetic patient) had a bicycle accident: a traumatic brain injury, a broken arm and
a broken femur. A nurse case manager works the case under the clinical model; River's silver
plan covers the therapies. ``python -m casekit demo`` tells the story, and the
`casekit.testing` fixtures return this data. Everything here is made up.

The module sits above `casekit.careplan` and `casekit.coverage` (a story needs both, and
neither may import the other), and below the command line and `casekit.testing`, which import
it; the core never does. Each function builds its value afresh: nothing here is shared state.

Examples:
    >>> river_plan().id, river_policy().member, river_manager().id
    ('silver-2025', '00', 'cm-ana')
    >>> [o.id for o in river_services().offers]
    ['pt', 'ot', 'np', 'finance', 'coordination']
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

import pendulum

from casekit.assessment import NeedDomain
from casekit.careplan import Catalogue, ResponsibleParty, ServiceOffer, Setting, Timing
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
from casekit.lifecycle import open_case
from casekit.money import Money
from casekit.people import CaseManager, Credential, Licence, LicenceStatus, Patient, PersonName
from casekit.periods import DateRange

__all__ = [
    "AT",
    "COORDINATION",
    "NP",
    "OT",
    "PT",
    "river",
    "river_authorization",
    "river_case",
    "river_claim",
    "river_lines",
    "river_manager",
    "river_plan",
    "river_policy",
    "river_services",
    "river_therapy_authorizations",
]

AT: Final = pendulum.datetime(2025, 3, 3, 9, tz="UTC")
"""A fixed, timezone-aware time: Monday 3 March 2025, 09:00 UTC."""

PT: Final = Code.parse("CPT|97110")
"""Physical therapy (therapeutic exercise)."""
OT: Final = Code.parse("CPT|97530")
"""Occupational therapy (therapeutic activities)."""
NP: Final = Code.parse("CPT|96132")
"""Neuropsychological testing."""
COORDINATION: Final = Code.parse("HCPCS|T1016")
"""Case management: the manager's own work."""


def _usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def river() -> Patient:
    """Return River, a synthetic patient."""
    return Patient("pt-river", PersonName("Synthetic", ("River",)), pendulum.date(1994, 8, 21))


def river_manager() -> CaseManager:
    """Return River's nurse case manager, ``cm-ana``: an RN and CCM, 80% on case management."""
    return CaseManager(
        "cm-ana",
        credentials=(Credential.RN, Credential.CCM),
        licences=(Licence(Credential.RN, LicenceStatus.ACTIVE),),
        case_management_share=Decimal("0.8"),
    )


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


def _therapy(
    offer: str, service: Code, what: str, need: NeedDomain, *, weekly: int, minutes: int, weeks: int
) -> ServiceOffer:
    timing = Timing(weekly, session_minutes=minutes)
    provider = f"prov-{offer}"
    return ServiceOffer(
        offer, service, what, (need,), provider=provider, timing=timing, duration_weeks=weeks
    )


def _managers(offer: str, what: str, needs: tuple[NeedDomain, ...] = ()) -> ServiceOffer:
    manager = ResponsibleParty.CASE_MANAGER
    return ServiceOffer(
        offer, COORDINATION, what, needs, responsible=manager, setting=Setting.OFFICE
    )


def river_services() -> Catalogue:
    """Return the services the nurse's programme can arrange for River, and who provides them.

    Physical, occupational and neuropsychological therapy from providers (``prov-pt``,
    ``prov-ot``, ``prov-np``); help with financial planning and the coordination of
    appointments from the manager herself.
    """
    functional, cognitive = NeedDomain.FUNCTIONAL, NeedDomain.COGNITIVE
    return Catalogue(
        (
            _therapy("pt", PT, "physical therapy", functional, weekly=2, minutes=45, weeks=12),
            _therapy("ot", OT, "occupational therapy", functional, weekly=1, minutes=60, weeks=10),
            _therapy("np", NP, "neuropsychology", cognitive, weekly=1, minutes=60, weeks=8),
            _managers("finance", "help with financial planning", (NeedDomain.FINANCIAL,)),
            _managers("coordination", "coordinate appointments across providers"),
        )
    )


def river_plan() -> Plan:
    """Return River's silver plan: therapy with a $30 copay, 20 visits, prior authorisation.

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
    return Authorization("PA-778", PT, 12, DateRange.of("2025-03-20", "2025-06-30"))


def river_lines() -> tuple[ServiceLine, ...]:
    """Return four claim lines: authorised therapy, testing, therapy, and 2026."""
    on = pendulum.date(2025, 3, 24)
    return (
        ServiceLine(1, PT, on, _usd("180.00"), authorization_id="PA-778"),
        ServiceLine(2, NP, on.add(days=2), _usd("2400.00")),
        ServiceLine(3, PT, on.add(days=3), _usd("180.00")),
        ServiceLine(4, PT, pendulum.date(2026, 1, 6), _usd("180.00")),
    )


def river_therapy_authorizations() -> tuple[Authorization, ...]:
    """Return the demo's spring authorisations: 24 physical and 10 occupational therapy visits.

    ``PA-778`` and ``PA-779`` run from 7 March to 30 June 2025.
    """
    spring = DateRange.of("2025-03-07", "2025-06-30")
    return (Authorization("PA-778", PT, 24, spring), Authorization("PA-779", OT, 10, spring))


def river_claim() -> tuple[ServiceLine, ...]:
    """Return the demo's claim: the first sessions of each therapy in March, and one in 2026.

    Physical and occupational therapy under their authorisations, neuropsychological testing
    (no authorisation), and a physical therapy session after the policy ends.
    """
    return (
        ServiceLine(1, PT, pendulum.date(2025, 3, 10), _usd("180.00"), authorization_id="PA-778"),
        ServiceLine(2, OT, pendulum.date(2025, 3, 11), _usd("150.00"), authorization_id="PA-779"),
        ServiceLine(3, NP, pendulum.date(2025, 3, 13), _usd("2400.00")),
        ServiceLine(4, PT, pendulum.date(2026, 1, 6), _usd("180.00")),
    )
