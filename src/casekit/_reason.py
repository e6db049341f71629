"""Reason: a machine-readable explanation with a stable code, rendered from the catalogue."""

from __future__ import annotations

import re
from typing import Final, TypeAlias

import attrs

from casekit import i18n
from casekit._validate import MAX_SAFE_INTEGER, TOO_LARGE
from casekit.errors import InvalidInputError

ParamValue: TypeAlias = str | int
"""A reason parameter: text or a whole number (amounts travel as decimal strings)."""

_CODE: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_CODE_MAX: Final = 128


def _check_code(_inst: object, _attr: object, value: str) -> None:
    # The shape of the catalogue's keys, such as "coverage.limit_reached".
    if type(value) is not str or len(value) > _CODE_MAX or not _CODE.fullmatch(value):
        raise InvalidInputError.one(
            "code",
            "reason_code",
            "must be a dotted code of up to 128 letters, digits and _, such as "
            "coverage.limit_reached",
        )


def _params_converter(value: object) -> tuple[tuple[str, ParamValue], ...]:
    if isinstance(value, dict):
        return tuple(sorted(value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return value  # type: ignore[return-value]  # _check_params refuses it


_BAD_PARAMS: Final = "must be (name, text or int) pairs; pass amounts as strings"


def _check_params(_inst: object, _attr: object, value: tuple[object, ...]) -> None:
    if type(value) is not tuple:
        raise InvalidInputError.one("params", "type", _BAD_PARAMS)
    for pair in value:
        if not (
            isinstance(pair, tuple)
            and len(pair) == 2  # noqa: PLR2004  # a (name, value) pair
            and isinstance(pair[0], str)
            and isinstance(pair[1], (str, int))
            and not isinstance(pair[1], bool)
        ):
            raise InvalidInputError.one("params", "type", _BAD_PARAMS)
        item = pair[1]
        if isinstance(item, int) and not -MAX_SAFE_INTEGER <= item <= MAX_SAFE_INTEGER:
            raise InvalidInputError.one("params", "too_large", TOO_LARGE)


@attrs.frozen
class Reason:
    """Why something was refused, denied or flagged: a stable code and its parameters.

    The code is stable across releases and languages; `message` renders it from the
    catalogue in `casekit.i18n`. Parameters are text or integers, never personal data.

    Raises:
        InvalidInputError: at ``code`` unless it is a dotted code of up to 128 letters, digits
            and ``_`` (``coverage.limit_reached``); at ``params`` unless they are a dict, or a
            list or tuple of (name, text or int) pairs.

    Examples:
        >>> r = Reason("lifecycle.guard_failed", {"guard": "has_assessment"})
        >>> r.params
        (('guard', 'has_assessment'),)
        >>> r.param("guard")
        'has_assessment'
        >>> Reason.of("lifecycle.guard_failed", guard="has_assessment") == r
        True
    """

    code: str = attrs.field(validator=_check_code)
    params: tuple[tuple[str, ParamValue], ...] = attrs.field(
        default=(), converter=_params_converter, validator=_check_params
    )

    @classmethod
    def of(cls, code: str, /, **params: ParamValue) -> Reason:
        """Return a reason with *params* given as keywords."""
        return cls(code, tuple(sorted(params.items())))

    def param(self, name: str, default: ParamValue | None = None) -> ParamValue | None:
        """Return the parameter called *name*, or *default*."""
        for key, value in self.params:
            if key == name:
                return value
        return default

    def message(self, locale: str = "en") -> str:
        """Return the human sentence for this reason in *locale* (English by default)."""
        return i18n.render(self.code, self.params, locale=locale)

    def __str__(self) -> str:
        return self.message()
