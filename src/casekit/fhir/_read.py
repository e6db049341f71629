"""Reading FHIR R4: a Patient, a Coverage as a Policy, a Claim's items as ServiceLines.

Every problem is collected with its FHIR path (``Claim.item[2].quantity.value``) and raised
together as one `InvalidInputError`; no message shows a value from the resource.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Final, TypeVar

import pendulum

from casekit._validate import IDENTIFIER
from casekit.codes import Code, CodeSystem
from casekit.coverage import CoverageLevel, Plan, Policy, Relationship, ServiceLine, Tier
from casekit.errors import InvalidInputError, Problem
from casekit.fhir._common import CODE_SYSTEMS, PLACE_OF_SERVICE_SYSTEM, extension_url, id_system
from casekit.fhir._coverage import COVERAGE_CLASS_SYSTEM
from casekit.identifiers import Identifier
from casekit.money import Money
from casekit.people import (
    AdministrativeSex,
    ContactPoint,
    ContactPointSystem,
    ContactPointUse,
    Patient,
    PersonName,
)
from casekit.periods import DateRange, _parse_date

__all__ = ["read_claim", "read_coverage", "read_patient"]

T = TypeVar("T")

_SYSTEMS: Final = {uri: s for s, uri in CODE_SYSTEMS.items()} | {
    "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets": CodeSystem.HCPCS,
    "http://terminology.hl7.org/CodeSystem/HCPCS": CodeSystem.HCPCS,
}
_SYSTEM_LIST: Final = "CPT, HCPCS, ICD-10-CM, SNOMED CT, LOINC or casekit's local system"
_RELATIONSHIPS: Final = {
    "self": Relationship.SUBSCRIBER,
    "spouse": Relationship.SPOUSE,
    "child": Relationship.DEPENDANT,
    "parent": Relationship.DEPENDANT,
    "common": Relationship.DEPENDANT,
    "other": Relationship.DEPENDANT,
    "injured": Relationship.DEPENDANT,
}
_SEXES: Final = {s.value: s for s in AdministrativeSex}
_TELECOM_SYSTEMS: Final = {s.value: s for s in ContactPointSystem}
_TELECOM_USES: Final = {u.value: u for u in ContactPointUse}
_LEVELS: Final = {level.value: level for level in CoverageLevel}
_TIERS: Final = {t.value: t for t in Tier}


class _Reader:
    """Collects problems while a resource is read; each check returns None when it fails."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, path: str, code: str, message: str) -> None:
        self.problems.append(Problem(path, code, message))

    def obj(self, value: object, path: str, *, required: bool = False) -> dict[str, Any] | None:
        if value is None:
            if required:
                self.fail(path, "missing", "is required")
            return None
        if isinstance(value, dict):
            return value
        self.fail(path, "type", "must be a JSON object")
        return None

    def items(self, value: object, path: str) -> list[Any]:
        if value is None:
            return []
        if isinstance(value, list):
            return value
        self.fail(path, "type", "must be a JSON array")
        return []

    def text(self, value: object, path: str, *, required: bool = False) -> str | None:
        if value is None:
            if required:
                self.fail(path, "missing", "is required")
            return None
        if isinstance(value, str):
            return value
        self.fail(path, "type", "must be a string")
        return None

    def day(self, value: object, path: str, *, required: bool = False) -> pendulum.Date | None:
        found = self.text(value, path, required=required)
        if found is None:
            return None
        # periods owns the one strict YYYY-MM-DD rule; its field name becomes the FHIR path.
        return self.build(path, {}, lambda: _parse_date(found, field="date"))

    def whole(self, value: object, path: str) -> int | None:
        if type(value) is int:
            return value
        if type(value) is float and value.is_integer():
            return int(value)
        if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
            return int(value)
        self.fail(path, "type", "must be a whole number")
        return None

    def decimal(self, value: object, path: str) -> Decimal | None:
        if type(value) is int or (isinstance(value, Decimal) and value.is_finite()):
            return Decimal(value)
        if type(value) is float and math.isfinite(value):
            return Decimal(repr(value))  # the shortest text that reads back as this number
        self.fail(path, "type", "must be a finite decimal number")
        return None

    def build(self, path: str, fields: dict[str, str], make: Callable[[], T]) -> T | None:
        """Return ``make()``, or None with its problems moved to FHIR paths."""
        try:
            return make()
        except InvalidInputError as err:
            for p in err.problems:
                where = p.path.split("[", 1)[0].split(".", 1)[0]
                self.fail(fields.get(where, path), p.code, p.message)
            return None

    def check(self) -> None:
        if self.problems:
            raise InvalidInputError(self.problems)


def _resource(reader: _Reader, value: object, kind: str) -> dict[str, Any]:
    found = reader.obj(value, kind, required=True)
    if found is None:
        reader.check()
    assert found is not None  # noqa: S101  # check() raised otherwise
    if found.get("resourceType") != kind:
        reader.fail(f"{kind}.resourceType", "resource_type", f"must be {kind}")
        reader.check()
    return found


def _code(reader: _Reader, value: object, path: str) -> Code | None:
    """Read the first coding of a CodeableConcept as a casekit Code."""
    found = reader.obj(value, path, required=True)
    if found is None:
        return None
    codings = reader.items(found.get("coding"), f"{path}.coding")
    if not codings:
        reader.fail(f"{path}.coding", "missing", "must hold a coding")
        return None
    where = f"{path}.coding[0]"
    coding = reader.obj(codings[0], where, required=True)
    if coding is None:
        return None
    uri = reader.text(coding.get("system"), f"{where}.system")
    value_text = reader.text(coding.get("code"), f"{where}.code", required=True)
    if value_text is None:
        return None
    code_system = CodeSystem.LOCAL if uri is None else _SYSTEMS.get(uri)
    if code_system is None:
        reader.fail(f"{where}.system", "code_system", f"must be {_SYSTEM_LIST}")
        return None
    return reader.build(f"{where}.code", {}, lambda: Code(code_system, value_text))


def _extensions(reader: _Reader, node: dict[str, Any], path: str) -> dict[str, tuple[str, Any]]:
    """Return casekit's extensions on *node* by name, with the path of each."""
    found: dict[str, tuple[str, Any]] = {}
    prefix = extension_url("")
    for i, ext in enumerate(reader.items(node.get("extension"), f"{path}.extension")):
        where = f"{path}.extension[{i}]"
        entry = reader.obj(ext, where, required=True)
        url = entry.get("url") if entry is not None else None
        if entry is not None and isinstance(url, str) and url.startswith(prefix):
            values = [(k, v) for k, v in entry.items() if k.startswith("value")]
            found[url[len(prefix) :]] = (
                (f"{where}.{values[0][0]}", values[0][1])
                if values
                else (
                    where,
                    None,
                )
            )
    return found


def read_patient(resource: object) -> Patient:
    """Return the casekit `Patient` a FHIR R4 Patient describes.

    casekit keeps: the id (casekit's own identifier if the resource has one, else the
    resource id), the official (else first) name, birth date, gender, preferred language,
    telecom entries with a system and a value, and identifiers with a system and a value.

    Raises:
        InvalidInputError: naming the FHIR path of every problem, such as
            ``Patient.birthDate`` for a partial date; never showing a value.

    Examples:
        >>> patient = read_patient({"resourceType": "Patient", "id": "pt-1",
        ...     "name": [{"family": "Synthetic", "given": ["River"]}],
        ...     "birthDate": "1994-08-21", "gender": "female"})
        >>> patient.id, patient.sex.value, patient.birth_date.isoformat()
        ('pt-1', 'female', '1994-08-21')
        >>> read_patient({"resourceType": "Patient", "id": "pt-1", "birthDate": "1994"})
        Traceback (most recent call last):
        ...
        casekit.errors.InvalidInputError: invalid input (2 problems):
          Patient.name: must hold a name with a family or a given name
          Patient.birthDate: must be a real calendar date written YYYY-MM-DD, such as "2025-01-31"
    """
    r = _Reader()
    res = _resource(r, resource, "Patient")
    identifiers: list[Identifier] = []
    patient_id = None
    for i, item in enumerate(r.items(res.get("identifier"), "Patient.identifier")):
        where = f"Patient.identifier[{i}]"
        entry = r.obj(item, where, required=True)
        if entry is None:
            continue
        system_uri = r.text(entry.get("system"), f"{where}.system")
        value = r.text(entry.get("value"), f"{where}.value")
        if system_uri is None or value is None:
            continue
        if system_uri == id_system("patient"):
            patient_id = value
            continue
        got = r.build(
            where,
            {"system": f"{where}.system", "value": f"{where}.value"},
            lambda s=system_uri, v=value: Identifier(s, v),  # type: ignore[misc]
        )
        if got is not None:
            identifiers.append(got)
    if patient_id is None:
        patient_id = r.text(res.get("id"), "Patient.id", required=True)
    if patient_id is not None and not IDENTIFIER.fullmatch(patient_id):
        r.fail("Patient.id", "identifier", "must be an id casekit can keep: letters, digits . -")
    name = _name(r, res)
    born = r.day(res.get("birthDate"), "Patient.birthDate")
    gender = r.text(res.get("gender"), "Patient.gender")
    sex = AdministrativeSex.UNKNOWN if gender is None else _SEXES.get(gender)
    if sex is None:
        r.fail("Patient.gender", "code", "must be male, female, other or unknown")
    language = _language(r, res)
    telecom = _telecom(r, res)
    r.check()
    assert patient_id is not None  # noqa: S101  # check() raised otherwise
    assert name is not None  # noqa: S101
    built = r.build(
        "Patient",
        {
            "id": "Patient.id",
            "language": "Patient.communication",
            "contact_points": "Patient.telecom",
            "identifiers": "Patient.identifier",
        },
        lambda: Patient(
            patient_id,
            name,
            born,
            sex or AdministrativeSex.UNKNOWN,
            language,
            tuple(telecom),
            tuple(identifiers),
        ),
    )
    r.check()
    assert built is not None  # noqa: S101
    return built


def _name(r: _Reader, res: dict[str, Any]) -> PersonName | None:
    names = r.items(res.get("name"), "Patient.name")
    chosen = None
    for i, item in enumerate(names):
        entry = r.obj(item, f"Patient.name[{i}]", required=True)
        better = chosen is None or (
            entry is not None
            and entry.get("use") == "official"
            and chosen[1].get("use") != "official"
        )
        named = entry is not None and (entry.get("family") is not None or bool(entry.get("given")))
        if entry is not None and named and better:
            chosen = (i, entry)
    if chosen is None:
        r.fail("Patient.name", "missing", "must hold a name with a family or a given name")
        return None
    i, entry = chosen
    where = f"Patient.name[{i}]"
    given_family = entry.get("family")
    family = None if given_family is None else r.text(given_family, f"{where}.family")
    given = [
        r.text(g, f"{where}.given[{j}]")
        for j, g in enumerate(r.items(entry.get("given"), f"{where}.given"))
    ]
    prefix = [
        r.text(p, f"{where}.prefix[{j}]")
        for j, p in enumerate(r.items(entry.get("prefix"), f"{where}.prefix"))
    ]
    if (given_family is not None and family is None) or None in given or None in prefix:
        return None
    return r.build(
        where,
        {"family": f"{where}.family", "given": f"{where}.given", "prefix": f"{where}.prefix"},
        lambda: PersonName(family, tuple(given), tuple(prefix)),
    )


def _language(r: _Reader, res: dict[str, Any]) -> str:
    chosen = "en"
    entries = r.items(res.get("communication"), "Patient.communication")
    for i, item in enumerate(entries):
        where = f"Patient.communication[{i}]"
        entry = r.obj(item, where, required=True)
        if entry is None:
            continue
        concept = r.obj(entry.get("language"), f"{where}.language", required=True)
        codings = r.items(concept.get("coding"), f"{where}.language.coding") if concept else []
        coding = r.obj(codings[0], f"{where}.language.coding[0]") if codings else None
        code = r.text(coding.get("code"), f"{where}.language.coding[0].code") if coding else None
        if code is not None and (entry.get("preferred") is True or i == 0):
            chosen = code
    return chosen


def _telecom(r: _Reader, res: dict[str, Any]) -> list[ContactPoint]:
    found: list[ContactPoint] = []
    for i, item in enumerate(r.items(res.get("telecom"), "Patient.telecom")):
        where = f"Patient.telecom[{i}]"
        entry = r.obj(item, where, required=True)
        if entry is None:
            continue
        kind = r.text(entry.get("system"), f"{where}.system")
        value = r.text(entry.get("value"), f"{where}.value")
        use = r.text(entry.get("use"), f"{where}.use")
        if kind is None or value is None:
            continue  # casekit keeps only contact points it can reach
        system_code = _TELECOM_SYSTEMS.get(kind)
        use_code = None if use is None else _TELECOM_USES.get(use)
        if system_code is None:
            r.fail(f"{where}.system", "code", "must be a FHIR contact point system")
            continue
        if use is not None and use_code is None:
            r.fail(f"{where}.use", "code", "must be home, work, temp, old or mobile")
            continue
        got = r.build(
            where,
            {"value": f"{where}.value"},
            lambda s=system_code, v=value, u=use_code: ContactPoint(s, v, u),  # type: ignore[misc]
        )
        if got is not None:
            found.append(got)
    return found


def read_coverage(resource: object, *, plan: Plan, patient: Patient | None = None) -> Policy:
    """Return the `Policy` a FHIR R4 Coverage describes, under *plan*.

    casekit keeps: ``subscriberId`` as the member id (else the first identifier's value),
    ``dependent`` as the member sequence, the ``relationship`` (self, spouse, else dependant),
    the ``period``, casekit's family identifier and coverage-level extension; the birth date
    and sex come from *patient*. A ``class`` of type plan must name *plan*.

    Raises:
        InvalidInputError: naming the FHIR path of every problem, such as
            ``Coverage.status`` for a coverage that is not active.

    Examples:
        >>> from casekit.coverage import Benefit, Tier, TierTerms
        >>> plan = Plan("B37FC", tiers=[TierTerms(Tier.IN)], benefits=[Benefit("all")])
        >>> policy = read_coverage({"resourceType": "Coverage", "status": "active",
        ...     "subscriberId": "AB12345", "beneficiary": {"reference": "Patient/4"},
        ...     "payor": [{"reference": "Organization/2"}],
        ...     "period": {"start": "2011-05-23", "end": "2012-05-23"}}, plan=plan)
        >>> policy.coverage_period.days, policy.relationship.value
        (367, 'subscriber')
    """
    if not isinstance(plan, Plan):
        raise InvalidInputError.one("plan", "type", "must be a Plan")
    if patient is not None and not isinstance(patient, Patient):
        raise InvalidInputError.one("patient", "type", "must be a Patient or None")
    r = _Reader()
    res = _resource(r, resource, "Coverage")
    if r.text(res.get("status"), "Coverage.status", required=True) not in {None, "active"}:
        r.fail("Coverage.status", "not_active", "must be active: casekit reads coverage in force")
    family_id, member_id, member_path = _member(r, res)
    member = r.text(res.get("dependent"), "Coverage.dependent") or "00"
    relationship = _relationship(r, res)
    period = r.obj(res.get("period"), "Coverage.period", required=True) or {}
    start = r.day(period.get("start"), "Coverage.period.start", required=True)
    end = r.day(period.get("end"), "Coverage.period.end")
    _plan_class(r, res, plan)
    level = _level(r, res)
    r.check()
    assert start is not None  # noqa: S101  # check() raised otherwise
    assert member_id is not None  # noqa: S101
    built = r.build(
        "Coverage",
        {
            "member_id": member_path,
            "member": "Coverage.dependent",
            "family_id": "Coverage.identifier",
            "end": "Coverage.period.end",
            "start": "Coverage.period.start",
        },
        lambda: Policy(
            plan,
            DateRange(start, end) if end is not None else DateRange.starting(start),
            member_id,
            member,
            relationship,
            level,
            family_id,
            patient.birth_date if patient is not None else None,
            patient.sex.value if patient is not None else None,
        ),
    )
    r.check()
    assert built is not None  # noqa: S101
    return built


def _member(r: _Reader, res: dict[str, Any]) -> tuple[str | None, str | None, str]:
    """Return the family id, the member id and the path the member id was read at."""
    family_id = None
    first_value: tuple[str | None, str] | None = None
    for i, item in enumerate(r.items(res.get("identifier"), "Coverage.identifier")):
        entry = r.obj(item, f"Coverage.identifier[{i}]", required=True)
        if entry is None:
            continue
        value = r.text(entry.get("value"), f"Coverage.identifier[{i}].value")
        if entry.get("system") == id_system("family"):
            family_id = value
        elif first_value is None:
            first_value = (value, f"Coverage.identifier[{i}].value")
    member_id = r.text(res.get("subscriberId"), "Coverage.subscriberId")
    member_path = "Coverage.subscriberId"
    if member_id is None and first_value is not None:
        member_id, member_path = first_value
    if member_id is None:
        r.fail("Coverage.subscriberId", "missing", "is required (or an identifier): the member id")
    return family_id, member_id, member_path


def _plan_class(r: _Reader, res: dict[str, Any], plan: Plan) -> None:
    """Refuse a class of type plan that names another plan than *plan*."""
    for i, item in enumerate(r.items(res.get("class"), "Coverage.class")):
        where = f"Coverage.class[{i}]"
        entry = r.obj(item, where, required=True)
        kind = r.obj(entry.get("type"), f"{where}.type") if entry else None
        codings = r.items(kind.get("coding"), f"{where}.type.coding") if kind else []
        is_plan = any(
            isinstance(c, dict)
            and c.get("system") == COVERAGE_CLASS_SYSTEM
            and c.get("code") == "plan"
            for c in codings
        )
        if entry is not None and is_plan and entry.get("value") != plan.id:
            r.fail(f"{where}.value", "plan_mismatch", "names another plan than the one given")


def _level(r: _Reader, res: dict[str, Any]) -> CoverageLevel:
    extensions = _extensions(r, res, "Coverage")
    if "coverage-level" not in extensions:
        return CoverageLevel.SELF
    where, value = extensions["coverage-level"]
    found = _LEVELS.get(value) if isinstance(value, str) else None
    if found is None:
        r.fail(where, "code", "must be self or family")
        return CoverageLevel.SELF
    return found


def _relationship(r: _Reader, res: dict[str, Any]) -> Relationship:
    concept = r.obj(res.get("relationship"), "Coverage.relationship")
    if concept is None:
        return Relationship.SUBSCRIBER
    codings = r.items(concept.get("coding"), "Coverage.relationship.coding")
    coding = r.obj(codings[0], "Coverage.relationship.coding[0]") if codings else None
    code = r.text(coding.get("code"), "Coverage.relationship.coding[0].code") if coding else None
    if code is None:
        return Relationship.SUBSCRIBER
    found = _RELATIONSHIPS.get(code)
    if found is None:
        r.fail(
            "Coverage.relationship.coding[0].code", "code", "must be a subscriber-relationship code"
        )
        return Relationship.SUBSCRIBER
    return found


def read_claim(resource: object) -> tuple[ServiceLine, ...]:
    """Return a FHIR R4 Claim's items as casekit `ServiceLine`\\ s, ready for `adjudicate`.

    For each item casekit keeps: ``sequence`` as the line number, the first coding of
    ``productOrService`` (a coding without a system is a casekit local code),
    ``servicedDate`` (or ``servicedPeriod.start``), ``quantity`` as whole units, ``net`` (else
    ``unitPrice`` times the quantity) as the billed amount, the place of service, the
    diagnoses its ``diagnosisSequence`` names, and casekit's own extensions. Numbers read
    from JSON as floats are taken by their shortest decimal text; parse with
    ``json.loads(text, parse_float=decimal.Decimal)`` to keep every digit as written.

    Raises:
        InvalidInputError: naming the FHIR path of every problem, such as
            ``Claim.item[2].quantity.value``; never showing a value.

    Examples:
        >>> lines = read_claim({"resourceType": "Claim", "item": [{"sequence": 1,
        ...     "productOrService": {"coding": [{"system": "http://www.ama-assn.org/go/cpt",
        ...                                      "code": "97110"}]},
        ...     "servicedDate": "2025-03-24", "net": {"value": 180, "currency": "USD"}}]})
        >>> str(lines[0].code), str(lines[0].billed)
        ('CPT|97110', '180 USD')
        >>> read_claim({"resourceType": "Claim", "item": [{"sequence": 1, "quantity":
        ...     {"value": 1.5}}]})
        Traceback (most recent call last):
        ...
        casekit.errors.InvalidInputError: invalid input (4 problems):
          Claim.item[0].productOrService: is required
          Claim.item[0].servicedDate: is required
          Claim.item[0].quantity.value: must be a whole number
          Claim.item[0].net: is required: the line's billed amount (or unitPrice)
    """
    r = _Reader()
    res = _resource(r, resource, "Claim")
    diagnoses: dict[int, Code | None] = {}
    for i, item in enumerate(r.items(res.get("diagnosis"), "Claim.diagnosis")):
        where = f"Claim.diagnosis[{i}]"
        entry = r.obj(item, where, required=True)
        if entry is None:
            continue
        seq = r.whole(entry.get("sequence"), f"{where}.sequence")
        code = _code(r, entry.get("diagnosisCodeableConcept"), f"{where}.diagnosisCodeableConcept")
        if seq is not None:
            diagnoses[seq] = code
    items = r.items(res.get("item"), "Claim.item")
    if not items and not r.problems:
        r.fail("Claim.item", "missing", "must hold at least one item")
    lines = [_line(r, item, f"Claim.item[{i}]", diagnoses) for i, item in enumerate(items)]
    r.check()
    return tuple(line for line in lines if line is not None)


def _line(
    r: _Reader, value: object, path: str, diagnoses: dict[int, Code | None]
) -> ServiceLine | None:
    item = r.obj(value, path, required=True)
    if item is None:
        return None
    number = r.whole(item.get("sequence"), f"{path}.sequence")
    code = _code(r, item.get("productOrService"), f"{path}.productOrService")
    served = _served(r, item, path)
    units = 1
    quantity = r.obj(item.get("quantity"), f"{path}.quantity")
    if quantity is not None:
        counted = r.whole(quantity.get("value"), f"{path}.quantity.value")
        units = units if counted is None else counted
    billed = _billed(r, item, path, units)
    place = _place(r, item, path)
    found = _line_diagnoses(r, item, path, diagnoses)
    extras = _line_extras(r, item, path)
    if code is None or served is None or billed is None or number is None:
        return None
    return r.build(
        path,
        {
            "line_number": f"{path}.sequence",
            "billed": f"{path}.net",
            "units": f"{path}.quantity.value",
            "place_of_service": f"{path}.locationCodeableConcept",
            "diagnoses": f"{path}.diagnosisSequence",
            "allowed": f"{path}.extension",
            "authorization_id": f"{path}.extension",
            "provider_kind": f"{path}.extension",
        },
        lambda: ServiceLine(
            number, code, served, billed, units, place, diagnoses=tuple(found), **extras
        ),
    )


def _served(r: _Reader, item: dict[str, Any], path: str) -> pendulum.Date | None:
    served = r.day(item.get("servicedDate"), f"{path}.servicedDate")
    if served is not None or item.get("servicedDate") is not None:
        return served
    period = r.obj(item.get("servicedPeriod"), f"{path}.servicedPeriod")
    if period is None:
        r.fail(f"{path}.servicedDate", "missing", "is required")
        return None
    return r.day(period.get("start"), f"{path}.servicedPeriod.start", required=True)


def _billed(r: _Reader, item: dict[str, Any], path: str, units: int) -> Money | None:
    billed = _money(r, item.get("net"), f"{path}.net")
    if billed is not None or item.get("net") is not None:
        return billed
    price = _money(r, item.get("unitPrice"), f"{path}.unitPrice")
    if price is None:
        if item.get("unitPrice") is None:
            r.fail(f"{path}.net", "missing", "is required: the line's billed amount (or unitPrice)")
        return None
    return r.build(f"{path}.unitPrice", {}, lambda: price * units)


def _place(r: _Reader, item: dict[str, Any], path: str) -> str | None:
    where = f"{path}.locationCodeableConcept"
    location = r.obj(item.get("locationCodeableConcept"), where)
    if location is None:
        return None
    codings = r.items(location.get("coding"), f"{where}.coding")
    coding = r.obj(codings[0], f"{where}.coding[0]") if codings else None
    if coding is None or coding.get("system") != PLACE_OF_SERVICE_SYSTEM:
        return None
    return r.text(coding.get("code"), f"{where}.coding[0].code")


def _line_diagnoses(
    r: _Reader, item: dict[str, Any], path: str, diagnoses: dict[int, Code | None]
) -> list[Code]:
    found: list[Code] = []
    for j, seq in enumerate(r.items(item.get("diagnosisSequence"), f"{path}.diagnosisSequence")):
        where = f"{path}.diagnosisSequence[{j}]"
        n = r.whole(seq, where)
        if n is None:
            continue
        if n not in diagnoses:
            r.fail(where, "unknown_diagnosis", "must be the sequence of one of Claim.diagnosis")
            continue
        diagnosis = diagnoses[n]
        if diagnosis is not None:
            found.append(diagnosis)
    return found


def _line_extras(r: _Reader, item: dict[str, Any], path: str) -> dict[str, Any]:
    extras: dict[str, Any] = {}
    for name, (where, value) in _extensions(r, item, path).items():
        if name == "provider-kind":
            extras["provider_kind"] = r.text(value, where, required=True)
        elif name == "network-tier":
            tier = _TIERS.get(value) if isinstance(value, str) else None
            if tier is None:
                r.fail(where, "code", "must be preferred, in or out")
            else:
                extras["network"] = tier
        elif name == "referral-on-file":
            if type(value) is not bool:
                r.fail(where, "type", "must be true or false")
            else:
                extras["referral"] = value
        elif name == "allowed":
            extras["allowed"] = _money(r, value, where)
        elif name == "authorization":
            extras["authorization_id"] = r.text(value, where, required=True)
    return extras


def _money(r: _Reader, value: object, path: str) -> Money | None:
    found = r.obj(value, path)
    if found is None:
        return None
    if found.get("value") is None:
        r.fail(f"{path}.value", "missing", "is required")
        return None
    amount = r.decimal(found.get("value"), f"{path}.value")
    currency = r.text(found.get("currency"), f"{path}.currency", required=True)
    if amount is None or currency is None:
        return None
    return r.build(
        path,
        {"amount": f"{path}.value", "currency": f"{path}.currency"},
        lambda: Money(amount, currency),
    )
