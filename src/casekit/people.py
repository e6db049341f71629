"""People around a case: the patient, the case manager, providers and the care team.

Personal health information stays out of text: the `repr` and `str` of `Patient`,
`PersonName` and `ContactPoint` show no name, birth date, telephone number or member id.

Examples:
    >>> import pendulum
    >>> river = Patient(
    ...     id="pt-1",
    ...     name=PersonName(family="Synthetic", given=("River",)),
    ...     birth_date=pendulum.date(1961, 4, 2),
    ...     sex=AdministrativeSex.FEMALE,
    ...     language="en-US",
    ... )
    >>> river
    Patient(id='pt-1', <personal data redacted>)
    >>> river.age_on(pendulum.date(2025, 4, 1)), river.age_on(pendulum.date(2025, 4, 2))
    (63, 64)
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from decimal import Decimal
from typing import Final

import attrs

from casekit import _validate as v
from casekit.identifiers import NPI, Identifier
from casekit.periods import require_date

__all__ = [
    "AdministrativeSex",
    "CareTeam",
    "CareTeamMember",
    "CareTeamRole",
    "CaseManager",
    "ContactPoint",
    "ContactPointSystem",
    "ContactPointUse",
    "Credential",
    "Licence",
    "LicenceStatus",
    "Patient",
    "PersonName",
    "Provider",
    "ProviderKind",
]


class AdministrativeSex(enum.StrEnum):
    """Administrative sex, with FHIR's codes (``administrative-gender``)."""

    MALE = "male"
    FEMALE = "female"
    OTHER = "other"
    UNKNOWN = "unknown"


class ContactPointSystem(enum.StrEnum):
    """How a contact point is reached (FHIR ``contact-point-system``)."""

    PHONE = "phone"
    FAX = "fax"
    EMAIL = "email"
    PAGER = "pager"
    URL = "url"
    SMS = "sms"
    OTHER = "other"


class ContactPointUse(enum.StrEnum):
    """The purpose of a contact point (FHIR ``contact-point-use``)."""

    HOME = "home"
    WORK = "work"
    TEMP = "temp"
    OLD = "old"
    MOBILE = "mobile"


# BCP 47 language tags, RFC 5646 "langtag" production without extensions or private use,
# which is what preferred-language fields carry (en, en-US, pt-BR, zh-Hant-TW, es-419).
_BCP47: Final = re.compile(
    r"[a-zA-Z]{2,3}(?:-[a-zA-Z]{3}){0,3}"  # language and extended language subtags
    r"(?:-[a-zA-Z]{4})?"  # script
    r"(?:-(?:[a-zA-Z]{2}|\d{3}))?"  # region
    r"(?:-(?:[a-zA-Z\d]{5,8}|\d[a-zA-Z\d]{3}))*"  # variants
)


def _bcp47(_inst: object, attribute: attrs.Attribute[str], value: object) -> None:
    if type(value) is not str or not _BCP47.fullmatch(value):
        raise v.fail(
            attribute.name, "bcp47", "must be a BCP 47 language tag such as en, en-US or pt-BR"
        )


_NAME_PART: Final = v.text(max_length=200)
_FAMILY: Final = v.text(max_length=200, allow_empty=False)


def _name_parts(_inst: object, attribute: attrs.Attribute[tuple[str, ...]], value: object) -> None:
    v.tuple_of(str)(_inst, attribute, value)
    parts: tuple[str, ...] = value  # type: ignore[assignment]  # a tuple of str: checked above
    for index, part in enumerate(parts):
        _NAME_PART(_inst, _Indexed(f"{attribute.name}[{index}]"), part)


@attrs.frozen
class _Indexed:
    # What the text validator reads of an attribute: the path it names in a refusal.
    name: str


@attrs.frozen(repr=False)
class PersonName:
    """A person's name; its repr never shows it.

    As in FHIR's HumanName, every part is optional, but a name has at least a family name or
    a given name: many people have a single name and no family name.

    Examples:
        >>> PersonName(family="Synthetic", given=("River", "Ann"))
        PersonName(<redacted>)
        >>> PersonName(family="Synthetic", given=("River",)).text
        'River Synthetic'
        >>> PersonName(given=("Suharto",)).text
        'Suharto'
    """

    family: str | None = attrs.field(default=None, validator=attrs.validators.optional(_FAMILY))
    given: tuple[str, ...] = attrs.field(default=(), converter=v.freeze, validator=_name_parts)
    prefix: tuple[str, ...] = attrs.field(default=(), converter=v.freeze, validator=_name_parts)

    def __attrs_post_init__(self) -> None:
        if self.family is None and not self.given:
            raise v.fail("family", "empty", "a name needs a family name or a given name")

    @property
    def text(self) -> str:
        """The name as one would write it: prefixes, given names, family name."""
        family = (self.family,) if self.family else ()
        return " ".join((*self.prefix, *self.given, *family))

    def __repr__(self) -> str:
        return "PersonName(<redacted>)"

    __str__ = __repr__


@attrs.frozen(repr=False)
class ContactPoint:
    """A telephone number, e-mail address or similar; its repr shows only system and use.

    Examples:
        >>> ContactPoint(ContactPointSystem.PHONE, "+1 555 0100", ContactPointUse.MOBILE)
        ContactPoint(system='phone', use='mobile', value=<redacted>)
    """

    system: ContactPointSystem = attrs.field(validator=v.instance(ContactPointSystem))
    value: str = attrs.field(validator=v.text(max_length=256, allow_empty=False))
    use: ContactPointUse | None = attrs.field(
        default=None, validator=v.optional_instance(ContactPointUse)
    )

    def __repr__(self) -> str:
        use = f"'{self.use.value}'" if self.use else "None"
        return f"ContactPoint(system='{self.system.value}', use={use}, value=<redacted>)"

    __str__ = __repr__


@attrs.frozen(repr=False)
class Patient:
    """The person a case is about.

    Args:
        id: the application's identifier for the patient record (not a member id).
        name: the patient's name.
        birth_date: date of birth, or None when it is not known (as FHIR allows): rules that
            need an age then report that information is needed, and never guess.
        sex: administrative sex (FHIR codes).
        language: preferred language as a BCP 47 tag.
        contact_points: telephone numbers, e-mail addresses.
        identifiers: member identifiers, medical record numbers.

    Examples:
        >>> import pendulum
        >>> p = Patient("pt-7", PersonName("Synthetic"), pendulum.date(2000, 2, 29))
        >>> p.age_on(pendulum.date(2018, 2, 28)), p.age_on(pendulum.date(2018, 3, 1))
        (17, 18)
        >>> "2000" in repr(p) or "Synthetic" in str(p)
        False
        >>> Patient("pt-8", PersonName(given=("Ayu",))).age_on(pendulum.date(2025, 1, 1)) is None
        True
    """

    id: str = attrs.field(validator=v.identifier)
    name: PersonName = attrs.field(validator=v.instance(PersonName))
    birth_date: dt.date | None = attrs.field(default=None, validator=v.optional_date)
    sex: AdministrativeSex = attrs.field(
        default=AdministrativeSex.UNKNOWN, validator=v.instance(AdministrativeSex)
    )
    language: str = attrs.field(default="en", validator=_bcp47)
    contact_points: tuple[ContactPoint, ...] = attrs.field(
        default=(), converter=v.freeze, validator=v.tuple_of(ContactPoint)
    )
    identifiers: tuple[Identifier, ...] = attrs.field(
        default=(), converter=v.freeze, validator=v.tuple_of(Identifier)
    )

    def age_on(self, on: dt.date) -> int | None:
        """Return the patient's age in whole years on *on*, or None if the birth date is unknown.

        A person born on 29 February turns a year older on 1 March in common years.
        """
        on = require_date(on, field="on")
        born = self.birth_date
        if born is None:
            return None
        had_birthday = (on.month, on.day) >= (born.month, born.day)
        return on.year - born.year - (0 if had_birthday else 1)

    def __repr__(self) -> str:
        return f"Patient(id={self.id!r}, <personal data redacted>)"

    __str__ = __repr__


class Credential(enum.StrEnum):
    """Professional credentials held by case managers and care team members."""

    RN = "RN"  # registered nurse
    LPN = "LPN"  # licensed practical nurse
    LVN = "LVN"  # licensed vocational nurse
    NP = "NP"  # nurse practitioner
    LCSW = "LCSW"  # licensed clinical social worker
    LSW = "LSW"  # licensed social worker
    LMSW = "LMSW"  # licensed master social worker
    MSW = "MSW"  # master of social work (degree)
    BSW = "BSW"  # bachelor of social work (degree)
    MD = "MD"
    DO = "DO"
    LPC = "LPC"  # licensed professional counsellor
    LMFT = "LMFT"  # licensed marriage and family therapist
    RPH = "RPh"  # registered pharmacist
    CRC = "CRC"  # certified rehabilitation counselor (CRCC)
    CDMS = "CDMS"  # certified disability management specialist (CDMSC)
    CCM = "CCM"  # certified case manager (CCMC)
    ACM = "ACM"  # accredited case manager (ACMA)
    CMGT_BC = "CMGT-BC"  # nursing case management, board certified (ANCC)
    OTHER = "other"


class LicenceStatus(enum.StrEnum):
    """The standing of a licence or certification with its issuing board."""

    ACTIVE = "active"
    RESTRICTED = "restricted"  # active with conditions or probation
    INACTIVE = "inactive"
    EXPIRED = "expired"
    SUSPENDED = "suspended"
    REVOKED = "revoked"


@attrs.frozen
class Licence:
    """A licence or certification: which credential, its standing and its expiry.

    Examples:
        >>> import pendulum
        >>> rn = Licence(Credential.RN, LicenceStatus.ACTIVE, expires_on=pendulum.date(2027, 6, 30))
        >>> rn.is_current_on(pendulum.date(2026, 1, 1)), rn.is_current_on(pendulum.date(2027, 7, 1))
        (True, False)
    """

    credential: Credential = attrs.field(validator=v.instance(Credential))
    status: LicenceStatus = attrs.field(validator=v.instance(LicenceStatus))
    expires_on: dt.date | None = attrs.field(default=None, validator=v.optional_date)

    def is_current_on(self, on: dt.date) -> bool:
        """Return whether the licence is active, unrestricted and unexpired on *on*."""
        on = require_date(on, field="on")
        unexpired = self.expires_on is None or on <= self.expires_on
        return self.status is LicenceStatus.ACTIVE and unexpired


@attrs.frozen
class CaseManager:
    """The professional who manages a case: usually a nurse or a social worker.

    Args:
        id: the application's identifier for the staff member.
        credentials: degrees and titles held (RN, MSW, CCM, ...).
        licences: licences and certifications with their standing.
        case_management_share: share of working time spent in case management, 0 to 1.

    Examples:
        >>> from decimal import Decimal
        >>> cm = CaseManager("cm-1", credentials=(Credential.RN, Credential.CCM),
        ...                  case_management_share=Decimal("0.6"))
        >>> cm.holds(Credential.CCM)
        True
    """

    id: str = attrs.field(validator=v.identifier)
    credentials: tuple[Credential, ...] = attrs.field(
        default=(), converter=v.freeze, validator=v.tuple_of(Credential)
    )
    licences: tuple[Licence, ...] = attrs.field(
        default=(), converter=v.freeze, validator=v.tuple_of(Licence)
    )
    case_management_share: Decimal = attrs.field(default=Decimal(1), validator=v.share)

    def holds(self, credential: Credential) -> bool:
        """Return whether the case manager holds *credential*."""
        return credential in self.credentials


class ProviderKind(enum.StrEnum):
    """The kind of a provider of services."""

    PHYSICIAN = "physician"
    NURSE_PRACTITIONER = "nurse_practitioner"
    THERAPIST = "therapist"
    BEHAVIORAL_HEALTH = "behavioral_health"
    HOSPITAL = "hospital"
    SKILLED_NURSING_FACILITY = "skilled_nursing_facility"
    HOME_HEALTH_AGENCY = "home_health_agency"
    HOSPICE = "hospice"
    PHARMACY = "pharmacy"
    LABORATORY = "laboratory"
    DURABLE_MEDICAL_EQUIPMENT = "durable_medical_equipment"
    COMMUNITY_SERVICE = "community_service"
    SOCIAL_SERVICES = "social_services"
    OTHER = "other"


@attrs.frozen
class Provider:
    """A provider of services: a clinician, a facility or an agency, with its NPI.

    Examples:
        >>> from casekit.identifiers import NPI
        >>> Provider(NPI("1234567893"), ProviderKind.HOME_HEALTH_AGENCY).npi.value
        '1234567893'
    """

    npi: NPI = attrs.field(validator=v.instance(NPI))
    kind: ProviderKind = attrs.field(validator=v.instance(ProviderKind))
    specialty: str | None = attrs.field(default=None, validator=v.optional_text(max_length=200))
    organisation: str | None = attrs.field(default=None, validator=v.optional_text(max_length=200))


class CareTeamRole(enum.StrEnum):
    """A role on a care team, formal or informal."""

    CASE_MANAGER = "case_manager"
    PRIMARY_CARE = "primary_care"
    SPECIALIST = "specialist"
    NURSE = "nurse"
    SOCIAL_WORKER = "social_worker"
    THERAPIST = "therapist"
    PHARMACIST = "pharmacist"
    PAYER = "payer"
    FAMILY = "family"
    FRIEND = "friend"
    COMMUNITY = "community"
    CAREGIVER = "caregiver"
    OTHER = "other"


_INFORMAL: Final = frozenset(
    {CareTeamRole.FAMILY, CareTeamRole.FRIEND, CareTeamRole.COMMUNITY, CareTeamRole.CAREGIVER}
)


@attrs.frozen
class CareTeamMember:
    """One member of a care team: who (an application id) and in what role.

    Examples:
        >>> CareTeamMember("rel-1", CareTeamRole.FAMILY).informal
        True
    """

    party_id: str = attrs.field(validator=v.identifier)
    role: CareTeamRole = attrs.field(validator=v.instance(CareTeamRole))

    @property
    def informal(self) -> bool:
        """Whether the member is an informal support: family, friends, community, caregiver."""
        return self.role in _INFORMAL


@attrs.frozen
class CareTeam:
    """The people who work with the patient: professionals and informal supports.

    Examples:
        >>> team = CareTeam((CareTeamMember("cm-1", CareTeamRole.CASE_MANAGER),
        ...                  CareTeamMember("rel-1", CareTeamRole.FAMILY)))
        >>> [m.party_id for m in team.informal_supports]
        ['rel-1']
    """

    members: tuple[CareTeamMember, ...] = attrs.field(
        default=(), converter=v.freeze, validator=v.tuple_of(CareTeamMember)
    )

    @property
    def informal_supports(self) -> tuple[CareTeamMember, ...]:
        """Members who are family, friends, community or caregivers."""
        return tuple(m for m in self.members if m.informal)

    def with_role(self, role: CareTeamRole) -> tuple[CareTeamMember, ...]:
        """Return the members in *role*."""
        return tuple(m for m in self.members if m.role is role)
