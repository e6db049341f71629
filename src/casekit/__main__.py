"""``python -m casekit demo``: River's case, end to end, under the clinical model.

River (a synthetic patient) was hurt in a bicycle accident: a traumatic brain injury, a broken
arm and a broken femur. A nurse case manager works the case under the clinical model: the
builder proposes physical therapy, neuropsychology and occupational therapy, coordinated
appointments, regular meetings with phone check-ins, and help with financial planning. The
therapies are checked against River's insurance and adjudicated; monitoring catches a missed
check-in and a missed session; the plan is revised; River recovers, the goals are met and the
case closes. The story follows the seed article the product comes from (docs/tutorial-river.md
tells it as a tutorial).
"""

from __future__ import annotations

import sys
from decimal import Decimal
from typing import TYPE_CHECKING, Final

import attrs
import pendulum

from casekit import examples
from casekit.assessment import (
    Assessment,
    Need,
    NeedDomain,
    Priority,
    RiskLevel,
    Strength,
    StrengthSource,
)
from casekit.careplan import CLINICAL as CLINICAL_PROFILE
from casekit.careplan import (
    Achievement,
    AchievementStatus,
    CarePlan,
    GoalStatus,
    InterventionStatus,
    PlanOptions,
    PlanStatus,
    RevisionReason,
    Setting,
    TargetDirection,
    build_plan,
    monitor,
    plan_versions,
    record_achievement,
    revise,
    validate_plan,
)
from casekit.case import (
    Appointment,
    AppointmentStatus,
    CareModel,
    Case,
    Contact,
    ContactMode,
    Referral,
    ReferralStatus,
    add_referral,
    record_assessment,
    record_care_plan,
    record_contact,
    schedule_appointment,
)
from casekit.coverage import (
    Accumulators,
    Service,
    Tier,
    adjudicate,
    check_coverage,
)
from casekit.errors import TransitionRefusedError
from casekit.lifecycle import allowed_events, apply, open_case, replay
from casekit.lifecycle.standard import STANDARD
from casekit.serialization import from_json, to_json

if TYPE_CHECKING:
    from collections.abc import Callable

    Out = Callable[[str], None]

T0: Final = pendulum.datetime(2025, 3, 3, 9, tz="America/Denver")
"""Monday 3 March 2025: the referral arrives."""

BY: Final = "cm-ana"
PT, OT, NP = examples.PT, examples.OT, examples.NP


def _heading(out: Out, text: str) -> None:
    out("")
    out(text)
    out("-" * len(text))


def _day(n: int) -> pendulum.DateTime:
    return T0.add(days=n)


def _show_plan(out: Out, plan: CarePlan) -> None:
    out(
        f"plan {plan.id} v{plan.version} ({plan.status.value}, {plan.model} model), "
        f"review by {plan.review_on}"
    )
    for goal in plan.goals:
        target = (
            f"; target {goal.measure} {goal.direction.value} {goal.target_value}"
            if (goal.measure)
            else ""
        )
        out(
            f"  goal {goal.id} [{goal.status.value}] for {', '.join(goal.need_ids)}, "
            f"due {goal.target}{target}"
        )
    for i in plan.interventions:
        who = i.provider or (i.responsible.value if i.responsible else "?")
        how = f", {i.timing}" if i.timing else ""
        where = i.setting.value if i.setting else "?"
        out(
            f"  - {i.id}: {i.description} ({i.service}) by {who}, {where}{how} -> "
            f"{', '.join(i.goal_ids)}"
        )
    s = plan.contact_schedule or CLINICAL_PROFILE.contact  # built plans carry their own
    modes = ", ".join(s.modes)
    out(f"  contact: {s.early} for {s.early_weeks} weeks, then {s.later}; modes {modes}")


def _open_and_assess(out: Out) -> Case:
    _heading(out, "1. A referral arrives, and the patient is assessed")
    case = open_case(
        "case-river",
        patient=examples.river(),
        manager=examples.river_manager(),
        model=CareModel.CLINICAL,
        at=T0,
        by=BY,
    )
    out(f"opened {case.id} for {case.patient!r}: state {case.state!r}, model {case.model.value}")
    out("(names and birth dates never appear in text: the repr above is all there is)")
    case = apply(case, "start_screening", at=_day(1), by=BY)
    case = apply(case, "accept", at=_day(2), by=BY)
    blocked = next(
        o for o in allowed_events(case, at=_day(2), by=BY) if o.event == "complete_assessment"
    )
    out(f"state {case.state!r}; complete_assessment is blocked because:")
    for reason in blocked.reasons:
        out(f"  - {reason.message()}  [{reason.code}]")
    assessment = Assessment(
        "as-1",
        _day(3),
        BY,
        needs=(
            Need(
                NeedDomain.FUNCTIONAL, Priority.HIGH, "walking and using the arm", id="n-physical"
            ),
            Need(NeedDomain.COGNITIVE, Priority.HIGH, "memory and attention", id="n-cognitive"),
            Need(NeedDomain.FINANCIAL, Priority.MEDIUM, "bills while off work", id="n-financial"),
        ),
        strengths=(Strength(StrengthSource.FAMILY, "a partner at home", id="s-partner"),),
        risk=RiskLevel.HIGH,
        tools=("Katz ADL", "MoCA"),
    )
    case = record_assessment(case, assessment, at=_day(3), by=BY)
    case = apply(case, "complete_assessment", at=_day(3), by=BY)
    needs = ", ".join(f"{n.id} ({n.domain.value}, {n.priority.value})" for n in assessment.needs)
    out(f"assessed: risk {RiskLevel.HIGH.value}; needs: {needs}; state {case.state!r}")
    return case


def _plan(out: Out, case: Case) -> Case:
    _heading(out, "2. The clinical builder proposes the plan")
    assessment = case.latest_assessment
    assert assessment is not None  # noqa: S101  # recorded in step 1
    plan = build_plan(
        assessment,
        examples.river_services(),
        model="clinical",
        plan_id="cp-river",
        at=_day(4),
        by=BY,
        options=PlanOptions(goal_days=84),
    )
    _show_plan(out, plan)
    breaches = validate_plan(plan, CLINICAL_PROFILE, assessment=assessment)
    out(f"checked against the clinical model: {breaches or 'no breach'}")
    case = record_care_plan(case, plan, at=_day(4), by=BY)
    case = apply(case, "approve_plan", at=_day(4), by=BY)
    for intervention in plan.interventions:
        if intervention.provider is not None:
            referral = Referral(
                f"rf-{intervention.id}", intervention.provider, _day(4), intervention.service
            )
            case = add_referral(case, referral, at=_day(4), by=BY)
    for referral in case.referrals:
        accepted = attrs.evolve(referral, status=ReferralStatus.ACCEPTED)
        case = add_referral(case, accepted, at=_day(6), by=BY)
    out(
        f"state {case.state!r}; the patient is enrolled: "
        + ", ".join(f"{r.id} to {r.to} {r.status.value}" for r in case.referrals)
    )
    return case


def _coverage(out: Out) -> None:
    _heading(out, "3. Are the therapies covered? Asked first, adjudicated after")
    policy = examples.river_policy()
    auths = examples.river_therapy_authorizations()
    on = pendulum.date(2025, 3, 7)
    for name, code in (
        ("physical therapy", PT),
        ("occupational therapy", OT),
        ("neuropsychology", NP),
    ):
        answer = check_coverage(
            policy,
            Service(code, network=Tier.IN),
            on=on,
            accumulators=Accumulators.empty(),
            authorizations=auths,
        )
        out(f"{name} ({code}): {answer.covered.value}")
        for reason in answer.reasons:
            out(f"  - {reason.message()}  [{reason.code}]")
    lines = examples.river_claim()
    result = adjudicate(policy, lines, accumulators=Accumulators.empty(), authorizations=auths)
    out("the claim, adjudicated to the cent:")
    for d in result.decisions:
        out(
            f"  line {d.line_number}: {d.status.value:8} allowed {d.allowed}  patient "
            f"{d.patient_share}  plan {d.plan_paid}  {' '.join(d.adjustment_codes)}"
        )
        for reason in d.reasons[:1]:
            out(f"           why: {reason.message()}  [{reason.code}]")


def _book(case: Case, sessions: list[tuple[str, int]], *, first: int, at: int) -> Case:
    for n, (provider, day) in enumerate(sessions, start=first):
        booked = Appointment(f"ap-{n}", _day(day), provider, 60)
        case = schedule_appointment(case, booked, at=_day(at), by=BY)
    return case


def _attend(case: Case, appointment_id: str, status: AppointmentStatus) -> Case:
    booked = next(a for a in reversed(case.appointments) if a.id == appointment_id)
    return schedule_appointment(case, attrs.evolve(booked, status=status), at=booked.at, by=BY)


def _services(out: Out, case: Case) -> Case:
    _heading(out, "4. Services run; monitoring flags what slipped")
    sessions = [
        ("prov-pt", 7),
        ("prov-ot", 8),
        ("prov-pt", 9),
        ("prov-np", 10),
        ("prov-pt", 14),
        ("prov-ot", 15),
        ("prov-pt", 16),
        ("prov-np", 17),
        ("prov-pt", 18),
    ]
    case = _book(case, sessions, first=1, at=6)
    out(f"the manager books {len(sessions)} sessions across three providers")
    calls = {7: ContactMode.PHONE, 11: ContactMode.IN_PERSON}
    for n, (provider, day) in enumerate(sessions, start=1):
        for call_day in [d for d in calls if d <= day]:
            contact = Contact(f"ct-{call_day}", calls.pop(call_day), _day(call_day), 20, BY)
            case = record_contact(case, contact, at=_day(call_day), by=BY)
        missed = provider == "prov-ot" and day == 15  # noqa: PLR2004  # River misses this one
        status = AppointmentStatus.NOSHOW if missed else AppointmentStatus.FULFILLED
        case = _attend(case, f"ap-{n}", status)
    case = apply(case, "start_monitoring", at=_day(18), by=BY)
    on = _day(21).date()
    out(
        f"state {case.state!r}; {len(case.contacts)} contacts, {len(case.appointments)} "
        f"appointment records; monitoring on {on}:"
    )
    for flag in monitor(case, on=on):
        out(f"  ! {flag.reason.message()}  [{flag.code}]")
    return case


def _revise(out: Out, case: Case) -> Case:
    _heading(out, "5. The plan is revised")
    call = Contact("ct-call", ContactMode.PHONE, _day(21), 25, BY)
    case = record_contact(case, call, at=_day(21), by=BY)
    case = apply(case, "revise_plan", at=_day(21), by=BY)
    plan = case.latest_care_plan
    assert plan is not None  # noqa: S101  # recorded in step 2
    targets = {
        "g-1": ("metres walked unaided", Decimal(400), TargetDirection.AT_LEAST),
        "g-2": ("MoCA score", Decimal(26), TargetDirection.AT_LEAST),
        "g-3": ("overdue bills", Decimal(0), TargetDirection.AT_MOST),
    }
    goals = tuple(
        attrs.evolve(
            g,
            status=GoalStatus.ACTIVE,
            measure=targets[g.id][0],
            target_value=targets[g.id][1],
            direction=targets[g.id][2],
        )
        for g in plan.goals
    )
    at_home = tuple(
        attrs.evolve(i, setting=Setting.HOME, status=InterventionStatus.IN_PROGRESS)
        if i.id == "ot"
        else attrs.evolve(i, status=InterventionStatus.IN_PROGRESS)
        for i in plan.interventions
    )
    revised = revise(
        plan,
        at=_day(21),
        by=BY,
        reason=RevisionReason.MONITORING,
        note="occupational therapy moves home after a missed clinic session",
        goals=goals,
        interventions=at_home,
        status=PlanStatus.ACTIVE,
    )
    _show_plan(out, revised)
    revision = revised.revision
    assert revision is not None  # noqa: S101  # revise sets it
    out(
        f"why: {revision.reason.value} (replaces v{revision.replaces_version}); breaches: "
        f"{validate_plan(revised, CLINICAL_PROFILE) or 'none'}"
    )
    case = record_care_plan(case, revised, at=_day(21), by=BY)
    case = apply(case, "approve_plan", at=_day(21), by=BY)
    case = apply(case, "start_monitoring", at=_day(22), by=BY)
    versions = plan_versions(case, revised.id)
    out(f"state {case.state!r}; plan versions in the history: {[p.version for p in versions]}")
    return case


def _recover(out: Out, case: Case) -> Case:
    _heading(out, "6. Recovery: goals met, case closed")
    try:
        apply(case, "close", at=_day(22), by=BY, data={"closure_reason": "goals_met"})
    except TransitionRefusedError as refused:
        out(f"closing now is refused in {refused.state!r}:")
        for reason in refused.reasons:
            out(f"  - {reason.message()}  [{reason.code}]")
    for week in range(1, 9):
        when = _day(21 + 7 * week)
        mode = ContactMode.IN_PERSON if week % 2 else ContactMode.PHONE
        case = record_contact(case, Contact(f"ct-w{week}", mode, when, 20, BY), at=when, by=BY)
        case = _book(case, [("prov-pt", 21 + 7 * week)], first=100 + week, at=21 + 7 * week)
        case = _attend(case, f"ap-{100 + week}", AppointmentStatus.FULFILLED)
    plan = case.latest_care_plan
    assert plan is not None  # noqa: S101  # revised in step 5
    readings = {"g-1": (120, 420), "g-2": (22, 27), "g-3": (3, 0)}
    goals = []
    for active in plan.goals:
        first, last = readings[active.id]
        goal = record_achievement(
            active, Achievement(_day(21), AchievementStatus.IN_PROGRESS, Decimal(first))
        )
        goal = record_achievement(
            goal, Achievement(_day(76), AchievementStatus.ACHIEVED, Decimal(last))
        )
        goals.append(attrs.evolve(goal, status=GoalStatus.COMPLETED))
    for referral in case.referrals:
        for status in (ReferralStatus.IN_PROGRESS, ReferralStatus.COMPLETED):
            case = add_referral(case, attrs.evolve(referral, status=status), at=_day(77), by=BY)
    done = tuple(attrs.evolve(i, status=InterventionStatus.COMPLETED) for i in plan.interventions)
    final = revise(
        plan,
        at=_day(77),
        by=BY,
        reason=RevisionReason.GOAL_ACHIEVED,
        goals=tuple(goals),
        interventions=done,
    )
    case = record_care_plan(case, final, at=_day(77), by=BY)
    for goal in final.goals:
        reached = goal.is_reached_by(goal.achievements[-1].value or Decimal(0))
        out(
            f"  goal {goal.id}: {goal.measure} {goal.achievements[0].value} -> "
            f"{goal.achievements[-1].value} (target reached: {reached}); "
            f"{goal.status.value}, {goal.achievement_status}"
        )
    flags = monitor(case, on=_day(77).date())
    out(f"monitoring on {_day(77).date()}: {len(flags)} flag(s)")
    case = apply(case, "close", at=_day(77), by=BY, data={"closure_reason": "goals_met"})
    out(f"closed: state {case.state!r}, closure_reason {case.history[-1].datum('closure_reason')}")
    return case


def demo(out: Out = print) -> Case:
    """Tell River's case, printing each step with *out*; return the final case."""
    case = _open_and_assess(out)
    case = _plan(out, case)
    _coverage(out)
    case = _services(out, case)
    case = _revise(out, case)
    case = _recover(out, case)
    _heading(out, "7. The log is the truth")
    text = to_json(case)
    back = from_json(text, Case)
    out(
        f"{len(case.history)} events, {len(text):,} characters of JSON; read back equal: "
        f"{back == case}; replayed equal: {replay(case.history, workflow=STANDARD) == case}"
    )
    return case


def main(argv: list[str] | None = None) -> int:
    """Run the command line, ``python -m casekit`` as the ``casekit`` command does.

    ``python -m casekit demo`` tells River's story; the other commands are in `casekit.cli`.
    """
    from casekit.cli import main as run  # noqa: PLC0415  # the CLI imports this module's demo

    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
