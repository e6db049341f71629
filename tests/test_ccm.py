"""CCM exam eligibility against the Commission's published criteria, with real applicant profiles.

Source: Commission for Case Manager Certification, "CCM eligibility at a glance"
(https://ccmcertification.org/get-certified/certification/ccmr-eligibility-glance) and the
Certification Guide to the CCM Examination: ONE education category (a licence allowing
independent practice, or a health/human services degree with supervised field experience) AND
ONE employment category (12 months supervised by a CCM, 24 months, or 12 months supervising).
"""

from __future__ import annotations

import warnings
from decimal import Decimal

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from casekit.ccm import (
    CCM_EXAM_ELIGIBILITY,
    CHECKED_ON,
    INDEPENDENT_PRACTICE_LICENCES,
    SOURCE,
    CcmApplicant,
    Degree,
    DegreeField,
    DegreeLevel,
    Employment,
    EmploymentRole,
    ccm_basis,
    ccm_exam_eligibility,
    ccm_facts,
    ccm_rule,
)
from casekit.errors import InvalidDefinitionError, InvalidInputError
from casekit.people import CaseManager, Credential, Licence, LicenceStatus

ON = pendulum.date(2026, 12, 1)
RN = Licence(Credential.RN, LicenceStatus.ACTIVE, expires_on=pendulum.date(2028, 6, 30))
LPN = Licence(Credential.LPN, LicenceStatus.ACTIVE)
MSW = Degree(
    field=DegreeField.SOCIAL_WORK, level=DegreeLevel.MASTERS, supervised_field_experience=True
)
BSN = Degree(
    field=DegreeField.NURSING, level=DegreeLevel.BACCALAUREATE, supervised_field_experience=True
)
SUPERVISED_YEAR = Employment(EmploymentRole.CASE_MANAGER, 12, supervised_by_ccm=True)
TWO_YEARS = Employment(EmploymentRole.CASE_MANAGER, 24)

NO_EMPLOYMENT = [
    "ccm.supervised_employment_short",
    "ccm.employment_short",
    "ccm.supervisor_employment_short",
]


def codes(applicant: CcmApplicant) -> list[str]:
    return [r.code for r in ccm_exam_eligibility(applicant, on=ON).reasons]


def test_the_rule_names_its_source_and_when_it_was_checked():
    """The default rule cites the Commission's page and the day it was checked."""
    assert "ccmcertification.org" in SOURCE
    assert pendulum.date(2026, 12, 2) == CHECKED_ON


def test_an_rn_with_12_months_supervised_by_a_ccm_is_eligible_on_the_licence_path():
    """An RN licence counts on the licence path; a year under a CCM meets employment."""
    rn = CcmApplicant(licences=(RN,), employment=(SUPERVISED_YEAR,))

    assert ccm_exam_eligibility(rn, on=ON).passed
    assert [r.code for r in ccm_basis(rn, on=ON)] == [
        "ccm.qualifying_licence",
        "ccm.supervised_employment_met",
    ]


def test_an_msw_with_no_licence_and_24_months_is_eligible_on_the_degree_path():
    """A master's in social work with field experience, and two years without a CCM supervisor."""
    msw = CcmApplicant(degrees=(MSW,), employment=(TWO_YEARS,))

    assert ccm_exam_eligibility(msw, on=ON).passed
    assert [r.code for r in ccm_basis(msw, on=ON)] == [
        "ccm.qualifying_degree",
        "ccm.employment_met",
    ]


def test_an_lpn_does_not_qualify_on_the_licence_path():
    """An LPN licence does not allow independent assessment: the education category is unmet."""
    lpn = CcmApplicant(licences=(LPN,), employment=(TWO_YEARS,))

    assert codes(lpn) == ["ccm.no_qualifying_licence", "ccm.no_qualifying_degree"]


def test_an_lpn_with_a_qualifying_degree_applies_with_the_degree():
    """As the Commission advises, an applicant whose licence does not qualify uses the degree."""
    lpn = CcmApplicant(licences=(LPN,), degrees=(BSN,), employment=(TWO_YEARS,))

    assert ccm_exam_eligibility(lpn, on=ON).passed


def test_a_new_graduate_has_the_education_but_not_the_employment():
    """A new BSN graduate with a fresh RN licence has no case-management employment yet."""
    graduate = CcmApplicant(licences=(RN,), degrees=(BSN,))

    assert codes(graduate) == NO_EMPLOYMENT
    assert ccm_basis(graduate, on=ON) == ()


def test_12_months_supervising_case_managers_meets_the_employment_category():
    """The third employment category: a year as supervisor of people who provide case management."""
    lead = CcmApplicant(
        licences=(Licence(Credential.LCSW, LicenceStatus.ACTIVE),),
        employment=(Employment(EmploymentRole.CASE_MANAGEMENT_SUPERVISOR, 12),),
    )

    assert [r.code for r in ccm_basis(lead, on=ON)] == [
        "ccm.qualifying_licence",
        "ccm.supervisor_employment_met",
    ]


def test_employment_months_add_up_across_jobs():
    """Two jobs of 10 and 14 months make the 24 months of the second category."""
    jobs = (
        Employment(EmploymentRole.CASE_MANAGER, 10),
        Employment(EmploymentRole.CASE_MANAGER, 14),
    )

    assert ccm_exam_eligibility(CcmApplicant(licences=(RN,), employment=jobs), on=ON).passed


@pytest.mark.parametrize(
    "months",
    [
        (Employment(EmploymentRole.CASE_MANAGER, 11, supervised_by_ccm=True),),
        (Employment(EmploymentRole.CASE_MANAGER, 23),),
        (Employment(EmploymentRole.CASE_MANAGEMENT_SUPERVISOR, 11),),
    ],
)
def test_one_month_short_of_any_category_is_not_enough(months):
    """Each employment category's bound is inclusive and exact."""
    assert codes(CcmApplicant(licences=(RN,), employment=months)) == NO_EMPLOYMENT


@pytest.mark.parametrize(
    ("degree", "why"),
    [
        (
            Degree(
                field=DegreeField.NURSING,
                level=DegreeLevel.ASSOCIATE,
                supervised_field_experience=True,
            ),
            "level",
        ),
        (
            Degree(
                field=DegreeField.OTHER, level=DegreeLevel.MASTERS, supervised_field_experience=True
            ),
            "field",
        ),
        (Degree(field=DegreeField.NURSING, level=DegreeLevel.BACCALAUREATE), "no field experience"),
        (
            Degree(
                field=DegreeField.NURSING,
                level=DegreeLevel.BACCALAUREATE,
                accredited=False,
                supervised_field_experience=True,
            ),
            "not accredited",
        ),
    ],
)
def test_a_degree_qualifies_only_with_level_field_accreditation_and_field_experience(degree, why):
    """An associate degree, another field, no field experience or no accreditation: not enough."""
    assert not degree.qualifies, why
    assert codes(CcmApplicant(degrees=(degree,), employment=(TWO_YEARS,))) == [
        "ccm.no_qualifying_licence",
        "ccm.no_qualifying_degree",
    ]


@pytest.mark.parametrize(
    "licence",
    [
        Licence(Credential.RN, LicenceStatus.RESTRICTED),
        Licence(Credential.RN, LicenceStatus.EXPIRED),
        Licence(Credential.RN, LicenceStatus.ACTIVE, expires_on=pendulum.date(2026, 11, 30)),
    ],
)
def test_a_licence_must_be_current_active_and_unrestricted_on_the_day(licence):
    """Restricted, expired, or lapsed the day before: the licence path is unmet."""
    assert codes(CcmApplicant(licences=(licence,), employment=(TWO_YEARS,)))[0] == (
        "ccm.no_qualifying_licence"
    )


@pytest.mark.parametrize("credential", [Credential.LPN, Credential.LVN, Credential.LSW])
def test_licences_without_independent_practice_are_not_on_the_licence_list(credential):
    """LPN, LVN and LSW licences do not allow independent assessment."""
    assert credential not in INDEPENDENT_PRACTICE_LICENCES


def test_an_application_can_add_the_seed_articles_practice_share():
    """The seed's 30%-of-time criterion is an option; unknown or lower fails it."""
    rule = ccm_rule(practice_share=Decimal("0.30"))
    rn = CcmApplicant(licences=(RN,), employment=(SUPERVISED_YEAR,))

    at_30 = CcmApplicant(
        licences=(RN,), employment=(SUPERVISED_YEAR,), case_management_share=Decimal("0.3")
    )
    assert ccm_exam_eligibility(at_30, on=ON, rule=rule).passed
    assert [r.code for r in ccm_exam_eligibility(rn, on=ON, rule=rule).reasons] == [
        "ccm.practice_share_low"
    ]
    assert ccm_exam_eligibility(rn, on=ON).passed


def test_an_application_can_widen_the_licence_list():
    """The Commission's list is not closed: a programme may count another credential."""
    lsw = CcmApplicant(
        licences=(Licence(Credential.LSW, LicenceStatus.ACTIVE),), employment=(TWO_YEARS,)
    )

    assert not ccm_exam_eligibility(lsw, on=ON).passed
    widened = ccm_rule(licences={*INDEPENDENT_PRACTICE_LICENCES, Credential.LSW})
    assert ccm_exam_eligibility(lsw, on=ON, rule=widened).passed


def test_a_case_manager_becomes_an_applicant_with_the_history_the_application_gives():
    """A CaseManager holds licences and share; degrees and employment come from the application."""
    cm = CaseManager("cm-1", licences=(RN,), case_management_share=Decimal("0.6"))

    applicant = CcmApplicant.from_case_manager(cm, employment=[SUPERVISED_YEAR])

    assert applicant == CcmApplicant(
        licences=(RN,), employment=(SUPERVISED_YEAR,), case_management_share=Decimal("0.6")
    )
    assert ccm_exam_eligibility(applicant, on=ON).passed


def test_messages_render_every_reason():
    """Each reason code has an English sentence, not the bare code."""
    messages = ccm_exam_eligibility(CcmApplicant(), on=ON).messages()

    assert messages[0].startswith("no current, active, unrestricted licence")
    assert messages[2] == (
        "less than 12 months of full-time case-management employment supervised by a CCM"
    )
    assert all(not m.startswith("ccm.") for m in messages)


def test_bad_rule_options_and_applicants_are_refused_by_field():
    """Options and inputs are checked with casekit errors naming the field."""
    with pytest.raises(InvalidDefinitionError) as caught:
        ccm_rule(licences=["RN"])
    assert caught.value.problems[0].path == "licences"
    with pytest.raises(InvalidDefinitionError) as caught:
        ccm_rule(practice_share=Decimal("1.5"))
    assert caught.value.problems[0].path == "practice_share"
    with pytest.raises(InvalidInputError) as caught:
        ccm_facts("applicant", on=ON)  # type: ignore[arg-type]
    assert caught.value.problems[0].path == "applicant"
    with pytest.raises(InvalidInputError):
        Employment(EmploymentRole.CASE_MANAGER, -1)
    with pytest.raises(InvalidInputError):
        CcmApplicant(degrees=(DegreeField.NURSING,))  # a degree needs its level


def test_the_old_module_name_still_imports_with_a_deprecation_warning():
    """casekit.eligibility was about the exam, not member eligibility: it moved to casekit.ccm."""
    import importlib
    import sys

    sys.modules.pop("casekit.eligibility", None)
    with pytest.warns(DeprecationWarning, match="casekit.ccm"):
        old = importlib.import_module("casekit.eligibility")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert old.ccm_exam_eligibility is ccm_exam_eligibility


employment = st.builds(
    Employment,
    st.sampled_from(EmploymentRole),
    st.integers(0, 40),
    supervised_by_ccm=st.booleans(),
)


@given(jobs=st.lists(employment, max_size=4), extra=employment)
def test_more_employment_never_takes_eligibility_away(jobs, extra):
    """Eligibility is monotone in experience: another job never makes an applicant ineligible."""
    before = CcmApplicant(licences=(RN,), employment=tuple(jobs))
    after = CcmApplicant(licences=(RN,), employment=(*jobs, extra))

    if CCM_EXAM_ELIGIBILITY.evaluate(ccm_facts(before, on=ON)).passed:
        assert CCM_EXAM_ELIGIBILITY.evaluate(ccm_facts(after, on=ON)).passed
