"""River's case told in five languages: every reason the demo and its steps give, rendered."""

import functools
import string

import pendulum
import pytest

from casekit import i18n
from casekit.__main__ import demo
from casekit.careplan import STANDARD_MODELS, monitor, validate_plan
from casekit.careplan.examples import ASSESSMENT, built, monitored_case
from casekit.coverage import Accumulators, Service, adjudicate, check_coverage
from casekit.lifecycle import STANDARD, check
from casekit.rules import Reason
from casekit.testing.examples import (
    AT,
    case_in,
    river_authorization,
    river_case,
    river_lines,
    river_policy,
)

LANGUAGES = ("en", "fr", "it", "pt", "tl")


def _from_the_demo(monkeypatch: pytest.MonkeyPatch) -> list[Reason]:
    shown: list[Reason] = []
    message = Reason.message

    def recording(self: Reason, locale: str = "en") -> str:
        shown.append(self)
        return message(self, locale)

    with monkeypatch.context() as patch:
        patch.setattr(Reason, "message", recording)
        demo(out=lambda _line: None)
    return shown


def _from_the_steps() -> list[Reason]:
    reasons: list[Reason] = []
    # adjudicate River's claim lines, and ask about each service first
    policy, auths = river_policy(), [river_authorization()]
    result = adjudicate(
        policy, river_lines(), accumulators=Accumulators.empty(), authorizations=auths
    )
    for decision in result.decisions:
        reasons.extend(decision.reasons)
    for line in river_lines():
        for authorizations in ((), auths):
            answer = check_coverage(
                policy, Service(line.code), on=line.service_date, authorizations=authorizations
            )
            reasons.extend(answer.reasons)
    # refusals: every event of the standard workflow, from River's case and from each state
    for case in (river_case(), *(case_in(s.name) for s in STANDARD.states if not s.final)):
        for transition in STANDARD.transitions:
            reasons.extend(check(case, transition.event, at=case.history[-1].at, by="cm-1"))
    # the plan checked against each model, and monitoring flags over the following months
    for name in STANDARD_MODELS.names:
        profile = STANDARD_MODELS.profile(name)
        reasons.extend(validate_plan(built(name), profile, assessment=ASSESSMENT))
        case = monitored_case(name)
        for weeks in (0, 4, 12, 26):
            on = pendulum.date(2025, 3, 10).add(weeks=weeks)
            reasons.extend(flag.reason for flag in monitor(case, on=on, within_days=7))
    return reasons


@functools.cache
def _steps() -> tuple[Reason, ...]:
    return tuple(dict.fromkeys(_from_the_steps()))


def test_every_reason_of_rivers_case_renders_in_every_language(monkeypatch):
    """Each reason renders fully in each language, and each non-English one differs from English."""
    reasons = tuple(dict.fromkeys([*_from_the_demo(monkeypatch), *_steps()]))
    codes = {r.code for r in reasons}
    assert {c.split(".")[0] for c in codes} >= {"coverage", "lifecycle", "careplan"}
    assert len(codes) >= 20

    for reason in reasons:
        english = reason.message("en")
        named = string.Formatter().parse(i18n.CATALOGUES["en"][reason.code])
        shown = [str(reason.param(name)) for _, name, _, _ in named if name]
        for tag in LANGUAGES:
            text = reason.message(tag)
            assert "{" not in text and "}" not in text, (tag, reason, text)
            assert all(value in text for value in shown), (tag, reason, text)
            if tag != "en":
                assert text != english, (tag, reason)


def test_the_demo_shows_reasons_from_every_step(monkeypatch):
    """The demo's own reasons cover refusals, coverage answers, decisions and monitoring flags."""
    codes = {r.code for r in _from_the_demo(monkeypatch)}
    assert any(c.startswith("lifecycle.") for c in codes)
    assert any(c.startswith("coverage.") for c in codes)
    assert any(c.startswith("careplan.") for c in codes)


def test_rivers_claim_explained_in_italian_reads_as_the_catalogue_says():
    """A worked example: the 2026 line is after coverage ended, in Italian and Tagalog."""
    result = adjudicate(
        river_policy(),
        river_lines(),
        accumulators=Accumulators.empty(),
        authorizations=[river_authorization()],
    )
    last = result.decisions[-1].reasons[0]
    assert last.message("it") == "la data della prestazione è successiva alla fine della copertura"
    assert last.message("tl") == "ang petsa ng serbisyo ay pagkatapos matapos ang coverage"
    assert i18n.render(last.code, last.params, locale="fr_CA") == (
        "la date du service est postérieure à la fin de la couverture"
    )
    assert AT.year == 2025
