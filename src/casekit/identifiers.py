"""Identifiers of providers and of people: `NPI`, `Identifier` and `luhn_check_digit`.

An `NPI` is public (CMS publishes every one in NPPES), so it shows in reprs and messages may
name it. An `Identifier`, such as a member id or a medical record number, is personal data:
its value never appears in a repr, a str or a message.

Examples:
    >>> NPI("1234567893")
    NPI(value='1234567893')
    >>> Identifier("urn:example:member", "W123456789")
    Identifier(system='urn:example:member', value=<redacted>)
"""

from __future__ import annotations

import re
from typing import Any, Final, cast

import attrs

from casekit import _validate as v
from casekit.errors import InvalidInputError

__all__ = ["NPI", "Identifier", "luhn_check_digit"]

_DIGITS: Final = re.compile(r"[0-9]+")
_NPI: Final = re.compile(r"[0-9]{10}")
# Each digit doubled, with 9 taken off results above 9 (the sum of the product's digits).
_DOUBLED: Final = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)
# ISO 7812 card-issuer prefix for US health applications; CMS computes every NPI check digit
# as if it were present.
_NPI_PREFIX: Final = "80840"
_MAX_VALUE_LENGTH: Final = 128


def luhn_check_digit(digits: str) -> int:
    """Return the Luhn (mod 10 "double-add-double") check digit to append to *digits*.

    Doubles every second digit from the right, starting with the rightmost, adds the digits of
    the products and the other digits, and returns what brings the total to a multiple of 10.
    NPIs and LOINC codes use it.

    Raises:
        InvalidInputError: at ``digits`` (``digits_format``) unless *digits* is one or more
            ASCII digits.

    Examples:
        >>> luhn_check_digit("7992739871")
        3
        >>> luhn_check_digit("80840" "123456789")  # CMS's worked example: NPI 1234567893
        3
    """
    if not isinstance(cast("object", digits), str) or not _DIGITS.fullmatch(digits):
        raise InvalidInputError.one("digits", "digits_format", "must be one or more digits 0-9")
    backwards = digits[::-1]
    total = sum(_DOUBLED[int(d)] for d in backwards[::2]) + sum(int(d) for d in backwards[1::2])
    return -total % 10


def _npi(_inst: object, _attr: object, value: Any) -> None:
    if not isinstance(value, str) or not _NPI.fullmatch(value):
        raise InvalidInputError.one(
            "npi", "npi_format", "must be a string of 10 digits, such as 1234567893"
        )
    if luhn_check_digit(_NPI_PREFIX + value[:9]) != int(value[9]):
        raise InvalidInputError.one(
            "npi",
            "npi_check_digit",
            "has a wrong check digit (the last digit); look for a mistyped digit",
        )


@attrs.frozen
class NPI:
    """A US National Provider Identifier: 10 digits, the last a Luhn check digit.

    The check digit is computed over the prefix 80840 and the first nine digits, as CMS
    specifies. The first digit is not checked: CMS issues NPIs starting with 1 or 2 and keeps
    the others for later. `str` gives the plain 10 digits.

    Raises:
        InvalidInputError: at ``npi``, with ``npi_format`` or ``npi_check_digit``.

    Examples:
        >>> str(NPI("1234567893"))
        '1234567893'
        >>> NPI("1234567890")
        Traceback (most recent call last):
        ...
        casekit.errors.InvalidInputError: invalid input (1 problem):
          npi: has a wrong check digit (the last digit); look for a mistyped digit
    """

    value: str = attrs.field(validator=_npi)

    def __str__(self) -> str:
        return self.value


def _text(path: str, value: object) -> str:
    if not isinstance(value, str):
        raise InvalidInputError.one(path, "type", "must be a string")
    if not value:
        raise InvalidInputError.one(path, "empty", "must not be empty")
    if v.ANY_CONTROL.search(value):
        raise InvalidInputError.one(
            path, "control_character", "must not contain control characters or surrogates"
        )
    if value != value.strip():
        raise InvalidInputError.one(
            path, "surrounding_whitespace", "must not start or end with whitespace"
        )
    return value


def _system(_inst: object, _attr: object, value: Any) -> None:
    _text("system", value)


def _value(_inst: object, _attr: object, value: Any) -> None:
    if len(_text("value", value)) > _MAX_VALUE_LENGTH:
        raise InvalidInputError.one(
            "value", "too_long", f"must be at most {_MAX_VALUE_LENGTH} characters"
        )


def _redacted(_value: object) -> str:
    return "<redacted>"


@attrs.frozen
class Identifier:
    """An identifier of a person in some system, such as a member id or a medical record number.

    *system* names the issuer, ideally as a URI (``urn:oid:...`` or an https address). The
    value is personal data: `repr` and `str` hide it, but equality and hashing still use it.
    Neither part may be empty, hold control characters or start or end with whitespace, and
    the value is at most 128 characters.

    Raises:
        InvalidInputError: at ``system`` or ``value``, never showing the value.

    Examples:
        >>> mrn = Identifier("urn:oid:2.16.840.1.113883.19.5", "MRN-0042")
        >>> str(mrn)
        "Identifier(system='urn:oid:2.16.840.1.113883.19.5', value=<redacted>)"
        >>> mrn == Identifier("urn:oid:2.16.840.1.113883.19.5", "MRN-0042")
        True
    """

    system: str = attrs.field(validator=_system)
    value: str = attrs.field(validator=_value, repr=_redacted)

    def __str__(self) -> str:
        return repr(self)
