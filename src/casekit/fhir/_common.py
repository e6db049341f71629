"""What every exporter shares: code-system URIs, the export context, small data-type builders."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Final, TypeAlias

from casekit.codes import Code, CodeSystem
from casekit.errors import InvalidInputError
from casekit.fhir._ids import encoded
from casekit.money import Money

Resource: TypeAlias = dict[str, Any]
"""A FHIR resource (or element) as a plain, JSON-ready dict."""

CASEKIT: Final = "https://casekit.readthedocs.io/fhir"
"""The base of the URIs of casekit's own code systems, identifier systems and extensions."""


def system(name: str) -> str:
    """Return the URI of casekit's code system *name*."""
    return f"{CASEKIT}/CodeSystem/{name}"


def extension_url(name: str) -> str:
    """Return the URL of casekit's extension *name*."""
    return f"{CASEKIT}/StructureDefinition/{name}"


def id_system(kind: str) -> str:
    """Return the identifier system of casekit ids of *kind* (patient, case, party...)."""
    return f"{CASEKIT}/id/{kind}"


CODE_SYSTEMS: Final[dict[CodeSystem, str]] = {
    CodeSystem.CPT: "http://www.ama-assn.org/go/cpt",
    CodeSystem.HCPCS: "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets",
    CodeSystem.ICD10CM: "http://hl7.org/fhir/sid/icd-10-cm",
    CodeSystem.SNOMEDCT: "http://snomed.info/sct",
    CodeSystem.LOINC: "http://loinc.org",
    CodeSystem.LOCAL: system("local"),
}
"""The FHIR URI of each casekit code system (HL7 Terminology's names where there is one)."""

CARC_SYSTEM: Final = "https://x12.org/codes/claim-adjustment-reason-codes"
GROUP_SYSTEM: Final = "https://x12.org/codes/claim-adjustment-group-codes"
ADJUDICATION_SYSTEM: Final = "http://terminology.hl7.org/CodeSystem/adjudication"
PLACE_OF_SERVICE_SYSTEM: Final = (
    "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set"
)
UCUM: Final = "http://unitsofmeasure.org"
ISO_4217: Final = "urn:iso:std:iso:4217"

# A JSON number keeps a decimal exactly when a double holds it: 15 significant digits.
_EXACT_DIGITS: Final = 15


def money(value: Money, *, field: str = "amount") -> Resource:
    """Return a FHIR Money: the amount as a JSON number, which keeps it exactly.

    Raises:
        InvalidInputError: at *field* if the amount has more than 15 significant digits.
    """
    return {"value": number(value.amount, field=field), "currency": value.currency}


def number(value: Decimal, *, field: str) -> float | int:
    """Return *value* as a JSON number that writes back the same decimal."""
    if value == value.to_integral_value():
        return int(value)
    if len(value.as_tuple().digits) > _EXACT_DIGITS:
        raise InvalidInputError.one(
            field, "too_precise", "must have at most 15 significant digits to travel as JSON"
        )
    return float(value)


def coding(code: Code) -> Resource:
    """Return a FHIR Coding for a casekit `Code`."""
    return {"system": CODE_SYSTEMS[code.system], "code": code.value}


def concept(code: Code) -> Resource:
    """Return a FHIR CodeableConcept for a casekit `Code`."""
    return {"coding": [coding(code)]}


def own(name: str, code: str) -> Resource:
    """Return a CodeableConcept with one code of casekit's code system *name*."""
    return {"coding": [{"system": system(name), "code": code}]}


class Context:
    """How one export writes ids, times and free text: as they are, or de-identified.

    De-identified (HIPAA Safe Harbor), every id is a counter in order of first use, so it is
    derived from nothing about the person; dates keep their year only; free text is dropped.
    """

    __slots__ = ("deidentified", "pseudonyms")

    def __init__(self, *, deidentified: bool = False) -> None:
        self.deidentified = deidentified
        self.pseudonyms: dict[tuple[str, tuple[str, ...]], str] = {}

    def id(self, kind: str, *parts: str) -> str:
        """Return the id of the *kind* resource made of *parts*."""
        if not self.deidentified:
            return encoded(*parts)
        key = (kind, parts)
        found = self.pseudonyms.get(key)
        if found is None:
            found = self.pseudonyms[key] = str(len(self.pseudonyms) + 1)
        return found

    def ref(self, kind: str, *parts: str) -> Resource:
        """Return a Reference to the *kind* resource made of *parts*."""
        return {"reference": f"{kind}/{self.id(kind, *parts)}"}

    def party(self, party_id: str, kind: str = "party") -> Resource | None:
        """Return a logical Reference (by identifier) to a person or organisation, or None."""
        if self.deidentified:
            return None
        return {"identifier": {"system": id_system(kind), "value": party_id}}

    def when(self, value: dt.datetime) -> str:
        """Return a FHIR dateTime."""
        return str(value.year) if self.deidentified else instant(value)

    def day(self, value: dt.date) -> str:
        """Return a FHIR date."""
        return str(value.year) if self.deidentified else value.isoformat()

    def text(self, value: str) -> str | None:
        """Return free text, or None when it is empty or de-identified."""
        return None if self.deidentified or not value else value


_EMPTY: Final[tuple[object, ...]] = (None, "", [], {})


def instant(value: dt.datetime) -> str:
    """Return an aware datetime as FHIR writes one: its offset in whole minutes.

    A historical local-mean-time offset (New York's -04:56:02 before 1883) has seconds, which
    FHIR's ``+hh:mm`` cannot write: such a time is written in UTC instead.
    """
    offset = value.utcoffset() or dt.timedelta(0)  # aware: never None
    if offset.seconds % 60 or offset.microseconds:
        value = value.astimezone(dt.UTC)
    return value.isoformat()


def compact(resource: Resource) -> Resource:
    """Return *resource* without the keys whose value is None or empty: FHIR has no nulls, and
    its strings, lists and objects are never empty."""
    return {k: v for k, v in resource.items() if v not in _EMPTY}


def texts(values: tuple[str, ...]) -> list[str]:
    """Return the non-empty strings of *values* (a FHIR string is never empty)."""
    return [v for v in values if v]
