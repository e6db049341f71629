"""Tests for casekit.codes: CodeSystem, Code, CodeSetEntry and CodeSet."""

from __future__ import annotations

import contextlib
import datetime as dt
import string
from typing import TYPE_CHECKING

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from casekit.codes import Code, CodeSet, CodeSetEntry, CodeSystem
from casekit.errors import InvalidInputError
from casekit.identifiers import luhn_check_digit

if TYPE_CHECKING:
    from collections.abc import Callable

ICD, CPT, HCPCS = CodeSystem.ICD10CM, CodeSystem.CPT, CodeSystem.HCPCS
SNOMED, LOINC, LOCAL = CodeSystem.SNOMEDCT, CodeSystem.LOINC, CodeSystem.LOCAL
DIGITS = string.digits
UPPER_ALNUM = string.ascii_uppercase + string.digits


def problems(error: pytest.ExceptionInfo[InvalidInputError]) -> list[tuple[str, str]]:
    return [(p.path, p.code) for p in error.value.problems]


# -- published codes --------------------------------------------------------------------------

VALID = [
    # CMS ICD-10-CM FY2025 tabular list
    (ICD, "E11.9"),  # Type 2 diabetes mellitus without complications
    (ICD, "I10"),  # Essential (primary) hypertension
    (ICD, "J45.909"),  # Unspecified asthma, uncomplicated
    (ICD, "F32.A"),  # Depression, unspecified (a letter after the dot, since FY2022)
    (ICD, "S72.001A"),  # Fracture of unspecified part of neck of right femur, initial, closed
    (ICD, "T36.0X1A"),  # Poisoning by penicillins, accidental, initial (X placeholder)
    (ICD, "U07.1"),  # COVID-19
    (ICD, "Z59.01"),  # Sheltered homelessness
    # AMA CPT, as listed in the CMS Physician Fee Schedule
    (CPT, "99213"),  # Office or other outpatient visit, established patient (Category I)
    (CPT, "97110"),  # Therapeutic exercises, each 15 minutes (Category I)
    (CPT, "00100"),  # Anesthesia for procedures on salivary glands (Category I)
    (CPT, "1036F"),  # Current tobacco non-user (Category II)
    (CPT, "3074F"),  # Most recent systolic blood pressure < 130 mm Hg (Category II)
    (CPT, "0042T"),  # Cerebral perfusion analysis using CT (Category III)
    (CPT, "0001U"),  # Red blood cell antigen typing, DNA (Proprietary Laboratory Analyses)
    # CMS HCPCS Level II 2025 annual file
    (HCPCS, "G0438"),  # Annual wellness visit, initial
    (HCPCS, "T1016"),  # Case management, each 15 minutes
    (HCPCS, "T1017"),  # Targeted case management, each 15 minutes
    (HCPCS, "J1100"),  # Injection, dexamethasone sodium phosphate, 1 mg
    (HCPCS, "E0601"),  # Continuous positive airway pressure (CPAP) device
    (HCPCS, "A0428"),  # Ambulance service, basic life support, non-emergency transport
    (HCPCS, "H0031"),  # Mental health assessment, by non-physician
    (HCPCS, "U0003"),  # Infectious agent detection (SARS-CoV-2), high-throughput
    # SNOMED CT International Edition, and the SNOMED Extensions Practical Guide
    (SNOMED, "22298006"),  # Myocardial infarction (concept, partition 00)
    (SNOMED, "73211009"),  # Diabetes mellitus
    (SNOMED, "38341003"),  # Hypertensive disorder, systemic arterial
    (SNOMED, "138875005"),  # SNOMED CT Concept, the root
    (SNOMED, "100005"),  # SNOMED RT Concept: 6 digits, the shortest length
    (SNOMED, "900000000000207008"),  # SNOMED CT core module: 18 digits, the longest
    (SNOMED, "37436014"),  # the description "Myocardial infarction" (partition 01)
    (SNOMED, "100000028"),  # a relationship id (partition 02)
    (SNOMED, "5281000124103"),  # Persistent asthma, US Edition (extension concept, 10)
    (SNOMED, "6811000087108"),  # CT guided biopsy of left lower limb, Canada namespace (10)
    # LOINC term codes, from loinc.org
    (LOINC, "2345-7"),  # Glucose [Mass/volume] in Serum or Plasma
    (LOINC, "718-7"),  # Hemoglobin [Mass/volume] in Blood
    (LOINC, "4548-4"),  # Hemoglobin A1c/Hemoglobin.total in Blood
    (LOINC, "8480-6"),  # Systolic blood pressure
    (LOINC, "2160-0"),  # Creatinine [Mass/volume] in Serum or Plasma
    (LOINC, "1-8"),  # Acyclovir [Susceptibility], the first LOINC code
    (LOINC, "44249-1"),  # PHQ-9 quick depression assessment panel
    (LOINC, "71802-3"),  # Housing status
    # An application's own codes
    (LOCAL, "PROG-01"),
    (LOCAL, "ccm.enrolled"),
    (LOCAL, "Äpfel/2"),
    (LOCAL, "x" * 64),
]

INVALID = [
    (ICD, "E119", "icd10cm_format"),  # E11.9 without its dot
    (ICD, "e11.9", "icd10cm_format"),  # lower case
    (ICD, "E11.", "icd10cm_format"),
    (ICD, "E1", "icd10cm_format"),
    (ICD, "11.9", "icd10cm_format"),
    (ICD, "EA1.9", "icd10cm_format"),  # second character must be a digit
    (ICD, "S72.001AB", "icd10cm_format"),  # five characters after the dot
    (ICD, "E11.9\n", "icd10cm_format"),
    (ICD, "E11.٩", "icd10cm_format"),  # Arabic-Indic nine
    (CPT, "9921", "cpt_format"),
    (CPT, "992133", "cpt_format"),
    (CPT, "9921A", "cpt_format"),  # A is not a CPT category letter
    (CPT, "1036f", "cpt_format"),
    (CPT, "G0438", "cpt_format"),  # a HCPCS code
    (HCPCS, "GO438", "hcpcs_format"),  # letter O typed for zero
    (HCPCS, "g0438", "hcpcs_format"),
    (HCPCS, "D0120", "hcpcs_format"),  # a CDT (dental) code, not accepted as HCPCS
    (HCPCS, "G043", "hcpcs_format"),
    (HCPCS, "99213", "hcpcs_format"),  # a CPT code
    (SNOMED, "22298007", "snomedct_check_digit"),  # 22298006 with the check digit changed
    (SNOMED, "73221009", "snomedct_check_digit"),  # 73211009 with one digit changed
    (SNOMED, "83341003", "snomedct_check_digit"),  # 38341003 with the first two swapped
    (SNOMED, "22298036", "snomedct_partition"),  # partition 03 is reserved
    (SNOMED, "022298006", "snomedct_format"),  # leading zero
    (SNOMED, "12345", "snomedct_format"),  # 5 digits
    (SNOMED, "1" * 19, "snomedct_format"),  # 19 digits
    (LOINC, "2345-8", "loinc_check_digit"),  # 2345-7 with the check digit changed
    (LOINC, "718-6", "loinc_check_digit"),
    (LOINC, "4549-4", "loinc_check_digit"),  # 4548-4 with one digit changed
    (LOINC, "2354-7", "loinc_check_digit"),  # 2345-7 with two digits swapped
    (LOINC, "0718-7", "loinc_format"),  # leading zero
    (LOINC, "23457", "loinc_format"),
    (LOINC, "123456-7", "loinc_format"),  # 6 digits
    (LOINC, "LP14635-4", "loinc_format"),  # a LOINC Part code, not a term code
    (LOCAL, "", "local_format"),
    (LOCAL, "a b", "local_format"),
    (LOCAL, "a|b", "local_format"),
    (LOCAL, "a\x00b", "local_format"),
    (LOCAL, "x" * 65, "local_format"),
]


@pytest.mark.parametrize(("system", "value"), VALID)
def test_a_published_code_is_accepted(system: CodeSystem, value: str) -> None:
    """Real codes of every system are accepted as they are published."""
    actual = Code(system, value)

    assert (system, value) == (actual.system, actual.value)


@pytest.mark.parametrize(("system", "value", "code"), INVALID)
def test_a_malformed_code_is_refused_without_echoing_it(
    system: CodeSystem, value: str, code: str
) -> None:
    """Wrong shapes and check digits are refused at path value, never repeating the value."""
    with pytest.raises(InvalidInputError) as error:
        Code(system, value)

    assert problems(error) == [("value", code)]
    assert repr(value) not in str(error.value)


def test_a_code_value_must_be_a_string() -> None:
    """An int is refused, not converted: CPT 00100 would lose its zeros."""
    with pytest.raises(InvalidInputError) as error:
        Code(CPT, 100)  # type: ignore[arg-type]

    assert problems(error) == [("value", "type")]


def test_a_code_system_must_be_a_code_system() -> None:
    """A plain string is not taken for a CodeSystem."""
    with pytest.raises(InvalidInputError) as error:
        Code("CPT", "99213")  # type: ignore[arg-type]

    assert problems(error) == [("system", "type")]


def test_a_code_prints_as_system_bar_value() -> None:
    """The text form is SYSTEM|value with the system's published name."""
    actual = [str(Code(system, value)) for system, value in VALID[:1] + VALID[23:24]]

    assert actual == ["ICD-10-CM|E11.9", "SNOMED-CT|22298006"]


def test_parse_reads_the_text_form() -> None:
    """Code.parse reads what str writes."""
    actual = Code.parse("CPT|99213")

    assert Code(CPT, "99213") == actual


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("99213", ("code", "code_format")),
        ("ICD10|E11.9", ("system", "unknown_system")),
        ("cpt|99213", ("system", "unknown_system")),
        ("|99213", ("system", "unknown_system")),
        ("CPT|", ("value", "cpt_format")),
        ("CPT|99213|x", ("value", "cpt_format")),
        ("LOCAL|a|b", ("value", "local_format")),
        (None, ("code", "type")),
    ],
)
def test_parse_refuses_bad_text(text: object, expected: tuple[str, str]) -> None:
    """A missing bar, an unknown system or a bad value is refused with its path."""
    with pytest.raises(InvalidInputError) as error:
        Code.parse(text)  # type: ignore[arg-type]

    assert problems(error) == [expected]


def test_an_unknown_system_error_lists_the_accepted_names() -> None:
    """The message says which system names would work."""
    with pytest.raises(InvalidInputError) as error:
        Code.parse("ICD-9-CM|250.00")

    assert "ICD-10-CM, CPT, HCPCS, SNOMED-CT, LOINC, LOCAL" in str(error.value)
    assert "250.00" not in str(error.value)


def test_code_systems_repr_as_their_member() -> None:
    """A CodeSystem's repr names the member, so reprs of codes read as Python."""
    actual = repr(Code(LOINC, "718-7"))

    assert actual == "Code(system=CodeSystem.LOINC, value='718-7')"


# -- strategies -------------------------------------------------------------------------------


def _one_check_digit(payload: str, system: CodeSystem, join: str = "") -> list[str]:
    """Return the codes that complete *payload* with one more digit; exactly one should."""
    out = []
    for digit in DIGITS:
        with contextlib.suppress(InvalidInputError):
            out.append(Code(system, payload + join + digit).value)
    return out


def icd10cm_codes(
    letters: str = string.ascii_uppercase, alnum: str = UPPER_ALNUM
) -> st.SearchStrategy[str]:
    """ICD-10-CM-shaped codes over the given alphabets; shrinks towards A00."""
    head = st.tuples(st.sampled_from(letters), st.sampled_from(DIGITS), st.sampled_from(alnum))
    tail = st.text(alphabet=alnum, max_size=4)
    return st.builds(lambda h, t: "".join(h) + (f".{t}" if t else ""), head, tail)


def cpt_codes(kinds: str = "0FTU") -> st.SearchStrategy[str]:
    """CPT-shaped codes; kind 0 means a fifth digit. Shrinks towards 00000."""
    return st.builds(
        lambda body, kind, last: body + (last if kind == "0" else kind),
        st.text(alphabet=DIGITS, min_size=4, max_size=4),
        st.sampled_from(kinds),
        st.sampled_from(DIGITS),
    )


hcpcs_codes = st.builds(
    lambda letter, digits: letter + digits,
    st.sampled_from("ABCEGHJKLMPQRSTUV"),
    st.text(alphabet=DIGITS, min_size=4, max_size=4),
)
snomed_payloads = st.builds(
    lambda item, partition: item + partition,
    st.from_regex(r"[1-9][0-9]{2,14}", fullmatch=True),
    st.sampled_from(["00", "01", "02", "10", "11", "12"]),
)
snomed_codes = snomed_payloads.map(lambda p: _one_check_digit(p, SNOMED)[0])
loinc_payloads = st.from_regex(r"[1-9][0-9]{0,4}", fullmatch=True)
loinc_codes = loinc_payloads.map(lambda p: _one_check_digit(p, LOINC, "-")[0])
local_codes = st.text(
    # Letters, marks, numbers, punctuation and symbols: no whitespace or control characters.
    alphabet=st.characters(categories=["L", "M", "N", "P", "S"], exclude_characters="|"),
    min_size=1,
    max_size=64,
)

CODES: dict[CodeSystem, st.SearchStrategy[str]] = {
    ICD: icd10cm_codes(),
    CPT: cpt_codes(),
    HCPCS: hcpcs_codes,
    SNOMED: snomed_codes,
    LOINC: loinc_codes,
    LOCAL: local_codes,
}
codes = st.sampled_from(list(CodeSystem)).flatmap(
    lambda system: CODES[system].map(lambda value: Code(system, value))
)


@given(codes)
def test_any_code_round_trips_through_its_text_form(code: Code) -> None:
    """Code.parse(str(code)) gives back an equal code."""
    actual = Code.parse(str(code))

    assert code == actual


@given(snomed_payloads)
def test_exactly_one_check_digit_completes_a_snomed_id(payload: str) -> None:
    """Verhoeff leaves one valid last digit for each payload."""
    assert len(_one_check_digit(payload, SNOMED)) == 1


@given(loinc_payloads)
def test_exactly_one_check_digit_completes_a_loinc_code(payload: str) -> None:
    """The LOINC mod 10 leaves one valid check digit for each payload."""
    assert len(_one_check_digit(payload, LOINC, "-")) == 1


def _change_one_digit(value: str, data: st.DataObject) -> str:
    positions = [i for i, c in enumerate(value) if c.isdigit()]
    i = data.draw(st.sampled_from(positions))
    new = data.draw(st.sampled_from(DIGITS).filter(lambda d: d != value[i]))
    return value[:i] + new + value[i + 1 :]


@given(
    st.sampled_from([SNOMED, LOINC]).flatmap(lambda s: st.tuples(st.just(s), CODES[s])), st.data()
)
def test_changing_any_single_digit_breaks_a_check_digit(
    system_and_value: tuple[CodeSystem, str], data: st.DataObject
) -> None:
    """Verhoeff (SNOMED CT) and LOINC's mod 10 catch every single-digit error."""
    system, value = system_and_value
    changed = _change_one_digit(value, data)

    with pytest.raises(InvalidInputError):
        Code(system, changed)


def _loinc_published_steps(payload: str) -> int:
    """LOINC Users' Guide, check digit: odd positions from the right joined and doubled..."""
    backwards = payload[::-1]
    odd, even = backwards[::2][::-1], backwards[1::2][::-1]
    joined = str(int(odd) * 2) + even
    total = sum(int(d) for d in joined)
    return (10 - total % 10) % 10


@given(loinc_payloads)
def test_the_loinc_check_digit_follows_the_published_steps(payload: str) -> None:
    """LOINC's steps (join, double, append, sum digits) give the Luhn digit casekit uses."""
    assert _loinc_published_steps(payload) == luhn_check_digit(payload)


# -- code sets --------------------------------------------------------------------------------


def test_a_code_set_holds_its_single_codes_and_ranges() -> None:
    """Membership takes Codes and plain values, single and in ranges."""
    therapy = CodeSet.of(CPT, "97110-97546", "97750", name="therapy")

    assert Code(CPT, "97530") in therapy
    assert "97110" in therapy
    assert "97546" in therapy
    assert "97750" in therapy
    assert "97547" not in therapy
    assert Code(CPT, "99213") not in therapy


def test_icd10cm_ranges_hold_the_subcodes_of_their_ends() -> None:
    """E10-E11 holds E11.9; O24.0-O24.3 holds O24.319 but not O24 or O24.4."""
    diabetes = CodeSet.of(ICD, "E10-E11", "O24.0-O24.3", name="diabetes")
    inside = ["E10", "E10.9", "E11.9", "E11.65", "O24.0", "O24.319"]
    outside = ["E09.9", "E13.9", "O24.4", "O24"]  # O24 sorts below the range's lower end

    actual = {p: (p in diabetes, Code(ICD, p) in diabetes) for p in inside + outside}

    assert actual == {p: (p in inside,) * 2 for p in inside + outside}


def test_a_cpt_range_holds_only_its_category() -> None:
    """0001F-9007F holds Category II codes, not the Category I codes that sort among them."""
    category_ii = CodeSet.of(CPT, "0001F-9007F", name="quality")

    assert "3074F" in category_ii
    assert "00100" not in category_ii
    assert "3074T" not in category_ii


def test_a_string_inside_a_range_must_still_be_a_code() -> None:
    """E10X sorts inside E10-E11 but is not an ICD-10-CM code."""
    diabetes = CodeSet.of(ICD, "E10-E11", name="diabetes")

    assert "E10X" not in diabetes
    assert "E1" not in diabetes


def test_membership_of_other_systems_and_types_is_false() -> None:
    """A code of another system, or a non-code, is simply not a member."""
    hcpcs = CodeSet.of(HCPCS, "T1016", "G0001-G9999", name="hcpcs")

    assert Code(CPT, "99213") not in hcpcs
    assert Code(LOCAL, "T1016") not in hcpcs
    assert 1016 not in hcpcs
    assert None not in hcpcs
    assert Code(LOCAL, "T1016") not in CodeSet.of(HCPCS, "T1016", name="singles only")


def test_overlapping_ranges_are_merged_correctly() -> None:
    """Overlapping and nested ranges answer like the union of their entries."""
    cpt = CodeSet.of(CPT, "97150-97546", "97110-97200", "97160-97170", "97600-97610", name="x")

    assert [v in cpt for v in ["97109", "97110", "97546", "97547", "97599", "97605"]] == [
        False,
        True,
        True,
        False,
        False,
        True,
    ]


def test_loinc_entries_are_single_codes_despite_their_hyphen() -> None:
    """2345-7 is one LOINC code, not a range from 2345 to 7."""
    labs = CodeSet.of(LOINC, "2345-7", "4548-4", name="diabetes labs")

    assert Code(LOINC, "4548-4") in labs
    assert "718-7" not in labs


def test_local_entries_are_single_codes_even_with_a_hyphen() -> None:
    """LOCAL codes may contain hyphens, so LOCAL sets hold no ranges."""
    programs = CodeSet.of(LOCAL, "PROG-01", name="programs")

    assert "PROG-01" in programs
    assert "PROG-00" not in programs


@pytest.mark.parametrize(
    ("system", "entry", "code"),
    [
        (CPT, "97546-97110", "range_order"),
        (ICD, "E11-E10.9", "range_order"),
        (CPT, "0001F-99999", "range_category"),
        (CPT, "9711-97546", "cpt_format"),
        (CPT, "97110-9754", "cpt_format"),
        (CPT, "97110-97546-97550", "cpt_format"),
        (SNOMED, "22298006-73211009", "range_not_supported"),
        (LOINC, "2345-7-2350-5", "range_not_supported"),
        (LOINC, "2345-8", "loinc_check_digit"),
        (HCPCS, "T1016 ", "hcpcs_format"),
    ],
)
def test_a_bad_entry_is_refused_with_its_index(system: CodeSystem, entry: str, code: str) -> None:
    """Ranges must be ordered, of one CPT category and only where codes hold no hyphen."""
    with pytest.raises(InvalidInputError) as error:
        CodeSet.of(system, entry, name="bad")

    assert problems(error) == [("entries[0].code", code)]
    assert repr(entry) not in str(error.value)


def test_every_bad_entry_is_reported_at_once() -> None:
    """All problems come back together, each at its own index."""
    entries = (CodeSetEntry("99213"), "99214", CodeSetEntry("9921"), CodeSetEntry("T1016"))

    with pytest.raises(InvalidInputError) as error:
        CodeSet(name="visits", system=CPT, entries=entries)  # type: ignore[arg-type]

    assert problems(error) == [
        ("entries[1]", "type"),
        ("entries[2].code", "cpt_format"),
        ("entries[3].code", "cpt_format"),
    ]


@pytest.mark.parametrize("entries", ["99213", 99213], ids=["str", "int"])
def test_entries_must_be_a_sequence_of_entries(entries: object) -> None:
    """A bare string or a number is not a sequence of entries."""
    with pytest.raises(InvalidInputError) as error:
        CodeSet(name="x", system=CPT, entries=entries)  # type: ignore[arg-type]

    assert problems(error) == [("entries", "type")]


@pytest.mark.parametrize("name", ["", "  ", None])
def test_a_code_set_needs_a_name(name: object) -> None:
    """Sets are named, so that reasons can say which set a code missed."""
    with pytest.raises(InvalidInputError) as error:
        CodeSet.of(CPT, "99213", name=name)  # type: ignore[arg-type]

    assert problems(error) == [("name", "empty")]


def test_code_sets_compare_by_name_system_and_entries() -> None:
    """Equal sets hash alike; the precomputed index plays no part."""
    a = CodeSet.of(CPT, "99213", "97110-97546", name="a")

    assert a == CodeSet.of(CPT, "99213", "97110-97546", name="a")
    assert hash(a) == hash(CodeSet.of(CPT, "99213", "97110-97546", name="a"))
    assert a != CodeSet.of(CPT, "99213", "97110-97546", name="b")
    assert a != CodeSet.of(CPT, "97110-97546", "99213", name="a")
    assert "_index" not in repr(a)


def test_union_joins_entries_without_repeats() -> None:
    """a | b holds both sets' entries once, named after both."""
    a = CodeSet.of(HCPCS, "T1016", name="a")
    b = CodeSet.of(HCPCS, "T1016", "T1017", name="b")

    union = a | b

    assert union == CodeSet.of(HCPCS, "T1016", "T1017", name="a | b")
    assert "T1017" in union


def test_union_refuses_sets_of_different_systems() -> None:
    """A CPT set and a HCPCS set cannot be joined."""
    with pytest.raises(InvalidInputError) as error:
        CodeSet.of(CPT, "99213", name="a") | CodeSet.of(HCPCS, "T1016", name="b")

    assert problems(error) == [("system", "system_mismatch")]


def test_union_with_something_else_is_not_supported() -> None:
    """Python's usual TypeError, as for set | list."""
    with pytest.raises(TypeError):
        CodeSet.of(CPT, "99213", name="a") | {"99214"}  # type: ignore[operator]


# -- dated entries ----------------------------------------------------------------------------

D = pendulum.date


def test_dated_entries_hold_only_within_their_inclusive_dates() -> None:
    """effective_from and effective_to are both inclusive."""
    entry = CodeSetEntry("G0438", effective_from=D(2011, 1, 1), effective_to=D(2011, 12, 31))
    awv = CodeSet(name="awv", system=HCPCS, entries=(entry,))

    assert not awv.contains("G0438", on=D(2010, 12, 31))
    assert awv.contains("G0438", on=D(2011, 1, 1))
    assert awv.contains(Code(HCPCS, "G0438"), on=D(2011, 12, 31))
    assert not awv.contains("G0438", on=D(2012, 1, 1))
    assert "G0438" in awv  # in ignores dates


def test_dated_ranges_and_undated_entries_mix() -> None:
    """Undated entries always hold; dated ranges hold on their days."""
    entries = (
        CodeSetEntry("T1016"),
        CodeSetEntry("G0001-G0999", effective_to=D(2019, 12, 31)),
        CodeSetEntry("T1017", effective_from=D(2020, 1, 1)),
    )
    cm = CodeSet(name="cm", system=HCPCS, entries=entries)

    assert cm.contains("T1016", on=D(1999, 1, 1))
    assert cm.contains("G0438", on=D(2019, 12, 31))
    assert not cm.contains("G0438", on=D(2020, 1, 1))
    assert not cm.contains("T1017", on=D(2019, 12, 31))
    assert cm.contains("T1017", on=D(2020, 1, 1))
    assert "G0438" in cm
    assert Code(HCPCS, "G0438") in cm
    assert not cm.contains("X", on=D(2020, 1, 1))


@pytest.mark.parametrize("on", [dt.datetime(2020, 1, 1, tzinfo=dt.UTC), "2020-01-01", None])
def test_contains_needs_a_date(on: object) -> None:
    """A datetime, a string or None is refused at path on."""
    with pytest.raises(InvalidInputError) as error:
        CodeSet.of(CPT, "99213", name="a").contains("99213", on=on)  # type: ignore[arg-type]

    assert problems(error) == [("on", "type")]


def test_an_entry_may_not_end_before_it_starts() -> None:
    """effective_to before effective_from is refused."""
    with pytest.raises(InvalidInputError) as error:
        CodeSetEntry("99213", effective_from=D(2025, 1, 2), effective_to=D(2025, 1, 1))

    assert problems(error) == [("effective_to", "date_order")]


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"code": 99213}, ("code", "type")),
        ({"code": "99213", "effective_from": "2025-01-01"}, ("effective_from", "type")),
        (
            {"code": "99213", "effective_to": pendulum.datetime(2025, 1, 1)},
            ("effective_to", "type"),
        ),
    ],
)
def test_an_entry_refuses_wrong_types(kwargs: dict[str, object], expected: tuple[str, str]) -> None:
    """Codes are strings and dates are dates, not datetimes or strings."""
    with pytest.raises(InvalidInputError) as error:
        CodeSetEntry(**kwargs)  # type: ignore[arg-type]

    assert problems(error) == [expected]


def test_an_entry_accepts_a_plain_date_and_a_one_day_window() -> None:
    """datetime.date works as well as pendulum.Date, and from may equal to."""
    plain = dt.date(2025, 1, 1)
    entry = CodeSetEntry("99213", effective_from=plain, effective_to=D(2025, 1, 1))  # type: ignore[arg-type]

    assert CodeSet(name="a", system=CPT, entries=(entry,)).contains("99213", on=D(2025, 1, 1))


# -- properties of membership -----------------------------------------------------------------


def _kind(value: str) -> str:
    return value[4] if len(value) == 5 and value[4].isalpha() else ""


def naive_contains(system: CodeSystem, entries: list[str], value: str) -> bool:
    """The documented semantics, scanned entry by entry."""
    for entry in entries:
        lo, hyphen, hi = entry.partition("-")
        if not hyphen:
            if entry == value:
                return True
        elif (
            (system is not CPT or _kind(lo) == _kind(value))
            and lo <= value[: len(lo)]
            and value[: len(hi)] <= hi
        ):
            return True
    return False


def _entries_of(code: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    single = code
    ranged = st.lists(code, min_size=2, max_size=2).map(lambda pair: "-".join(sorted(pair)))
    return st.one_of(single, ranged)


# Narrow alphabets so that random probes land inside random ranges often.
SMALL: dict[CodeSystem, Callable[[], st.SearchStrategy[str]]] = {
    ICD: lambda: icd10cm_codes(letters="EF", alnum="019A"),
    CPT: lambda: st.sampled_from("0F").flatmap(lambda k: cpt_codes(kinds=k)),
    HCPCS: lambda: hcpcs_codes,
}


@st.composite
def sets_and_probes(draw: st.DrawFn) -> tuple[CodeSystem, list[str], list[str]]:
    system = draw(st.sampled_from([ICD, CPT, HCPCS]))
    if system is CPT:
        entry = st.sampled_from("0FT").flatmap(lambda k: _entries_of(cpt_codes(kinds=k)))
    else:
        entry = _entries_of(SMALL[system]())
    entries = draw(st.lists(entry, max_size=8))
    probes = draw(st.lists(SMALL[system](), min_size=1, max_size=10))
    return system, entries, probes


@given(sets_and_probes())
def test_range_membership_agrees_with_a_naive_scan(
    case: tuple[CodeSystem, list[str], list[str]],
) -> None:
    """The bisect index answers exactly as scanning every entry would."""
    system, entries, probes = case
    code_set = CodeSet.of(system, *entries, name="random")

    for probe in probes + [e.partition("-")[0] for e in entries]:
        expected = naive_contains(system, entries, probe)
        assert (probe in code_set) is expected
        assert (Code(system, probe) in code_set) is expected
        assert code_set.contains(probe, on=D(2025, 1, 1)) is expected


@given(
    bounds=st.lists(st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)), min_size=2, max_size=2),
    open_start=st.booleans(),
    open_end=st.booleans(),
    on=st.dates(dt.date(1999, 1, 1), dt.date(2031, 12, 31)),
    entry=_entries_of(hcpcs_codes),
    probe=hcpcs_codes,
)
def test_dated_membership_respects_inclusive_bounds(
    *,
    bounds: list[dt.date],
    open_start: bool,
    open_end: bool,
    on: dt.date,
    entry: str,
    probe: str,
) -> None:
    """contains(on=) holds exactly when undated membership holds and on is within the dates."""
    start, end = sorted(bounds)
    dated = CodeSetEntry(
        entry,
        effective_from=None if open_start else D(start.year, start.month, start.day),
        effective_to=None if open_end else D(end.year, end.month, end.day),
    )
    code_set = CodeSet(name="dated", system=HCPCS, entries=(dated,))
    in_window = (open_start or start <= on) and (open_end or on <= end)

    day = D(on.year, on.month, on.day)

    assert code_set.contains(probe, on=day) == (naive_contains(HCPCS, [entry], probe) and in_window)
    assert (probe in code_set) == naive_contains(HCPCS, [entry], probe)


def test_attrs_evolve_renames_a_union() -> None:
    """The index is rebuilt for an evolved set."""
    renamed = attrs.evolve(CodeSet.of(CPT, "99213", name="a"), name="visits")

    assert "99213" in renamed
    assert renamed.name == "visits"
