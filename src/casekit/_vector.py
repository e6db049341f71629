"""`Vector`: the immutable sequence a `Case` keeps its history and records in.

A case's history only grows, and its records are appended or revised in place. Copying a tuple
for each of those costs work in proportion to the case's age; a `Vector` shares all but one path
of its structure with the vector it came from, so `append` and `set` cost the same on the tenth
item and the ten-thousandth (DESIGN principle 10).

It is a persistent vector in the manner of Clojure's: a tree of tuples 32 wide, whose leaves hold
the items, and a *tail* of up to 32 items not yet in the tree. Appending copies the tail (at most
32 pointers) and, once in 32 appends, one path of the tree (as deep as log32 of the length: 3
levels cover 32,768 items). Reading an item walks that path.

For a user it is an immutable `collections.abc.Sequence`: it indexes, slices (a slice is a
tuple), iterates both ways, and equals, hashes, prints and concatenates as the tuple of its
items does, so ``case.history == tuple(case.history)`` and ``case.contacts == ()``.

Examples:
    >>> v = vector(range(3)).append(3)
    >>> v, len(v), v[-1], v[1:3], v == (0, 1, 2, 3)
    ((0, 1, 2, 3), 4, 3, (1, 2), True)
    >>> v.set(0, 9), v
    ((9, 1, 2, 3), (0, 1, 2, 3))
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Final, TypeVar, overload

__all__ = ["EMPTY", "Vector", "memo", "remember", "vector"]

T = TypeVar("T")

_BITS: Final = 5
_WIDTH: Final = 1 << _BITS
_MASK: Final = _WIDTH - 1
_new: Final = object.__new__
_chain: Final = itertools.chain
_flat: Final = itertools.chain.from_iterable


class Vector(Sequence[T]):
    """An immutable sequence with cheap `append` and `set` that share structure (see the
    module docstring). Build one with `vector`; never change its attributes."""

    __slots__ = ("_memo", "_n", "_root", "_shift", "_tail")
    _memo: object  # unset until `remember`: appending (apply's hot path) never stores it
    _n: int
    _shift: int
    _root: tuple[Any, ...]
    _tail: tuple[T, ...]

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...
    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        tail = self._tail
        n = self._n
        if index.__class__ is not int:
            if isinstance(index, slice):
                return tuple(self)[index]
            index = operator.index(index)
        i = index + n if index < 0 else index
        offset = n - len(tail)
        if offset <= i < n:  # the tail: the last items, which the verbs read most
            return tail[i - offset]
        if not 0 <= i < offset:
            raise IndexError("Vector index out of range")
        node = self._root
        level = self._shift
        while level:
            node = node[(i >> level) & _MASK]
            level -= _BITS
        return node[i & _MASK]  # type: ignore[no-any-return]  # a leaf holds items

    @property
    def last(self) -> T:
        """The last item (the tail is never empty in a non-empty vector).

        Raises:
            IndexError: if the vector is empty.
        """
        return self._tail[-1]

    def append(self, item: T) -> Vector[T]:
        """Return a vector with *item* added at the end; this one is unchanged."""
        tail = self._tail
        if len(tail) < _WIDTH:  # 31 appends in 32: _make unrolled, as apply's hot path runs it
            v: Vector[T] = Vector()
            v._n = self._n + 1
            v._shift = self._shift
            v._root = self._root
            v._tail = tail + (item,)  # noqa: RUF005  # (*tail, item) builds a list first
            return v
        n, shift, root = self._n, self._shift, self._root
        if (n >> _BITS) > (1 << shift):  # the root is full: grow the tree a level
            root, shift = (root, _path(shift, tail)), shift + _BITS
        else:
            root = _push(n, shift, root, tail)
        return _make(n + 1, shift, root, (item,))

    def extend(self, items: Iterable[T]) -> Vector[T]:
        """Return a vector with *items* added at the end; this one is unchanged."""
        new = self
        for item in items:
            new = new.append(item)
        return new

    def set(self, index: int, item: T) -> Vector[T]:
        """Return a vector with *item* at *index*; this one is unchanged.

        Raises:
            IndexError: if *index* is out of range.
        """
        n = self._n
        i = index + n if index < 0 else index
        if not 0 <= i < n:
            raise IndexError("Vector index out of range")
        tail = self._tail
        offset = n - len(tail)
        if i >= offset:
            j = i - offset
            return _make(n, self._shift, self._root, (*tail[:j], item, *tail[j + 1 :]))
        return _make(n, self._shift, _set(self._shift, self._root, i, item), tail)

    def __iter__(self) -> Iterator[T]:
        return _chain(_flat(_leaves(self._root, self._shift)), self._tail)

    def __reversed__(self) -> Iterator[T]:
        leaves = _leaves_back(self._root, self._shift)
        return _chain(reversed(self._tail), _flat(map(reversed, leaves)))

    def __contains__(self, value: object) -> bool:
        return any(x is value or x == value for x in self)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Vector):
            if self._n != other._n:
                return False
            if self._root is other._root and self._tail is other._tail:
                return True
            return tuple(self) == tuple(other)
        if isinstance(other, tuple):
            return self._n == len(other) and tuple(self) == other
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))

    def __add__(self, other: object) -> tuple[Any, ...]:
        if isinstance(other, (tuple, Vector)):
            return (*self, *other)
        return NotImplemented

    def __radd__(self, other: object) -> tuple[Any, ...]:
        if isinstance(other, tuple):
            return (*other, *self)
        return NotImplemented

    def __reduce__(self) -> tuple[Any, tuple[tuple[T, ...]]]:
        return (vector, (tuple(self),))

    def __copy__(self) -> Vector[T]:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> Vector[T]:
        import copy  # noqa: PLC0415  # only a deep copy needs it

        return vector(copy.deepcopy(tuple(self), memo))


def _make(n: int, shift: int, root: tuple[Any, ...], tail: tuple[Any, ...]) -> Vector[Any]:
    v: Vector[Any] = _new(Vector)
    v._n = n  # noqa: SLF001  # this module builds every Vector
    v._shift = shift  # noqa: SLF001
    v._root = root  # noqa: SLF001
    v._tail = tail  # noqa: SLF001
    return v


def _path(level: int, node: tuple[Any, ...]) -> tuple[Any, ...]:
    """Return *node* (a full leaf) under single-child nodes down from *level*."""
    while level > _BITS:
        node = (node,)
        level -= _BITS
    return (node,)


def _push(n: int, level: int, parent: tuple[Any, ...], leaf: tuple[Any, ...]) -> tuple[Any, ...]:
    """Return *parent* (at *level*) with *leaf* holding items n-32..n-1 put in its place."""
    sub = ((n - 1) >> level) & _MASK
    if level == _BITS:
        put = leaf
    elif sub < len(parent):
        put = _push(n, level - _BITS, parent[sub], leaf)
    else:
        put = _path(level - _BITS, leaf)
    if sub < len(parent):
        return (*parent[:sub], put, *parent[sub + 1 :])
    return (*parent, put)


def _set(level: int, node: tuple[Any, ...], i: int, item: object) -> tuple[Any, ...]:
    sub = (i >> level) & _MASK
    put = (item,) if not level else (_set(level - _BITS, node[sub], i, item),)
    return (*node[:sub], *put, *node[sub + 1 :])


def _leaves(node: tuple[Any, ...], level: int) -> Iterable[tuple[Any, ...]]:
    if level == _BITS:
        return node
    return _flat(_leaves(child, level - _BITS) for child in node)


def _leaves_back(node: tuple[Any, ...], level: int) -> Iterable[tuple[Any, ...]]:
    if level == _BITS:
        return reversed(node)  # type: ignore[no-any-return]  # a node's children: leaves here
    return _flat(_leaves_back(child, level - _BITS) for child in reversed(node))


def memo(items: Vector[Any]) -> object:
    """Return the value `remember` left on *items*, or None.

    Examples:
        >>> v = vector("ab")
        >>> memo(v), remember(v, 2), memo(v), memo(v.append("c"))
        (None, None, 2, None)
    """
    return getattr(items, "_memo", None)


def remember(items: Vector[Any], value: object) -> None:
    """Keep *value*, derived from the items of *items* alone, with that vector.

    The caller keeps one kind of value per kind of vector (what its items are). Nothing is kept
    on an empty vector: `EMPTY` is shared by every kind of collection.
    """
    if items._n:  # noqa: SLF001  # this module's slots
        items._memo = value  # noqa: SLF001


def vector(items: Iterable[T] = ()) -> Vector[T]:
    """Return a `Vector` of *items* (a vector is returned as it is).

    Examples:
        >>> vector([1, 2]), vector() is vector(())
        ((1, 2), True)
    """
    if isinstance(items, Vector):
        return items
    flat = tuple(items)
    n = len(flat)
    if not n:
        return EMPTY
    offset = (n - 1) & ~_MASK  # the tail holds 1 to 32 items
    nodes: Sequence[Any] = [flat[i : i + _WIDTH] for i in range(0, offset, _WIDTH)]
    shift = _BITS
    while len(nodes) > _WIDTH:
        nodes = [tuple(nodes[i : i + _WIDTH]) for i in range(0, len(nodes), _WIDTH)]
        shift += _BITS
    return _make(n, shift, tuple(nodes), flat[offset:])


EMPTY: Final[Vector[Any]] = _make(0, _BITS, (), ())
"""The empty vector: every empty collection of every case is this one object."""
