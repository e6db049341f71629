"""Monitoring: contacts, reviews, reassessments, goals, therapies and referrals, with lateness."""

from __future__ import annotations

import sys
from decimal import Decimal

import attrs
import pendulum
import pytest

from casekit.careplan import (
    STANDARD_MODELS,
    Achievement,
    AchievementStatus,
    ContactSchedule,
    Flag,
    GoalStatus,
    InterventionStatus,
    Model,
    Models,
    RevisionReason,
    Timing,
    contacts_due,
    deadlines_due,
    examples,
    goals_off_track,
    monitor,
    plan_versions,
    reassessments_due,
    record_achievement,
    referrals_unanswered,
    reviews_due,
    revise,
    therapies_not_attended,
)
from casekit.case import (
    Appointment,
    AppointmentStatus,
    CareModel,
    Contact,
    ContactMode,
    Referral,
    ReferralStatus,
    add_referral,
    rebuild,
    record_assessment,
    record_care_plan,
    record_contact,
    schedule_appointment,
)
from casekit.codes import Code
from casekit.errors import InvalidInputError
from casekit.lifecycle import STANDARD, open_case
from casekit.lifecycle.examples import example_case
from casekit.people import CaseManager, Patient, PersonName

AT = examples.AT
ON = pendulum.date(2025, 4, 7)


def _flags(found):
    return [(f.code, f.about, str(f.due_on), f.days_late) for f in found]


def _revised(case, at, **changes):
    plan = revise(case.latest_care_plan, at=at, by="cm-1", reason=RevisionReason.OTHER, **changes)
    return record_care_plan(case, plan, at=at, by="cm-1")


def _bare_case(model=CareModel.CLINICAL):
    return open_case(
        "case-2",
        patient=Patient("pt-2", PersonName("Synthetic"), pendulum.date(1970, 1, 1)),
        manager=CaseManager("cm-1"),
        model=model,
        at=AT,
        by="cm-1",
    )


def test_a_contact_is_due_one_interval_after_the_last_and_late_after_that():
    """Weekly early on: the check-in after 24 March was due on 31 March."""
    case = examples.monitored_case()

    assert _flags(contacts_due(case, on=pendulum.date(2025, 3, 30))) == []
    assert _flags(contacts_due(case, on=pendulum.date(2025, 3, 31))) == [
        ("careplan.contact_due", "cp-1", "2025-03-31", 0)
    ]
    assert _flags(contacts_due(case, on=pendulum.date(2025, 3, 28), within_days=3)) == [
        ("careplan.contact_due", "cp-1", "2025-03-31", 0)
    ]
    assert _flags(contacts_due(case, on=ON)) == [
        ("careplan.contact_overdue", "cp-1", "2025-03-31", 7)
    ]


def test_contacts_after_the_day_asked_about_do_not_count():
    """Monitoring as of a past day ignores what came later."""
    case = examples.monitored_case()
    call = Contact("ct-9", ContactMode.PHONE, AT.add(days=27), 10, "cm-1")
    case = record_contact(case, call, at=AT.add(days=27), by="cm-1")

    assert _flags(contacts_due(case, on=ON)) == []
    assert _flags(contacts_due(case, on=pendulum.date(2025, 4, 5))) == [
        ("careplan.contact_overdue", "cp-1", "2025-03-31", 5)
    ]


def test_the_later_phase_of_the_schedule_applies_after_the_early_weeks():
    """Clinical: weekly for 8 weeks, then twice a month (every 15 days)."""
    case = examples.monitored_case()
    when = AT.add(weeks=9)
    case = record_contact(
        case, Contact("ct-9", ContactMode.PHONE, when, 10, "cm-1"), at=when, by="cm-1"
    )

    assert _flags(contacts_due(case, on=pendulum.date(2025, 5, 27))) == [
        ("careplan.contact_due", "cp-1", "2025-05-27", 0)
    ]


def test_a_plan_without_its_own_schedule_is_monitored_under_its_models():
    """The profile's schedule stands in."""
    case = _revised(examples.monitored_case(), AT.add(days=26), contact_schedule=None)

    assert _flags(contacts_due(case, on=ON)) == [
        ("careplan.contact_overdue", "cp-1", "2025-03-31", 7)
    ]


def test_a_plan_naming_a_registered_custom_model_is_monitored_under_it():
    """plan.model picks the profile when the registry knows it."""
    daily = attrs.evolve(
        STANDARD_MODELS.profile("clinical"), name="daily", contact=ContactSchedule(Timing(7))
    )
    models = Models(
        (*STANDARD_MODELS.models, Model(daily, STANDARD_MODELS.get("clinical").builder))
    )
    case = _revised(
        examples.monitored_case(), AT.add(days=26), contact_schedule=None, model="daily"
    )

    assert _flags(contacts_due(case, on=ON, models=models)) == [
        ("careplan.contact_overdue", "cp-1", "2025-03-25", 13)
    ]


def test_nothing_is_due_without_a_plan():
    """No plan, no schedule, no goals, no therapies, no review."""
    case = _bare_case()

    assert monitor(case, on=ON) == ()


def test_a_review_is_due_on_the_plans_review_date():
    """Clinical plans are reviewed within 90 days: 8 June 2025."""
    case = examples.monitored_case()

    assert _flags(reviews_due(case, on=pendulum.date(2025, 6, 10))) == [
        ("careplan.review_overdue", "cp-1", "2025-06-08", 2)
    ]
    assert reviews_due(case, on=ON) == ()
    assert reviews_due(_revised(case, AT.add(days=26), review_on=None), on=ON) == ()


def test_a_reassessment_is_due_when_the_models_interval_runs_out():
    """Targeted: yearly; models without an interval never flag one."""
    targeted = examples.monitored_case(model="targeted")

    assert _flags(reassessments_due(targeted, on=pendulum.date(2026, 3, 11))) == [
        ("careplan.reassessment_overdue", "case-1", "2026-03-10", 1)
    ]
    assert _flags(reassessments_due(targeted, on=pendulum.date(2026, 3, 1), within_days=9)) == [
        ("careplan.reassessment_due", "case-1", "2026-03-10", 0)
    ]
    assert reassessments_due(examples.monitored_case(), on=pendulum.date(2030, 1, 1)) == ()
    assert reassessments_due(_bare_case(CareModel.TARGETED), on=ON) == ()


def test_a_reassessment_is_not_due_before_the_first_assessment():
    """Asked about a day before any assessment, there is nothing to count from: no flag."""
    targeted = examples.monitored_case(model="targeted")  # assessed on 10 March 2025

    assert reassessments_due(targeted, on=pendulum.date(2025, 3, 9)) == ()
    assert "careplan.reassessment" not in str(monitor(targeted, on=pendulum.date(2025, 3, 9)))


def _with_goal(case, at, **goal_changes):
    plan = case.latest_care_plan
    goal = attrs.evolve(plan.goals[0], **goal_changes)
    return _revised(case, at, goals=(goal,))


def test_a_goal_past_its_due_date_is_late_until_achieved():
    """Due 8 June 2025; on 18 June it is 10 days late; achieved or closed goals are not."""
    case = examples.monitored_case()
    on = pendulum.date(2025, 6, 18)

    assert _flags(goals_off_track(case, on=on)) == [
        ("careplan.goal_overdue", "g-1", "2025-06-08", 10)
    ]
    done = record_achievement(
        case.latest_care_plan.goals[0], Achievement(AT.add(days=30), AchievementStatus.ACHIEVED)
    )
    assert (
        goals_off_track(
            _with_goal(
                case,
                AT.add(days=30),
                achievements=done.achievements,
                achievement_status=AchievementStatus.ACHIEVED,
            ),
            on=on,
        )
        == ()
    )
    assert (
        goals_off_track(_with_goal(case, AT.add(days=30), status=GoalStatus.CANCELLED), on=on) == ()
    )


def test_a_goal_behind_its_line_to_the_target_is_off_track_by_days():
    """25 m of 400 after 21 of 90 days: about 15 days behind."""
    assert _flags(goals_off_track(examples.monitored_case(), on=ON)) == [
        ("careplan.goal_off_track", "g-1", "2025-03-23", 15)
    ]


def test_a_goal_on_or_ahead_of_its_line_is_on_track():
    """200 m after 21 days is ahead of the line."""
    case = examples.monitored_case()
    goal = case.latest_care_plan.goals[0]
    ahead = (
        goal.achievements[0],
        Achievement(AT.add(days=21), AchievementStatus.IMPROVING, Decimal(200)),
    )

    assert goals_off_track(_with_goal(case, AT.add(days=26), achievements=ahead), on=ON) == ()


@pytest.mark.parametrize(
    ("changes", "flagged"),
    [
        ({"achievements": ()}, False),
        ({"target_value": None, "measure": None}, False),
        ({"target": None}, False),
        ({"achievement_status": AchievementStatus.WORSENING, "achievements": ()}, True),
        ({"achievement_status": AchievementStatus.NO_PROGRESS, "target": None}, True),
    ],
    ids=["no-measurements", "no-target-value", "no-due-date", "worsening", "no-progress"],
)
def test_a_goal_is_off_track_by_its_measurements_or_its_achievement_status(changes, flagged):
    """Without two measurements, a target and a due date, only a bad status flags it."""
    case = _with_goal(examples.monitored_case(), AT.add(days=26), **changes)

    found = goals_off_track(case, on=ON)

    assert [f.code for f in found] == (["careplan.goal_off_track"] if flagged else [])


def test_a_goal_whose_first_measurement_is_its_target_or_after_its_due_date_has_no_line():
    """No line can be drawn, so only the status speaks."""
    case = examples.monitored_case()
    goal = case.latest_care_plan.goals[0]
    flat = tuple(attrs.evolve(a, value=Decimal(400)) for a in goal.achievements)
    late_start = attrs.evolve(goal, target=pendulum.date(2025, 3, 12))

    assert goals_off_track(_with_goal(case, AT.add(days=26), achievements=flat), on=ON) == ()
    assert (
        _flags(
            goals_off_track(
                _revised(case, AT.add(days=26), goals=(late_start,)), on=pendulum.date(2025, 3, 11)
            )
        )
        == []
    )


def test_a_missed_therapy_session_is_flagged_from_the_day_it_was_missed():
    """The no-show on 4 April, after the sessions of 12 and 14 March."""
    case = examples.monitored_case()

    assert _flags(therapies_not_attended(case, on=ON)) == [
        ("careplan.therapy_missed", "pt", "2025-04-04", 3)
    ]
    assert _flags(therapies_not_attended(case, on=pendulum.date(2025, 4, 3))) == [
        ("careplan.therapy_not_attended", "pt", "2025-03-17", 17)
    ]


def test_a_session_attended_after_a_no_show_clears_it():
    """Attendance after the miss means the client is back."""
    case = examples.monitored_case()
    back = Appointment("ap-4", AT.add(days=27), "prov-pt", 45, status=AppointmentStatus.FULFILLED)
    case = schedule_appointment(case, back, at=AT.add(days=27), by="cm-1")

    assert therapies_not_attended(case, on=ON) == ()


def test_the_latest_version_of_an_appointment_is_the_one_that_counts():
    """An appointment recorded again with its outcome replaces the booking."""
    case = examples.monitored_case()
    booked = Appointment("ap-5", AT.add(days=27), "prov-pt", 45)
    case = schedule_appointment(case, booked, at=AT.add(days=26), by="cm-1")
    assert therapies_not_attended(case, on=ON)[0].code == "careplan.therapy_missed"
    kept = attrs.evolve(booked, status=AppointmentStatus.FULFILLED)
    case = schedule_appointment(case, kept, at=AT.add(days=27), by="cm-1")

    assert therapies_not_attended(case, on=ON) == ()


def test_therapies_that_are_stopped_or_have_no_timing_are_not_chased():
    """On hold or stopped therapies, and those with no frequency and no misses, are left alone."""
    case = examples.monitored_case()
    plan = case.latest_care_plan
    held = tuple(attrs.evolve(i, status=InterventionStatus.ON_HOLD) for i in plan.interventions)
    untimed = tuple(attrs.evolve(i, timing=None, starts_on=None) for i in plan.interventions)

    assert therapies_not_attended(_revised(case, AT.add(days=26), interventions=held), on=ON) == ()
    quiet = _revised(case, AT.add(days=26), interventions=untimed)
    assert therapies_not_attended(quiet, on=pendulum.date(2025, 4, 3)) == ()


def test_a_therapy_never_attended_is_late_one_interval_after_the_plan_began():
    """Without starts_on, the clock starts with the plan."""
    case = examples.monitored_case("brokerage")
    plan = case.latest_care_plan
    unstarted = tuple(attrs.evolve(i, starts_on=None) for i in plan.interventions)
    case = _revised(case, AT.add(days=26), interventions=unstarted)

    assert _flags(therapies_not_attended(case, on=pendulum.date(2025, 3, 13))) == []


def test_a_plan_with_no_provider_delivered_therapy_has_nothing_to_attend():
    """Only interventions a provider delivers have sessions."""
    case = examples.monitored_case()
    plan = case.latest_care_plan
    own = tuple(attrs.evolve(i, provider=None) for i in plan.interventions)

    assert therapies_not_attended(_revised(case, AT.add(days=26), interventions=own), on=ON) == ()


def test_a_referral_with_no_answer_is_flagged_after_the_answer_window():
    """Requested on 10 March; no answer by 24 March; answered referrals are not flagged."""
    case = examples.monitored_case()

    assert _flags(referrals_unanswered(case, on=pendulum.date(2025, 3, 25))) == [
        ("careplan.referral_unanswered", "rf-pt", "2025-03-24", 1)
    ]
    assert referrals_unanswered(case, on=ON, answer_within_days=60) == ()
    answered = attrs.evolve(case.referrals[0], status=ReferralStatus.ACCEPTED)
    case = add_referral(case, answered, at=AT.add(days=26), by="cm-1")
    assert referrals_unanswered(case, on=ON) == ()


def test_monitoring_gathers_every_flag_latest_first():
    """monitor runs every check; the most overdue comes first."""
    found = monitor(examples.monitored_case(), on=ON)

    assert [f.code for f in found] == [
        "careplan.goal_off_track",
        "careplan.referral_unanswered",
        "careplan.contact_overdue",
        "careplan.therapy_missed",
    ]
    assert all(f.is_late for f in found)


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda _c: monitor("case", on=ON), "case"),
        (lambda c: monitor(c, on=AT), "on"),
        (lambda c: monitor(c, on=ON, within_days=-1), "within_days"),
        (lambda c: monitor(c, on=ON, models={}), "models"),
        (lambda c: referrals_unanswered(c, on=ON, answer_within_days="14"), "answer_within_days"),
    ],
    ids=["case", "on", "within", "models", "answer-within"],
)
def test_monitoring_refuses_the_wrong_inputs(call, path):
    """Every argument is checked, by name."""
    with pytest.raises(InvalidInputError) as err:
        call(examples.monitored_case())

    assert (err.value.problems[0].path, err.value.problems[0].code) == (path, "type")


def test_a_flag_refuses_a_code_that_is_not_a_reason_code():
    """Flags carry stable reason codes."""
    with pytest.raises(InvalidInputError):
        Flag("not a code", "cp-1", ON, 0)


def test_each_referral_still_only_requested_is_flagged_from_its_own_request():
    """Every open request has its own answer window."""
    case = examples.monitored_case()
    extra = Referral("rf-2", "prov-np", AT.add(days=26), Code.parse("CPT|96132"))
    case = add_referral(case, extra, at=AT.add(days=26), by="cm-1")

    assert [f.about for f in referrals_unanswered(case, on=pendulum.date(2025, 4, 14))] == ["rf-pt"]
    assert [f.about for f in referrals_unanswered(case, on=pendulum.date(2025, 4, 25))] == [
        "rf-pt",
        "rf-2",
    ]


def test_the_lifecycle_deadlines_come_in_as_flags_when_the_workflow_is_given():
    """Monitoring under the case's workflow adds its running deadlines."""
    case = example_case("assessing")  # accepted on 5 March 2025: assess within 14 days
    on = pendulum.date(2025, 3, 21)

    assert _flags(deadlines_due(case, on=on, workflow=STANDARD)) == [
        ("careplan.deadline_overdue", "initial_assessment", "2025-03-19", 2)
    ]
    assert _flags(
        deadlines_due(case, on=pendulum.date(2025, 3, 17), workflow=STANDARD, within_days=2)
    ) == [("careplan.deadline_due", "initial_assessment", "2025-03-19", 0)]
    assert [f.code for f in monitor(case, on=on, workflow=STANDARD)] == [
        "careplan.deadline_overdue"
    ]
    assert monitor(case, on=on) == ()


def test_every_version_of_a_plan_stays_in_the_history():
    """plan_versions reads them from the events, oldest first."""
    case = examples.monitored_case()

    assert [p.version for p in plan_versions(case, "cp-1")] == [1, 2]
    assert plan_versions(case, "cp-9") == ()
    with pytest.raises(InvalidInputError):
        plan_versions("case", "cp-1")  # type: ignore[arg-type]


def test_the_contact_schedule_counts_its_weeks_from_the_plans_start_without_one():
    """A plan without starts_on counts from its first version in the case's records."""
    plan = attrs.evolve(examples.built("clinical"), starts_on=None)
    case = record_assessment(_bare_case(), examples.ASSESSMENT, at=AT, by="cm-1")
    case = record_care_plan(case, plan, at=AT.add(days=1), by="cm-1")

    assert _flags(contacts_due(case, on=pendulum.date(2025, 3, 20))) == [
        ("careplan.contact_overdue", "cp-1", "2025-03-17", 3)
    ]


def _calls(work):
    """How many Python and C functions *work* calls (the profiler sees each call once)."""
    events = []
    sys.setprofile(lambda _frame, event, _arg: events.append(event))
    try:
        work()
    finally:
        sys.setprofile(None)
    return events.count("call") + events.count("c_call")


def _weeks_of_care(weeks):
    """The example case with *weeks* more weeks of check-ins and two sessions a week."""
    case = examples.monitored_case()
    start = case.history[-1].at
    for week in range(1, weeks + 1):
        when = start.add(weeks=week)
        call = Contact(f"ct-w{week}", ContactMode.PHONE, when, 15, "cm-1")
        case = record_contact(case, call, at=when, by="cm-1")
        for s, status in enumerate((AppointmentStatus.FULFILLED, AppointmentStatus.NOSHOW)):
            visit = Appointment(f"ap-w{week}-{s}", when.add(days=s), "prov-pt", 45, status=status)
            case = schedule_appointment(case, visit, at=when.add(days=s), by="cm-1")
    return case


def test_monitoring_work_grows_in_proportion_to_the_records():
    """Per event, monitoring ten times the history calls at most as many functions."""
    short, long = _weeks_of_care(20), _weeks_of_care(200)
    on = long.history[-1].at.add(days=3).date()

    per_event = [_calls(lambda c=c: monitor(c, on=on)) / len(c.history) for c in (short, long)]

    assert len(long.history) >= 8 * len(short.history)
    assert per_event[1] <= per_event[0]


def test_monitoring_a_case_its_verbs_built_does_the_same_work_at_any_age():
    """Ten times the weeks of care: the same number of calls, the digests carried by the verbs;
    read back from its history, the first call reads the records once."""
    short, long = _weeks_of_care(20), _weeks_of_care(200)
    on = long.history[-1].at.add(days=3).date()

    calls = [_calls(lambda c=c: monitor(c, on=on)) for c in (short, long)]
    read_back = rebuild(long.history)
    first = _calls(lambda: monitor(read_back, on=on))
    again = _calls(lambda: monitor(read_back, on=on))

    assert calls[1] <= calls[0] * 1.2
    assert first > again * 10 and again == calls[1]
