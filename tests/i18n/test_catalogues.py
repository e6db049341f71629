"""casekit's catalogues: every code in every language, with the same placeholders."""

import functools
import string
from importlib import resources

import pytest

from casekit import i18n

LANGUAGES = ("en", "fr", "it", "pt", "tl")
ENGLISH = i18n.CATALOGUES.loaded()["en"]
CODES = sorted(i18n.CATALOGUES.own())


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def sample(template: str) -> dict[str, str]:
    return {name: f"<{name}>" for name in fields(template)}


@functools.cache
def shipped(tag: str) -> dict[str, str]:
    text = (resources.files("casekit.i18n") / "messages" / f"{tag}.po").read_text("utf-8")
    from casekit.i18n import _po

    return _po.parse(text, source=f"{tag}.po")


def test_casekit_ships_five_languages_with_english_the_source():
    """English, French, Italian, Portuguese and Tagalog have a catalogue; en.po holds the codes."""
    assert i18n.SHIPPED == LANGUAGES
    assert set(LANGUAGES) <= set(i18n.locales())
    assert set(CODES) == set(shipped("en"))
    assert len(CODES) > 100


@pytest.mark.parametrize("tag", LANGUAGES)
def test_every_code_has_a_sentence_in_every_language(tag):
    """Each shipped .po translates exactly casekit's codes: none missing, none extra."""
    assert sorted(shipped(tag)) == CODES


@pytest.mark.parametrize("tag", LANGUAGES[1:])
def test_every_translation_names_the_same_placeholders_as_english(tag):
    """A translation uses exactly the parameters of the English sentence, by the same names."""
    catalogue = shipped(tag)
    mismatched = {
        code: (fields(ENGLISH[code]), fields(catalogue[code]))
        for code in CODES
        if fields(ENGLISH[code]) != fields(catalogue[code])
    }
    assert mismatched == {}


@pytest.mark.parametrize("tag", LANGUAGES)
def test_every_message_formats_with_sample_parameters(tag):
    """Given each of its parameters, every sentence renders with each value in and no brace left."""
    for code in CODES:
        params = sample(ENGLISH[code])
        text = i18n.render(code, sorted(params.items()), locale=tag)
        assert "{" not in text and "}" not in text, (tag, code, text)
        assert all(value in text for value in params.values()), (tag, code, text)
        assert text == shipped(tag)[code].format(**params)


@pytest.mark.parametrize("tag", LANGUAGES[1:])
def test_every_translation_differs_from_the_english(tag):
    """No sentence is left in English: each one reads differently from the source."""
    same = [code for code in CODES if shipped(tag)[code] == ENGLISH[code]]
    assert same == []


def test_the_english_dicts_are_gone_and_en_po_is_the_one_source():
    """There is no second English copy in Python: the .po files are the catalogue."""
    folder = resources.files("casekit.i18n")
    modules = sorted(p.name for p in folder.iterdir() if p.name.endswith(".py"))
    assert modules == ["__init__.py", "_catalogue.py", "_errors.py", "_po.py"]
    assert sorted(p.name for p in (folder / "messages").iterdir()) == [
        f"{tag}.po" for tag in sorted(LANGUAGES)
    ]
