"""Deadlines from the history alone, in calendar and business days."""

from __future__ import annotations

import pendulum
import pytest

from casekit.case import Contact, ContactMode, record_contact
from casekit.errors import InvalidInputError
from casekit.lifecycle import STANDARD, due, open_deadlines, overdue, standard_workflow
from casekit.lifecycle.examples import example_case
from casekit.periods import HolidayCalendar

from .helpers import later, opened, step

D = pendulum.date


def test_initial_assessment_is_due_14_days_after_acceptance() -> None:
    """Accepted on 5 March, the assessment is due by 19 March."""
    case = example_case("assessing")

    assert [("initial_assessment", D(2025, 3, 19))] == [
        (d.name, d.due_on) for d in due(case, on=D(2025, 3, 10))
    ]
    assert overdue(case, on=D(2025, 3, 19)) == ()
    assert [d.name for d in overdue(case, on=D(2025, 3, 20))] == ["initial_assessment"]


def test_completing_the_assessment_meets_the_deadline() -> None:
    """Once assessed, nothing is due."""
    assert open_deadlines(example_case("planning"), on=D(2025, 4, 30)) == ()


def test_deadlines_answer_as_of_the_day_asked() -> None:
    """Events after the day asked about are not counted."""
    case = example_case("planning")  # accepted 5 March, assessed 7 March

    assert [d.name for d in open_deadlines(case, on=D(2025, 3, 6))] == ["initial_assessment"]


def test_screening_deadline_counts_business_days() -> None:
    """Screening started Tuesday 4 March is due in 5 business days: Tuesday 11 March."""
    case = example_case("screening")

    assert [("screening", D(2025, 3, 11))] == [
        (d.name, d.due_on) for d in due(case, on=D(2025, 3, 4))
    ]


def test_holidays_push_business_day_deadlines() -> None:
    """A holiday in the window moves the due date by a business day."""
    case = example_case("screening")
    cal = HolidayCalendar(holidays=[D(2025, 3, 5)])

    assert D(2025, 3, 12) == due(case, on=D(2025, 3, 4), calendar=cal)[0].due_on


def test_post_transition_contact_is_due_in_two_business_days() -> None:
    """A transition completed on Wednesday 12 March needs a contact by Friday 14 March."""
    case = example_case("post_transition")
    found = open_deadlines(case, on=D(2025, 3, 13))

    assert [("post_transition_contact", D(2025, 3, 14))] == [(d.name, d.due_on) for d in found]
    at = later(case)
    case = record_contact(
        case, Contact("ct-1", ContactMode.PHONE, at, 5, by="cm-1"), at=at, by="cm-1"
    )
    assert open_deadlines(case, on=D(2025, 3, 20)) == ()


def test_no_deadline_runs_on_a_closed_case() -> None:
    """Closing stops every clock."""
    case = step(example_case("assessing"), "close", data={"closure_reason": "client_choice"})

    assert overdue(case, on=D(2026, 1, 1)) == ()


def test_a_day_before_the_case_opened_has_no_deadlines() -> None:
    """Before the first event there is nothing."""
    assert open_deadlines(example_case("assessing"), on=D(2020, 1, 1)) == ()


def test_deadlines_follow_the_workflow_given() -> None:
    """A workflow without deadlines has none."""
    wf = standard_workflow(deadlines=(), workflow_id="no-deadlines")
    case = step(step(opened(wf), "start_screening", wf), "accept", wf)

    assert open_deadlines(case, on=D(2025, 3, 6), workflow=wf) == ()


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"on": "2025-03-06"}, "on"),
        ({"calendar": "uk"}, "calendar"),
        ({"workflow": standard_workflow(workflow_id="other")}, "workflow"),
        ({"case": "case-1"}, "case"),
    ],
)
def test_bad_arguments_are_refused(kwargs: dict[str, object], path: str) -> None:
    """Wrong arguments are input errors naming the field."""
    kw: dict[str, object] = {"case": example_case("assessing"), "on": D(2025, 3, 6), **kwargs}
    case = kw.pop("case")
    with pytest.raises(InvalidInputError) as info:
        open_deadlines(case, **kw)  # type: ignore[arg-type]

    assert path == info.value.problems[0].path
    assert STANDARD.deadlines
