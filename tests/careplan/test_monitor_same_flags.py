"""Monitoring's record-reading checks agree with a plain restatement of their rules.

``_expected`` below restates the contact, reassessment and therapy rules one record at a time,
reading each record's day with ``date()`` (its wall-clock date, in its own zone), as an oracle
to hold any faster way of reading the records to. The generated cases hold their records out
of time order, all in one zone or in several, with days on either side of the day asked about.
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
    reassessments_due,
    therapies_not_attended,
)
from casekit.careplan import _monitor as m
from casekit.case import Appointment, AppointmentStatus, Contact, ContactMode

_FULFILLED = AppointmentStatus.FULFILLED
_NOSHOW = AppointmentStatus.NOSHOW


def _day(record):
    return record.at.date().toordinal()


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


@settings(max_examples=n_examples(300), deadline=None)
@given(_cases(), st.integers(-5, 135), st.integers(0, 10))
def test_monitoring_reads_records_as_the_plain_rules_say(case, offset, within):
    """Contacts, reassessments and therapies: every flag, due day and days late as restated."""
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
