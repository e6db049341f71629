"""Hypothesis strategies for casekit's types, with synthetic personal data only.

Import as ``from casekit.testing import strategies as cks``. Every strategy draws valid values
over a wide domain (any Unicode name, every currency, leap days, offsets from -12:00 to +14:00)
and shrinks towards small, simple ones (short ids, UTC, the year 2000).

Examples:
    >>> from hypothesis import given
    >>> @given(money())
    ... def test_money_round_trips(m):
    ...     assert from_json(to_json(m), Money) == m
    >>> test_money_round_trips()
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pendulum
from hypothesis import strategies as st

from casekit.assessment import (
    Assessment,
    Need,
    NeedDomain,
    Priority,
    RiskLevel,
    Strength,
    StrengthSource,
)
from casekit.careplan import CarePlan, Goal, Intervention
from casekit.case import (
    Appointment,
    CareModel,
    Case,
    Contact,
    ContactMode,
    Opening,
    Outcome,
    Referral,
    ReferralStatus,
    add_referral,
    record_assessment,
    record_care_plan,
    record_contact,
    record_outcome,
    schedule_appointment,
)
from casekit.codes import Code, CodeSystem
from casekit.errors import InvalidInputError, TransitionRefusedError
from casekit.identifiers import Identifier
from casekit.money import CURRENCY_MINOR_UNITS, Money
from casekit.people import (
    AdministrativeSex,
    CareTeam,
    CareTeamMember,
    CareTeamRole,
    CaseManager,
    ContactPoint,
    ContactPointSystem,
    ContactPointUse,
    Credential,
    Licence,
    LicenceStatus,
    Patient,
    PersonName,
)
from casekit.periods import DateRange
from casekit.rules import Reason
from casekit.serialization import from_json, to_json  # noqa: F401  # used by the doctest

__all__ = [
    "assessments",
    "aware_datetimes",
    "case_managers",
    "cases",
    "codes",
    "contacts",
    "date_ranges",
    "dates",
    "identifiers",
    "ids",
    "json_values",
    "money",
    "patients",
    "person_names",
    "reasons",
]

_ID_FIRST = "abcdefghijklmnopqrstuvwxyz0123456789"
_ID_REST = _ID_FIRST + "._:-/ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def ids() -> st.SearchStrategy[str]:
    """Identifiers of 1 to 20 characters; shrinks towards ``"0"``."""
    return st.builds(
        lambda head, tail: head + tail,
        st.sampled_from(_ID_FIRST),
        st.text(alphabet=_ID_REST, max_size=19),
    )


def _text(max_size: int = 20) -> st.SearchStrategy[str]:
    return st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=max_size)


def dates(
    min_value: dt.date = dt.date(1900, 1, 1), max_value: dt.date = dt.date(2100, 12, 31)
) -> st.SearchStrategy[pendulum.Date]:
    """Pendulum dates between the bounds, leap days included; shrinks towards 2000-01-01."""
    return st.dates(min_value, max_value).map(lambda d: pendulum.Date(d.year, d.month, d.day))


def aware_datetimes() -> st.SearchStrategy[pendulum.DateTime]:
    """Timezone-aware datetimes with fixed offsets from -12:00 to +14:00, whole minutes."""
    offsets = st.integers(-12 * 60, 14 * 60).map(lambda m: pendulum.FixedTimezone(m * 60))
    return st.builds(
        lambda d, tz: pendulum.DateTime(
            d.year, d.month, d.day, d.hour, d.minute, d.second, d.microsecond, tzinfo=tz
        ),
        st.datetimes(dt.datetime(1970, 1, 1), dt.datetime(2100, 1, 1)),  # noqa: DTZ001  # naive bounds, offsets added
        offsets,
    )


def money(
    *,
    min_value: Decimal = Decimal(-1000000),
    max_value: Decimal = Decimal(1000000),
    currencies: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Money]:
    """`Money` in any ISO 4217 currency, amounts with up to the currency's minor digits.

    *min_value* and *max_value* must lie within ±(10**18 - 1), the amounts `Money` accepts.
    """
    currency_st = (
        currencies if currencies is not None else st.sampled_from(sorted(CURRENCY_MINOR_UNITS))
    )
    return currency_st.flatmap(
        lambda c: st.decimals(
            min_value, max_value, places=CURRENCY_MINOR_UNITS[c], allow_nan=False
        ).map(lambda a: Money(a, c))
    )


def _marked(mark: str | None, text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    # With a mark, every personal text carries it, so a test can search output for it.
    return text if mark is None else text.map(lambda t: f"{mark} {t}".strip())


def person_names(*, mark: str | None = None) -> st.SearchStrategy[PersonName]:
    """Synthetic names in any script; shrinks towards a one-character family name.

    With *mark* (such as ``"PHI-MARK-7f3a"``), every part of the name contains it, so a test
    can check that no text casekit writes shows the name.
    """
    return st.builds(
        PersonName,
        family=_marked(mark, _text(12).filter(str.strip)),
        given=st.lists(_marked(mark, _text(12)), max_size=2).map(tuple),
        prefix=st.lists(_marked(mark, _text(8)), max_size=1).map(tuple),
    )


def identifiers(*, mark: str | None = None) -> st.SearchStrategy[Identifier]:
    """Member identifiers in the system ``urn:example:member``; shrinks towards ``"0"``.

    With *mark*, every value starts with it.
    """
    values = ids() if mark is None else ids().map(lambda i: f"{mark}-{i}")
    return st.builds(Identifier, st.just("urn:example:member"), values)


def patients(
    *, mark: str | None = None, birth_dates: st.SearchStrategy[pendulum.Date] | None = None
) -> st.SearchStrategy[Patient]:
    """Synthetic patients with contact points and member identifiers.

    Shrinks towards a patient born on 2000-01-01 with no contact points or identifiers. With
    *mark*, the name, every contact point and every identifier contain it; pass
    *birth_dates* (such as ``st.just(pendulum.date(1917, 3, 29))``) to fix the birth date too.
    """
    return st.builds(
        Patient,
        id=ids(),
        name=person_names(mark=mark),
        birth_date=birth_dates
        if birth_dates is not None
        else dates(dt.date(1900, 1, 1), dt.date(2025, 12, 31)),
        sex=st.sampled_from(AdministrativeSex),
        language=st.sampled_from(["en", "en-US", "es-419", "pt-BR", "fr-CA", "tl", "zh-Hant-TW"]),
        contact_points=st.lists(
            st.builds(
                ContactPoint,
                st.sampled_from(ContactPointSystem),
                _marked(mark, _text(20).filter(str.strip)),
                st.none() | st.sampled_from(ContactPointUse),
            ),
            max_size=2,
        ).map(tuple),
        identifiers=st.lists(identifiers(mark=mark), max_size=2).map(tuple),
    )


def case_managers() -> st.SearchStrategy[CaseManager]:
    """Case managers with credentials, licences and a share of time in case management."""
    return st.builds(
        CaseManager,
        id=ids(),
        credentials=st.lists(st.sampled_from(Credential), max_size=3, unique=True).map(tuple),
        licences=st.lists(
            st.builds(
                Licence,
                st.sampled_from(Credential),
                st.sampled_from(LicenceStatus),
                st.none() | dates(),
            ),
            max_size=2,
        ).map(tuple),
        case_management_share=st.decimals(0, 1, places=2),
    )


def assessments(
    at: st.SearchStrategy[pendulum.DateTime] | None = None,
) -> st.SearchStrategy[Assessment]:
    """Assessments with needs, strengths, an optional risk level and tools."""
    return st.builds(
        Assessment,
        id=ids(),
        at=at if at is not None else aware_datetimes(),
        by=ids(),
        needs=st.lists(
            st.builds(Need, st.sampled_from(NeedDomain), st.sampled_from(Priority), _text()),
            max_size=3,
        ).map(tuple),
        strengths=st.lists(
            st.builds(Strength, st.sampled_from(StrengthSource), _text()), max_size=3
        ).map(tuple),
        risk=st.none() | st.sampled_from(RiskLevel),
        tools=st.lists(st.sampled_from(["PHQ-9", "GAD-7", "LACE", "Katz ADL"]), max_size=2).map(
            tuple
        ),
    )


def contacts() -> st.SearchStrategy[Contact]:
    """Contacts of every mode."""
    return st.builds(
        Contact,
        id=ids(),
        mode=st.sampled_from(ContactMode),
        at=aware_datetimes(),
        duration_minutes=st.integers(0, 600),
        by=ids(),
        with_whom=st.lists(ids(), max_size=3).map(tuple),
    )


_CODES = st.sampled_from(["CPT|99213", "CPT|97110", "HCPCS|G0506", "ICD-10-CM|S06.0X0A"]).map(
    Code.parse
)


def _records() -> st.SearchStrategy[object]:
    return st.one_of(
        assessments(),
        contacts(),
        st.builds(
            Appointment,
            ids(),
            aware_datetimes(),
            ids(),
            st.integers(0, 240),
            _text(),
        ),
        st.builds(
            Referral,
            ids(),
            ids(),
            aware_datetimes(),
            st.none() | _CODES,
            _text(),
            st.sampled_from(ReferralStatus),
        ),
        st.builds(Outcome, ids(), aware_datetimes(), _text(20).filter(str.strip), _text(20)),
        st.builds(
            CarePlan,
            ids(),
            aware_datetimes(),
            ids(),
            st.lists(st.builds(Goal, ids(), _text().filter(str.strip)), max_size=2).map(tuple),
            st.lists(
                st.builds(Intervention, ids(), _text().filter(str.strip), st.none() | _CODES),
                max_size=2,
            ).map(tuple),
        ),
    )


_VERBS = {
    Assessment: record_assessment,
    Contact: record_contact,
    Appointment: schedule_appointment,
    Referral: add_referral,
    Outcome: record_outcome,
    CarePlan: record_care_plan,
}


@st.composite
def cases(draw: st.DrawFn, *, max_records: int = 5) -> Case:
    """Cases opened in the initial state with up to *max_records* records in their history.

    Event times advance; shrinks towards a case with no records.
    """
    start = draw(aware_datetimes())
    patient = draw(patients())
    if patient.birth_date is not None and patient.birth_date > start.date():  # not yet born
        patient = attrs.evolve(patient, birth_date=start.date())
    opening = Opening(
        draw(ids()),
        patient,
        draw(case_managers()),
        draw(st.sampled_from(CareModel)),
        "standard",
        CareTeam(
            tuple(
                draw(
                    st.lists(
                        st.builds(CareTeamMember, ids(), st.sampled_from(CareTeamRole)), max_size=3
                    )
                )
            )
        ),
    )
    from casekit.case import CaseEvent, rebuild  # noqa: PLC0415  # local: keeps the imports short

    case = rebuild(
        (CaseEvent(1, "e1", "opened", None, "referred", start, start, "cm-1", (), opening),)
    )
    at = start
    for record in draw(st.lists(_records(), max_size=max_records)):
        at = at.add(minutes=draw(st.integers(0, 60 * 24 * 30)))
        try:
            case = _VERBS[type(record)](case, record, at=at, by=draw(ids()))  # type: ignore[operator]
        except (InvalidInputError, TransitionRefusedError):
            continue  # a record the case may not take (dated ahead, a link to nothing, ...)
    return case


def codes() -> st.SearchStrategy[Code]:
    """Valid codes of CPT, HCPCS, ICD-10-CM and local systems; shrinks towards CPT 00100."""
    return st.one_of(
        st.integers(100, 99499).map(lambda n: Code(CodeSystem.CPT, f"{n:05d}")),
        st.builds(
            lambda letter, n: Code(CodeSystem.HCPCS, f"{letter}{n:04d}"),
            st.sampled_from("AGJT"),
            st.integers(0, 9999),
        ),
        st.sampled_from(["I10", "E11.9", "S06.0X0A", "Z00.00", "F32.A"]).map(
            lambda v: Code(CodeSystem.ICD10CM, v)
        ),
        ids().map(lambda v: Code(CodeSystem.LOCAL, v)),
    )


def date_ranges(
    *, min_value: dt.date = dt.date(1900, 1, 1), max_value: dt.date = dt.date(2100, 12, 31)
) -> st.SearchStrategy[DateRange]:
    """Date ranges inside the bounds, one day long or more; shrinks towards 2000-01-01 alone."""
    return st.tuples(dates(min_value, max_value), dates(min_value, max_value)).map(
        lambda pair: DateRange(min(pair), max(pair))
    )


def reasons() -> st.SearchStrategy[Reason]:
    """Reasons with a dotted code and text or whole-number parameters; shrinks to no params."""
    names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12)
    return st.builds(
        Reason,
        st.builds(lambda a, b: f"{a}.{b}", names, names),
        st.dictionaries(names, st.integers(-1000, 1000) | _text(12), max_size=3).map(
            lambda d: tuple(sorted(d.items()))
        ),
    )


def json_values(*, max_leaves: int = 20, nan: bool = True) -> st.SearchStrategy[object]:
    """Any value `json.loads` can return: null, booleans, numbers, text, lists and objects.

    For fuzzing readers. Floats include NaN and the infinities (which Python's `json` reads
    from ``NaN`` and ``Infinity``) unless *nan* is false; integers go past 64 bits; text is any
    Unicode, lone surrogates included. Shrinks towards ``None``.
    """
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=nan, allow_infinity=nan),
        st.text(max_size=30),
    )
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5)
        ),
        max_leaves=max_leaves,
    )
