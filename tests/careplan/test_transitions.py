"""Transitional care management after a discharge: deadlines, and which were missed by how much."""

from __future__ import annotations

import pendulum
import pytest

from casekit.careplan import (
    TransitionalCareComplexity,
    check_transitional_care,
    examples,
    transitional_care_deadlines,
    transitional_care_flags,
)
from casekit.case import Contact, ContactMode, record_contact
from casekit.errors import InvalidInputError
from casekit.periods import HolidayCalendar

FRIDAY = pendulum.date(2025, 7, 4)
THANKSGIVING = HolidayCalendar(holidays=[pendulum.date(2025, 11, 27)])
MODERATE, HIGH = TransitionalCareComplexity.MODERATE, TransitionalCareComplexity.HIGH


def _flags(found):
    return [(f.code, str(f.due_on), f.days_late, f.business_days) for f in found]


@pytest.mark.parametrize(
    ("discharged", "complexity", "contact_by", "visit_by", "ends"),
    [
        ("2025-11-26", MODERATE, "2025-12-01", "2025-12-10", "2025-12-25"),
        ("2025-11-26", HIGH, "2025-12-01", "2025-12-03", "2025-12-25"),
        ("2025-11-24", HIGH, "2025-11-26", "2025-12-01", "2025-12-23"),
    ],
)
def test_the_deadlines_count_business_days_for_contact_and_calendar_days_for_the_visit(
    discharged, complexity, contact_by, visit_by, ends
):
    """2 business days (Thanksgiving and the weekend skipped), 7 or 14 days, 30-day period."""
    d = transitional_care_deadlines(
        pendulum.parse(discharged).date(), complexity=complexity, calendar=THANKSGIVING
    )

    assert (str(d.interactive_contact_by), str(d.face_to_face_by), str(d.period_ends)) == (
        contact_by,
        visit_by,
        ends,
    )


def test_steps_done_in_time_miss_nothing():
    """Contact the next business day and a visit within the week: no flags."""
    found = check_transitional_care(
        discharged_on=pendulum.date(2025, 11, 24),
        complexity=HIGH,
        on=pendulum.date(2025, 12, 20),
        calendar=THANKSGIVING,
        interactive_contact_on=pendulum.date(2025, 11, 25),
        face_to_face_on=pendulum.date(2025, 12, 1),
    )

    assert found == ()


def test_a_late_contact_says_how_many_business_days_late_skipping_holidays():
    """Discharged Wednesday 26 Nov; contact due Monday 1 Dec; made Wednesday 3 Dec: 2 late."""
    found = check_transitional_care(
        discharged_on=pendulum.date(2025, 11, 26),
        complexity=MODERATE,
        on=pendulum.date(2025, 12, 5),
        calendar=THANKSGIVING,
        interactive_contact_on=pendulum.date(2025, 12, 3),
        face_to_face_on=pendulum.date(2025, 12, 4),
    )

    assert _flags(found) == [("careplan.tcm_interactive_contact_missed", "2025-12-01", 2, True)]


def test_steps_not_done_are_late_by_the_day_asked_about():
    """Nothing done by 20 Dec after a 24 Nov high-complexity discharge."""
    found = check_transitional_care(
        discharged_on=pendulum.date(2025, 11, 24),
        complexity=HIGH,
        on=pendulum.date(2025, 12, 5),
        calendar=THANKSGIVING,
    )

    assert _flags(found) == [
        ("careplan.tcm_interactive_contact_missed", "2025-11-26", 6, True),
        ("careplan.tcm_face_to_face_missed", "2025-12-01", 4, False),
    ]
    assert found[1].reason.message() == (
        "the face-to-face visit after discharge was due by 2025-12-01: 4 day(s) late"
    )


def test_a_contact_before_the_discharge_does_not_count():
    """Only contacts on or after the discharge day are transitional care."""
    found = check_transitional_care(
        discharged_on=FRIDAY,
        complexity=MODERATE,
        on=pendulum.date(2025, 7, 9),
        calendar=HolidayCalendar(),
        interactive_contact_on=pendulum.date(2025, 7, 1),
    )

    assert [f.code for f in found] == ["careplan.tcm_interactive_contact_missed"]


@pytest.mark.parametrize(
    ("kwargs", "path", "code"),
    [
        ({"complexity": "high"}, "complexity", "type"),
        ({"calendar": [FRIDAY]}, "calendar", "type"),
        ({"discharged_on": "2025-07-04"}, "discharged_on", "type"),
        ({"on": pendulum.datetime(2025, 7, 9, tz="UTC")}, "on", "type"),
        ({"face_to_face_on": "2025-07-09"}, "face_to_face_on", "type"),
    ],
    ids=["complexity", "calendar", "discharged", "on", "visit"],
)
def test_the_check_refuses_the_wrong_inputs(kwargs, path, code):
    """Every argument is checked, by name."""
    args = {
        "discharged_on": FRIDAY,
        "complexity": MODERATE,
        "on": pendulum.date(2025, 7, 9),
        "calendar": HolidayCalendar(),
        **kwargs,
    }
    with pytest.raises(InvalidInputError) as err:
        check_transitional_care(**args)

    assert (err.value.problems[0].path, err.value.problems[0].code) == (path, code)


def test_the_case_check_reads_interactive_and_face_to_face_contacts():
    """A phone call is interactive; a home visit is both; the first of each counts."""
    case = examples.monitored_case()
    discharged = pendulum.date(2025, 4, 7)
    call = Contact("ct-8", ContactMode.PHONE, pendulum.datetime(2025, 4, 8, tz="UTC"), 10, "cm-1")
    visit = Contact(
        "ct-9", ContactMode.HOME_VISIT, pendulum.datetime(2025, 4, 17, tz="UTC"), 60, "cm-1"
    )
    case = record_contact(case, call, at=call.at, by="cm-1")
    case = record_contact(case, visit, at=visit.at, by="cm-1")

    found = transitional_care_flags(
        case,
        discharged_on=discharged,
        complexity=HIGH,
        on=pendulum.date(2025, 4, 30),
        calendar=HolidayCalendar(),
    )
    early = transitional_care_flags(
        case,
        discharged_on=discharged,
        complexity=MODERATE,
        on=pendulum.date(2025, 4, 30),
        calendar=HolidayCalendar(),
    )

    assert _flags(found) == [("careplan.tcm_face_to_face_missed", "2025-04-14", 3, False)]
    assert early == ()


def test_the_case_check_refuses_something_that_is_not_a_case():
    """The case is checked by name."""
    with pytest.raises(InvalidInputError) as err:
        transitional_care_flags(
            "case", discharged_on=FRIDAY, complexity=HIGH, on=FRIDAY, calendar=HolidayCalendar()
        )

    assert err.value.problems[0].path == "case"
