"""Fixtures for the FHIR tests: River's whole case and story, and the R4 reference models.

The reference models come from ``fhir.resources`` 6.4.0, the last release whose default
package is FHIR R4 (4.0.1); it is a test dependency only (the ``dev`` extra).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pendulum
import pytest

try:
    from fhir.resources import __fhir_version__, construct_fhir_element, fhirtypes
except ImportError as missing:  # only in a wrongly set-up environment
    message = (
        "tests/fhir needs fhir.resources 6.4.0 with pydantic 1: pip install -e '.[dev]' "
        "(the bench extra's pydantic 2 cannot share a venv with it)"
    )
    raise ImportError(message) from missing

from casekit.__main__ import demo
from casekit.assessment import (
    Assessment,
    Need,
    NeedDomain,
    Priority,
    RiskLevel,
    Strength,
    StrengthSource,
)
from casekit.careplan import (
    AchievementStatus,
    CarePlan,
    Goal,
    GoalStatus,
    Intervention,
    InterventionStatus,
    PlanStatus,
    ResponsibleParty,
    Setting,
)
from casekit.case import (
    Appointment,
    Case,
    Outcome,
    Referral,
    ReferralStatus,
    add_referral,
    record_assessment,
    record_care_plan,
    record_outcome,
    schedule_appointment,
)
from casekit.codes import Code
from casekit.lifecycle import apply

DATA = Path(__file__).parent / "data"

assert __fhir_version__ == "4.0.1"  # the reference models must be R4's

# FHIR's string pattern ``[ \r\n\t\S]+`` is written in XML Schema's regex flavour, where
# ``\s`` is only space, tab, CR and LF: a no-break space or an em space is ``\S`` there, so a
# name such as "Anne\u00a0Marie" is a valid FHIR string. The models compile the pattern with
# Python's Unicode ``\s``, which would refuse it; ASCII semantics give the spec's meaning.
fhirtypes.String.regex = re.compile(r"[ \r\n\t\S]+", re.ASCII)


def valid(resource: dict[str, Any]) -> dict[str, Any]:
    """Return *resource* after checking it with the R4 model of its type (raises if invalid)."""
    construct_fhir_element(resource["resourceType"], json.loads(json.dumps(resource)))
    return resource


@pytest.fixture(scope="session")
def check() -> Callable[[dict[str, Any]], dict[str, Any]]:
    """The R4 model check, as a fixture."""
    return valid


@pytest.fixture(scope="session")
def official() -> Callable[[str], dict[str, Any]]:
    """The official R4 examples, by name (patient, coverage, claim)."""
    return example


def example(name: str) -> dict[str, Any]:
    """Return one of the official R4 examples in ``data/``."""
    loaded: dict[str, Any] = json.loads((DATA / f"{name}-example.json").read_text("utf-8"))
    return loaded


def rivers_case() -> Case:
    """River's case from ``python -m casekit demo``, reopened, with every kind of record added."""
    closed = demo(lambda _line: None)
    at = closed.history[-1].at.add(days=1)
    case = apply(closed, "reopen", at=at, by="cm-ana", data={"reason": "new_need"})
    assessment = Assessment(
        "as-2",
        at,
        "cm-ana",
        needs=(
            Need(NeedDomain.FUNCTIONAL, Priority.HIGH, "walking", id="n-walk"),
            Need(NeedDomain.FINANCIAL, Priority.MEDIUM, "utility invoices", id="n-money"),
        ),
        strengths=(Strength(StrengthSource.FAMILY, "partner at home"),),
        risk=RiskLevel.MODERATE,
        tools=("Katz ADL",),
    )
    case = record_assessment(case, assessment, at=at, by="cm-ana")
    plan = CarePlan(
        "cp-2",
        at,
        "cm-ana",
        goals=(
            Goal(
                "g-walk",
                "walk unaided to the bus stop",
                target=pendulum.date(2025, 7, 1),
                status=GoalStatus.ACTIVE,
                need_ids=("n-walk",),
                achievement_status=AchievementStatus.IMPROVING,
            ),
            Goal("g-money", "bills paid on time", need_ids=("n-money",)),
        ),
        interventions=(
            Intervention(
                "i-pt",
                "physical therapy",
                Code.parse("CPT|97110"),
                "2/week",
                Setting.OUTPATIENT,
                ResponsibleParty.PROVIDER,
                ("g-walk",),
                InterventionStatus.IN_PROGRESS,
                need_ids=("n-walk",),
                provider="prov-pt",
            ),
            Intervention("i-benefits", "benefits advice"),
        ),
        status=PlanStatus.ACTIVE,
    )
    case = record_care_plan(case, plan, at=at, by="cm-ana")
    case = schedule_appointment(
        case,
        Appointment("ap-fhir-1", at.add(days=3), "prov-pt", 45, "first session"),
        at=at,
        by="cm-ana",
    )
    case = record_outcome(
        case, Outcome("oc-1", at, "Timed Up and Go", "14 s", goal_id="g-walk"), at=at, by="cm-ana"
    )
    case = add_referral(
        case,
        Referral("rf-0", "prov-pt", at, Code.parse("CPT|97110"), status=ReferralStatus.IN_PROGRESS),
        at=at,
        by="cm-ana",
    )
    return apply(case, "hold", at=at.add(days=1), by="cm-ana")


@pytest.fixture(scope="module")
def river() -> Case:
    """River's case with every kind of record."""
    return rivers_case()
