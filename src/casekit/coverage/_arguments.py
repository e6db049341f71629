"""Checks the coverage verbs share, beyond those of `casekit._validate`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from casekit.errors import InvalidInputError, Problem


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


def too_many_units(path: str, limit: int) -> Problem:
    """Return the problem for units at *path* past the ``units_per_line`` budget *limit*.

    The one wording `adjudicate`, `adjudicate_many` and `check_coverage` share: it names
    the budget and how to raise it (`casekit.limits.using`), never the units given.

    Examples:
        >>> problem = too_many_units("lines[3].units", 50)
        >>> problem.path, problem.code
        ('lines[3].units', 'too_large')
        >>> print(problem.message)
        is more than 50 units (units_per_line); split the line or raise the budget
    """
    return Problem(
        path,
        "too_large",
        f"is more than {limit} units (units_per_line); split the line or raise the budget",
    )
