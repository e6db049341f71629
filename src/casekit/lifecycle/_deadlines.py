"""Deadlines from the history alone: which are still open, due or overdue on a day."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final

import attrs
import pendulum

from casekit import _validate as v
from casekit.case import Case
from casekit.errors import InvalidInputError
from casekit.lifecycle._records import workflow_of
from casekit.lifecycle._workflow import (
    DeadlineUnit,
    StateCategory,
    Workflow,
    _name,
)
from casekit.periods import HolidayCalendar, add_business_days, require_date

if TYPE_CHECKING:
    from casekit.lifecycle._workflow import Deadline

__all__ = ["OpenDeadline", "due", "open_deadlines", "overdue"]

_CLOSED: Final = frozenset({StateCategory.DONE, StateCategory.CANCELLED, StateCategory.ERROR})
_WEEKENDS_ONLY: Final = HolidayCalendar()


@attrs.frozen
class OpenDeadline:
    """A deadline whose clock is running: which, since when, and the last day to meet it.

    Args:
        name: the deadline's name in its workflow.
        started_at: when its clock started (timezone-aware).
        due_on: the last day to meet it (a date, not a datetime).

    Examples:
        >>> d = OpenDeadline("initial_assessment", pendulum.datetime(2025, 3, 5, tz="UTC"),
        ...                  pendulum.date(2025, 3, 19))
        >>> d.is_overdue_on(pendulum.date(2025, 3, 19)), d.is_overdue_on(pendulum.date(2025, 3, 20))
        (False, True)
    """

    name: str = attrs.field(validator=_name)
    started_at: dt.datetime = attrs.field(validator=v.aware)
    due_on: dt.date = attrs.field(validator=v.date)

    def is_overdue_on(self, on: dt.date) -> bool:
        """Whether the last day to meet it is before *on*.

        Raises:
            InvalidInputError: ``on`` with code ``type`` if it is a datetime or not a date.
        """
        return self.due_on < require_date(on, field="on")


def _day(at: dt.datetime) -> pendulum.Date:
    return pendulum.Date(at.year, at.month, at.day)


_LAST_DAY: Final = pendulum.Date(9999, 12, 31)
"""The last day a date can name: the due day of a deadline that would fall after it."""


def _due_on(deadline: Deadline, started: dt.datetime, calendar: HolidayCalendar) -> pendulum.Date:
    start = _day(started)
    if _LAST_DAY.toordinal() - start.toordinal() <= deadline.within:
        return _LAST_DAY  # even in business days, it would run past the calendar's end
    if deadline.unit is DeadlineUnit.BUSINESS_DAYS:
        try:
            return add_business_days(start, deadline.within, calendar=calendar)
        except InvalidInputError:  # it names the calendar's end
            return _LAST_DAY
    return start.add(days=deadline.within)


def open_deadlines(
    case: Case,
    *,
    on: dt.date,
    workflow: Workflow[Case] | None = None,
    calendar: HolidayCalendar | None = None,
) -> tuple[OpenDeadline, ...]:
    """Return the deadlines running for *case* on day *on*, earliest due first.

    Only events effective on or before *on* count. A deadline starts at the latest start event
    (or entry into its start state) and is met by a later *met_by* event; none runs while the
    case is in a done, cancelled or error state. Business days skip the weekend and the
    holidays of *calendar* (weekends only by default).

    A deadline that would fall after 9999-12-31 is due on that day.

    Raises:
        InvalidInputError: naming the field, for an ``on`` that is not a date, a ``case``,
            ``workflow`` or ``calendar`` of the wrong type, or a workflow that is not the
            case's (none may be given only for a case opened under `STANDARD`).

    Examples:
        >>> from casekit.lifecycle.examples import example_case
        >>> case = example_case("assessing")  # accepted on 5 March 2025
        >>> [(d.name, str(d.due_on)) for d in open_deadlines(case, on=pendulum.date(2025, 3, 6))]
        [('initial_assessment', '2025-03-19')]
    """
    day = require_date(on, field="on")
    if not isinstance(case, Case):
        raise InvalidInputError.one("case", "type", "must be a Case")
    wf = workflow_of(case, workflow)
    cal = _WEEKENDS_ONLY if calendar is None else calendar
    if not isinstance(cal, HolidayCalendar):
        raise InvalidInputError.one("calendar", "type", "must be a HolidayCalendar")
    history = [e for e in case.history if _day(e.at) <= day]
    if not history or wf.state(history[-1].to_state).category in _CLOSED:
        return ()
    found = []
    for deadline in wf.deadlines:
        started: dt.datetime | None = None
        for event in history:
            if event.name == deadline.start_event or (
                event.to_state == deadline.start_state and event.from_state != event.to_state
            ):
                started = event.at
            elif started is not None and event.name in deadline.met_by:
                started = None
        if started is not None:
            found.append(OpenDeadline(deadline.name, started, _due_on(deadline, started, cal)))
    return tuple(sorted(found, key=lambda d: (d.due_on, d.name)))


def due(
    case: Case,
    *,
    on: dt.date,
    workflow: Workflow[Case] | None = None,
    calendar: HolidayCalendar | None = None,
) -> tuple[OpenDeadline, ...]:
    """Return the running deadlines that can still be met on *on* (due on or after it).

    Examples:
        >>> from casekit.lifecycle.examples import example_case
        >>> case = example_case("assessing")
        >>> [d.name for d in due(case, on=pendulum.date(2025, 3, 19))]
        ['initial_assessment']
        >>> due(case, on=pendulum.date(2025, 3, 20))
        ()
    """
    found = open_deadlines(case, on=on, workflow=workflow, calendar=calendar)
    return tuple(d for d in found if not d.is_overdue_on(on))


def overdue(
    case: Case,
    *,
    on: dt.date,
    workflow: Workflow[Case] | None = None,
    calendar: HolidayCalendar | None = None,
) -> tuple[OpenDeadline, ...]:
    """Return the running deadlines whose last day is before *on*.

    Examples:
        >>> from casekit.lifecycle.examples import example_case
        >>> case = example_case("assessing")
        >>> [d.name for d in overdue(case, on=pendulum.date(2025, 3, 20))]
        ['initial_assessment']
    """
    found = open_deadlines(case, on=on, workflow=workflow, calendar=calendar)
    return tuple(d for d in found if d.is_overdue_on(on))
