"""Text and numbers at the document boundary: no lone surrogate gets in or out, and every
decimal a document holds computes exactly (issue 13)."""

from __future__ import annotations

import json
from decimal import Decimal

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from casekit import _validate as v
from casekit.case import CaseEvent, Contact, ContactMode
from casekit.codes import Code
from casekit.errors import InvalidInputError
from casekit.identifiers import Identifier
from casekit.money import Money
from casekit.people import CaseManager, PersonName
from casekit.serialization import from_dict, from_json, to_dict, to_json

AT = pendulum.datetime(2025, 3, 3, 9, tz="UTC")
LONE = ["\ud800", "\udfff", "a\udc00b", "\ud83d"]  # high, low, low inside text, half a pair


def codes(exc: pytest.ExceptionInfo[InvalidInputError]) -> list[tuple[str, str]]:
    return [(p.path, p.code) for p in exc.value.problems]


# --- exact decimals: one bound for Money and for documents ------------------------------------

TOO_PRECISE = [
    "1" * 18 + "." + "1" * 43,  # 18 whole digits and 43 places: 61 digits
    "99999999999999999." + "9" * 60,  # 77 digits, the kind the reader once took
    "1." + "0" * 60,  # 61 digits, though equal to 1
]


@pytest.mark.parametrize("amount", TOO_PRECISE)
def test_a_document_amount_money_could_not_hold_exactly_is_refused(amount):
    """An amount of more than 60 significant digits is refused, as Money refuses it."""
    with pytest.raises(InvalidInputError) as caught:
        from_dict({"amount": amount, "currency": "USD"}, Money)

    assert codes(caught) == [("amount", "too_precise")]


@pytest.mark.parametrize("amount", [*TOO_PRECISE, "0." + "1" * 61])
def test_money_refuses_an_amount_it_could_not_compute_with_exactly(amount):
    """Money refuses more than 60 significant digits, the precision it computes in."""
    with pytest.raises(InvalidInputError) as caught:
        Money(Decimal(amount), "USD")

    assert codes(caught) == [("amount", "too_precise")]


def test_a_document_decimal_money_could_not_hold_exactly_is_refused():
    """Every decimal in a document is held to the same bound, not only money."""
    with pytest.raises(InvalidInputError) as caught:
        from_dict({"id": "cm-1", "case_management_share": "1." + "0" * 60}, CaseManager)

    assert codes(caught) == [("case_management_share", "too_precise")]


def test_a_decimal_no_reader_would_take_back_is_not_written():
    """to_dict refuses a decimal the reader would refuse, rather than write it."""
    with pytest.raises(InvalidInputError) as caught:
        to_dict(Decimal("1." + "0" * 60))

    assert codes(caught) == [("$", "too_precise")]


decimal_texts = st.builds(
    lambda sign, whole, places: f"{sign}{whole}{'.' + places if places else ''}",
    st.sampled_from(["", "-"]),
    st.integers(min_value=0, max_value=10**18 - 1).map(str),
    st.text("0123456789", max_size=60),
)


def _read_money(text: str) -> Money | list[str]:
    try:
        return from_dict({"amount": text, "currency": "USD"}, Money)
    except InvalidInputError as exc:
        return [p.code for p in exc.problems]


@given(decimal_texts)
def test_any_amount_a_document_holds_is_unchanged_by_adding_zero(text):
    """Whatever amount from_dict accepts, Money's arithmetic keeps exactly (m + 0 == m)."""
    m = _read_money(text)

    if isinstance(m, list):
        assert m == ["too_precise"]
        assert len(Decimal(text).as_tuple().digits) > v.MAX_DIGITS
    else:
        same = m + Money.zero("USD")
        assert same == m
        assert same.amount.as_tuple()[1:] == m.amount.as_tuple()[1:]  # digits and exponent


# --- lone surrogates: refused in text, in names, in data and in documents ----------------------


@pytest.mark.parametrize("text", LONE)
def test_free_text_refuses_a_lone_surrogate(text):
    """_validate.text, behind every free text field, refuses an unpaired surrogate."""
    with pytest.raises(InvalidInputError) as caught:
        PersonName(f"Synthetic{text}")

    assert codes(caught) == [("family", "control_character")]


@pytest.mark.parametrize("text", LONE)
def test_identifiers_and_codes_refuse_a_lone_surrogate(text):
    """An identifier's value and a local code hold no unpaired surrogate."""
    with pytest.raises(InvalidInputError) as caught:
        Identifier("urn:example:member", f"W1{text}")
    assert codes(caught) == [("value", "control_character")]
    with pytest.raises(InvalidInputError):
        Code.parse(f"LOCAL|x{text}")


@pytest.mark.parametrize("text", LONE)
def test_event_data_refuses_a_lone_surrogate(text):
    """Text in an event's data is held to the free-text rule."""
    with pytest.raises(InvalidInputError) as caught:
        CaseEvent(1, "e1", "opened", None, "referred", AT, AT, "cm-1", {"note": text})

    assert codes(caught) == [("data.note", "text")]


def test_a_surrogate_pair_is_text():
    """A character outside the basic plane, written as a pair of escapes, reads back whole."""
    name = from_json('{"schema_version": 1, "family": "A\\ud83d\\ude00"}', PersonName)

    assert name.family == "A\U0001f600"


@pytest.mark.parametrize(
    "text",
    [
        '{"schema_version": 1, "family": "A\\ud800"}',
        '{"schema_version": 1, "family": "A\\udc00\\ud800"}',
        '{"schema_version": 1, "family": "A", "given": ["\\ud83d"]}',
        '{"schema_version": 1, "family": "A", "\\ud800": 1}',
        '{"schema_version": 1, "family": "A\ud800"}',
    ],
    ids=["escaped high", "pair reversed", "in a list", "in a key", "raw in str"],
)
def test_a_document_holding_a_lone_surrogate_is_refused(text):
    """from_json refuses an unpaired surrogate wherever it is, naming where, never it."""
    with pytest.raises(InvalidInputError) as caught:
        from_json(text, PersonName)

    assert [p.code for p in caught.value.problems] == ["surrogate"]
    assert "\\ud" not in str(caught.value)


def test_a_document_in_bytes_holding_an_encoded_surrogate_is_refused():
    """UTF-8 bytes of a surrogate (which json reads with surrogatepass) are refused too."""
    with pytest.raises(InvalidInputError) as caught:
        from_json(b'{"schema_version": 1, "family": "A\xed\xa0\x80"}', PersonName)

    assert [p.code for p in caught.value.problems] == ["surrogate"]


def _written(text: str) -> str | list[str]:
    try:
        return to_json(Contact("ct-1", ContactMode.PHONE, AT, 5, "cm-1", (text,)))
    except InvalidInputError as exc:
        return [p.code for p in exc.problems]


@given(st.text(st.characters(codec="utf-8"), max_size=20) | st.sampled_from(LONE))
def test_to_json_writes_only_text_utf8_can_hold(text):
    """Whatever a record holds, to_json's text encodes as UTF-8 and reads back, or the value
    is refused: when it is built, or (a field without a text rule) when it is written."""
    out = _written(text)

    if isinstance(out, list):
        assert out in (["control_character"], ["surrogate"])
        assert v.TEXT_CONTROL.search(text)
    else:
        out.encode()
        assert from_json(out, Contact).with_whom == (text,)


def test_to_json_refuses_a_surrogate_it_finds_past_the_validators():
    """A value no validator saw (an application's own dict) cannot put a surrogate in text."""
    with pytest.raises(InvalidInputError) as caught:
        to_json({"note": "a\ud800"})

    assert codes(caught) == [("note", "surrogate")]
    json.dumps(str(caught.value)).encode()
