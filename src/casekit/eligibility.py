"""Eligibility to sit the Certified Case Manager (CCM) exam, written with `casekit.rules`.

The Commission for Case Manager Certification asks for three things, and each one unmet is
its own reason:

1. at least 30% of qualified working time spent in case-management practice;
2. a current, active and unrestricted licence or certification in a health or human services
   field;
3. a degree in social work, nursing, or another health or human services field.

Examples:
    >>> import pendulum
    >>> from decimal import Decimal
    >>> from casekit.people import Credential, Licence, LicenceStatus
    >>> applicant = CcmApplicant(
    ...     case_management_share=Decimal("0.25"),
    ...     licences=(Licence(Credential.RN, LicenceStatus.RESTRICTED),),
    ...     degrees=(DegreeField.NURSING,),
    ... )
    >>> outcome = ccm_exam_eligibility(applicant, on=pendulum.date(2025, 3, 1))
    >>> for message in outcome.messages():
    ...     print(message)
    less than 30% of qualified working time is in case-management practice
    no current, active, unrestricted licence or certification in a health or human services field
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import TYPE_CHECKING, Final

import attrs

from casekit import _validate as v
from casekit.people import CaseManager, Credential, Licence
from casekit.rules import Reason, Rule, all_of, predicate

if TYPE_CHECKING:
    from collections.abc import Iterable

    from casekit.rules import Facts, Outcome

__all__ = [
    "CCM_EXAM_ELIGIBILITY",
    "CCM_MIN_PRACTICE_SHARE",
    "HEALTH_AND_HUMAN_SERVICES_LICENCES",
    "CcmApplicant",
    "DegreeField",
    "ccm_exam_eligibility",
    "ccm_facts",
]

CCM_MIN_PRACTICE_SHARE: Final = Decimal("0.30")
"""The least share of qualified working time in case-management practice."""

HEALTH_AND_HUMAN_SERVICES_LICENCES: Final = frozenset(
    {
        Credential.RN,
        Credential.LPN,
        Credential.NP,
        Credential.LCSW,
        Credential.LSW,
        Credential.MD,
        Credential.DO,
        Credential.LPC,
        Credential.LMFT,
        Credential.CCM,
        Credential.ACM,
        Credential.CMGT_BC,
    }
)
"""Licences and certifications in a health or human services field (degrees are not here)."""


class DegreeField(enum.StrEnum):
    """The field of a bachelor's or graduate degree."""

    SOCIAL_WORK = "social_work"
    NURSING = "nursing"
    OTHER_HEALTH_OR_HUMAN_SERVICES = "other_health_or_human_services"
    OTHER = "other"


_SUITABLE_DEGREES: Final = frozenset(
    {DegreeField.SOCIAL_WORK, DegreeField.NURSING, DegreeField.OTHER_HEALTH_OR_HUMAN_SERVICES}
)
_DEGREE_CREDENTIALS: Final = {
    Credential.MSW: DegreeField.SOCIAL_WORK,
    Credential.BSW: DegreeField.SOCIAL_WORK,
}


@attrs.frozen
class CcmApplicant:
    """What CCM eligibility looks at: practice share, licences, degrees.

    Examples:
        >>> from decimal import Decimal
        >>> CcmApplicant(case_management_share=Decimal("0.5")).degrees
        ()
    """

    case_management_share: Decimal = attrs.field(validator=v.share)
    licences: tuple[Licence, ...] = attrs.field(
        default=(), converter=v.freeze, validator=v.tuple_of(Licence)
    )
    degrees: tuple[DegreeField, ...] = attrs.field(
        default=(), converter=v.freeze, validator=v.tuple_of(DegreeField)
    )

    @classmethod
    def from_case_manager(
        cls, case_manager: CaseManager, *, degrees: Iterable[DegreeField] = ()
    ) -> CcmApplicant:
        """Return the applicant a `CaseManager` describes, plus degrees it does not record.

        An MSW or BSW among the credentials counts as a social-work degree.

        Examples:
            >>> from decimal import Decimal
            >>> from casekit.people import CaseManager, Credential
            >>> cm = CaseManager("cm-1", credentials=(Credential.MSW,),
            ...                  case_management_share=Decimal("0.4"))
            >>> CcmApplicant.from_case_manager(cm).degrees
            (<DegreeField.SOCIAL_WORK: 'social_work'>,)
        """
        from_credentials = [
            _DEGREE_CREDENTIALS[c] for c in case_manager.credentials if c in _DEGREE_CREDENTIALS
        ]
        given = tuple(dict.fromkeys((*from_credentials, *degrees)))
        return cls(case_manager.case_management_share, case_manager.licences, given)


def _has_practice_share(share: Decimal) -> bool:
    return share >= CCM_MIN_PRACTICE_SHARE


def _has_current_licence(licences: tuple[Licence, ...], on: dt.date) -> bool:
    return any(
        lic.credential in HEALTH_AND_HUMAN_SERVICES_LICENCES and lic.is_current_on(on)
        for lic in licences
    )


def _has_suitable_degree(degrees: tuple[DegreeField, ...]) -> bool:
    return any(d in _SUITABLE_DEGREES for d in degrees)


CCM_EXAM_ELIGIBILITY: Final[Rule] = all_of(
    predicate(
        "ccm_practice_share",
        _has_practice_share,
        reads=("case_management_share",),
        reason=Reason.of("eligibility.ccm_practice_share_low", min_percent=30),
        held_reason=Reason.of("eligibility.ccm_practice_share_met", min_percent=30),
    ),
    predicate(
        "ccm_current_licence",
        _has_current_licence,
        reads=("licences", "on"),
        reason=Reason.of("eligibility.ccm_no_current_licence"),
        held_reason=Reason.of("eligibility.ccm_current_licence"),
    ),
    predicate(
        "ccm_suitable_degree",
        _has_suitable_degree,
        reads=("degrees",),
        reason=Reason.of("eligibility.ccm_no_suitable_degree"),
        held_reason=Reason.of("eligibility.ccm_suitable_degree"),
    ),
    name="ccm_exam_eligibility",
)
"""The CCM exam eligibility rule over `ccm_facts`: every condition, each its own reason."""


def ccm_facts(applicant: CcmApplicant, *, on: dt.date) -> Facts:
    """Return the facts `CCM_EXAM_ELIGIBILITY` reads, for *applicant* on the day *on*.

    Examples:
        >>> import pendulum
        >>> from decimal import Decimal
        >>> sorted(ccm_facts(CcmApplicant(Decimal("0.3")), on=pendulum.date(2025, 1, 1)))
        ['case_management_share', 'degrees', 'licences', 'on']
    """
    return {
        "case_management_share": applicant.case_management_share,
        "licences": applicant.licences,
        "degrees": applicant.degrees,
        "on": on,
    }


def ccm_exam_eligibility(applicant: CcmApplicant | CaseManager, *, on: dt.date) -> Outcome:
    """Return whether *applicant* may sit the CCM exam on *on*, and every reason why not.

    A `CaseManager` is taken as `CcmApplicant.from_case_manager` takes it.

    Examples:
        >>> import pendulum
        >>> from decimal import Decimal
        >>> from casekit.people import Credential, Licence, LicenceStatus
        >>> ok = CcmApplicant(Decimal("0.5"), (Licence(Credential.LCSW, LicenceStatus.ACTIVE),),
        ...                   (DegreeField.SOCIAL_WORK,))
        >>> ccm_exam_eligibility(ok, on=pendulum.date(2025, 1, 1)).passed
        True
    """
    if isinstance(applicant, CaseManager):
        applicant = CcmApplicant.from_case_manager(applicant)
    return CCM_EXAM_ELIGIBILITY.evaluate(ccm_facts(applicant, on=on))
