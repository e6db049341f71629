"""The event log's record readers skip only the checks their own reading has made already."""

import contextvars

import attrs
import pytest

from casekit import _validate as v
from casekit import serialization as ser
from casekit.errors import InvalidInputError
from casekit.serialization import _scalars
from casekit.serialization._event_log import EventLog, NotFast, _tuple_of_types

LOG = EventLog(ser.converter, (), {})


@attrs.frozen
class Tagged:
    tags: tuple[str, ...] = attrs.field(validator=v.tuple_of(str))


@attrs.frozen
class Numbered:
    tags: tuple[str, ...] = attrs.field(validator=v.tuple_of(int))


def read_fast(cls: type, data: object) -> object:
    """Read *data* by the record reader of *cls*, with a datetime memo of its own."""
    read = LOG.record_reader(cls, None)

    def in_context() -> object:
        _scalars.memo.set({})  # the context is a copy: the memo goes with it
        return read(data)

    return contextvars.copy_context().run(in_context)


def test_a_tuple_of_check_is_told_apart_by_the_types_it_allows() -> None:
    """A `tuple_of` check gives up its item types; any other validator gives none."""
    assert _tuple_of_types(v.tuple_of(str, int)) == (str, int)
    assert _tuple_of_types(v.identifier) == ()
    assert _tuple_of_types(None) == ()


def test_a_tuple_of_text_check_is_left_to_the_reader_of_text() -> None:
    """A list of text read as exact str passes `tuple_of(str)`: the reader skips that check."""
    assert read_fast(Tagged, {"tags": ["a", "b"]}) == Tagged(("a", "b"))
    with pytest.raises(NotFast):
        read_fast(Tagged, {"tags": ["a", 1]})


def test_a_tuple_of_check_not_allowing_text_still_runs_on_text() -> None:
    """A `tuple_of` check that refuses str is run on what the reader read, as __init__ runs it."""
    with pytest.raises(NotFast):
        read_fast(Numbered, {"tags": ["a"]})
    with pytest.raises(InvalidInputError):
        ser.from_dict({"tags": ["a"]}, Numbered)
