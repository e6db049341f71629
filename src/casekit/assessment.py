"""Assessments: the needs, strengths and risk a case manager finds, and the tools used.

Examples:
    >>> import pendulum
    >>> a = Assessment(
    ...     id="as-1",
    ...     at=pendulum.datetime(2025, 3, 4, 10, tz="America/New_York"),
    ...     by="cm-1",
    ...     needs=(Need(NeedDomain.HOUSING, Priority.HIGH),),
    ...     strengths=(Strength(StrengthSource.FAMILY),),
    ...     risk=RiskLevel.MODERATE,
    ...     tools=("PHQ-9",),
    ... )
    >>> [n.domain.value for n in a.needs_at_least(Priority.HIGH)]
    ['housing']
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Final

import attrs

from casekit import _validate as v

__all__ = [
    "Assessment",
    "Need",
    "NeedDomain",
    "Priority",
    "RiskLevel",
    "Strength",
    "StrengthSource",
]


class NeedDomain(enum.StrEnum):
    """The area of life a need belongs to."""

    MEDICAL = "medical"
    MEDICATION = "medication"
    BEHAVIORAL_HEALTH = "behavioral_health"
    SUBSTANCE_USE = "substance_use"
    FUNCTIONAL = "functional"
    COGNITIVE = "cognitive"
    NUTRITION = "nutrition"
    HOUSING = "housing"
    FINANCIAL = "financial"
    TRANSPORTATION = "transportation"
    SOCIAL_SUPPORT = "social_support"
    CAREGIVER_SUPPORT = "caregiver_support"
    SAFETY = "safety"
    EDUCATION_EMPLOYMENT = "education_employment"
    LEGAL = "legal"
    OTHER = "other"


class Priority(enum.StrEnum):
    """How pressing a need is, in increasing order."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    URGENT = "urgent"

    @property
    def rank(self) -> int:
        """0 for low up to 3 for urgent."""
        return _PRIORITY_RANK[self]


_PRIORITY_RANK: Final = {p: i for i, p in enumerate(Priority)}


class StrengthSource(enum.StrEnum):
    """Where a strength comes from, as the strengths-based model names them."""

    PERSONAL = "personal"
    FAMILY = "family"
    FRIENDS = "friends"
    COMMUNITY = "community"
    HOME_ENVIRONMENT = "home_environment"


class RiskLevel(enum.StrEnum):
    """The risk stratum an assessment assigns."""

    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"


@attrs.frozen
class Need:
    """A need found by assessment: its domain, priority and an optional description.

    Descriptions are free text and may hold personal details, so they are not in the repr.

    Examples:
        >>> Need(NeedDomain.TRANSPORTATION, Priority.MEDIUM, "rides to dialysis")
        Need(domain=<NeedDomain.TRANSPORTATION: 'transportation'>,
             priority=<Priority.MEDIUM: 'medium'>, id=None)
        >>> Need(NeedDomain.HOUSING, Priority.HIGH, id="n-1").id
        'n-1'
    """

    domain: NeedDomain = attrs.field(validator=v.instance(NeedDomain))
    priority: Priority = attrs.field(validator=v.instance(Priority))
    description: str = attrs.field(default="", validator=v.text(max_length=2000), repr=False)
    id: str | None = attrs.field(default=None, kw_only=True, validator=v.optional_identifier)
    """The need's id, which goals, interventions and referrals name to say they address it."""


@attrs.frozen
class Strength:
    """A strength the plan can build on: where it comes from and what it is.

    Examples:
        >>> Strength(StrengthSource.COMMUNITY, "attends church weekly").source.value
        'community'
    """

    source: StrengthSource = attrs.field(validator=v.instance(StrengthSource))
    description: str = attrs.field(default="", validator=v.text(max_length=2000), repr=False)
    id: str | None = attrs.field(default=None, kw_only=True, validator=v.optional_identifier)
    """The strength's id, which goals name to say they draw on it."""


@attrs.frozen
class Assessment:
    """The findings of one assessment.

    Args:
        id: the application's identifier for the assessment.
        at: when it was done (timezone-aware).
        by: who did it (a staff identifier).
        needs: the needs found.
        strengths: the strengths found.
        risk: the risk level assigned, or None while not yet stratified.
        tools: the instruments used (PHQ-9, LACE, Katz ADL, ...).
    """

    id: str = attrs.field(validator=v.identifier)
    at: dt.datetime = attrs.field(validator=v.aware)
    by: str = attrs.field(validator=v.identifier)
    needs: tuple[Need, ...] = attrs.field(
        default=(), converter=v.freeze, validator=v.tuple_of(Need)
    )
    strengths: tuple[Strength, ...] = attrs.field(
        default=(), converter=v.freeze, validator=v.tuple_of(Strength)
    )
    risk: RiskLevel | None = attrs.field(default=None, validator=v.optional_instance(RiskLevel))
    tools: tuple[str, ...] = attrs.field(default=(), converter=v.freeze, validator=v.tuple_of(str))

    def needs_at_least(self, priority: Priority) -> tuple[Need, ...]:
        """Return the needs of *priority* or higher."""
        return tuple(n for n in self.needs if n.priority.rank >= priority.rank)
