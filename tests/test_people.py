"""People: validation, ages, and personal data kept out of text."""

from decimal import Decimal

import attrs
import pendulum
import pytest
from hypothesis import given

from casekit import InvalidInputError
from casekit.identifiers import Identifier
from casekit.people import (
    CareTeam,
    CareTeamMember,
    CareTeamRole,
    CaseManager,
    ContactPoint,
    ContactPointSystem,
    Credential,
    Licence,
    LicenceStatus,
    Patient,
    PersonName,
)
from casekit.testing import strategies as cks


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        ((1990, 5, 17), (2025, 5, 16), 34),
        ((1990, 5, 17), (2025, 5, 17), 35),
        ((2000, 2, 29), (2021, 2, 28), 20),
        ((2000, 2, 29), (2021, 3, 1), 21),
        ((2000, 2, 29), (2024, 2, 29), 24),
    ],
)
def test_age_counts_whole_years_and_leap_day_birthdays(born, on, age):
    """Age is whole years; a 29 February birthday falls on 1 March in common years."""
    p = Patient("pt-1", PersonName("Synthetic"), pendulum.date(*born))

    assert p.age_on(pendulum.date(*on)) == age


@given(cks.patients())
def test_patient_text_never_shows_personal_data(patient):
    """No name, birth date, contact value or member id appears in repr or str."""
    marked = attrs.evolve(
        patient,
        name=PersonName("PHIMARK-family", ("PHIMARK-given",)),
        birth_date=pendulum.date(1917, 3, 29),
        contact_points=tuple(
            attrs.evolve(c, value="PHIMARK-phone") for c in patient.contact_points
        ),
        identifiers=tuple(attrs.evolve(i, value="PHIMARK-member") for i in patient.identifiers),
    )
    texts = repr(marked) + str(marked) + repr(marked.name) + str(marked.name)
    texts += "".join(repr(x) + str(x) for x in (*marked.contact_points, *marked.identifiers))

    assert "PHIMARK" not in texts
    assert "1917" not in texts


@pytest.mark.parametrize("bad", ["english", "en_US", "e", "", "en-", 5])
def test_languages_must_be_bcp47_tags(bad):
    """A preferred language is a BCP 47 tag; the error names the field."""
    with pytest.raises(InvalidInputError) as info:
        Patient("pt-1", PersonName("X"), pendulum.date(2000, 1, 1), language=bad)

    assert info.value.problems[0].path == "language"


def test_birth_date_must_be_a_date_not_a_datetime():
    """A datetime where a date belongs is refused with a hint."""
    with pytest.raises(InvalidInputError) as info:
        Patient("pt-1", PersonName("X"), pendulum.datetime(2000, 1, 1))

    assert info.value.problems[0].path == "birth_date"


def test_ids_must_be_plain_tokens():
    """Identifiers are short tokens, so they can never smuggle a name into a message."""
    with pytest.raises(InvalidInputError) as info:
        Patient("Jane Doe", PersonName("X"), pendulum.date(2000, 1, 1))

    assert "Jane" not in str(info.value)


def test_names_refuse_control_characters_and_emptiness():
    """A family name must be real text."""
    for bad in ("", "   ", "a\x00b"):
        with pytest.raises(InvalidInputError):
            PersonName(bad)
    with pytest.raises(InvalidInputError):
        PersonName("X", given=("ok", 3))  # type: ignore[arg-type]


def test_contact_points_hide_their_value():
    """A telephone number is never shown."""
    cp = ContactPoint(ContactPointSystem.PHONE, "+1 555 0100")

    assert "555" not in repr(cp) + str(cp)


def test_licences_are_current_only_when_active_and_unexpired():
    """Restricted, expired or suspended licences are not current."""
    on = pendulum.date(2026, 1, 1)

    assert Licence(Credential.RN, LicenceStatus.ACTIVE).is_current_on(on)
    assert not Licence(Credential.RN, LicenceStatus.RESTRICTED).is_current_on(on)
    assert not Licence(
        Credential.RN, LicenceStatus.ACTIVE, pendulum.date(2025, 12, 31)
    ).is_current_on(on)


def test_case_management_share_is_a_fraction():
    """The share of working time is a Decimal between 0 and 1."""
    for bad in (Decimal("1.5"), Decimal(-1), 0.3, Decimal("NaN")):
        with pytest.raises(InvalidInputError):
            CaseManager("cm-1", case_management_share=bad)
    assert CaseManager("cm-1", (Credential.CCM,)).holds(Credential.CCM)


def test_care_team_finds_informal_supports_and_roles():
    """Family, friends, community and caregivers are the informal supports."""
    team = CareTeam(
        [
            CareTeamMember("cm-1", CareTeamRole.CASE_MANAGER),
            CareTeamMember("rel-1", CareTeamRole.FAMILY),
            CareTeamMember("nbr-1", CareTeamRole.COMMUNITY),
        ]
    )

    assert [m.party_id for m in team.informal_supports] == ["rel-1", "nbr-1"]
    assert [m.party_id for m in team.with_role(CareTeamRole.CASE_MANAGER)] == ["cm-1"]


def test_identifiers_hide_member_ids():
    """Member identifiers are personal data."""
    ident = Identifier("urn:example:member", "MBR-778812")

    assert "778812" not in repr(ident) + str(ident)


def test_a_person_may_have_a_single_given_name_and_no_family_name():
    """As FHIR HumanName allows: many people have one name and no family name."""
    name = PersonName(given=("Suharto",))

    assert (name.family, name.text) == (None, "Suharto")


def test_a_name_needs_a_family_or_a_given_name():
    """An empty name says nothing: it is refused at the family field."""
    with pytest.raises(InvalidInputError) as caught:
        PersonName()

    assert [(p.path, p.code) for p in caught.value.problems] == [("family", "empty")]


@pytest.mark.parametrize("family", ["", "   "])
def test_a_blank_family_name_is_refused(family):
    """A family name, when given, is real text; leave it out for a single name."""
    with pytest.raises(InvalidInputError) as caught:
        PersonName(family, given=("River",))

    assert [(p.path, p.code) for p in caught.value.problems] == [("family", "empty")]


def test_name_parts_are_checked_one_by_one_without_echoing_them():
    """A control character in the second given name is refused at given[1], value unseen."""
    with pytest.raises(InvalidInputError) as caught:
        PersonName("Synthetic", given=("River", "Ann\x00MARKER"))

    assert [(p.path, p.code) for p in caught.value.problems] == [("given[1]", "control_character")]
    assert "MARKER" not in str(caught.value)


def test_a_patient_whose_birth_date_is_unknown_has_no_age():
    """An unknown birth date is recorded as None, and no age is guessed from it."""
    patient = Patient("pt-1", PersonName(given=("River",)))

    assert patient.birth_date is None
    assert patient.age_on(pendulum.date(2025, 1, 1)) is None


def test_a_patient_with_an_unknown_birth_date_and_a_single_name_round_trips():
    """The serialised form keeps both absences."""
    from casekit.serialization import from_json, to_json

    patient = Patient("pt-1", PersonName(given=("River",)))

    assert from_json(to_json(patient), Patient) == patient
