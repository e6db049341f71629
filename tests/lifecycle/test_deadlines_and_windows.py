"""Time limits in the standard workflow: deadlines, the reopen window and follow-up.

Each boundary is pinned to the second: what is allowed exactly at the limit, and just after.
"""

from __future__ import annotations

import datetime as dt

from refusals import problems

from casekit.case import Contact, ContactMode, record_contact
from casekit.lifecycle import Deadline, check, standard_guards, standard_workflow
from casekit.lifecycle.examples import example_case
from casekit.rules import Reason

from .helpers import later


def test_a_deadline_may_be_due_the_same_day_but_not_before() -> None:
    """within=0 is accepted; a negative number is refused with the fix."""
    assert Deadline("d", 0, start_event="go").within == 0
    assert problems(lambda: Deadline("d", -1, start_event="go")) == [
        ("within", "non_negative_int", "must be a whole number ≥ 0")
    ]


def test_a_custom_standard_workflow_keeps_its_deadlines() -> None:
    """standard_workflow uses the deadlines it is given."""
    assert standard_workflow(deadlines=[], workflow_id="x").deadlines == ()


def test_a_custom_standard_workflow_uses_the_deadlines_it_is_given() -> None:
    """standard_workflow keeps exactly the deadlines passed to it."""
    deadline = Deadline("first_call", 2, start_event="accept", met_by=["contact_recorded"])
    assert standard_workflow(deadlines=[deadline], workflow_id="x").deadlines == (deadline,)


def test_the_reopen_window_may_be_zero_but_not_negative() -> None:
    """reopen_within of zero or a few hours is accepted; a negative window is refused."""
    assert "within_reopen_window" in standard_guards(reopen_within=dt.timedelta(0))
    assert "within_reopen_window" in standard_guards(reopen_within=dt.timedelta(hours=12))
    assert problems(lambda: standard_guards(reopen_within=dt.timedelta(-1))) == [
        ("reopen_within", "type", "must be a timedelta ≥ 0")
    ]


def test_a_case_may_be_reopened_exactly_at_the_end_of_the_window() -> None:
    """Reopening exactly reopen_within after closing is allowed; a second later is not."""
    closed = example_case("closed")
    at = closed.history[-1].at
    data = {"reason": "relapse"}
    assert check(closed, "reopen", at=at.add(days=90), by="cm-1", data=data) == ()
    assert check(closed, "reopen", at=at.add(days=90, seconds=1), by="cm-1", data=data) == (
        Reason.of("lifecycle.reopen_window_passed", days=90),
    )


def test_a_contact_at_the_moment_of_transition_counts_as_follow_up() -> None:
    """A contact made exactly when the case entered post_transition meets followed_up."""
    case = example_case("post_transition")
    entered = case.history[-1].at
    assert check(case, "complete_follow_up", at=later(case), by="cm-1") == (
        Reason.of("lifecycle.follow_up_missing", event="complete_follow_up"),
    )
    contact = Contact("c-1", ContactMode.PHONE, entered, 10, "cm-1")
    case = record_contact(case, contact, at=later(case), by="cm-1")
    assert check(case, "complete_follow_up", at=later(case), by="cm-1") == ()
