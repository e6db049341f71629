"""The .po reader: reads what GNU msgfmt and gettext read, or says where it cannot."""

import gettext
import shutil
import subprocess
from importlib import resources

import pytest

from casekit.errors import InvalidDefinitionError
from casekit.i18n import SHIPPED, _po

MSGFMT = shutil.which("msgfmt")


def po(tag: str) -> str:
    return (resources.files("casekit.i18n") / "messages" / f"{tag}.po").read_text("utf-8")


@pytest.mark.skipif(MSGFMT is None, reason="GNU gettext's msgfmt is not installed")
@pytest.mark.parametrize("tag", SHIPPED)
def test_msgfmt_and_gettext_read_each_shipped_file_as_casekit_does(tag, tmp_path):
    """msgfmt --check accepts each .po, and gettext's lookups from its .mo equal the reader's."""
    source = resources.files("casekit.i18n") / "messages" / f"{tag}.po"
    mo = tmp_path / f"{tag}.mo"
    subprocess.run([MSGFMT, "--check", "-o", str(mo), str(source)], check=True)  # noqa: S603
    with mo.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    ours = _po.parse(po(tag), source=f"{tag}.po")
    english = _po.parse(po("en"), source="en.po")

    assert translations.info()["language"] == tag
    assert {code: translations.gettext(code) for code in english} == ours


def test_a_message_split_over_lines_with_escapes_is_joined():
    """Continuation lines join; \\" \\\\ \\n \\t unescape; the header and comments are skipped."""
    text = r"""
# a comment
msgid ""
msgstr "Language: it\n"

#. for translators
msgid "a.b"
msgstr ""
"say \"hi\" "
"to \\ all\t\n"
"""
    assert _po.parse(text, source="x.po") == {"a.b": 'say "hi" to \\ all\t\n'}


def test_fuzzy_and_untranslated_entries_are_skipped_so_english_shows():
    """An entry flagged fuzzy, or with an empty msgstr, is left out, as msgfmt leaves it out."""
    text = """
msgid "a.one"
msgstr "kept"

#, fuzzy
msgid "a.two"
msgstr "a guess"

msgid "a.three"
msgstr ""

msgid "a.four"
msgstr "kept too"
"""
    assert _po.parse(text, source="x.po") == {"a.one": "kept", "a.four": "kept too"}


def test_an_empty_file_has_no_messages():
    """Nothing to read is no messages, not an error."""
    assert _po.parse("", source="x.po") == {}


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('msgid "a.b"\nmsgstr "x"\nmsgid_plural "a.bs"', 3, "must be a comment"),
        ('msgctxt "menu"\nmsgid "a.b"\nmsgstr "x"', 1, "must be a comment"),
        ('"orphan"', 1, "must be a comment"),
        ('msgid "a.b"\nmsgstr "x"\nmsgstr[0] "y"', 3, "must be a comment"),
        ('msgstr "x"', 1, "without a msgid"),
        ('msgid "a.b"\nmsgstr "x"\nmsgstr "y"', 3, "without a msgid"),
        ('msgid "a.b"\nmsgid "a.c"\nmsgstr "y"', 2, "without a msgstr"),
        ('msgid "a.b"', 1, "without a msgstr"),
        ('msgid "a.b"\nmsgstr "x"\nmsgid "a.b"\nmsgstr "y"', 4, "repeats a msgid"),
        ('msgid "a.b"\nmsgstr "x \\q"', 2, "unknown escape"),
        ('msgid "a.b"\nmsgstr "unclosed', 2, "must be a comment"),
    ],
    ids=[
        "plural",
        "context",
        "continuation-first",
        "plural-msgstr",
        "msgstr-first",
        "msgstr-twice",
        "msgid-twice",
        "msgid-last",
        "duplicate",
        "escape",
        "unclosed",
    ],
)
def test_a_malformed_file_is_refused_naming_the_file_and_line(text, line, message):
    """A line the reader does not understand is an InvalidDefinitionError at file:line."""
    with pytest.raises(InvalidDefinitionError) as caught:
        _po.parse(text, source="x.po")

    [problem] = caught.value.problems
    assert (problem.path, problem.code) == (f"x.po:{line}", "po_syntax")
    assert message in problem.message
