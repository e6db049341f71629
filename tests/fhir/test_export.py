"""A case exports to FHIR R4 resources that the reference R4 models accept."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casekit.careplan import AchievementStatus, InterventionStatus, PlanStatus
from casekit.case import (
    AppointmentStatus,
    Case,
    Contact,
    ContactMode,
    Outcome,
    ReferralStatus,
    add_referral,
    record_assessment,
    record_care_plan,
    record_contact,
    record_outcome,
    schedule_appointment,
)
from casekit.errors import InvalidInputError, TransitionRefusedError
from casekit.fhir import case_bundle, case_resources, patient_resource
from casekit.lifecycle.examples import example_case
from casekit.lifecycle.standard import GOAL, STANDARD
from casekit.testing import strategies as cks

Check = Callable[[dict[str, Any]], dict[str, Any]]
ON = pendulum.date(2026, 1, 1)


def by_type(resources: tuple[dict[str, Any], ...], kind: str) -> list[dict[str, Any]]:
    return [r for r in resources if r["resourceType"] == kind]


def test_rivers_case_exports_resources_the_r4_models_accept(river: Case, check: Check) -> None:
    """Every resource of River's case, and its bundle, validates against the R4 models."""
    resources = case_resources(river)

    kinds = {r["resourceType"] for r in resources}
    for resource in resources:
        check(resource)
    check(case_bundle(river))
    assert kinds == {
        "Patient",
        "Practitioner",
        "EpisodeOfCare",
        "CareTeam",
        "Condition",
        "Observation",
        "CarePlan",
        "Goal",
        "ServiceRequest",
        "Task",
        "Encounter",
        "Appointment",
    }


@pytest.mark.parametrize("state", [s.name for s in STANDARD.states])
@pytest.mark.parametrize("deidentified", [False, True])
def test_a_case_in_every_standard_state_exports_a_valid_bundle(
    state: str, *, deidentified: bool, check: Check
) -> None:
    """Each reachable state of the standard workflow gives a bundle the R4 models accept."""
    case = example_case(state)

    bundle = check(case_bundle(case, deidentified=deidentified, on=ON))

    episode = bundle["entry"][2]["resource"]
    assert episode["status"] == STANDARD.state(state).fhir_status


@settings(deadline=None)  # the reference models take milliseconds per bundle
@given(case=cks.cases(max_records=6), deidentified=st.booleans())
def test_a_generated_case_exports_a_valid_bundle(case: Case, *, deidentified: bool) -> None:
    """Any case the strategies draw exports to resources the R4 models accept."""
    from fhir.resources import construct_fhir_element

    bundle = case_bundle(case, deidentified=deidentified, on=ON)

    construct_fhir_element("Bundle", json.loads(json.dumps(bundle)))


_VERBS = {
    "assessment_recorded": record_assessment,
    "care_plan_recorded": record_care_plan,
    "contact_recorded": record_contact,
    "appointment_scheduled": schedule_appointment,
    "referral_added": add_referral,
    "outcome_recorded": record_outcome,
}


@settings(deadline=None)
@given(state=st.sampled_from([s.name for s in STANDARD.states]), drawn=cks.cases(max_records=6))
def test_generated_records_in_every_reachable_state_export_a_valid_bundle(
    state: str, drawn: Case
) -> None:
    """A generated case's records, grafted onto a case in each state, export validly.

    A record the case refuses (a closed state takes none; a link to something this case does
    not hold) is left out: what matters is that every record a case holds exports."""
    from fhir.resources import construct_fhir_element

    case = example_case(state)
    for event in drawn.history[1:]:
        if event.name not in _VERBS:
            continue  # a transition of the drawn case: only its records are grafted
        at = case.history[-1].at.add(minutes=1)
        try:
            case = _VERBS[event.name](case, event.payload, at=at, by=event.by)  # type: ignore[operator]
        except (TransitionRefusedError, InvalidInputError):
            continue

    for deidentified in (False, True):
        bundle = case_bundle(case, deidentified=deidentified, on=ON)
        construct_fhir_element("Bundle", json.loads(json.dumps(bundle)))
    assert case.state == state


def test_the_status_history_follows_the_workflows_fhir_statuses(river: Case) -> None:
    """EpisodeOfCare.statusHistory lists each FHIR status the case passed through, in order."""
    episode = case_resources(river)[2]

    statuses = [h["status"] for h in episode["statusHistory"]]
    # River's story closes with goals met; the fixture reopens it and puts it on hold.
    assert statuses == ["planned", "waitlist", "active", "finished", "active", "onhold"]
    assert episode["status"] == "onhold"
    assert "end" not in episode["statusHistory"][-1]["period"]
    assert all(h["period"]["end"] for h in episode["statusHistory"][:-1])


def test_a_closed_case_has_an_ended_period() -> None:
    """A case that reached a finished status has EpisodeOfCare.period.end."""
    episode = case_resources(example_case("closed"))[2]

    assert episode["status"] == "finished"
    assert episode["period"]["end"] == episode["statusHistory"][-1]["period"]["start"]


def test_goals_carry_both_status_axes_and_address_the_needs(river: Case) -> None:
    """A Goal has lifecycleStatus and achievementStatus, and addresses its needs' Conditions."""
    resources = case_resources(river)
    goal = next(g for g in by_type(resources, "Goal") if g["id"] == "case-river..cp-2..g-walk")
    conditions = {c["id"] for c in by_type(resources, "Condition")}

    assert goal["lifecycleStatus"] == "active"
    assert goal["achievementStatus"]["coding"][0]["code"] == "improving"
    assert goal["addresses"] == [{"reference": "Condition/case-river..as-2..1"}]
    assert {a["reference"].split("/")[1] for a in goal["addresses"]} <= conditions
    assert goal["outcomeReference"] == [{"reference": "Observation/outcome..case-river..oc-1"}]
    assert goal["target"] == [{"dueDate": "2025-07-01"}]


def test_a_care_plans_activities_name_their_goals_needs_and_service(river: Case) -> None:
    """CarePlan.activity.detail links the intervention's goals and needs, drops unknown ids."""
    plan = next(p for p in by_type(case_resources(river), "CarePlan") if p["id"].endswith("cp-2"))
    detail = plan["activity"][0]["detail"]

    assert detail["goal"] == [{"reference": "Goal/case-river..cp-2..g-walk"}]
    assert detail["reasonReference"] == [{"reference": "Condition/case-river..as-2..1"}]
    assert detail["code"]["coding"][0] == {
        "system": "http://www.ama-assn.org/go/cpt",
        "code": "97110",
    }
    assert detail["status"] == "in-progress"
    assert detail["scheduledString"] == "2/week"
    assert plan["status"] == "active"
    assert plan["addresses"] == [
        {"reference": "Condition/case-river..as-2..1"},
        {"reference": "Condition/case-river..as-2..2"},
    ]


def test_goal_statuses_are_fhir_goal_lifecycle_codes() -> None:
    """Every state of casekit's goal workflow is a FHIR Goal.lifecycleStatus code."""
    fhir_codes = {
        "proposed", "planned", "accepted", "active", "on-hold", "completed",
        "cancelled", "entered-in-error", "rejected",
    }  # fmt: skip

    assert {s.name for s in GOAL.states} == fhir_codes


def test_referrals_are_service_requests_tracked_by_tasks(river: Case) -> None:
    """A referral is a ServiceRequest and a Task with its latest status, once per referral."""
    resources = case_resources(river)
    task = next(t for t in by_type(resources, "Task") if t["id"] == "case-river..rf-0")
    request = next(r for r in by_type(resources, "ServiceRequest") if r["id"] == "case-river..rf-0")

    assert task["status"] == "in-progress"
    assert task["focus"] == {"reference": "ServiceRequest/case-river..rf-0"}
    assert request["status"] == "active"
    assert len(by_type(resources, "Task")) == 4  # one per referral, whatever its revisions


def test_contacts_are_encounters_of_the_episode(river: Case) -> None:
    """A contact is a finished Encounter of the EpisodeOfCare, lasting its minutes."""
    encounter = by_type(case_resources(river), "Encounter")[0]

    assert encounter["episodeOfCare"] == [{"reference": "EpisodeOfCare/case-river"}]
    assert encounter["class"]["code"] == "VR"
    assert encounter["length"]["value"] == 20
    assert encounter["status"] == "finished"


def test_free_text_notes_stay_out_of_the_export(river: Case) -> None:
    """Need and strength descriptions, referral reasons and appointment purposes are not sent."""
    text = json.dumps(case_resources(river))

    for note in (
        "walking after the femur fracture",
        "partner at home",
        "first session",
        "utility invoices",
    ):
        assert note not in text


def test_the_export_is_plain_json(river: Case) -> None:
    """json.dumps writes the resources as they are, and reading them back gives them again."""
    resources = case_resources(river)

    assert json.loads(json.dumps(resources)) == list(resources)


def test_a_state_the_workflow_does_not_know_is_refused() -> None:
    """Exporting with a workflow that lacks the case's states names the workflow."""
    with pytest.raises(InvalidInputError) as err:
        case_resources(example_case("monitoring"), workflow=GOAL)

    assert [p.path for p in err.value.problems] == ["workflow"]


def test_only_a_case_is_exported() -> None:
    """Anything but a Case is refused at the path case."""
    with pytest.raises(InvalidInputError) as err:
        case_resources("case-1")  # type: ignore[arg-type]

    assert err.value.problems[0].path == "case"


def test_de_identifying_needs_a_date_to_judge_ages_on(river: Case) -> None:
    """deidentified=True without on= is refused at on."""
    with pytest.raises(InvalidInputError) as err:
        case_bundle(river, deidentified=True)

    assert err.value.problems[0].path == "on"


def test_the_patient_resource_alone_holds_the_personal_data(river: Case) -> None:
    """The Patient carries name and birth date; no other resource of the case does."""
    resources = case_resources(river)
    others = json.dumps([r for r in resources if r["resourceType"] != "Patient"])

    assert patient_resource(river.patient) == resources[0]
    assert "Synthetic" in json.dumps(resources[0])
    assert "Synthetic" not in others
    assert "1994-08-21" not in others


def test_a_local_mean_time_offset_is_written_in_utc(check: Check) -> None:
    """An offset with seconds (New York before 1883) cannot be written in FHIR: UTC is used."""
    at = pendulum.datetime(1880, 6, 1, 12, tz="America/New_York")
    case = record_contact(
        example_case("referred"),
        Contact("ct-old", ContactMode.PHONE, at, 10, "cm-1"),
        at=pendulum.datetime(2025, 3, 3, 10, tz="UTC"),
        by="cm-1",
    )

    encounter = check(case_resources(case)[-1])

    assert at.utcoffset().seconds % 60  # type: ignore[union-attr]  # the premise
    assert encounter["period"]["start"] == "1880-06-01T16:56:02+00:00"


def test_casekits_status_codes_are_the_fhir_codes_they_are_written_as() -> None:
    """Every status casekit writes is a code of the required FHIR R4 value set."""
    assert {s.value for s in ReferralStatus} <= TASK_STATUSES
    assert {s.value for s in AppointmentStatus} <= APPOINTMENT_STATUSES
    assert {s.value for s in PlanStatus} <= CAREPLAN_STATUSES
    assert {s.value for s in InterventionStatus} <= ACTIVITY_STATUSES
    assert {s.value for s in AchievementStatus} <= GOAL_ACHIEVEMENT
    assert {s.fhir_status for s in STANDARD.states} <= EPISODE_STATUSES


TASK_STATUSES = {
    "draft", "requested", "received", "accepted", "rejected", "ready", "cancelled",
    "in-progress", "on-hold", "failed", "completed", "entered-in-error",
}  # fmt: skip
APPOINTMENT_STATUSES = {
    "proposed", "pending", "booked", "arrived", "fulfilled", "cancelled", "noshow",
    "entered-in-error", "checked-in", "waitlist",
}  # fmt: skip
CAREPLAN_STATUSES = {
    "draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"
}  # fmt: skip
ACTIVITY_STATUSES = {
    "not-started", "scheduled", "in-progress", "on-hold", "completed", "cancelled", "stopped",
    "unknown", "entered-in-error",
}  # fmt: skip
GOAL_ACHIEVEMENT = {
    "in-progress", "improving", "worsening", "no-change", "achieved", "sustaining",
    "not-achieved", "no-progress", "not-attainable",
}  # fmt: skip
EPISODE_STATUSES = {
    "planned", "waitlist", "active", "onhold", "finished", "cancelled", "entered-in-error"
}  # fmt: skip


def test_an_assessment_without_a_risk_and_an_outcome_without_a_goal_export(
    check: Check,
) -> None:
    """No risk level: no risk Observation; an outcome that names no goal links to none."""
    from casekit.assessment import Assessment

    case = example_case("monitoring")
    at = case.history[-1].at.add(hours=1)
    case = record_assessment(case, Assessment("as-plain", at, "cm-1"), at=at, by="cm-1")
    case = record_outcome(case, Outcome("oc-plain", at, "PHQ-9", "4"), at=at, by="cm-1")

    resources = case_resources(case)
    ids = {r["id"] for r in resources}

    assert not any("as-plain" in i and i.startswith("risk") for i in ids)
    outcome = next(r for r in resources if r["id"].endswith("oc-plain"))
    check(outcome)
    assert all("oc-plain" not in json.dumps(g.get("outcomeReference", [])) for g in resources)
