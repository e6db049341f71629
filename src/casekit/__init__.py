"""Case-management domain logic for health and social care.

Cases and their workflows, care plans, and coverage adjudication that explains itself.
This module re-exports the stable API; everything else lives in the documented subpackages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from casekit._deprecation import warn_renamed
from casekit.assessment import Assessment
from casekit.careplan import CarePlan
from casekit.case import (
    CareModel,
    Case,
    CaseEvent,
    Contact,
    add_referral,
    assign_manager,
    change_model,
    record_assessment,
    record_care_plan,
    record_contact,
    record_outcome,
    schedule_appointment,
)
from casekit.codes import Code, CodeSet, CodeSystem
from casekit.coverage import (
    Accumulators,
    Decision,
    Plan,
    Policy,
    ServiceLine,
    adjudicate,
    check_coverage,
    dump_plan,
    load_plan,
)
from casekit.errors import (
    CaseKitError,
    InvalidDefinitionError,
    InvalidInputError,
    Problem,
    TransitionRefusedError,
    UnknownCodeError,
)
from casekit.lifecycle import STANDARD, Workflow, allowed_events, apply, check, open_case, replay
from casekit.money import Money
from casekit.people import CareTeam, CaseManager, Patient, PersonName, Provider
from casekit.periods import DateRange
from casekit.rules import Evaluation, Reason, Rule, Trace
from casekit.serialization import from_dict, from_json, to_dict, to_json

__all__ = [
    "STANDARD",
    "Accumulators",
    "Assessment",
    "CareModel",
    "CarePlan",
    "CareTeam",
    "Case",
    "CaseEvent",
    "CaseKitError",
    "CaseManager",
    "Code",
    "CodeSet",
    "CodeSystem",
    "Contact",
    "DateRange",
    "Decision",
    "Evaluation",
    "InvalidDefinitionError",
    "InvalidInputError",
    "Money",
    "Patient",
    "PersonName",
    "Plan",
    "Policy",
    "Problem",
    "Provider",
    "Reason",
    "Rule",
    "ServiceLine",
    "Trace",
    "TransitionRefusedError",
    "UnknownCodeError",
    "Workflow",
    "add_referral",
    "adjudicate",
    "allowed_events",
    "apply",
    "assign_manager",
    "change_model",
    "check",
    "check_coverage",
    "dump_plan",
    "from_dict",
    "from_json",
    "load_plan",
    "open_case",
    "record_assessment",
    "record_care_plan",
    "record_contact",
    "record_outcome",
    "replay",
    "schedule_appointment",
    "to_dict",
    "to_json",
]


if TYPE_CHECKING:
    __version__: str
    Outcome = Evaluation  # the deprecated name, for type checkers


def __getattr__(name: str) -> object:
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415  # only when asked

        return version("casekit")
    if name == "Outcome":  # deprecated: the rule kernel's result, not casekit.case.Outcome
        warn_renamed("casekit.Outcome", "casekit.Evaluation (or casekit.case.Outcome)")
        return Evaluation
    raise AttributeError(f"module 'casekit' has no attribute {name!r}")
