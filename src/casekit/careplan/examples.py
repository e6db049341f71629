"""A small synthetic assessment, catalogue and case for the care-plan examples, docs and tests.

Everything here is built through the public API; the patient is synthetic.

Examples:
    >>> [o.id for o in CATALOGUE.offers], [n.id for n in ASSESSMENT.needs]
    (['pt', 'coordination'], ['n-walk'])
    >>> case = monitored_case()
    >>> case.state, case.latest_care_plan.version
    ('monitoring', 2)
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

import attrs
import pendulum

from casekit.assessment import (
    Assessment,
    Need,
    NeedDomain,
    Priority,
    RiskLevel,
    Strength,
    StrengthSource,
)
from casekit.careplan._build import Catalogue, PlanOptions, ServiceOffer
from casekit.careplan._plan import (
    Achievement,
    AchievementStatus,
    CarePlan,
    PlanStatus,
    ResponsibleParty,
    RevisionReason,
    Setting,
    Timing,
    record_achievement,
    revise,
)
from casekit.careplan._registry import build_plan
from casekit.case import (
    Appointment,
    AppointmentStatus,
    CareModel,
    Case,
    Contact,
    ContactMode,
    Referral,
    add_referral,
    record_assessment,
    record_care_plan,
    record_contact,
    schedule_appointment,
)
from casekit.codes import Code
from casekit.lifecycle import apply, open_case
from casekit.people import CaseManager, Patient, PersonName

__all__ = ["ASSESSMENT", "AT", "CATALOGUE", "OPTIONS", "built", "monitored_case"]

AT: Final = pendulum.datetime(2025, 3, 10, 9, tz="UTC")
"""When the example plan is made: Monday 10 March 2025, 09:00 UTC."""

ASSESSMENT: Final = Assessment(
    "as-1",
    AT,
    "cm-1",
    needs=(Need(NeedDomain.FUNCTIONAL, Priority.HIGH, id="n-walk"),),
    strengths=(Strength(StrengthSource.FAMILY, id="s-family"),),
    risk=RiskLevel.MODERATE,
)
"""One functional need and one family strength."""

CATALOGUE: Final = Catalogue(
    (
        ServiceOffer(
            "pt",
            Code.parse("CPT|97110"),
            "physical therapy",
            (NeedDomain.FUNCTIONAL,),
            provider="prov-pt",
            timing=Timing(2),
            duration_weeks=12,
        ),
        ServiceOffer(
            "coordination",
            Code.parse("HCPCS|T1016"),
            "care coordination",
            responsible=ResponsibleParty.CASE_MANAGER,
            setting=Setting.OFFICE,
        ),
    )
)
"""Physical therapy from a provider, and care coordination by the manager."""

OPTIONS: Final = PlanOptions(client_words={"n-walk": "I want to walk my dog again"})
"""The client's own words for the goal."""


def built(model: str) -> CarePlan:
    """Return the plan *model*'s builder makes from the example inputs."""
    return build_plan(
        ASSESSMENT, CATALOGUE, model=model, plan_id="cp-1", at=AT, by="cm-1", options=OPTIONS
    )


def monitored_case(model: str = "clinical") -> Case:
    """Return a case in monitoring under *model*, with a revised plan and some history.

    The plan is built on 10 March 2025; phone check-ins follow on 17 and 24 March; physical
    therapy is attended on 12 and 14 March and missed on 4 April; the referral to it is still
    unanswered; the walking goal has two measurements.
    """
    day = pendulum.duration(days=1)
    case = open_case(
        "case-1",
        patient=Patient("pt-1", PersonName("Synthetic"), pendulum.date(1970, 1, 1)),
        manager=CaseManager("cm-1"),
        model=CareModel(model),
        at=AT - day * 3,
        by="cm-1",
    )
    case = apply(case, "start_screening", at=AT - day * 2, by="cm-1")
    case = apply(case, "accept", at=AT - day, by="cm-1")
    case = record_assessment(case, ASSESSMENT, at=AT, by="cm-1")
    case = apply(case, "complete_assessment", at=AT, by="cm-1")
    plan = built(model)
    case = record_care_plan(case, plan, at=AT, by="cm-1")
    case = apply(case, "approve_plan", at=AT, by="cm-1")
    referral = Referral("rf-pt", "prov-pt", AT, Code.parse("CPT|97110"))
    case = add_referral(case, referral, at=AT, by="cm-1")
    for n, (offset, status) in enumerate(
        [(2, AppointmentStatus.FULFILLED), (4, AppointmentStatus.FULFILLED)]
    ):
        visit = Appointment(f"ap-{n}", AT + day * offset, "prov-pt", 45, status=status)
        case = schedule_appointment(case, visit, at=AT + day * offset, by="cm-1")
    for week in (1, 2):
        call = Contact(f"ct-{week}", ContactMode.PHONE, AT + day * 7 * week, 15, "cm-1")
        case = record_contact(case, call, at=AT + day * 7 * week, by="cm-1")
    case = apply(case, "start_monitoring", at=AT + day * 14, by="cm-1")
    goal = plan.goals[0]
    goal = attrs.evolve(goal, measure="metres walked", target_value=Decimal(400))
    for when, value in ((AT, 0), (AT + day * 21, 25)):
        progress = Achievement(when, AchievementStatus.IN_PROGRESS, Decimal(value))
        goal = record_achievement(goal, progress)
    revised = revise(
        plan,
        at=AT + day * 21,
        by="cm-1",
        reason=RevisionReason.MONITORING,
        goals=(goal,),
        status=PlanStatus.ACTIVE,
    )
    case = record_care_plan(case, revised, at=AT + day * 21, by="cm-1")
    missed = Appointment("ap-3", AT + day * 25, "prov-pt", 45, status=AppointmentStatus.NOSHOW)
    return schedule_appointment(case, missed, at=AT + day * 25, by="cm-1")
