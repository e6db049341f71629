"""casekit.fhir is optional: the core never imports it, and it imports nothing beyond the core."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import casekit

SRC = Path(casekit.__file__).parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_no_module_outside_casekit_fhir_imports_it() -> None:
    """Nothing in src/casekit outside fhir/ names casekit.fhir in an import."""
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if "fhir" not in path.relative_to(SRC).parts
        and any(
            m == "casekit.fhir" or m.startswith("casekit.fhir.") for m in imported_modules(path)
        )
    ]

    assert offenders == []


def test_casekit_fhir_needs_only_casekits_own_dependencies() -> None:
    """casekit.fhir imports the standard library, casekit and pendulum, and no FHIR library."""
    allowed = {"casekit", "pendulum", "attrs", "cattrs", "__future__"}
    third_party = {
        module.split(".")[0]
        for path in (SRC / "fhir").glob("*.py")
        for module in imported_modules(path)
        if module.split(".")[0] not in sys.stdlib_module_names
    }

    assert third_party <= allowed


def test_importing_casekit_does_not_load_casekit_fhir() -> None:
    """A fresh interpreter that imports casekit and its subpackages has no casekit.fhir loaded."""
    code = (
        "import sys, casekit, casekit.case, casekit.coverage, casekit.lifecycle, "
        "casekit.serialization; print('casekit.fhir' in sys.modules)"
    )

    result = subprocess.run(  # noqa: S603  # a fixed command line
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "False"
