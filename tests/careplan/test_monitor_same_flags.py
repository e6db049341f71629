"""Monitoring's record-reading checks agree with a plain restatement of their rules.

``_expected`` below restates the contact, reassessment, therapy and referral rules one record
at a time, reading each record's day with ``date()`` (its wall-clock date, in its own zone), as
an oracle to hold any faster way of reading the records to. The generated cases hold their
records out of time order, all in one zone or in several, with days on either side of the day
asked about.

Monitoring reads each collection's digest (`casekit.case`), which a case built by hand derives
on first use and the verbs carry from the case they extend. So the cases come two ways: set
by hand (digests derived), and grown by `fold` through added and revised records, any status
to any status (digests carried), each also checked with its collections copied afresh.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pendulum
from hypothesis import given, settings
from hypothesis import strategies as st
from profiles import examples as n_examples

from casekit.careplan import (
    STANDARD_MODELS,
    contacts_due,
    examples,
    monitor,
    reassessments_due,
    referrals_unanswered,
    therapies_not_attended,
)
from casekit.careplan import _monitor as m
from casekit.case import (
    Appointment,
    AppointmentStatus,
    CaseEvent,
    Contact,
    ContactMode,
    Referral,
    ReferralStatus,
    fold,
)

_FULFILLED = AppointmentStatus.FULFILLED
_NOSHOW = AppointmentStatus.NOSHOW


def _day(record):
    at = record.requested_at if isinstance(record, Referral) else record.at
    return at.date().toordinal()


def _late(code, about, due, day):
    return (f"careplan.{code}", about, dt.date.fromordinal(due), max(0, day - due))


def _expected_contact(case, plan, profile, day, within):
    start = m._plan_start(case, plan)
    last = start
    for contact in case.contacts:
        if last < _day(contact) <= day:
            last = _day(contact)
    schedule = plan.contact_schedule or profile.contact
    due = last + schedule.timing_after_weeks((last - start) // 7).interval_days
    if due > day + within:
        return []
    return [_late("contact_overdue" if due < day else "contact_due", plan.id, due, day)]


def _expected_reassessment(case, profile, day, within):
    days = sorted(_day(a) for a in case.assessments if _day(a) <= day)
    if profile.reassess_every_days is None or not days:
        return []
    due = days[-1] + profile.reassess_every_days
    if due > day + within:
        return []
    code = "reassessment_overdue" if due < day else "reassessment_due"
    return [_late(code, case.id, due, day)]


def _expected_therapies(case, plan, day):
    chased = {}  # provider -> the plan's last open intervention with it
    for i in plan.interventions:
        if i.provider is not None and i.status not in m._STOPPED:
            chased[i.provider] = i
    found = []
    for provider, therapy in chased.items():
        mine = [a for a in case.appointments if a.provider == provider and _day(a) <= day]
        last = max([_day(a) for a in mine if a.status is _FULFILLED], default=0)
        missed = sorted(_day(a) for a in mine if a.status is _NOSHOW and _day(a) > last)
        if missed:
            found.append(_late("therapy_missed", therapy.id, missed[0], day))
            continue
        if therapy.timing is None:
            continue
        began = plan.created_at if therapy.starts_on is None else therapy.starts_on
        due = max(last, began.toordinal()) + therapy.timing.interval_days
        if due < day:
            found.append(_late("therapy_not_attended", therapy.id, due, day))
    return found


def _expected_referrals(case, day, within):
    found = []
    for referral in case.referrals:  # in the case's order, as referrals_unanswered gives them
        due = _day(referral) + within if referral.status is ReferralStatus.REQUESTED else day
        if due < day:
            found.append(_late("referral_unanswered", referral.id, due, day))
    return found


def _flags(found):
    return sorted((f.code, f.about, f.due_on, f.days_late) for f in found)


_ZONES = (
    pendulum.timezone("UTC"),
    pendulum.timezone("America/New_York"),
    pendulum.timezone("Pacific/Kiritimati"),  # UTC+14
    pendulum.timezone("Pacific/Pago_Pago"),  # UTC-11
    dt.timezone(dt.timedelta(hours=5, minutes=30)),
)
_START = pendulum.datetime(2025, 3, 1)


@st.composite
def _times(draw, zones):
    """An aware time from March to July 2025, on the hour, in one of *zones*."""
    hours = draw(st.integers(0, 24 * 130))
    zone = draw(st.sampled_from(zones))
    return (_START + dt.timedelta(hours=hours)).astimezone(zone)


def _in(zone, records):
    """*records* with their times in *zone* (the same instants)."""
    return [attrs.evolve(r, at=r.at.astimezone(zone)) for r in records]


_STATUSES = st.sampled_from(
    [_FULFILLED, _FULFILLED, _NOSHOW, AppointmentStatus.BOOKED, AppointmentStatus.CANCELLED]
)
_PROVIDERS = st.sampled_from(["prov-pt", "prov-pt", "prov-other"])


@st.composite
def _cases(draw):
    case = examples.monitored_case(model=draw(st.sampled_from(["clinical", "targeted"])))
    # All in one zone (one tzinfo object: the times compare by wall clock), or mixed.
    zones = draw(st.sampled_from([_ZONES, *((z,) for z in _ZONES)]))
    if len(zones) == 1:
        case = attrs.evolve(
            case,
            contacts=_in(zones[0], case.contacts),
            appointments=_in(zones[0], case.appointments),
            assessments=_in(zones[0], case.assessments),
        )
    contacts = [
        Contact(f"ct-g{i}", ContactMode.PHONE, at, 15, "cm-1")
        for i, at in enumerate(draw(st.lists(_times(zones), max_size=12)))
    ]
    appointments = [
        Appointment(f"ap-g{i}", at, provider, 45, status=status)
        for i, (at, provider, status) in enumerate(
            draw(st.lists(st.tuples(_times(zones), _PROVIDERS, _STATUSES), max_size=20))
        )
    ]
    assessments = [
        attrs.evolve(examples.ASSESSMENT, id=f"as-g{i}", at=at)
        for i, at in enumerate(draw(st.lists(_times(zones), max_size=3)))
    ]
    return attrs.evolve(
        case,
        contacts=draw(st.permutations([*case.contacts, *contacts])),
        appointments=draw(st.permutations([*case.appointments, *appointments])),
        assessments=draw(st.permutations([*case.assessments, *assessments])),
    )


_NAMES = {
    Contact: "contact_recorded",
    Appointment: "appointment_scheduled",
    Referral: "referral_added",
}
_REFERRAL_STATUSES = st.sampled_from(list(ReferralStatus))


@st.composite
def _records(draw, zones):
    """A contact, appointment, assessment or referral, new or with an id the case may hold."""
    k = draw(st.integers(0, 4))
    at = draw(_times(zones))
    kind = draw(st.sampled_from(["contact", "appointment", "assessment", "referral"]))
    if kind == "contact":
        return Contact(f"ct-{k}", ContactMode.PHONE, at, 15, "cm-1")
    if kind == "appointment":
        return Appointment(f"ap-{k}", at, draw(_PROVIDERS), 45, status=draw(_STATUSES))
    if kind == "assessment":
        return attrs.evolve(examples.ASSESSMENT, id=f"as-{k}", at=at)
    status = draw(_REFERRAL_STATUSES)
    return Referral(["rf-pt", "rf-1", "rf-2", "rf-3", "rf-4"][k], "prov-pt", at, status=status)


@st.composite
def _grown(draw):
    """The example case with records added and revised by `fold`, as the verbs fold them."""
    case = examples.monitored_case(model=draw(st.sampled_from(["clinical", "targeted"])))
    zones = draw(st.sampled_from([_ZONES, *((z,) for z in _ZONES)]))
    for record in draw(st.lists(_records(zones), max_size=40)):
        seq = len(case.history) + 1
        at = case.history[-1].at
        name = _NAMES.get(type(record), "assessment_recorded")
        event = CaseEvent(
            seq, f"{case.id}.{seq}", name, case.state, case.state, at, at, "cm-1", payload=record
        )
        case = fold(case, event)
    return case


def _afresh(case):
    """*case* with its collections copied: their digests are derived again when read."""
    return attrs.evolve(
        case,
        contacts=tuple(case.contacts),
        appointments=tuple(case.appointments),
        assessments=tuple(case.assessments),
        referrals=tuple(case.referrals),
    )


def _holds_to_the_rules(case, offset, within):
    on = (_START + dt.timedelta(days=offset)).date()
    day, plan = on.toordinal(), case.latest_care_plan
    profile = m._profile(case, plan, STANDARD_MODELS)

    assert _flags(contacts_due(case, on=on, within_days=within)) == sorted(
        _expected_contact(case, plan, profile, day, within)
    )
    assert _flags(reassessments_due(case, on=on, within_days=within)) == sorted(
        _expected_reassessment(case, profile, day, within)
    )
    assert _flags(therapies_not_attended(case, on=on)) == sorted(
        _expected_therapies(case, plan, day)
    )
    unanswered = referrals_unanswered(case, on=on, answer_within_days=within)
    assert [(f.code, f.about, f.due_on, f.days_late) for f in unanswered] == (
        _expected_referrals(case, day, within)
    )


@settings(max_examples=n_examples(300), deadline=None)
@given(_cases(), st.integers(-5, 135), st.integers(0, 10))
def test_monitoring_reads_records_as_the_plain_rules_say(case, offset, within):
    """Contacts, reassessments, therapies and referrals: every flag, due day and days late as
    restated."""
    _holds_to_the_rules(case, offset, within)


@settings(max_examples=n_examples(300), deadline=None)
@given(_grown(), st.integers(-5, 135), st.integers(0, 10))
def test_monitoring_a_case_grown_record_by_record_reads_as_the_plain_rules_say(
    case, offset, within
):
    """Through added and revised records (the digests carried), and afresh (derived)."""
    _holds_to_the_rules(case, offset, within)
    _holds_to_the_rules(_afresh(case), offset, within)


@settings(max_examples=n_examples(100), deadline=None)
@given(_grown(), st.integers(-5, 135))
def test_monitoring_gives_the_same_flags_whether_digests_are_carried_or_derived(case, offset):
    """Every flag of `monitor`, in order, is the same for a grown case and for it afresh."""
    on = (_START + dt.timedelta(days=offset)).date()

    assert monitor(case, on=on, within_days=3) == monitor(_afresh(case), on=on, within_days=3)
