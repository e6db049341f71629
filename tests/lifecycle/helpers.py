"""Shared helpers for the lifecycle tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pendulum

from casekit.case import CareModel, Case
from casekit.lifecycle import STANDARD, Workflow, apply, open_case
from casekit.people import CaseManager, Patient, PersonName

AT = pendulum.datetime(2025, 3, 3, 9, tz="UTC")
FAMILY_NAME = "Zebedee-Quixotic"  # synthetic; must never appear in messages


def patient() -> Patient:
    return Patient("pt-1", PersonName(FAMILY_NAME, ("River",)), pendulum.date(1961, 4, 2))


def opened(workflow: Workflow[Case] = STANDARD, case_id: str = "case-1") -> Case:
    return open_case(
        case_id,
        patient=patient(),
        manager=CaseManager("cm-1"),
        model=CareModel.CLINICAL,
        at=AT,
        by="cm-1",
        workflow=workflow,
    )


def later(case: Case, days: int = 1) -> dt.datetime:
    return case.history[-1].at.add(days=days)


def step(case: Case, event: str, workflow: Any = STANDARD, **kw: Any) -> Case:
    kw.setdefault("at", later(case))
    kw.setdefault("by", "cm-1")
    return apply(case, event, workflow=workflow, **kw)
