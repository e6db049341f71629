"""Model validators: whether a plan, a case and a caseload meet their model's profile.

Each breach is one `casekit.rules.Reason` with a stable ``careplan.*`` code, so a refused plan
says every way it misses its model at once. The checks only tighten as a profile tightens: a
plan that meets a stricter profile meets any looser one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from casekit.assessment import Assessment, StrengthSource
from casekit.careplan._monitor import _inputs, _profile, reassessments_due, therapies_not_attended
from casekit.careplan._plan import CarePlan, ContactSchedule, ResponsibleParty
from casekit.careplan._profile import ModelProfile
from casekit.careplan._registry import STANDARD_MODELS, Models
from casekit.case import Case
from casekit.errors import InvalidInputError
from casekit.people import CaseManager
from casekit.rules import Reason

if TYPE_CHECKING:
    from casekit.lifecycle import EventContext

__all__ = [
    "check_caseload",
    "check_model_change",
    "model_guard",
    "plan_fits_model",
    "validate_case",
    "validate_plan",
]

_SOCIAL: Final = frozenset(
    {StrengthSource.FAMILY, StrengthSource.FRIENDS, StrengthSource.COMMUNITY}
)


def _links(plan: CarePlan, assessment: Assessment | None) -> list[Reason]:
    found = []
    served = {g for i in plan.interventions for g in i.goal_ids}
    for goal in plan.goals:
        if not goal.need_ids:
            found.append(Reason.of("careplan.goal_without_need", goal=goal.id))
        if goal.id not in served:
            found.append(Reason.of("careplan.goal_without_intervention", goal=goal.id))
    found.extend(
        Reason.of("careplan.intervention_without_goal", intervention=i.id)
        for i in plan.interventions
        if not i.goal_ids
    )
    if assessment is not None:
        named = {n for g in plan.goals for n in g.need_ids}
        found.extend(
            Reason.of("careplan.need_without_goal", need=need.id)
            for need in assessment.needs
            if need.id is not None and need.id not in named
        )
    return found


def _contact(schedule: ContactSchedule | None, wanted: ContactSchedule) -> list[Reason]:
    if schedule is None:
        return [Reason.of("careplan.contact_schedule_missing")]
    found: list[Reason] = []
    early_ok = schedule.early.is_at_least_as_often_as(wanted.early)
    if early_ok and schedule.later is not None and schedule.early_weeks < wanted.early_weeks:
        early_ok = schedule.later.is_at_least_as_often_as(wanted.early)
    if not early_ok:
        found.append(
            Reason.of(
                "careplan.contact_too_infrequent",
                phase="early",
                planned=str(schedule.early),
                required=str(wanted.early),
            )
        )
    later, required = schedule.later or schedule.early, wanted.later or wanted.early
    if not later.is_at_least_as_often_as(required):
        found.append(
            Reason.of(
                "careplan.contact_too_infrequent",
                phase="later",
                planned=str(later),
                required=str(required),
            )
        )
    found.extend(
        Reason.of("careplan.contact_mode_not_allowed", mode=mode, allowed=", ".join(wanted.modes))
        for mode in schedule.modes
        if mode not in wanted.modes
    )
    for share in ("face_to_face_share", "community_share"):
        planned, least = getattr(schedule, share), getattr(wanted, share)
        if planned < least:
            found.append(
                Reason.of(f"careplan.{share}_too_low", planned=str(planned), required=str(least))
            )
    if wanted.accompanies and not schedule.accompanies:
        found.append(Reason.of("careplan.not_accompanied"))
    return found


def _goals(plan: CarePlan, profile: ModelProfile) -> list[Reason]:
    found = []
    for goal in plan.goals:
        if profile.goals_draw_on_strengths and not goal.strength_ids:
            found.append(Reason.of("careplan.goal_without_strength", goal=goal.id))
        if profile.goals_in_client_words and not goal.in_client_words:
            found.append(Reason.of("careplan.goal_not_in_client_words", goal=goal.id))
    return found


def _services(plan: CarePlan, profile: ModelProfile, assessment: Assessment | None) -> list[Reason]:
    found: list[Reason] = []
    if not profile.manager_delivers_services:
        found.extend(
            Reason.of("careplan.manager_delivers_service", intervention=i.id, model=profile.name)
            for i in plan.interventions
            if i.responsible is ResponsibleParty.CASE_MANAGER
        )
    if profile.needs_referred_out:
        referred = {
            n
            for i in plan.interventions
            if i.responsible is ResponsibleParty.PROVIDER and i.provider is not None
            for g in i.goal_ids
            for n in (*i.need_ids, *(plan.goal(g).need_ids))  # type: ignore[union-attr]
        }
        needs = {n for g in plan.goals for n in g.need_ids}
        found.extend(
            Reason.of("careplan.need_not_referred", need=n) for n in sorted(needs - referred)
        )
    if profile.services_start_within_days is not None:
        latest = plan.created_at.toordinal() + profile.services_start_within_days
        found.extend(
            Reason.of(
                "careplan.service_starts_late",
                intervention=i.id,
                days=profile.services_start_within_days,
            )
            for i in plan.interventions
            if i.starts_on is None or i.starts_on.toordinal() > latest
        )
    if profile.time_limited_weeks is not None:
        found.extend(
            Reason.of(
                "careplan.runs_past_time_limit",
                intervention=i.id,
                weeks=profile.time_limited_weeks,
            )
            for i in plan.interventions
            if i.duration_weeks is None or i.duration_weeks > profile.time_limited_weeks
        )
    if (
        profile.informal_supports_in_team
        and assessment is not None
        and any(s.source in _SOCIAL for s in assessment.strengths)
        and not any(i.responsible is ResponsibleParty.INFORMAL_SUPPORT for i in plan.interventions)
    ):
        found.append(Reason.of("careplan.informal_supports_left_out"))
    return found


def validate_plan(
    plan: CarePlan, profile: ModelProfile, *, assessment: Assessment | None = None
) -> tuple[Reason, ...]:
    """Return one reason for each way *plan* breaks *profile*; empty when it meets it.

    A plan made for another model (``plan.model``) breaks this one. Every model asks that each
    goal names a need and is served by an intervention, that each
    intervention serves a goal, that the plan has a contact schedule at least as frequent as the
    model's, in modes it allows, and a review date within the model's interval. With
    *assessment*, every need must have a goal. The rest follows the profile: strengths and the
    client's words for goals, informal supports, no service delivered by the manager, every need
    referred out, services starting soon and ending within a time-limited model's weeks, the
    plan developed with the client.

    Raises:
        InvalidInputError: ``plan``, ``profile`` or ``assessment`` with code ``type``.

    Examples:
        >>> from casekit.careplan import BROKERAGE, CLINICAL, INTENSIVE, examples
        >>> validate_plan(examples.built("clinical"), CLINICAL)
        ()
        >>> [r.code for r in validate_plan(examples.built("clinical"), INTENSIVE)]
        ['careplan.plan_for_another_model', 'careplan.contact_too_infrequent',
         'careplan.face_to_face_share_too_low', 'careplan.not_accompanied',
         'careplan.review_too_late']
        >>> for r in validate_plan(examples.built("clinical"), BROKERAGE)[1:]:
        ...     print(r.code, dict(r.params))
        careplan.manager_delivers_service {'intervention': 'coordination', 'model': 'brokerage'}
        careplan.contact_mode_not_allowed {'allowed': 'in_person, phone', 'mode': 'video'}
    """
    if not isinstance(plan, CarePlan):
        raise InvalidInputError.one("plan", "type", "must be a CarePlan")
    if not isinstance(profile, ModelProfile):
        raise InvalidInputError.one("profile", "type", "must be a ModelProfile")
    if assessment is not None and not isinstance(assessment, Assessment):
        raise InvalidInputError.one("assessment", "type", "must be an Assessment or None")
    found = _links(plan, assessment)
    if plan.model is not None and plan.model != profile.name:
        found.append(
            Reason.of(
                "careplan.plan_for_another_model",
                plan=plan.id,
                planned=plan.model,
                model=profile.name,
            )
        )
    found += _goals(plan, profile)
    found += _services(plan, profile, assessment)
    found += _contact(plan.contact_schedule, profile.contact)
    review_by = plan.created_at.toordinal() + profile.review_every_days
    if plan.review_on is None or plan.review_on.toordinal() > review_by:
        found.append(Reason.of("careplan.review_too_late", days=profile.review_every_days))
    if profile.plan_with_client and not plan.developed_with_patient:
        found.append(Reason.of("careplan.not_developed_with_client"))
    return tuple(found)


def validate_case(
    case: Case, *, on: dt.date, plan: CarePlan | None = None, models: Models = STANDARD_MODELS
) -> tuple[Reason, ...]:
    """Return every way *case* breaks its model on *on*: its plan's breaches, and the case's.

    The plan is *plan* (the next version, say) or the case's latest, checked against its
    model's profile with the latest assessment. The case-level checks: a reassessment overdue
    under the model's interval, and, for models that check attendance, a therapy the client
    stopped attending.

    Examples:
        >>> import pendulum
        >>> from casekit.careplan import examples
        >>> case = examples.monitored_case()
        >>> [r.code for r in validate_case(case, on=pendulum.date(2025, 4, 7))]
        ['careplan.therapy_missed']
    """
    case, day, _ = _inputs(case, on, 0)
    current = case.latest_care_plan if plan is None else plan
    profile = _profile(case, current, models)
    found: list[Reason] = []
    if current is None:
        found.append(Reason.of("careplan.plan_missing"))
    else:
        found += validate_plan(current, profile, assessment=case.latest_assessment)
    found += [f.reason for f in reassessments_due(case, on=on, models=models) if f.is_late]
    if profile.attendance_checked:
        found += [f.reason for f in therapies_not_attended(case, on=on)]
    del day
    return tuple(found)


def check_model_change(
    case: Case, *, to: str, plan: CarePlan | None = None, models: Models = STANDARD_MODELS
) -> tuple[Reason, ...]:
    """Return the reasons the next plan (*plan*, or the latest) breaks the model *to*.

    When a case changes model, its next plan is checked against the new model's profile.

    Raises:
        InvalidInputError: ``model`` with code ``unknown_model`` for a model not in *models*.

    Examples:
        >>> from casekit.careplan import examples
        >>> case = examples.monitored_case()
        >>> check_model_change(case, to="clinical")
        ()
        >>> [r.code for r in check_model_change(case, to="intensive")][:2]
        ['careplan.plan_for_another_model', 'careplan.contact_too_infrequent']
    """
    if not isinstance(case, Case):
        raise InvalidInputError.one("case", "type", "must be a Case")
    if not isinstance(models, Models):
        raise InvalidInputError.one("models", "type", "must be Models")
    current = case.latest_care_plan if plan is None else plan
    if current is None:
        return (Reason.of("careplan.plan_missing"),)
    return validate_plan(current, models.profile(to), assessment=case.latest_assessment)


def _weights(value: object) -> Mapping[str, Decimal]:
    if value is None:
        return {}
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and type(w) is Decimal and w.is_finite() and w >= 0
        for k, w in value.items()
    ):
        raise InvalidInputError.one(
            "weights", "type", "must map model names to Decimal weights ≥ 0"
        )
    return value


def check_caseload(
    manager: CaseManager | str,
    cases: Iterable[Case],
    *,
    weights: Mapping[str, Decimal] | None = None,
    models: Models = STANDARD_MODELS,
) -> tuple[Reason, ...]:
    """Return a reason if *manager*'s share of *cases* is over the cap of its models.

    The application passes the cases to count (open ones, usually); those the manager holds
    count 1 each, or their model's weight in *weights* (an intensive case as 2, say). The cap
    is the smallest caseload cap among the models of those cases.

    Examples:
        >>> from decimal import Decimal
        >>> from casekit.careplan import examples
        >>> cases = [examples.monitored_case(model="intensive")] * 21
        >>> [r.message() for r in check_caseload("cm-1", cases)]
        ['manager cm-1 carries a caseload of 21, over the cap of 20 (intensive)']
        >>> heavy = {"intensive": Decimal("1.5")}
        >>> check_caseload("cm-1", cases[:15], weights=heavy)[0].param("load")
        '22.5'
    """
    who = manager.id if isinstance(manager, CaseManager) else manager
    if not isinstance(who, str):
        raise InvalidInputError.one("manager", "type", "must be a CaseManager or its id")
    weight = _weights(weights)
    load = Decimal(0)
    cap: tuple[int, str] | None = None
    for i, case in enumerate(cases):
        if not isinstance(case, Case):
            raise InvalidInputError.one(f"cases[{i}]", "type", "must be a Case")
        if case.manager.id != who:
            continue
        load += weight.get(str(case.model), Decimal(1))
        profile = _profile(case, case.latest_care_plan, models)
        if cap is None or profile.caseload_cap < cap[0]:
            cap = (profile.caseload_cap, profile.name)
    if cap is None or load <= cap[0]:
        return ()
    return (
        Reason.of(
            "careplan.caseload_over_cap", manager=who, load=str(load), cap=cap[0], model=cap[1]
        ),
    )


def model_guard(
    models: Models = STANDARD_MODELS,
) -> Callable[[Case, EventContext], tuple[Reason, ...]]:
    """Return a lifecycle guard that refuses a plan breaking its model under *models*.

    Put it on ``approve_plan`` (``standard_guards`` builds the registry); it checks the latest
    plan with `validate_plan` against the profile of the plan's model, or the case's.

    Examples:
        >>> from casekit.careplan import examples
        >>> guard = model_guard()
        >>> guard(examples.monitored_case(), None)  # type: ignore[arg-type]
        ()
    """
    if not isinstance(models, Models):
        raise InvalidInputError.one("models", "type", "must be Models")

    def plan_fits_model(case: Case, context: EventContext) -> tuple[Reason, ...]:
        """Guard: refuse while the latest plan breaks the case's model (one reason per breach).

        Examples:
            >>> from casekit.careplan import examples
            >>> plan_fits_model(examples.monitored_case(), None)  # type: ignore[arg-type]
            ()
        """
        del context
        plan = case.latest_care_plan
        if plan is None:
            return (Reason.of("careplan.plan_missing"),)
        profile = _profile(case, plan, models)
        return validate_plan(plan, profile, assessment=case.latest_assessment)

    return plan_fits_model


plan_fits_model: Final = model_guard()
"""The ``approve_plan`` guard over casekit's standard models (see `model_guard`)."""
