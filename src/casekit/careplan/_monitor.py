"""Monitoring: pure functions of a case and a day that say what is due, late or off track.

Each finding is a `Flag`: a stable reason code, what it is about (a plan, goal, intervention,
referral or the case), the day it was due and how many days late it is (0 when due but not
late). Nothing reads the clock.

The checks read the digests the case's collections carry (`casekit.case`): the latest day of its
contacts and of its assessments, the last attended session and the no-shows after it per
provider, the referrals still requested. The verbs carry them as they record, so monitoring a
case they built reads a few values whatever its age; a case read back derives them from its
records on first use, and a day asked about before some record reads those records again.
"""

from __future__ import annotations

import datetime as dt
import operator
from fractions import Fraction
from typing import Any, Final

import attrs
import pendulum  # noqa: F401  # the examples below use it

from casekit import _validate as v
from casekit._unchecked import setters
from casekit.careplan._plan import (
    AchievementStatus,
    CarePlan,
    ContactSchedule,
    Goal,
    GoalStatus,
    InterventionStatus,
)
from casekit.careplan._profile import ModelProfile
from casekit.careplan._registry import STANDARD_MODELS, Models
from casekit.case import (
    CareModel,
    Case,
    _latest_day,
    _requested,
    _sessions,
)
from casekit.errors import InvalidInputError
from casekit.lifecycle import Workflow, open_deadlines
from casekit.periods import HolidayCalendar, require_date
from casekit.rules import Reason

__all__ = [
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
]


def _code(_inst: Any, _attribute: Any, value: Any) -> None:
    Reason(value)  # raises the reason-code error for a bad code


@attrs.frozen
class Flag:
    """Something monitoring found: what, about which record, due when, and how late.

    ``days_late`` counts calendar days, or business days when ``business_days`` is set (the
    transitional-care contact deadline); it is 0 for something due but not yet late.

    Examples:
        >>> f = Flag("careplan.contact_overdue", "cp-1", pendulum.date(2025, 4, 7), 3)
        >>> f.reason.message()
        'a contact under plan cp-1 was due by 2025-04-07: 3 day(s) late'
    """

    code: str = attrs.field(validator=_code)
    about: str = attrs.field(validator=v.identifier)
    due_on: dt.date = attrs.field(validator=v.date)
    days_late: int = attrs.field(validator=v.non_negative_int)
    business_days: bool = attrs.field(default=False, kw_only=True, validator=v.instance(bool))

    @property
    def is_late(self) -> bool:
        """Whether the flag is past its due day."""
        return self.days_late > 0

    @property
    def reason(self) -> Reason:
        """The flag as a `casekit.rules.Reason`, to render or to store."""
        return Reason.of(
            self.code, about=self.about, due_on=self.due_on.isoformat(), days_late=self.days_late
        )


_CODE, _ABOUT, _DUE_ON, _DAYS_LATE, _BUSINESS_DAYS = setters(Flag)
_new = object.__new__
_from_ordinal = dt.date.fromordinal


def _flag(code: str, about: str, due: int, day: int, late: int) -> Flag:
    # Unchecked, slot by slot: the codes are this module's, the ids come from valid records and
    # the dates are ordinals of valid dates. Monitoring builds several flags per case; unrolled,
    # a flag costs 0.5 us instead of 1.8 us (benchmarks/careplans.py, monitor per case).
    del day
    flag: Flag = _new(Flag)
    _CODE(flag, code)
    _ABOUT(flag, about)
    _DUE_ON(flag, _from_ordinal(due))
    _DAYS_LATE(flag, late)
    _BUSINESS_DAYS(flag, False)  # noqa: FBT003  # a slot's value
    return flag


def _due(code: str, about: str, due: int, day: int, within: int) -> list[Flag]:
    # Ordinals throughout: one integer per date keeps a case's monitoring cheap.
    if due > day + within:
        return []
    late = day - due
    if late > 0:
        return [_flag(_OVERDUE[code], about, due, day, late)]
    return [_flag(_DUE[code], about, due, day, 0)]


_KINDS: Final = ("contact", "review", "reassessment", "deadline")
_DUE: Final = {kind: f"careplan.{kind}_due" for kind in _KINDS}
_OVERDUE: Final = {kind: f"careplan.{kind}_overdue" for kind in _KINDS}


def _inputs(
    case: object, on: object, within_days: object, field: str = "within_days"
) -> tuple[Case, int, int]:
    if not isinstance(case, Case):
        raise InvalidInputError.one("case", "type", "must be a Case")
    day = require_date(on, field="on").toordinal()
    if type(within_days) is not int or within_days < 0:
        raise InvalidInputError.one(field, "type", "must be a whole number of days ≥ 0")
    return case, day, within_days


_CARE_MODELS: Final = frozenset(CareModel)


def _profile(case: Case, plan: CarePlan | None, models: Models) -> ModelProfile:
    # The case's model, unless the plan names an application's own model: casekit's five are
    # the case's to say, so a plan made for another of them is checked as a breach instead.
    if not isinstance(models, Models):
        raise InvalidInputError.one("models", "type", "must be Models")
    wanted = plan.model if plan is not None and plan.model not in _CARE_MODELS else None
    fallback = str(case.model)  # a CareModel, or a custom model's name
    found = None
    for model in models.models:
        name = model.profile.name
        if name == wanted:
            return model.profile
        if name == fallback:
            found = model.profile
    return found if found is not None else models.profile(fallback)


def _plan_start(case: Case, plan: CarePlan) -> int:
    # The plan's period start, kept by every version; else the first version the case holds.
    if plan.starts_on is not None:
        return plan.starts_on.toordinal()
    versions = (p.created_at for p in case.care_plans if p.id == plan.id)
    return min(versions, default=plan.created_at).toordinal()


def plan_versions(case: Case, plan_id: str) -> tuple[CarePlan, ...]:
    """Return every version of the plan *plan_id* recorded in *case*'s history, oldest first.

    The history keeps each version, whether the case's records hold the latest version only
    or every one.

    Examples:
        >>> from casekit.careplan import examples
        >>> case = examples.monitored_case()
        >>> [(p.version, p.revision and p.revision.reason.value)
        ...  for p in plan_versions(case, "cp-1")]
        [(1, None), (2, 'monitoring')]
    """
    if not isinstance(case, Case):
        raise InvalidInputError.one("case", "type", "must be a Case")
    found: list[CarePlan] = []
    for event in case.history:
        plan = event.payload
        if isinstance(plan, CarePlan) and plan.id == plan_id:
            found.append(plan)
    return tuple(found)


def _contacts(
    case: Case, plan: CarePlan | None, profile: ModelProfile, day: int, within: int
) -> list[Flag]:
    if plan is None:
        return []
    schedule: ContactSchedule = plan.contact_schedule or profile.contact
    start = _plan_start(case, plan)
    last = max(start, _latest_day(case.contacts, day))
    timing = schedule.timing_after_weeks((last - start) // 7)
    return _due("contact", plan.id, last + timing.interval_days, day, within)


def contacts_due(
    case: Case, *, on: dt.date, within_days: int = 0, models: Models = STANDARD_MODELS
) -> tuple[Flag, ...]:
    """Return a flag if the next contact under the plan's schedule is due or overdue on *on*.

    The schedule is the latest plan's own, or its model's. The next contact is due one
    interval of the timing in force after the last contact on or before *on* (or after the
    plan started, before any contact).

    Examples:
        >>> from casekit.careplan import examples
        >>> case = examples.monitored_case()
        >>> [(f.code, f.days_late) for f in contacts_due(case, on=pendulum.date(2025, 4, 7))]
        [('careplan.contact_overdue', 7)]
    """
    case, day, within = _inputs(case, on, within_days)
    plan = case.latest_care_plan
    return tuple(_contacts(case, plan, _profile(case, plan, models), day, within))


def _reviews(plan: CarePlan | None, day: int, within: int) -> list[Flag]:
    if plan is None or plan.review_on is None:
        return []
    return _due("review", plan.id, plan.review_on.toordinal(), day, within)


def reviews_due(case: Case, *, on: dt.date, within_days: int = 0) -> tuple[Flag, ...]:
    """Return a flag if the latest plan's review date has come (a new version resets it).

    Examples:
        >>> from casekit.careplan import examples
        >>> case = examples.monitored_case()
        >>> [(f.code, str(f.due_on)) for f in reviews_due(case, on=pendulum.date(2025, 6, 8))]
        [('careplan.review_due', '2025-06-08')]
    """
    case, day, within = _inputs(case, on, within_days)
    return tuple(_reviews(case.latest_care_plan, day, within))


def _reassessments(case: Case, profile: ModelProfile, day: int, within: int) -> list[Flag]:
    every = profile.reassess_every_days
    if every is None:
        return []
    last = _latest_day(case.assessments, day)
    if not last:  # no assessment on or before the day asked about: nothing to count from
        return []
    return _due("reassessment", case.id, last + every, day, within)


def reassessments_due(
    case: Case, *, on: dt.date, within_days: int = 0, models: Models = STANDARD_MODELS
) -> tuple[Flag, ...]:
    """Return a flag if the model's reassessment interval has run out since the last assessment.

    Examples:
        >>> from casekit.careplan import examples
        >>> case = examples.monitored_case(model="targeted")
        >>> [(f.code, f.days_late) for f in reassessments_due(case, on=pendulum.date(2026, 3, 20))]
        [('careplan.reassessment_overdue', 10)]
    """
    case, day, within = _inputs(case, on, within_days)
    profile = _profile(case, case.latest_care_plan, models)
    return tuple(_reassessments(case, profile, day, within))


# Tuples, not sets: membership in a tuple tests identity first, where a set would hash the
# member in Python (Enum.__hash__); monitoring asks several times per case.
_CLOSED_GOAL: Final = (
    GoalStatus.COMPLETED,
    GoalStatus.CANCELLED,
    GoalStatus.REJECTED,
    GoalStatus.ENTERED_IN_ERROR,
)
_DONE: Final = (AchievementStatus.ACHIEVED, AchievementStatus.SUSTAINING)
_BAD: Final = (
    AchievementStatus.WORSENING,
    AchievementStatus.NO_PROGRESS,
    AchievementStatus.NOT_ACHIEVED,
    AchievementStatus.NOT_ATTAINABLE,
)


def _behind(goal: Goal, due: int, day: int) -> int | None:
    """Days the latest measurement is behind the straight line from the first to the target."""
    measured = [a for a in goal.achievements if a.value is not None and a.at.toordinal() <= day]
    if goal.target_value is None or len(measured) < 2:  # noqa: PLR2004  # a line needs two
        return None
    first, last = measured[0], measured[-1]
    start, now = first.at.toordinal(), last.at.toordinal()
    span = goal.target_value - first.value  # type: ignore[operator]  # measured above
    if span == 0 or due <= start:
        return None
    share = Fraction(last.value - first.value) / Fraction(span)  # type: ignore[operator]
    expected_day = start + share * (due - start)
    behind = int(now - expected_day)
    return behind if behind > 0 else None


def _goals(plan: CarePlan | None, day: int) -> list[Flag]:
    found: list[Flag] = []
    for goal in () if plan is None else plan.goals:
        if goal.status in _CLOSED_GOAL or goal.achievement_status in _DONE:
            continue
        due = None if goal.target is None else goal.target.toordinal()
        if due is not None and due < day:
            found.append(_flag("careplan.goal_overdue", goal.id, due, day, day - due))
            continue
        behind = None if due is None else _behind(goal, due, day)
        if behind is not None:
            found.append(_flag("careplan.goal_off_track", goal.id, day - behind, day, behind))
        elif goal.achievement_status in _BAD:
            found.append(_flag("careplan.goal_off_track", goal.id, day, day, 0))
    return found


def goals_off_track(case: Case, *, on: dt.date) -> tuple[Flag, ...]:
    """Return a flag for each open goal that is late, or behind its path to the target.

    A goal is late once its due date has passed without being achieved
    (``careplan.goal_overdue``). It is off track (``careplan.goal_off_track``) when its latest
    achievement says it is worsening, not progressing or not attainable, or when its latest
    measurement is behind the straight line from its first measurement to the target value on
    the due date; ``days_late`` is then how many days behind that line it is.

    Examples:
        >>> from casekit.careplan import examples
        >>> case = examples.monitored_case()
        >>> [(f.code, f.about, f.days_late)
        ...  for f in goals_off_track(case, on=pendulum.date(2025, 5, 1))]
        [('careplan.goal_off_track', 'g-1', 15)]
    """
    case, day, _ = _inputs(case, on, 0)
    return tuple(_goals(case.latest_care_plan, day))


_STOPPED: Final = (
    InterventionStatus.COMPLETED,
    InterventionStatus.CANCELLED,
    InterventionStatus.STOPPED,
    InterventionStatus.ENTERED_IN_ERROR,
    InterventionStatus.ON_HOLD,
)


def _therapies(case: Case, plan: CarePlan | None, day: int) -> list[Flag]:
    if plan is None:
        return []
    therapies = {
        i.provider: i
        for i in plan.interventions
        if i.provider is not None and i.status not in _STOPPED
    }
    if not therapies:
        return []
    # A case holds the latest version of each appointment id (its verbs and `rebuild` keep it
    # so): each record is the appointment as it stands. The digest of the case's appointments
    # (`casekit.case._sessions`) gives per provider the last attended day and the first no-show
    # after it, without reading the appointments unless one is after the day asked about.
    appointments = case.appointments
    found: list[Flag] = []
    start = plan.created_at.toordinal()
    for provider, therapy in therapies.items():
        last, first = _sessions(appointments, provider, day)
        if first is not None:
            found.append(_flag("careplan.therapy_missed", therapy.id, first, day, day - first))
        elif therapy.timing is not None:
            began = therapy.starts_on.toordinal() if therapy.starts_on is not None else start
            due = max(last, began) + therapy.timing.interval_days
            if due < day:
                found.append(
                    _flag("careplan.therapy_not_attended", therapy.id, due, day, day - due)
                )
    return found


def therapies_not_attended(case: Case, *, on: dt.date) -> tuple[Flag, ...]:
    """Return a flag for each therapy in the plan the client has stopped attending.

    A therapy is an intervention a provider delivers; its sessions are the case's appointments
    with that provider (the latest version of each appointment id counts). A no-show after the
    last attended session is ``careplan.therapy_missed`` (late since the first such no-show);
    with none, a therapy with a timing whose next session is overdue since the last attended
    one (or the intervention's start) is ``careplan.therapy_not_attended``.

    Examples:
        >>> from casekit.careplan import examples
        >>> case = examples.monitored_case()
        >>> [(f.code, f.about, f.days_late)
        ...  for f in therapies_not_attended(case, on=pendulum.date(2025, 4, 7))]
        [('careplan.therapy_missed', 'pt', 3)]
    """
    case, day, _ = _inputs(case, on, 0)
    return tuple(_therapies(case, case.latest_care_plan, day))


def _referrals(case: Case, day: int, within: int) -> list[Flag]:
    # The case's digest (`casekit.case`) lists the referrals still only requested, in order.
    found: list[Flag] = []
    for _, about, requested in _requested(case.referrals):
        due = requested + within
        if due < day:
            found.append(_flag("careplan.referral_unanswered", about, due, day, day - due))
    return found


def referrals_unanswered(
    case: Case, *, on: dt.date, answer_within_days: int = 14
) -> tuple[Flag, ...]:
    """Return a flag for each referral still only requested *answer_within_days* after it was.

    Examples:
        >>> from casekit.careplan import examples
        >>> case = examples.monitored_case()
        >>> [(f.about, f.days_late)
        ...  for f in referrals_unanswered(case, on=pendulum.date(2025, 4, 7))]
        [('rf-pt', 14)]
    """
    case, day, within = _inputs(case, on, answer_within_days, "answer_within_days")
    return tuple(_referrals(case, day, within))


_BY_CODE_AND_ABOUT: Final = operator.attrgetter("code", "about")
_BY_DAYS_LATE: Final = operator.attrgetter("days_late")


def _sort_latest_first(flags: list[Flag]) -> None:
    # Most days late first, then by code and subject: two stable sorts with C keys.
    flags.sort(key=_BY_CODE_AND_ABOUT)
    flags.sort(key=_BY_DAYS_LATE, reverse=True)


def _deadlines(
    case: Case, day: int, within: int, workflow: Workflow[Case], calendar: HolidayCalendar | None
) -> list[Flag]:
    found: list[Flag] = []
    on = dt.date.fromordinal(day)
    for deadline in open_deadlines(case, on=on, workflow=workflow, calendar=calendar):
        found += _due("deadline", deadline.name, deadline.due_on.toordinal(), day, within)
    return found


def deadlines_due(
    case: Case,
    *,
    on: dt.date,
    workflow: Workflow[Case],
    within_days: int = 0,
    calendar: HolidayCalendar | None = None,
) -> tuple[Flag, ...]:
    """Return the workflow's running deadlines (`casekit.lifecycle.open_deadlines`) as flags.

    A deadline due within *within_days* is ``careplan.deadline_due``, one past its last day
    ``careplan.deadline_overdue``; the flag is about the deadline's name.

    Examples:
        >>> from casekit.lifecycle import STANDARD
        >>> from casekit.lifecycle.examples import example_case
        >>> case = example_case("assessing")  # accepted on 5 March 2025
        >>> [(f.code, f.about, f.days_late)
        ...  for f in deadlines_due(case, on=pendulum.date(2025, 3, 21), workflow=STANDARD)]
        [('careplan.deadline_overdue', 'initial_assessment', 2)]
    """
    case, day, within = _inputs(case, on, within_days)
    return tuple(_deadlines(case, day, within, workflow, calendar))


def monitor(
    case: Case,
    *,
    on: dt.date,
    within_days: int = 0,
    models: Models = STANDARD_MODELS,
    workflow: Workflow[Case] | None = None,
    calendar: HolidayCalendar | None = None,
) -> tuple[Flag, ...]:
    """Return every monitoring flag for *case* on *on*, latest first.

    It runs `contacts_due`, `reviews_due`, `reassessments_due` (those also flag what falls due
    in the next *within_days*), `goals_off_track`, `therapies_not_attended` and
    `referrals_unanswered`; given the case's *workflow*, `deadlines_due` too (with *calendar*
    for its business days). The lifecycle's deadlines read the whole history, so they cost
    more than the rest together: ask for them where they are wanted.

    Examples:
        >>> from casekit.careplan import examples
        >>> case = examples.monitored_case()
        >>> for flag in monitor(case, on=pendulum.date(2025, 4, 7)):
        ...     print(flag.reason.message())
        goal g-1 is off track: 15 day(s) behind its path to the target
        referral rf-pt has had no answer since 2025-03-24: 14 day(s) late
        a contact under plan cp-1 was due by 2025-03-31: 7 day(s) late
        therapy pt: a session was missed on 2025-04-04 (3 day(s) ago)
    """
    case, day, within = _inputs(case, on, within_days)
    plan = case.latest_care_plan
    profile = _profile(case, plan, models)
    found = _contacts(case, plan, profile, day, within)
    found += _reviews(plan, day, within)
    found += _reassessments(case, profile, day, within)
    found += _goals(plan, day)
    found += _therapies(case, plan, day)
    found += _referrals(case, day, 14)
    if workflow is not None:
        found += _deadlines(case, day, within, workflow, calendar)
    _sort_latest_first(found)
    return tuple(found)
