"""``python -m casekit demo``: a walk through River's case, from referral to coverage.

River (a synthetic patient) was hurt in a bicycle accident: a head injury, a broken arm and a
broken femur. A nurse case manager works the case under the clinical model: physical therapy,
neuropsychology and occupational therapy, coordinated appointments, regular telephone
check-ins, and help with the costs. The story follows the seed article the product comes from.
"""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal
from typing import TYPE_CHECKING

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
from casekit.careplan import CarePlan, Goal, Intervention
from casekit.case import (
    CareModel,
    Case,
    Contact,
    ContactMode,
    Referral,
    add_referral,
    record_assessment,
    record_care_plan,
    record_contact,
)
from casekit.ccm import CcmApplicant, Employment, EmploymentRole, ccm_exam_eligibility
from casekit.codes import Code, CodeSet, CodeSystem
from casekit.coverage import (
    Accumulators,
    Authorization,
    Benefit,
    CostShare,
    Limit,
    Measure,
    Plan,
    Policy,
    Service,
    ServiceLine,
    Tier,
    TierTerms,
    adjudicate,
    check_coverage,
)
from casekit.errors import TransitionRefusedError
from casekit.lifecycle import allowed_events, apply, open_case, replay, to_mermaid
from casekit.lifecycle.standard import STANDARD
from casekit.money import Money
from casekit.people import CaseManager, Credential, Licence, LicenceStatus, Patient, PersonName
from casekit.periods import DateRange
from casekit.serialization import from_json, to_json

if TYPE_CHECKING:
    from collections.abc import Callable


def _usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def _heading(out: Callable[[str], None], text: str) -> None:
    out("")
    out(text)
    out("-" * len(text))


def demo(out: Callable[[str], None] = print) -> Case:  # noqa: C901, PLR0915  # one story, in order
    """Tell River's case, printing each step with *out*; return the final case."""
    t0 = pendulum.datetime(2025, 3, 3, 9, tz="America/Denver")
    day = pendulum.duration(days=1)

    _heading(out, "1. A referral arrives")
    river = Patient("pt-river", PersonName("Synthetic", ("River",)), pendulum.date(1994, 8, 21))
    nurse = CaseManager(
        "cm-ana",
        credentials=(Credential.RN, Credential.CCM),
        licences=(Licence(Credential.RN, LicenceStatus.ACTIVE),),
        case_management_share=Decimal("0.8"),
    )
    case = open_case(
        "case-river", patient=river, manager=nurse, model=CareModel.CLINICAL, at=t0, by="cm-ana"
    )
    out(f"opened {case.id} for {case.patient!r}: state {case.state!r}, model {case.model.value}")
    out("(names and birth dates never appear in text: the repr above is all there is)")

    _heading(out, "2. Screening, acceptance and assessment")
    case = apply(case, "start_screening", at=t0 + day, by="cm-ana")
    case = apply(case, "accept", at=t0 + day * 2, by="cm-ana")
    refusal = allowed_events(case, at=t0 + day * 2, by="cm-ana")
    blocked = next(o for o in refusal if o.event == "complete_assessment")
    out(f"state {case.state!r}; complete_assessment is blocked because:")
    for reason in blocked.reasons:
        out(f"  - {reason.message()}  [{reason.code}]")
    assessment = Assessment(
        "as-1",
        t0 + day * 3,
        "cm-ana",
        needs=(
            Need(
                NeedDomain.FUNCTIONAL, Priority.HIGH, "walking after the femur fracture", id="n-1"
            ),
            Need(
                NeedDomain.COGNITIVE,
                Priority.HIGH,
                "memory and attention after the injury",
                id="n-2",
            ),
            Need(NeedDomain.FINANCIAL, Priority.MEDIUM, "bills while off work", id="n-3"),
        ),
        strengths=(Strength(StrengthSource.FAMILY, "a partner at home every evening"),),
        risk=RiskLevel.HIGH,
        tools=("Katz ADL", "MoCA"),
    )
    case = record_assessment(case, assessment, at=t0 + day * 3, by="cm-ana")
    case = apply(case, "complete_assessment", at=t0 + day * 3, by="cm-ana")
    needs = ", ".join(n.domain.value for n in assessment.needs)
    out(f"assessed: risk {assessment.risk.value if assessment.risk else 'none'}; needs: {needs}")

    _heading(out, "3. A clinical care plan, coordinated")
    plan = CarePlan(
        "cp-1",
        t0 + day * 4,
        "cm-ana",
        goals=(
            Goal(
                "g-walk",
                "walk unaided to the bus stop",
                target=pendulum.date(2025, 7, 1),
                need_ids=("n-1",),
            ),
            Goal(
                "g-work",
                "return to work part time",
                target=pendulum.date(2025, 9, 1),
                need_ids=("n-2", "n-3"),
            ),
        ),
        interventions=(
            Intervention(
                "i-pt", "physical therapy", Code.parse("CPT|97110"), "2/week", goal_ids=("g-walk",)
            ),
            Intervention(
                "i-np", "neuropsychological testing", Code.parse("CPT|96132"), goal_ids=("g-work",)
            ),
            Intervention(
                "i-ot",
                "occupational therapy",
                Code.parse("CPT|97165"),
                "1/week",
                goal_ids=("g-walk", "g-work"),
            ),
        ),
    )
    case = record_care_plan(case, plan, at=t0 + day * 4, by="cm-ana")
    case = apply(case, "approve_plan", at=t0 + day * 4, by="cm-ana")
    for n, (provider, code) in enumerate(
        [("prov-pt", "CPT|97110"), ("prov-np", "CPT|96132"), ("prov-ot", "CPT|97165")]
    ):
        referral = Referral(f"rf-{n}", provider, t0 + day * 4, Code.parse(code))
        case = add_referral(case, referral, at=t0 + day * 4, by="cm-ana")
    for week in range(1, 4):
        call = Contact(f"ct-{week}", ContactMode.PHONE, t0 + day * 7 * week, 15, "cm-ana")
        case = record_contact(case, call, at=t0 + day * 7 * week, by="cm-ana")
    case = apply(case, "start_monitoring", at=t0 + day * 22, by="cm-ana")
    out(
        f"state {case.state!r}: {len(plan.goals)} goals, {len(plan.interventions)} "
        f"interventions, {len(case.open_referrals)} open referrals, {len(case.contacts)} "
        "telephone check-ins"
    )

    _heading(out, "4. Closing too early is refused, with reasons")
    try:
        apply(case, "close", at=t0 + day * 23, by="cm-ana", data={"closure_reason": "goals_met"})
    except TransitionRefusedError as refused:
        out(f"close refused in {refused.state!r}:")
        for reason in refused.reasons:
            out(f"  - {reason.message()}  [{reason.code}]")

    _heading(out, "5. Is physical therapy covered?")
    therapy = CodeSet.of(CodeSystem.CPT, "97110-97546", name="therapy")
    plan_design = Plan(
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
    policy = Policy(plan_design, DateRange.of("2025-01-01", "2025-12-31"), member_id="MBR-0001")
    on = pendulum.date(2025, 3, 24)
    answer = check_coverage(policy, Service(Code.parse("CPT|97110")), on=on)
    out(f"asked with no network and no authorisation: {answer.covered.value}")
    for reason in answer.reasons:
        out(f"  - {reason.message()}  [{reason.code}]")
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
    details = ", ".join(f"{k}={v}" for k, v in answer.details)
    out(f"with {auth.id}: {answer.covered.value}, satisfied by {answer.satisfied_pa_id}; {details}")
    for reason in answer.reasons:
        out(f"  - {reason.message()}  [{reason.code}]")

    _heading(out, "6. The claim lines, adjudicated to the cent")
    lines = [
        ServiceLine(1, Code.parse("CPT|97110"), on, _usd("180.00"), authorization_id="PA-778"),
        ServiceLine(2, Code.parse("CPT|96132"), on.add(days=2), _usd("2400.00")),
        ServiceLine(3, Code.parse("CPT|97110"), on.add(days=3), _usd("180.00")),
        ServiceLine(4, Code.parse("CPT|97110"), pendulum.date(2026, 1, 6), _usd("180.00")),
    ]
    result = adjudicate(policy, lines, accumulators=Accumulators.empty(), authorizations=[auth])
    for d in result.decisions:
        out(
            f"line {d.line_number}: {d.status.value:8} allowed {d.allowed}  patient "
            f"{d.patient_share}  plan {d.plan_paid}  {' '.join(d.adjustment_codes)}"
        )
        if d.reasons:
            out(f"         why: {d.reasons[0].message()}")
    out("the trace of line 2:")
    for row in result.decisions[1].trace.render().splitlines():
        out(f"  {row}")

    _heading(out, "7. Can the case manager sit the CCM exam?")
    jobs = (Employment(EmploymentRole.CASE_MANAGER, 14, supervised_by_ccm=True),)
    outcome = ccm_exam_eligibility(CcmApplicant.from_case_manager(nurse, employment=jobs), on=on)
    out(f"{nurse.id}: {'eligible' if outcome.passed else 'not eligible'}")

    _heading(out, "8. The log is the truth")
    text = to_json(case)
    back = from_json(text, Case)
    out(
        f"{len(case.history)} events, {len(text):,} characters of JSON; read back equal: "
        f"{back == case}; replayed equal: {replay(case.history, workflow=STANDARD) == case}"
    )
    out("the standard workflow, as a Mermaid diagram (first lines):")
    for row in to_mermaid(STANDARD).splitlines()[:6]:
        out(f"  {row}")
    return case


def main(argv: list[str] | None = None) -> int:
    """Run the command line: ``python -m casekit demo``."""
    parser = argparse.ArgumentParser(prog="python -m casekit", description=__doc__)
    parser.add_argument("command", choices=["demo"], help="what to run")
    parser.parse_args(argv)
    demo()
    return 0


if __name__ == "__main__":
    sys.exit(main())
