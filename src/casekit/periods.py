"""Periods: aware datetimes, inclusive date ranges, benefit years and business days.

Time is a parameter: nothing here reads the clock. Instants are timezone-aware pendulum
``DateTime`` values and days are pendulum ``Date`` values. A plain `datetime.date` is accepted
wherever a date is expected and every function returns pendulum values. Naive datetimes, numbers
used as timestamps and datetimes passed as dates are refused with `InvalidInputError`.

Examples:
    >>> year = PlanYear(7, 1).period_containing(pendulum.date(2025, 3, 10))
    >>> str(year.start), str(year.end), year.days
    ('2024-07-01', '2025-06-30', 365)
    >>> holidays = HolidayCalendar(holidays=[pendulum.date(2025, 7, 4)])
    >>> add_business_days(pendulum.date(2025, 7, 3), 2, calendar=holidays)
    Date(2025, 7, 8)
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from calendar import monthrange
from typing import TYPE_CHECKING, Final, TypeAlias

import attrs
import pendulum

from casekit import _unchecked
from casekit.errors import InvalidInputError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

__all__ = [
    "DATE_MAX",
    "DATE_MIN",
    "BenefitPeriod",
    "CalendarYear",
    "DateRange",
    "HolidayCalendar",
    "Lifetime",
    "PlanYear",
    "add_business_days",
    "business_days_between",
    "require_aware",
    "require_date",
]

DATE_MIN: Final = pendulum.Date(1, 1, 1)
"""The first day casekit can represent (`datetime.date.min`): the open start of a range."""

DATE_MAX: Final = pendulum.Date(9999, 12, 31)
"""The last day casekit can represent (`datetime.date.max`): the open end of a range."""

_ORD_MAX: Final = DATE_MAX.toordinal()
_DAYS_PER_WEEK: Final = 7
_MONTHS: Final = 12
_FEBRUARY: Final = 2
_LEAP_DAY: Final = 29
_A_LEAP_YEAR: Final = 2024
_SATURDAY: Final = 6
_SUNDAY: Final = 7
# Strictly YYYY-MM-DD in ASCII digits: `date.fromisoformat` alone also takes "20250131" and
# week dates such as "2025-W05-5", which a benefit file should never contain.
_ISO_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_AWARE_EXAMPLE: Final = 'pendulum.datetime(2025, 1, 31, tz="UTC")'


def require_aware(value: object, *, field: str) -> pendulum.DateTime:
    """Return *value* as a pendulum ``DateTime`` if it is a timezone-aware datetime.

    A pendulum ``DateTime`` is returned as it is; a standard aware `datetime.datetime` is
    rebuilt field by field as a pendulum ``DateTime`` with the same ``tzinfo`` and ``fold``.

    Args:
        value: the candidate instant.
        field: the path named in the error, such as ``"contacts[3].at"``.

    Raises:
        InvalidInputError: code ``naive_datetime`` for a datetime without a UTC offset, or
            ``type`` for anything else (a date, a number used as a timestamp, a string).

    Examples:
        >>> import datetime
        >>> require_aware(datetime.datetime(2025, 1, 31, 9, tzinfo=datetime.UTC), field="at")
        DateTime(2025, 1, 31, 9, 0, 0, tzinfo=datetime.timezone.utc)
        >>> require_aware(datetime.datetime(2025, 1, 31, 9), field="at")
        Traceback (most recent call last):
        ...
        casekit.errors.InvalidInputError: invalid input (1 problem):
          at: must carry a timezone (UTC offset); build it with pendulum.datetime(..., tz="UTC")
    """
    if isinstance(value, dt.datetime):
        if value.utcoffset() is None:
            raise InvalidInputError.one(
                field,
                "naive_datetime",
                "must carry a timezone (UTC offset); "
                'build it with pendulum.datetime(..., tz="UTC")',
            )
        if isinstance(value, pendulum.DateTime):
            return value
        # pendulum.instance costs several times this and gives the same value.
        return pendulum.DateTime(
            value.year,
            value.month,
            value.day,
            value.hour,
            value.minute,
            value.second,
            value.microsecond,
            tzinfo=value.tzinfo,
            fold=value.fold,
        )
    if isinstance(value, dt.date):
        hint = f"not a date; use {_AWARE_EXAMPLE}"
    elif isinstance(value, (int, float)):
        hint = 'not a number; convert a POSIX timestamp with pendulum.from_timestamp(ts, tz="UTC")'
    elif isinstance(value, str):
        hint = "not a string; parse it first, for example with pendulum.parse"
    else:
        hint = f"such as {_AWARE_EXAMPLE}"
    raise InvalidInputError.one(field, "type", f"must be a timezone-aware datetime, {hint}")


def require_date(value: object, *, field: str) -> pendulum.Date:
    """Return *value* as a pendulum ``Date`` if it is a date and not a datetime.

    Args:
        value: the candidate day; any `datetime.date` that is not a `datetime.datetime`.
        field: the path named in the error.

    Raises:
        InvalidInputError: code ``type`` for a datetime (pass ``.date()`` in the right zone
            first) or for anything that is not a date.

    Examples:
        >>> import datetime
        >>> require_date(datetime.date(2025, 1, 31), field="on")
        Date(2025, 1, 31)
        >>> require_date(pendulum.datetime(2025, 1, 31, tz="UTC"), field="on")
        Traceback (most recent call last):
        ...
        casekit.errors.InvalidInputError: invalid input (1 problem):
          on: must be a date, not a datetime; pass .date() after converting to the right timezone
    """
    if type(value) is pendulum.Date:
        return value
    if isinstance(value, dt.datetime):
        raise InvalidInputError.one(
            field,
            "type",
            "must be a date, not a datetime; pass .date() after converting to the right timezone",
        )
    if isinstance(value, dt.date):
        return pendulum.Date(value.year, value.month, value.day)
    raise InvalidInputError.one(
        field, "type", "must be a date such as pendulum.date(2025, 1, 31); parse text first"
    )


def _parse_date(value: object, *, field: str) -> pendulum.Date:
    if not isinstance(value, str):
        return require_date(value, field=field)
    if _ISO_DATE.fullmatch(value):
        try:
            d = dt.date.fromisoformat(value)
        except ValueError:
            pass  # shaped right but no such day, such as 2025-02-30
        else:
            return pendulum.Date(d.year, d.month, d.day)
    raise InvalidInputError.one(
        field,
        "date_format",
        'must be a real calendar date written YYYY-MM-DD, such as "2025-01-31"',
    )


def _start_date(value: dt.date) -> pendulum.Date:
    return require_date(value, field="start")


def _end_date(value: dt.date) -> pendulum.Date:
    return require_date(value, field="end")


def _ordered(inst: DateRange, _attr: object, end: pendulum.Date) -> None:
    if end < inst.start:
        raise InvalidInputError.one(
            "end", "range_order", "must be on or after start; both ends are inclusive"
        )


@attrs.frozen
class DateRange:
    """The days from *start* to *end*, both INCLUSIVE.

    A range of one day has ``start == end``. An open-ended range (coverage "from March, no end
    yet") ends on `DATE_MAX`; build one with `DateRange.starting`. Using a real date rather
    than ``None`` keeps every method total and the serialised form a plain date.

    Raises:
        InvalidInputError: ``end`` with code ``range_order`` if it falls before *start*, or
            ``type`` if either end is not a date.

    Examples:
        >>> q1 = DateRange.of("2025-01-01", "2025-03-31")
        >>> q1.days, pendulum.date(2025, 3, 31) in q1
        (90, True)
        >>> q1.intersection(DateRange.of("2025-03-15", "2025-06-30"))
        DateRange(start=Date(2025, 3, 15), end=Date(2025, 3, 31))
        >>> DateRange.of("2025-02-01", "2025-01-01")
        Traceback (most recent call last):
        ...
        casekit.errors.InvalidInputError: invalid input (1 problem):
          end: must be on or after start; both ends are inclusive
    """

    start: pendulum.Date = attrs.field(converter=_start_date)
    end: pendulum.Date = attrs.field(converter=_end_date, validator=_ordered)

    @classmethod
    def of(cls, start: str | dt.date, end: str | dt.date) -> DateRange:
        """Return a range from two dates or two strict ISO ``YYYY-MM-DD`` strings.

        Examples:
            >>> DateRange.of("2025-01-01", "2025-12-31")
            DateRange(start=Date(2025, 1, 1), end=Date(2025, 12, 31))
            >>> DateRange.of("2025-02-30", "2025-12-31")
            Traceback (most recent call last):
            ...
            casekit.errors.InvalidInputError: invalid input (1 problem):
              start: must be a real calendar date written YYYY-MM-DD, such as "2025-01-31"
        """
        return cls(_parse_date(start, field="start"), _parse_date(end, field="end"))

    @classmethod
    def starting(cls, start: str | dt.date) -> DateRange:
        """Return the open-ended range from *start* to `DATE_MAX`.

        Examples:
            >>> DateRange.starting("2025-03-01").is_open_ended
            True
        """
        return cls(_parse_date(start, field="start"), DATE_MAX)

    @property
    def is_open_ended(self) -> bool:
        """Whether the range runs to `DATE_MAX`, that is, has no end yet.

        Examples:
            >>> DateRange.of("2025-01-01", "2025-12-31").is_open_ended
            False
        """
        return self.end == DATE_MAX

    @property
    def days(self) -> int:
        """The number of days in the range, counting both ends.

        Examples:
            >>> DateRange.of("2024-01-01", "2024-12-31").days
            366
        """
        return self.end.toordinal() - self.start.toordinal() + 1

    def contains(self, on: dt.date) -> bool:
        """Return whether the day *on* falls in the range (ends included).

        Raises:
            InvalidInputError: ``on`` with code ``type`` if it is a datetime or not a date.

        Examples:
            >>> DateRange.of("2025-01-01", "2025-01-31").contains(pendulum.date(2025, 1, 31))
            True
        """
        on = require_date(on, field="on")
        return self.start <= on <= self.end

    def __contains__(self, on: object) -> bool:
        on = require_date(on, field="on")
        return self.start <= on <= self.end

    def overlaps(self, other: DateRange) -> bool:
        """Return whether the two ranges share at least one day.

        Raises:
            InvalidInputError: ``other`` with code ``type`` if it is not a `DateRange`.

        Examples:
            >>> jan = DateRange.of("2025-01-01", "2025-01-31")
            >>> jan.overlaps(DateRange.of("2025-01-31", "2025-02-28"))
            True
            >>> jan.overlaps(DateRange.of("2025-02-01", "2025-02-28"))
            False
        """
        _require_range(other)
        return self.start <= other.end and other.start <= self.end

    def intersection(self, other: DateRange) -> DateRange | None:
        """Return the days both ranges share, or ``None`` if they share none.

        Raises:
            InvalidInputError: ``other`` with code ``type`` if it is not a `DateRange`.

        Examples:
            >>> jan = DateRange.of("2025-01-01", "2025-01-31")
            >>> jan.intersection(DateRange.starting("2025-01-20"))
            DateRange(start=Date(2025, 1, 20), end=Date(2025, 1, 31))
            >>> jan.intersection(DateRange.of("2025-03-01", "2025-03-31")) is None
            True
        """
        _require_range(other)
        start = max(self.start, other.start)
        end = min(self.end, other.end)
        return _new_range(start, end) if start <= end else None

    def __iter__(self) -> Iterator[pendulum.Date]:
        """Yield each day of the range in order, both ends included.

        Examples:
            >>> [str(d) for d in DateRange.of("2024-02-28", "2024-03-01")]
            ['2024-02-28', '2024-02-29', '2024-03-01']
        """
        fromordinal = pendulum.Date.fromordinal
        for n in range(self.start.toordinal(), self.end.toordinal() + 1):
            yield fromordinal(n)


def _require_range(other: object) -> None:
    if not isinstance(other, DateRange):
        raise InvalidInputError.one(
            "other", "type", 'must be a DateRange, such as DateRange.of("2025-01-01", "2025-01-31")'
        )


_new_range: Final[Callable[[pendulum.Date, pendulum.Date], DateRange]] = _unchecked.builder(
    DateRange
)
"""A range from pendulum Dates already in order, without converters and validators."""


def _year_start(year: int, month: int, day: int) -> pendulum.Date | None:
    # None when the anniversary falls outside years 1..9999.
    return pendulum.Date(year, month, day) if 1 <= year <= DATE_MAX.year else None


def _anniversary_period(on: pendulum.Date, month: int, day: int) -> DateRange:
    this_year = pendulum.Date(on.year, month, day)
    start: pendulum.Date | None
    end: pendulum.Date | None
    if on < this_year:
        start, end = _year_start(on.year - 1, month, day), this_year
    else:
        start, end = this_year, _year_start(on.year + 1, month, day)
    return _new_range(
        DATE_MIN if start is None else start,
        DATE_MAX if end is None else pendulum.Date.fromordinal(end.toordinal() - 1),
    )


@attrs.frozen
class CalendarYear:
    """Benefit periods that run from 1 January to 31 December.

    Examples:
        >>> CalendarYear().period_containing(pendulum.date(2024, 2, 29))
        DateRange(start=Date(2024, 1, 1), end=Date(2024, 12, 31))
    """

    def period_containing(self, on: dt.date) -> DateRange:
        """Return the calendar year holding the day *on*."""
        on = require_date(on, field="on")
        return _new_range(pendulum.Date(on.year, 1, 1), pendulum.Date(on.year, 12, 31))


def _month_number(_inst: object, _attr: object, month: int) -> None:
    if type(month) is not int or not 1 <= month <= _MONTHS:
        raise InvalidInputError.one(
            "start_month", "type", "must be a month number from 1 (January) to 12 (December)"
        )


def _day_of_month(inst: PlanYear, _attr: object, day: int) -> None:
    if type(day) is not int or not 1 <= day <= monthrange(_A_LEAP_YEAR, inst.start_month)[1]:
        raise InvalidInputError.one(
            "start_day", "type", "must be a day number that exists in start_month"
        )
    if (inst.start_month, day) == (_FEBRUARY, _LEAP_DAY):
        raise InvalidInputError.one(
            "start_day",
            "leap_day_start",
            "a plan year cannot start on 29 February; start it on 28 February or 1 March",
        )


@attrs.frozen
class PlanYear:
    """Benefit periods of one year starting each year on the same month and day.

    The period holding a day runs from the latest anniversary on or before it to the day before
    the next. A plan year cannot start on 29 February: that day is missing three years in four,
    and silently moving the start would make those years a day longer or shorter than the
    policy says. Near the ends of the calendar a period is cut at `DATE_MIN` or `DATE_MAX`.

    Raises:
        InvalidInputError: ``start_month`` or ``start_day`` (code ``type``) when the month and
            day do not name a day of the year, or ``leap_day_start`` for 29 February.

    Examples:
        >>> july = PlanYear(start_month=7, start_day=1)
        >>> july.period_containing(pendulum.date(2025, 6, 30))
        DateRange(start=Date(2024, 7, 1), end=Date(2025, 6, 30))
        >>> july.period_containing(pendulum.date(2025, 7, 1))
        DateRange(start=Date(2025, 7, 1), end=Date(2026, 6, 30))
        >>> PlanYear(2, 29)
        Traceback (most recent call last):
        ...
        casekit.errors.InvalidInputError: invalid input (1 problem):
          start_day: a plan year cannot start on 29 February; start it on 28 February or 1 March
    """

    start_month: int = attrs.field(validator=_month_number)
    start_day: int = attrs.field(validator=_day_of_month)

    def period_containing(self, on: dt.date) -> DateRange:
        """Return the plan year holding the day *on*."""
        on = require_date(on, field="on")
        return _anniversary_period(on, self.start_month, self.start_day)


@attrs.frozen
class Lifetime:
    """One benefit period covering every day, for lifetime maximums.

    The period is `DateRange(DATE_MIN, DATE_MAX)`: limits count from the first day of coverage
    and never reset.

    Examples:
        >>> Lifetime().period_containing(pendulum.date(2025, 1, 31))
        DateRange(start=Date(1, 1, 1), end=Date(9999, 12, 31))
    """

    def period_containing(self, on: dt.date) -> DateRange:
        """Return the single lifetime period, which holds every day."""
        require_date(on, field="on")
        return _LIFETIME


_LIFETIME: Final = _new_range(DATE_MIN, DATE_MAX)

BenefitPeriod: TypeAlias = CalendarYear | PlanYear | Lifetime
"""How benefit periods are anchored: each member has ``period_containing(on) -> DateRange``."""


def _holiday_dates(value: Iterable[dt.date]) -> tuple[pendulum.Date, ...]:
    given: object = value  # checked at run time too: a str is iterable but no list of dates
    if isinstance(given, (str, bytes)) or not hasattr(given, "__iter__"):
        raise InvalidInputError.one("holidays", "type", "must be a collection of dates")
    days = {require_date(d, field=f"holidays[{i}]") for i, d in enumerate(value)}
    return tuple(sorted(days))


def _weekend_days(value: Iterable[int]) -> tuple[int, ...]:
    given: object = value  # checked at run time too: a str is iterable but no list of days
    if isinstance(given, (str, bytes)) or not hasattr(given, "__iter__"):
        raise InvalidInputError.one("weekend", "type", "must be a collection of ISO weekdays")
    days = list(value)
    if not all(type(d) is int and 1 <= d <= _DAYS_PER_WEEK for d in days):
        raise InvalidInputError.one(
            "weekend", "type", "must hold ISO weekday numbers, 1 (Monday) to 7 (Sunday)"
        )
    if len(set(days)) == _DAYS_PER_WEEK:
        raise InvalidInputError.one(
            "weekend", "no_business_days", "must leave at least one weekday as a business day"
        )
    return tuple(sorted(set(days)))


@attrs.frozen
class HolidayCalendar:
    """Which days are business days: not a weekend day and not a listed holiday.

    casekit ships no holiday data; supply the holidays your contract or regulator observes.
    Holidays are kept sorted without duplicates, and weekend days are ISO weekday numbers
    (Monday 1 to Sunday 7), Saturday and Sunday by default. Both are tuples, so the calendar is
    hashable and serialises as plain lists.

    Raises:
        InvalidInputError: ``holidays[i]`` or ``weekend`` with code ``type`` for a wrong value,
            or ``weekend`` with code ``no_business_days`` if all seven days are weekend days.

    Examples:
        >>> cal = HolidayCalendar(holidays=[pendulum.date(2025, 12, 25), pendulum.date(2025, 1, 1)])
        >>> [str(d) for d in cal.holidays], cal.weekend
        (['2025-01-01', '2025-12-25'], (6, 7))
        >>> cal.is_business_day(pendulum.date(2025, 12, 25))
        False
    """

    holidays: tuple[pendulum.Date, ...] = attrs.field(default=(), converter=_holiday_dates)
    weekend: tuple[int, ...] = attrs.field(default=(_SATURDAY, _SUNDAY), converter=_weekend_days)

    def is_business_day(self, on: dt.date) -> bool:
        """Return whether *on* is neither a weekend day nor a holiday.

        Examples:
            >>> HolidayCalendar().is_business_day(pendulum.date(2025, 7, 5))  # a Saturday
            False
        """
        on = require_date(on, field="on")
        return on.isoweekday() not in self.weekend and not self._is_holiday(on)

    def _is_holiday(self, on: dt.date) -> bool:
        i = bisect_right(self.holidays, on)
        return i > 0 and self.holidays[i - 1] == on


def _count(cal: HolidayCalendar, after: int, through: int) -> int:
    # Business days d with after < d <= through, as proleptic Gregorian ordinals (1 = Monday).
    weeks, rest = divmod(through - after, _DAYS_PER_WEEK)
    count = weeks * (_DAYS_PER_WEEK - len(cal.weekend))
    for n in range(through - rest + 1, through + 1):
        if (n - 1) % _DAYS_PER_WEEK + 1 not in cal.weekend:
            count += 1
    lo = bisect_right(cal.holidays, dt.date.fromordinal(after))
    hi = bisect_right(cal.holidays, dt.date.fromordinal(through))
    return count - sum(h.isoweekday() not in cal.weekend for h in cal.holidays[lo:hi])


def _require_calendar(calendar: object) -> HolidayCalendar:
    if not isinstance(calendar, HolidayCalendar):
        raise InvalidInputError.one("calendar", "type", "must be a HolidayCalendar")
    return calendar


def add_business_days(start: dt.date, n: int, *, calendar: HolidayCalendar) -> pendulum.Date:
    """Return the day *n* business days after *start*.

    Counting begins the day after *start*: the result is the *n*-th business day after it, so
    2 business days after a Friday is the Tuesday, and 1 business day after a Saturday is the
    Monday. ``n == 0`` returns *start* itself, business day or not. So for every result,
    ``business_days_between(start, result, calendar=calendar) == n``.

    Raises:
        InvalidInputError: ``n`` with code ``type`` if it is not an int, ``negative`` if it is
            below zero, or ``out_of_range`` if the result would fall after `DATE_MAX`.

    Examples:
        >>> cal = HolidayCalendar(holidays=[pendulum.date(2025, 7, 4)])
        >>> add_business_days(pendulum.date(2025, 7, 3), 2, calendar=cal)  # skips Fri 4 July
        Date(2025, 7, 8)
        >>> add_business_days(pendulum.date(2025, 7, 5), 0, calendar=cal)
        Date(2025, 7, 5)
    """
    start = require_date(start, field="start")
    cal = _require_calendar(calendar)
    if type(n) is not int:
        raise InvalidInputError.one("n", "type", "must be an int number of business days")
    if n < 0:
        raise InvalidInputError.one("n", "negative", "must be 0 or more business days")
    per_week = _DAYS_PER_WEEK - len(cal.weekend)
    day, remaining = start.toordinal(), n
    while remaining:
        if day == _ORD_MAX:
            raise InvalidInputError.one(
                "n", "out_of_range", "reaches past 9999-12-31, the last day casekit can represent"
            )
        # Jump whole weeks while at least one business day would still be left to count (a
        # jump can only find fewer, never more, as holidays lower the count), then step a day
        # at a time so the result is the first day that completes the count.
        weeks = (remaining - 1) // per_week
        nxt = min(day + weeks * _DAYS_PER_WEEK, _ORD_MAX) if weeks else day + 1
        remaining -= _count(cal, day, nxt)
        day = nxt
    return pendulum.Date.fromordinal(day)


def business_days_between(start: dt.date, end: dt.date, *, calendar: HolidayCalendar) -> int:
    """Return how many business days fall after *start* up to and including *end*.

    This is the inverse of `add_business_days`: *start* itself is not counted, *end* is. If
    *end* is before *start* the count is negative: ``between(a, b) == -between(b, a)``.

    Examples:
        >>> cal = HolidayCalendar(holidays=[pendulum.date(2025, 7, 4)])
        >>> thu, tue = pendulum.date(2025, 7, 3), pendulum.date(2025, 7, 8)
        >>> business_days_between(thu, tue, calendar=cal)
        2
        >>> business_days_between(tue, thu, calendar=cal)
        -2
    """
    a = require_date(start, field="start").toordinal()
    b = require_date(end, field="end").toordinal()
    cal = _require_calendar(calendar)
    return _count(cal, a, b) if a <= b else -_count(cal, b, a)
