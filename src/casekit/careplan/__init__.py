"""Care plans: goals, interventions and (with the care-plan issue) a builder per model."""

from casekit.careplan._plan import (
    CarePlan,
    Goal,
    GoalStatus,
    Intervention,
    InterventionStatus,
    PlanStatus,
)

__all__ = ["CarePlan", "Goal", "GoalStatus", "Intervention", "InterventionStatus", "PlanStatus"]
