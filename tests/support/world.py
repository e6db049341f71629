"""A synthetic world holding an instance of every public casekit type, and the type census.

`build_world(mark)` tells a small case story (as ``python -m casekit demo`` does) with the
synthetic PHI marker *mark* in every place a personal value can go: names, member ids,
telephone numbers, e-mail, free-text descriptions, and the birth date 1917-03-29.
`instances(roots)` walks the objects it returns and groups every attrs instance by type, so
that the fuzz and PHI tests cover each public type, including types added later, without a
hand-written list.
"""

from __future__ import annotations

import importlib
import types
import typing
from decimal import Decimal
from typing import Any

import attrs
import pendulum
from surface import public_modules

from casekit.assessment import (
    Assessment,
    Need,
    NeedDomain,
    Priority,
    RiskLevel,
    Strength,
    StrengthSource,
)
from casekit.careplan import (
    CLINICAL,
    Achievement,
    AchievementStatus,
    CarePlan,
    Catalogue,
    Goal,
    Intervention,
    PlanOptions,
    RevisionReason,
    ServiceOffer,
    Timing,
    TransitionalCareComplexity,
    monitor,
    record_achievement,
    revise,
    transitional_care_deadlines,
)
from casekit.case import (
    Appointment,
    CareModel,
    Contact,
    ContactMode,
    Outcome,
    Referral,
    Vector,
    add_referral,
    record_assessment,
    record_care_plan,
    record_contact,
    record_outcome,
    schedule_appointment,
)
from casekit.ccm import (
    CcmApplicant,
    Degree,
    DegreeField,
    DegreeLevel,
    Employment,
    EmploymentRole,
    ccm_exam_eligibility,
)
from casekit.codes import Code, CodeSet, CodeSystem
from casekit.coverage import (
    Accumulators,
    Authorization,
    Benefit,
    CalendarMonth,
    CostShare,
    FeeScheduleEntry,
    Limit,
    Measure,
    MedicalNecessity,
    Plan,
    Policy,
    Service,
    ServiceLine,
    Tier,
    TierTerms,
    adjudicate,
    check_coverage,
)
from casekit.coverage.medicare import part_a_plan
from casekit.coverage.reason_codes import CARCS
from casekit.identifiers import NPI, Identifier
from casekit.lifecycle import (
    STANDARD,
    OpenDeadline,
    allowed_events,
    apply,
    open_case,
    open_deadlines,
)
from casekit.money import Money
from casekit.people import (
    AdministrativeSex,
    CareTeam,
    CareTeamMember,
    CareTeamRole,
    CaseManager,
    ContactPoint,
    ContactPointSystem,
    ContactPointUse,
    Credential,
    Licence,
    LicenceStatus,
    Patient,
    PersonName,
    Provider,
    ProviderKind,
)
from casekit.periods import CalendarYear, DateRange, HolidayCalendar, Lifetime, PlanYear
from casekit.rules import load_parameter_table

MARK = "PHI-MARK-7f3a"
"""The synthetic PHI marker; it must never appear in any text casekit writes."""

BIRTH_DATE = pendulum.date(1917, 3, 29)
"""A distinctive synthetic birth date: its year, 1917, must never appear in text either."""

BIRTH_YEAR = "1917"

# Types that are reached through the exported API but hold no value of their own to fuzz.
SKIPPED: dict[str, str] = {}


def _field_types(t: Any) -> typing.Iterator[type]:
    if isinstance(t, type):
        yield t
    for arg in typing.get_args(t):
        yield from _field_types(arg)


def public_types() -> list[type]:
    """Return every attrs class in a public ``__all__``, and every attrs class its fields name.

    Walks `casekit.__all__` and the ``__all__`` of each public module and subpackage, then
    follows field annotations (``Plan`` leads to ``Benefit``, ``Limit``, ...).
    """
    found: dict[type, None] = {}
    todo: list[type] = []
    for name in public_modules():
        module = importlib.import_module(name)
        for attr in getattr(module, "__all__", ()):
            obj = getattr(module, attr)
            if isinstance(obj, type) and attrs.has(obj):
                todo.append(obj)
            elif isinstance(obj, types.UnionType):
                todo.extend(t for t in _field_types(obj) if attrs.has(t))
    while todo:
        cls = todo.pop()
        if cls in found:
            continue
        found[cls] = None
        hints = typing.get_type_hints(cls)
        for field in attrs.fields(cls):
            todo.extend(t for t in _field_types(hints.get(field.name)) if attrs.has(t))
    return sorted(found, key=lambda c: (c.__module__, c.__qualname__))


def instances(roots: typing.Iterable[object]) -> dict[type, list[object]]:
    """Return every attrs instance reachable from *roots*, grouped by exact type."""
    out: dict[type, list[object]] = {}
    seen: set[int] = set()
    todo = list(roots)
    while todo:
        obj = todo.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, (tuple, list, frozenset, set, Vector)):
            todo.extend(obj)
        elif isinstance(obj, dict):
            todo.extend(obj.values())
        elif attrs.has(type(obj)):
            out.setdefault(type(obj), []).append(obj)
            todo.extend(getattr(obj, f.name) for f in attrs.fields(type(obj)))
    return out


def _usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def build_world(mark: str = MARK) -> list[object]:  # one story, in order
    """Return the objects of a small case story with *mark* in every personal value."""
    t0 = pendulum.datetime(2025, 3, 3, 9, tz="America/Denver")
    day = pendulum.duration(days=1)
    name = PersonName(f"{mark}-family", (f"{mark}-given",), (f"{mark}-prefix",))
    patient = Patient(
        "pt-1",
        name,
        BIRTH_DATE,
        AdministrativeSex.FEMALE,
        "en-US",
        contact_points=(
            ContactPoint(ContactPointSystem.PHONE, f"+1 555 0100 {mark}", ContactPointUse.MOBILE),
            ContactPoint(ContactPointSystem.EMAIL, f"{mark}@example.org"),
        ),
        identifiers=(Identifier("urn:example:member", f"{mark}-member"),),
    )
    nurse = CaseManager(
        "cm-ana",
        credentials=(Credential.RN, Credential.CCM),
        licences=(Licence(Credential.RN, LicenceStatus.ACTIVE, pendulum.date(2030, 1, 1)),),
        case_management_share=Decimal("0.8"),
    )
    team = CareTeam((CareTeamMember("rel-1", CareTeamRole.FAMILY),))
    case = open_case(
        "case-1",
        patient=patient,
        manager=nurse,
        model=CareModel.CLINICAL,
        at=t0,
        by="cm-ana",
        team=team,
    )
    case = apply(case, "start_screening", at=t0 + day, by="cm-ana")
    case = apply(case, "accept", at=t0 + day * 2, by="cm-ana")
    options = allowed_events(case, at=t0 + day * 2, by="cm-ana")
    assessment = Assessment(
        "as-1",
        t0 + day * 3,
        "cm-ana",
        needs=(
            Need(NeedDomain.FUNCTIONAL, Priority.HIGH, f"{mark} walking after a fall", id="n-walk"),
        ),
        strengths=(Strength(StrengthSource.FAMILY, f"{mark} partner at home"),),
        risk=RiskLevel.HIGH,
        tools=("Katz ADL",),
    )
    case = record_assessment(case, assessment, at=t0 + day * 3, by="cm-ana")
    case = apply(case, "complete_assessment", at=t0 + day * 3, by="cm-ana")
    plan = CarePlan(
        "cp-1",
        t0 + day * 4,
        "cm-ana",
        goals=(
            Goal(
                "g-walk",
                f"{mark} walks to the bus stop",
                pendulum.date(2025, 7, 1),
                need_ids=("n-walk",),
            ),
        ),
        interventions=(
            Intervention(
                "i-pt",
                f"{mark} physical therapy",
                Code.parse("CPT|97110"),
                "2/week",
                goal_ids=("g-walk",),
            ),
        ),
    )
    case = record_care_plan(case, plan, at=t0 + day * 4, by="cm-ana")
    case = apply(case, "approve_plan", at=t0 + day * 4, by="cm-ana")
    referral = Referral("rf-1", "prov-pt", t0 + day * 4, Code.parse("CPT|97110"), f"{mark} why")
    case = add_referral(case, referral, at=t0 + day * 4, by="cm-ana")
    call = Contact("ct-1", ContactMode.PHONE, t0 + day * 7, 15, "cm-ana", ("rel-1",))
    case = record_contact(case, call, at=t0 + day * 7, by="cm-ana")
    visit = Appointment("ap-1", t0 + day * 8, "prov-pt", 45, f"{mark} purpose")
    case = schedule_appointment(case, visit, at=t0 + day * 7, by="cm-ana")
    outcome = Outcome("oc-1", t0 + day * 9, "walking", f"{mark} 200 m", "g-walk")
    case = record_outcome(case, outcome, at=t0 + day * 9, by="cm-ana")
    walked = Achievement(t0 + day * 9, AchievementStatus.IMPROVING, Decimal(200))
    goal = attrs.evolve(plan.goals[0], measure="metres walked", target_value=Decimal(400))
    revised = revise(
        plan,
        at=t0 + day * 9,
        by="cm-ana",
        reason=RevisionReason.MONITORING,
        note=f"{mark} why it changed",
        goals=(record_achievement(goal, walked),),
        interventions=(attrs.evolve(plan.interventions[0], timing=Timing(2)),),
        contact_schedule=CLINICAL.contact,
    )
    case = record_care_plan(case, revised, at=t0 + day * 9, by="cm-ana")
    catalogue = Catalogue(
        (
            ServiceOffer(
                "pt",
                Code.parse("CPT|97110"),
                "physical therapy",
                (NeedDomain.FUNCTIONAL,),
                provider="prov-pt",
                timing=Timing(2),
            ),
        )
    )
    deadlines = open_deadlines(case, on=pendulum.date(2025, 3, 20))

    therapy = CodeSet.of(CodeSystem.CPT, "97110-97546", name="therapy")
    design = Plan(
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
            Benefit(
                "medical",
                cost_shares=[CostShare(coinsurance=Decimal("0.2"))],
                medical_necessity=MedicalNecessity(min_age=18, max_age=99),
            ),
        ],
        fee_schedule=[FeeScheduleEntry(Code.parse("CPT|97110"), _usd("150.00"))],
    )
    policy = Policy(
        design,
        DateRange.of("2025-01-01", "2025-12-31"),
        member_id=f"{mark}-member",
        family_id=f"{mark}-family",
        birth_date=BIRTH_DATE,
        sex="female",
    )
    on = pendulum.date(2025, 3, 24)
    auth = Authorization(
        "PA-778", Code.parse("CPT|97110"), 12, DateRange.of("2025-03-20", "2025-06-30")
    )
    answer = check_coverage(
        policy,
        Service(Code.parse("CPT|97110"), network=Tier.IN),
        on=on,
        accumulators=Accumulators.empty(),
        authorizations=[auth],
    )
    lines = [
        ServiceLine(1, Code.parse("CPT|97110"), on, _usd("180.00"), authorization_id="PA-778"),
        ServiceLine(2, Code.parse("CPT|96132"), on.add(days=2), _usd("2400.00")),
    ]
    result = adjudicate(policy, lines, accumulators=Accumulators.empty(), authorizations=[auth])
    medicare = part_a_plan(on=on)
    medicare_policy = Policy(
        medicare, DateRange.of("2025-01-01", "2025-12-31"), member_id=f"{mark}-mbi"
    )
    inpatient = [
        ServiceLine(
            d + 1, Code.parse("HCPCS|G0506"), on.add(days=d), _usd("100.00"), place_of_service="21"
        )
        for d in range(2)
    ]
    medicare_result = adjudicate(medicare_policy, inpatient, accumulators=Accumulators.empty())
    jobs = (Employment(EmploymentRole.CASE_MANAGER, 12, supervised_by_ccm=True),)
    bsn = Degree(field=DegreeField.NURSING, level=DegreeLevel.BACCALAUREATE)
    applicant = CcmApplicant.from_case_manager(nurse, degrees=(bsn,), employment=jobs)
    table = load_parameter_table(
        {"_unit": "USD", "2024": {"deductible": "1632", "source": "CMS"}}, name="t"
    )
    return [
        case,
        options,
        deadlines,
        answer,
        result,
        medicare_result,
        medicare,
        medicare_policy,
        applicant,
        ccm_exam_eligibility(applicant, on=on),
        table,
        STANDARD,
        CARCS,
        Provider(NPI("1234567893"), ProviderKind.THERAPIST, "physical therapy", "Clinic"),
        HolidayCalendar(holidays=(pendulum.date(2025, 7, 4),)),
        CalendarYear(),
        PlanYear(7, 1),
        Lifetime(),
        CalendarMonth(),
        policy,
        auth,
        lines,
        inpatient,
        OpenDeadline("initial_assessment", t0, pendulum.date(2025, 3, 19)),
        Service(Code.parse("CPT|97110"), network=Tier.IN),
        catalogue,
        PlanOptions(client_words={"n-1": f"{mark} my own words"}),
        CLINICAL,
        monitor(case, on=pendulum.date(2025, 6, 20)),
        transitional_care_deadlines(
            pendulum.date(2025, 7, 3),
            complexity=TransitionalCareComplexity.HIGH,
            calendar=HolidayCalendar(),
        ),
    ]
