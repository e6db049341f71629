"""Read the gettext ``.po`` files casekit ships: each ``msgid`` (a reason code) to its ``msgstr``.

The subset of the format that message catalogues keyed by code need, read the way GNU
``msgfmt`` reads it: ``#`` comments, the header entry (``msgid ""``, skipped), strings split over
several quoted lines, the ``\\"``, ``\\\\``, ``\\n`` and ``\\t`` escapes, entries flagged
``#, fuzzy`` or left untranslated (skipped, so they fall back to English). Plural forms and
``msgctxt`` are refused: no casekit message uses them. tests/i18n checks that ``msgfmt`` and
the standard library's `gettext` read every shipped file the same way.
"""

from __future__ import annotations

import re
from typing import Final

from casekit.errors import InvalidDefinitionError

_LINE: Final = re.compile(r'(msgid|msgstr)?\s*("(?:[^"\\]|\\.)*")')
_ESCAPES: Final = {'"': '"', "\\": "\\", "n": "\n", "t": "\t"}
_ESCAPE: Final = re.compile(r"\\(.)")
_NOT_PO: Final = "must be a comment, msgid, msgstr or a quoted continuation"


def _unquote(literal: str, where: str) -> str:
    def one(match: re.Match[str]) -> str:
        char = match.group(1)
        if char not in _ESCAPES:
            raise InvalidDefinitionError.one(where, "po_syntax", "has an unknown escape")
        return _ESCAPES[char]

    return _ESCAPE.sub(one, literal[1:-1])


class _Reader:
    """The entries read so far, and the one being read."""

    def __init__(self) -> None:
        self.messages: dict[str, str] = {}
        self.entry: dict[str, list[str]] = {}
        self.fuzzy = False  # the open entry is flagged fuzzy
        self.flagged = False  # a "#, fuzzy" was seen since the last msgid

    def close(self, where: str) -> None:
        entry = self.entry
        if "msgid" in entry and "msgstr" not in entry:
            raise InvalidDefinitionError.one(where, "po_syntax", "has a msgid without a msgstr")
        code = "".join(entry.get("msgid", ()))
        sentence = "".join(entry.get("msgstr", ()))
        if code in self.messages:
            raise InvalidDefinitionError.one(where, "po_syntax", "repeats a msgid")
        if code and sentence and not self.fuzzy:
            self.messages[code] = sentence

    def line(self, line: str, where: str) -> None:
        if not line or line.startswith("#"):
            self.flagged = self.flagged or (line.startswith("#,") and "fuzzy" in line)
            return
        match = _LINE.fullmatch(line)
        keyword = match.group(1) if match else None
        if keyword == "msgid":
            self.close(where)
            self.entry, self.fuzzy, self.flagged = {"msgid": []}, self.flagged, False
        elif keyword == "msgstr":
            if "msgid" not in self.entry or "msgstr" in self.entry:
                raise InvalidDefinitionError.one(where, "po_syntax", "has a msgstr without a msgid")
            self.entry["msgstr"] = []
        if match is None or not self.entry:
            raise InvalidDefinitionError.one(where, "po_syntax", _NOT_PO)
        # a continuation extends the part last opened: msgstr once there is one
        part = self.entry["msgstr" if "msgstr" in self.entry else "msgid"]
        part.append(_unquote(match.group(2), where))


def parse(text: str, *, source: str) -> dict[str, str]:
    """Return the translated messages of a ``.po`` file's *text*, by ``msgid``.

    Raises:
        InvalidDefinitionError: at ``<source>:<line>`` for a line that is not a comment, a
            ``msgid``/``msgstr`` keyword or a quoted continuation, a ``msgstr`` without its
            ``msgid``, or a ``msgid`` given twice.

    Examples:
        >>> parse('msgid "a.b"\\nmsgstr ""\\n"two "\\n"parts"\\n', source="x.po")
        {'a.b': 'two parts'}
    """
    reader = _Reader()
    number = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        reader.line(raw.strip(), f"{source}:{number}")
    reader.close(f"{source}:{number}")
    return reader.messages
