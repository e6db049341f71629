"""Transitional care management (after a discharge): its deadlines, and which were missed.

US transitional care management (CPT 99495 and 99496) asks, after a discharge to the
community, for an interactive contact with the patient or caregiver within 2 business days,
and a face-to-face visit within 14 calendar days (99495, at least moderate complexity) or 7
(99496, high complexity), inside a 30-day period that begins on the day of discharge. Source:
CMS, "Transitional Care Management Services" (MLN908628). This is not targeted case management
(a model, see `casekit.careplan.targeted_profile`), though both are abbreviated TCM.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Final

import attrs
import pendulum

from casekit import _validate as v
from casekit.careplan._monitor import Flag
from casekit.case import Case, ContactMode
from casekit.errors import InvalidInputError
from casekit.periods import (
    HolidayCalendar,
    add_business_days,
    business_days_between,
    require_date,
)

__all__ = [
    "TransitionalCareComplexity",
    "TransitionalCareDeadlines",
    "check_transitional_care",
    "transitional_care_deadlines",
    "transitional_care_flags",
]

INTERACTIVE_CONTACT_BUSINESS_DAYS: Final = 2
PERIOD_DAYS: Final = 30


class TransitionalCareComplexity(enum.StrEnum):
    """The medical decision making after discharge, which sets the face-to-face deadline."""

    MODERATE = "moderate"
    """At least moderate complexity: a visit within 14 days (CPT 99495)."""
    HIGH = "high"
    """High complexity: a visit within 7 days (CPT 99496)."""

    @property
    def face_to_face_days(self) -> int:
        """Calendar days after discharge by which the face-to-face visit is due."""
        return 7 if self is TransitionalCareComplexity.HIGH else 14


@attrs.frozen
class TransitionalCareDeadlines:
    """The last day for each step of transitional care after one discharge.

    Examples:
        >>> d = transitional_care_deadlines(pendulum.date(2025, 7, 3),
        ...     complexity=TransitionalCareComplexity.HIGH,
        ...     calendar=HolidayCalendar(holidays=[pendulum.date(2025, 7, 4)]))
        >>> str(d.interactive_contact_by), str(d.face_to_face_by), str(d.period_ends)
        ('2025-07-08', '2025-07-10', '2025-08-01')
    """

    discharged_on: dt.date = attrs.field(validator=v.date)
    interactive_contact_by: dt.date = attrs.field(validator=v.date)
    face_to_face_by: dt.date = attrs.field(validator=v.date)
    period_ends: dt.date = attrs.field(validator=v.date)


def transitional_care_deadlines(
    discharged_on: dt.date,
    *,
    complexity: TransitionalCareComplexity,
    calendar: HolidayCalendar,
) -> TransitionalCareDeadlines:
    """Return the transitional-care deadlines after a discharge on *discharged_on*.

    Business days skip the weekend and the holidays of *calendar* (casekit ships none).

    Raises:
        InvalidInputError: ``discharged_on``, ``complexity`` or ``calendar`` with code ``type``.

    Examples:
        >>> d = transitional_care_deadlines(pendulum.date(2025, 11, 26),  # Thanksgiving eve
        ...     complexity=TransitionalCareComplexity.MODERATE,
        ...     calendar=HolidayCalendar(holidays=[pendulum.date(2025, 11, 27)]))
        >>> str(d.interactive_contact_by), str(d.face_to_face_by)
        ('2025-12-01', '2025-12-10')
    """
    day = require_date(discharged_on, field="discharged_on")
    if not isinstance(complexity, TransitionalCareComplexity):
        raise InvalidInputError.one(
            "complexity", "type", "must be a TransitionalCareComplexity (moderate or high)"
        )
    return TransitionalCareDeadlines(
        day,
        add_business_days(day, INTERACTIVE_CONTACT_BUSINESS_DAYS, calendar=calendar),
        day.add(days=complexity.face_to_face_days),
        day.add(days=PERIOD_DAYS - 1),
    )


def check_transitional_care(  # the two steps, when they happened, and when
    *,
    discharged_on: dt.date,
    complexity: TransitionalCareComplexity,
    on: dt.date,
    calendar: HolidayCalendar,
    interactive_contact_on: dt.date | None = None,
    face_to_face_on: dt.date | None = None,
) -> tuple[Flag, ...]:
    """Return a flag for each transitional-care deadline missed, as things stand on *on*.

    A step done after its deadline, or not done with the deadline passed, is missed:
    ``careplan.tcm_interactive_contact_missed`` counts business days late,
    ``careplan.tcm_face_to_face_missed`` calendar days. A step done before discharge does not
    count.

    Examples:
        >>> cal = HolidayCalendar(holidays=[pendulum.date(2025, 7, 4)])
        >>> flags = check_transitional_care(
        ...     discharged_on=pendulum.date(2025, 7, 3), complexity=TransitionalCareComplexity.HIGH,
        ...     on=pendulum.date(2025, 7, 14), calendar=cal,
        ...     interactive_contact_on=pendulum.date(2025, 7, 9))
        >>> for f in flags:
        ...     print(f.reason.message())
        the interactive contact after discharge was due by 2025-07-08: 1 business day(s) late
        the face-to-face visit after discharge was due by 2025-07-10: 4 day(s) late
    """
    deadlines = transitional_care_deadlines(discharged_on, complexity=complexity, calendar=calendar)
    today = require_date(on, field="on")
    found = []
    contact = _done(interactive_contact_on, deadlines, "interactive_contact_on")
    end = today if contact is None else contact
    late = business_days_between(deadlines.interactive_contact_by, end, calendar=calendar)
    if late > 0:
        found.append(
            Flag(
                "careplan.tcm_interactive_contact_missed",
                "transitional-care",
                deadlines.interactive_contact_by,
                late,
                business_days=True,
            )
        )
    visit = _done(face_to_face_on, deadlines, "face_to_face_on")
    end = today if visit is None else visit
    days = (end - deadlines.face_to_face_by).days
    if days > 0:
        found.append(
            Flag(
                "careplan.tcm_face_to_face_missed",
                "transitional-care",
                deadlines.face_to_face_by,
                days,
            )
        )
    return tuple(found)


def _done(
    value: dt.date | None, deadlines: TransitionalCareDeadlines, field: str
) -> dt.date | None:
    if value is None:
        return None
    day = require_date(value, field=field)
    return None if day < deadlines.discharged_on else day


_FACE_TO_FACE: Final = frozenset(
    {ContactMode.IN_PERSON, ContactMode.HOME_VISIT, ContactMode.ACCOMPANIED_APPOINTMENT}
)


def transitional_care_flags(
    case: Case,
    *,
    discharged_on: dt.date,
    complexity: TransitionalCareComplexity,
    on: dt.date,
    calendar: HolidayCalendar,
) -> tuple[Flag, ...]:
    """Return `check_transitional_care`'s flags for *case*, reading its contacts.

    Any contact on or after the discharge day, up to *on*, is interactive; in person, a home
    visit or an accompanied appointment is face to face. The first of each counts.

    Examples:
        >>> from casekit.careplan import examples
        >>> case = examples.monitored_case()
        >>> [(f.code, f.days_late) for f in transitional_care_flags(case,
        ...     discharged_on=pendulum.date(2025, 3, 14),
        ...     complexity=TransitionalCareComplexity.MODERATE,
        ...     on=pendulum.date(2025, 4, 7), calendar=HolidayCalendar())]
        [('careplan.tcm_face_to_face_missed', 10)]
    """
    if not isinstance(case, Case):
        raise InvalidInputError.one("case", "type", "must be a Case")
    start = require_date(discharged_on, field="discharged_on").toordinal()
    today = require_date(on, field="on").toordinal()
    contact: int | None = None
    visit: int | None = None
    for c in case.contacts:
        when = c.at.toordinal()
        if start <= when <= today:
            contact = when if contact is None else min(contact, when)
            if c.mode in _FACE_TO_FACE:
                visit = when if visit is None else min(visit, when)
    return check_transitional_care(
        discharged_on=discharged_on,
        complexity=complexity,
        on=on,
        calendar=calendar,
        interactive_contact_on=None if contact is None else pendulum.Date.fromordinal(contact),
        face_to_face_on=None if visit is None else pendulum.Date.fromordinal(visit),
    )
