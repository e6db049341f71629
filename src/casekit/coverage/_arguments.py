"""Checks the coverage verbs share, beyond those of `casekit._validate`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from casekit.errors import InvalidInputError


def items(value: object, path: str, kind: str) -> tuple[Any, ...]:
    """Return the items of a verb's collection argument as a tuple.

    Text is refused outright rather than read as characters, and so is anything that is not
    iterable; the items themselves are left to the caller to check.
    """
    if type(value) is tuple:
        return value
    if type(value) is list:
        return tuple(value)
    if isinstance(value, (str, bytes, bytearray)) or not isinstance(value, Iterable):
        raise InvalidInputError.one(path, "type", f"must be an iterable of {kind}, such as a list")
    return tuple(value)
