"""A case's document is refused when any object in it repeats a key, on every path.

`from_json` reads a case in the exact compact form `to_json` writes by counting keys instead of
checking each object as it is parsed (`casekit.serialization._case.case_from_text`); these tests
put a repeated key into every kind of object of such a document, and check that text which
only looks like a key is not taken for one.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casekit.case import Case, Referral, add_referral
from casekit.errors import InvalidInputError
from casekit.lifecycle.examples import example_case
from casekit.serialization import from_json, to_json
from casekit.serialization._case import case_from_text
from casekit.testing import strategies as cks


class Obj(list[tuple[str, Any]]):
    """A JSON object as its pairs, in order, repeated keys kept."""


def _parse(text: str) -> Any:
    return json.loads(text, object_pairs_hook=Obj)


def _dump(value: Any) -> str:
    """Write *value* compactly, as `to_json` writes (an `Obj` keeps every pair)."""
    if isinstance(value, Obj):
        return (
            "{"
            + ",".join(f"{json.dumps(k, ensure_ascii=False)}:{_dump(x)}" for k, x in value)
            + "}"
        )
    if isinstance(value, list):
        return "[" + ",".join(map(_dump, value)) + "]"
    return json.dumps(value, ensure_ascii=False)


def _objects(value: Any) -> list[Obj]:
    """Every object in *value*, outermost first."""
    if isinstance(value, Obj):
        return [value, *(o for _, x in value for o in _objects(x))]
    if isinstance(value, list):
        return [o for x in value for o in _objects(x)]
    return []


def _case_with_quotes() -> Case:
    """A case whose referral reason holds text that looks like a key: ``"yes":``."""
    case = example_case("monitoring")
    at = case.history[-1].at
    said = Referral("rf-q", "prov-2", at, reason='patient said "yes": refer her')
    return add_referral(case, said, at=at, by="cm-1")


def test_the_compact_form_is_what_to_json_writes():
    """The dumper below writes a parsed document back to the very text `to_json` wrote."""
    text = to_json(_case_with_quotes())

    assert _dump(_parse(text)) == text


@pytest.mark.parametrize("value", ["same", "other"])
def test_a_repeated_key_in_any_object_of_a_compact_case_document_is_refused(value: str):
    """Every object of a case's compact document, the top, events, records, names, money and
    event data, refuses a key given twice, whether the copies agree or not."""
    case = example_case("closed")
    text = to_json(case)
    tree = _parse(text)
    for index, obj in enumerate(_objects(tree)):
        for key, x in list(obj):
            first = x if value == "same" else "other"
            obj.insert(0, (key, first))
            try:
                with pytest.raises(InvalidInputError) as caught:
                    from_json(_dump(tree), Case)
                assert caught.value.problems[0].code == "duplicate_key", (index, key)
            finally:
                del obj[0]
    assert from_json(_dump(tree), Case) == case


@given(cks.cases(), st.data())
def test_a_repeated_key_is_refused_in_the_document_of_any_case(case: Case, data: st.DataObject):
    """For any case and any object and key of its compact document, the key given twice
    is refused."""
    tree = _parse(to_json(case))
    obj = data.draw(st.sampled_from([o for o in _objects(tree) if o]), label="object")
    key, x = data.draw(st.sampled_from(list(obj)), label="key")
    obj.insert(data.draw(st.integers(0, len(obj)), label="at"), (key, x))

    with pytest.raises(InvalidInputError) as caught:
        from_json(_dump(tree), Case)

    assert [p.code for p in caught.value.problems] == ["duplicate_key"]


def test_text_that_looks_like_a_key_is_read_the_strict_way_and_read_right():
    """An escaped quote and colon inside a text makes the count differ: the document is read
    the strict way, to the same case."""
    case = _case_with_quotes()
    text = to_json(case)

    assert '\\":' in text
    assert case_from_text(text, len(text)) is None
    assert from_json(text, Case) == case


def test_a_spaced_or_indented_document_is_read_the_strict_way():
    """A space, tab or line break before a colon: the strict way reads it, repeated keys and
    all."""
    case = example_case("assessing")
    indented = to_json(case, indent=2)
    spaced = to_json(case).replace('"by":', '"by" :', 1)

    assert case_from_text(indented, len(indented)) is None
    assert case_from_text(spaced, len(spaced)) is None
    assert from_json(indented, Case) == from_json(spaced, Case) == case
    twice = spaced.replace('"by" :', '"by":"cm-9","by" :', 1)
    with pytest.raises(InvalidInputError) as caught:
        from_json(twice, Case)
    assert caught.value.problems[0].code == "duplicate_key"


def test_only_text_in_the_compact_form_is_read_the_fast_way():
    """The fast way takes exact compact text and nothing else: not bytes, not past the size
    given, not a top without its three keys, not a log past the budget."""
    from casekit import limits

    case = example_case("assessing")
    text = to_json(case)

    assert case_from_text(text, len(text)) == case
    assert case_from_text(text.encode(), len(text)) is None
    assert case_from_text(text, len(text) - 1) is None
    assert case_from_text(text.replace('"schema_version":1', '"schema_version":2'), 10**6) is None
    assert case_from_text(text.replace('"id":"case-1"', '"id":5'), 10**6) is None
    assert case_from_text("[1]", 10) is None and case_from_text("{", 10) is None
    with limits.using(events_per_log=2):
        assert case_from_text(text, len(text)) is None


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ('"id":"case-1","history"', '"id":"case-9","history"', "id_mismatch"),
        ('"seq":2,', '"seq":7,', "inconsistent_history"),  # rebuild refuses a gap
        ('"override_reason":null}', '"override_reason":null,"x":1}', "unknown_key"),
    ],
)
def test_a_compact_document_the_fast_way_cannot_take_is_refused_the_strict_way(
    old: str, new: str, code: str
):
    """Whatever the fast way declines, the strict way reads again and refuses as it always
    has, with its own problems."""
    text = to_json(example_case("assessing")).replace(old, new, 1)

    assert case_from_text(text, len(text)) is None
    with pytest.raises(InvalidInputError) as caught:
        from_json(text, Case)
    assert code in {p.code for p in caught.value.problems} | {caught.value.problems[0].path}
