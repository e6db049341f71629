"""Tests for casekit.identifiers: the Luhn check digit, NPI and Identifier."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casekit.errors import InvalidInputError
from casekit.identifiers import NPI, Identifier, luhn_check_digit

digit_strings = st.text(alphabet="0123456789", min_size=1, max_size=20)


def problem_codes(error: pytest.ExceptionInfo[InvalidInputError]) -> list[tuple[str, str]]:
    return [(p.path, p.code) for p in error.value.problems]


@pytest.mark.parametrize(
    ("digits", "expected"),
    [
        ("7992739871", 3),  # the classic Luhn example (Wikipedia, "Luhn algorithm")
        ("80840123456789", 3),  # CMS "Requirements for NPI check digit": 1234567893
        ("0", 0),
        ("2345", 7),  # LOINC 2345-7
    ],
)
def test_luhn_check_digit_matches_published_examples(digits: str, expected: int) -> None:
    """The Luhn check digit of published examples is the published digit."""
    actual = luhn_check_digit(digits)

    assert expected == actual


@pytest.mark.parametrize("digits", ["", "12a4", "١٢٣", " 123", 123])
def test_luhn_check_digit_refuses_anything_but_ascii_digits(digits: object) -> None:
    """Empty strings, letters, non-ASCII digits and ints are refused, not guessed at."""
    with pytest.raises(InvalidInputError) as error:
        luhn_check_digit(digits)  # type: ignore[arg-type]

    assert problem_codes(error) == [("digits", "digits_format")]


@given(digit_strings, st.data())
def test_luhn_detects_every_single_digit_change(payload: str, data: st.DataObject) -> None:
    """Changing any one digit of a payload and its check digit breaks the check."""
    number = payload + str(luhn_check_digit(payload))
    position = data.draw(st.integers(0, len(number) - 1))
    replacement = data.draw(st.sampled_from("0123456789").filter(lambda d: d != number[position]))
    changed = number[:position] + replacement + number[position + 1 :]

    assert luhn_check_digit(changed[:-1]) != int(changed[-1])


@pytest.mark.parametrize(
    "npi",
    [
        "1234567893",  # CMS "Requirements for NPI check digit", worked example
        "1003000126",  # first row of CMS's Medicare Physician & Other Supplier PUF
        "1558598797",  # worked example, makdns.blogspot.com "NPI Validation using Luhn" (2012)
        "1993999998",  # valid but never issued, John D. Cook, "NPI number" (2024)
    ],
)
def test_a_published_npi_is_accepted(npi: str) -> None:
    """NPIs with a correct check digit are accepted and print as their 10 digits."""
    actual = str(NPI(npi))

    assert npi == actual


@pytest.mark.parametrize(
    "npi",
    [
        "1234567890",  # CMS example with the check digit changed
        "1234567839",  # CMS example with the last two digits swapped
        "1003000127",  # PUF NPI, last digit off by one
        "1003001126",  # PUF NPI, one middle digit changed
    ],
)
def test_an_npi_with_a_wrong_check_digit_is_refused(npi: str) -> None:
    """A mistyped NPI fails the Luhn check, and the message does not repeat it."""
    with pytest.raises(InvalidInputError) as error:
        NPI(npi)

    assert problem_codes(error) == [("npi", "npi_check_digit")]
    assert npi not in str(error.value)


@pytest.mark.parametrize("npi", ["123456789", "12345678930", "123456789X", "", 1234567893])
def test_an_npi_that_is_not_ten_digits_is_refused(npi: object) -> None:
    """Nine or eleven digits, letters, empty strings and ints are refused as npi_format."""
    with pytest.raises(InvalidInputError) as error:
        NPI(npi)  # type: ignore[arg-type]

    assert problem_codes(error) == [("npi", "npi_format")]


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_every_nine_digits_complete_to_exactly_one_npi(prefix: str) -> None:
    """Exactly one last digit makes a valid NPI from any nine digits."""
    valid = []
    for last in "0123456789":
        with contextlib.suppress(InvalidInputError):
            valid.append(NPI(prefix + last))

    assert len(valid) == 1


def test_an_identifier_hides_its_value_in_repr_and_str() -> None:
    """Member ids are personal data: repr and str show the system only."""
    member = Identifier("urn:example:member", "W123456789")

    assert repr(member) == "Identifier(system='urn:example:member', value=<redacted>)"
    assert str(member) == repr(member)
    assert "W123456789" not in f"{member} {member!r} {[member]}"


def test_identifiers_compare_and_hash_by_system_and_value() -> None:
    """Equality and hashing still use the hidden value."""
    a = Identifier("urn:example:member", "W1")

    assert a == Identifier("urn:example:member", "W1")
    assert a != Identifier("urn:example:member", "W2")
    assert a != Identifier("urn:example:other", "W1")
    assert len({a, Identifier("urn:example:member", "W1")}) == 1


@pytest.mark.parametrize(
    ("system", "value", "expected"),
    [
        ("", "W1", ("system", "empty")),
        (None, "W1", ("system", "type")),
        ("urn:x\n", "W1", ("system", "control_character")),
        ("urn:x", "", ("value", "empty")),
        ("urn:x", 12345, ("value", "type")),
        ("urn:x", "W1\x00", ("value", "control_character")),
        ("urn:x", "W1\x85", ("value", "control_character")),
        ("urn:x", " W1", ("value", "surrounding_whitespace")),
        ("urn:x", "W1 ", ("value", "surrounding_whitespace")),
        ("urn:x", "W" * 129, ("value", "too_long")),
    ],
)
def test_a_bad_identifier_is_refused_without_echoing_it(
    system: object, value: object, expected: tuple[str, str]
) -> None:
    """Each bad part is named by path and code, and the value never appears."""
    with pytest.raises(InvalidInputError) as error:
        Identifier(system, value)  # type: ignore[arg-type]

    assert problem_codes(error) == [expected]
    assert "W1" not in str(error.value)


def test_an_identifier_value_of_128_characters_is_accepted() -> None:
    """128 characters is the limit, inclusive."""
    actual = Identifier("urn:x", "W" * 128)

    assert len(actual.value) == 128
