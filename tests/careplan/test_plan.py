"""The care-plan nouns: timings, goals, interventions, contact schedules and plan versions."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import attrs
import pendulum
import pytest

from casekit.careplan import (
    Achievement,
    AchievementStatus,
    CarePlan,
    ContactSchedule,
    Goal,
    GoalStatus,
    Intervention,
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
from casekit.errors import InvalidInputError

AT = pendulum.datetime(2025, 3, 10, 9, tz="UTC")


def _problem(err: pytest.ExceptionInfo[InvalidInputError]) -> tuple[str, str]:
    return err.value.problems[0].path, err.value.problems[0].code


@pytest.mark.parametrize(
    ("timing", "text", "interval"),
    [
        (Timing(2), "2 per week", 3),
        (Timing(1, unit=PeriodUnit.DAY), "1 per day", 1),
        (Timing(3, unit=PeriodUnit.DAY), "3 per day", 1),
        (Timing(1, 3, PeriodUnit.MONTH), "1 per 3 months", 91),
        (Timing(1, unit=PeriodUnit.YEAR), "1 per year", 365),
    ],
)
def test_a_timing_reads_as_a_count_per_period_and_spaces_its_occurrences(timing, text, interval):
    """A timing renders as text and gives whole days between occurrences, at least one."""
    assert (str(timing), timing.interval_days) == (text, interval)


def test_timings_compare_by_how_often_they_happen():
    """Weekly is at least as often as monthly, not the other way round."""
    weekly, monthly = Timing(1), Timing(1, unit=PeriodUnit.MONTH)

    assert weekly.is_at_least_as_often_as(monthly)
    assert not monthly.is_at_least_as_often_as(weekly)
    assert Timing(2).per_day == Fraction(2, 7)


@pytest.mark.parametrize(
    ("build", "path"),
    [
        (lambda: Timing(0), "count"),
        (lambda: Timing(True), "count"),  # a bool is not a count
        (lambda: Timing(1, 0), "period"),
        (lambda: Timing(1, session_minutes=0), "session_minutes"),
    ],
    ids=["zero", "bool", "period", "session"],
)
def test_a_timing_refuses_counts_below_one(build, path):
    """Counts, periods and session lengths are whole numbers of at least one."""
    with pytest.raises(InvalidInputError) as err:
        build()

    assert _problem(err) == (path, "positive_int")


def test_a_goal_with_a_target_value_needs_a_measure():
    """A target value means nothing without the measure it is a value of."""
    with pytest.raises(InvalidInputError) as err:
        Goal("g-1", "walk", target_value=Decimal(400))

    assert _problem(err) == ("measure", "missing")


@pytest.mark.parametrize("value", [400, Decimal("NaN"), 1.5])
def test_a_goal_refuses_a_target_value_that_is_not_a_finite_decimal(value):
    """Target values are exact."""
    with pytest.raises(InvalidInputError) as err:
        Goal("g-1", "walk", measure="m", target_value=value)

    assert _problem(err) == ("target_value", "type")


def test_a_goal_refuses_link_ids_that_are_not_identifiers():
    """Need and strength ids are identifiers, and the path names the bad one."""
    with pytest.raises(InvalidInputError) as err:
        Goal("g-1", "walk", need_ids=("n-1", "not an id"))

    assert _problem(err) == ("need_ids[1]", "identifier")


@pytest.mark.parametrize(
    ("direction", "value", "reached"),
    [
        (TargetDirection.AT_LEAST, Decimal(400), True),
        (TargetDirection.AT_LEAST, Decimal(399), False),
        (TargetDirection.AT_MOST, Decimal(5), True),
        (TargetDirection.AT_MOST, Decimal(500), False),
    ],
)
def test_a_goal_is_reached_when_its_measure_passes_the_target_in_its_direction(
    direction, value, reached
):
    """At least or at most: the direction decides which side of the target counts."""
    target = Decimal(400) if direction is TargetDirection.AT_LEAST else Decimal(5)
    goal = Goal("g-1", "x", measure="m", target_value=target, direction=direction)

    assert goal.is_reached_by(value) is reached


def test_a_goal_without_a_target_value_is_never_reached_by_a_value():
    """Without a target there is nothing to reach."""
    assert not Goal("g-1", "x").is_reached_by(Decimal(1))


def test_recording_achievements_keeps_them_in_order_and_sets_the_achievement_axis():
    """Each achievement is appended; achievement_status follows the latest; status stays."""
    goal = Goal("g-1", "walk", status=GoalStatus.ACTIVE)
    goal = record_achievement(goal, Achievement(AT, AchievementStatus.IN_PROGRESS, Decimal(10)))
    goal = record_achievement(goal, Achievement(AT.add(days=9), AchievementStatus.ACHIEVED))

    assert [a.status for a in goal.achievements] == [
        AchievementStatus.IN_PROGRESS,
        AchievementStatus.ACHIEVED,
    ]
    assert (goal.achievement_status, goal.status) == (AchievementStatus.ACHIEVED, GoalStatus.ACTIVE)


def test_recording_an_achievement_earlier_than_the_last_is_refused():
    """Achievements are recorded over time, in order."""
    goal = record_achievement(Goal("g-1", "x"), Achievement(AT, AchievementStatus.IMPROVING))

    with pytest.raises(InvalidInputError) as err:
        record_achievement(goal, Achievement(AT.subtract(days=1), AchievementStatus.IMPROVING))

    assert _problem(err) == ("achievement.at", "time_went_backwards")


@pytest.mark.parametrize(
    ("goal", "achievement", "path"),
    [
        ("goal", Achievement(AT, AchievementStatus.ACHIEVED), "goal"),
        (Goal("g-1", "x"), "achieved", "achievement"),
    ],
)
def test_recording_an_achievement_refuses_the_wrong_types(goal, achievement, path):
    """Both arguments are checked, by name."""
    with pytest.raises(InvalidInputError) as err:
        record_achievement(goal, achievement)

    assert _problem(err) == (path, "type")


def test_an_achievement_value_is_a_finite_decimal():
    """Measurements are exact too."""
    with pytest.raises(InvalidInputError) as err:
        Achievement(AT, AchievementStatus.IMPROVING, 3.5)  # type: ignore[arg-type]

    assert _problem(err) == ("value", "type")


def test_an_intervention_records_service_provider_timing_setting_and_who_is_responsible():
    """The structured fields sit beside the old free-text frequency, which still reads."""
    i = Intervention(
        "i-1",
        "physical therapy",
        None,
        "twice weekly",
        Setting.OUTPATIENT,
        ResponsibleParty.PROVIDER,
        ("g-1",),
        provider="prov-1",
        timing=Timing(2, session_minutes=45),
        duration_weeks=12,
        need_ids=("n-1",),
        starts_on=pendulum.date(2025, 3, 12),
    )

    assert (i.frequency, str(i.timing), i.timing.session_minutes) == (
        "twice weekly",
        "2 per week",
        45,
    )
    assert (i.setting, i.responsible, i.provider) == (
        Setting.OUTPATIENT,
        ResponsibleParty.PROVIDER,
        "prov-1",
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [("setting", "clinic"), ("responsible", "prov-9")],
)
def test_an_intervention_refuses_free_text_where_a_code_list_applies(field, value):
    """Setting and responsible party are enums; the message lists the choices."""
    with pytest.raises(InvalidInputError) as err:
        Intervention("i-1", "x", **{field: value})

    assert _problem(err) == (field, "type")
    assert "must be a" in str(err.value)


def test_a_contact_schedule_switches_timing_after_its_early_weeks():
    """Early timing for the first weeks, later timing after; the less frequent is known."""
    s = ContactSchedule(Timing(1), later=Timing(1, unit=PeriodUnit.MONTH), early_weeks=4)

    assert [str(s.timing_after_weeks(w)) for w in (0, 3, 4, 40)] == [
        "1 per week",
        "1 per week",
        "1 per month",
        "1 per month",
    ]
    assert s.least_often == Timing(1, unit=PeriodUnit.MONTH)
    assert ContactSchedule(Timing(1)).least_often == Timing(1)
    assert ContactSchedule(Timing(1, unit=PeriodUnit.MONTH), later=Timing(1)).least_often == Timing(
        1, unit=PeriodUnit.MONTH
    )


@pytest.mark.parametrize(
    ("modes", "path", "code"),
    [
        (("in_person", "telepathy"), "modes[1]", "contact_mode"),
        ("phone", "modes", "type"),
        ((1,), "modes[0]", "type"),
    ],
)
def test_a_contact_schedule_takes_only_contact_modes(modes, path, code):
    """Modes are casekit.case.ContactMode values."""
    with pytest.raises(InvalidInputError) as err:
        ContactSchedule(Timing(1), modes=modes)

    assert _problem(err) == (path, code)


def test_a_contact_schedule_share_is_a_fraction():
    """Shares of contacts are Decimals between 0 and 1."""
    with pytest.raises(InvalidInputError) as err:
        ContactSchedule(Timing(1), face_to_face_share=Decimal("1.5"))

    assert _problem(err) == ("face_to_face_share", "share")


def _plan(**changes: object) -> CarePlan:
    plan = CarePlan(
        "cp-1",
        AT,
        "cm-1",
        goals=(Goal("g-1", "walk", need_ids=("n-1",)),),
        interventions=(Intervention("i-1", "pt", goal_ids=("g-1",)),),
    )
    return attrs.evolve(plan, **changes)


@pytest.mark.parametrize(
    ("changes", "path", "code"),
    [
        (
            {"interventions": (Intervention("i-1", "pt", goal_ids=("g-9",)),)},
            "interventions[0].goal_ids[0]",
            "dangling_reference",
        ),
        (
            {"goals": (Goal("g-1", "a"), Goal("g-1", "b")), "interventions": ()},
            "goals[1].id",
            "duplicate",
        ),
        (
            {"interventions": (Intervention("i-1", "a"), Intervention("i-1", "b"))},
            "interventions[1].id",
            "duplicate",
        ),
        ({"version": 2}, "revision", "missing"),
        (
            {"version": 3, "revision": PlanRevision(1, AT, "cm-1", RevisionReason.OTHER)},
            "revision.replaces_version",
            "version",
        ),
        ({"revision": "why"}, "revision", "type"),
        ({"version": 0}, "version", "positive_int"),
    ],
)
def test_a_care_plan_refuses_broken_links_and_versions(changes, path, code):
    """Ids are unique, interventions name goals of the plan, later versions say why."""
    with pytest.raises(InvalidInputError) as err:
        _plan(**changes)

    assert _problem(err) == (path, code)


def test_revising_a_plan_makes_the_next_version_and_keeps_why():
    """The new version replaces the old one's number, with who, when and why."""
    v1 = _plan()
    later = AT.add(days=30)

    v2 = revise(
        v1,
        at=later,
        by="cm-2",
        reason=RevisionReason.MONITORING,
        note="missed",
        status=PlanStatus.ACTIVE,
    )

    assert (v2.version, v2.created_at, v2.author, v2.status) == (
        2,
        later,
        "cm-2",
        PlanStatus.ACTIVE,
    )
    assert v2.revision == PlanRevision(1, later, "cm-2", RevisionReason.MONITORING, "missed")
    assert "missed" not in repr(v2)
    assert (
        revise(v2, at=later, by="cm-2", reason=RevisionReason.OTHER).revision.replaces_version == 2
    )


def test_revising_a_plan_refuses_fields_a_revision_cannot_change():
    """Id, version and revision follow from the revision itself."""
    with pytest.raises(InvalidInputError) as err:
        revise(_plan(), at=AT, by="cm-1", reason=RevisionReason.OTHER, id="cp-2")

    assert _problem(err) == ("changes.id", "unknown_field")


def test_revising_something_that_is_not_a_plan_is_refused():
    """The plan is checked first."""
    with pytest.raises(InvalidInputError) as err:
        revise("cp-1", at=AT, by="cm-1", reason=RevisionReason.OTHER)  # type: ignore[arg-type]

    assert _problem(err) == ("plan", "type")


def test_a_plan_finds_its_goals_by_id():
    """goal() returns the goal or None."""
    plan = _plan()

    assert (plan.goal("g-1").id, plan.goal("g-9")) == ("g-1", None)
