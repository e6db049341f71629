"""Message catalogues: stable reason codes rendered to sentences, per locale.

Catalogues are plain dicts, one per domain and locale, keyed by stable codes such as
``"lifecycle.closure_reason_missing"``. Templates use ``str.format`` fields named after the
reason's parameters. Rendering never fails: an unknown code, locale or parameter falls back to
English and then to the code itself, so an explanation is always shown.

An application's own reason codes (a guard's, a rule's) get their sentences through
`register_messages`, in any locale; casekit's own codes cannot be replaced.

Examples:
    >>> render("input.missing", (), locale="en")
    'is required'
    >>> render("no.such.code", (("x", 1),))
    'no.such.code (x=1)'
"""

from __future__ import annotations

import re
import string
import threading
from collections.abc import Iterable, Mapping
from typing import Final

from casekit._validate import TEXT_CONTROL, shown_key
from casekit.errors import InvalidInputError, Problem
from casekit.i18n import _careplan, _ccm, _core, _coverage, _lifecycle, _rules

__all__ = ["CATALOGUES", "locales", "register_messages", "render"]

CATALOGUES: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        **_core.EN,
        **_rules.EN,
        **_lifecycle.EN,
        **_coverage.EN,
        **_ccm.EN,
        **_careplan.EN,
    },
}
"""Every catalogue, by BCP 47 locale tag; each maps a reason code to a template. Read it;
add to it only through `register_messages`."""

_OWN_NAMESPACES: Final = frozenset(code.split(".", 1)[0] for code in CATALOGUES["en"])
"""The first parts of casekit's own codes (``lifecycle``, ``rules``, ...): reserved."""
_LOCALE: Final = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,4}")
_CODE: Final = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")
_LOCK: Final = threading.Lock()


def _template_problem(code: str, template: object) -> Problem | None:
    where = f"messages.{shown_key(code.replace('.', '_'))}"
    if type(template) is not str or not template.strip() or len(template) > 1000:  # noqa: PLR2004  # a sentence
        return Problem(where, "type", "must be a sentence of at most 1000 characters")
    if TEXT_CONTROL.search(template):
        return Problem(where, "control_character", "must not contain control characters")
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError:
        return Problem(where, "template", "must be a str.format template, such as 'over {limit}'")
    if any(name is not None and not name.isidentifier() for _, name, _, _ in fields):
        return Problem(where, "template", "may name parameters only, such as {limit}")
    return None


def register_messages(locale: str, messages: Mapping[str, str]) -> None:
    """Add the application's own reason codes and their sentences to *locale*'s catalogue.

    Codes are dotted and lower-case, such as ``"screening.not_adult"``; templates are
    `str.format` text naming the reason's parameters. casekit's own codes, and any code in
    their namespaces (``lifecycle.``, ``rules.``, ``coverage.``, ``input.``), are refused:
    register a message for a new code, not a new message for casekit's. Registering an
    application code again replaces its sentence. Nothing is registered if anything is wrong.

    Raises:
        InvalidInputError: naming ``locale`` or ``messages.<code>`` for a bad tag, code or
            template (never the template itself).

    Examples:
        >>> register_messages("en", {"example.under_age": "the client is under {age}"})
        >>> render("example.under_age", (("age", 18),))
        'the client is under 18'
        >>> register_messages("en", {"lifecycle.reason_missing": "..."})
        Traceback (most recent call last):
        ...
        casekit.errors.InvalidInputError: invalid input (1 problem):
          messages.lifecycle_reason_missing: is casekit's own code; use your own namespace
    """
    if type(locale) is not str or not _LOCALE.fullmatch(locale):
        raise InvalidInputError.one(
            "locale", "locale", "must be a BCP 47 tag such as 'en' or 'pt-BR'"
        )
    if not isinstance(messages, Mapping):
        raise InvalidInputError.one("messages", "type", "must map reason codes to templates")
    problems: list[Problem] = []
    for code, template in messages.items():
        if type(code) is not str or not _CODE.fullmatch(code):
            problems.append(
                Problem(
                    f"messages.{shown_key(code)}",
                    "code",
                    "must be a dotted lower-case code, such as 'screening.not_adult'",
                )
            )
        elif code.split(".", 1)[0] in _OWN_NAMESPACES:
            problems.append(
                Problem(
                    f"messages.{shown_key(code.replace('.', '_'))}",
                    "reserved",
                    "is casekit's own code; use your own namespace",
                )
            )
        elif (problem := _template_problem(code, template)) is not None:
            problems.append(problem)
    if problems:
        raise InvalidInputError(problems)
    with _LOCK:
        catalogue = CATALOGUES.get(locale)
        if catalogue is None:
            catalogue = CATALOGUES[locale] = {}  # type: ignore[index]  # the one writer
        catalogue.update(messages)  # type: ignore[attr-defined]  # dicts, built here and above


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
