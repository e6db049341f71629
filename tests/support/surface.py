"""casekit's public modules, as the surface tests and the fuzz world walk them."""

from __future__ import annotations

import pkgutil
from typing import Final

import casekit

DEPRECATED_MODULES: Final = frozenset({"casekit.eligibility", "casekit.coverage.presentation"})
"""Old module names kept importable, with a DeprecationWarning, for one minor version."""


def public_modules() -> list[str]:
    """Return casekit and every public module under it: no ``_`` part, not testing or
    deprecated aliases, sorted."""
    names = []
    for info in pkgutil.walk_packages(casekit.__path__, "casekit."):
        parts = info.name.split(".")
        if any(p.startswith("_") for p in parts) or parts[1] == "testing":
            continue
        if info.name not in DEPRECATED_MODULES:
            names.append(info.name)
    return ["casekit", *sorted(names)]
