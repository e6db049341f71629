"""render_error: casekit's errors told in a language, and in English exactly as str() tells them."""

import pytest

from casekit import i18n, limits
from casekit.errors import (
    CaseKitError,
    InvalidDefinitionError,
    InvalidInputError,
    Problem,
    TransitionRefusedError,
    UnknownCodeError,
)
from casekit.lifecycle import apply
from casekit.rules import Reason
from casekit.testing.examples import AT, case_in


def refused() -> TransitionRefusedError:
    with pytest.raises(TransitionRefusedError) as caught:
        apply(case_in("assessing"), "complete_assessment", at=AT, by="cm-1")
    return caught.value


def capped(count: int) -> InvalidInputError:
    with limits.using(problems=2):
        return InvalidInputError(
            Problem(f"events[{i}]", "missing", "is required") for i in range(count)
        )


ERRORS = {
    "one-problem": lambda: InvalidInputError([Problem.unknown_key("plan.nmae")]),
    "problems": lambda: InvalidDefinitionError(
        [Problem("states", "missing", "is required"), Problem("", "no_initial", "mark one")]
    ),
    "one-problem-definition": lambda: InvalidDefinitionError.one(
        "states", "missing", "is required"
    ),
    "no-problems": lambda: InvalidInputError([]),
    "capped-by-one": lambda: capped(3),
    "capped-by-many": lambda: capped(10_000),
    "refused": refused,
    "refused-without-reason": lambda: TransitionRefusedError("close", "open", []),
    "unknown-code": lambda: UnknownCodeError("CARC", "X99"),
    "unknown-code-hint": lambda: UnknownCodeError("CARC", "X99", "see the CARC list"),
    "other": lambda: CaseKitError("something else"),
}


@pytest.mark.parametrize("make", ERRORS.values(), ids=ERRORS.keys())
def test_in_english_an_error_renders_as_its_own_message(make):
    """render_error in English is str(error), character for character."""
    error = make()
    assert i18n.render_error(error) == str(error)
    assert i18n.render_error(error, locale="xx") == str(error)


@pytest.mark.parametrize("tag", ["fr", "it", "pt", "tl"])
@pytest.mark.parametrize("make", list(ERRORS.values())[:-1], ids=list(ERRORS)[:-1])
def test_in_another_language_an_error_reads_differently_and_completely(make, tag):
    """Headline, catalogue problems and reasons are translated; no placeholder is left."""
    error = make()
    text = i18n.render_error(error, locale=tag)
    assert text != str(error)
    assert "{" not in text
    assert text.count("\n") == str(error).count("\n")


def test_a_problem_in_the_catalogue_is_translated_and_others_stay_as_written():
    """A problem with the catalogue's English sentence is translated; path and code stay."""
    error = InvalidInputError(
        [
            Problem("patient.birth_date", "missing", "is required"),
            Problem(
                "plan.nmae", "unknown_key", "is not a known field; remove it or check its spelling"
            ),
            Problem("amount", "missing", "is required unless waived"),
            Problem("at", "naive_datetime", "must carry a UTC offset"),
        ]
    )
    assert i18n.render_error(error, locale="it").splitlines() == [
        "dati non validi (4 problemi):",
        "  patient.birth_date: è obbligatorio",
        "  plan.nmae: non è un campo noto; rimuoverlo o verificarne l'ortografia",
        "  amount: is required unless waived",
        "  at: must carry a UTC offset",
    ]


def test_the_count_of_problems_not_listed_is_translated():
    """A capped error says in the language how many more problems there are."""
    assert i18n.render_error(capped(10_000), locale="pt").splitlines()[-1] == (
        "  $: e mais 9998 problemas não listados; corrija estes primeiro"
    )
    assert i18n.render_error(capped(3), locale="fr").splitlines()[-1] == (
        "  $: et 1 autre problème non listé ; corrigez d'abord ceux-ci"
    )


def test_a_refusal_gives_its_reasons_in_the_language():
    """A case refuses complete_assessment until an assessment is recorded; in Tagalog."""
    text = i18n.render_error(refused(), locale="tl")
    assert text == (
        "tinanggihan ang event na 'complete_assessment' sa estadong 'assessing': "
        "magtala ng pagtatasa bago ang complete_assessment"
    )


def test_a_hand_made_marker_problem_is_shown_as_written():
    """A too_many_problems problem whose sentence is not the catalogue's stays as written."""
    error = InvalidInputError([Problem("$", "too_many_problems", "and more")])
    assert i18n.render_error(error, locale="fr").endswith("  $: and more")


@pytest.mark.parametrize("thing", [ValueError("x"), "error", None])
def test_only_casekit_errors_are_rendered(thing):
    """Anything but a CaseKitError is refused, naming the argument."""
    with pytest.raises(InvalidInputError) as caught:
        i18n.render_error(thing)
    assert [(p.path, p.code) for p in caught.value.problems] == [("error", "type")]


def test_a_reason_rendered_in_a_refusal_is_the_reasons_own_sentence():
    """The refusal joins the reasons' sentences in the same language."""
    error = TransitionRefusedError(
        "close", "open", [Reason.of("lifecycle.reason_missing", event="close")] * 2
    )
    text = i18n.render_error(error, locale="it")
    assert text.endswith(
        "indicare un motivo per close nei dati dell'evento; "
        "indicare un motivo per close nei dati dell'evento"
    )
