"""Reason: a machine-readable explanation with a stable code, rendered from the catalogue."""

from __future__ import annotations

from typing import TypeAlias

import attrs

from casekit import i18n

ParamValue: TypeAlias = str | int
"""A reason parameter: text or a whole number (amounts travel as decimal strings)."""


def _params_converter(value: object) -> tuple[tuple[str, ParamValue], ...]:
    if isinstance(value, dict):
        return tuple(sorted(value.items()))
    return tuple(value)  # type: ignore[arg-type]  # validated by _check_params


def _check_params(_inst: object, _attr: object, value: tuple[object, ...]) -> None:
    from casekit._validate import MAX_SAFE_INTEGER, TOO_LARGE  # noqa: PLC0415  # as below
    from casekit.errors import InvalidInputError  # noqa: PLC0415  # errors imports us for typing

    for pair in value:
        if not (
            isinstance(pair, tuple)
            and len(pair) == 2  # noqa: PLR2004  # a (name, value) pair
            and isinstance(pair[0], str)
            and isinstance(pair[1], (str, int))
            and not isinstance(pair[1], bool)
        ):
            raise InvalidInputError.one(
                "params", "type", "must be (name, text or int) pairs; pass amounts as strings"
            )
        item = pair[1]
        if isinstance(item, int) and not -MAX_SAFE_INTEGER <= item <= MAX_SAFE_INTEGER:
            raise InvalidInputError.one("params", "too_large", TOO_LARGE)


@attrs.frozen
class Reason:
    """Why something was refused, denied or flagged: a stable code and its parameters.

    The code is stable across releases and languages; `message` renders it from the
    catalogue in `casekit.i18n`. Parameters are text or integers, never personal data.

    Examples:
        >>> r = Reason("lifecycle.guard_failed", {"guard": "has_assessment"})
        >>> r.params
        (('guard', 'has_assessment'),)
        >>> r.param("guard")
        'has_assessment'
        >>> Reason.of("lifecycle.guard_failed", guard="has_assessment") == r
        True
    """

    code: str
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
