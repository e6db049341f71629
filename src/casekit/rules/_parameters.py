"""Dated parameters: values that change over time, each with its effective date and source."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Collection, Iterable, Mapping
from decimal import Decimal
from typing import Any, Final, Generic, TypeVar

import attrs
import pendulum

from casekit import _validate as v
from casekit._validate import MAX_SAFE_INTEGER, TOO_LARGE
from casekit.errors import CaseKitError, InvalidDefinitionError, InvalidInputError, Problem
from casekit.limits import refuse_oversized
from casekit.money import Money
from casekit.rules._data import MAX_DEPTH

T = TypeVar("T")

_YEAR: Final = re.compile(r"[1-9]\d{3}")
_RANGE_SOURCE: Final = re.compile(r"_(\d{4})_(\d{4})_source")
_CURRENCY: Final = re.compile(r"[A-Z]{3}")
_METADATA: Final = frozenset({"source", "note"})


def _require_plain_date(value: object, field: str) -> pendulum.Date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidInputError.one(field, "type", "must be a date, not a datetime")
    return pendulum.Date(value.year, value.month, value.day)


def _effective(value: object) -> pendulum.Date:
    return _require_plain_date(value, "effective_from")


def _value(_inst: object, _attr: object, value: Any) -> None:
    # What JSON can carry and casekit reads back: money, exact decimals, whole numbers, text.
    if isinstance(value, (Money, str)):
        return
    if type(value) is Decimal:
        if not value.is_finite():
            raise InvalidInputError.one(
                "value", "not_finite", "must be finite, not NaN or infinity"
            )
        return
    if type(value) is not int:
        raise InvalidInputError.one(
            "value", "type", "must be Money, a Decimal, a whole number or text"
        )
    if not -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
        raise InvalidInputError.one("value", "too_large", TOO_LARGE)


def _source(_inst: object, _attr: object, value: str) -> None:
    if type(value) is not str:
        raise InvalidInputError.one("source", "type", "must be text (a citation or URL)")


@attrs.frozen
class DatedParameter(Generic[T]):
    """One value of a parameter, in force from *effective_from* until the next value.

    The value is `Money`, a finite `Decimal`, a whole number within 2**53 - 1 either way, or
    text: what JSON carries and casekit reads back.

    Raises:
        InvalidInputError: at ``effective_from``, ``value`` or ``source``.

    Examples:
        >>> import pendulum
        >>> from casekit.money import Money
        >>> DatedParameter(pendulum.date(2024, 1, 1), Money.of("1632", "USD"), "CMS").value
        Money(amount=Decimal('1632'), currency='USD')
    """

    effective_from: pendulum.Date = attrs.field(converter=_effective)
    value: T = attrs.field(validator=_value)
    source: str = attrs.field(default="", validator=_source)


def _entries(value: Iterable[DatedParameter[Any]]) -> tuple[DatedParameter[Any], ...]:
    given: object = value
    if isinstance(given, (str, bytes, Mapping)) or not isinstance(given, Iterable):
        raise InvalidInputError.one("values", "type", "must be a list of DatedParameter")
    items = tuple(given)
    if not all(isinstance(item, DatedParameter) for item in items):
        raise InvalidInputError.one("values", "type", "must be a list of DatedParameter")
    return tuple(sorted(items, key=lambda item: item.effective_from))


def _distinct(_inst: object, _attr: object, value: tuple[DatedParameter[Any], ...]) -> None:
    if not value:
        raise InvalidInputError.one("values", "empty", "needs at least one dated value")
    dates = [item.effective_from for item in value]
    if len(set(dates)) != len(dates):
        raise InvalidInputError.one(
            "values", "duplicate_date", "must not give two values in effect from the same date"
        )


def _name(_inst: object, _attr: object, value: str) -> None:
    if type(value) is not str or not value.strip():
        raise InvalidInputError.one("name", "type", "must be non-empty text")


@attrs.frozen
class ParameterHistory(Generic[T]):
    """The values a parameter has taken, by the date each took effect; look one up `on` a day.

    Values are kept in date order whatever order they are given in.

    Raises:
        InvalidInputError: at ``values`` if there are none or two share a date.

    Examples:
        >>> import pendulum
        >>> from casekit.money import Money
        >>> deductible = ParameterHistory.of(
        ...     "medicare.part_a_deductible",
        ...     {pendulum.date(2024, 1, 1): Money.of("1632", "USD"),
        ...      pendulum.date(2025, 1, 1): Money.of("1676", "USD")},
        ...     source="CMS",
        ... )
        >>> str(deductible.on(pendulum.date(2024, 6, 1)))
        '1632 USD'
        >>> deductible.on(pendulum.date(2023, 12, 31))
        Traceback (most recent call last):
        ...
        casekit.errors.InvalidInputError: invalid input (1 problem):
          on: is before the first value of medicare.part_a_deductible, in effect from 2024-01-01
    """

    name: str = attrs.field(validator=_name)
    values: tuple[DatedParameter[T], ...] = attrs.field(converter=_entries, validator=_distinct)
    _dates: tuple[pendulum.Date, ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_dates", tuple(item.effective_from for item in self.values))

    @classmethod
    def of(cls, name: str, values: Mapping[dt.date, T], *, source: str = "") -> ParameterHistory[T]:
        """Return a history from a mapping of effective date to value, all from one *source*.

        Examples:
            >>> import pendulum
            >>> limit = ParameterHistory.of("limit", {pendulum.date(2024, 1, 1): 20})
            >>> limit.on(pendulum.date(2030, 1, 1))
            20

        Raises:
            InvalidInputError: at ``values`` if it is not a mapping, or as `ParameterHistory`.
        """
        if not isinstance(values, Mapping):
            raise InvalidInputError.one("values", "type", "must be a mapping of date to value")
        return cls(name, tuple(DatedParameter(d, v, source) for d, v in values.items()))

    def entry_on(self, on: dt.date) -> DatedParameter[T]:
        """Return the value in force on *on*, with its effective date and source.

        Raises:
            InvalidInputError: at ``on`` if it is not a date or falls before the first value.

        Examples:
            >>> import pendulum
            >>> h = ParameterHistory.of("x", {pendulum.date(2024, 1, 1): 1}, source="memo 7")
            >>> h.entry_on(pendulum.date(2024, 1, 1)).source
            'memo 7'
        """
        day = _require_plain_date(on, "on")
        i = bisect.bisect_right(self._dates, day)
        if i == 0:
            first = self._dates[0].isoformat()
            raise InvalidInputError.one(
                "on",
                "before_first_value",
                f"is before the first value of {self.name}, in effect from {first}",
            )
        return self.values[i - 1]

    def on(self, on: dt.date) -> T:
        """Return the value in force on *on* (the latest one in effect on or before it).

        Examples:
            >>> import pendulum
            >>> h = ParameterHistory.of(
            ...     "visits", {pendulum.date(2024, 1, 1): 20, pendulum.date(2025, 1, 1): 30}
            ... )
            >>> h.on(pendulum.date(2024, 12, 31)), h.on(pendulum.date(2025, 1, 1))
            (20, 30)
        """
        return self.entry_on(on).value


def load_parameter_table(
    table: Mapping[Any, Any],
    *,
    name: str,
    currency: str | None = None,
    skip: Collection[str] = (),
) -> dict[str, ParameterHistory[Money]]:
    """Return one money history per field of a year-keyed table, each value from 1 January.

    The table's shape is that of ``parameters.medicare`` in casekit's worked examples:
    ``{"_unit": "USD", "2024": {"part_a_deductible": "1632", ..., "source": "..."}}``.
    A year's ``source`` (or the table's, or a ``_2016_2018_source`` key covering the year) is
    kept with each value; nested mappings become dotted fields (``max_oop.self``); keys that
    start with ``_``, ``note`` and the fields named in *skip* are not values.

    Args:
        table: the parsed table.
        name: the prefix of each history's name (``medicare`` gives ``medicare.coins_61_90``).
        currency: the ISO 4217 currency; by default the first word of ``_unit``.
        skip: fields that are not values (such as ``superseded_value``).

    Raises:
        InvalidDefinitionError: at ``name`` if it is not non-empty text; with one
            ``too_large`` problem at ``$`` for a table past the ``nodes`` budget of
            `casekit.limits` (counted with YAML aliases expanded, without expanding them);
            else listing every problem at its path, such as ``2024.part_a_deductible``.

    Examples:
        >>> import pendulum
        >>> table = {"_unit": "USD", "2023": {"deductible": "1600", "source": "CMS"},
        ...          "2024": {"deductible": "1632", "source": "CMS"}}
        >>> history = load_parameter_table(table, name="medicare")["deductible"]
        >>> history.name, str(history.on(pendulum.date(2024, 6, 1)))
        ('medicare.deductible', '1632 USD')
    """
    _require_name(name)
    if not isinstance(table, Mapping):
        raise InvalidDefinitionError.one("$", "type", "must be a mapping of year to values")
    refuse_oversized(table, error=InvalidDefinitionError)
    problems: list[Problem] = []
    unit = _currency(table, currency, problems)
    ranges = _range_sources(table)
    default_source = table.get("source", "")
    found: dict[str, list[DatedParameter[Money]]] = {}
    for year, row in table.items():
        if not (isinstance(year, str) and _YEAR.fullmatch(year)):
            continue
        if not isinstance(row, Mapping):
            problems.append(Problem(year, "type", "must be a mapping of field to amount"))
            continue
        start = pendulum.Date(int(year), 1, 1)
        source = row.get("source") or ranges.get(int(year)) or default_source
        if type(source) is not str:
            problems.append(Problem(f"{year}.source", "type", "must be text (a citation or URL)"))
            continue
        try:
            fields = _flatten(row, skip)
        except _TooDeepError:
            problems.append(Problem(year, "too_deep", f"nests deeper than {MAX_DEPTH} levels"))
            continue
        for field, text in fields:
            path = f"{year}.{_safe_path(field)}"
            try:
                money = Money.of(text, unit)
            except CaseKitError:
                problems.append(Problem(path, "amount", "must be a decimal string such as 12.50"))
                continue
            found.setdefault(field, []).append(DatedParameter(start, money, source))
    if problems:
        raise InvalidDefinitionError(problems)
    return {f: ParameterHistory(f"{name}.{f}", tuple(v)) for f, v in sorted(found.items())}


def _require_name(name: object) -> None:
    # Checked before it is formatted into each history's name.
    if type(name) is not str or not name.strip():
        raise InvalidDefinitionError.one("name", "type", "must be non-empty text")


def _currency(table: Mapping[Any, Any], currency: object, problems: list[Problem]) -> str:
    if currency is None:
        unit = table.get("_unit")
        currency = unit.split()[0] if isinstance(unit, str) and unit.split() else ""
    if type(currency) is not str or not _CURRENCY.fullmatch(currency):
        problems.append(Problem("_unit", "currency", "give currency= or a _unit starting USD"))
        return "USD"
    return currency


def _range_sources(table: Mapping[Any, Any]) -> dict[int, str]:
    """Return the source each year of *table* takes from a ``_2016_2018_source`` key.

    A later key wins where ranges overlap. Only the table's own years are looked up, each once
    (the next year still without a source is found by path-halving), so a table of many wide
    ranges costs in proportion to its keys, not to the years its ranges span.
    """
    ranges: list[tuple[int, int, str]] = []
    for key, value in table.items():
        match = _RANGE_SOURCE.fullmatch(key) if isinstance(key, str) else None
        if match and isinstance(value, str):
            ranges.append((int(match[1]), int(match[2]), value))
    years = sorted({int(k) for k in table if isinstance(k, str) and _YEAR.fullmatch(k)})
    after = list(range(len(years) + 1))  # after[i]: a later index, towards the next one unset

    def unset_from(i: int) -> int:
        while after[i] != i:
            after[i] = after[after[i]]
            i = after[i]
        return i

    out: dict[int, str] = {}
    for low, high, value in reversed(ranges):
        i = unset_from(bisect.bisect_left(years, low))
        while i < len(years) and years[i] <= high:
            out[years[i]] = value
            after[i] = i + 1
            i = unset_from(i + 1)
    return out


class _TooDeepError(Exception):
    """A row nested deeper than MAX_DEPTH (internal: becomes a too_deep problem)."""


def _safe_path(field: str) -> str:
    # Keys are part of the table, but pasted or fuzzed ones may be anything: show only names.
    return ".".join(v.shown_key(part) for part in field.split("."))


def _flatten(
    row: Mapping[Any, Any], skip: Collection[str], prefix: str = "", depth: int = 0
) -> list[tuple[str, Any]]:
    if depth > MAX_DEPTH:
        raise _TooDeepError
    out: list[tuple[str, Any]] = []
    for key, value in row.items():
        if not isinstance(key, str) or key.startswith("_") or key in _METADATA or key in skip:
            continue
        if isinstance(value, Mapping):
            out.extend(_flatten(value, skip, f"{prefix}{key}.", depth + 1))
        else:
            out.append((f"{prefix}{key}", value))
    return out


__all__ = ["DatedParameter", "ParameterHistory", "load_parameter_table"]
