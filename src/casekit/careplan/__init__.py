"""Care plans: goals, interventions and (with the care-plan issue) a builder per model."""

from casekit.careplan._plan import (
    AchievementStatus,
    CarePlan,
    Goal,
    GoalStatus,
    Intervention,
    InterventionStatus,
    PlanStatus,
)

__all__ = [
    "AchievementStatus",
    "CarePlan",
    "Goal",
    "GoalStatus",
    "Intervention",
    "InterventionStatus",
    "PlanStatus",
]
