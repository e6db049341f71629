"""Resource ids from casekit ids, and back: one documented, one-to-one mapping.

A FHIR R4 id is 1-64 of ``A-Z a-z 0-9 - .``; a casekit id is 1-128 of those and ``_ : /``. A
resource id joins the casekit ids it is made of (the case's, then the record's) with ``..``,
writing the four characters a FHIR id lacks as two-character escapes:

==========  ==========
casekit     FHIR id
==========  ==========
``.``       ``.d``
``_``       ``.u``
``:``       ``.c``
``/``       ``.s``
(between)   ``..``
==========  ==========

Every ``.`` in the result starts an escape or a separator, so the result reads back in one
way only (`casekit_ids`). A result longer than 64 characters is replaced by ``.h`` and 62 hex
digits of its SHA-256: no encoded id starts with ``.`` (casekit ids start with a letter or
digit), so a hashed id never equals an encoded one.
"""

from __future__ import annotations

import hashlib
from typing import Final

from casekit._validate import IDENTIFIER, IDENTIFIER_MESSAGE
from casekit.errors import InvalidInputError, Problem

__all__ = ["casekit_ids", "resource_id"]

_ESCAPES: Final = {".": ".d", "_": ".u", ":": ".c", "/": ".s"}
_TABLE: Final = str.maketrans(_ESCAPES)
_UNESCAPES: Final = {code[1]: char for char, code in _ESCAPES.items()}
_SEPARATOR: Final = ".."
_HASHED: Final = ".h"
_MAX_LENGTH: Final = 64


def encoded(*parts: str) -> str:
    """Return the resource id of *parts*, which the caller has checked are casekit ids."""
    joined = _SEPARATOR.join([part.translate(_TABLE) for part in parts])
    if len(joined) <= _MAX_LENGTH:
        return joined
    return _HASHED + hashlib.sha256(joined.encode()).hexdigest()[: _MAX_LENGTH - len(_HASHED)]


def resource_id(*parts: str) -> str:
    """Return the FHIR resource id made of the casekit ids *parts*, in order.

    Raises:
        InvalidInputError: at ``parts`` if none is given, at ``parts[i]`` for each part that
            is not a casekit identifier.

    Examples:
        >>> resource_id("case-river")
        'case-river'
        >>> resource_id("case-river", "ct_1")
        'case-river..ct.u1'
        >>> casekit_ids(resource_id("case-river", "ct_1"))
        ('case-river', 'ct_1')
        >>> resource_id("c" * 70)[:4], len(resource_id("c" * 70))
        ('.h6f', 64)
    """
    if not parts:
        raise InvalidInputError.one("parts", "empty", "must name at least one casekit id")
    problems = [
        Problem(f"parts[{i}]", "identifier", IDENTIFIER_MESSAGE)
        for i, part in enumerate(parts)
        if type(part) is not str or not IDENTIFIER.fullmatch(part)
    ]
    if problems:
        raise InvalidInputError(problems)
    return encoded(*parts)


_NOT_OURS: Final = "is not a resource id casekit wrote (or it was hashed, being too long)"


def casekit_ids(resource_id: str) -> tuple[str, ...]:
    """Return the casekit ids a resource id was made of: the inverse of `resource_id`.

    Raises:
        InvalidInputError: at ``resource_id`` (code ``not_casekit``) if no casekit ids give
            it, such as a hashed id or one with an unknown escape.

    Examples:
        >>> casekit_ids("case-1..as-1..2")
        ('case-1', 'as-1', '2')
        >>> casekit_ids(".h0")
        Traceback (most recent call last):
        ...
        casekit.errors.InvalidInputError: invalid input (1 problem):
          resource_id: is not a resource id casekit wrote (or it was hashed, being too long)
    """
    if type(resource_id) is not str:
        raise InvalidInputError.one("resource_id", "type", "must be a string")
    parts: list[str] = []
    current: list[str] = []
    i, n = 0, len(resource_id)
    while i < n:
        char = resource_id[i]
        if char != ".":
            current.append(char)
            i += 1
            continue
        code = resource_id[i + 1 : i + 2]
        if code == ".":
            parts.append("".join(current))
            current = []
        elif code in _UNESCAPES:
            current.append(_UNESCAPES[code])
        else:
            raise InvalidInputError.one("resource_id", "not_casekit", _NOT_OURS)
        i += 2
    parts.append("".join(current))
    if not all(IDENTIFIER.fullmatch(part) for part in parts):
        raise InvalidInputError.one("resource_id", "not_casekit", _NOT_OURS)
    return tuple(parts)
