"""Accumulators: what a member and a family have used so far, per period."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Final, NamedTuple

import attrs

from casekit import _validate as v
from casekit._unchecked import builder, setters
from casekit.errors import InvalidInputError, Problem
from casekit.money import _CONTEXT, CURRENCY_MINOR_UNITS, parse_decimal

__all__ = ["Accumulated", "AccumulatorKey", "Accumulators", "Spell"]

Key = tuple[str, str, str, str]
"""An accumulator key as adjudication spells it internally: (scope, bucket, measure, period)."""


class AccumulatorKey(NamedTuple):
    """The key of one running total: for whom, of what, which measure, in which period.

    Build keys from a plan's own terms with `casekit.coverage.accumulator_key` rather than
    formatting the labels by hand. A key is a tuple, so the raw ``(scope, bucket, measure,
    period)`` form older code passes keeps working and compares equal.

    Examples:
        >>> key = AccumulatorKey("member:00", "in", "deductible", "2025-01-01/2025-12-31")
        >>> key == ("member:00", "in", "deductible", "2025-01-01/2025-12-31"), key.measure
        (True, 'deductible')
    """

    scope: str
    """``member:<seq>`` for one member, ``family`` for the family, ``auth`` for an
    authorisation's units."""
    bucket: str
    """The network tier's bucket (``in``, ``out``, ``preferred``), a limit's counter or
    benefit id, or an authorisation id."""
    measure: str
    """``deductible``, ``out_of_pocket``, ``coinsurance``, ``visits``, ``days``, ``units``,
    ``amount``, ``reserve_days`` or ``units_used``."""
    period: str
    """``start/end`` (ISO dates) for a benefit period, ``start/..`` for a spell of illness,
    ``lifetime``, or ``no-spell`` for what falls outside any spell."""


FAMILY: Final = "family"
"""The scope of family-level amounts."""
LIFETIME: Final = "lifetime"
"""The period label of lifetime totals (reserve days, authorisation units)."""
NO_SPELL: Final = "no-spell"
"""The period label of a line outside any spell of illness."""
AUTH: Final = "auth"
"""The scope of authorisation totals."""


def authorization_key(authorization_id: str) -> Key:
    """Return the key of the units an authorisation has used: the one place it is spelt."""
    return (AUTH, authorization_id, "units_used", LIFETIME)


DEDUCTIBLE_MET: Final = "deductible_met"
"""The measure marking a spell of illness whose deductible was met: 1 once met. A benefit
period's deductible is charged once (42 CFR 409.82(a)(2)), so a later year's larger amount
never asks for the difference."""


def spell_label(start: dt.date) -> str:
    """Return the period label of the spell of illness that started on *start*."""
    return f"{start.isoformat()}/.."


def member_scope(member: str) -> str:
    """Return the scope name of one member's amounts: ``member:01``."""
    return f"member:{member}"


def _value(_inst: object, _attr: object, value: Any) -> None:
    if type(value) is not Decimal or not value.is_finite() or value < 0:
        raise InvalidInputError.one("value", "decimal", "must be a finite Decimal ≥ 0")


@attrs.frozen
class Accumulated:
    """One running total: for whom (*scope*), of what, in which period.

    *scope* is ``family``, ``member:<seq>`` or ``auth``; *bucket* is the network tier's
    bucket (``in``, ``out``, ``preferred``), a limit's counter or an authorisation id;
    *measure* is one of ``deductible``, ``out_of_pocket``, ``coinsurance``, ``visits``,
    ``days``, ``units``, ``amount``, ``reserve_days``, ``units_used``; *period* is the benefit
    period as ``start/end`` (ISO dates), ``start/..`` for a spell of illness, or ``lifetime``.
    Money totals are in the accumulators' currency.

    Examples:
        >>> Accumulated("member:00", "in", "deductible", "2025-01-01/2025-12-31", Decimal("125"))
        Accumulated(scope='member:00', bucket='in', measure='deductible', ...)
    """

    scope: str = attrs.field(validator=v.identifier)
    bucket: str = attrs.field(validator=v.identifier)
    measure: str = attrs.field(validator=v.identifier)
    period: str = attrs.field(validator=v.text(max_length=64, allow_empty=False))
    value: Decimal = attrs.field(validator=_value)

    @property
    def key(self) -> AccumulatorKey:
        """The entry's key: (scope, bucket, measure, period)."""
        return AccumulatorKey(self.scope, self.bucket, self.measure, self.period)


@attrs.frozen
class Spell:
    """A member's current spell of illness (Medicare benefit period): its start and last care day.

    Examples:
        >>> import pendulum
        >>> Spell("00", pendulum.date(2025, 9, 9), pendulum.date(2025, 9, 15)).label
        '2025-09-09/..'
    """

    member: str = attrs.field(validator=v.identifier)
    start: dt.date = attrs.field(validator=v.date)
    last_care: dt.date = attrs.field(validator=v.date)

    @property
    def label(self) -> str:
        """The spell's period label in accumulator entries."""
        return spell_label(self.start)


def _currency(_inst: object, _attr: object, value: Any) -> None:
    if type(value) is not str or value not in CURRENCY_MINOR_UNITS:
        raise InvalidInputError.one("currency", "currency", "must be an ISO 4217 code such as USD")


def _entries(_inst: object, _attr: object, value: Any) -> None:
    v.tuple_of(Accumulated)(_inst, attrs.fields(Accumulators).entries, value)
    keys = [e.key for e in value]
    if len(set(keys)) != len(keys):
        raise InvalidInputError.one("entries", "duplicate", "must hold each key at most once")


def _spells(_inst: object, _attr: object, value: Any) -> None:
    v.tuple_of(Spell)(_inst, attrs.fields(Accumulators).spells, value)
    members = [s.member for s in value]
    if len(set(members)) != len(members):
        raise InvalidInputError.one("spells", "duplicate", "must hold one spell per member")


def _sorted_entries(value: Any) -> Any:
    value = v.freeze(value)
    if type(value) is tuple and all(isinstance(e, Accumulated) for e in value):
        return tuple(sorted(value, key=lambda e: e.key))
    return value


@attrs.frozen
class Accumulators:
    """Running totals for one member or family, as returned by `adjudicate`.

    Entries are kept sorted by key, so equal totals compare equal however they were built.
    Pass the accumulators one `adjudicate` returns into the next call.

    Examples:
        >>> acc = Accumulators.empty("USD").add(
        ...     ("member:00", "in", "deductible", "2025-01-01/2025-12-31"), Decimal("125")
        ... )
        >>> acc.get(("member:00", "in", "deductible", "2025-01-01/2025-12-31"))
        Decimal('125')
        >>> acc.get(("family", "in", "deductible", "2025-01-01/2025-12-31"))
        Decimal('0')
    """

    currency: str = attrs.field(default="USD", validator=_currency)
    entries: tuple[Accumulated, ...] = attrs.field(
        default=(), converter=_sorted_entries, validator=_entries
    )
    spells: tuple[Spell, ...] = attrs.field(default=(), converter=v.freeze, validator=_spells)

    @classmethod
    def empty(cls, currency: str = "USD") -> Accumulators:
        """Return accumulators with nothing used yet."""
        return cls(currency)

    def get(self, key: Key) -> Decimal:
        """Return the total under *key* (scope, bucket, measure, period), zero if none."""
        for entry in self.entries:
            if (entry.scope, entry.bucket, entry.measure, entry.period) == key:
                return entry.value
        return Decimal(0)

    def add(self, key: Key, amount: Decimal | int | str) -> Accumulators:
        """Return accumulators with *amount* added to the total under *key*.

        Raises:
            InvalidInputError: at ``key`` (or ``key[i]``) unless it is a (scope, bucket,
                measure, period) tuple an `Accumulated` accepts; at ``amount`` unless
                `casekit.money.parse_decimal` reads it and the total stays at 0 or more.
        """
        _check_key(key)
        amount = parse_decimal(amount, field="amount")
        totals = self.as_dict()
        total = _CONTEXT.add(totals.get(key, Decimal(0)), amount)  # as Money adds
        if total < 0:
            raise InvalidInputError.one("amount", "negative", "must not take the total below 0")
        totals[key] = total
        return self._with(totals, self.spells)

    def as_dict(self) -> dict[Key, Decimal]:
        """Return the totals as a new dict keyed by (scope, bucket, measure, period)."""
        return {(e.scope, e.bucket, e.measure, e.period): e.value for e in self.entries}

    def _frozen(
        self,
        totals: dict[Key, Decimal],
        spells: dict[str, tuple[dt.date, dt.date]],
    ) -> Accumulators:
        """Return accumulators in this currency holding *totals* (zeros left out) and *spells*.

        `adjudicate` calls this once per batch on its working dicts. Each spell is built, and
        so checked, as usual; an entry whose total is the very value it had here is reused.
        New and changed entries and the whole are assembled without re-running the checks
        they hold by construction: every key is one this had or one `adjudicate` spelt from
        checked parts (a member's scope, a tier's bucket, a benefit or counter id, a
        measure, a period label), every total is a sum of amounts of at least 0, dict keys
        are unique and sorted here, and the currency is this one's.
        """
        previous = {(e.scope, e.bucket, e.measure, e.period): e for e in self.entries}
        entries = []
        for key, value in sorted(totals.items()):
            if value:
                old = previous.get(key)
                entries.append(
                    old if old is not None and old.value is value else _entry(*key, value)
                )
        return _build(
            self.currency,
            tuple(entries),
            tuple(Spell(member, *s) for member, s in sorted(spells.items())),
        )

    def _with(self, totals: dict[Key, Decimal], spells: tuple[Spell, ...]) -> Accumulators:
        entries = tuple(Accumulated(*key, value) for key, value in sorted(totals.items()) if value)
        return Accumulators(self.currency, entries, spells)


_KEY_PARTS: Final = ("scope", "bucket", "measure", "period")


def _check_key(key: object) -> None:
    if not isinstance(key, tuple) or len(key) != len(_KEY_PARTS):
        raise InvalidInputError.one(
            "key", "type", "must be a (scope, bucket, measure, period) tuple"
        )
    scope, bucket, measure, period = key
    try:
        Accumulated(scope, bucket, measure, period, Decimal(0))
    except InvalidInputError as err:
        raise InvalidInputError(
            Problem(f"key[{_KEY_PARTS.index(p.path)}]", p.code, p.message) for p in err.problems
        ) from None


_build: Final = builder(Accumulators)
_e_scope, _e_bucket, _e_measure, _e_period, _e_value = setters(Accumulated)
_new = object.__new__


def _entry(scope: str, bucket: str, measure: str, period: str, value: Decimal) -> Accumulated:
    # The five slot stores unrolled rather than through `casekit._unchecked.builder`: every
    # `adjudicate` call builds an entry per total it changes (three to five a claim in
    # benchmarks/coverage.py), 0.5 us each against 1.5 us through the builder's loop (timeit,
    # 2026-12), about 4% of a line. tests/test_unchecked.py checks it sets every field.
    e = _new(Accumulated)
    _e_scope(e, scope)
    _e_bucket(e, bucket)
    _e_measure(e, measure)
    _e_period(e, period)
    _e_value(e, value)
    return e
