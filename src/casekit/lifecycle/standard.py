"""The standard case-management workflow, and the FHIR-status workflows for goals, interventions
and referrals.

The case workflow follows the case-management process: screening, assessing and stratifying
risk, planning, implementing and coordinating, monitoring, transitioning, post-transition
follow-up, and evaluating and closing. It is cyclical: monitoring leads back to assessing or
planning. What differs between programmes is supplied by the application as parameters of
`standard_workflow`: eligibility criteria, what counts as open required work, the reopen window.

Examples:
    >>> STANDARD.initial.name, [s.name for s in STANDARD.states if s.final]
    ('referred', ['declined', 'entered_in_error'])
    >>> STANDARD.state("on_hold").fhir_status, STANDARD.state("on_hold").cmmn_state
    ('onhold', 'suspended')
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from casekit.careplan import AchievementStatus as _Achievement
from casekit.careplan import CarePlan, Goal, GoalStatus, Intervention, PlanStatus
from casekit.case import Appointment, Case, Referral
from casekit.errors import InvalidInputError
from casekit.lifecycle._workflow import (
    FUTURE_TOLERANCE,
    HISTORY,
    Deadline,
    DeadlineUnit,
    EventContext,
    Guard,
    State,
    StateCategory,
    Transition,
    Workflow,
)
from casekit.rules import Reason

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "APPOINTMENT",
    "CARE_PLAN",
    "GOAL",
    "INTERVENTION",
    "REFERRAL",
    "STANDARD",
    "ClosureReason",
    "no_open_referrals",
    "standard_guards",
    "standard_workflow",
]

_P = StateCategory.PENDING
_A = StateCategory.ACTIVE
_ACTIVE: Final = (
    "assessing",
    "planning",
    "implementing",
    "monitoring",
    "transitioning",
    "post_transition",
)


class ClosureReason(enum.StrEnum):
    """Why a case was closed: the ``closure_reason`` the ``close`` event carries.

    ``other`` also needs a ``closure_reason_text``.

    Examples:
        >>> ClosureReason("goals_met").value, len(ClosureReason)
        ('goals_met', 8)
    """

    GOALS_MET = "goals_met"
    CLIENT_CHOICE = "client_choice"
    LOST_TO_CONTACT = "lost_to_contact"
    MOVED_OUT_OF_AREA = "moved_out_of_area"
    NO_LONGER_ELIGIBLE = "no_longer_eligible"
    REFERRED_ELSEWHERE = "referred_elsewhere"
    DEATH = "death"
    OTHER = "other"


_REOPEN_WITHIN: Final = dt.timedelta(days=90)
_CLOSURE_CODES: Final = ", ".join(c.value for c in ClosureReason)
_CLOSURE_SET: Final = frozenset(c.value for c in ClosureReason)


_OK: Final[tuple[Reason, ...]] = ()


def no_open_referrals(case: Case, context: EventContext) -> tuple[Reason, ...]:
    """Guard: refuse while the case has referrals still open (the default "required work").

    Examples:
        >>> from casekit.lifecycle.examples import example_case
        >>> no_open_referrals(example_case("monitoring"), None)  # type: ignore[arg-type]
        ()
    """
    del context
    n = len(case.open_referrals)
    return (Reason.of("lifecycle.referrals_open", count=n),) if n else _OK


def _entered_at(case: Case, state: str, *, returns: bool = False) -> dt.datetime | None:
    """When *case* last entered *state* from elsewhere; a return from a hold counts only if
    *returns* (a close from on_hold is a closure; a resume into post_transition is not a new
    transition)."""
    for event in reversed(case.history):
        if (
            event.to_state == state
            and event.from_state != state
            and (returns or event.from_state != "on_hold")
        ):
            return event.at
    return None


def _risk_assessed(case: Case, context: EventContext) -> tuple[Reason, ...]:
    assessment = case.latest_assessment
    if assessment is None:
        return (Reason.of("lifecycle.assessment_missing", event=context.event),)
    if assessment.risk is None:
        return (Reason.of("lifecycle.risk_level_missing", event=context.event),)
    return _OK


def _entry(case: Case, state: str) -> str | None:
    """The name of the event by which *case* last entered *state*."""
    for event in reversed(case.history):
        if event.to_state == state and event.from_state != state:
            return event.name
    return None  # pragma: no cover  # a case is in a state only by entering it


def _revising(case: Case, state: str) -> bool:
    """Whether *case* came to *state* (planning) to revise a plan already in force: by
    ``revise_plan``, or by ``complete_assessment`` after a ``reassess``."""
    entry = _entry(case, state)
    return entry == "revise_plan" or (
        entry == "complete_assessment" and _entry(case, "assessing") == "reassess"
    )


def _plan_in_force(plan: CarePlan, case: Case, context: EventContext) -> tuple[Reason, ...]:
    status = plan.status
    if status is PlanStatus.DRAFT or (
        status is PlanStatus.ACTIVE and _revising(case, context.state)
    ):
        return _OK
    return (Reason.of("lifecycle.care_plan_status", status=status.value),)


def _plan_parts(plan: CarePlan, case: Case, context: EventContext) -> tuple[Reason, ...]:
    del case, context
    if plan.goals and plan.interventions:
        return _OK
    reasons = []
    if not plan.goals:
        reasons.append(Reason.of("lifecycle.care_plan_no_goal"))
    if not plan.interventions:
        reasons.append(Reason.of("lifecycle.care_plan_no_intervention"))
    return tuple(reasons)


_APPROVAL_CHECKS: Final = (_plan_in_force, _plan_parts)
"""What approving a plan needs, each check ``(plan, case, context) -> reasons``. The care-plan
models' own validators (`casekit.careplan`) belong here too: one tuple, one guard."""


# The approval guards run on apply's hot path (benchmarks/lifecycle.py): they read the latest
# plan as the last item of the care plans' Vector tail, Case.latest_care_plan without a call.
_DRAFT: Final = PlanStatus.DRAFT  # a global: an enum's attribute costs more on the hot path


def _plan_approvable(case: Case, context: EventContext) -> tuple[Reason, ...]:
    tail = case.care_plans._tail  # noqa: SLF001  # latest_care_plan, callless
    if tail:
        plan = tail[-1]
        if plan.status is _DRAFT and plan.goals and plan.interventions:
            return _OK  # the common case, on apply's hot path: no check below can fail
        reasons: list[Reason] = []
        for check in _APPROVAL_CHECKS:
            reasons.extend(check(plan, case, context))
        return tuple(reasons)
    return (Reason.of("lifecycle.care_plan_missing", event=context.event),)


def _plan_fits_model(case: Case, context: EventContext) -> tuple[Reason, ...]:
    # A plan that names its model (every builder's does) is held to that model's profile, and
    # to the case's; a hand-made plan without one is held to the checks above only.
    tail = case.care_plans._tail  # noqa: SLF001  # latest_care_plan, callless
    if not tail or tail[-1].model is None:
        return _OK
    # The care-plan models (casekit.careplan) sit above the lifecycle: imported when first used.
    from casekit.careplan import plan_fits_model  # noqa: PLC0415

    return plan_fits_model(case, context)


def _plan_linked(case: Case, context: EventContext) -> tuple[Reason, ...]:
    del context
    tail = case.care_plans._tail  # noqa: SLF001  # latest_care_plan, callless
    if tail:
        plan = tail[-1]
        for goal in plan.goals:
            if not goal.need_ids:
                return _unlinked(plan)
        for item in plan.interventions:
            if not item.goal_ids:
                return _unlinked(plan)
    return _OK  # every part linked (or no plan, which plan_approvable reports)


def _approvable_and_linked(case: Case) -> bool:
    """Whether plan_approvable, plan_linked and plan_fits_model all pass, in one call: the
    latest plan is a draft with goals and interventions, every goal names a need, every
    intervention a goal, and it names no model (a plan that names one goes to the guards)."""
    tail = case.care_plans._tail  # noqa: SLF001  # latest_care_plan, callless
    if not tail:
        return False
    plan = tail[-1]
    if plan.status is not _DRAFT or plan.model is not None:
        return False
    goals, items = plan.goals, plan.interventions
    if not goals or not items:
        return False
    for goal in goals:
        if not goal.need_ids:
            return False
    for item in items:  # noqa: SIM110  # a loop, not all(...): no generator on the hot path
        if not item.goal_ids:
            return False
    return True


_FAST_PASSES: Final[dict[tuple[object, ...], Callable[[Any], bool]]] = {
    (_plan_approvable, _plan_linked, _plan_fits_model): _approvable_and_linked,
}
"""Cheap tests that stand for a route's guards on apply's hot path, by the guard functions in
the route's order (`_Route.passes`); any other combination runs its guards one by one."""


def _unlinked(plan: CarePlan) -> tuple[Reason, ...]:
    reasons = []
    goals = sum(1 for g in plan.goals if not g.need_ids)
    if goals:
        reasons.append(Reason.of("lifecycle.goal_without_need", count=goals))
    items = sum(1 for i in plan.interventions if not i.goal_ids)
    if items:
        reasons.append(Reason.of("lifecycle.intervention_without_goal", count=items))
    return tuple(reasons)


def _active_plan(case: Case) -> CarePlan | None:
    for plan in reversed(case.care_plans):
        if plan.status is PlanStatus.ACTIVE:
            return plan
    return case.latest_care_plan


def _goals_achieved(case: Case, context: EventContext) -> tuple[Reason, ...]:
    if context.datum("closure_reason") != ClosureReason.GOALS_MET:
        return _OK
    plan = _active_plan(case)
    if plan is None:
        return (Reason.of("lifecycle.care_plan_missing", event=context.event),)
    open_goals = sum(
        1
        for g in plan.goals
        if g.status is not GoalStatus.ENTERED_IN_ERROR
        and not (g.status is GoalStatus.COMPLETED and g.achievement_status is _Achievement.ACHIEVED)
    )
    if open_goals:
        return (Reason.of("lifecycle.goals_not_met", count=open_goals),)
    return _OK


def _receiving_party(case: Case, context: EventContext) -> tuple[Reason, ...]:
    del case
    if context.datum("receiving_setting") or context.datum("receiving_provider"):
        return _OK
    return (Reason.of("lifecycle.receiving_party_missing"),)


def _followed_up(case: Case, context: EventContext) -> tuple[Reason, ...]:
    since = _entered_at(case, context.state)
    if since is not None and any(c.at >= since for c in case.contacts):
        return _OK
    return (Reason.of("lifecycle.follow_up_missing", event=context.event),)


def _closure_reason(case: Case, context: EventContext) -> tuple[Reason, ...]:
    del case
    code = context.datum("closure_reason")
    if code is None:
        return (Reason.of("lifecycle.closure_reason_missing", codes=_CLOSURE_CODES),)
    if code not in _CLOSURE_SET:
        return (Reason.of("lifecycle.closure_reason_unknown", codes=_CLOSURE_CODES),)
    text = context.datum("closure_reason_text")
    if code == ClosureReason.OTHER and not (isinstance(text, str) and text.strip()):
        return (Reason.of("lifecycle.closure_text_missing"),)
    return _OK


def _reason_given(case: Case, context: EventContext) -> tuple[Reason, ...]:
    del case
    reason = context.datum("reason")
    if isinstance(reason, str) and reason.strip():
        return _OK
    return (Reason.of("lifecycle.reason_missing", event=context.event),)


def _eligible(criteria: tuple[Guard[Case], ...]) -> Guard[Case]:
    def eligible(case: Case, context: EventContext) -> tuple[Reason, ...]:
        return tuple(r for criterion in criteria for r in criterion(case, context))

    return eligible


def _not_eligible(criteria: tuple[Guard[Case], ...]) -> Guard[Case]:
    def not_eligible(case: Case, context: EventContext) -> tuple[Reason, ...]:
        if any(tuple(criterion(case, context)) for criterion in criteria):
            return _OK
        return (Reason.of("lifecycle.eligible_cannot_decline"),)

    return not_eligible


def _within(window: dt.timedelta) -> Guard[Case]:
    days = window.days

    def within_reopen_window(case: Case, context: EventContext) -> tuple[Reason, ...]:
        closed_at = _entered_at(case, context.state, returns=True)
        if closed_at is not None and context.at - closed_at > window:
            return (Reason.of("lifecycle.reopen_window_passed", days=days),)
        return _OK

    return within_reopen_window


def standard_guards(
    *,
    eligibility: Sequence[Guard[Case]] = (),
    required_work: Guard[Case] = no_open_referrals,
    reopen_within: dt.timedelta = _REOPEN_WITHIN,
) -> dict[str, Guard[Case]]:
    """Return the standard workflow's guard registry, built from the application's settings.

    Args:
        eligibility: the programme's eligibility criteria, each a guard returning a reason
            per unmet criterion; ``accept`` needs all met, ``decline`` needs one unmet (or an
            override with a reason).
        required_work: a guard that refuses while work that must finish before closing is
            open; open referrals by default. ``close`` may override it with a reason.
        reopen_within: how long after closing a case may be reopened.

    Examples:
        >>> sorted(standard_guards())[:3]
        ['closure_reason', 'eligible', 'followed_up']
    """
    criteria = tuple(eligibility)
    window: object = reopen_within  # checked at run time too
    if not isinstance(window, dt.timedelta) or window < dt.timedelta(0):
        raise InvalidInputError.one("reopen_within", "type", "must be a timedelta ≥ 0")
    return {
        "closure_reason": _closure_reason,
        "eligible": _eligible(criteria),
        "followed_up": _followed_up,
        "goals_achieved": _goals_achieved,
        "not_eligible": _not_eligible(criteria),
        "plan_approvable": _plan_approvable,
        "plan_fits_model": _plan_fits_model,
        "plan_linked": _plan_linked,
        "reason_given": _reason_given,
        "receiving_party": _receiving_party,
        "required_work_done": required_work,
        "risk_assessed": _risk_assessed,
        "within_reopen_window": _within(reopen_within),
    }


STANDARD_STATES: Final = (
    State("referred", _P, initial=True, description="referral received, not yet screened"),
    State("screening", _P, fhir="waitlist", description="eligibility being checked"),
    State("declined", StateCategory.CANCELLED, final=True, description="not taken on"),
    State("assessing", _A, description="assessing needs, strengths and risk"),
    State("planning", _A, description="writing the care plan with the client"),
    State("implementing", _A, description="arranging and coordinating services"),
    State("monitoring", _A, description="following progress against the plan"),
    State("transitioning", _A, description="moving to another setting or provider"),
    State("post_transition", _A, description="following up after the move"),
    State("on_hold", StateCategory.SUSPENDED, description="paused; resumes where it was"),
    State("closed", StateCategory.DONE, description="work ended; may be reopened for a while"),
    State("entered_in_error", StateCategory.ERROR, final=True, description="opened by mistake"),
)
"""The standard workflow's states, in order."""

STANDARD_TRANSITIONS: Final = (
    Transition("start_screening", ["referred"], "screening"),
    Transition("accept", ["screening"], "assessing", guards=["eligible"]),
    Transition(
        "decline", ["screening"], "declined", guards=["not_eligible"], overridable=["not_eligible"]
    ),
    Transition("complete_assessment", ["assessing"], "planning", guards=["risk_assessed"]),
    Transition(
        "approve_plan",
        ["planning"],
        "implementing",
        guards=["plan_approvable", "plan_linked", "plan_fits_model"],
        overridable=["plan_linked", "plan_fits_model"],
    ),
    Transition("start_monitoring", ["implementing"], "monitoring"),
    Transition("reassess", ["monitoring"], "assessing"),
    Transition("revise_plan", ["monitoring"], "planning"),
    Transition(
        "begin_transition",
        ["implementing", "monitoring"],
        "transitioning",
        guards=["receiving_party"],
    ),
    Transition("complete_transition", ["transitioning"], "post_transition"),
    Transition(
        "complete_follow_up",
        ["post_transition"],
        "monitoring",
        guards=["followed_up"],
        overridable=["followed_up"],
    ),
    Transition("hold", _ACTIVE, "on_hold"),
    Transition("resume", ["on_hold"], HISTORY),
    Transition(
        "close",
        [*_ACTIVE[:-1], "on_hold"],
        "closed",
        guards=["closure_reason", "goals_achieved", "required_work_done"],
        overridable=["required_work_done"],
    ),
    Transition(
        "close",
        ["post_transition"],
        "closed",
        guards=["closure_reason", "goals_achieved", "followed_up", "required_work_done"],
        overridable=["followed_up", "required_work_done"],
    ),
    Transition("reopen", ["closed"], "assessing", guards=["reason_given", "within_reopen_window"]),
    Transition(
        "mark_entered_in_error",
        ["referred", "screening", *_ACTIVE, "on_hold", "closed"],
        "entered_in_error",
        guards=["reason_given"],
    ),
)
"""The standard workflow's transitions, in order."""

STANDARD_DEADLINES: Final = (
    Deadline(
        "screening",
        5,
        unit=DeadlineUnit.BUSINESS_DAYS,
        start_state="screening",
        met_by=["accept", "decline"],
        description="screen within a week of starting",
    ),
    Deadline(
        "initial_assessment",
        14,
        start_event="accept",
        met_by=["complete_assessment"],
        description="assess within 14 days of acceptance",
    ),
    Deadline(
        "post_transition_contact",
        2,
        unit=DeadlineUnit.BUSINESS_DAYS,
        start_event="complete_transition",
        met_by=["contact_recorded"],
        description="contact within 2 business days of a transition such as a discharge",
    ),
)
"""The standard workflow's deadlines."""


def standard_workflow(  # the application's settings, all keywords
    *,
    eligibility: Sequence[Guard[Case]] = (),
    required_work: Guard[Case] = no_open_referrals,
    reopen_within: dt.timedelta = _REOPEN_WITHIN,
    deadlines: Iterable[Deadline] = STANDARD_DEADLINES,
    workflow_id: str | None = None,
    late_records: Mapping[str, Sequence[str]] | None = None,
    future_tolerance: dt.timedelta = FUTURE_TOLERANCE,
    compatible_with: Sequence[str] = (),
) -> Workflow[Case]:
    """Return the standard case workflow with the application's settings.

    The first three arguments are those of `standard_guards`; *late_records*,
    *future_tolerance* and *compatible_with* are `Workflow`'s. The id ``"standard"`` names
    `STANDARD`'s settings alone: with any setting of its own, a programme's workflow needs its
    own *workflow_id*, so that no case opened under it is ever run under `STANDARD` (whose
    guards differ though its fingerprint, made of guard names, may not).

    Raises:
        InvalidInputError: ``workflow_id`` with code ``required`` when settings differ from
            STANDARD's and no id is given, or ``reserved`` when the id given is
            ``"standard"``.

    Examples:
        >>> from casekit.rules import Reason
        >>> def adult(case, context):
        ...     if context.datum("age") is None or context.datum("age") < 18:
        ...         yield Reason.of("screening.not_adult")
        >>> wf = standard_workflow(eligibility=[adult], workflow_id="adult-services")
        >>> wf.id, wf.events_from("screening")
        ('adult-services', ('accept', 'decline', 'mark_entered_in_error'))
        >>> standard_workflow(eligibility=[adult])
        Traceback (most recent call last):
        ...
        casekit.errors.InvalidInputError: invalid input (1 problem):
          workflow_id: must be given: a workflow with its own settings is not STANDARD
    """
    deadlines = tuple(deadlines)
    own = (
        bool(tuple(eligibility))
        or required_work is not no_open_referrals
        or reopen_within != _REOPEN_WITHIN
        or deadlines != STANDARD_DEADLINES
        or bool(late_records)
        or future_tolerance != FUTURE_TOLERANCE
    )
    if workflow_id is None:
        if own:
            raise InvalidInputError.one(
                "workflow_id",
                "required",
                "must be given: a workflow with its own settings is not STANDARD",
            )
        workflow_id = "standard"
    elif workflow_id == "standard" and own:
        raise InvalidInputError.one(
            "workflow_id",
            "reserved",
            "'standard' names STANDARD's settings; give the programme's workflow its own id",
        )
    guards = standard_guards(
        eligibility=eligibility, required_work=required_work, reopen_within=reopen_within
    )
    return Workflow(
        workflow_id,
        STANDARD_STATES,
        STANDARD_TRANSITIONS,
        guards=guards,
        deadlines=deadlines,
        late_records={} if late_records is None else late_records,
        future_tolerance=future_tolerance,
        compatible_with=compatible_with,
    )


STANDARD: Final = standard_workflow()
"""The standard workflow with default settings: no eligibility criteria, open referrals as
required work, a 90-day reopen window."""


def _entity_workflow(
    workflow_id: str,
    states: Iterable[tuple[str, StateCategory, bool]],
    transitions: Iterable[tuple[str, Sequence[str], str]],
) -> Workflow[Any]:
    built = [
        State(name, category, initial=i == 0, final=final)
        for i, (name, category, final) in enumerate(states)
    ]
    moves = [Transition(event, sources, target) for event, sources, target in transitions]
    return Workflow(workflow_id, built, moves)


_GOAL_STATES: Final = (
    ("proposed", _P, False),
    ("planned", _P, False),
    ("accepted", _P, False),
    ("active", _A, False),
    ("on-hold", StateCategory.SUSPENDED, False),
    ("completed", StateCategory.DONE, True),
    ("cancelled", StateCategory.CANCELLED, True),
    ("rejected", StateCategory.CANCELLED, True),
    ("entered-in-error", StateCategory.ERROR, True),
)
_GOAL_OPEN: Final = ("proposed", "planned", "accepted", "active", "on-hold")
GOAL: Final[Workflow[Goal]] = _entity_workflow(
    "goal",
    _GOAL_STATES,
    (
        ("plan", ["proposed"], "planned"),
        ("accept", ["proposed", "planned"], "accepted"),
        ("reject", ["proposed", "planned"], "rejected"),
        ("activate", ["planned", "accepted"], "active"),
        ("hold", ["active"], "on-hold"),
        ("resume", ["on-hold"], "active"),
        ("complete", ["active"], "completed"),
        ("cancel", list(_GOAL_OPEN), "cancelled"),
        ("mark_entered_in_error", list(_GOAL_OPEN), "entered-in-error"),
    ),
)
"""A goal's lifecycle, over FHIR Goal.lifecycleStatus (`casekit.careplan.GoalStatus`)."""

_INTERVENTION_OPEN: Final = ("not-started", "scheduled", "in-progress", "on-hold")
INTERVENTION: Final[Workflow[Intervention]] = _entity_workflow(
    "intervention",
    (
        ("not-started", _P, False),
        ("scheduled", _P, False),
        ("in-progress", _A, False),
        ("on-hold", StateCategory.SUSPENDED, False),
        ("completed", StateCategory.DONE, True),
        ("stopped", StateCategory.DONE, True),
        ("cancelled", StateCategory.CANCELLED, True),
        ("entered-in-error", StateCategory.ERROR, True),
    ),
    (
        ("schedule", ["not-started"], "scheduled"),
        ("start", ["not-started", "scheduled"], "in-progress"),
        ("hold", ["in-progress"], "on-hold"),
        ("resume", ["on-hold"], "in-progress"),
        ("complete", ["in-progress"], "completed"),
        ("stop", ["in-progress", "on-hold"], "stopped"),
        ("cancel", ["not-started", "scheduled"], "cancelled"),
        ("mark_entered_in_error", list(_INTERVENTION_OPEN), "entered-in-error"),
    ),
)
"""An intervention's lifecycle, over FHIR CarePlan.activity status
(`casekit.careplan.InterventionStatus`; ``unknown`` is a data-quality status, not a step)."""

REFERRAL: Final[Workflow[Referral]] = _entity_workflow(
    "referral",
    (
        ("requested", _P, False),
        ("received", _P, False),
        ("accepted", _P, False),
        ("in-progress", _A, False),
        ("completed", StateCategory.DONE, True),
        ("rejected", StateCategory.CANCELLED, True),
        ("cancelled", StateCategory.CANCELLED, True),
    ),
    (
        ("receive", ["requested"], "received"),
        ("accept", ["requested", "received"], "accepted"),
        ("reject", ["requested", "received"], "rejected"),
        ("start", ["accepted"], "in-progress"),
        ("complete", ["in-progress"], "completed"),
        ("cancel", ["requested", "received", "accepted", "in-progress"], "cancelled"),
    ),
)
"""A referral's lifecycle, over FHIR Task.status (`casekit.case.ReferralStatus`)."""

APPOINTMENT: Final[Workflow[Appointment]] = _entity_workflow(
    "appointment",
    (
        ("proposed", _P, False),
        ("booked", _P, False),
        ("fulfilled", StateCategory.DONE, True),
        ("cancelled", StateCategory.CANCELLED, True),
        ("noshow", StateCategory.CANCELLED, True),
    ),
    (
        ("book", ["proposed"], "booked"),
        ("fulfil", ["booked"], "fulfilled"),
        ("cancel", ["proposed", "booked"], "cancelled"),
        ("mark_noshow", ["booked"], "noshow"),
    ),
)
"""An appointment's lifecycle, over FHIR Appointment.status (`casekit.case.AppointmentStatus`)."""

CARE_PLAN: Final[Workflow[CarePlan]] = _entity_workflow(
    "care_plan",
    (
        ("draft", _P, False),
        ("active", _A, False),
        ("on-hold", StateCategory.SUSPENDED, False),
        ("completed", StateCategory.DONE, True),
        ("revoked", StateCategory.CANCELLED, True),
        ("entered-in-error", StateCategory.ERROR, True),
    ),
    (
        ("activate", ["draft"], "active"),
        ("hold", ["active"], "on-hold"),
        ("resume", ["on-hold"], "active"),
        ("complete", ["active", "on-hold"], "completed"),
        ("revoke", ["draft", "active", "on-hold"], "revoked"),
        ("mark_entered_in_error", ["draft", "active", "on-hold"], "entered-in-error"),
    ),
)
"""A care plan's lifecycle, over FHIR CarePlan.status (`casekit.careplan.PlanStatus`;
``unknown`` is a data-quality status, not a step)."""
