"""The readers' quieter rules: what they skip, default and refuse at the edges of R4 data."""

from __future__ import annotations

import json
from typing import Any

import pendulum
import pytest

from casekit.codes import Code
from casekit.coverage import Benefit, Plan, Relationship, Tier, TierTerms
from casekit.errors import InvalidInputError
from casekit.fhir import CASEKIT, read_claim, read_coverage, read_patient

PLAN = Plan("B37FC", tiers=[TierTerms(Tier.IN)], benefits=[Benefit("all")])
CPT = "http://www.ama-assn.org/go/cpt"
ICD = "http://hl7.org/fhir/sid/icd-10-cm"


def claim(item: dict[str, Any], **rest: Any) -> dict[str, Any]:
    base = {
        "sequence": 1,
        "productOrService": {"coding": [{"system": CPT, "code": "97110"}]},
        "servicedDate": "2025-03-24",
        "net": {"value": 180, "currency": "USD"},
    }
    return {"resourceType": "Claim", "item": [{**base, **item}], **rest}


def test_a_whole_float_quantity_reads_as_units() -> None:
    """JSON's 3.0 (a float once parsed) is three units."""
    lines = read_claim(json.loads(json.dumps(claim({"quantity": {"value": 3.0}}))))

    assert lines[0].units == 3


def test_a_place_of_service_in_another_system_is_not_read() -> None:
    """Only CMS place-of-service codes become the line's place of service."""
    item = {"locationCodeableConcept": {"coding": [{"system": "http://example.org", "code": "x"}]}}

    assert read_claim(claim(item))[0].place_of_service is None


def test_an_unknown_casekit_extension_is_ignored() -> None:
    """Extensions under casekit's URL that a line does not use are passed over."""
    item = {"extension": [{"url": f"{CASEKIT}/StructureDefinition/other", "valueString": "x"}]}

    assert read_claim(claim(item))[0].network is Tier.IN


def test_a_hcpcs_code_reads_under_either_cms_address() -> None:
    """HCPCS codes are read under http and https forms of the CMS address."""
    system = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"
    item = {"productOrService": {"coding": [{"system": system, "code": "T1016"}]}}

    assert read_claim(claim(item))[0].code == Code.parse("HCPCS|T1016")


@pytest.mark.parametrize(
    ("item", "rest", "path"),
    [
        ({"productOrService": {"coding": [{"system": CPT}]}}, {},
         "Claim.item[0].productOrService.coding[0].code"),
        ({"net": None, "unitPrice": {"value": "1", "currency": "USD"}}, {},
         "Claim.item[0].unitPrice.value"),
        ({"diagnosisSequence": [1]},
         {"diagnosis": [{"sequence": 1, "diagnosisCodeableConcept": {"coding": [
             {"system": ICD, "code": "bad"}]}}]},
         "Claim.diagnosis[0].diagnosisCodeableConcept.coding[0].code"),
        ({}, {"diagnosis": [{"sequence": "1", "diagnosisCodeableConcept": {"coding": [
            {"system": ICD, "code": "I10"}]}}]}, "Claim.diagnosis[0].sequence"),
    ],
)  # fmt: skip
def test_claim_edges_are_refused_at_their_paths(
    item: dict[str, Any], rest: dict[str, Any], path: str
) -> None:
    """A code without a value, a bad unit price or a bad diagnosis is named by path."""
    with pytest.raises(InvalidInputError) as err:
        read_claim(claim(item, **rest))

    assert path in [p.path for p in err.value.problems]


def patient(**changes: Any) -> dict[str, Any]:
    return {
        "resourceType": "Patient",
        "id": "pt-1",
        "name": [{"family": "Synthetic"}],
        "birthDate": "1994-08-21",
        **changes,
    }


def test_identifiers_and_telecoms_without_a_system_or_value_are_skipped() -> None:
    """casekit keeps only identifiers and contact points it can use."""
    read = read_patient(
        patient(
            identifier=[{"value": "x"}, {"system": "urn:x"}],
            telecom=[{"use": "home"}, {"system": "phone"}],
        )
    )

    assert read.identifiers == ()
    assert read.contact_points == ()


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"telecom": ["x"]}, "Patient.telecom[0]"),
        ({"communication": ["x"]}, "Patient.communication[0]"),
        ({"name": ["x"]}, "Patient.name[0]"),
    ],
)
def test_patient_entries_that_are_not_objects_are_refused(
    changes: dict[str, Any], path: str
) -> None:
    """A list entry that is not a JSON object is named by its index."""
    with pytest.raises(InvalidInputError) as err:
        read_patient(patient(**changes))

    assert path in [p.path for p in err.value.problems]


def coverage(**changes: Any) -> dict[str, Any]:
    return {
        "resourceType": "Coverage",
        "status": "active",
        "period": {"start": "2025-01-01"},
        **changes,
    }


def test_the_first_identifier_that_is_not_the_family_gives_the_member_id() -> None:
    """With no subscriberId, the member id is the first identifier; casekit's family id aside."""
    policy = read_coverage(
        coverage(
            identifier=[
                {"system": f"{CASEKIT}/id/family", "value": "FAM-1"},
                {"system": "urn:x", "value": "M-1"},
                {"system": "urn:y", "value": "M-2"},
            ]
        ),
        plan=PLAN,
    )

    assert (policy.member_id, policy.family_id) == ("M-1", "FAM-1")
    assert policy.coverage_period.is_open_ended


def test_a_relationship_without_a_code_is_the_subscriber() -> None:
    """A relationship coding with no code reads as the subscriber."""
    policy = read_coverage(
        coverage(subscriberId="M-1", relationship={"coding": [{"system": "urn:x"}]}), plan=PLAN
    )

    assert policy.relationship is Relationship.SUBSCRIBER
    assert policy.coverage_period.start == pendulum.date(2025, 1, 1)


def test_a_coverage_identifier_that_is_not_an_object_is_refused() -> None:
    """Coverage.identifier entries must be JSON objects."""
    with pytest.raises(InvalidInputError) as err:
        read_coverage(coverage(subscriberId="M-1", identifier=["x"]), plan=PLAN)

    assert [p.path for p in err.value.problems] == ["Coverage.identifier[0]"]
