"""A realistic case for the benchmarks: a patient, 5 assessments, 10 referrals, 20 contacts."""

from __future__ import annotations

from decimal import Decimal

import pendulum

from casekit.assessment import (
    Assessment,
    Need,
    NeedDomain,
    Priority,
    RiskLevel,
    Strength,
    StrengthSource,
)
from casekit.case import (
    CareModel,
    Case,
    CaseEvent,
    Contact,
    ContactMode,
    Opening,
    Referral,
    add_referral,
    rebuild,
    record_assessment,
    record_contact,
)
from casekit.codes import Code
from casekit.identifiers import Identifier
from casekit.people import (
    AdministrativeSex,
    CaseManager,
    ContactPoint,
    ContactPointSystem,
    Credential,
    Licence,
    LicenceStatus,
    Patient,
    PersonName,
)

T0 = pendulum.datetime(2025, 3, 3, 9, tz="America/New_York")


def benchmark_case() -> Case:
    """Return the case every serialisation benchmark round-trips."""
    patient = Patient(
        "pt-1",
        PersonName("Synthetic", ("River",)),
        pendulum.date(1990, 5, 17),
        AdministrativeSex.OTHER,
        "en-US",
        (ContactPoint(ContactPointSystem.PHONE, "+1 555 0100"),),
        (Identifier("urn:example:member", "MBR-0001"),),
    )
    manager = CaseManager(
        "cm-1",
        (Credential.RN, Credential.CCM),
        (Licence(Credential.RN, LicenceStatus.ACTIVE),),
        Decimal("0.8"),
    )
    opening = Opening("case-1", patient, manager, CareModel.CLINICAL, "standard")
    case = rebuild((CaseEvent(1, "e1", "opened", None, "referred", T0, T0, "cm-1", (), opening),))
    at = T0
    for i in range(5):
        at = at.add(days=1)
        assessment = Assessment(
            f"as-{i}",
            at,
            "cm-1",
            (
                Need(NeedDomain.FUNCTIONAL, Priority.HIGH, "mobility after femur fracture"),
                Need(NeedDomain.COGNITIVE, Priority.MEDIUM, "memory after head injury"),
            ),
            (Strength(StrengthSource.FAMILY, "partner helps daily"),),
            RiskLevel.HIGH,
            ("Katz ADL", "MoCA"),
        )
        case = record_assessment(case, assessment, at=at, by="cm-1")
    for i in range(10):
        at = at.add(hours=3)
        referral = Referral(f"rf-{i}", f"prov-{i}", at, Code.parse("CPT|97110"), "physical therapy")
        case = add_referral(case, referral, at=at, by="cm-1")
    for i in range(20):
        at = at.add(days=2)
        contact = Contact(f"ct-{i}", ContactMode.PHONE, at, 15, "cm-1", ("pt-1",))
        case = record_contact(case, contact, at=at, by="cm-1")
    return case
