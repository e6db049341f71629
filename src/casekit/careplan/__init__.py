"""Care plans and care management by model.

The nouns: a `CarePlan` of `Goal`\\ s and `Intervention`\\ s with a `ContactSchedule`, in
versions (`revise`). The models: a `ModelProfile` per model of case management
(`STRENGTHS_BASED`, `CLINICAL`, `BROKERAGE`, `INTENSIVE`, `TARGETED`), each with one builder
(`build_plan`) and checked by `validate_plan`, `validate_case` and `check_caseload`; an
application registers its own models in a `Models` registry. Monitoring (`monitor` and its
parts) and transitional care management (`check_transitional_care`) are pure functions of a
case and a day.

The nouns load with the package (`casekit.case` needs them); everything else loads on first
use, so that it can build on `casekit.case`.

Examples:
    >>> from casekit.careplan import examples
    >>> plan = build_plan(examples.ASSESSMENT, examples.CATALOGUE, model="brokerage",
    ...                   plan_id="cp-1", at=examples.AT, by="cm-1")
    >>> validate_plan(plan, BROKERAGE), str(plan.contact_schedule.early)
    ((), '1 per 3 months')
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from casekit.careplan._plan import (
    Achievement,
    AchievementStatus,
    CarePlan,
    ContactSchedule,
    Goal,
    GoalStatus,
    Intervention,
    InterventionStatus,
    PeriodUnit,
    PlanRevision,
    PlanStatus,
    ResponsibleParty,
    RevisionReason,
    Setting,
    TargetDirection,
    Timing,
    record_achievement,
    revise,
)

if TYPE_CHECKING:
    from casekit.careplan._build import (
        CarePlanBuilder,
        Catalogue,
        PlanOptions,
        ServiceOffer,
        build_brokerage,
        build_clinical,
        build_intensive,
        build_strengths_based,
        build_targeted,
    )
    from casekit.careplan._check import (
        check_caseload,
        check_model_change,
        model_guard,
        plan_fits_model,
        validate_case,
        validate_plan,
    )
    from casekit.careplan._monitor import (
        Flag,
        contacts_due,
        deadlines_due,
        goals_off_track,
        monitor,
        plan_versions,
        reassessments_due,
        referrals_unanswered,
        reviews_due,
        therapies_not_attended,
    )
    from casekit.careplan._profile import (
        BROKERAGE,
        CLINICAL,
        INTENSIVE,
        STRENGTHS_BASED,
        TARGETED,
        ModelProfile,
        targeted_profile,
    )
    from casekit.careplan._registry import STANDARD_MODELS, Model, Models, build_plan
    from casekit.careplan._transitions import (
        TransitionalCareComplexity,
        TransitionalCareDeadlines,
        check_transitional_care,
        transitional_care_deadlines,
        transitional_care_flags,
    )

__all__ = [
    "BROKERAGE",
    "CLINICAL",
    "INTENSIVE",
    "STANDARD_MODELS",
    "STRENGTHS_BASED",
    "TARGETED",
    "Achievement",
    "AchievementStatus",
    "CarePlan",
    "CarePlanBuilder",
    "Catalogue",
    "ContactSchedule",
    "Flag",
    "Goal",
    "GoalStatus",
    "Intervention",
    "InterventionStatus",
    "Model",
    "ModelProfile",
    "Models",
    "PeriodUnit",
    "PlanOptions",
    "PlanRevision",
    "PlanStatus",
    "ResponsibleParty",
    "RevisionReason",
    "ServiceOffer",
    "Setting",
    "TargetDirection",
    "Timing",
    "TransitionalCareComplexity",
    "TransitionalCareDeadlines",
    "build_brokerage",
    "build_clinical",
    "build_intensive",
    "build_plan",
    "build_strengths_based",
    "build_targeted",
    "check_caseload",
    "check_model_change",
    "check_transitional_care",
    "contacts_due",
    "deadlines_due",
    "goals_off_track",
    "model_guard",
    "monitor",
    "plan_fits_model",
    "plan_versions",
    "reassessments_due",
    "record_achievement",
    "referrals_unanswered",
    "reviews_due",
    "revise",
    "targeted_profile",
    "therapies_not_attended",
    "transitional_care_deadlines",
    "transitional_care_flags",
    "validate_case",
    "validate_plan",
]

_LAZY: dict[str, str] = {
    **dict.fromkeys(
        (
            "CarePlanBuilder",
            "Catalogue",
            "PlanOptions",
            "ServiceOffer",
            "build_brokerage",
            "build_clinical",
            "build_intensive",
            "build_strengths_based",
            "build_targeted",
        ),
        "_build",
    ),
    **dict.fromkeys(
        (
            "check_caseload",
            "check_model_change",
            "model_guard",
            "plan_fits_model",
            "validate_case",
            "validate_plan",
        ),
        "_check",
    ),
    **dict.fromkeys(
        (
            "Flag",
            "contacts_due",
            "deadlines_due",
            "goals_off_track",
            "monitor",
            "plan_versions",
            "reassessments_due",
            "referrals_unanswered",
            "reviews_due",
            "therapies_not_attended",
        ),
        "_monitor",
    ),
    **dict.fromkeys(
        (
            "BROKERAGE",
            "CLINICAL",
            "INTENSIVE",
            "STRENGTHS_BASED",
            "TARGETED",
            "ModelProfile",
            "targeted_profile",
        ),
        "_profile",
    ),
    **dict.fromkeys(("STANDARD_MODELS", "Model", "Models", "build_plan"), "_registry"),
    **dict.fromkeys(
        (
            "TransitionalCareComplexity",
            "TransitionalCareDeadlines",
            "check_transitional_care",
            "transitional_care_deadlines",
            "transitional_care_flags",
        ),
        "_transitions",
    ),
}


def __getattr__(name: str) -> Any:
    # The models, builders, checks and monitoring build on casekit.case, which imports this
    # package for CarePlan: they load when first asked for, once casekit.case is complete.
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'casekit.careplan' has no attribute {name!r}")
    from casekit.careplan import (  # noqa: PLC0415  # see above
        _build,
        _check,
        _monitor,
        _profile,
        _registry,
        _transitions,
    )

    modules = {
        "_build": _build,
        "_check": _check,
        "_monitor": _monitor,
        "_profile": _profile,
        "_registry": _registry,
        "_transitions": _transitions,
    }
    value = getattr(modules[module], name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
