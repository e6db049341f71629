"""casekit's catalogues, read from ``messages/<tag>.po`` on first use, and the application's."""

from __future__ import annotations

import functools
import re
import string
import threading
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import Final

from casekit._validate import TEXT_CONTROL, shown_key
from casekit.errors import InvalidInputError, Problem
from casekit.i18n import _po

SHIPPED: Final = ("en", "fr", "it", "pt", "tl")
"""The languages casekit ships a ``messages/<tag>.po`` for; ``en`` is the source."""
_ALIASES: Final = {"fil": "tl"}
"""Filipino, the national standard built on Tagalog, reads the Tagalog catalogue."""
_TAG: Final = re.compile(r"[A-Za-z]{2,8}([-_][A-Za-z0-9]{1,8}){0,4}")
_CODE: Final = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")
_LOCK: Final = threading.RLock()


def _canonical(tag: str) -> str:
    """Return *tag* in BCP 47 case, ``-`` separated: ``pt_br`` is ``pt-BR``, ``fil`` is ``tl``."""
    first, *rest = re.split(r"[-_]", tag)
    parts = [_ALIASES.get(first.lower(), first.lower())]
    for part in rest:
        if len(part) == 4 and part.isalpha():  # noqa: PLR2004  # a script: Hant
            parts.append(part.title())
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):  # noqa: PLR2004  # a region: BR, 419
            parts.append(part.upper())
        else:
            parts.append(part.lower())
    return "-".join(parts)


@functools.lru_cache(maxsize=64)
def chain(locale: str) -> tuple[str, ...]:
    """Return the catalogues to look in for *locale*, most specific first, ending in ``en``.

    A POSIX name's encoding and modifier are dropped (``pt_BR.UTF-8`` is ``pt-BR``); something
    that is not a language tag at all (``C``, ``""``) reads English.
    """
    base = locale.split(".", 1)[0].split("@", 1)[0]
    if not _TAG.fullmatch(base):
        return ("en",)
    parts = _canonical(base).split("-")
    tags = tuple("-".join(parts[:n]) for n in range(len(parts), 0, -1))
    return tags if tags[-1] == "en" else (*tags, "en")


def _tags(locale: object) -> tuple[str, ...]:
    # A locale that is not text, even an unhashable one, reads English.
    return chain(locale) if isinstance(locale, str) else ("en",)


def fields(template: str) -> frozenset[str]:
    """Return the parameter names a valid template uses."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


class Catalogues(MutableMapping[str, dict[str, str]]):
    """Every catalogue by locale tag, each mapping a reason code to its template.

    casekit's own are read from the package's ``.po`` files the first time anything asks, not at
    import; `register_messages` adds the application's. Setting or deleting a catalogue is
    for tests (``monkeypatch.setitem``); applications register.
    """

    def __init__(self) -> None:
        self._data: dict[str, dict[str, str]] = {}
        self._own: frozenset[str] = frozenset()

    def loaded(self) -> dict[str, dict[str, str]]:
        """Return the catalogues, reading casekit's on first use."""
        with _LOCK:
            if not self._own:
                folder = Path(__file__).parent / "messages"  # package data, beside this file
                for tag in SHIPPED:
                    text = (folder / f"{tag}.po").read_text(encoding="utf-8")
                    self._data[tag] = _po.parse(text, source=f"casekit/i18n/messages/{tag}.po")
                self._own = frozenset(self._data["en"])
            return self._data

    def own(self) -> frozenset[str]:
        """Return casekit's own codes: the ones ``en.po`` holds."""
        self.loaded()
        return self._own

    def __getitem__(self, locale: str) -> dict[str, str]:
        return self.loaded()[locale]

    def __setitem__(self, locale: str, catalogue: dict[str, str]) -> None:
        self.loaded()[locale] = catalogue

    def __delitem__(self, locale: str) -> None:
        del self.loaded()[locale]

    def __iter__(self) -> Iterator[str]:
        return iter(list(self.loaded()))

    def __len__(self) -> int:
        return len(self.loaded())


CATALOGUES: Final = Catalogues()
"""Every catalogue, by BCP 47 locale tag; each maps a reason code to a template. Read it;
add to it only through `register_messages`."""


def _template_problem(code: str, template: object, english: str | None) -> Problem | None:
    where = f"messages.{shown_key(code.replace('.', '_'))}"
    if type(template) is not str or not template.strip() or len(template) > 1000:  # noqa: PLR2004  # a sentence
        return Problem(where, "type", "must be a sentence of at most 1000 characters")
    if TEXT_CONTROL.search(template):
        return Problem(where, "control_character", "must not contain control characters")
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        return Problem(where, "template", "must be a str.format template, such as 'over {limit}'")
    if any(name is not None and not name.isidentifier() for _, name, _, _ in parsed):
        return Problem(where, "template", "may name parameters only, such as {limit}")
    if english is not None and not fields(template) <= (allowed := fields(english)):
        names = ", ".join(f"{{{name}}}" for name in sorted(allowed)) or "none"
        return Problem(
            where, "placeholders", f"may name only the English sentence's parameters: {names}"
        )
    return None


def _code_problem(code: object, tag: str, own: frozenset[str]) -> Problem | None:
    if type(code) is not str or not _CODE.fullmatch(code):
        return Problem(
            f"messages.{shown_key(code)}",
            "code",
            "must be a dotted lower-case code, such as 'screening.not_adult'",
        )
    where = f"messages.{shown_key(code.replace('.', '_'))}"
    if code.split(".", 1)[0] not in {known.split(".", 1)[0] for known in own}:
        return None
    if tag in SHIPPED:
        return Problem(where, "reserved", "is casekit's own code; use your own namespace")
    if code not in own:
        return Problem(where, "unknown", "is not one of casekit's codes; use your own namespace")
    return None


def register_messages(locale: str, messages: Mapping[str, str]) -> None:
    """Add sentences to *locale*'s catalogue: the application's own codes, or a new language.

    Codes are dotted and lower-case, such as ``"screening.not_adult"``; templates are
    `str.format` text naming the reason's parameters. In a language casekit ships (``en``,
    ``fr``, ``it``, ``pt``, ``tl``) casekit's own codes, and any code in their namespaces
    (``lifecycle.``, ``coverage.``, ...), are refused: register a message for a new code, not
    a new message for casekit's. In any other locale (``de``, ``es``, or a regional ``pt-BR``)
    casekit's codes may be translated too. A template may name only the parameters of the
    code's English sentence, when there is one. Registering a code again replaces its
    sentence. Nothing is registered if anything is wrong.

    *locale* is a BCP 47 tag; ``pt_BR`` and ``PT-br`` are read as ``pt-BR``, ``fil`` as ``tl``.

    Raises:
        InvalidInputError: naming ``locale`` or ``messages.<code>`` for a bad tag, code or
            template (never the template itself).

    Examples:
        >>> register_messages("en", {"example.under_age": "the client is under {age}"})
        >>> register_messages("it", {"example.under_age": "l'assistito ha meno di {age} anni"})
        >>> render("example.under_age", (("age", 18),), locale="it-IT")
        "l'assistito ha meno di 18 anni"
        >>> register_messages("de", {"coverage.covered": "die Leistung ist gedeckt"})
        >>> render("coverage.covered", (), locale="de-AT")
        'die Leistung ist gedeckt'
        >>> register_messages("en", {"lifecycle.reason_missing": "..."})
        Traceback (most recent call last):
        ...
        casekit.errors.InvalidInputError: invalid input (1 problem):
          messages.lifecycle_reason_missing: is casekit's own code; use your own namespace
    """
    if type(locale) is not str or not _TAG.fullmatch(locale):
        raise InvalidInputError.one(
            "locale", "locale", "must be a BCP 47 tag such as 'en' or 'pt-BR'"
        )
    if not isinstance(messages, Mapping):
        raise InvalidInputError.one("messages", "type", "must map reason codes to templates")
    tag = _canonical(locale)
    with _LOCK:
        catalogues = CATALOGUES.loaded()
        own = CATALOGUES.own()
        english = {} if tag == "en" else catalogues["en"]
        problems: list[Problem] = []
        for code, template in messages.items():
            problem = _code_problem(code, tag, own) or _template_problem(
                code, template, english.get(code)
            )
            if problem is not None:
                problems.append(problem)
        if problems:
            raise InvalidInputError(problems)
        catalogues.setdefault(tag, {}).update(messages)


def locales() -> tuple[str, ...]:
    """Return the locales that have a catalogue, sorted.

    Examples:
        >>> {"en", "fr", "it", "pt", "tl"} <= set(locales())
        True
    """
    return tuple(sorted(CATALOGUES))


def resolve_locale(locale: str) -> str:
    """Return the catalogue that messages in *locale* come from first.

    The tag itself if it has a catalogue, else its language (``pt-BR`` reads ``pt``), else
    English. Use it to tell a user that a language they asked for is not available.

    Examples:
        >>> resolve_locale("pt_PT.UTF-8"), resolve_locale("fr-CA"), resolve_locale("xx")
        ('pt', 'fr', 'en')
    """
    catalogues = CATALOGUES.loaded()
    return next(tag for tag in _tags(locale) if tag in catalogues)


class _Lenient(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(code: str, params: Iterable[tuple[str, object]], *, locale: str = "en") -> str:
    """Return the sentence for *code* with *params*, in *locale* if it has one, else English.

    *locale* is a BCP 47 tag or a POSIX locale name: a region falls back to its language
    (``fr-CA``, ``fr_CA.UTF-8`` read ``fr``), and a code or a language without a sentence to
    English. Rendering never fails: a code nobody knows renders as itself with its parameters.

    Examples:
        >>> render("coverage.waiting_period", (("benefit", "PT"), ("days", 30)), locale="pt_BR")
        'PT tem carência de 30 dias a partir do início da cobertura'
        >>> render("coverage.covered", (), locale="xx")
        'the service is covered'
    """
    values = _Lenient(params)
    catalogues = CATALOGUES.loaded()
    template = next(
        (
            found
            for tag in _tags(locale)
            if (found := catalogues.get(tag, {}).get(code)) is not None
        ),
        None,
    )
    if template is None:
        detail = ", ".join(f"{k}={v}" for k, v in values.items())
        return f"{code} ({detail})" if detail else code
    try:
        return template.format_map(values)
    except (ValueError, IndexError, AttributeError):
        return template
