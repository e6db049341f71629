"""DateRange.overlaps and DateRange.intersection refuse anything but a DateRange, naming "other"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pendulum
import pytest

from casekit.errors import InvalidInputError
from casekit.periods import DateRange

JAN = DateRange.of("2025-01-01", "2025-01-31")
PERSONAL = "ZZPERSONALZZ"  # no message may repeat a value it refuses
NOT_A_RANGE = (
    "other",
    "type",
    'must be a DateRange, such as DateRange.of("2025-01-01", "2025-01-31")',
)


def _deep(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


NOT_RANGES: dict[str, object] = {
    "none": None,
    "an ISO date": "2025-01-05",
    "a personal value": PERSONAL,
    "a date": pendulum.date(2025, 1, 5),
    "a stdlib date": dt.date(2025, 1, 5),
    "an aware datetime": pendulum.datetime(2025, 1, 5, tz="UTC"),
    "a pair of dates": (pendulum.date(2025, 1, 1), pendulum.date(2025, 1, 31)),
    "a mapping like a range": {"start": "2025-01-01", "end": "2025-01-31"},
    "a number": 10**5000,
    "a deep list": _deep(5000),
    "an object": object(),
}
METHODS: dict[str, Callable[[object], object]] = {
    "overlaps": JAN.overlaps,
    "intersection": JAN.intersection,
}


@pytest.mark.parametrize("value", NOT_RANGES.values(), ids=NOT_RANGES.keys())
@pytest.mark.parametrize("method", METHODS.values(), ids=METHODS.keys())
def test_a_value_that_is_not_a_date_range_is_refused_at_other(
    method: Callable[[object], object], value: object
):
    """overlaps and intersection raise InvalidInputError at "other", never AttributeError."""
    with pytest.raises(InvalidInputError) as caught:
        method(value)

    assert [tuple(p) for p in caught.value.problems] == [NOT_A_RANGE]
    assert PERSONAL not in str(caught.value)


@pytest.mark.parametrize(
    ("other", "shared"),
    [
        (DateRange.of("2025-01-31", "2025-02-28"), DateRange.of("2025-01-31", "2025-01-31")),
        (DateRange.of("2024-12-01", "2025-01-01"), DateRange.of("2025-01-01", "2025-01-01")),
        (DateRange.of("2025-01-10", "2025-01-12"), DateRange.of("2025-01-10", "2025-01-12")),
        (DateRange.starting("2024-06-01"), JAN),
        (DateRange.of("2025-02-01", "2025-02-28"), None),
        (DateRange.of("2024-12-01", "2024-12-31"), None),
    ],
)
def test_date_ranges_still_overlap_and_intersect(other: DateRange, shared: DateRange | None):
    """A DateRange is compared as before, both ends included: they overlap when they share days."""
    assert JAN.overlaps(other) is (shared is not None)
    assert other.overlaps(JAN) is (shared is not None)
    assert JAN.intersection(other) == shared
    assert other.intersection(JAN) == shared
