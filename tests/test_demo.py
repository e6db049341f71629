"""The demo tells River's case end to end."""

import subprocess
import sys

import pytest

from casekit.__main__ import demo, main


def test_the_demo_walks_the_whole_case():
    """Every step prints, and the story ends with a log that reads back and replays equal."""
    lines: list[str] = []
    case = demo(lines.append)
    text = "\n".join(lines)

    assert case.state == "monitoring"
    assert "lifecycle.referrals_open" in text
    assert "coverage.authorization_needed" in text
    assert "read back equal: True; replayed equal: True" in text
    assert "cm-ana: eligible" in text


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

    assert "1. A referral arrives" in done.stdout
