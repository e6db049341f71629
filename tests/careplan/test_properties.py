"""Properties of care management by model, over generated assessments, profiles and dates."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pendulum
from hypothesis import given, settings
from hypothesis import strategies as st
from profiles import examples as scaled

from casekit.assessment import Assessment, Need, NeedDomain, Priority, Strength, StrengthSource
from casekit.careplan import (
    STANDARD_MODELS,
    Catalogue,
    ContactSchedule,
    PeriodUnit,
    PlanOptions,
    ResponsibleParty,
    ServiceOffer,
    Setting,
    Timing,
    TransitionalCareComplexity,
    build_plan,
    contacts_due,
    examples,
    referrals_unanswered,
    therapies_not_attended,
    transitional_care_deadlines,
    validate_plan,
)
from casekit.case import (
    Appointment,
    AppointmentStatus,
    Contact,
    ContactMode,
    Referral,
    add_referral,
    record_contact,
    schedule_appointment,
)
from casekit.codes import Code
from casekit.periods import HolidayCalendar, business_days_between

DOMAINS = (NeedDomain.FUNCTIONAL, NeedDomain.COGNITIVE, NeedDomain.FINANCIAL, NeedDomain.HOUSING)
CATALOGUE = Catalogue(
    (
        ServiceOffer(
            "pt",
            Code.parse("CPT|97110"),
            "physical therapy",
            (DOMAINS[0],),
            provider="p1",
            timing=Timing(2),
        ),
        ServiceOffer(
            "np", Code.parse("CPT|96132"), "neuropsychology", (DOMAINS[1],), provider="p2"
        ),
        ServiceOffer(
            "fin",
            Code.parse("HCPCS|T1016"),
            "financial planning",
            (DOMAINS[2],),
            responsible=ResponsibleParty.CASE_MANAGER,
            setting=Setting.OFFICE,
        ),
        ServiceOffer(
            "benefits", Code.parse("HCPCS|T1016"), "benefits advice", (DOMAINS[2],), provider="p3"
        ),
        ServiceOffer(
            "housing", Code.parse("HCPCS|H0044"), "supported housing", (DOMAINS[3],), provider="p4"
        ),
        ServiceOffer(
            "coordination",
            Code.parse("HCPCS|T1016"),
            "care coordination",
            responsible=ResponsibleParty.CASE_MANAGER,
        ),
    )
)
AT = examples.AT


@st.composite
def assessments(draw: st.DrawFn) -> tuple[Assessment, PlanOptions]:
    """Assessments with 1-4 needs (ids n-0...) from the catalogue's domains and 1-3 strengths."""
    domains = draw(st.lists(st.sampled_from(DOMAINS), min_size=1, max_size=4))
    needs = tuple(
        Need(d, draw(st.sampled_from(list(Priority))), id=f"n-{i}") for i, d in enumerate(domains)
    )
    sources = draw(st.lists(st.sampled_from(list(StrengthSource)), min_size=1, max_size=3))
    strengths = tuple(Strength(s, id=f"s-{i}") for i, s in enumerate(sources))
    words = {n.id: f"goal {i}" for i, n in enumerate(needs)}
    return Assessment("as-1", AT, "cm-1", needs=needs, strengths=strengths), PlanOptions(
        client_words=words, goal_days=draw(st.integers(0, 400))
    )


models = st.sampled_from(STANDARD_MODELS.names)


@settings(max_examples=scaled(100))
@given(assessments(), models)
def test_builders_are_deterministic(drawn, model):
    """The same assessment, catalogue and options give an equal plan, every time."""
    assessment, options = drawn
    build = lambda: build_plan(  # noqa: E731  # twice, the same call
        assessment, CATALOGUE, model=model, plan_id="cp-1", at=AT, by="cm-1", options=options
    )

    assert build() == build()


@settings(max_examples=scaled(100))
@given(assessments(), models)
def test_every_built_plan_passes_its_own_models_validator(drawn, model):
    """A builder builds what its validator checks."""
    assessment, options = drawn
    plan = build_plan(
        assessment, CATALOGUE, model=model, plan_id="cp-1", at=AT, by="cm-1", options=options
    )

    assert validate_plan(plan, STANDARD_MODELS.profile(model), assessment=assessment) == ()


@st.composite
def loosened(draw: st.DrawFn, profile):
    """A profile no stricter than *profile* on any parameter."""
    contact = profile.contact
    slower = lambda t: Timing(t.count, t.period * draw(st.integers(1, 4)), t.unit)  # noqa: E731
    looser_contact = attrs.evolve(
        contact,
        early=slower(contact.early),
        later=None if contact.later is None else slower(contact.later),
        early_weeks=draw(st.integers(0, contact.early_weeks)),
        modes=tuple(
            dict.fromkeys((*contact.modes, *draw(st.lists(st.sampled_from(list(ContactMode))))))
        ),
        face_to_face_share=contact.face_to_face_share
        * draw(st.sampled_from([Decimal(0), Decimal("0.5"), Decimal(1)])),
        community_share=contact.community_share * draw(st.sampled_from([Decimal(0), Decimal(1)])),
        accompanies=contact.accompanies and draw(st.booleans()),
    )
    relax = lambda flag: flag and draw(st.booleans())  # noqa: E731
    within = profile.services_start_within_days
    return attrs.evolve(
        profile,
        caseload_cap=profile.caseload_cap + draw(st.integers(0, 50)),
        contact=looser_contact,
        manager_delivers_services=profile.manager_delivers_services or draw(st.booleans()),
        goals_in_client_words=relax(profile.goals_in_client_words),
        goals_draw_on_strengths=relax(profile.goals_draw_on_strengths),
        informal_supports_in_team=relax(profile.informal_supports_in_team),
        needs_referred_out=relax(profile.needs_referred_out),
        attendance_checked=relax(profile.attendance_checked),
        services_start_within_days=None
        if within is None or draw(st.booleans())
        else within + draw(st.integers(0, 30)),
        review_every_days=profile.review_every_days + draw(st.integers(0, 100)),
        plan_with_client=relax(profile.plan_with_client),
    )


@settings(max_examples=scaled(100))
@given(assessments(), models, st.data())
def test_a_plan_that_passes_a_stricter_profile_passes_a_looser_one(drawn, model, data):
    """Loosening any parameter of a profile never makes a passing plan fail."""
    assessment, options = drawn
    strict = STANDARD_MODELS.profile(model)
    plan = build_plan(
        assessment, CATALOGUE, model=model, plan_id="cp-1", at=AT, by="cm-1", options=options
    )
    loose = data.draw(loosened(strict))

    assert validate_plan(plan, strict, assessment=assessment) == ()
    assert validate_plan(plan, loose, assessment=assessment) == ()


days = st.dates(min_value=pendulum.date(2020, 1, 1), max_value=pendulum.date(2030, 12, 31))


@settings(max_examples=scaled(200))
@given(days, st.sampled_from(list(TransitionalCareComplexity)), st.lists(days, max_size=20))
def test_transitional_care_deadlines_skip_the_holidays_passed_in_and_never_precede_discharge(
    discharged, complexity, holidays
):
    """The contact deadline is the 2nd business day after discharge, never a holiday."""
    calendar = HolidayCalendar(holidays=holidays)
    d = transitional_care_deadlines(
        pendulum.Date(discharged.year, discharged.month, discharged.day),
        complexity=complexity,
        calendar=calendar,
    )

    assert d.discharged_on < d.interactive_contact_by
    assert calendar.is_business_day(d.interactive_contact_by)
    assert business_days_between(d.discharged_on, d.interactive_contact_by, calendar=calendar) == 2
    assert d.discharged_on < d.face_to_face_by <= d.period_ends


@settings(max_examples=scaled(50))
@given(
    st.lists(st.integers(0, 120), max_size=8),
    st.integers(0, 200),
    st.sampled_from(STANDARD_MODELS.names),
)
def test_a_contact_is_never_due_before_the_contact_it_counts_from(offsets, asked, model):
    """The next contact falls after the last one on or before the day asked about."""
    case = examples.monitored_case(model)
    start = case.history[-1].at
    for i, offset in enumerate(sorted(offsets)):
        when = start.add(days=offset)
        case = record_contact(
            case, Contact(f"ct-x{i}", ContactMode.PHONE, when, 5, "cm-1"), at=when, by="cm-1"
        )
    on = start.add(days=asked).date()

    found = contacts_due(case, on=on, within_days=400)

    latest = max((c.at.date() for c in case.contacts if c.at.date() <= on), default=AT.date())
    assert [f.due_on > latest for f in found] == [True]


def test_a_monthly_schedule_is_looser_than_a_weekly_one():
    """The order the stricter-looser property relies on."""
    weekly, monthly = Timing(1), Timing(1, unit=PeriodUnit.MONTH)

    assert ContactSchedule(weekly).least_often.is_at_least_as_often_as(monthly)


@settings(max_examples=scaled(50))
@given(
    st.lists(st.tuples(st.integers(-10, 120), st.booleans()), max_size=8),
    st.lists(st.integers(-10, 120), max_size=3),
    st.integers(0, 200),
    st.integers(0, 30),
)
def test_therapy_and_referral_flags_are_never_due_before_what_they_count_from(
    sessions, referrals, asked, window
):
    """A therapy is due after its last session attended, a referral after its request."""
    case = examples.monitored_case()
    start = case.history[-1].at
    later = start.add(days=121)  # recorded after the fact: nothing is in the future
    for i, (offset, attended) in enumerate(sessions):
        when = start.add(days=offset)
        status = AppointmentStatus.FULFILLED if attended else AppointmentStatus.NOSHOW
        visit = Appointment(f"ap-x{i}", when, "prov-pt", 45, status=status)
        case = schedule_appointment(case, visit, at=later, by="cm-1")
    for i, offset in enumerate(referrals):
        sent = Referral(f"rf-x{i}", "prov-pt", start.add(days=offset), Code.parse("CPT|97110"))
        case = add_referral(case, sent, at=later, by="cm-1")
    on = start.add(days=asked).date()

    therapy = therapies_not_attended(case, on=on)
    answers = referrals_unanswered(case, on=on, answer_within_days=window)

    attended = [
        a.at.date()
        for a in case.appointments
        if a.status is AppointmentStatus.FULFILLED and a.at.date() <= on
    ]
    last = max(attended, default=None)
    for flag in therapy:
        assert last is None or flag.due_on > last
        assert flag.due_on < on or flag.code == "careplan.therapy_missed"
    requested = {r.id: r.requested_at.date() for r in case.referrals}
    for flag in answers:
        assert flag.due_on >= requested[flag.about]
        assert (flag.due_on - requested[flag.about]).days == window
