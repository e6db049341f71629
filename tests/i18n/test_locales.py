"""Choosing a language: regions fall back to their language, anything unknown to English."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from profiles import examples

from casekit import i18n
from casekit.rules import Reason

REASON = Reason.of("coverage.waiting_period", benefit="therapy", days=30)
SENTENCES = {
    "en": "therapy has a waiting period of 30 days from the start of coverage",
    "fr": (
        "la prestation therapy est soumise à un délai de carence de 30 jours à compter du début "
        "de la couverture"
    ),
    "it": "la garanzia therapy ha un periodo di carenza di 30 giorni dall'inizio della copertura",
    "pt": "therapy tem carência de 30 dias a partir do início da cobertura",
    "tl": "ang therapy ay may waiting period na 30 araw mula sa simula ng coverage",
}


@pytest.mark.parametrize(
    ("locale", "language"),
    [
        ("en", "en"),
        ("it", "it"),
        ("pt", "pt"),
        ("fr", "fr"),
        ("tl", "tl"),
        ("pt_BR", "pt"),
        ("pt-BR", "pt"),
        ("pt-PT", "pt"),
        ("fr_CA", "fr"),
        ("fr-ca", "fr"),
        ("it-IT", "it"),
        ("IT", "it"),
        ("pt_BR.UTF-8", "pt"),
        ("it_IT@euro", "it"),
        ("fil", "tl"),
        ("fil-PH", "tl"),
        ("tl-PH", "tl"),
        ("en-GB", "en"),
        ("de", "en"),
        ("zh-Hant-TW", "en"),
        ("es-419", "en"),
        ("ca-ES-valencia", "en"),
        ("C", "en"),
        ("", "en"),
        ("not a locale", "en"),
    ],
)
@pytest.mark.usefixtures("shipped_only")
def test_a_locale_renders_in_its_language_or_else_english(locale, language):
    """A region or a POSIX name reads its language; a language casekit lacks reads English."""
    assert REASON.message(locale) == SENTENCES[language]
    assert i18n.resolve_locale(locale) == language


@pytest.mark.parametrize("locale", [None, 5, [], {}, b"it"], ids=repr)
def test_a_locale_that_is_not_text_renders_in_english(locale):
    """Rendering never fails: a locale of the wrong type is an unknown locale."""
    assert i18n.render(REASON.code, REASON.params, locale=locale) == SENTENCES["en"]
    assert i18n.resolve_locale(locale) == "en"


def test_a_code_missing_from_a_language_falls_back_to_english(fresh_catalogues):
    """A language without a sentence for a code shows the English one."""
    del fresh_catalogues["it"]["coverage.waiting_period"]

    assert REASON.message("it-IT") == SENTENCES["en"]
    assert REASON.message("pt") == SENTENCES["pt"]


@given(st.text(max_size=40))
@settings(max_examples=examples(200))
def test_any_text_as_a_locale_renders_one_of_the_languages(locale):
    """Whatever the locale text, the sentence is one of the shipped renderings, never an error."""
    assert REASON.message(locale) in SENTENCES.values()
    assert i18n.resolve_locale(locale) in i18n.locales()


def test_a_test_may_set_a_whole_catalogue_and_it_is_removed_after(monkeypatch):
    """CATALOGUES takes monkeypatch.setitem, and undoing it removes the catalogue again."""
    monkeypatch.setitem(i18n.CATALOGUES, "nl-BE", {"coverage.covered": "gedekt"})
    assert Reason.of("coverage.covered").message("nl_BE") == "gedekt"

    monkeypatch.undo()
    assert "nl-BE" not in i18n.CATALOGUES
    assert Reason.of("coverage.covered").message("nl_BE") == "the service is covered"
