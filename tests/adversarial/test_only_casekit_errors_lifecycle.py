"""Untrusted input to the lifecycle raises only casekit errors, at the edges of dates too."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pendulum
import pytest

from casekit.case import (
    Contact,
    ContactMode,
    add_referral,
    assign_manager,
    record_assessment,
    record_care_plan,
    record_contact,
    record_outcome,
    schedule_appointment,
)
from casekit.errors import CaseKitError, InvalidInputError
from casekit.lifecycle import (
    Deadline,
    DeadlineUnit,
    due,
    open_deadlines,
    overdue,
    standard_workflow,
)
from casekit.lifecycle.examples import example_case

VERBS: list[Callable[..., Any]] = [
    record_assessment,
    record_care_plan,
    record_contact,
    schedule_appointment,
    add_referral,
    record_outcome,
    assign_manager,
]
HOSTILE: list[object] = [None, "case", 3, [], {"id": "x"}, object()]


@pytest.mark.parametrize("verb", VERBS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("value", HOSTILE, ids=repr)
def test_record_verbs_refuse_anything_but_a_case_and_its_record(
    verb: Callable[..., Any], value: object
) -> None:
    """A wrong case, record or workflow is an InvalidInputError naming the field."""
    case = example_case("monitoring")
    at = case.history[-1].at
    call = Contact("ct-1", ContactMode.PHONE, at, 5, "cm-1")
    with pytest.raises(InvalidInputError):
        verb(value, call, at=at, by="cm-1")
    with pytest.raises(InvalidInputError):
        verb(case, value, at=at, by="cm-1")
    if value is not None:
        with pytest.raises(InvalidInputError):
            record_contact(case, call, at=at, by="cm-1", workflow=value)  # type: ignore[arg-type]


@pytest.mark.parametrize("unit", list(DeadlineUnit))
@pytest.mark.parametrize("within", [1, 3_000_000, 9_007_199_254_740_991])
def test_deadlines_past_the_last_calendar_day_are_due_on_it(
    unit: DeadlineUnit, within: int
) -> None:
    """open_deadlines, due and overdue never overflow: past 9999-12-31, that day is the due day."""
    wf = standard_workflow(
        workflow_id=f"far-{unit.value}",
        deadlines=[
            Deadline("far", within, unit=unit, start_state="assessing", met_by=["reassess"])
        ],
    )
    case = example_case("assessing", workflow=wf)
    on = pendulum.date(2025, 3, 5)

    found = open_deadlines(case, on=on, workflow=wf)
    assert [d.name for d in found] == ["far"]
    assert found[0].due_on <= pendulum.date(9999, 12, 31)
    assert due(case, on=on, workflow=wf) == found
    last = pendulum.date(9999, 12, 31)
    assert overdue(case, on=last, workflow=wf) == (() if within > 1 else found)


def test_a_case_opened_on_the_last_day_keeps_its_deadlines_in_the_calendar() -> None:
    """Events at 9999-12-31 give deadlines due that day, not an OverflowError."""
    wf = standard_workflow(
        workflow_id="late-days",
        deadlines=[
            Deadline(
                "d",
                5,
                unit=DeadlineUnit.BUSINESS_DAYS,
                start_state="referred",
                met_by=["start_screening"],
            )
        ],
    )
    from casekit.case import CareModel
    from casekit.lifecycle import open_case
    from casekit.people import CaseManager, Patient, PersonName

    at = pendulum.datetime(9999, 12, 31, 12, tz="UTC")
    case = open_case(
        "c-1",
        patient=Patient("pt-1", PersonName("Synthetic"), pendulum.date(1961, 4, 2)),
        manager=CaseManager("cm-1"),
        model=CareModel.CLINICAL,
        at=at,
        by="cm-1",
        workflow=wf,
    )
    try:
        found = open_deadlines(case, on=pendulum.date(9999, 12, 31), workflow=wf)
    except CaseKitError:  # pragma: no cover  # a casekit error would be acceptable too
        return
    assert [str(d.due_on) for d in found] == ["9999-12-31"]


@pytest.mark.parametrize("value", [None, "history", 3, ("x",), [None], {}])
def test_rebuild_and_fold_refuse_what_is_not_a_history(value: object) -> None:
    """The advanced readers name a wrong argument rather than failing on an attribute."""
    from casekit.case import fold, rebuild

    case = example_case("monitoring")
    with pytest.raises(InvalidInputError):
        rebuild(value)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError):
        fold(case, value)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError):
        fold(value, case.history[-1])  # type: ignore[arg-type]


def test_threads_meeting_on_a_new_case_build_one_index() -> None:
    """Many threads recording on one fresh case each see every record it holds."""
    import threading

    from casekit.case import rebuild

    case = rebuild(example_case("monitoring").history)  # positions not found yet
    at = case.history[-1].at
    results: list[object] = []

    def work(n: int) -> None:
        mine = record_contact(
            case, Contact(f"ct-{n}", ContactMode.PHONE, at, 5, "cm-1"), at=at, by="cm-1"
        )
        again = record_contact(
            mine, Contact(f"ct-{n}", ContactMode.PHONE, at, 6, "cm-1"), at=at, by="cm-1"
        )
        results.append([c.id for c in again.contacts])

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(results) == sorted([[f"ct-{n}"] for n in range(8)])  # type: ignore[type-var]
