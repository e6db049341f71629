"""CCM exam eligibility, written with the rule kernel: each unmet condition its own reason."""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest

from casekit.eligibility import (
    CCM_EXAM_ELIGIBILITY,
    CcmApplicant,
    DegreeField,
    ccm_exam_eligibility,
)
from casekit.errors import InvalidInputError
from casekit.people import CaseManager, Credential, Licence, LicenceStatus
from casekit.rules import not_

ON = pendulum.date(2025, 3, 1)
RN = Licence(Credential.RN, LicenceStatus.ACTIVE, expires_on=pendulum.date(2026, 6, 30))


def test_a_nurse_in_case_management_may_sit_the_exam() -> None:
    """Active RN, nursing degree, half her time in case management: eligible."""
    applicant = CcmApplicant(Decimal("0.5"), (RN,), (DegreeField.NURSING,))

    out = ccm_exam_eligibility(applicant, on=ON)

    assert out.passed
    assert out.reasons == ()


def test_exactly_thirty_percent_is_enough() -> None:
    """30% of qualified working time meets the threshold."""
    applicant = CcmApplicant(Decimal("0.30"), (RN,), (DegreeField.NURSING,))

    assert ccm_exam_eligibility(applicant, on=ON).passed


def test_each_unmet_condition_is_its_own_reason() -> None:
    """No share, no licence, no degree: three reasons, in the order of the conditions."""
    applicant = CcmApplicant(Decimal("0.1"), (), (DegreeField.OTHER,))

    out = ccm_exam_eligibility(applicant, on=ON)

    assert [r.code for r in out.reasons] == [
        "eligibility.ccm_practice_share_low",
        "eligibility.ccm_no_current_licence",
        "eligibility.ccm_no_suitable_degree",
    ]
    assert out.messages()[0] == (
        "less than 30% of qualified working time is in case-management practice"
    )


@pytest.mark.parametrize(
    "licence",
    [
        Licence(Credential.RN, LicenceStatus.RESTRICTED),
        Licence(Credential.RN, LicenceStatus.SUSPENDED),
        Licence(Credential.RN, LicenceStatus.ACTIVE, expires_on=pendulum.date(2025, 2, 28)),
        Licence(Credential.OTHER, LicenceStatus.ACTIVE),
    ],
    ids=["restricted", "suspended", "expired", "not_health_or_human_services"],
)
def test_a_licence_must_be_current_active_unrestricted_and_in_the_field(licence: Licence) -> None:
    """Restricted, suspended, expired or out-of-field licences do not count."""
    applicant = CcmApplicant(Decimal("0.5"), (licence,), (DegreeField.SOCIAL_WORK,))

    out = ccm_exam_eligibility(applicant, on=ON)

    assert [r.code for r in out.reasons] == ["eligibility.ccm_no_current_licence"]


def test_a_case_manager_is_read_for_share_licences_and_degree() -> None:
    """An MSW with an LCSW licence and 40% case management is eligible."""
    manager = CaseManager(
        "cm-1",
        credentials=(Credential.MSW, Credential.LCSW),
        licences=(Licence(Credential.LCSW, LicenceStatus.ACTIVE),),
        case_management_share=Decimal("0.4"),
    )

    assert ccm_exam_eligibility(manager, on=ON).passed


def test_degrees_a_case_manager_does_not_record_can_be_added() -> None:
    """A nursing degree given alongside the CaseManager counts, once."""
    manager = CaseManager("cm-2", credentials=(Credential.BSW,), licences=(RN,))

    applicant = CcmApplicant.from_case_manager(
        manager, degrees=(DegreeField.NURSING, DegreeField.SOCIAL_WORK)
    )

    assert applicant.degrees == (DegreeField.SOCIAL_WORK, DegreeField.NURSING)


def test_the_trace_hides_licences_but_shows_the_share() -> None:
    """The trace shows the share and only the number of licences and degrees."""
    applicant = CcmApplicant(Decimal("0.25"), (RN,), (DegreeField.NURSING,))

    trace = ccm_exam_eligibility(applicant, on=ON).trace

    assert trace.render().splitlines() == [
        "✗ ccm_exam_eligibility",
        "  ✗ ccm_practice_share  case_management_share=0.25",
        "  ✓ ccm_current_licence  licences=<1 items>  on=2025-03-01  (not decisive)",
        "  ✓ ccm_suitable_degree  degrees=<1 items>  (not decisive)",
    ]


def test_negated_eligibility_says_what_was_met() -> None:
    """Under not_, every met condition is explained."""
    applicant = CcmApplicant(Decimal("0.5"), (RN,), (DegreeField.NURSING,))
    from casekit.eligibility import ccm_facts

    out = not_(CCM_EXAM_ELIGIBILITY).evaluate(ccm_facts(applicant, on=ON))

    assert [r.code for r in out.reasons] == [
        "eligibility.ccm_practice_share_met",
        "eligibility.ccm_current_licence",
        "eligibility.ccm_suitable_degree",
    ]


def test_an_applicant_checks_its_fields() -> None:
    """The share is a Decimal fraction; degrees are DegreeFields."""
    with pytest.raises(InvalidInputError):
        CcmApplicant(0.5)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError):
        CcmApplicant(Decimal("0.5"), degrees=("nursing",))
