"""The demo tells River's case end to end."""

import subprocess
import sys
from pathlib import Path

import pytest

import casekit
from casekit import examples
from casekit.__main__ import demo, main
from casekit.testing import examples as fixtures


def _told() -> tuple[object, str]:
    lines: list[str] = []
    case = demo(lines.append)
    return case, "\n".join(lines)


def test_the_demo_tells_rivers_case_from_referral_to_goals_met():
    """River's case opens under the clinical model and closes with its goals met."""
    case, text = _told()

    assert case.state == "closed"
    assert case.history[-1].datum("closure_reason") == "goals_met"
    assert "state 'referred', model clinical" in text
    assert "closed: state 'closed', closure_reason goals_met" in text
    assert "read back equal: True; replayed equal: True" in text


def test_the_builder_proposes_rivers_clinical_plan_and_it_meets_the_model():
    """Three needs, three goals, three therapies, coordination and financial help."""
    _, text = _told()

    assert "needs: n-physical (functional, high), n-cognitive (cognitive, high)" in text
    for service in ("physical therapy", "occupational therapy", "neuropsychology"):
        assert f"{service} (CPT|" in text
    assert "help with financial planning (HCPCS|T1016) by case_manager" in text
    assert "coordinate appointments across providers" in text
    assert "contact: 1 per week for 8 weeks, then 2 per month; modes in_person, phone" in text
    assert "checked against the clinical model: no breach" in text


def test_the_therapies_are_checked_for_coverage_and_adjudicated_with_reasons():
    """Each therapy is asked about first; the claim lines are decided with their reasons."""
    _, text = _told()

    assert text.count("[coverage.authorization_satisfied]") == 2
    assert "line 1: covered  allowed 180.00 USD  patient 30.00 USD  plan 150.00 USD" in text
    assert "why: the service date is after coverage ended  [coverage.after_coverage]" in text


def test_monitoring_flags_the_missed_check_in_and_the_missed_session_and_the_plan_is_revised():
    """Both flags print with their codes; version 2 says why it changed."""
    _, text = _told()

    assert "! therapy ot: a session was missed on 2025-03-18 (6 day(s) ago)" in text
    assert "! a contact under plan cp-river was due by 2025-03-21: 3 day(s) late" in text
    assert "plan cp-river v2 (active, clinical model)" in text
    assert "why: monitoring (replaces v1); breaches: none" in text
    assert "plan versions in the history: [1, 2]" in text


def test_closing_early_is_refused_and_the_goals_are_met_before_closing():
    """The early close gives reasons; at the end every goal is completed and achieved."""
    _, text = _told()

    assert "[lifecycle.referrals_open]" in text
    assert text.count("(target reached: True); completed, achieved") == 3
    assert "0 flag(s)" in text


def test_the_demo_never_prints_personal_data():
    """River's name and birth date stay out of everything the demo prints."""
    lines: list[str] = []
    demo(lines.append)
    text = "\n".join(lines)

    assert "River" not in text.replace("River's", "")
    assert "1994" not in text
    assert "MBR-0001" not in text


def test_the_command_line_runs_the_demo(capsys):
    """python -m casekit demo exits 0 and prints the walk."""
    assert main(["demo"]) == 0
    assert "The log is the truth" in capsys.readouterr().out


def test_the_command_line_refuses_unknown_commands():
    """Anything but demo is a usage error."""
    with pytest.raises(SystemExit):
        main(["nonsense"])


def test_the_module_runs_as_a_program():
    """python -m casekit demo works in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-m", "casekit", "demo"], capture_output=True, text=True, check=True
    )

    assert "1. A referral arrives, and the patient is assessed" in done.stdout


def test_rivers_data_is_written_once_for_the_demo_and_the_testing_fixtures():
    """casekit.testing.examples re-exports casekit.examples' River, so both tell one story."""
    for name in ("river", "river_manager", "river_case", "river_plan", "river_policy"):
        assert getattr(fixtures, name) is getattr(examples, name)
    assert examples.river_policy().plan == examples.river_plan()
    assert examples.river_case().manager == examples.river_manager()
    assert [a.code for a in examples.river_therapy_authorizations()] == [examples.PT, examples.OT]
    claim = {line.code for line in examples.river_claim()}
    assert claim == {examples.PT, examples.OT, examples.NP}


def test_no_core_module_imports_rivers_example():
    """Only the command line and casekit.testing import casekit.examples (DESIGN's arrows)."""
    root = Path(casekit.__file__).parent
    sources = {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in root.rglob("*.py")}
    importers = {
        name
        for name, text in sources.items()
        if "from casekit import examples" in text or "from casekit.examples import" in text
    }

    assert importers == {"__main__.py", "testing/examples.py"}
