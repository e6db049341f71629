"""The care plan's nouns: goals, interventions, the contact schedule and plan versions.

Statuses follow FHIR (Goal.lifecycleStatus and Goal.achievementStatus, CarePlan.status,
CarePlan.activity.detail.status); frequencies follow FHIR Timing.repeat (a count per period).
This module imports nothing above the value modules: `casekit.case` imports it.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

import attrs

from casekit import _validate as v
from casekit.codes import Code
from casekit.errors import InvalidInputError

__all__ = [
    "Achievement",
    "AchievementStatus",
    "CarePlan",
    "ContactSchedule",
    "Goal",
    "GoalStatus",
    "Intervention",
    "InterventionStatus",
    "PeriodUnit",
    "PlanRevision",
    "PlanStatus",
    "ResponsibleParty",
    "RevisionReason",
    "Setting",
    "TargetDirection",
    "Timing",
    "record_achievement",
    "revise",
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


class Setting(enum.StrEnum):
    """Where an intervention is delivered."""

    INPATIENT = "inpatient"
    OUTPATIENT = "outpatient"
    HOME = "home"
    COMMUNITY = "community"
    OFFICE = "office"
    TELEHEALTH = "telehealth"


class ResponsibleParty(enum.StrEnum):
    """Who carries an intervention out."""

    CASE_MANAGER = "case_manager"
    PROVIDER = "provider"
    PATIENT = "patient"
    INFORMAL_SUPPORT = "informal_support"


class PeriodUnit(enum.StrEnum):
    """The unit of a `Timing` period (FHIR UnitsOfTime: d, wk, mo, a)."""

    DAY = "d"
    WEEK = "wk"
    MONTH = "mo"
    YEAR = "a"

    @property
    def days(self) -> Fraction:
        """The unit's length in days; a month and a year are Gregorian averages."""
        return _UNIT_DAYS[self]


_UNIT_DAYS: Final = {
    PeriodUnit.DAY: Fraction(1),
    PeriodUnit.WEEK: Fraction(7),
    PeriodUnit.MONTH: Fraction(146097, 4800),  # 30.436875 days
    PeriodUnit.YEAR: Fraction(146097, 400),  # 365.2425 days
}
_DAYS_BY_VALUE: Final = {unit.value: days for unit, days in _UNIT_DAYS.items()}
_UNIT_NAMES: Final = {
    PeriodUnit.DAY: "day",
    PeriodUnit.WEEK: "week",
    PeriodUnit.MONTH: "month",
    PeriodUnit.YEAR: "year",
}


def positive(_inst: object, attribute: Any, value: Any) -> None:
    if type(value) is not int or not 1 <= value <= v.MAX_SAFE_INTEGER:
        raise v.fail(attribute.name, "positive_int", "must be a whole number ≥ 1")


def optional_positive(inst: object, attribute: Any, value: Any) -> None:
    if value is not None:
        positive(inst, attribute, value)


@attrs.frozen
class Timing:
    """How often something happens: *count* times every *period* *unit* (FHIR Timing.repeat).

    Examples:
        >>> twice_weekly = Timing(2)
        >>> str(twice_weekly), twice_weekly.interval_days
        ('2 per week', 3)
        >>> str(Timing(1, 3, PeriodUnit.MONTH)), Timing(1, 3, PeriodUnit.MONTH).interval_days
        ('1 per 3 months', 91)
        >>> Timing(1).is_at_least_as_often_as(Timing(1, unit=PeriodUnit.MONTH))
        True
    """

    count: int = attrs.field(validator=positive)
    """How many times in each period (FHIR frequency)."""
    period: int = attrs.field(default=1, validator=positive)
    """How many units one period lasts (FHIR period)."""
    unit: PeriodUnit = attrs.field(default=PeriodUnit.WEEK, validator=v.instance(PeriodUnit))
    """The period's unit (FHIR periodUnit)."""
    session_minutes: int | None = attrs.field(
        default=None, kw_only=True, validator=optional_positive
    )
    """How long each occurrence lasts, in minutes (FHIR duration), if it matters."""

    @property
    def per_day(self) -> Fraction:
        """Occurrences per day, exactly, for comparing timings."""
        return Fraction(self.count) / (self.period * self.unit.days)

    @property
    def interval_days(self) -> int:
        """Whole days from one occurrence to the next (at least 1)."""
        # Integer arithmetic, and the unit looked up by its value: this is on monitoring's hot
        # path, and an enum member hashes in Python (Enum.__hash__), its value in C.
        days = _DAYS_BY_VALUE[self.unit._value_]
        return max(1, self.period * days.numerator // (days.denominator * self.count))

    def is_at_least_as_often_as(self, other: Timing) -> bool:
        """Whether this timing happens at least as often as *other*."""
        return self.per_day >= other.per_day

    def __str__(self) -> str:
        name = _UNIT_NAMES[self.unit]
        if self.period == 1:
            return f"{self.count} per {name}"
        return f"{self.count} per {self.period} {name}s"


class TargetDirection(enum.StrEnum):
    """Whether a goal's measure should reach at least, or at most, its target value."""

    AT_LEAST = "at_least"
    AT_MOST = "at_most"


@attrs.frozen
class Achievement:
    """One measurement or judgement of a goal's progress, at a time.

    Examples:
        >>> import pendulum
        >>> from decimal import Decimal
        >>> a = Achievement(pendulum.datetime(2025, 4, 1, tz="UTC"), AchievementStatus.IMPROVING,
        ...                 Decimal("120"))
        >>> a.status.value, a.value
        ('improving', Decimal('120'))
        >>> "120" in repr(a)
        False
    """

    at: dt.datetime = attrs.field(validator=v.aware)
    status: AchievementStatus = attrs.field(validator=v.instance(AchievementStatus))
    value: Decimal | None = attrs.field(default=None, repr=False)
    """The measured value, if any (a health measurement: kept out of the repr)."""

    @value.validator
    def _finite(self, _attribute: object, value: object) -> None:
        if value is not None and not (type(value) is Decimal and value.is_finite()):
            raise v.fail("value", "type", "must be a finite Decimal or None")


def _id_tuple(_inst: object, attribute: Any, value: Any) -> None:
    v.tuple_of(str)(_inst, attribute, value)
    for index, item in enumerate(value):
        if not v.IDENTIFIER.fullmatch(item):
            raise v.fail(f"{attribute.name}[{index}]", "identifier", v.IDENTIFIER_MESSAGE)


@attrs.frozen
class Goal:
    """Something the patient and team work towards: a measure, a target value and a due date.

    ``target`` is the due date (FHIR Goal.target.dueDate); ``measure``, ``target_value`` and
    ``direction`` say what "reached" means. ``status`` and ``achievement_status`` are FHIR's two
    axes; ``achievements`` are the progress recorded over time (`record_achievement`).

    Examples:
        >>> import pendulum
        >>> Goal("g-1", "walk to the shop unaided", target=pendulum.date(2025, 9, 1)).status.value
        'proposed'
        >>> from decimal import Decimal
        >>> g = Goal("g-2", "walk 400 m", pendulum.date(2025, 9, 1), need_ids=("n-1",),
        ...          measure="metres walked", target_value=Decimal("400"))
        >>> g.direction.value, g.in_client_words
        ('at_least', False)
    """

    id: str = attrs.field(validator=v.identifier)
    description: str = attrs.field(validator=v.text(allow_empty=False), repr=False)
    target: dt.date | None = attrs.field(default=None, validator=v.optional_date)
    """The due date."""
    status: GoalStatus = attrs.field(default=GoalStatus.PROPOSED, validator=v.instance(GoalStatus))
    need_ids: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=v.freeze, validator=_id_tuple
    )
    """The ids of the needs (`casekit.assessment.Need.id`) the goal addresses."""
    achievement_status: AchievementStatus | None = attrs.field(
        default=None, kw_only=True, validator=v.optional_instance(AchievementStatus)
    )
    """How far the goal has got, beside its lifecycle `status` (FHIR's two axes)."""
    strength_ids: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=v.freeze, validator=_id_tuple
    )
    """The ids of the strengths (`casekit.assessment.Strength.id`) the goal draws on."""
    in_client_words: bool = attrs.field(default=False, kw_only=True, validator=v.instance(bool))
    """Whether ``description`` is the client's own words (the strengths-based model asks it)."""
    measure: str | None = attrs.field(
        default=None, kw_only=True, validator=v.optional_text(max_length=200)
    )
    """What is measured, such as ``"PHQ-9"`` or ``"metres walked"``."""
    target_value: Decimal | None = attrs.field(default=None, kw_only=True)
    """The value of ``measure`` that means the goal is reached."""
    direction: TargetDirection = attrs.field(
        default=TargetDirection.AT_LEAST, kw_only=True, validator=v.instance(TargetDirection)
    )
    """Whether ``target_value`` is a floor (``at_least``) or a ceiling (``at_most``)."""
    achievements: tuple[Achievement, ...] = attrs.field(
        default=(), kw_only=True, converter=v.freeze, validator=v.tuple_of(Achievement)
    )
    """Progress recorded over time, oldest first."""

    @target_value.validator
    def _target_value(self, _attribute: object, value: object) -> None:
        if value is None:
            return
        if not (type(value) is Decimal and value.is_finite()):
            raise v.fail("target_value", "type", "must be a finite Decimal or None")
        if self.measure is None:
            raise v.fail("measure", "missing", "is required when target_value is set")

    def is_reached_by(self, value: Decimal) -> bool:
        """Whether *value* of the goal's measure reaches its target (False without a target).

        Examples:
            >>> from decimal import Decimal
            >>> g = Goal("g-1", "mood", measure="PHQ-9", target_value=Decimal(5),
            ...          direction=TargetDirection.AT_MOST)
            >>> g.is_reached_by(Decimal(4)), g.is_reached_by(Decimal(9))
            (True, False)
        """
        if self.target_value is None:
            return False
        if self.direction is TargetDirection.AT_LEAST:
            return value >= self.target_value
        return value <= self.target_value


def record_achievement(goal: Goal, achievement: Achievement) -> Goal:
    """Return *goal* with *achievement* appended and its ``achievement_status`` set from it.

    The lifecycle ``status`` is left alone: completing a goal is a separate step (FHIR keeps the
    two axes apart).

    Raises:
        InvalidInputError: ``achievement`` with code ``type`` for anything but an `Achievement`,
            or ``time_went_backwards`` if it is earlier than the goal's last achievement.

    Examples:
        >>> import pendulum
        >>> g = Goal("g-1", "walk to the shop")
        >>> g = record_achievement(g, Achievement(pendulum.datetime(2025, 6, 1, tz="UTC"),
        ...                                       AchievementStatus.ACHIEVED))
        >>> g.achievement_status.value, len(g.achievements), g.status.value
        ('achieved', 1, 'proposed')
    """
    if not isinstance(goal, Goal):
        raise InvalidInputError.one("goal", "type", "must be a Goal")
    if not isinstance(achievement, Achievement):
        raise InvalidInputError.one("achievement", "type", "must be an Achievement")
    if goal.achievements and achievement.at < goal.achievements[-1].at:
        raise InvalidInputError.one(
            "achievement.at", "time_went_backwards", "is earlier than the goal's last achievement"
        )
    return attrs.evolve(
        goal,
        achievements=(*goal.achievements, achievement),
        achievement_status=achievement.status,
    )


_SETTING: Final = v.optional_instance(
    Setting,
    message="must be a Setting (inpatient, outpatient, home, community, office, telehealth) "
    "or None",
)
_RESPONSIBLE: Final = v.optional_instance(
    ResponsibleParty,
    message="must be a ResponsibleParty (case_manager, provider, patient, informal_support) or "
    "None; name the provider in provider=",
)


@attrs.frozen
class Intervention:
    """A service or action in the plan: what, how often, where, who, and what it serves.

    ``timing`` is the structured frequency (a count per period). ``frequency`` is the free-text
    note of earlier releases, kept for reading old plans; write ``timing`` in new ones.

    Examples:
        >>> from casekit.codes import Code
        >>> i = Intervention("i-1", "physical therapy", service=Code.parse("CPT|97110"),
        ...                  setting=Setting.OUTPATIENT, responsible=ResponsibleParty.PROVIDER,
        ...                  goal_ids=("g-1",), provider="prov-9", timing=Timing(2),
        ...                  duration_weeks=12)
        >>> str(i.timing), i.setting.value, i.goal_ids
        ('2 per week', 'outpatient', ('g-1',))
    """

    id: str = attrs.field(validator=v.identifier)
    description: str = attrs.field(validator=v.text(allow_empty=False), repr=False)
    service: Code | None = attrs.field(default=None, validator=v.optional_instance(Code))
    frequency: str | None = attrs.field(default=None, validator=v.optional_text(max_length=100))
    """Free-text frequency (earlier releases); prefer ``timing``."""
    setting: Setting | None = attrs.field(default=None, validator=_SETTING)
    responsible: ResponsibleParty | None = attrs.field(default=None, validator=_RESPONSIBLE)
    goal_ids: tuple[str, ...] = attrs.field(default=(), converter=v.freeze, validator=_id_tuple)
    status: InterventionStatus = attrs.field(
        default=InterventionStatus.NOT_STARTED, validator=v.instance(InterventionStatus)
    )
    need_ids: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=v.freeze, validator=_id_tuple
    )
    """The ids of the needs the intervention serves, beside the goals in `goal_ids`."""
    provider: str | None = attrs.field(default=None, kw_only=True, validator=v.optional_identifier)
    """The id of the provider who delivers it, if anyone outside the case team does."""
    timing: Timing | None = attrs.field(
        default=None, kw_only=True, validator=v.optional_instance(Timing)
    )
    """How often it happens (FHIR Timing): count per period."""
    duration_weeks: int | None = attrs.field(
        default=None, kw_only=True, validator=optional_positive
    )
    """How many weeks it runs, if it is time-limited."""
    starts_on: dt.date | None = attrs.field(default=None, kw_only=True, validator=v.optional_date)
    """When it is planned to start."""


_CONTACT_MODES: list[frozenset[str]] = []


def _contact_modes() -> frozenset[str]:
    # casekit.case imports this module, so its ContactMode is looked up when first needed.
    if not _CONTACT_MODES:
        from casekit.case import ContactMode  # noqa: PLC0415  # see above

        _CONTACT_MODES.append(frozenset(ContactMode))
    return _CONTACT_MODES[0]


def _modes(_inst: object, attribute: Any, value: Any) -> None:
    v.tuple_of(str)(_inst, attribute, value)
    known = _contact_modes()
    for index, item in enumerate(value):
        if item not in known:
            raise v.fail(
                f"{attribute.name}[{index}]",
                "contact_mode",
                "must be a casekit.case.ContactMode: " + ", ".join(sorted(known)),
            )


@attrs.frozen
class ContactSchedule:
    """How often, and how, the case manager is in contact with the client.

    ``early`` applies for the first ``early_weeks`` after the plan starts, ``later`` after
    that (``early`` throughout when ``later`` is None). ``modes`` are the
    `casekit.case.ContactMode` values contacts may take; the shares are the least fractions of
    contacts that are face to face, and that happen in the community (home visits and
    accompanied appointments). ``accompanies`` says the manager goes with the client to
    sessions and appointments.

    Examples:
        >>> s = ContactSchedule(Timing(1), later=Timing(1, unit=PeriodUnit.MONTH), early_weeks=8,
        ...                     modes=("in_person", "phone"))
        >>> str(s.timing_after_weeks(4)), str(s.timing_after_weeks(8))
        ('1 per week', '1 per month')
    """

    early: Timing = attrs.field(validator=v.instance(Timing))
    later: Timing | None = attrs.field(
        default=None, kw_only=True, validator=v.optional_instance(Timing)
    )
    early_weeks: int = attrs.field(default=0, kw_only=True, validator=v.non_negative_int)
    modes: tuple[str, ...] = attrs.field(
        default=("in_person", "phone"), kw_only=True, converter=v.freeze, validator=_modes
    )
    face_to_face_share: Decimal = attrs.field(default=Decimal(0), kw_only=True, validator=v.share)
    community_share: Decimal = attrs.field(default=Decimal(0), kw_only=True, validator=v.share)
    accompanies: bool = attrs.field(default=False, kw_only=True, validator=v.instance(bool))

    def timing_after_weeks(self, weeks: int) -> Timing:
        """Return the timing in force *weeks* whole weeks after the plan starts."""
        if self.later is None or weeks < self.early_weeks:
            return self.early
        return self.later

    @property
    def least_often(self) -> Timing:
        """The less frequent of the two phases' timings."""
        if self.later is None or self.early.per_day <= self.later.per_day:
            return self.early
        return self.later


class RevisionReason(enum.StrEnum):
    """Why a care plan was revised."""

    SCHEDULED_REVIEW = "scheduled_review"
    MONITORING = "monitoring"
    REASSESSMENT = "reassessment"
    GOAL_ACHIEVED = "goal_achieved"
    CLIENT_REQUEST = "client_request"
    MODEL_CHANGED = "model_changed"
    OTHER = "other"


@attrs.frozen
class PlanRevision:
    """Why and when a plan became a new version: the version it replaced, who, and why.

    ``note`` is free text and may hold personal details, so it is not in the repr.

    Examples:
        >>> import pendulum
        >>> r = PlanRevision(1, pendulum.datetime(2025, 4, 1, tz="UTC"), "cm-1",
        ...                  RevisionReason.MONITORING, "missed therapy")
        >>> r
        PlanRevision(replaces_version=1, at=DateTime(2025, 4, 1, 0, 0, 0, tzinfo=Timezone('UTC')),
                     by='cm-1', reason=<RevisionReason.MONITORING: 'monitoring'>)
    """

    replaces_version: int = attrs.field(validator=positive)
    at: dt.datetime = attrs.field(validator=v.aware)
    by: str = attrs.field(validator=v.identifier)
    reason: RevisionReason = attrs.field(validator=v.instance(RevisionReason))
    note: str = attrs.field(default="", validator=v.text(max_length=2000), repr=False)


def _links(plan: CarePlan, _attribute: object, interventions: tuple[Intervention, ...]) -> None:
    # attrs runs validators once every field is set, so the goals are there to look at.
    goal_ids: set[str] = set()
    for i, goal in enumerate(plan.goals):
        if goal.id in goal_ids:
            raise v.fail(f"goals[{i}].id", "duplicate", "is used by another goal in the plan")
        goal_ids.add(goal.id)
    seen: set[str] = set()
    for i, intervention in enumerate(interventions):
        if intervention.id in seen:
            raise v.fail(f"interventions[{i}].id", "duplicate", "is used by another intervention")
        seen.add(intervention.id)
        for j, goal_id in enumerate(intervention.goal_ids):
            if goal_id not in goal_ids:
                raise v.fail(
                    f"interventions[{i}].goal_ids[{j}]",
                    "dangling_reference",
                    "names no goal in this plan",
                )


def _revision(plan: CarePlan, _attribute: object, revision: PlanRevision | None) -> None:
    if revision is None:
        if plan.version > 1:
            raise v.fail("revision", "missing", "is required on every version after the first")
        return
    if not isinstance(revision, PlanRevision):
        raise v.fail("revision", "type", "must be PlanRevision or None")
    if revision.replaces_version != plan.version - 1:
        raise v.fail(
            "revision.replaces_version", "version", "must be the version just before this one"
        )


@attrs.frozen
class CarePlan:
    """A care plan: goals, the interventions that serve them, and the contact schedule.

    A plan has versions. `revise` returns the next version with a `PlanRevision` saying why;
    the case's history keeps every version recorded (`casekit.careplan.plan_versions`).
    ``review_on`` is the day by which the plan is due for review; ``model`` names the
    care-management model it was made for; ``starts_on`` is when its period began.

    Raises:
        InvalidInputError: ``goals[i].id`` or ``interventions[i].id`` used twice, or
            ``interventions[i].goal_ids[j]`` naming no goal in the plan; ``revision`` missing
            on a version after the first, or replacing another version than the one before.

    Examples:
        >>> import pendulum
        >>> plan = CarePlan("cp-1", pendulum.datetime(2025, 3, 5, tz="UTC"), "cm-1",
        ...                 goals=(Goal("g-1", "stable housing"),),
        ...                 interventions=(Intervention("i-1", "housing referral",
        ...                                             goal_ids=("g-1",)),))
        >>> plan.is_actionable, plan.version
        (True, 1)
    """

    id: str = attrs.field(validator=v.identifier)
    created_at: dt.datetime = attrs.field(validator=v.aware)
    author: str = attrs.field(validator=v.identifier)
    goals: tuple[Goal, ...] = attrs.field(
        default=(), converter=v.freeze, validator=v.tuple_of(Goal)
    )
    interventions: tuple[Intervention, ...] = attrs.field(
        default=(), converter=v.freeze, validator=[v.tuple_of(Intervention), _links]
    )
    status: PlanStatus = attrs.field(default=PlanStatus.DRAFT, validator=v.instance(PlanStatus))
    version: int = attrs.field(default=1, kw_only=True, validator=positive)
    revision: PlanRevision | None = attrs.field(default=None, kw_only=True, validator=_revision)
    review_on: dt.date | None = attrs.field(default=None, kw_only=True, validator=v.optional_date)
    contact_schedule: ContactSchedule | None = attrs.field(
        default=None, kw_only=True, validator=v.optional_instance(ContactSchedule)
    )
    model: str | None = attrs.field(default=None, kw_only=True, validator=v.optional_identifier)
    developed_with_patient: bool = attrs.field(
        default=False, kw_only=True, validator=v.instance(bool)
    )
    """Whether the client took part in writing the plan (42 CFR 440.169(d)(2))."""
    starts_on: dt.date | None = attrs.field(default=None, kw_only=True, validator=v.optional_date)
    """When the plan's period starts (FHIR CarePlan.period.start); versions keep it, so the
    contact schedule's early weeks count from the first version."""

    @property
    def is_actionable(self) -> bool:
        """Whether the plan has at least one goal and one intervention."""
        return bool(self.goals) and bool(self.interventions)

    def goal(self, goal_id: str) -> Goal | None:
        """Return the goal called *goal_id*, or None."""
        return next((g for g in self.goals if g.id == goal_id), None)


_REVISABLE: Final = frozenset(
    {
        "goals",
        "interventions",
        "status",
        "review_on",
        "contact_schedule",
        "model",
        "developed_with_patient",
        "starts_on",
    }
)


def revise(
    plan: CarePlan,
    *,
    at: dt.datetime,
    by: str,
    reason: RevisionReason,
    note: str = "",
    **changes: Any,
) -> CarePlan:
    """Return the next version of *plan* with *changes*, saying why it changed.

    The new version's ``created_at`` is *at* and its author *by*; record it with
    `casekit.case.record_care_plan` so that the case's history keeps both versions.

    Args:
        plan: the version being revised.
        at: when the revision was made (timezone-aware).
        by: who made it.
        reason: why.
        note: free text about why (kept out of reprs).
        changes: new values for goals, interventions, status, review_on, contact_schedule,
            model, developed_with_patient or starts_on.

    Raises:
        InvalidInputError: ``changes`` with code ``unknown_field`` for any other name, or the
            plan's own construction errors.

    Examples:
        >>> import pendulum
        >>> v1 = CarePlan("cp-1", pendulum.datetime(2025, 3, 5, tz="UTC"), "cm-1",
        ...               goals=(Goal("g-1", "stable housing"),))
        >>> v2 = revise(v1, at=pendulum.datetime(2025, 4, 5, tz="UTC"), by="cm-1",
        ...             reason=RevisionReason.MONITORING, status=PlanStatus.ACTIVE)
        >>> v2.version, v2.revision.replaces_version, v2.status.value
        (2, 1, 'active')
    """
    if not isinstance(plan, CarePlan):
        raise InvalidInputError.one("plan", "type", "must be a CarePlan")
    unknown = sorted(set(changes) - _REVISABLE)
    if unknown:
        raise InvalidInputError.one(
            f"changes.{v.shown_key(unknown[0])}",
            "unknown_field",
            "is not a field a revision may change: " + ", ".join(sorted(_REVISABLE)),
        )
    revision = PlanRevision(plan.version, at, by, reason, note)
    return attrs.evolve(
        plan, created_at=at, author=by, version=plan.version + 1, revision=revision, **changes
    )
