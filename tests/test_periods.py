"""Tests for casekit.periods: aware datetimes, date ranges, benefit periods, business days."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from casekit.errors import InvalidInputError
from casekit.periods import (
    DATE_MAX,
    DATE_MIN,
    BenefitPeriod,
    CalendarYear,
    DateRange,
    HolidayCalendar,
    Lifetime,
    PlanYear,
    add_business_days,
    business_days_between,
    require_aware,
    require_date,
)

D = pendulum.Date

# The 2025 US federal holidays as observed by federal employees (5 U.S.C. 6103), from the
# Office of Personnel Management's table: https://www.opm.gov/policy-data-oversight/pay-leave/federal-holidays/
# Days off granted by executive order for one year only are not included.
US_FEDERAL_2025 = HolidayCalendar(
    holidays=[
        D(2025, 1, 1),  # New Year's Day
        D(2025, 1, 20),  # Birthday of Martin Luther King, Jr. (and Inauguration Day)
        D(2025, 2, 17),  # Washington's Birthday
        D(2025, 5, 26),  # Memorial Day
        D(2025, 6, 19),  # Juneteenth National Independence Day
        D(2025, 7, 4),  # Independence Day
        D(2025, 9, 1),  # Labor Day
        D(2025, 10, 13),  # Columbus Day
        D(2025, 11, 11),  # Veterans Day
        D(2025, 11, 27),  # Thanksgiving Day
        D(2025, 12, 25),  # Christmas Day
    ]
)
NO_HOLIDAYS = HolidayCalendar()


def problem(err: pytest.ExceptionInfo[InvalidInputError]) -> tuple[str, str]:
    """Return the (path, code) of the single problem an error holds."""
    (p,) = err.value.problems
    return p.path, p.code


# require_aware ----------------------------------------------------------------------------------


def test_an_aware_pendulum_datetime_is_returned_as_it_is() -> None:
    """An aware pendulum DateTime passes through unchanged, the very same object."""
    at = pendulum.datetime(2025, 3, 1, 9, 30, tz="America/New_York")

    assert require_aware(at, field="at") is at


def test_an_aware_standard_datetime_becomes_an_equal_pendulum_datetime() -> None:
    """A stdlib aware datetime is rebuilt as pendulum, keeping instant, tzinfo and fold."""
    zone = ZoneInfo("America/New_York")
    at = dt.datetime(2025, 11, 2, 1, 30, 15, 123, tzinfo=zone, fold=1)  # the second 01:30

    result = require_aware(at, field="at")

    assert type(result) is pendulum.DateTime
    assert (result, result.tzinfo, result.fold, result.utcoffset()) == (
        at,
        zone,
        1,
        dt.timedelta(hours=-5),
    )


@pytest.mark.parametrize(
    "naive",
    [dt.datetime(2025, 1, 31, 9), pendulum.naive(2025, 1, 31, 9)],  # noqa: DTZ001 -- naive on purpose
    ids=["stdlib", "pendulum"],
)
def test_a_naive_datetime_is_refused_with_the_path_in_the_message(naive: dt.datetime) -> None:
    """A datetime without a UTC offset is refused, naming the field and the fix."""
    with pytest.raises(InvalidInputError) as err:
        require_aware(naive, field="contacts[3].at")

    assert problem(err) == ("contacts[3].at", "naive_datetime")
    assert "contacts[3].at: must carry a timezone" in str(err.value)
    assert 'pendulum.datetime(..., tz="UTC")' in str(err.value)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (D(2025, 1, 31), "not a date"),
        (dt.date(2025, 1, 31), "not a date"),
        (1_738_310_400, "not a number; convert a POSIX timestamp"),
        (1_738_310_400.5, "not a number; convert a POSIX timestamp"),
        ("2025-01-31T09:00:00Z", "not a string"),
        (None, "such as pendulum.datetime"),
    ],
)
def test_anything_but_a_datetime_is_refused_as_the_wrong_type(value: object, words: str) -> None:
    """Dates, timestamps, strings and None are refused with code type and a hint."""
    with pytest.raises(InvalidInputError) as err:
        require_aware(value, field="at")

    assert problem(err) == ("at", "type")
    assert words in str(err.value)


def test_messages_never_echo_the_refused_value() -> None:
    """The refused value does not appear in the message (it may be personal data)."""
    with pytest.raises(InvalidInputError) as err:
        require_aware("1961-04-12 birth", field="patient.born_at")

    assert "1961" not in str(err.value)


# require_date -----------------------------------------------------------------------------------


def test_a_pendulum_date_is_returned_as_it_is() -> None:
    """A pendulum Date passes through unchanged, the very same object."""
    day = D(2025, 1, 31)

    assert require_date(day, field="on") is day


def test_a_standard_date_becomes_a_pendulum_date() -> None:
    """A stdlib date is returned as an equal pendulum Date."""
    result = require_date(dt.date(2025, 1, 31), field="on")

    assert (type(result), result) == (pendulum.Date, D(2025, 1, 31))


@pytest.mark.parametrize(
    "value",
    [pendulum.datetime(2025, 1, 31, tz="UTC"), dt.datetime(2025, 1, 31, tzinfo=dt.UTC)],
)
def test_a_datetime_passed_as_a_date_is_refused_saying_pass_date(value: dt.datetime) -> None:
    """A datetime where a date is expected is refused, telling the caller to pass .date()."""
    with pytest.raises(InvalidInputError) as err:
        require_date(value, field="on")

    assert problem(err) == ("on", "type")
    assert "pass .date()" in str(err.value)


@pytest.mark.parametrize("value", ["2025-01-31", 20250131, None])
def test_anything_but_a_date_is_refused_as_the_wrong_type(value: object) -> None:
    """Strings, numbers and None are not dates."""
    with pytest.raises(InvalidInputError) as err:
        require_date(value, field="on")

    assert problem(err) == ("on", "type")


# DateRange --------------------------------------------------------------------------------------


def test_a_date_range_includes_both_ends() -> None:
    """Both the start and the end day are in the range, and counted in days."""
    jan = DateRange(D(2025, 1, 1), D(2025, 1, 31))

    assert (D(2025, 1, 1) in jan, D(2025, 1, 31) in jan, jan.days) == (True, True, 31)
    assert (D(2024, 12, 31) in jan, jan.contains(D(2025, 2, 1))) == (False, False)


def test_a_one_day_range_has_one_day() -> None:
    """A range whose start equals its end holds exactly that day."""
    day = DateRange.of("2024-02-29", "2024-02-29")

    assert (day.days, list(day)) == (1, [D(2024, 2, 29)])


def test_a_range_built_from_standard_dates_holds_pendulum_dates() -> None:
    """The ends are converted to pendulum Dates on the way in."""
    r = DateRange(dt.date(2025, 1, 1), dt.date(2025, 1, 2))

    assert (type(r.start), type(r.end)) == (pendulum.Date, pendulum.Date)
    assert all(type(d) is pendulum.Date for d in r)


def test_a_range_ending_before_it_starts_is_refused() -> None:
    """An end before the start is refused on the end field with code range_order."""
    with pytest.raises(InvalidInputError) as err:
        DateRange(D(2025, 2, 1), D(2025, 1, 31))

    assert problem(err) == ("end", "range_order")


@pytest.mark.parametrize(
    ("start", "end", "path"),
    [
        (pendulum.datetime(2025, 1, 1, tz="UTC"), D(2025, 1, 2), "start"),
        (D(2025, 1, 1), "2025-01-02", "end"),
    ],
)
def test_a_range_refuses_ends_that_are_not_dates(start: object, end: object, path: str) -> None:
    """Each end must be a date; the error names the end that is wrong."""
    with pytest.raises(InvalidInputError) as err:
        DateRange(start, end)  # type: ignore[arg-type]  # the wrong type is the point

    assert problem(err) == (path, "type")


@pytest.mark.parametrize(
    ("start", "end", "path"),
    [
        ("2025-02-30", "2025-03-01", "start"),  # no such day
        ("2025-01-01", "20251231", "end"),  # basic format, accepted by date.fromisoformat
        ("2025-W01-1", "2025-01-31", "start"),  # week date, accepted by date.fromisoformat
        ("2025-01-01", "2025-01-31T00:00", "end"),
        ("\u0662\u0660\u0662\u0665-01-01", "2025-01-31", "start"),  # non-ASCII digits
    ],
)
def test_date_range_of_accepts_only_real_dates_written_yyyy_mm_dd(
    start: str, end: str, path: str
) -> None:
    """`DateRange.of` parses strictly: YYYY-MM-DD in ASCII digits naming a real day."""
    with pytest.raises(InvalidInputError) as err:
        DateRange.of(start, end)

    assert problem(err) == (path, "date_format")


def test_date_range_of_accepts_dates_and_strings_alike() -> None:
    """`DateRange.of` takes an ISO string or a date for either end."""
    expected = DateRange(D(2025, 1, 1), D(2025, 12, 31))

    assert DateRange.of(dt.date(2025, 1, 1), "2025-12-31") == expected


def test_date_range_of_refuses_other_types() -> None:
    """Numbers are neither ISO strings nor dates."""
    with pytest.raises(InvalidInputError) as err:
        DateRange.of(20250101, "2025-12-31")  # type: ignore[arg-type]  # the point of the test

    assert problem(err) == ("start", "type")


def test_an_open_ended_range_runs_to_the_last_representable_day() -> None:
    """`DateRange.starting` builds a range ending on DATE_MAX, which reports itself open."""
    cover = DateRange.starting("2025-03-01")

    assert (cover.end, cover.is_open_ended, D(2100, 1, 1) in cover) == (DATE_MAX, True, True)
    assert not DateRange.of("2025-03-01", "2025-03-31").is_open_ended


def test_membership_refuses_a_datetime() -> None:
    """Asking whether a datetime is in a range of days is refused, not silently compared."""
    with pytest.raises(InvalidInputError) as err:
        _ = pendulum.datetime(2025, 1, 2, tz="UTC") in DateRange.of("2025-01-01", "2025-01-31")

    assert problem(err) == ("on", "type")


def test_ranges_touching_on_one_day_overlap_and_adjacent_ones_do_not() -> None:
    """Ends are inclusive, so sharing an end day is an overlap; meeting at midnight is not."""
    jan = DateRange.of("2025-01-01", "2025-01-31")

    assert jan.overlaps(DateRange.of("2025-01-31", "2025-02-28"))
    assert not jan.overlaps(DateRange.of("2025-02-01", "2025-02-28"))
    assert jan.intersection(DateRange.of("2025-01-31", "2025-02-28")) == DateRange.of(
        "2025-01-31", "2025-01-31"
    )
    assert jan.intersection(DateRange.of("2025-02-01", "2025-02-28")) is None


def test_iterating_a_range_yields_each_day_including_a_leap_day() -> None:
    """Iteration goes day by day through February 29 in a leap year."""
    days = list(DateRange.of("2024-02-27", "2024-03-01"))

    assert days == [D(2024, 2, 27), D(2024, 2, 28), D(2024, 2, 29), D(2024, 3, 1)]


def test_date_ranges_are_hashable_values() -> None:
    """Equal ranges hash equal, so they can key a dict or sit in a set."""
    assert (
        len({DateRange.of("2025-01-01", "2025-01-31"), DateRange.of("2025-01-01", "2025-01-31")})
        == 1
    )


# Benefit periods --------------------------------------------------------------------------------


def test_a_calendar_year_runs_from_january_to_december() -> None:
    """The calendar year holding a leap day runs Jan 1 to Dec 31 and has 366 days."""
    year = CalendarYear().period_containing(D(2024, 2, 29))

    assert (year, year.days) == (DateRange.of("2024-01-01", "2024-12-31"), 366)


@pytest.mark.parametrize(
    ("on", "start", "end"),
    [
        ("2025-06-30", "2024-07-01", "2025-06-30"),  # the day before the anniversary
        ("2025-07-01", "2025-07-01", "2026-06-30"),  # the anniversary itself
        ("2025-12-31", "2025-07-01", "2026-06-30"),
        ("2025-01-01", "2024-07-01", "2025-06-30"),
    ],
)
def test_a_plan_year_starting_july_1_holds_dates_before_and_after_it(
    on: str, start: str, end: str
) -> None:
    """A July 1 plan year runs from the latest July 1 on or before the day to June 30."""
    period = PlanYear(start_month=7, start_day=1).period_containing(D.fromisoformat(on))

    assert period == DateRange.of(start, end)


def test_a_plan_year_spanning_a_leap_day_has_366_days() -> None:
    """A plan year starting March 1 2023 runs through Feb 29 2024."""
    period = PlanYear(3, 1).period_containing(D(2024, 2, 29))

    assert (period, period.days) == (DateRange.of("2023-03-01", "2024-02-29"), 366)


def test_a_plan_year_starting_february_28_ends_on_february_27_or_the_leap_day() -> None:
    """A Feb 28 start is allowed; in a leap year the period's last day is Feb 27."""
    march_2023 = PlanYear(2, 28).period_containing(D(2023, 3, 1))
    leap_day = PlanYear(2, 28).period_containing(D(2024, 2, 29))

    assert march_2023 == DateRange.of("2023-02-28", "2024-02-27")
    assert leap_day == DateRange.of("2024-02-28", "2025-02-27")


def test_a_plan_year_january_1_matches_the_calendar_year() -> None:
    """A plan year anchored on Jan 1 gives the same periods as the calendar year."""
    on = D(2025, 5, 5)

    assert PlanYear(1, 1).period_containing(on) == CalendarYear().period_containing(on)


def test_a_plan_year_cannot_start_on_february_29() -> None:
    """A leap-day start is refused with its own code rather than moved silently."""
    with pytest.raises(InvalidInputError) as err:
        PlanYear(2, 29)

    assert problem(err) == ("start_day", "leap_day_start")
    assert "28 February or 1 March" in str(err.value)


@pytest.mark.parametrize(
    ("month", "day", "path"),
    [
        (0, 1, "start_month"),
        (13, 1, "start_month"),
        (True, 1, "start_month"),
        ("7", 1, "start_month"),
        (4, 31, "start_day"),
        (7, 0, "start_day"),
        (7, 1.0, "start_day"),
        (7, False, "start_day"),
    ],
)
def test_a_plan_year_refuses_a_month_and_day_that_name_no_day(
    month: object, day: object, path: str
) -> None:
    """Month and day must be ints naming a day of the year."""
    with pytest.raises(InvalidInputError) as err:
        PlanYear(month, day)  # type: ignore[arg-type]  # wrong types are the point

    assert problem(err) == (path, "type")


def test_plan_years_are_cut_at_the_ends_of_the_calendar() -> None:
    """Periods that would start before year 1 or end after year 9999 stop at DATE_MIN/MAX."""
    july = PlanYear(7, 1)

    assert july.period_containing(D(1, 3, 1)) == DateRange(DATE_MIN, D(1, 6, 30))
    assert july.period_containing(D(9999, 8, 1)) == DateRange(D(9999, 7, 1), DATE_MAX)


def test_the_lifetime_period_covers_every_day() -> None:
    """Lifetime has one period, from DATE_MIN to DATE_MAX."""
    period = Lifetime().period_containing(dt.date(2025, 1, 31))

    assert (period.start, period.end) == (dt.date.min, dt.date.max)


@pytest.mark.parametrize("anchor", [CalendarYear(), PlanYear(7, 1), Lifetime()])
def test_period_containing_refuses_a_datetime(anchor: BenefitPeriod) -> None:
    """Each benefit period wants a day, not an instant."""
    with pytest.raises(InvalidInputError) as err:
        anchor.period_containing(pendulum.datetime(2025, 1, 1, tz="UTC"))

    assert problem(err) == ("on", "type")


# Business days ----------------------------------------------------------------------------------


def test_two_business_days_after_july_3_skip_the_holiday_and_the_weekend() -> None:
    """From Thu 3 July 2025: Fri 4 is a holiday, Sat and Sun are weekend, so Mon 7 and Tue 8."""
    result = add_business_days(D(2025, 7, 3), 2, calendar=US_FEDERAL_2025)

    assert result == D(2025, 7, 8)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2025, 6, 6), 2, D(2025, 6, 10)),  # Friday + 2 = Tuesday
        (D(2025, 6, 7), 1, D(2025, 6, 9)),  # Saturday + 1 = Monday: counting starts the next day
        (D(2025, 6, 8), 5, D(2025, 6, 13)),  # Sunday + 5 = Friday
        (D(2025, 6, 9), 5, D(2025, 6, 16)),  # Monday + 5 = next Monday
        (D(2025, 6, 7), 0, D(2025, 6, 7)),  # zero days after a Saturday is that Saturday
    ],
)
def test_business_days_count_from_the_day_after_start(
    start: pendulum.Date, n: int, expected: pendulum.Date
) -> None:
    """Counting starts the day after start and weekends are skipped."""
    assert add_business_days(start, n, calendar=NO_HOLIDAYS) == expected


def test_a_year_of_us_federal_business_days() -> None:
    """2025 has 261 weekdays less 11 federal holidays: 250 business days."""
    end = add_business_days(D(2024, 12, 31), 250, calendar=US_FEDERAL_2025)

    assert end == D(2025, 12, 31)
    assert business_days_between(D(2024, 12, 31), end, calendar=US_FEDERAL_2025) == 250


def test_a_holiday_on_a_weekend_is_not_counted_twice() -> None:
    """A holiday falling on a weekend day takes nothing more away."""
    cal = HolidayCalendar(holidays=[D(2025, 7, 5)])  # a Saturday

    assert business_days_between(D(2025, 7, 3), D(2025, 7, 8), calendar=cal) == 3


def test_business_days_between_is_negative_when_end_precedes_start() -> None:
    """Swapping the ends negates the count."""
    a, b = D(2025, 7, 3), D(2025, 7, 8)

    assert business_days_between(b, a, calendar=US_FEDERAL_2025) == -2
    assert business_days_between(a, a, calendar=US_FEDERAL_2025) == 0


def test_business_days_after_a_date_before_every_holiday() -> None:
    """Holiday lookup handles dates earlier than the first listed holiday."""
    assert US_FEDERAL_2025.is_business_day(D(2024, 12, 31))
    assert not US_FEDERAL_2025.is_business_day(D(2025, 1, 1))
    assert US_FEDERAL_2025.is_business_day(D(2025, 1, 2))


@pytest.mark.parametrize(
    ("n", "code"), [(-1, "negative"), (True, "type"), (2.0, "type"), ("2", "type")]
)
def test_add_business_days_refuses_a_count_that_is_not_a_natural_number(
    n: object, code: str
) -> None:
    """n must be an int of 0 or more."""
    with pytest.raises(InvalidInputError) as err:
        add_business_days(D(2025, 1, 1), n, calendar=NO_HOLIDAYS)  # type: ignore[arg-type]  # on purpose

    assert problem(err) == ("n", code)


def test_add_business_days_refuses_to_run_past_the_last_representable_day() -> None:
    """A result after 9999-12-31 is refused rather than overflowing."""
    with pytest.raises(InvalidInputError) as err:
        add_business_days(D(9999, 12, 1), 100, calendar=NO_HOLIDAYS)

    assert problem(err) == ("n", "out_of_range")


def test_add_business_days_can_reach_the_last_representable_day() -> None:
    """9999-12-31 is a Friday and can itself be the result."""
    assert add_business_days(D(9999, 12, 24), 5, calendar=NO_HOLIDAYS) == DATE_MAX


def test_business_day_functions_refuse_something_that_is_not_a_calendar() -> None:
    """The calendar must be a HolidayCalendar."""
    with pytest.raises(InvalidInputError) as err:
        add_business_days(D(2025, 1, 1), 1, calendar=[D(2025, 1, 2)])  # type: ignore[arg-type]  # on purpose

    assert problem(err) == ("calendar", "type")


def test_a_calendar_keeps_holidays_sorted_without_duplicates() -> None:
    """Holidays are sorted, de-duplicated and converted to pendulum Dates."""
    cal = HolidayCalendar(holidays=[D(2025, 12, 25), dt.date(2025, 1, 1), D(2025, 12, 25)])

    assert cal.holidays == (D(2025, 1, 1), D(2025, 12, 25))
    assert all(type(d) is pendulum.Date for d in cal.holidays)
    assert hash(cal) == hash(HolidayCalendar(holidays=[D(2025, 1, 1), D(2025, 12, 25)]))


def test_a_calendar_with_no_weekend_counts_every_non_holiday() -> None:
    """An empty weekend means seven business days a week (e.g. a 24/7 crisis line)."""
    cal = HolidayCalendar(weekend=())

    assert add_business_days(D(2025, 6, 6), 2, calendar=cal) == D(2025, 6, 8)


def test_a_calendar_where_every_day_is_a_weekend_is_refused() -> None:
    """With no business days, add_business_days could never finish."""
    with pytest.raises(InvalidInputError) as err:
        HolidayCalendar(weekend=frozenset(range(1, 8)))

    assert problem(err) == ("weekend", "no_business_days")


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"holidays": "2025-01-01"}, "holidays"),
        ({"holidays": 20250101}, "holidays"),
        ({"holidays": [D(2025, 1, 1), "2025-12-25"]}, "holidays[1]"),
        ({"holidays": [pendulum.datetime(2025, 1, 1, tz="UTC")]}, "holidays[0]"),
        ({"weekend": "67"}, "weekend"),
        ({"weekend": 6}, "weekend"),
        ({"weekend": [0]}, "weekend"),
        ({"weekend": [8]}, "weekend"),
        ({"weekend": [True]}, "weekend"),
        ({"weekend": [[6]]}, "weekend"),
    ],
)
def test_a_calendar_refuses_values_of_the_wrong_kind(kwargs: dict[str, object], path: str) -> None:
    """Holidays must be dates and weekend days ISO weekday ints; errors name the place."""
    with pytest.raises(InvalidInputError) as err:
        HolidayCalendar(**kwargs)  # type: ignore[arg-type]  # wrong types are the point

    assert problem(err) == (path, "type")


# Properties -------------------------------------------------------------------------------------

days = st.dates().map(lambda d: D(d.year, d.month, d.day))
modern_days = st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)).map(
    lambda d: D(d.year, d.month, d.day)
)
# Every month and day of a common year, so never 29 February.
plan_years = st.dates(dt.date(2023, 1, 1), dt.date(2023, 12, 31)).map(
    lambda d: PlanYear(d.month, d.day)
)
benefit_periods = st.one_of(st.just(CalendarYear()), plan_years, st.just(Lifetime()))
calendars = st.builds(
    HolidayCalendar,
    holidays=st.lists(st.dates(dt.date(1899, 12, 1), dt.date(2203, 12, 31)), max_size=40),
    weekend=st.frozensets(st.integers(1, 7), max_size=6),
)
ranges = st.tuples(days, days).map(lambda ab: DateRange(min(ab), max(ab)))


@given(benefit_periods, days)
def test_the_period_containing_a_day_contains_it(anchor: BenefitPeriod, on: pendulum.Date) -> None:
    """Whatever the anchor, period_containing(d) holds d."""
    assert on in anchor.period_containing(on)


@given(benefit_periods, days)
def test_consecutive_benefit_periods_tile_without_gaps_or_overlaps(
    anchor: BenefitPeriod, on: pendulum.Date
) -> None:
    """The day after a period's end starts the next; the day before its start ends the last."""
    period = anchor.period_containing(on)

    if period.end < DATE_MAX:
        after = period.end.add(days=1)
        assert anchor.period_containing(after).start == after
    if period.start > DATE_MIN:
        before = period.start.subtract(days=1)
        assert anchor.period_containing(before).end == before


@given(plan_years, days)
def test_a_plan_year_is_a_year_long_away_from_the_calendar_ends(
    anchor: PlanYear, on: pendulum.Date
) -> None:
    """Away from the ends of the calendar, a plan year has 365 or 366 days."""
    period = anchor.period_containing(on)

    assert period.days in {365, 366} or DATE_MIN in period or DATE_MAX in period


@given(calendars, modern_days, st.integers(0, 600))
def test_add_business_days_lands_on_a_business_day_n_business_days_later(
    cal: HolidayCalendar, start: pendulum.Date, n: int
) -> None:
    """The result is a business day, n business days after start, and the first such day."""
    result = add_business_days(start, n, calendar=cal)

    assert business_days_between(start, result, calendar=cal) == n
    if n:
        assert cal.is_business_day(result)
        assert business_days_between(start, result.subtract(days=1), calendar=cal) == n - 1
    else:
        assert result == start


@given(calendars, modern_days, st.integers(-40, 40))
def test_business_days_between_matches_counting_day_by_day(
    cal: HolidayCalendar, start: pendulum.Date, offset: int
) -> None:
    """The week-jumping count agrees with checking each day, in either direction."""
    end = start.add(days=offset)
    lo, hi = min(start, end), max(start, end)
    by_hand = sum(cal.is_business_day(d) for d in DateRange(lo, hi) if d != lo)

    assert business_days_between(start, end, calendar=cal) == (by_hand if offset >= 0 else -by_hand)


@given(ranges, ranges)
def test_intersection_is_commutative_and_inside_both(a: DateRange, b: DateRange) -> None:
    """a ∩ b == b ∩ a, it lies within both, and it exists exactly when they overlap."""
    both = a.intersection(b)

    assert both == b.intersection(a)
    assert (both is not None) == a.overlaps(b) == b.overlaps(a)
    if both is not None:
        assert a.start <= both.start <= both.end <= a.end
        assert b.start <= both.start <= both.end <= b.end
