"""The care plan's nouns: goals and interventions, with FHIR's status codes."""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from casekit import _validate as v
from casekit.codes import Code

__all__ = [
    "AchievementStatus",
    "CarePlan",
    "Goal",
    "GoalStatus",
    "Intervention",
    "InterventionStatus",
    "PlanStatus",
]


class GoalStatus(enum.StrEnum):
    """A goal's lifecycle status (FHIR Goal.lifecycleStatus)."""

    PROPOSED = "proposed"
    PLANNED = "planned"
    ACCEPTED = "accepted"
    ACTIVE = "active"
    ON_HOLD = "on-hold"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    ENTERED_IN_ERROR = "entered-in-error"
    REJECTED = "rejected"


class AchievementStatus(enum.StrEnum):
    """How far a goal has got (FHIR Goal.achievementStatus, the second status axis)."""

    IN_PROGRESS = "in-progress"
    IMPROVING = "improving"
    WORSENING = "worsening"
    NO_CHANGE = "no-change"
    ACHIEVED = "achieved"
    SUSTAINING = "sustaining"
    NOT_ACHIEVED = "not-achieved"
    NO_PROGRESS = "no-progress"
    NOT_ATTAINABLE = "not-attainable"


class InterventionStatus(enum.StrEnum):
    """An intervention's status (FHIR CarePlan.activity.detail.status)."""

    NOT_STARTED = "not-started"
    SCHEDULED = "scheduled"
    IN_PROGRESS = "in-progress"
    ON_HOLD = "on-hold"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    STOPPED = "stopped"
    UNKNOWN = "unknown"
    ENTERED_IN_ERROR = "entered-in-error"


class PlanStatus(enum.StrEnum):
    """A care plan's status (FHIR CarePlan.status)."""

    DRAFT = "draft"
    ACTIVE = "active"
    ON_HOLD = "on-hold"
    REVOKED = "revoked"
    COMPLETED = "completed"
    ENTERED_IN_ERROR = "entered-in-error"
    UNKNOWN = "unknown"


@attrs.frozen
class Goal:
    """Something the patient and team work towards, with a target date.

    Examples:
        >>> import pendulum
        >>> Goal("g-1", "walk to the shop unaided", target=pendulum.date(2025, 9, 1)).status.value
        'proposed'
    """

    id: str = attrs.field(validator=v.identifier)
    description: str = attrs.field(validator=v.text(allow_empty=False), repr=False)
    target: dt.date | None = attrs.field(default=None, validator=v.optional_date)
    status: GoalStatus = attrs.field(default=GoalStatus.PROPOSED, validator=v.instance(GoalStatus))
    need_ids: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=v.freeze, validator=v.tuple_of(str)
    )
    """The ids of the needs (`casekit.assessment.Need.id`) the goal addresses."""
    achievement_status: AchievementStatus | None = attrs.field(
        default=None, kw_only=True, validator=v.optional_instance(AchievementStatus)
    )
    """How far the goal has got, beside its lifecycle `status` (FHIR's two axes)."""


@attrs.frozen
class Intervention:
    """A service or action in the plan: what, how often, where, and who is responsible.

    Examples:
        >>> from casekit.codes import Code
        >>> Intervention("i-1", "physical therapy", service=Code.parse("CPT|97110"),
        ...              frequency="2/week", responsible="prov-9", goal_ids=("g-1",)).goal_ids
        ('g-1',)
    """

    id: str = attrs.field(validator=v.identifier)
    description: str = attrs.field(validator=v.text(allow_empty=False), repr=False)
    service: Code | None = attrs.field(default=None, validator=v.optional_instance(Code))
    frequency: str | None = attrs.field(default=None, validator=v.optional_text(max_length=100))
    setting: str | None = attrs.field(default=None, validator=v.optional_text(max_length=100))
    responsible: str | None = attrs.field(default=None, validator=v.optional_identifier)
    goal_ids: tuple[str, ...] = attrs.field(
        default=(), converter=v.freeze, validator=v.tuple_of(str)
    )
    status: InterventionStatus = attrs.field(
        default=InterventionStatus.NOT_STARTED, validator=v.instance(InterventionStatus)
    )
    need_ids: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=v.freeze, validator=v.tuple_of(str)
    )
    """The ids of the needs the intervention serves, beside the goals in `goal_ids`."""


@attrs.frozen
class CarePlan:
    """A care plan: goals and the interventions that serve them.

    The builders per management model arrive with the care-plan issue; this is the shape they
    fill and the lifecycle's plan-approval guard reads.

    Examples:
        >>> import pendulum
        >>> plan = CarePlan("cp-1", pendulum.datetime(2025, 3, 5, tz="UTC"), "cm-1",
        ...                 goals=(Goal("g-1", "stable housing"),),
        ...                 interventions=(Intervention("i-1", "housing referral"),))
        >>> plan.is_actionable
        True
    """

    id: str = attrs.field(validator=v.identifier)
    created_at: dt.datetime = attrs.field(validator=v.aware)
    author: str = attrs.field(validator=v.identifier)
    goals: tuple[Goal, ...] = attrs.field(
        default=(), converter=v.freeze, validator=v.tuple_of(Goal)
    )
    interventions: tuple[Intervention, ...] = attrs.field(
        default=(), converter=v.freeze, validator=v.tuple_of(Intervention)
    )
    status: PlanStatus = attrs.field(default=PlanStatus.DRAFT, validator=v.instance(PlanStatus))

    @property
    def is_actionable(self) -> bool:
        """Whether the plan has at least one goal and one intervention."""
        return bool(self.goals) and bool(self.interventions)
