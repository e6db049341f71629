"""Applications add codes and languages by registering, never by editing casekit's catalogues."""

import pytest

from casekit import i18n
from casekit.errors import InvalidInputError
from casekit.rules import Reason


def problems(caught):
    return [(p.path, p.code) for p in caught.value.problems]


@pytest.mark.usefixtures("fresh_catalogues")
def test_an_application_code_renders_in_each_language_it_registers():
    """The application's own code gets a sentence per locale, with regions falling back."""
    i18n.register_messages("en", {"screening.not_adult": "the client is under {age}"})
    i18n.register_messages("it", {"screening.not_adult": "l'assistito ha meno di {age} anni"})
    i18n.register_messages("tl", {"screening.not_adult": "ang kliyente ay wala pang {age}"})
    reason = Reason.of("screening.not_adult", age=18)

    assert reason.message() == "the client is under 18"
    assert reason.message("it_IT") == "l'assistito ha meno di 18 anni"
    assert reason.message("fil") == "ang kliyente ay wala pang 18"
    assert reason.message("fr") == "the client is under 18"


@pytest.mark.usefixtures("fresh_catalogues")
def test_an_application_adds_a_language_by_translating_casekits_codes():
    """In a locale casekit does not ship, casekit's codes may be translated; the rest is English."""
    i18n.register_messages(
        "de",
        {
            "coverage.covered": "die Leistung ist gedeckt",
            "coverage.waiting_period": "{benefit} hat eine Wartezeit von {days} Tagen",
        },
    )

    assert Reason.of("coverage.covered").message("de-CH") == "die Leistung ist gedeckt"
    assert (
        Reason.of("coverage.waiting_period", benefit="PT", days=30).message("de_DE.UTF-8")
        == "PT hat eine Wartezeit von 30 Tagen"
    )
    assert Reason.of("coverage.after_coverage").message("de") == (
        "the service date is after coverage ended"
    )
    assert "de" in i18n.locales()
    assert i18n.resolve_locale("de-AT") == "de"


@pytest.mark.usefixtures("fresh_catalogues")
def test_a_regional_catalogue_overrides_its_language_where_it_has_a_sentence():
    """pt-BR registered for one code wins for that code; pt answers the rest."""
    i18n.register_messages("pt_br", {"coverage.covered": "o procedimento tem cobertura no plano"})

    assert "pt-BR" in i18n.locales()
    assert Reason.of("coverage.covered").message("pt-BR") == "o procedimento tem cobertura no plano"
    assert Reason.of("coverage.covered").message("pt-PT") == "o procedimento tem cobertura"
    assert Reason.of("coverage.after_coverage").message("pt-BR") == (
        "a data do atendimento é posterior ao fim da cobertura"
    )


@pytest.mark.usefixtures("fresh_catalogues")
def test_registering_a_code_again_replaces_its_sentence():
    """The last registration of an application code is the one shown."""
    i18n.register_messages("en", {"screening.not_adult": "under {age}"})
    i18n.register_messages("en", {"screening.not_adult": "younger than {age}"})

    assert Reason.of("screening.not_adult", age=18).message() == "younger than 18"


@pytest.mark.parametrize(
    ("locale", "messages", "problem"),
    [
        ("it", {"coverage.covered": "x"}, ("messages.coverage_covered", "reserved")),
        ("fil", {"coverage.covered": "x"}, ("messages.coverage_covered", "reserved")),
        ("pt-PT", {"coverage.no_such": "x"}, ("messages.coverage_no_such", "unknown")),
        (
            "de",
            {"coverage.waiting_period": "{benefit} wartet {tage} Tage"},
            ("messages.coverage_waiting_period", "placeholders"),
        ),
        (
            "de",
            {"coverage.covered": "gedeckt für {benefit}"},
            ("messages.coverage_covered", "placeholders"),
        ),
        ("pt_BR.UTF-8", {"probe.ok": "x"}, ("locale", "locale")),
    ],
    ids=["shipped", "alias", "unknown-code", "renamed-field", "no-fields", "posix-name"],
)
def test_a_registration_that_would_change_casekits_sentences_is_refused(
    fresh_catalogues, locale, messages, problem
):
    """casekit's sentences stay; a translation keeps English's parameters; nothing half-done."""
    before = {tag: dict(catalogue) for tag, catalogue in fresh_catalogues.items()}
    with pytest.raises(InvalidInputError) as caught:
        i18n.register_messages(locale, messages)

    assert problems(caught) == [problem]
    assert {tag: dict(c) for tag, c in fresh_catalogues.items()} == before


@pytest.mark.usefixtures("fresh_catalogues")
def test_a_refused_placeholder_names_the_ones_english_uses():
    """The problem says which parameters the translation may use, never the template."""
    i18n.register_messages("en", {"screening.not_adult": "the client is under {age}"})
    with pytest.raises(InvalidInputError) as caught:
        i18n.register_messages("it", {"screening.not_adult": "ha meno di {eta} anni"})

    [problem] = caught.value.problems
    assert problem.message == "may name only the English sentence's parameters: {age}"
    with pytest.raises(InvalidInputError) as caught:
        i18n.register_messages("de", {"coverage.covered": "gedeckt für {benefit}"})
    assert caught.value.problems[0].message.endswith("parameters: none")


def test_one_bad_entry_registers_nothing_of_the_batch(fresh_catalogues):
    """Every problem is reported, and the good entries beside them are not registered."""
    before = {tag: dict(catalogue) for tag, catalogue in fresh_catalogues.items()}
    with pytest.raises(InvalidInputError) as caught:
        i18n.register_messages(
            "nl", {"screening.ok": "goed", "coverage.covered": "{x}", "Bad": "x"}
        )

    assert problems(caught) == [
        ("messages.coverage_covered", "placeholders"),
        ("messages.Bad", "code"),
    ]
    assert {tag: dict(c) for tag, c in fresh_catalogues.items()} == before
