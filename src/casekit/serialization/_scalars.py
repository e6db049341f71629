"""JSON's scalars and arrays, strictly: text, whole numbers, flags, decimals, dates, datetimes,
enumerations, unions of scalars and lists. Nothing is coerced: ``"5"`` is not a number.

Each hook takes the value and the type cattrs asks for, and refuses with a `Refusal` whose
message names the expected form and the JSON type it got, never the value.
"""

from __future__ import annotations

import datetime as dt
import enum
import operator
import re
import types
import typing
from collections.abc import Callable
from contextvars import ContextVar
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any, Final, get_args, get_origin

import cattrs
import pendulum

from casekit import _validate as v
from casekit.errors import InvalidInputError
from casekit.serialization._problems import Refusal, kind_of

__all__ = [
    "DECIMAL",
    "is_scalar_union",
    "is_tuple_of",
    "memo",
    "parse_datetime",
    "scalar_union_hook",
    "structure_bool",
    "structure_date",
    "structure_datetime",
    "structure_decimal",
    "structure_enum",
    "structure_int",
    "structure_str",
    "tuple_hook_factory",
    "unstructure_date",
    "unstructure_datetime",
    "unstructure_decimal",
    "unstructure_enum",
]


def structure_str(value: object, _: type) -> str:
    """Read text."""
    if type(value) is str:
        return value
    raise Refusal("type", f"must be a string, not {kind_of(value)}")


def structure_int(value: object, _: type) -> int:
    """Read a whole number (not true or false)."""
    if type(value) is int:
        return value
    raise Refusal("type", f"must be a whole number, not {kind_of(value)}")


def structure_bool(value: object, _: type) -> bool:
    """Read true or false."""
    if type(value) is bool:
        return value
    raise Refusal("type", f"must be true or false, not {kind_of(value)}")


DECIMAL: Final = re.compile(r"-?(?:0|[1-9]\d{0,17})(?:\.\d{1,60})?")
"""A decimal as casekit writes one: under 10**18 in size, at most 60 places. Its significant
digits are held to `casekit._validate.MAX_DIGITS` as well, as `Money` holds its amount, so
whatever a document holds computes exactly and reads back the same."""


def structure_decimal(value: object, _: type) -> Decimal:
    """Read a decimal from its text, such as ``"12.50"``."""
    if type(value) is str and DECIMAL.fullmatch(value):
        number = Decimal(value)
        if v.too_precise(number):
            raise Refusal("too_precise", v.TOO_PRECISE)
        return number
    if type(value) is str:
        raise Refusal("decimal_format", 'must be a decimal string such as "12.50" or "-3"')
    raise Refusal("type", f'must be a decimal string such as "12.50", not {kind_of(value)}')


def unstructure_decimal(value: Decimal) -> str:
    """Write a decimal as text, refusing one no reader would take back."""
    text = format(value, "f")
    if not DECIMAL.fullmatch(text):
        raise InvalidInputError.one(
            "$",
            "decimal_range",
            "holds a number with more than 18 whole digits or 60 decimal places; round it first",
        )
    if v.too_precise(value):
        raise InvalidInputError.one("$", "too_precise", v.TOO_PRECISE)
    return text


# --- dates and times ------------------------------------------------------------------------

_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_fromisoformat: Final = dt.datetime.fromisoformat


def structure_date(value: object, _: type) -> pendulum.Date:
    """Read a calendar date such as ``"2025-03-04"``."""
    if type(value) is not str or not _DATE.fullmatch(value):
        raise Refusal("date_format", "must be a date string such as 2025-03-04")
    try:
        d = dt.date.fromisoformat(value)
    except ValueError:
        raise Refusal("date_value", "is not a real calendar date") from None
    return pendulum.Date(d.year, d.month, d.day)


def unstructure_date(value: dt.date) -> str:
    """Write a date as ISO 8601 text."""
    return value.isoformat()


@lru_cache(maxsize=256)  # bounded: a hostile document could hold every possible UTC offset
def _zone(offset: dt.timedelta) -> pendulum.FixedTimezone | pendulum.Timezone:
    return pendulum.FixedTimezone(int(offset.total_seconds())) if offset else pendulum.UTC


memo: ContextVar[dict[Any, Any] | None] = ContextVar("casekit_serialization_memo", default=None)
"""One document repeats its timestamps (an event's ``at`` and ``recorded_at``, a record's own
time). Each call of from_dict/to_dict gets a fresh memo of the ones it has converted, dropped
when the call ends, so nothing outlives the document."""


def structure_datetime(value: object, _: type) -> pendulum.DateTime:
    """Read an aware datetime, through the call's memo."""
    found = memo.get()
    if found is not None and type(value) is str:
        hit = found.get(value)
        if hit is None:
            hit = found[value] = parse_datetime(value)
        return typing.cast("pendulum.DateTime", hit)
    return parse_datetime(value)


def parse_datetime(value: object) -> pendulum.DateTime:
    """Read an ISO 8601 datetime with its UTC offset, or refuse it."""
    if type(value) is not str:
        raise Refusal("type", f"must be an ISO 8601 datetime string, not {kind_of(value)}")
    try:
        d = _fromisoformat(value)
    except ValueError:
        raise Refusal(
            "datetime_format", "must be an ISO 8601 datetime such as 2025-03-04T09:30:00+00:00"
        ) from None
    offset = d.utcoffset()
    if offset is None or len(value) < 16:  # noqa: PLR2004  # shorter than YYYY-MM-DDTHH:MM
        raise Refusal(
            "naive_datetime" if offset is None else "datetime_format",
            "must be a date and time with a UTC offset, such as 2025-03-04T09:30:00-05:00",
        )
    # Building pendulum's DateTime from fields costs ~0.6 us; pendulum.parse costs ~6 us.
    # The zone goes by position: a keyword costs a fifth of the constructor again.
    return _DateTime(
        d.year, d.month, d.day, d.hour, d.minute, d.second, d.microsecond, _zone(offset)
    )


_DateTime: Final = pendulum.DateTime


def unstructure_datetime(value: dt.datetime) -> str:
    """Write a datetime as ISO 8601 text with its offset, through the call's memo."""
    found = memo.get()
    if found is None:
        return value.isoformat()
    key = id(value)  # safe: every value is alive until the call that owns the memo ends
    hit = found.get(key)
    if hit is None:
        hit = found[key] = value.isoformat()
    return typing.cast("str", hit)


# --- enumerations, unions of scalars, lists -------------------------------------------------


@cache
def _enum_structure(t: Any) -> Callable[[Any, Any], Any]:
    members = {m.value: m for m in t}
    allowed = ", ".join(str(v) for v in members)

    def structure(value: Any, _: Any) -> Any:
        try:
            return members[value]
        except (KeyError, TypeError):
            raise Refusal("enum", f"must be one of: {allowed}") from None

    return structure


def structure_enum(value: object, cls: type) -> Any:
    """Read an enumeration member from its value."""
    return _enum_structure(cls)(value, cls)


unstructure_enum: Final[Callable[[enum.Enum], Any]] = operator.attrgetter("_value_")
"""Write an enumeration member as its value (``_value_``, without ``value``'s property)."""


_SCALARS: Final = frozenset({str, int, bool, type(None)})
_NAMES: Final = {str: "text", int: "a whole number", bool: "true or false", type(None): "null"}


def is_scalar_union(t: object) -> bool:
    """Whether *t* is a union of JSON scalars, such as ``str | int``."""
    args = frozenset(get_args(t))
    return get_origin(t) in (typing.Union, types.UnionType) and args <= _SCALARS


def scalar_union_hook(t: object) -> Callable[[object, object], Any]:
    """Return the hook reading a union of scalars: the JSON type must be a member, exactly."""
    # The members and the message are worked out once per union, not once per value.
    members = frozenset(get_args(t))
    names = " or ".join(_NAMES[k] for k in get_args(t))

    def structure(value: object, _: object) -> Any:
        if type(value) in members:
            return value
        raise Refusal("type", f"must be {names}, not {kind_of(value)}")

    return structure


def is_tuple_of(t: object) -> bool:
    """Whether *t* is ``tuple[X, ...]``."""
    args = get_args(t)
    return get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis  # noqa: PLR2004


def tuple_hook_factory(t: Any, c: cattrs.Converter) -> Callable[[Any, Any], tuple[Any, ...]]:
    """Return the hook reading ``tuple[X, ...]`` from a list (or a tuple) and nothing else."""
    # cattrs' own hook accepts any iterable (a string becomes a tuple of characters); JSON
    # arrays arrive as lists, so accept lists (and tuples, for Python callers) only.
    inner = cattrs.cols.homogenous_tuple_structure_factory(t, c)

    def structure(value: Any, cls: Any) -> tuple[Any, ...]:
        if type(value) is not list and type(value) is not tuple:
            raise Refusal("type", f"must be a list, not {kind_of(value)}")
        return typing.cast("tuple[Any, ...]", inner(value, cls))

    return structure
