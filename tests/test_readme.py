"""The README's two set-up commands stay true."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)


def test_the_readme_holds_exactly_two_commands():
    """One runs the demo, one runs the tests."""
    demo, tests = commands()

    assert demo.endswith("python -m casekit demo")
    assert "pytest" in tests


def test_ci_runs_the_readme_test_command_verbatim():
    """.ci/run runs the same test command as the README."""
    _, tests = commands()

    assert tests in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_install_step_is_in_the_project_files():
    """The commands start from nothing but Python: a venv, then pip from the project's own files."""
    for command in commands():
        assert command.startswith("python3 -m venv .venv && .venv/bin/python -m pip install")
