"""The persistent sequence a case keeps its history and records in behaves as a tuple."""

from __future__ import annotations

import copy
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from profiles import examples

from casekit._vector import EMPTY, Vector, vector

# An operation: ("append", x) or ("set", index, x); sizes reach past 32 * 32 + 32 so that the
# tree grows a second level.
_OPS = st.lists(
    st.one_of(
        st.tuples(st.just("append"), st.integers()),
        st.tuples(st.just("set"), st.integers(-2000, 2000), st.integers()),
    ),
    max_size=60,
)


@settings(max_examples=examples(100))
@given(start=st.integers(0, 1200), ops=_OPS)
def test_a_vector_reads_as_the_list_it_models_after_any_appends_and_sets(start, ops):
    """After appends and sets, every read equals the list model's, and earlier versions keep
    their items."""
    model = list(range(start))
    v = vector(range(start))
    versions = [(v, tuple(model))]
    for op in ops:
        if op[0] == "append":
            v = v.append(op[1])
            model.append(op[1])
        elif -len(model) <= op[1] < len(model):
            v = v.set(op[1], op[2])
            model[op[1]] = op[2]
        else:
            with pytest.raises(IndexError):
                v.set(op[1], op[2])
        versions.append((v, tuple(model)))
    for version, items in versions:
        assert len(version) == len(items)
        assert tuple(version) == items
        assert tuple(reversed(version)) == items[::-1]
        assert version == items
        assert items == version
        assert hash(version) == hash(items)
        assert [version[i] for i in range(-len(items), len(items))] == [*items, *items]
        assert version[1:-1:2] == items[1:-1:2]


@pytest.mark.parametrize("n", [0, 1, 31, 32, 33, 64, 1024, 1056, 1057, 33 * 32 * 32 + 1])
def test_a_vector_built_at_once_equals_one_built_by_appends(n):
    """vector(items) and item-by-item appends give equal vectors, and appends carry on."""
    built = vector(range(n))
    appended = EMPTY.extend(range(n))
    assert built == appended
    assert tuple(reversed(built)) == tuple(range(n))[::-1]
    assert tuple(built.append(-1)) == (*range(n), -1)
    assert tuple(appended.append(-1)) == (*range(n), -1)
    if n:
        assert built.last == n - 1
        assert built[n // 2] == appended[n // 2] == n // 2
        assert built.set(n // 3, -5)[n // 3] == -5


def test_a_vector_takes_any_index_object_as_a_tuple_does():
    """An object with __index__ (a bool, numpy's integers) indexes as its int."""

    class Three:
        def __index__(self) -> int:
            return 3

    v = vector(range(5))
    assert v[Three()] == 3  # type: ignore[call-overload]
    assert v[True] == 1
    with pytest.raises(TypeError):
        v["1"]  # type: ignore[call-overload]


def test_a_vector_refuses_reads_and_sets_out_of_range():
    """Out of range is an IndexError, as a tuple's; the empty vector has no last item."""
    v = vector("ab")
    for bad in (2, -3):
        with pytest.raises(IndexError):
            v[bad]
        with pytest.raises(IndexError):
            v.set(bad, "x")
    with pytest.raises(IndexError):
        EMPTY.last  # noqa: B018  # the read is the test


def test_a_vector_compares_concatenates_and_prints_as_a_tuple():
    """Equality with tuples and vectors only; + gives a tuple; repr is the tuple's."""
    v = vector((1, 2))
    assert v == (1, 2)
    assert v != (1, 3)
    assert v != (1,)
    assert v == vector([1, 2])
    assert v != vector([1, 3])
    assert v != vector([1])
    assert v != [1, 2]
    assert (v == [1, 2]) is False
    assert (v != 5) is True
    assert v + (3,) == (1, 2, 3)  # noqa: RUF005  # + is what is tested
    assert (0,) + v == (0, 1, 2)  # noqa: RUF005
    assert v + v == (1, 2, 1, 2)
    with pytest.raises(TypeError):
        v + [3]  # type: ignore[operator]  # noqa: RUF005
    with pytest.raises(TypeError):
        [0] + v  # type: ignore[operator]  # noqa: RUF005
    assert repr(v) == "(1, 2)"
    assert 2 in v
    assert 5 not in v
    assert v.index(2) == 1
    assert vector(v) is v
    assert vector(()) is EMPTY


def test_a_vector_pickles_and_copies_to_an_equal_vector():
    """Pickle, copy and deepcopy give vectors equal to the original."""
    v = vector(range(100))
    back = pickle.loads(pickle.dumps(v))  # noqa: S301  # our own bytes
    assert isinstance(back, Vector)
    assert back == v
    assert copy.copy(v) is v
    deep = copy.deepcopy(vector([[1], [2]]))
    assert deep == ([1], [2])
