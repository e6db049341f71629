"""Small attrs validators that raise casekit errors naming the field, never the value."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, Final

import pendulum

from casekit.errors import InvalidInputError

Validator = Callable[[Any, Any, Any], None]

IDENTIFIER: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:\-/]{0,127}")
"""An opaque identifier: 1-128 letters, digits and ``._:-/``, starting with a letter or digit."""

IDENTIFIER_MESSAGE: Final = (
    "must be 1-128 characters of letters, digits and . _ : - / starting with a letter or digit"
)

SURROGATES: Final = r"\ud800-\udfff"
"""The UTF-16 surrogate code points, as a regular-expression range. A Python string can hold
one alone, but no UTF-8 text can, and I-JSON (RFC 7493) forbids them: text refuses them."""

TEXT_CONTROL: Final = re.compile(rf"[\x00-\x08\x0b-\x1f\x7f{SURROGATES}]")
"""What free text may not hold: control characters (tab and newline are text) and lone
surrogates."""

TEXT_CONTROL_MESSAGE: Final = "must not contain control characters or unpaired surrogates"

CONTROL: Final = r"\x00-\x1f\x7f-\x9f"
"""Every C0 and C1 control character and DEL, as a regular-expression range: what a code or an
identifier's value may not hold (unlike free text, not even a tab or newline)."""

ANY_CONTROL: Final = re.compile(f"[{CONTROL}{SURROGATES}]")
"""Any control character or lone surrogate, for values that are names rather than text."""


_SAFE_KEY: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")


def shown_key(key: object) -> str:
    """Return *key* as it may appear in an error path: itself if it looks like a field name,
    else ``<key>``. Keys are structure, not data, but a pasted or hostile document (or a caller)
    may put anything there, even a patient's name or member id."""
    return key if isinstance(key, str) and _SAFE_KEY.fullmatch(key) else "<key>"


def fail(field: str, code: str, message: str) -> InvalidInputError:
    """Return an `InvalidInputError` with one problem (raise it at the call site)."""
    return InvalidInputError.one(field, code, message)


def identifier(_inst: object, attribute: Any, value: Any) -> None:
    """Check an opaque identifier: 1-128 characters, letters, digits and ``._:-/``."""
    if type(value) is not str or not IDENTIFIER.fullmatch(value):
        raise fail(attribute.name, "identifier", IDENTIFIER_MESSAGE)


def optional_identifier(inst: object, attribute: Any, value: Any) -> None:
    """Check an identifier that may be None."""
    if value is not None:
        identifier(inst, attribute, value)


def text(*, max_length: int = 2000, allow_empty: bool = True) -> Validator:
    """Return a validator for free text without control characters (newline and tab allowed)."""

    def check(_inst: object, attribute: Any, value: Any) -> None:
        if type(value) is not str:
            raise fail(attribute.name, "type", "must be text")
        if not allow_empty and not value.strip():
            raise fail(attribute.name, "empty", "must not be empty")
        if len(value) > max_length:
            raise fail(attribute.name, "too_long", f"must be at most {max_length} characters")
        if TEXT_CONTROL.search(value):
            raise fail(attribute.name, "control_character", TEXT_CONTROL_MESSAGE)

    return check


def optional_text(*, max_length: int = 2000) -> Validator:
    """Return a text validator that also accepts None."""
    inner = text(max_length=max_length)

    def check(inst: object, attribute: Any, value: Any) -> None:
        if value is not None:
            inner(inst, attribute, value)

    return check


def aware(_inst: object, attribute: Any, value: Any) -> None:
    """Check a timezone-aware datetime."""
    if not isinstance(value, dt.datetime):
        raise fail(attribute.name, "type", "must be a timezone-aware datetime")
    tz = value.tzinfo
    # Zones of these types always give an offset; asking one costs ~1 us on the hot path.
    if tz is None or (type(tz) not in ALWAYS_AWARE and value.utcoffset() is None):
        raise fail(
            attribute.name,
            "naive_datetime",
            "must carry a timezone or UTC offset, e.g. pendulum.datetime(2025, 1, 2, tz='UTC')",
        )


ALWAYS_AWARE: Final = frozenset(
    {pendulum.Timezone, pendulum.FixedTimezone, dt.timezone, zoneinfo.ZoneInfo}
)
"""Timezone classes that always give an offset: the aware check need not ask them."""


def date(_inst: object, attribute: Any, value: Any) -> None:
    """Check a calendar date (not a datetime)."""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise fail(attribute.name, "type", "must be a date (pass .date() for a datetime)")


def optional_date(inst: object, attribute: Any, value: Any) -> None:
    """Check a date that may be None."""
    if value is not None:
        date(inst, attribute, value)


def instance(*types: type) -> Validator:
    """Return a validator checking the value is an instance of one of *types*."""
    names = " or ".join(t.__name__ for t in types)

    def check(_inst: object, attribute: Any, value: Any) -> None:
        if not isinstance(value, types):
            raise fail(attribute.name, "type", f"must be {names}")

    return check


def optional_instance(*types: type, message: str | None = None) -> Validator:
    """Return a validator checking the value is None or an instance of one of *types*.

    A refusal says *message*, or by default "must be <types> or None".
    """
    refusal = message or f"must be {' or '.join(t.__name__ for t in types)} or None"

    def check(_inst: object, attribute: Any, value: Any) -> None:
        if value is not None and not isinstance(value, types):
            raise fail(attribute.name, "type", refusal)

    return check


def tuple_of(*types: type) -> Validator:
    """Return a validator checking a tuple whose items are instances of *types*."""
    names = " or ".join(t.__name__ for t in types)

    def check(_inst: object, attribute: Any, value: Any) -> None:
        if type(value) is not tuple:
            raise fail(attribute.name, "type", f"must be a tuple of {names}")
        for index, item in enumerate(value):
            if not isinstance(item, types):
                raise fail(f"{attribute.name}[{index}]", "type", f"must be {names}")

    return check


def share(_inst: object, attribute: Any, value: Any) -> None:
    """Check a Decimal fraction between 0 and 1 inclusive."""
    if type(value) is not Decimal or not value.is_finite() or not 0 <= value <= 1:
        raise fail(
            attribute.name, "share", "must be a Decimal between 0 and 1, e.g. Decimal('0.3')"
        )


MAX_SAFE_INTEGER: Final = 2**53 - 1
"""The largest whole number casekit stores: I-JSON's limit (RFC 7493), which every JSON reader
keeps exactly. Python's own int has no limit, but `to_json` could not even write one of more
than 4,300 digits."""

TOO_LARGE: Final = "must be at most 2**53 - 1, the largest whole number every JSON reader keeps"


def non_negative_int(_inst: object, attribute: Any, value: Any) -> None:
    """Check a whole number from 0 to `MAX_SAFE_INTEGER` (not a bool)."""
    if type(value) is not int or value < 0:
        raise fail(attribute.name, "non_negative_int", "must be a whole number ≥ 0")
    if value > MAX_SAFE_INTEGER:
        raise fail(attribute.name, "too_large", TOO_LARGE)


MAX_DIGITS: Final = 60
"""The most significant digits a `Decimal` may have: the precision casekit computes money in
(`casekit.money`). A longer one would change when added to zero, so neither `Money` nor a
document holds one."""

TOO_PRECISE: Final = "must have at most 60 significant digits, the precision casekit computes in"


def too_precise(value: Decimal) -> bool:
    """Return whether *value* has more significant digits than casekit computes with.

    Examples:
        >>> too_precise(Decimal("12.50")), too_precise(Decimal("0." + "1" * 61))
        (False, True)
    """
    return len(value.as_tuple().digits) > MAX_DIGITS


def freeze(value: object) -> tuple[Any, ...]:
    """Freeze any sequence but text into a tuple (attrs converter); leave other values alone.

    A list, a tuple, a ``range`` or any other `collections.abc.Sequence` becomes a tuple of its
    items. Text (``str``, ``bytes``, ``bytearray``) is not a sequence of values here, and a set
    has no order: those, and anything else, are left for the field's validator to refuse.

    Examples:
        >>> freeze(["a", "b"]), freeze(range(2)), freeze("ab")
        (('a', 'b'), (0, 1), 'ab')
    """
    if type(value) is tuple:
        return value
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes, bytearray)):
        return tuple(value)
    return value  # type: ignore[return-value]  # the validator reports the wrong type
