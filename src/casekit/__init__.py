"""Case-management domain logic for health and social care.

Cases and their workflows, care plans, and coverage adjudication that explains itself.
"""

from __future__ import annotations

from casekit.errors import (
    CaseKitError,
    InvalidDefinitionError,
    InvalidInputError,
    Problem,
    TransitionRefusedError,
    UnknownCodeError,
)
from casekit.money import Money
from casekit.rules import Reason

__all__ = [
    "CaseKitError",
    "InvalidDefinitionError",
    "InvalidInputError",
    "Money",
    "Problem",
    "Reason",
    "TransitionRefusedError",
    "UnknownCodeError",
]


def __getattr__(name: str) -> str:
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415  # only when asked

        return version("casekit")
    raise AttributeError(f"module 'casekit' has no attribute {name!r}")
