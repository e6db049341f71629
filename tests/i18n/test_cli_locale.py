"""casekit coverage explain --locale: River's decisions explained in the language asked for."""

import io

import pytest

from casekit.cli import main
from casekit.coverage import Accumulators, adjudicate
from casekit.serialization import to_json
from casekit.testing.examples import river_authorization, river_lines, river_policy


@pytest.fixture
def decisions(tmp_path):
    result = adjudicate(
        river_policy(),
        river_lines(),
        accumulators=Accumulators.empty(),
        authorizations=[river_authorization()],
    )
    path = tmp_path / "decisions.jsonl"
    path.write_text("".join(to_json(d) + "\n" for d in result.decisions), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("locale", "why"),
    [
        ("it", "la data della prestazione è successiva alla fine della copertura"),
        ("pt_BR", "a data do atendimento é posterior ao fim da cobertura"),
        ("fr-CA", "la date du service est postérieure à la fin de la couverture"),
        ("fil", "ang petsa ng serbisyo ay pagkatapos matapos ang coverage"),
        ("ja", "the service date is after coverage ended"),
    ],
)
def test_explain_gives_the_reasons_in_the_locale_or_english(decisions, locale, why):
    """The 2026 line is after coverage ended: said in the locale's language, else English."""
    out = io.StringIO()
    status = main(
        ["coverage", "explain", str(decisions), "--line", "4", "--locale", locale], out=out
    )

    assert status == 0
    assert out.getvalue().splitlines()[:2] == ["line 4: denied", f"  why: {why}"]
