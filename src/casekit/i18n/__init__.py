"""Message catalogues: stable reason codes rendered to sentences, per locale.

Catalogues are plain dicts, one per domain and locale, keyed by stable codes such as
``"lifecycle.closure_reason_missing"``. Templates use ``str.format`` fields named after the
reason's parameters. Rendering never fails: an unknown code, locale or parameter falls back to
English and then to the code itself, so an explanation is always shown.

Examples:
    >>> render("input.missing", (), locale="en")
    'is required'
    >>> render("no.such.code", (("x", 1),))
    'no.such.code (x=1)'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

from casekit.i18n import _careplan, _core, _coverage, _lifecycle, _rules

__all__ = ["CATALOGUES", "locales", "render"]

CATALOGUES: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {**_core.EN, **_rules.EN, **_lifecycle.EN, **_coverage.EN, **_careplan.EN},
}
"""Every catalogue, by BCP 47 locale tag; each maps a reason code to a template."""


def locales() -> tuple[str, ...]:
    """Return the locales that have a catalogue, sorted."""
    return tuple(sorted(CATALOGUES))


class _Lenient(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(code: str, params: Iterable[tuple[str, object]], *, locale: str = "en") -> str:
    """Return the sentence for *code* with *params*, in *locale* if it has one, else English."""
    values = _Lenient(params)
    given: object = locale  # a locale that is not text, even an unhashable one, is unknown
    catalogue = CATALOGUES.get(given, {}) if isinstance(given, str) else {}
    template = catalogue.get(code) or CATALOGUES["en"].get(code)
    if template is None:
        detail = ", ".join(f"{k}={v}" for k, v in values.items())
        return f"{code} ({detail})" if detail else code
    try:
        return template.format_map(values)
    except (ValueError, IndexError, AttributeError):
        return template
