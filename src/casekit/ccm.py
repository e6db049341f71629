"""Eligibility to sit the Certified Case Manager (CCM) exam, written with `casekit.rules`.

The default rule follows the Commission for Case Manager Certification's published criteria
(`SOURCE`, checked on `CHECKED_ON`): an applicant qualifies with ONE education category AND
ONE employment category.

Education, one of:

- a current, active and unrestricted licence or certification in a health or human services
  discipline that allows independent practice (RN, LCSW, LMSW, LPC, CRC, CDMS, ...; an LPN or
  LVN licence does not allow independent assessment and does not qualify: such applicants
  apply with a degree);
- a baccalaureate or graduate degree in a health or human services field from an accredited
  institution, with a supervised field experience in case management, health or behavioural
  health.

Employment, one of (full-time months, which may add up across jobs):

- 12 months of case-management employment supervised by a CCM;
- 24 months of case-management employment (the supervisor need not be a CCM);
- 12 months as a supervisor of people who provide case management.

The seed article's "30% of working time in case management" is not the Commission's rule; an
application that wants it adds it with ``ccm_rule(practice_share=Decimal("0.30"))``.

Examples:
    >>> import pendulum
    >>> from casekit.people import Credential, Licence, LicenceStatus
    >>> rn = CcmApplicant(
    ...     licences=(Licence(Credential.RN, LicenceStatus.ACTIVE),),
    ...     employment=(Employment(EmploymentRole.CASE_MANAGER, 12, supervised_by_ccm=True),),
    ... )
    >>> ccm_exam_eligibility(rn, on=pendulum.date(2026, 12, 1)).passed
    True
    >>> [r.code for r in ccm_basis(rn, on=pendulum.date(2026, 12, 1))]
    ['ccm.qualifying_licence', 'ccm.supervised_employment_met']
    >>> lpn = CcmApplicant(licences=(Licence(Credential.LPN, LicenceStatus.ACTIVE),))
    >>> outcome = ccm_exam_eligibility(lpn, on=pendulum.date(2026, 12, 1))
    >>> for reason in outcome.reasons:
    ...     print(reason.code)
    ccm.no_qualifying_licence
    ccm.no_qualifying_degree
    ccm.supervised_employment_short
    ccm.employment_short
    ccm.supervisor_employment_short
    >>> print(outcome.messages()[2])
    less than 12 months of full-time case-management employment supervised by a CCM
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import TYPE_CHECKING, Final

import attrs
import pendulum

from casekit import _validate as v
from casekit.errors import InvalidDefinitionError, InvalidInputError
from casekit.people import CaseManager, Credential, Licence
from casekit.periods import require_date
from casekit.rules import Reason, Rule, all_of, any_of, predicate

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from casekit.rules import Evaluation, Facts

__all__ = [
    "CCM_EXAM_ELIGIBILITY",
    "CHECKED_ON",
    "INDEPENDENT_PRACTICE_LICENCES",
    "SOURCE",
    "CcmApplicant",
    "Degree",
    "DegreeField",
    "DegreeLevel",
    "Employment",
    "EmploymentRole",
    "ccm_basis",
    "ccm_exam_eligibility",
    "ccm_facts",
    "ccm_rule",
]

SOURCE: Final = (
    "Commission for Case Manager Certification, 'CCM eligibility at a glance' "
    "(https://ccmcertification.org/get-certified/certification/ccmr-eligibility-glance) "
    "and the Certification Guide to the CCM Examination, sections 3-5"
)
"""Where the default rule comes from."""

CHECKED_ON: Final = pendulum.date(2026, 12, 2)
"""The day the default rule was last checked against `SOURCE`."""

INDEPENDENT_PRACTICE_LICENCES: Final = frozenset(
    {
        Credential.RN,
        Credential.NP,
        Credential.LCSW,
        Credential.LMSW,
        Credential.LPC,
        Credential.LMFT,
        Credential.MD,
        Credential.DO,
        Credential.RPH,
        Credential.CRC,
        Credential.CDMS,
    }
)
"""Licences and certifications that allow independent practice in a health or human services
discipline. The Commission's list is not closed: pass your own set to `ccm_rule`. LPN, LVN and
LSW licences are not here: they do not allow independent assessment."""


class DegreeField(enum.StrEnum):
    """The field of a degree."""

    SOCIAL_WORK = "social_work"
    NURSING = "nursing"
    OTHER_HEALTH_OR_HUMAN_SERVICES = "other_health_or_human_services"
    OTHER = "other"


class DegreeLevel(enum.StrEnum):
    """The level of a degree."""

    ASSOCIATE = "associate"
    BACCALAUREATE = "baccalaureate"
    MASTERS = "masters"
    DOCTORATE = "doctorate"


_SUITABLE_FIELDS: Final = frozenset(
    {DegreeField.SOCIAL_WORK, DegreeField.NURSING, DegreeField.OTHER_HEALTH_OR_HUMAN_SERVICES}
)
_SUITABLE_LEVELS: Final = frozenset(
    {DegreeLevel.BACCALAUREATE, DegreeLevel.MASTERS, DegreeLevel.DOCTORATE}
)


@attrs.frozen(kw_only=True)
class Degree:
    """A degree: its field and level, whether the institution is accredited, and whether it
    included a supervised field experience in case management, health or behavioural health.

    Examples:
        >>> msw = Degree(field=DegreeField.SOCIAL_WORK, level=DegreeLevel.MASTERS,
        ...              supervised_field_experience=True)
        >>> msw.qualifies
        True
        >>> Degree(field=DegreeField.NURSING, level=DegreeLevel.ASSOCIATE).qualifies
        False
    """

    field: DegreeField = attrs.field(validator=v.instance(DegreeField))
    level: DegreeLevel = attrs.field(validator=v.instance(DegreeLevel))
    accredited: bool = attrs.field(default=True, validator=v.instance(bool))
    supervised_field_experience: bool = attrs.field(default=False, validator=v.instance(bool))

    @property
    def qualifies(self) -> bool:
        """Whether the degree meets the Commission's education category on its own."""
        return (
            self.field in _SUITABLE_FIELDS
            and self.level in _SUITABLE_LEVELS
            and self.accredited
            and self.supervised_field_experience
        )


class EmploymentRole(enum.StrEnum):
    """What an applicant did in a job the employment categories count."""

    CASE_MANAGER = "case_manager"
    """Provided case management to clients."""
    CASE_MANAGEMENT_SUPERVISOR = "case_management_supervisor"
    """Supervised people who provide case management."""


@attrs.frozen
class Employment:
    """A period of case-management employment, in full-time months.

    Part-time work counts in full-time equivalents: the application converts it (for example
    24 months at half time is 12 full-time months).

    Examples:
        >>> Employment(EmploymentRole.CASE_MANAGER, 18).supervised_by_ccm
        False
    """

    role: EmploymentRole = attrs.field(validator=v.instance(EmploymentRole))
    months: int = attrs.field(validator=v.non_negative_int)
    supervised_by_ccm: bool = attrs.field(default=False, kw_only=True, validator=v.instance(bool))


@attrs.frozen(kw_only=True)
class CcmApplicant:
    """What CCM eligibility looks at: licences, degrees, employment (and, optionally, the share
    of working time in case management that the seed article's rule reads).

    Examples:
        >>> CcmApplicant().degrees
        ()
    """

    licences: tuple[Licence, ...] = attrs.field(
        default=(), converter=v.freeze, validator=v.tuple_of(Licence)
    )
    degrees: tuple[Degree, ...] = attrs.field(
        default=(), converter=v.freeze, validator=v.tuple_of(Degree)
    )
    employment: tuple[Employment, ...] = attrs.field(
        default=(), converter=v.freeze, validator=v.tuple_of(Employment)
    )
    case_management_share: Decimal | None = attrs.field(
        default=None, validator=attrs.validators.optional(v.share)
    )

    @classmethod
    def from_case_manager(
        cls,
        case_manager: CaseManager,
        *,
        degrees: Iterable[Degree] = (),
        employment: Iterable[Employment] = (),
    ) -> CcmApplicant:
        """Return the applicant a `CaseManager` describes, with what it does not record.

        A `CaseManager` holds licences and its share of time in case management; degrees and
        employment history come from the application.

        Examples:
            >>> from decimal import Decimal
            >>> cm = CaseManager("cm-1", case_management_share=Decimal("0.4"))
            >>> CcmApplicant.from_case_manager(cm).case_management_share
            Decimal('0.4')
        """
        return cls(
            licences=case_manager.licences,
            degrees=tuple(degrees),
            employment=tuple(employment),
            case_management_share=case_manager.case_management_share,
        )


SUPERVISED_MONTHS: Final = 12
"""Full-time months of case-management employment supervised by a CCM that qualify."""
UNSUPERVISED_MONTHS: Final = 24
"""Full-time months of case-management employment, under any supervisor, that qualify."""
SUPERVISOR_MONTHS: Final = 12
"""Full-time months supervising people who provide case management that qualify."""


_HELD: Final = {
    "ccm_licence": Reason.of("ccm.qualifying_licence"),
    "ccm_degree": Reason.of("ccm.qualifying_degree"),
    "ccm_supervised_employment": Reason.of(
        "ccm.supervised_employment_met", months=SUPERVISED_MONTHS
    ),
    "ccm_employment": Reason.of("ccm.employment_met", months=UNSUPERVISED_MONTHS),
    "ccm_supervisor_employment": Reason.of(
        "ccm.supervisor_employment_met", months=SUPERVISOR_MONTHS
    ),
}
"""Why each path holds, by its rule's name: what `ccm_basis` reports."""


def _has_licence(qualifying: frozenset[Credential]) -> Rule:
    def test(licences: tuple[Licence, ...], on: dt.date) -> bool:
        return any(lic.credential in qualifying and lic.is_current_on(on) for lic in licences)

    return predicate(
        "ccm_licence",
        test,
        reads=("licences", "on"),
        reason=Reason.of("ccm.no_qualifying_licence"),
        held_reason=_HELD["ccm_licence"],
    )


def _has_degree(degrees: tuple[Degree, ...]) -> bool:
    return any(d.qualifies for d in degrees)


def _at_least(months: int) -> Callable[[int], bool]:
    def test(given: int) -> bool:
        return given >= months

    return test


_DEGREE: Final = predicate(
    "ccm_degree",
    _has_degree,
    reads=("degrees",),
    reason=Reason.of("ccm.no_qualifying_degree"),
    held_reason=_HELD["ccm_degree"],
)
_EMPLOYMENT: Final = any_of(
    predicate(
        "ccm_supervised_employment",
        _at_least(SUPERVISED_MONTHS),
        reads=("months_supervised_by_ccm",),
        reason=Reason.of("ccm.supervised_employment_short", months=SUPERVISED_MONTHS),
        held_reason=_HELD["ccm_supervised_employment"],
    ),
    predicate(
        "ccm_employment",
        _at_least(UNSUPERVISED_MONTHS),
        reads=("months_in_case_management",),
        reason=Reason.of("ccm.employment_short", months=UNSUPERVISED_MONTHS),
        held_reason=_HELD["ccm_employment"],
    ),
    predicate(
        "ccm_supervisor_employment",
        _at_least(SUPERVISOR_MONTHS),
        reads=("months_supervising",),
        reason=Reason.of("ccm.supervisor_employment_short", months=SUPERVISOR_MONTHS),
        held_reason=_HELD["ccm_supervisor_employment"],
    ),
    name="ccm_employment_category",
)


def _share_at_least(minimum: Decimal) -> Callable[[Decimal | None], bool]:
    def test(share: Decimal | None) -> bool:
        return share is not None and share >= minimum

    return test


def ccm_rule(
    *,
    licences: Iterable[Credential] = INDEPENDENT_PRACTICE_LICENCES,
    practice_share: Decimal | None = None,
) -> Rule:
    """Return the CCM exam eligibility rule over `ccm_facts`.

    Args:
        licences: the credentials that count on the licence path (default
            `INDEPENDENT_PRACTICE_LICENCES`).
        practice_share: also require at least this share of working time in case management,
            as the seed article's rule does (``Decimal("0.30")``); an unknown share fails it.

    Examples:
        >>> import pendulum
        >>> from decimal import Decimal
        >>> rule = ccm_rule(practice_share=Decimal("0.30"))
        >>> applicant = CcmApplicant(case_management_share=Decimal("0.25"))
        >>> out = rule.evaluate(ccm_facts(applicant, on=pendulum.date(2026, 1, 1)))
        >>> out.reasons[-1].code
        'ccm.practice_share_low'
    """
    qualifying = frozenset(licences)
    if not all(isinstance(c, Credential) for c in qualifying):
        raise InvalidDefinitionError.one("licences", "type", "must be Credential members")
    education = any_of(_has_licence(qualifying), _DEGREE, name="ccm_education_category")
    if practice_share is None:
        return all_of(education, _EMPLOYMENT, name="ccm_exam_eligibility")
    if type(practice_share) is not Decimal or not 0 <= practice_share <= 1:
        raise InvalidDefinitionError.one(
            "practice_share", "share", "must be a Decimal between 0 and 1, e.g. Decimal('0.3')"
        )
    share = predicate(
        "ccm_practice_share",
        _share_at_least(practice_share),
        reads=("case_management_share",),
        reason=Reason.of("ccm.practice_share_low", min_percent=int(practice_share * 100)),
        held_reason=Reason.of("ccm.practice_share_met", min_percent=int(practice_share * 100)),
    )
    return all_of(education, _EMPLOYMENT, share, name="ccm_exam_eligibility")


CCM_EXAM_ELIGIBILITY: Final[Rule] = ccm_rule()
"""The Commission's CCM exam eligibility rule over `ccm_facts`: one education category and one
employment category, each unmet alternative its own reason."""


def ccm_facts(applicant: CcmApplicant, *, on: dt.date) -> Facts:
    """Return the facts the CCM rules read, for *applicant* on the day *on*.

    Employment months are added up per category, so the trace shows each total.

    Examples:
        >>> import pendulum
        >>> jobs = (Employment(EmploymentRole.CASE_MANAGER, 10, supervised_by_ccm=True),
        ...         Employment(EmploymentRole.CASE_MANAGER, 14))
        >>> facts = ccm_facts(CcmApplicant(employment=jobs), on=pendulum.date(2026, 1, 1))
        >>> facts["months_supervised_by_ccm"], facts["months_in_case_management"]
        (10, 24)
    """
    if not isinstance(applicant, CcmApplicant):
        raise InvalidInputError.one("applicant", "type", "must be a CcmApplicant")
    on = require_date(on, field="on")
    managing = [e for e in applicant.employment if e.role is EmploymentRole.CASE_MANAGER]
    return {
        "licences": applicant.licences,
        "degrees": applicant.degrees,
        "on": on,
        "months_supervised_by_ccm": sum(e.months for e in managing if e.supervised_by_ccm),
        "months_in_case_management": sum(e.months for e in managing),
        "months_supervising": sum(
            e.months
            for e in applicant.employment
            if e.role is EmploymentRole.CASE_MANAGEMENT_SUPERVISOR
        ),
        "case_management_share": applicant.case_management_share,
    }


def ccm_exam_eligibility(
    applicant: CcmApplicant, *, on: dt.date, rule: Rule = CCM_EXAM_ELIGIBILITY
) -> Evaluation:
    """Return whether *applicant* may sit the CCM exam on *on*, and every reason why not.

    Args:
        applicant: the applicant's licences, degrees and employment.
        on: the day of the application (licences must be current that day).
        rule: the rule to apply, `CCM_EXAM_ELIGIBILITY` by default; see `ccm_rule`.

    Examples:
        >>> import pendulum
        >>> msw = CcmApplicant(
        ...     degrees=(Degree(field=DegreeField.SOCIAL_WORK, level=DegreeLevel.MASTERS,
        ...                     supervised_field_experience=True),),
        ...     employment=(Employment(EmploymentRole.CASE_MANAGER, 24),),
        ... )
        >>> ccm_exam_eligibility(msw, on=pendulum.date(2026, 12, 1)).passed
        True
    """
    return rule.evaluate(ccm_facts(applicant, on=on))


def ccm_basis(
    applicant: CcmApplicant, *, on: dt.date, rule: Rule = CCM_EXAM_ELIGIBILITY
) -> tuple[Reason, ...]:
    """Return why *applicant* qualifies: the held reason of each category's decisive path.

    Empty when the applicant does not qualify (`ccm_exam_eligibility` says why not).

    Examples:
        >>> import pendulum
        >>> from casekit.people import Credential, Licence, LicenceStatus
        >>> supervisor = CcmApplicant(
        ...     licences=(Licence(Credential.LCSW, LicenceStatus.ACTIVE),),
        ...     employment=(Employment(EmploymentRole.CASE_MANAGEMENT_SUPERVISOR, 12),),
        ... )
        >>> [r.code for r in ccm_basis(supervisor, on=pendulum.date(2026, 12, 1))]
        ['ccm.qualifying_licence', 'ccm.supervisor_employment_met']
    """
    outcome = ccm_exam_eligibility(applicant, on=on, rule=rule)
    if not outcome.passed:
        return ()
    return tuple(
        _HELD[node.rule]
        for node in outcome.trace.walk()
        if node.passed and node.decisive and node.rule in _HELD
    )
