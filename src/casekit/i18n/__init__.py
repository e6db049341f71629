"""Message catalogues: stable reason codes rendered to sentences, in five languages and more.

casekit ships its messages in English (the source), French, Italian, Portuguese and Tagalog,
as gettext ``.po`` files in ``casekit/i18n/messages/`` (one per language, ``msgid`` = the stable
reason code). Templates use ``str.format`` fields named after the reason's parameters, the
same names in every language. Rendering never fails: a region falls back to its language
(``pt-BR`` to ``pt``), a missing sentence or an unknown locale to English, and an unknown code
to the code itself, so an explanation is always shown.

An application's own reason codes (a guard's, a rule's), and whole new languages, get their
sentences through `register_messages`; casekit's own sentences cannot be replaced.
docs/i18n.md tells how, and how to add a code to casekit.

Examples:
    >>> render("input.missing", (), locale="en")
    'is required'
    >>> render("coverage.authorization_needed", (("benefit", "PT"),), locale="it")
    "PT richiede un'autorizzazione preventiva"
    >>> render("no.such.code", (("x", 1),))
    'no.such.code (x=1)'
"""

from __future__ import annotations

from casekit.i18n._catalogue import (
    CATALOGUES,
    SHIPPED,
    locales,
    register_messages,
    render,
    resolve_locale,
)
from casekit.i18n._errors import render_error

__all__ = [
    "CATALOGUES",
    "SHIPPED",
    "locales",
    "register_messages",
    "render",
    "render_error",
    "resolve_locale",
]
