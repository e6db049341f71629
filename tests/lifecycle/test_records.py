"""One rule for records: a new id adds, a known id revises; statuses move along their
workflows; a closed case takes no records unless its workflow allows them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
import pytest

from casekit.assessment import Assessment, Need, NeedDomain, Priority, RiskLevel
from casekit.careplan import GoalStatus, InterventionStatus, PlanStatus
from casekit.case import (
    Appointment,
    AppointmentStatus,
    Case,
    Contact,
    ContactMode,
    Outcome,
    Referral,
    ReferralStatus,
    add_referral,
    assign_manager,
    record_assessment,
    record_care_plan,
    record_contact,
    record_outcome,
    schedule_appointment,
)
from casekit.errors import InvalidInputError, TransitionRefusedError
from casekit.lifecycle import APPOINTMENT, CARE_PLAN, STANDARD, replay, standard_workflow
from casekit.lifecycle.examples import example_case
from casekit.people import CaseManager

from .helpers import later


def _at(case: Case) -> dt.datetime:
    return later(case)


def _refusal(call: Callable[[], object]) -> tuple[str, str, list[str]]:
    with pytest.raises(TransitionRefusedError) as caught:
        call()
    error = caught.value
    return error.event, error.state, [r.code for r in error.reasons]


RECORDS: dict[str, tuple[Callable[..., Case], Callable[[dt.datetime], Any]]] = {
    "assessment": (record_assessment, lambda at: Assessment("as-9", at, "cm-1")),
    "contact": (record_contact, lambda at: Contact("ct-9", ContactMode.PHONE, at, 5, "cm-1")),
    "appointment": (schedule_appointment, lambda at: Appointment("ap-9", at, "prov-1", 30)),
    "referral": (add_referral, lambda at: Referral("rf-9", "prov-1", at)),
    "outcome": (record_outcome, lambda at: Outcome("oc-9", at, "PHQ-9", "7")),
}


@pytest.mark.parametrize("kind", RECORDS)
def test_a_known_id_revises_and_the_history_keeps_both_versions(kind: str) -> None:
    """Every record kind follows one rule: the second record with an id replaces the first."""
    verb, make = RECORDS[kind]
    case = example_case("monitoring")
    at = _at(case)
    first = make(at)
    case = verb(case, first, at=at, by="cm-1")
    second = (
        attrs.evolve(first, duration_minutes=45)
        if kind in {"contact", "appointment"}
        else attrs.evolve(first, tools=("PHQ-9",))
        if kind == "assessment"
        else attrs.evolve(first, value="5")
        if kind == "outcome"
        else attrs.evolve(first, status=ReferralStatus.ACCEPTED)
    )
    case = verb(case, second, at=at, by="cm-1")

    field = {"assessment": "assessments", "contact": "contacts", "appointment": "appointments",
             "referral": "referrals", "outcome": "outcomes"}[kind]  # fmt: skip
    assert getattr(case, field)[-1] == second
    assert first not in getattr(case, field)
    assert [e.payload for e in case.history[-2:]] == [first, second]
    assert replay(case.history, workflow=STANDARD) == case


def test_an_appointment_is_marked_fulfilled_or_noshow_cleanly() -> None:
    """The issue's snippet: one appointment, its status moved, no duplicate."""
    case = example_case("implementing")
    at = _at(case)
    visit = Appointment("ap-1", at.add(days=7), "prov-2", 30)
    case = schedule_appointment(case, visit, at=at, by="cm-1")
    fulfilled = schedule_appointment(
        case, attrs.evolve(visit, status=AppointmentStatus.FULFILLED), at=at, by="cm-1"
    )
    missed = schedule_appointment(
        case, attrs.evolve(visit, status=AppointmentStatus.NOSHOW), at=at, by="cm-1"
    )

    assert [a.status for a in fulfilled.appointments] == [AppointmentStatus.FULFILLED]
    assert [a.status for a in missed.appointments] == [AppointmentStatus.NOSHOW]
    assert _refusal(
        lambda: schedule_appointment(
            fulfilled, attrs.evolve(visit, status=AppointmentStatus.BOOKED), at=at, by="cm-1"
        )
    ) == ("appointment_scheduled", "implementing", ["lifecycle.status_move"])


def test_a_referral_cannot_move_back_past_its_workflow() -> None:
    """The issue's snippet: completed -> requested is refused, with the statuses named."""
    case = example_case("implementing")
    at = _at(case)
    done = Referral("rf-1", "prov-3", at, status=ReferralStatus.COMPLETED)
    case = add_referral(case, done, at=at, by="cm-1")

    with pytest.raises(TransitionRefusedError) as caught:
        add_referral(case, attrs.evolve(done, status=ReferralStatus.REQUESTED), at=at, by="cm-1")
    assert caught.value.reasons[0].params == (
        ("new", "requested"),
        ("old", "completed"),
        ("record", "referral"),
    )
    assert "cannot move from completed to requested" in str(caught.value)


def test_a_revision_may_skip_steps_along_the_workflow() -> None:
    """Documentation after the fact: requested straight to completed follows REFERRAL."""
    case = example_case("implementing")
    at = _at(case)
    asked = Referral("rf-1", "prov-3", at)
    case = add_referral(case, asked, at=at, by="cm-1")
    case = add_referral(
        case, attrs.evolve(asked, status=ReferralStatus.COMPLETED), at=at, by="cm-1"
    )

    assert case.referrals[0].status is ReferralStatus.COMPLETED


def test_care_plan_goal_and_intervention_statuses_move_along_their_workflows() -> None:
    """A plan revision moves the plan, its goals and interventions only forward."""
    case = example_case("monitoring")
    plan = case.latest_care_plan
    assert plan is not None
    at = _at(case)

    back_to_draft = attrs.evolve(plan, status=PlanStatus.DRAFT)
    goal_reopened = attrs.evolve(
        plan, goals=(attrs.evolve(plan.goals[0], status=GoalStatus.PROPOSED),)
    )
    item_done = attrs.evolve(
        plan,
        interventions=(attrs.evolve(plan.interventions[0], status=InterventionStatus.COMPLETED),),
    )

    for bad in (back_to_draft, goal_reopened):
        assert _refusal(lambda b=bad: record_care_plan(case, b, at=at, by="cm-1"))[2] == [
            "lifecycle.status_move"
        ]
    assert record_care_plan(case, item_done, at=at, by="cm-1").latest_care_plan == item_done


def test_a_revision_may_not_drop_a_goal_an_intervention_or_a_need() -> None:
    """Parts are cancelled or marked in error, never deleted, so links keep resolving."""
    case = example_case("monitoring")
    plan = case.latest_care_plan
    assessment = case.latest_assessment
    assert plan is not None
    assert assessment is not None
    at = _at(case)

    dropped = attrs.evolve(plan, goals=(), interventions=())  # (a plan's own links must hold)
    assert set(_refusal(lambda: record_care_plan(case, dropped, at=at, by="cm-1"))[2]) == {
        "lifecycle.record_dropped"
    }
    assert _refusal(
        lambda: record_assessment(case, attrs.evolve(assessment, needs=()), at=at, by="cm-1")
    )[2] == ["lifecycle.record_dropped"]


@pytest.mark.parametrize("state", ["closed", "declined", "entered_in_error"])
@pytest.mark.parametrize("kind", RECORDS)
def test_a_closed_or_final_case_takes_no_new_records(state: str, kind: str) -> None:
    """The issue's snippet: a referral (or any record) on a closed case is refused, naming
    the state."""
    verb, make = RECORDS[kind]
    case = example_case(state)
    at = _at(case)

    event, where, codes = _refusal(lambda: verb(case, make(at), at=at, by="cm-1"))
    assert (where, codes) == (state, ["lifecycle.records_closed"])
    assert event.endswith(("_recorded", "_added", "_scheduled"))


def test_a_manager_cannot_be_assigned_to_a_closed_case() -> None:
    """Assigning a manager is a record too."""
    case = example_case("closed")

    assert _refusal(lambda: assign_manager(case, CaseManager("cm-2"), at=_at(case), by="cm-1"))[
        2
    ] == ["lifecycle.records_closed"]


def test_a_workflow_may_allow_a_late_contact_note_after_closure() -> None:
    """late_records lets a closed state take the records the programme names, and no others."""
    late = standard_workflow(
        workflow_id="late-notes", late_records={"closed": ["contact_recorded"]}
    )
    case = example_case("closed", workflow=late)
    at = _at(case)
    note = Contact("ct-late", ContactMode.PHONE, at, 5, "cm-1")

    case = record_contact(case, note, at=at, by="cm-1", workflow=late)
    assert case.contacts == (note,)
    assert replay(case.history, workflow=late) == case
    assert _refusal(
        lambda: add_referral(case, Referral("rf-1", "p", at), at=at, by="cm-1", workflow=late)
    )[2] == ["lifecycle.records_closed"]


def test_late_records_name_states_and_record_events() -> None:
    """A late_records entry for no state, or for an event that is no record, is refused."""
    from casekit.errors import InvalidDefinitionError

    with pytest.raises(InvalidDefinitionError) as caught:
        standard_workflow(workflow_id="x", late_records={"nowhere": [], "closed": ["close"]})
    assert [(p.path, p.code) for p in caught.value.problems] == [
        ("late_records[0][0]", "not_a_record"),
        ("late_records[1]", "unknown_state"),
    ]


def test_a_record_dated_in_the_future_of_its_event_is_refused() -> None:
    """The issue's snippet: a contact dated years ahead; the tolerance is the workflow's."""
    case = example_case("monitoring")
    at = _at(case)
    ahead = Contact("ct-1", ContactMode.PHONE, at.add(years=3), 5, "cm-1")
    near = Contact("ct-2", ContactMode.PHONE, at.add(minutes=4), 5, "cm-1")

    with pytest.raises(InvalidInputError) as caught:
        record_contact(case, ahead, at=at, by="cm-1")
    assert [(p.path, p.code) for p in caught.value.problems] == [("contact.at", "in_future")]
    assert record_contact(case, near, at=at, by="cm-1").contacts == (near,)
    slack = standard_workflow(workflow_id="slack", future_tolerance=dt.timedelta(days=4000))
    lenient = example_case("monitoring", workflow=slack)
    assert record_contact(lenient, ahead, at=at, by="cm-1", workflow=slack).contacts == (ahead,)


def test_an_appointment_may_lie_in_the_future() -> None:
    """An appointment is booked ahead: its own time is not held to the tolerance."""
    case = example_case("implementing")
    at = _at(case)
    visit = Appointment("ap-1", at.add(months=2), "prov-1", 30)

    assert schedule_appointment(case, visit, at=at, by="cm-1").appointments == (visit,)


def test_new_workflows_for_appointments_and_care_plans_follow_fhir() -> None:
    """APPOINTMENT and CARE_PLAN cover their FHIR statuses (CarePlan's unknown aside)."""
    assert {s.name for s in APPOINTMENT.states} == {a.value for a in AppointmentStatus}
    assert {s.name for s in CARE_PLAN.states} == {p.value for p in PlanStatus} - {"unknown"}


def test_a_needs_revision_keeps_identified_needs() -> None:
    """An assessment revised with its needs and more is fine."""
    case = example_case("monitoring")
    assessment = case.latest_assessment
    assert assessment is not None
    more = attrs.evolve(
        assessment,
        needs=(*assessment.needs, Need(NeedDomain.FINANCIAL, Priority.LOW, id="n-2")),
        risk=RiskLevel.LOW,
    )

    assert record_assessment(case, more, at=_at(case), by="cm-1").latest_assessment == more
