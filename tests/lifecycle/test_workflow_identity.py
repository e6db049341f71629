"""A case knows its workflow: the id and the fingerprint of the definition it opened under."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from casekit.case import Contact, ContactMode, record_contact
from casekit.errors import InvalidInputError
from casekit.lifecycle import (
    STANDARD,
    EventContext,
    State,
    Transition,
    Workflow,
    allowed_events,
    apply,
    check,
    dump_workflow,
    open_deadlines,
    replay,
    standard_workflow,
)
from casekit.lifecycle.examples import example_case
from casekit.rules import Reason

from .helpers import AT, later, opened, step


def adult(_case: object, context: EventContext) -> tuple[Reason, ...]:
    return () if context.datum("adult") is True else (Reason.of("screening.not_adult"),)


ADULTS = standard_workflow(eligibility=[adult], workflow_id="adults")


def _codes(call: object) -> list[tuple[str, str]]:
    with pytest.raises(InvalidInputError) as caught:
        call()  # type: ignore[operator]
    return [(p.path, p.code) for p in caught.value.problems]


def test_the_fingerprint_is_a_hash_of_the_data_form() -> None:
    """Two definitions with one data form share a fingerprint; any change gives another."""
    again = standard_workflow()
    moved = standard_workflow(deadlines=(), workflow_id="standard-no-deadlines")

    assert len(STANDARD.fingerprint) == 64
    assert again.fingerprint == STANDARD.fingerprint
    assert moved.fingerprint != STANDARD.fingerprint
    assert dump_workflow(again) == dump_workflow(STANDARD)


def test_late_records_and_tolerance_change_the_fingerprint_but_compatible_with_does_not() -> None:
    """Settings the data form lacks still count; a compatibility list is not the definition."""
    base = Workflow(
        "w", [State("a", initial=True), State("z", final=True)], [Transition("go", ["a"], "z")]
    )
    late = attrs.evolve(base, late_records={"z": ["contact_recorded"]})
    slack = attrs.evolve(base, future_tolerance=dt.timedelta(hours=1))
    listed = attrs.evolve(base, compatible_with=[late.fingerprint])

    assert len({base.fingerprint, late.fingerprint, slack.fingerprint}) == 3
    assert listed.fingerprint == base.fingerprint


def test_a_workflow_repr_is_its_id_and_fingerprint() -> None:
    """help(apply) stays short: the default is None, and a workflow shows only who it is."""
    assert repr(STANDARD) == f"Workflow(id='standard', fingerprint='{STANDARD.fingerprint[:12]}')"
    assert len(apply.__doc__ or "") + len(str(apply.__annotations__)) < 5000


def test_standard_workflow_with_own_guards_needs_its_own_id() -> None:
    """The issue's snippet: standard_workflow(eligibility=[...]) no longer passes as STANDARD."""
    assert _codes(lambda: standard_workflow(eligibility=[adult])) == [("workflow_id", "required")]
    assert _codes(lambda: standard_workflow(eligibility=[adult], workflow_id="standard")) == [
        ("workflow_id", "reserved")
    ]
    assert standard_workflow(workflow_id="programme").fingerprint != STANDARD.fingerprint


def test_a_case_of_another_workflow_is_never_run_under_standard_by_default() -> None:
    """apply without workflow= on a programme's case is refused, so its guard cannot be skipped."""
    case = step(opened(ADULTS), "start_screening", ADULTS)

    assert _codes(lambda: apply(case, "accept", at=later(case), by="cm-1")) == [
        ("workflow", "workflow_required")
    ]
    assert _codes(lambda: check(case, "accept", at=later(case), by="cm-1")) == [
        ("workflow", "workflow_required")
    ]
    assert _codes(lambda: allowed_events(case, at=later(case))) == [
        ("workflow", "workflow_required")
    ]
    contact = Contact("ct-1", ContactMode.PHONE, later(case), 5, "cm-1")
    assert _codes(lambda: record_contact(case, contact, at=later(case), by="cm-1")) == [
        ("workflow", "workflow_required")
    ]
    assert _codes(lambda: open_deadlines(case, on=later(case).date())) == [
        ("workflow", "workflow_required")
    ]


def test_a_workflow_with_the_same_id_and_another_definition_is_refused_naming_both() -> None:
    """Same id, another fingerprint: refused, with both ids and fingerprints in the message."""
    case = opened(ADULTS)
    changed = standard_workflow(eligibility=[adult], workflow_id="adults", deadlines=())

    with pytest.raises(InvalidInputError) as caught:
        apply(case, "start_screening", at=later(case), by="cm-1", workflow=changed)
    problem = caught.value.problems[0]
    assert (problem.path, problem.code) == ("workflow", "workflow_mismatch")
    assert "'adults'" in problem.message
    assert changed.fingerprint[:12] in problem.message
    assert ADULTS.fingerprint[:12] in problem.message


def test_the_case_records_the_fingerprint_it_was_opened_under() -> None:
    """open_case writes the fingerprint into the opening event; the case reads it back."""
    case = opened(ADULTS)

    assert case.workflow_fingerprint == ADULTS.fingerprint
    assert case.history[0].payload.fingerprint == ADULTS.fingerprint  # type: ignore[union-attr]


def test_old_cases_replay_under_a_new_definition_that_declares_them_compatible() -> None:
    """A changed workflow lists the old fingerprint in compatible_with, and old cases run on."""
    case = step(opened(ADULTS), "start_screening", ADULTS)
    deadline_free = standard_workflow(eligibility=[adult], workflow_id="adults", deadlines=())
    declared = standard_workflow(
        eligibility=[adult],
        workflow_id="adults",
        deadlines=(),
        compatible_with=[ADULTS.fingerprint],
    )

    assert _codes(lambda: replay(case.history, workflow=deadline_free)) == [
        ("history[0]", "workflow_mismatch")
    ]
    assert replay(case.history, workflow=declared) == case
    assert step(case, "accept", declared, data={"adult": True}).state == "assessing"


def test_old_cases_replay_under_the_earlier_definition_passed_again() -> None:
    """The other way: keep the earlier definition and pass it for the cases it opened."""
    case = example_case("monitoring")

    assert replay(case.history, workflow=standard_workflow()) == case


def test_a_case_stored_without_a_fingerprint_is_matched_by_id() -> None:
    """Documents written before fingerprints were recorded still run under their workflow."""
    case = opened()
    first = case.history[0]
    old = attrs.evolve(first, payload=attrs.evolve(first.payload, fingerprint=None))
    from casekit.case import rebuild

    legacy = rebuild((old,))

    assert legacy.workflow_fingerprint is None
    assert step(legacy, "start_screening").state == "screening"
    assert replay(legacy.history, workflow=STANDARD) == legacy


def test_a_bad_fingerprint_is_refused() -> None:
    """Fingerprints are 64 lower-case hex digits, in an Opening and in compatible_with."""
    with pytest.raises(InvalidInputError):
        attrs.evolve(opened().history[0].payload, fingerprint="abc")
    assert _codes(lambda: standard_workflow(workflow_id="x", compatible_with=["XYZ"])) == [
        ("compatible_with[0]", "fingerprint")
    ]
    assert _codes(lambda: standard_workflow(workflow_id="x", compatible_with="a")) == [
        ("compatible_with", "type")
    ]
    assert AT is not None
