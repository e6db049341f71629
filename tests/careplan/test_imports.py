"""casekit.case imports the care-plan nouns; the rest of casekit.careplan builds on casekit.case."""

from __future__ import annotations

import subprocess
import sys

import pytest

import casekit.careplan


@pytest.mark.parametrize(
    "module",
    [
        "casekit.careplan",
        "casekit.case",
        "casekit.lifecycle",
        "casekit.careplan.examples",
        "casekit.careplan._monitor",
        "casekit.careplan._transitions",
        "casekit",
    ],
)
def test_each_module_imports_first_in_a_fresh_interpreter(module):
    """No import order cycles: each module can be the first one imported."""
    done = subprocess.run(  # noqa: S603  # this interpreter, a fixed module name
        [sys.executable, "-c", f"import {module}; import casekit.careplan as c; c.monitor"],
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 0, done.stderr


def test_the_models_and_monitoring_load_on_first_use():
    """Importing casekit (and so casekit.case) loads only the care-plan nouns."""
    code = "import sys, casekit.careplan; print('casekit.careplan._monitor' in sys.modules)"
    done = subprocess.run(  # noqa: S603  # this interpreter, fixed code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )

    assert done.stdout.strip() == "False"


def test_an_unknown_name_is_an_attribute_error():
    """The lazy loader knows only the names it exports."""
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        casekit.careplan.nope  # noqa: B018  # the attribute access is the test


def test_dir_lists_the_lazy_names_too():
    """Tab completion sees the whole surface."""
    assert {"monitor", "build_plan", "CarePlan"} <= set(dir(casekit.careplan))
