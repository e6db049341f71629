"""FHIR R4 Patients, Coverages and Claims read into casekit, refusing bad input by its path."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casekit.codes import Code, CodeSystem
from casekit.coverage import (
    Benefit,
    CoverageLevel,
    Plan,
    Policy,
    Relationship,
    ServiceLine,
    Tier,
    TierTerms,
)
from casekit.errors import InvalidInputError
from casekit.fhir import (
    CASEKIT,
    claim_resource,
    coverage_resource,
    patient_resource,
    read_claim,
    read_coverage,
    read_patient,
)
from casekit.money import Money
from casekit.people import AdministrativeSex, Patient, PersonName
from casekit.periods import DateRange
from casekit.testing import strategies as cks

Official = Callable[[str], dict[str, Any]]
Check = Callable[[dict[str, Any]], dict[str, Any]]
PLAN = Plan("B37FC", tiers=[TierTerms(Tier.IN)], benefits=[Benefit("all")])
ON = pendulum.date(2025, 3, 24)
CPT = "http://www.ama-assn.org/go/cpt"
COVERAGE_CLASS = "http://terminology.hl7.org/CodeSystem/coverage-class"


def test_the_official_patient_example_imports(official: Official) -> None:
    """Peter James Chalmers: official name, birth date, gender, telecom and MRN."""
    patient = read_patient(official("patient"))

    assert patient.id == "example"
    assert patient.name == PersonName("Chalmers", ("Peter", "James"))
    assert patient.birth_date == pendulum.date(1974, 12, 25)
    assert patient.sex is AdministrativeSex.MALE
    assert [c.value for c in patient.contact_points] == [
        "(03) 5555 6473",
        "(03) 3410 5613",
        "(03) 5555 8834",
    ]
    assert [(i.system, i.value) for i in patient.identifiers] == [
        ("urn:oid:1.2.36.146.595.217.0.1", "12345")
    ]


def test_the_official_patient_re_exports_to_an_equivalent_patient(
    official: Official, check: Check
) -> None:
    """What casekit keeps of the example comes out again unchanged."""
    source = official("patient")

    exported = check(patient_resource(read_patient(source)))

    assert exported["id"] == source["id"]
    assert exported["name"] == [{"family": "Chalmers", "given": ["Peter", "James"]}]
    assert exported["birthDate"] == source["birthDate"]
    assert exported["gender"] == source["gender"]
    assert exported["telecom"] == [
        {k: t[k] for k in ("system", "value", "use")} for t in source["telecom"][1:]
    ]
    assert exported["identifier"][1] == {
        "system": source["identifier"][0]["system"],
        "value": source["identifier"][0]["value"],
    }
    assert read_patient(exported) == read_patient(source)


def test_the_official_coverage_example_imports_and_re_exports(
    official: Official, check: Check
) -> None:
    """Coverage 9876B1: period, member, relationship and plan B37FC come back the same."""
    source = official("coverage")

    policy = read_coverage(source, plan=PLAN)
    exported = check(coverage_resource(policy, beneficiary="4"))

    assert policy.coverage_period == DateRange.of("2011-05-23", "2012-05-23")
    assert policy.member_id == "12345"  # no subscriberId: the first identifier's value
    assert policy.member == "0"
    assert policy.relationship is Relationship.SUBSCRIBER
    assert exported["period"] == source["period"]
    assert exported["dependent"] == source["dependent"]
    assert exported["beneficiary"] == source["beneficiary"]
    assert exported["relationship"]["coding"][0]["code"] == "self"
    assert read_coverage(exported, plan=PLAN) == policy


def test_the_official_claim_example_imports_and_re_exports(
    official: Official, check: Check
) -> None:
    """Claim 100150: one line of local code 1200 on 2014-08-16 for 135.57 USD."""
    source = official("claim")

    lines = read_claim(source)
    policy = read_coverage(official("coverage"), plan=PLAN)
    exported = check(
        claim_resource(lines, claim_id="100150", policy=policy, patient="1", created=ON)
    )

    assert lines == (
        ServiceLine(
            1, Code(CodeSystem.LOCAL, "1200"), pendulum.date(2014, 8, 16), Money.of("135.57", "USD")
        ),
    )
    item, original = exported["item"][0], source["item"][0]
    assert item["sequence"] == original["sequence"]
    assert item["servicedDate"] == original["servicedDate"]
    assert item["net"] == original["net"]
    assert item["productOrService"]["coding"][0]["code"] == "1200"
    assert read_claim(exported) == lines


@settings(deadline=None)
@given(cks.patients())
def test_a_patient_reads_back_from_its_export(patient: Patient) -> None:
    """read_patient(patient_resource(p)) == p, for names without empty parts."""
    name = patient.name
    patient = attrs.evolve(
        patient,
        name=PersonName(
            name.family, tuple(g for g in name.given if g), tuple(p for p in name.prefix if p)
        ),
    )

    assert read_patient(json.loads(json.dumps(patient_resource(patient)))) == patient


@given(
    period=cks.date_ranges(min_value=dt.date(1990, 1, 1)),
    member_id=cks.ids(),
    member=st.sampled_from(["00", "01", "7"]),
    relationship=st.sampled_from(Relationship),
    level=st.sampled_from(CoverageLevel),
    family_id=st.none() | cks.ids(),
    patient=cks.patients(),
)
def test_a_policy_reads_back_from_its_coverage(
    *,
    period: DateRange,
    member_id: str,
    member: str,
    relationship: Relationship,
    level: CoverageLevel,
    family_id: str | None,
    patient: Patient,
) -> None:
    """read_coverage(coverage_resource(policy)) == policy; birth date and sex from the patient."""
    policy = Policy(
        PLAN,
        period,
        member_id,
        member,
        relationship,
        level,
        family_id,
        patient.birth_date,
        patient.sex.value,
    )

    resource = json.loads(json.dumps(coverage_resource(policy, beneficiary=patient.id)))

    assert read_coverage(resource, plan=PLAN, patient=patient) == policy


_LINES = st.builds(
    ServiceLine,
    line_number=st.integers(1, 99),
    code=cks.codes(),
    service_date=cks.dates(),
    billed=cks.money(min_value=Decimal(0), currencies=st.sampled_from(["USD", "EUR", "JPY"])),
    units=st.integers(1, 30),
    place_of_service=st.none() | st.sampled_from(["11", "21", "31"]),
    provider_kind=st.none() | st.sampled_from(["physician", "therapist"]),
    network=st.sampled_from(Tier),
    diagnoses=st.lists(cks.codes(), max_size=3).map(tuple),
    referral=st.booleans(),
    allowed=st.none() | cks.money(min_value=Decimal(0), currencies=st.just("USD")),
    authorization_id=st.none() | cks.ids(),
)


@given(st.lists(_LINES, min_size=1, max_size=5, unique_by=lambda line: line.line_number))
def test_service_lines_read_back_from_their_claim(lines: list[ServiceLine]) -> None:
    """read_claim(claim_resource(lines)) gives the same lines, diagnoses in order, once each."""
    policy = Policy(PLAN, DateRange.of("2025-01-01", "2025-12-31"), "M-1")
    expected = tuple(attrs.evolve(x, diagnoses=tuple(dict.fromkeys(x.diagnoses))) for x in lines)

    claim = claim_resource(lines, claim_id="c-1", policy=policy, patient="pt-1", created=ON)

    assert read_claim(json.loads(json.dumps(claim))) == expected


def test_exact_decimals_read_exactly() -> None:
    """A claim parsed with parse_float=Decimal keeps every digit as written."""
    text = json.dumps(
        {
            "resourceType": "Claim",
            "item": [
                {
                    "sequence": 1,
                    "productOrService": {"coding": [{"code": "X1"}]},
                    "servicedPeriod": {"start": "2025-01-02"},
                    "unitPrice": {"value": 12.5, "currency": "USD"},
                    "quantity": {"value": 3.0},
                }
            ],
        }
    )

    line = read_claim(json.loads(text, parse_float=Decimal))[0]

    assert line.billed == Money.of("37.5", "USD")
    assert line.units == 3
    assert line.service_date == pendulum.date(2025, 1, 2)


def _claim_with(**changes: Any) -> dict[str, Any]:
    item = {
        "sequence": 1,
        "productOrService": {
            "coding": [{"system": "http://www.ama-assn.org/go/cpt", "code": "97110"}]
        },
        "servicedDate": "2025-03-24",
        "net": {"value": 180, "currency": "USD"},
    }
    items = [copy.deepcopy(item) for _ in range(3)]
    items[2].update(changes)
    return {"resourceType": "Claim", "item": items}


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"quantity": {"value": 2.5}}, "Claim.item[2].quantity.value"),
        ({"quantity": {"value": 0}}, "Claim.item[2].quantity.value"),
        ({"quantity": "2"}, "Claim.item[2].quantity"),
        ({"sequence": True}, "Claim.item[2].sequence"),
        ({"servicedDate": "2025-02-30"}, "Claim.item[2].servicedDate"),
        ({"servicedDate": 20250324}, "Claim.item[2].servicedDate"),
        ({"servicedPeriod": {}, "servicedDate": None}, "Claim.item[2].servicedPeriod.start"),
        ({"net": {"value": "180", "currency": "USD"}}, "Claim.item[2].net.value"),
        ({"net": {"value": float("nan"), "currency": "USD"}}, "Claim.item[2].net.value"),
        ({"net": {"currency": "USD"}}, "Claim.item[2].net.value"),
        ({"net": {"value": 1}}, "Claim.item[2].net.currency"),
        ({"net": {"value": 1, "currency": "usd"}}, "Claim.item[2].net.currency"),
        ({"net": None, "unitPrice": None}, "Claim.item[2].net"),
        ({"productOrService": {"coding": []}}, "Claim.item[2].productOrService.coding"),
        ({"productOrService": {"coding": ["x"]}}, "Claim.item[2].productOrService.coding[0]"),
        ({"productOrService": {"coding": [{"system": "http://example.org", "code": "1"}]}},
         "Claim.item[2].productOrService.coding[0].system"),
        ({"productOrService": {"coding": [{"system": CPT, "code": "1"}]}},
         "Claim.item[2].productOrService.coding[0].code"),
        ({"diagnosisSequence": [4]}, "Claim.item[2].diagnosisSequence[0]"),
        ({"diagnosisSequence": ["1"]}, "Claim.item[2].diagnosisSequence[0]"),
        ({"locationCodeableConcept": {"coding": [{"system":
          "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set",
          "code": "1 1"}]}}, "Claim.item[2].locationCodeableConcept"),
        ({"extension": [{"url": "https://casekit.readthedocs.io/fhir/StructureDefinition/network-tier",
                         "valueCode": "far"}]}, "Claim.item[2].extension[0].valueCode"),
        ({"extension": [{"url": "https://casekit.readthedocs.io/fhir/StructureDefinition/referral-on-file",
                         "valueBoolean": "yes"}]}, "Claim.item[2].extension[0].valueBoolean"),
        ({"extension": [{"url": "https://casekit.readthedocs.io/fhir/StructureDefinition/provider-kind"}]},
         "Claim.item[2].extension[0]"),
        ({"extension": "x"}, "Claim.item[2].extension"),
        ({"extension": ["x"]}, "Claim.item[2].extension[0]"),
    ],
)  # fmt: skip
def test_a_bad_claim_item_is_refused_at_its_fhir_path(changes: dict[str, Any], path: str) -> None:
    """The problem names the element, such as Claim.item[2].quantity.value, never its value."""
    with pytest.raises(InvalidInputError) as err:
        read_claim(_claim_with(**changes))

    assert path in [p.path for p in err.value.problems]


@pytest.mark.parametrize(
    ("resource", "path"),
    [
        ("x", "Claim"),
        ({"resourceType": "Patient"}, "Claim.resourceType"),
        ({"resourceType": "Claim"}, "Claim.item"),
        ({"resourceType": "Claim", "item": {}}, "Claim.item"),
        ({"resourceType": "Claim", "item": [1]}, "Claim.item[0]"),
        ({"resourceType": "Claim", "diagnosis": [1], "item": []}, "Claim.diagnosis[0]"),
    ],
)
def test_a_claim_that_is_not_one_is_refused(resource: object, path: str) -> None:
    """Missing items, wrong resource types and wrong JSON types name their place."""
    with pytest.raises(InvalidInputError) as err:
        read_claim(resource)

    assert path in [p.path for p in err.value.problems]


def _patient_with(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "resourceType": "Patient",
        "id": "pt-1",
        "name": [{"family": "Synthetic", "given": ["River"]}],
        "birthDate": "1994-08-21",
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"birthDate": "1994"}, "Patient.birthDate"),
        ({"gender": "f"}, "Patient.gender"),
        ({"id": "a b", "identifier": None}, "Patient.id"),
        ({"id": None}, "Patient.id"),
        ({"name": [{"use": "official"}]}, "Patient.name"),
        ({"name": [{"family": 7}]}, "Patient.name[0].family"),
        ({"name": [{"family": " "}]}, "Patient.name[0].family"),
        ({"name": [{"family": "S", "given": [1]}]}, "Patient.name[0].given[0]"),
        ({"telecom": [{"system": "pigeon", "value": "x"}]}, "Patient.telecom[0].system"),
        ({"telecom": [{"system": "phone", "value": "x", "use": "car"}]}, "Patient.telecom[0].use"),
        ({"telecom": [{"system": "phone", "value": " "}]}, "Patient.telecom[0].value"),
        ({"identifier": [{"system": "urn:x", "value": " x"}]}, "Patient.identifier[0].value"),
        ({"identifier": ["x"]}, "Patient.identifier[0]"),
        ({"communication": [{"language": {"coding": [{"code": "english!"}]}}]},
         "Patient.communication"),
        ({"communication": [{}]}, "Patient.communication[0].language"),
    ],
)  # fmt: skip
def test_a_bad_patient_is_refused_at_its_fhir_path(changes: dict[str, Any], path: str) -> None:
    """Each problem of a Patient names its element."""
    with pytest.raises(InvalidInputError) as err:
        read_patient(_patient_with(**changes))

    assert path in [p.path for p in err.value.problems]


def _coverage_with(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "resourceType": "Coverage",
        "status": "active",
        "subscriberId": "M-1",
        "period": {"start": "2025-01-01"},
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"status": "cancelled"}, "Coverage.status"),
        ({"subscriberId": None}, "Coverage.subscriberId"),
        ({"subscriberId": "has space"}, "Coverage.subscriberId"),
        ({"period": None}, "Coverage.period"),
        ({"period": {"start": "2025-01-01", "end": "2024-01-01"}}, "Coverage.period.end"),
        ({"dependent": "0-1"}, "Coverage.dependent"),
        ({"relationship": {"coding": [{"code": "boss"}]}}, "Coverage.relationship.coding[0].code"),
        ({"class": [{"type": {"coding": [{"system":
          COVERAGE_CLASS, "code": "plan"}]}, "value": "X"}]},
         "Coverage.class[0].value"),
        ({"extension": [{"url": "https://casekit.readthedocs.io/fhir/StructureDefinition/coverage-level",
                         "valueCode": "everyone"}]}, "Coverage.extension[0].valueCode"),
        ({"identifier": [{"system": f"{CASEKIT}/id/family", "value": "a b"}]},
         "Coverage.identifier"),
    ],
)  # fmt: skip
def test_a_bad_coverage_is_refused_at_its_fhir_path(changes: dict[str, Any], path: str) -> None:
    """Each problem of a Coverage names its element."""
    with pytest.raises(InvalidInputError) as err:
        read_coverage(_coverage_with(**changes), plan=PLAN)

    assert path in [p.path for p in err.value.problems]


def test_reading_a_coverage_needs_a_plan_and_perhaps_a_patient() -> None:
    """plan must be a Plan, and patient a Patient or None."""
    with pytest.raises(InvalidInputError) as no_plan:
        read_coverage(_coverage_with(), plan="B37FC")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError) as no_patient:
        read_coverage(_coverage_with(), plan=PLAN, patient="pt-1")  # type: ignore[arg-type]

    assert no_plan.value.problems[0].path == "plan"
    assert no_patient.value.problems[0].path == "patient"


MARK = "PHI-MARK-7f3a"


@pytest.mark.parametrize(
    "resource",
    [
        _patient_with(birthDate=MARK, gender=MARK, id=MARK),
        _coverage_with(subscriberId=f"{MARK} x", status=MARK),
        _claim_with(servicedDate=MARK, net={"value": 1, "currency": MARK}),
    ],
)
def test_no_refusal_echoes_a_value(resource: dict[str, Any]) -> None:
    """Messages name paths and rules, never what the resource held."""
    reader = {"Patient": read_patient, "Claim": read_claim}.get(
        resource["resourceType"], lambda r: read_coverage(r, plan=PLAN)
    )

    with pytest.raises(InvalidInputError) as err:
        reader(resource)

    assert MARK not in str(err.value)


@settings(deadline=None)
@given(
    st.sampled_from(["Patient", "Coverage", "Claim"]),
    st.dictionaries(
        st.sampled_from(
            ["id", "name", "birthDate", "item", "diagnosis", "status", "period", "subscriberId",
             "identifier", "telecom", "communication", "class", "extension", "relationship"]
        ),
        cks.json_values(max_leaves=8),
    ),
)  # fmt: skip
def test_any_json_is_read_or_refused_with_invalid_input(kind: str, body: dict[str, Any]) -> None:
    """Whatever JSON arrives, a reader returns a value or raises InvalidInputError, nothing else."""
    resource = {"resourceType": kind, **body}
    readers: dict[str, Callable[[object], object]] = {
        "Patient": read_patient,
        "Coverage": lambda r: read_coverage(r, plan=PLAN),
        "Claim": read_claim,
    }

    paths: list[str] = []
    try:
        readers[kind](resource)
    except InvalidInputError as err:
        paths = [p.path for p in err.problems]

    assert all(path.startswith(kind) for path in paths)


def test_a_patient_with_a_single_name_and_no_birth_date_reads_as_fhir_allows() -> None:
    """FHIR needs neither a family name nor a birth date: casekit keeps both absences."""
    patient = read_patient({"resourceType": "Patient", "id": "pt-1", "name": [{"given": ["Ayu"]}]})

    assert (patient.name.family, patient.name.given, patient.birth_date) == (None, ("Ayu",), None)
    assert "birthDate" not in patient_resource(patient)
    assert "birthDate" not in patient_resource(patient, deidentified=True, on=ON)
