"""casekit's one way to build a frozen attrs object from parts that are already checked.

A frozen attrs class checks every field in its ``__init__`` and sets each slot through
``object.__setattr__``. Where a verb has checked its inputs itself (`casekit.lifecycle.apply`),
or its values are results of arithmetic on valid objects (`Money` sums, adjudication amounts),
or it copies a checked object with one field changed (a `Case` with a new state), running the
validators again only spends time, and on a replay it would make the work quadratic.

`builder` and `replacer` are derived from ``attrs.fields`` of the class: they set every slot
through its descriptor, in field order, so a class that gains a field is built with it or the
call fails (``zip(..., strict=True)``). No ``exec``, no hand-kept list of names. Hot paths that
unroll the slot stores for speed take their setters from `setters` and say at the spot which
benchmark shows the gain; `tests/test_unchecked.py` builds every such object and checks that
every field is set.

`writable` is the hot paths' cheapest way: a twin class whose instances take plain attribute
stores, each a direct slot write once CPython has specialised it, where a setter from `setters`
is a call through a method wrapper (apply builds its `Case` in about a third of the
instructions, callgrind; see `casekit.lifecycle._build`).

Nothing here checks anything: call it only with values a validator has passed or that follow
from valid objects.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import attrs

__all__ = ["builder", "field_names", "replacer", "setters", "writable"]

T = TypeVar("T")

_new = object.__new__


def field_names(cls: type) -> tuple[str, ...]:
    """Return the names of *cls*'s attrs fields, in order."""
    return tuple(a.name for a in attrs.fields(cls))


def setters(cls: type) -> tuple[Callable[[Any, Any], None], ...]:
    """Return the slot setters of *cls*'s fields, in field order.

    Raises:
        TypeError: if *cls* is not a slotted attrs class without ``__attrs_post_init__`` (its
            instances could not be built correctly by setting slots alone).
    """
    names = field_names(cls)
    if hasattr(cls, "__attrs_post_init__") or "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__} cannot be built slot by slot")
    return tuple(cls.__dict__[name].__set__ for name in names)


def builder(cls: type[T]) -> Callable[..., T]:
    """Return a function building *cls* from every field's value, positionally, unchecked.

    Examples:
        >>> from decimal import Decimal
        >>> from casekit.money import Money
        >>> builder(Money)(Decimal("1.50"), "USD")
        Money(amount=Decimal('1.50'), currency='USD')
    """
    puts = setters(cls)

    def build(*values: Any) -> T:
        new: T = _new(cls)
        for put, value in zip(puts, values, strict=True):
            put(new, value)
        return new

    return build


def replacer(cls: type[T]) -> Callable[..., T]:
    """Return a function copying a *cls* with some fields changed, by keyword, unchecked.

    It is `attrs.evolve` without the validators, for values that are checked already.

    Examples:
        >>> from decimal import Decimal
        >>> from casekit.money import Money
        >>> replacer(Money)(Money.of("1.50", "USD"), amount=Decimal("2.00"))
        Money(amount=Decimal('2.00'), currency='USD')
    """
    pairs = tuple(zip(field_names(cls), setters(cls), strict=True))
    known = frozenset(name for name, _ in pairs)

    def replace(inst: T, /, **changes: Any) -> T:
        if not known.issuperset(changes):
            unknown = ", ".join(sorted(set(changes) - known))
            raise TypeError(f"{cls.__name__} has no field {unknown}")
        new: T = _new(cls)
        for name, put in pairs:
            put(new, changes[name] if name in changes else getattr(inst, name))
        return new

    return replace


def writable(cls: type[T]) -> type[T]:
    """Return a writable twin of the frozen, slotted attrs class *cls*.

    The twin is a subclass with no slots of its own, the plain ``object.__setattr__`` and
    ``object.__init__``, so a hot path builds a *cls* as ``new = twin()`` (cheaper than
    ``object.__new__(twin)``), one store per field by name, then ``new.__class__ = cls``: from
    there on it is an ordinary frozen *cls*. The stores name
    the fields, so the caller checks `field_names` when it is imported, and a test compares
    what it builds with the constructor's result.

    Raises:
        TypeError: as `setters`, for a class that cannot be built slot by slot.

    Examples:
        >>> from decimal import Decimal
        >>> from casekit.money import Money
        >>> new = writable(Money)()
        >>> new.amount, new.currency = Decimal("1.50"), "USD"
        >>> new.__class__ = Money
        >>> new, type(new) is Money
        (Money(amount=Decimal('1.50'), currency='USD'), True)
    """
    setters(cls)
    twin: type[T] = type(
        f"_Writable{cls.__name__}",
        (cls,),
        {
            "__slots__": (),
            "__module__": cls.__module__,
            "__init__": object.__init__,
            "__setattr__": object.__setattr__,
            "__delattr__": object.__delattr__,
        },
    )
    return twin
