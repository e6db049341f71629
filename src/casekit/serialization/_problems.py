"""How a refusal becomes problems: every problem with its path, never a value.

Hooks refuse a value by raising `Refusal` (a code and a message) or an `InvalidInputError`;
cattrs gathers what its generated hooks raise into exception groups with notes naming the field
or the index. `problems` walks all of that into `Problem`s with paths such as
``history[3].payload.at``. No message from cattrs or attrs is passed on: they may quote the
value.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from casekit import _validate as v
from casekit.errors import CaseKitError, InvalidDefinitionError, InvalidInputError, Problem

__all__ = [
    "UNKNOWN_KEY",
    "Refusal",
    "definition_error",
    "invalid",
    "join",
    "kind_of",
    "problems",
    "store_private_as",
]

UNKNOWN_KEY: Final = "is not a known field; remove it or check its spelling"


class Refusal(Exception):  # noqa: N818  # internal signal, always turned into a Problem
    """A hook's refusal of a value: a stable code and a message that never quotes the value."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


_KINDS: Final[dict[type, str]] = {
    bool: "true or false",
    int: "a number",
    float: "a number",
    str: "a string",
    list: "a list",
    dict: "an object",
    type(None): "null",
}


def kind_of(value: object) -> str:
    """Name the JSON type of *value* for a message ("a string", "null"), never the value."""
    return _KINDS.get(type(value), "another type")


_RENAMED: Final[dict[str, str]] = {}
"""Private attributes stored under another key (``Decision._explain`` is ``trace``)."""


def store_private_as(attribute: str, key: str) -> None:
    """Report problems with the private *attribute* at *key*, the name it has in the data.

    cattrs names an attribute in its error notes; a private one (leading underscore) that a
    hook renames would otherwise be reported at a name the data never has.
    """
    _RENAMED[attribute] = key


def join(prefix: str, part: str) -> str:
    """Return the path *part* below *prefix* (``a.b``, ``a[3]``)."""
    if not prefix:
        return part
    if not part:
        return prefix
    return prefix + part if part.startswith("[") else f"{prefix}.{part}"


def problems(exc: BaseException, path: str) -> Iterator[Problem]:
    """Yield the problems *exc* stands for, at paths below *path*."""
    if isinstance(exc, ForbiddenExtraKeysError):
        for key in sorted(map(str, exc.extra_fields)):
            yield Problem(join(path, v.shown_key(key)), "unknown_key", UNKNOWN_KEY)
    elif isinstance(exc, (ClassValidationError, IterableValidationError)):
        for sub in exc.exceptions:
            yield from problems(sub, join(path, _note_path(sub)))
    elif isinstance(exc, InvalidInputError):
        for p in exc.problems:
            yield Problem(join(path, p.path), p.code, p.message)
    elif isinstance(exc, Refusal):
        yield Problem(path, exc.code, exc.message)
    elif isinstance(exc, KeyError):
        yield Problem(path, "missing", "is required")
    elif isinstance(exc, CaseKitError):
        yield Problem(path, "invalid", str(exc).splitlines()[0])
    else:
        yield Problem(path, "type", _expected_message(exc))


def _note_path(exc: BaseException) -> str:
    note = next(
        (
            n
            for n in getattr(exc, "__notes__", ())
            if isinstance(n, (AttributeValidationNote, IterableValidationNote))
        ),
        None,
    )
    if isinstance(note, AttributeValidationNote):
        return v.shown_key(_RENAMED.get(note.name, note.name))
    return "" if note is None else f"[{note.index}]"


def _expected_message(exc: BaseException) -> str:
    # cattrs and attrs messages may quote the value, so they are never passed on.
    if isinstance(exc, (TypeError, AttributeError)):
        return "has the wrong shape: check this field against the documented form"
    return "has a value this field does not accept: check the documented form"


def definition_error(exc: BaseException) -> InvalidDefinitionError | None:
    """Return the one definition error structuring raised, if that is all it raised."""
    if isinstance(exc, InvalidDefinitionError):
        return exc
    if isinstance(exc, BaseExceptionGroup) and len(exc.exceptions) == 1:
        return definition_error(exc.exceptions[0])
    return None


def invalid(exc: BaseException) -> InvalidInputError:
    """Return one `InvalidInputError` listing every problem *exc* stands for."""
    found = list(problems(exc, ""))
    for index, p in enumerate(found):
        if not p.path:
            found[index] = Problem("$", p.code, p.message)
    return InvalidInputError(found)
