"""A case as FHIR R4 resources: Patient, EpisodeOfCare, CareTeam, CarePlan, Goal and the rest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Final

from casekit.assessment import Assessment
from casekit.careplan import CarePlan, Goal, Intervention
from casekit.case import Appointment, Case, Contact, ContactMode, Outcome, Referral, ReferralStatus
from casekit.errors import InvalidInputError
from casekit.fhir._common import (
    UCUM,
    Context,
    Resource,
    compact,
    concept,
    extension_url,
    id_system,
    instant,
    own,
    texts,
)
from casekit.lifecycle import Workflow
from casekit.lifecycle.standard import STANDARD
from casekit.people import CaseManager, Patient

__all__ = ["case_bundle", "case_resources", "patient_resource"]

_DONE: Final = frozenset({"finished", "cancelled", "entered-in-error"})
_TEAM_STATUS: Final = {
    "planned": "proposed",
    "waitlist": "proposed",
    "active": "active",
    "onhold": "suspended",
    "finished": "inactive",
    "cancelled": "inactive",
    "entered-in-error": "entered-in-error",
}
_REQUEST_STATUS: Final = {
    ReferralStatus.REQUESTED: "active",
    ReferralStatus.RECEIVED: "active",
    ReferralStatus.ACCEPTED: "active",
    ReferralStatus.IN_PROGRESS: "active",
    ReferralStatus.COMPLETED: "completed",
    ReferralStatus.REJECTED: "revoked",
    ReferralStatus.CANCELLED: "revoked",
}
_ENCOUNTER_CLASS: Final = {
    ContactMode.IN_PERSON: "AMB",
    ContactMode.PHONE: "VR",
    ContactMode.VIDEO: "VR",
    ContactMode.HOME_VISIT: "HH",
    ContactMode.ACCOMPANIED_APPOINTMENT: "FLD",
}
_ACT_CODE: Final = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
_GOAL_ACHIEVEMENT: Final = "http://terminology.hl7.org/CodeSystem/goal-achievement"
_CONDITION_CATEGORY: Final = "http://terminology.hl7.org/CodeSystem/condition-category"
_CONDITION_CLINICAL: Final = "http://terminology.hl7.org/CodeSystem/condition-clinical"
_OBSERVATION_CATEGORY: Final = "http://terminology.hl7.org/CodeSystem/observation-category"
_DATA_ABSENT: Final = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
_LANGUAGE: Final = "urn:ietf:bcp:47"
_REDACTED: Final = "[redacted]"


def _minutes(value: int) -> Resource:
    return {"value": value, "unit": "min", "system": UCUM, "code": "min"}


def patient_resource(
    patient: Patient, *, deidentified: bool = False, on: dt.date | None = None
) -> Resource:
    """Return *patient* as a FHIR R4 Patient: the one resource that holds personal data.

    De-identified (which needs *on*, the date ages are judged on), it keeps only sex,
    language and the year of birth, and drops that too for a patient over 89 on *on*.

    Raises:
        InvalidInputError: at ``on`` if *deidentified* is set without it.

    Examples:
        >>> import pendulum
        >>> from casekit.people import PersonName
        >>> river = Patient("pt-river", PersonName("Synthetic", ("River",)),
        ...                 pendulum.date(1994, 8, 21))
        >>> r = patient_resource(river)
        >>> r["id"], r["name"], r["birthDate"]
        ('pt-river', [{'family': 'Synthetic', 'given': ['River']}], '1994-08-21')
        >>> patient_resource(river, deidentified=True, on=pendulum.date(2025, 1, 1))["birthDate"]
        '1994'
    """
    ctx = Context(deidentified=deidentified)
    return _patient(ctx, patient, _judged_on(deidentified, on))


def _judged_on(deidentified: bool, on: dt.date | None) -> dt.date | None:  # noqa: FBT001  # private
    if not deidentified:
        return None
    if not isinstance(on, dt.date):
        raise InvalidInputError.one(
            "on", "required", "is required to de-identify: ages over 89 are judged on that date"
        )
    return on


_OLDEST_SHOWN: Final = 89


def _patient(ctx: Context, patient: Patient, on: dt.date | None) -> Resource:
    resource: Resource = {"resourceType": "Patient", "id": ctx.id("Patient", patient.id)}
    language = {
        "language": {"coding": [{"system": _LANGUAGE, "code": patient.language}]},
        "preferred": True,
    }
    if on is not None:  # de-identified
        resource["gender"] = patient.sex.value
        age = patient.age_on(on)
        if age is None or patient.birth_date is None:
            pass  # unknown: nothing to show or to mask
        elif age <= _OLDEST_SHOWN:
            resource["birthDate"] = str(patient.birth_date.year)
        else:
            resource["_birthDate"] = {
                "extension": [
                    {
                        "url": "http://hl7.org/fhir/StructureDefinition/data-absent-reason",
                        "valueCode": "masked",
                    }
                ]
            }
        resource["communication"] = [language]
        return resource
    name = patient.name
    resource["identifier"] = [
        {"system": id_system("patient"), "value": patient.id},
        *({"system": i.system, "value": i.value} for i in patient.identifiers),
    ]
    resource["name"] = [
        compact({"family": name.family, "given": texts(name.given), "prefix": texts(name.prefix)})
    ]
    if patient.contact_points:
        resource["telecom"] = [
            compact({"system": c.system.value, "value": c.value, "use": c.use and c.use.value})
            for c in patient.contact_points
        ]
    resource["gender"] = patient.sex.value
    if patient.birth_date is not None:
        resource["birthDate"] = patient.birth_date.isoformat()
    resource["communication"] = [language]
    return resource


def _practitioner(ctx: Context, manager: CaseManager) -> Resource:
    qualifications = [{"code": own("credential", c.value)} for c in manager.credentials]
    qualifications.extend(
        compact(
            {
                "code": own("credential", licence.credential.value),
                "period": licence.expires_on and {"end": ctx.day(licence.expires_on)},
                "extension": [
                    {"url": extension_url("licence-status"), "valueCode": licence.status.value}
                ],
            }
        )
        for licence in manager.licences
    )
    return compact(
        {
            "resourceType": "Practitioner",
            "id": ctx.id("Practitioner", manager.id),
            "qualification": qualifications,
        }
    )


def _status_history(case: Case, workflow: Workflow[Any]) -> list[Resource]:
    history: list[Resource] = []
    current: str | None = None
    for event in case.history:
        status = workflow.state(event.to_state).fhir_status
        if status == current:
            continue
        if history:
            history[-1]["period"]["end"] = event.at
        history.append({"status": status, "period": {"start": event.at}})
        current = status
    return history


def _episode(ctx: Context, case: Case, workflow: Workflow[Any]) -> Resource:
    history = _status_history(case, workflow)
    for entry in history:
        entry["period"] = {k: ctx.when(v) for k, v in entry["period"].items()}
    status = history[-1]["status"]
    period = {"start": ctx.when(case.opened_at)}
    if status in _DONE:
        period["end"] = history[-1]["period"]["start"]
    resource: Resource = {
        "resourceType": "EpisodeOfCare",
        "id": ctx.id("EpisodeOfCare", case.id),
        "status": status,
        "statusHistory": history,
        "type": [own("care-model", case.model.value)],
        "patient": ctx.ref("Patient", case.patient.id),
        "period": period,
        "careManager": ctx.ref("Practitioner", case.manager.id),
        "team": [ctx.ref("CareTeam", case.id)],
    }
    if not ctx.deidentified:
        resource["identifier"] = [{"system": id_system("case"), "value": case.id}]
    return resource


def _care_team(ctx: Context, case: Case, status: str) -> Resource:
    participants = [
        {
            "role": [own("care-team-role", "case_manager")],
            "member": ctx.ref("Practitioner", case.manager.id),
        }
    ]
    participants.extend(
        compact({"role": [own("care-team-role", m.role.value)], "member": ctx.party(m.party_id)})
        for m in case.team.members
    )
    return {
        "resourceType": "CareTeam",
        "id": ctx.id("CareTeam", case.id),
        "status": _TEAM_STATUS[status],
        "subject": ctx.ref("Patient", case.patient.id),
        "participant": participants,
    }


def _assessment(ctx: Context, case: Case, a: Assessment) -> list[Resource]:
    subject = ctx.ref("Patient", case.patient.id)
    recorded = ctx.when(a.at)
    found: list[Resource] = [
        compact(
            {
                "resourceType": "Condition",
                "id": ctx.id("Condition", case.id, a.id, str(i)),
                "extension": [
                    {"url": extension_url("need-priority"), "valueCode": need.priority.value}
                ],
                "clinicalStatus": {"coding": [{"system": _CONDITION_CLINICAL, "code": "active"}]},
                "category": [
                    {"coding": [{"system": _CONDITION_CATEGORY, "code": "problem-list-item"}]}
                ],
                "code": own("need-domain", need.domain.value),
                "subject": subject,
                "recordedDate": recorded,
                "recorder": ctx.party(a.by),
            }
        )
        for i, need in enumerate(a.needs, 1)
    ]
    survey = [{"coding": [{"system": _OBSERVATION_CATEGORY, "code": "survey"}]}]
    method = {"text": ", ".join(texts(a.tools))} if any(a.tools) else None
    if a.risk is not None:
        found.append(
            compact(
                {
                    "resourceType": "Observation",
                    "id": ctx.id("Observation", "risk", case.id, a.id),
                    "status": "final",
                    "category": survey,
                    "code": own("assessment-finding", "risk-level"),
                    "subject": subject,
                    "effectiveDateTime": recorded,
                    "performer": [p] if (p := ctx.party(a.by)) else None,
                    "valueCodeableConcept": own("risk-level", a.risk.value),
                    "method": method,
                }
            )
        )
    found.extend(
        {
            "resourceType": "Observation",
            "id": ctx.id("Observation", "strength", case.id, a.id, str(i)),
            "status": "final",
            "category": [{"coding": [{"system": _OBSERVATION_CATEGORY, "code": "social-history"}]}],
            "code": own("assessment-finding", "strength"),
            "subject": subject,
            "effectiveDateTime": recorded,
            "valueCodeableConcept": own("strength-source", s.source.value),
        }
        for i, s in enumerate(a.strengths, 1)
    )
    return found


def _goal(
    ctx: Context,
    case: Case,
    plan: CarePlan,
    goal: Goal,
    *,
    needs: dict[str, tuple[str, ...]],
    outcomes: dict[str, list[Resource]],
) -> Resource:
    return compact(
        {
            "resourceType": "Goal",
            "id": ctx.id("Goal", case.id, plan.id, goal.id),
            "lifecycleStatus": goal.status.value,
            "achievementStatus": goal.achievement_status
            and {"coding": [{"system": _GOAL_ACHIEVEMENT, "code": goal.achievement_status.value}]},
            "description": {"text": ctx.text(goal.description) or _REDACTED},
            "subject": ctx.ref("Patient", case.patient.id),
            "target": goal.target and [{"dueDate": ctx.day(goal.target)}],
            "addresses": [ctx.ref("Condition", *needs[n]) for n in goal.need_ids if n in needs],
            "outcomeReference": outcomes.get(goal.id),
        }
    )


def _activity(
    ctx: Context,
    case: Case,
    plan: CarePlan,
    item: Intervention,
    *,
    needs: dict[str, tuple[str, ...]],
    goals: frozenset[str],
) -> Resource:
    performer = ctx.party(item.responsible) if item.responsible else None
    detail = compact(
        {
            "extension": [{"url": extension_url("setting"), "valueString": setting}]
            if (setting := ctx.text(item.setting or ""))
            else None,
            "code": item.service and concept(item.service),
            "reasonReference": [
                ctx.ref("Condition", *needs[n]) for n in item.need_ids if n in needs
            ],
            "goal": [ctx.ref("Goal", case.id, plan.id, g) for g in item.goal_ids if g in goals],
            "status": item.status.value,
            "scheduledString": item.frequency,
            "performer": performer and [performer],
            "description": ctx.text(item.description),
        }
    )
    return {"detail": detail}


def _plan(
    ctx: Context,
    case: Case,
    plan: CarePlan,
    needs: dict[str, tuple[str, ...]],
    outcomes: dict[str, list[Resource]],
) -> list[Resource]:
    goal_ids = frozenset(g.id for g in plan.goals)
    addressed = dict.fromkeys(n for g in plan.goals for n in g.need_ids if n in needs)
    resource = compact(
        {
            "resourceType": "CarePlan",
            "id": ctx.id("CarePlan", case.id, plan.id),
            "status": plan.status.value,
            "intent": "plan",
            "subject": ctx.ref("Patient", case.patient.id),
            "created": ctx.when(plan.created_at),
            "author": ctx.party(plan.author),
            "careTeam": [ctx.ref("CareTeam", case.id)],
            "addresses": [ctx.ref("Condition", *needs[n]) for n in addressed],
            "supportingInfo": [ctx.ref("EpisodeOfCare", case.id)],
            "goal": [ctx.ref("Goal", case.id, plan.id, g.id) for g in plan.goals],
            "activity": [
                _activity(ctx, case, plan, i, needs=needs, goals=goal_ids)
                for i in plan.interventions
            ],
        }
    )
    return [
        resource,
        *(_goal(ctx, case, plan, g, needs=needs, outcomes=outcomes) for g in plan.goals),
    ]


def _referral(ctx: Context, case: Case, r: Referral) -> list[Resource]:
    subject = ctx.ref("Patient", case.patient.id)
    authored = ctx.when(r.requested_at)
    performer = ctx.party(r.to)
    request = compact(
        {
            "resourceType": "ServiceRequest",
            "id": ctx.id("ServiceRequest", case.id, r.id),
            "status": _REQUEST_STATUS[r.status],
            "intent": "order",
            "category": [own("request-category", "referral")],
            "code": r.service and concept(r.service),
            "subject": subject,
            "authoredOn": authored,
            "performer": performer and [performer],
            "supportingInfo": [ctx.ref("EpisodeOfCare", case.id)],
        }
    )
    task = compact(
        {
            "resourceType": "Task",
            "id": ctx.id("Task", case.id, r.id),
            "status": r.status.value,
            "intent": "order",
            "code": r.service and concept(r.service),
            "focus": ctx.ref("ServiceRequest", case.id, r.id),
            "for": subject,
            "authoredOn": authored,
            "owner": performer,
        }
    )
    return [request, task]


def _encounter(ctx: Context, case: Case, c: Contact) -> Resource:
    end = c.at + dt.timedelta(minutes=c.duration_minutes)
    participants = [{"individual": p} for who in (c.by, *c.with_whom) if (p := ctx.party(who))]
    return compact(
        {
            "resourceType": "Encounter",
            "id": ctx.id("Encounter", case.id, c.id),
            "status": "finished",
            "class": {"system": _ACT_CODE, "code": _ENCOUNTER_CLASS[c.mode]},
            "type": [own("contact-mode", c.mode.value)],
            "subject": ctx.ref("Patient", case.patient.id),
            "episodeOfCare": [ctx.ref("EpisodeOfCare", case.id)],
            "participant": participants,
            "period": {"start": ctx.when(c.at), "end": ctx.when(end)},
            "length": _minutes(c.duration_minutes),
        }
    )


def _appointment(ctx: Context, case: Case, a: Appointment) -> Resource:
    # Appointments are left out of de-identified exports, so the provider is always named.
    participants: list[Resource] = [
        {"actor": ctx.ref("Patient", case.patient.id), "status": "accepted"},
        {
            "actor": {"identifier": {"system": id_system("party"), "value": a.provider}},
            "status": "accepted",
        },
    ]
    return compact(
        {
            "resourceType": "Appointment",
            "id": ctx.id("Appointment", case.id, a.id),
            "status": a.status.value,
            "start": instant(a.at),
            "end": instant(a.at + dt.timedelta(minutes=a.duration_minutes)),
            "minutesDuration": a.duration_minutes or None,  # a positiveInt: 0 is left out
            "participant": participants,
        }
    )


def _outcome(ctx: Context, case: Case, o: Outcome) -> Resource:
    value = ctx.text(o.value)
    resource: Resource = {
        "resourceType": "Observation",
        "id": ctx.id("Observation", "outcome", case.id, o.id),
        "status": "final",
        "code": {"text": ctx.text(o.measure) or _REDACTED},
        "subject": ctx.ref("Patient", case.patient.id),
        "effectiveDateTime": ctx.when(o.at),
    }
    if value is None:
        resource["dataAbsentReason"] = {"coding": [{"system": _DATA_ABSENT, "code": "masked"}]}
    else:
        resource["valueString"] = value
    return resource


def _latest(records: Iterable[Any]) -> list[Any]:
    """Each record once, by id: its latest version, in the position it first took."""
    return list({r.id: r for r in records}.values())


def _assessments(ctx: Context, case: Case, resources: list[Resource]) -> dict[str, tuple[str, ...]]:
    """Add each assessment's resources to *resources*; return the Condition id parts by need id."""
    needs: dict[str, tuple[str, ...]] = {}
    for a in _latest(case.assessments):
        resources.extend(_assessment(ctx, case, a))
        for i, need in enumerate(a.needs, 1):
            if need.id is not None:
                needs[need.id] = (case.id, a.id, str(i))
    return needs


def export_case(
    ctx: Context, case: Case, workflow: Workflow[Any], on: dt.date | None
) -> list[Resource]:
    """Return every resource of *case*, in a stable order."""
    if not isinstance(case, Case):
        raise InvalidInputError.one("case", "type", "must be a Case")
    known = {s.name for s in workflow.states}
    if any(e.to_state not in known for e in case.history):
        raise InvalidInputError.one(
            "workflow", "unknown_state", "must define every state the case's history enters"
        )
    episode = _episode(ctx, case, workflow)
    resources = [
        _patient(ctx, case.patient, on),
        _practitioner(ctx, case.manager),
        episode,
        _care_team(ctx, case, episode["status"]),
    ]
    needs = _assessments(ctx, case, resources)
    outcome_resources = [_outcome(ctx, case, o) for o in _latest(case.outcomes)]
    outcomes: dict[str, list[Resource]] = {}
    for o, resource in zip(_latest(case.outcomes), outcome_resources, strict=True):
        if o.goal_id is not None:
            outcomes.setdefault(o.goal_id, []).append(
                {"reference": f"Observation/{resource['id']}"}
            )
    for plan in _latest(case.care_plans):
        resources.extend(_plan(ctx, case, plan, needs, outcomes))
    for r in _latest(case.referrals):
        resources.extend(_referral(ctx, case, r))
    resources.extend(_encounter(ctx, case, c) for c in _latest(case.contacts))
    if not ctx.deidentified:  # an Appointment's times are instants: no year-only form
        resources.extend(_appointment(ctx, case, a) for a in _latest(case.appointments))
    resources.extend(outcome_resources)
    return resources


def case_resources(
    case: Case,
    *,
    workflow: Workflow[Any] = STANDARD,
    deidentified: bool = False,
    on: dt.date | None = None,
) -> tuple[Resource, ...]:
    """Return *case* as FHIR R4 resources (plain dicts), one per casekit record.

    The case is an EpisodeOfCare (statuses from *workflow*'s states, with their history), its
    patient a Patient, its manager a Practitioner, its team a CareTeam; each assessment gives
    a Condition per need and Observations for risk and strengths; each care plan a CarePlan
    and its Goals; each referral a ServiceRequest and the Task that tracks it; each contact an
    Encounter; each appointment an Appointment; each outcome an Observation. Ids follow
    `resource_id`, so the same case always gives the same resources. With *deidentified*
    (and *on*), the HIPAA Safe Harbor identifiers are removed: see ``docs/fhir.md``.

    Raises:
        InvalidInputError: at ``case`` if it is not a Case; at ``workflow`` if the case enters
            a state the workflow does not define; at ``on`` if *deidentified* lacks it.

    Examples:
        >>> from casekit.lifecycle.examples import example_case
        >>> [r["resourceType"] for r in case_resources(example_case("referred"))]
        ['Patient', 'Practitioner', 'EpisodeOfCare', 'CareTeam']
        >>> case_resources(example_case("on_hold"))[2]["status"]
        'onhold'
    """
    ctx = Context(deidentified=deidentified)
    return tuple(export_case(ctx, case, workflow, _judged_on(deidentified, on)))


def case_bundle(
    case: Case,
    *,
    workflow: Workflow[Any] = STANDARD,
    deidentified: bool = False,
    on: dt.date | None = None,
) -> Resource:
    """Return *case* as one FHIR R4 transaction Bundle of `case_resources`.

    Each entry is a ``PUT`` to the resource's own id, so sending the bundle twice leaves a
    server as sending it once, and a later version of the case updates what changed.

    Examples:
        >>> from casekit.lifecycle.examples import example_case
        >>> bundle = case_bundle(example_case("referred"))
        >>> bundle["type"], bundle["entry"][0]["request"]
        ('transaction', {'method': 'PUT', 'url': 'Patient/pt-1'})
    """
    resources = case_resources(case, workflow=workflow, deidentified=deidentified, on=on)
    return {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [
            {
                "resource": r,
                "request": {"method": "PUT", "url": f"{r['resourceType']}/{r['id']}"},
            }
            for r in resources
        ],
    }
