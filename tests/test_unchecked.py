"""casekit._unchecked: the one way to build a checked object without re-running its validators."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from casekit import _unchecked
from casekit.money import Money


@attrs.frozen
class _Pair:
    a: int
    b: str = "x"


def test_builder_sets_every_field_in_order():
    """A built object equals the one its constructor makes from the same values."""
    built = _unchecked.builder(_Pair)(1, "y")

    assert built == _Pair(1, "y")


def test_builder_refuses_a_value_count_that_is_not_the_field_count():
    """A caller out of step with the class's fields fails instead of leaving a slot unset."""
    build = _unchecked.builder(_Pair)

    with pytest.raises(ValueError, match="zip"):
        build(1)
    with pytest.raises(ValueError, match="zip"):
        build(1, "y", "z")


def test_a_class_that_gains_a_field_is_built_with_it():
    """The setters come from attrs.fields, so a new field is set, never forgotten."""

    @attrs.frozen
    class Grown:
        a: int
        b: str
        c: tuple[int, ...]

    built = _unchecked.builder(Grown)(1, "y", (2,))

    assert [getattr(built, n) for n in _unchecked.field_names(Grown)] == [1, "y", (2,)]


def test_replacer_changes_only_the_named_fields():
    """replace() is attrs.evolve without validators."""
    replace = _unchecked.replacer(Money)

    moved = replace(Money.of("1.50", "USD"), amount=Decimal("2.00"))

    assert moved == Money(Decimal("2.00"), "USD")


def test_replacer_refuses_an_unknown_field():
    """A misspelt field is a programming error, not a silent no-op."""
    with pytest.raises(TypeError, match="no field amout"):
        _unchecked.replacer(Money)(Money.of("1", "USD"), amout=Decimal(2))


def test_classes_that_cannot_be_built_slot_by_slot_are_refused():
    """A post-init hook or a dict-based class would be built wrong by slot stores."""

    @attrs.frozen
    class WithPostInit:
        a: int

        def __attrs_post_init__(self) -> None:
            pass

    @attrs.define(slots=False)
    class NotSlotted:
        a: int

    for cls in (WithPostInit, NotSlotted):
        with pytest.raises(TypeError, match="slot by slot"):
            _unchecked.setters(cls)


def test_moneys_unrolled_bypass_sets_every_field():
    """money._new, kept unrolled for adjudication's speed, sets every field Money has."""
    from casekit import money  # the private bypass under test

    built = money._new(Decimal("1.50"), "USD")

    assert [getattr(built, n) for n in _unchecked.field_names(Money)] == [Decimal("1.50"), "USD"]
    assert built == Money(Decimal("1.50"), "USD")


def test_a_date_range_built_unchecked_sets_every_field():
    """periods._new_range, the builder of already-ordered ranges, sets both ends."""
    import pendulum

    from casekit import periods  # the private builder under test

    start, end = pendulum.Date(2025, 1, 1), pendulum.Date(2025, 1, 31)
    built = periods._new_range(start, end)

    assert [getattr(built, n) for n in _unchecked.field_names(periods.DateRange)] == [start, end]
    assert built == periods.DateRange(start, end)


def test_an_accumulator_entry_built_unchecked_sets_every_field():
    """coverage._accumulators._entry, kept unrolled for adjudication's speed, sets every field."""
    from casekit.coverage import _accumulators  # the private bypass under test

    parts = ("member:00", "in", "deductible", "2025-01-01/2025-12-31", Decimal("12.50"))
    built = _accumulators._entry(*parts)

    assert tuple(getattr(built, n) for n in _unchecked.field_names(_accumulators.Accumulated)) == (
        parts
    )
    assert built == _accumulators.Accumulated(*parts)


def test_a_writable_twin_builds_an_ordinary_frozen_object():
    """Stores on the twin, then the class set back: equal to the constructor's, and frozen."""
    twin = _unchecked.writable(Money)
    built = twin()
    built.amount, built.currency = Decimal("1.50"), "USD"
    built.__class__ = Money

    assert type(built) is Money
    assert built == Money(Decimal("1.50"), "USD")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        built.amount = Decimal(2)  # type: ignore[misc]


def test_a_class_that_cannot_be_built_slot_by_slot_has_no_writable_twin():
    """writable refuses what setters refuses: a post-init hook would never run."""

    @attrs.frozen
    class WithPostInit:
        a: int

        def __attrs_post_init__(self) -> None:
            pass

    with pytest.raises(TypeError, match="slot by slot"):
        _unchecked.writable(WithPostInit)
