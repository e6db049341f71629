"""The shared validators: each names the field and the rule, never the value."""

from collections import deque
from collections.abc import Sequence

import pendulum
import pytest

from casekit import InvalidInputError, Money
from casekit import _validate as v
from casekit.case import Appointment, CaseEvent, Contact, ContactMode
from casekit.people import (
    CareTeam,
    ContactPoint,
    ContactPointSystem,
    PersonName,
    Provider,
    ProviderKind,
)

AT = pendulum.datetime(2025, 3, 4, 9, tz="UTC")


def problem(build):
    with pytest.raises(InvalidInputError) as info:
        build()
    (only,) = info.value.problems
    return only.path, only.code


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (lambda: PersonName(5), ("family", "type")),  # type: ignore[arg-type]
        (lambda: PersonName("x" * 201), ("family", "too_long")),
        (lambda: Contact("c", ContactMode.PHONE, "2025-03-04", 5, "cm-1"), ("at", "type")),
        (
            lambda: Contact("c", ContactMode.PHONE, pendulum.naive(2025, 3, 4), 5, "cm-1"),
            ("at", "naive_datetime"),
        ),
        (
            lambda: Contact("c", ContactMode.PHONE, AT, -1, "cm-1"),
            ("duration_minutes", "non_negative_int"),
        ),
        (
            lambda: Contact("c", ContactMode.PHONE, AT, True, "cm-1"),
            ("duration_minutes", "non_negative_int"),
        ),
        (lambda: Contact("c", "phone", AT, 5, "cm-1"), ("mode", "type")),  # type: ignore[arg-type]
        (lambda: Contact("c", ContactMode.PHONE, AT, 5, "cm-1", "pt-1"), ("with_whom", "type")),
        (lambda: Contact("c", ContactMode.PHONE, AT, 5, "cm-1", [3]), ("with_whom[0]", "type")),
        (lambda: CareTeam(members=None), ("members", "type")),  # type: ignore[arg-type]
        (lambda: Provider("1234567893", ProviderKind.OTHER), ("npi", "type")),  # type: ignore[arg-type]
        (lambda: Appointment("a", AT, "p", 30, "x\x00y"), ("purpose", "control_character")),
        (lambda: ContactPoint(ContactPointSystem.PHONE, "   "), ("value", "empty")),
    ],
)
def test_each_validator_names_the_field_and_the_rule(build, expected):
    """Wrong types, lengths, naive datetimes and negative counts are refused by field."""
    assert problem(build) == expected


def test_a_stdlib_aware_datetime_is_accepted():
    """Any aware datetime passes the gate, whatever its timezone class."""
    import datetime as dt

    at = dt.datetime(2025, 3, 4, 9, tzinfo=dt.timezone(dt.timedelta(hours=-5)))

    assert Contact("c", ContactMode.PHONE, at, 5, "cm-1").at == at


def test_event_data_may_be_left_out():
    """No data means an empty tuple of pairs."""
    event = CaseEvent(1, "e", "opened", None, "referred", AT, AT, "cm-1", None)  # type: ignore[arg-type]

    assert event.data == ()


def test_money_built_from_an_int_is_pointed_to_money_of():
    """Money's constructor wants a Decimal; Money.of converts the other exact inputs."""
    assert problem(lambda: Money(5, "USD")) == ("amount", "type")  # type: ignore[arg-type]
    assert Money.of(5, "USD").amount == 5


class _Pair(Sequence[str]):
    """A read-only sequence that is neither a list nor a tuple."""

    def __init__(self, *items: str) -> None:
        self._items = items

    def __getitem__(self, index):  # type: ignore[override]
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)


@pytest.mark.parametrize(
    "given", [["A"], ("A",), _Pair("A"), deque(["A"])], ids=["list", "tuple", "sequence", "deque"]
)
def test_a_tuple_field_takes_any_sequence_and_freezes_it(given):
    """freeze turns any sequence but text into a tuple, so tuple fields take lists and more."""
    name = PersonName("Synthetic", given)

    assert name.given == ("A",)
    assert type(name.given) is tuple


@pytest.mark.parametrize("given", ["Ann", b"Ann", {"A"}], ids=["str", "bytes", "set"])
def test_text_and_unordered_collections_are_not_frozen_into_tuples(given):
    """A string is not a sequence of names, and a set has no order: both are refused."""
    with pytest.raises(InvalidInputError) as caught:
        PersonName("Synthetic", given)

    assert [(p.path, p.code) for p in caught.value.problems] == [("given", "type")]


def test_freeze_keeps_a_tuple_as_it_is():
    """A tuple is already frozen: freeze gives back the very object."""
    given = ("A", "B")

    assert v.freeze(given) is given
