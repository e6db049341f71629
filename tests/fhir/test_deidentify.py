"""A de-identified export removes the HIPAA Safe Harbor identifiers and keeps the care."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import attrs
import pendulum
from hypothesis import given, settings

from casekit.case import Case
from casekit.fhir import case_bundle, case_resources, patient_resource
from casekit.people import Patient
from casekit.testing import strategies as cks

Check = Callable[[dict[str, Any]], dict[str, Any]]
ON = pendulum.date(2026, 1, 1)
MARK = "PHI-MARK-7f3a"
# A full date or date-time: anything more precise than a year.
MORE_THAN_A_YEAR = re.compile(r'"\d{4}-\d{2}')


def test_a_de_identified_bundle_keeps_no_identifier_date_or_free_text(
    river: Case, check: Check
) -> None:
    """No name, birth date, id, telecom or note of River's case survives; the care does."""
    bundle = check(case_bundle(river, deidentified=True, on=ON))
    text = json.dumps(bundle)

    for personal in ("Synthetic", "River", "1994-08-21", "pt-river", "case-river", "cm-ana"):
        assert personal not in text
    assert not MORE_THAN_A_YEAR.search(text)
    assert '"identifier"' not in text
    assert "walk unaided" not in text
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert {"EpisodeOfCare", "CarePlan", "Goal", "Condition", "Encounter"} <= kinds
    assert "Appointment" not in kinds  # its times are instants, which have no year-only form


def test_the_de_identified_patient_keeps_sex_language_and_birth_year(river: Case) -> None:
    """The Patient keeps gender, language and the year of birth (River is 31)."""
    patient = patient_resource(river.patient, deidentified=True, on=ON)

    assert patient == {
        "resourceType": "Patient",
        "id": "1",
        "gender": "unknown",
        "birthDate": "1994",
        "communication": [
            {
                "language": {"coding": [{"system": "urn:ietf:bcp:47", "code": "en"}]},
                "preferred": True,
            }
        ],
    }


def test_a_patient_over_89_has_no_birth_year(river: Case, check: Check) -> None:
    """Ages over 89 are an identifier: the birth date is masked with data-absent-reason."""
    old = attrs.evolve(river.patient, birth_date=pendulum.date(1936, 1, 1))

    patient = check(patient_resource(old, deidentified=True, on=ON))

    assert "birthDate" not in patient
    assert patient["_birthDate"]["extension"][0]["valueCode"] == "masked"
    assert (
        patient_resource(old, deidentified=True, on=pendulum.date(2025, 12, 31))["birthDate"]
        == "1936"
    )


def test_de_identified_ids_are_counters_not_casekit_ids(river: Case) -> None:
    """Pseudonymous ids are numbers in order of first use, the same on every export."""
    resources = case_resources(river, deidentified=True, on=ON)

    assert all(r["id"].isdigit() for r in resources)
    assert resources == case_resources(river, deidentified=True, on=ON)


@settings(deadline=None)
@given(cks.patients(mark=MARK))
def test_no_marked_personal_value_reaches_a_de_identified_patient(patient: Patient) -> None:
    """Whatever the name, telecom or identifiers hold, none of it is written."""
    text = json.dumps(patient_resource(patient, deidentified=True, on=ON))

    assert MARK not in text
    assert patient.birth_date.isoformat() not in text
