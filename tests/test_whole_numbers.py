"""Every whole number casekit stores fits I-JSON's range, so every JSON reader keeps it exactly.

Python's int has no limit, but JSON readers in other languages hold numbers as doubles, and
`to_json` could not even write an int of more than 4,300 digits. Each field that stores a whole
number accepts 2**53 - 1 and refuses 2**53 with the code ``too_large``, through every door.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pendulum
import pytest

from casekit import to_dict
from casekit.case import CareModel, Case, CaseEvent, Contact, ContactMode, record_contact
from casekit.codes import Code, CodeSystem
from casekit.coverage import Authorization, DayRange, Limit, Measure, MedicalNecessity, ServiceLine
from casekit.errors import InvalidDefinitionError, InvalidInputError
from casekit.lifecycle import Deadline, open_case
from casekit.money import Money
from casekit.people import CaseManager, Patient, PersonName
from casekit.periods import DateRange
from casekit.rules import Reason, age_between, count_below, load_rules
from casekit.serialization import _case, from_dict
from casekit.serialization._event_log import NotFast

TOP = 2**53 - 1
MESSAGE = "must be at most 2**53 - 1, the largest whole number every JSON reader keeps"
AT = pendulum.datetime(2025, 3, 3, 9, tz="UTC")
CPT = Code(CodeSystem.CPT, "99213")
USD = Money.of("10", "USD")
YEAR = DateRange.of("2025-01-01", "2025-12-31")

BUILDERS: dict[str, tuple[Callable[[int], object], str]] = {
    "CaseEvent.seq": (lambda n: CaseEvent(n, "e", "hold", "a", "b", AT, AT, "cm-1"), "seq"),
    "Contact.duration_minutes": (
        lambda n: Contact("ct-1", ContactMode.PHONE, AT, n, "cm-1"),
        "duration_minutes",
    ),
    "Limit.max": (lambda n: Limit(Measure.VISITS, n), "max"),
    "DayRange.first": (DayRange, "first"),
    "DayRange.reserve": (lambda n: DayRange(1, reserve=n), "reserve"),
    "MedicalNecessity.min_age": (lambda n: MedicalNecessity(min_age=n), "min_age"),
    "MedicalNecessity.max_age": (lambda n: MedicalNecessity(max_age=n), "max_age"),
    "ServiceLine.line_number": (lambda n: ServiceLine(n, CPT, AT.date(), USD), "line_number"),
    "ServiceLine.units": (lambda n: ServiceLine(1, CPT, AT.date(), USD, units=n), "units"),
    "Authorization.units": (lambda n: Authorization("PA-1", CPT, n, YEAR), "units"),
    "Deadline.within": (lambda n: Deadline("d", n, start_event="accept"), "within"),
    "Reason params": (lambda n: Reason.of("x", n=n), "params"),
    "Reason params, negative": (lambda n: Reason.of("x", n=-n), "params"),
}


@pytest.mark.parametrize("name", list(BUILDERS))
def test_the_largest_safe_integer_is_kept(name: str) -> None:
    """2**53 - 1 is accepted and kept as it is."""
    build, _ = BUILDERS[name]

    assert str(TOP) in repr(to_dict(build(TOP)))


@pytest.mark.parametrize("name", list(BUILDERS))
def test_one_more_is_refused_with_its_field_and_code(name: str) -> None:
    """2**53 is refused, naming the field, with the code too_large."""
    build, field = BUILDERS[name]

    with pytest.raises(InvalidInputError) as caught:
        build(TOP + 1)

    assert [tuple(p) for p in caught.value.problems] == [(field, "too_large", MESSAGE)]


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda n: age_between(at_least=n), "at_least"),
        (lambda n: age_between(at_most=n), "at_most"),
        (lambda n: count_below(n, fact="visits"), "limit"),
    ],
    ids=["at_least", "at_most", "count_below"],
)
def test_rule_bounds_past_the_range_are_definition_errors(build: Any, field: str) -> None:
    """A rule's whole-number bounds are held to the same range, as definition errors."""
    build(TOP)
    with pytest.raises(InvalidDefinitionError) as caught:
        build(TOP + 1)

    assert [tuple(p) for p in caught.value.problems] == [(field, "too_large", MESSAGE)]


def test_rule_data_past_the_range_is_refused_with_its_path() -> None:
    """Rule data read by load_rules names the key holding the number."""
    load_rules({"count_below": {"fact": "visits", "limit": TOP}})
    with pytest.raises(InvalidDefinitionError) as caught:
        load_rules({"all_of": [{"count_below": {"fact": "visits", "limit": TOP + 1}}]})

    assert [tuple(p) for p in caught.value.problems] == [
        ("all_of[0].count_below.limit", "too_large", MESSAGE)
    ]


def test_a_document_past_the_range_is_refused_whichever_reader_takes_it() -> None:
    """from_dict of a case whose event or contact holds 2**53 names it; the hand-written
    event-log reader never accepts what the general path refuses."""
    patient = Patient("pt-1", PersonName("Synthetic"), pendulum.date(1980, 1, 1))
    case = open_case(
        "case-1",
        patient=patient,
        manager=CaseManager("cm-1"),
        model=CareModel.CLINICAL,
        at=AT,
        by="cm-1",
    )
    case = record_contact(
        case, Contact("ct-1", ContactMode.PHONE, AT, 15, "cm-1"), at=AT, by="cm-1"
    )
    document = to_dict(case)
    assert from_dict(document, Case) == case
    seq = copy.deepcopy(document)
    seq["history"][1]["seq"] = TOP + 1
    long = copy.deepcopy(document)
    long["history"][1]["payload"]["duration_minutes"] = TOP + 1

    for bad, path in ((seq, "history[1].seq"), (long, "history[1].payload.duration_minutes")):
        with pytest.raises(InvalidInputError) as caught:
            from_dict(bad, Case)
        assert (path, "too_large") in [(p.path, p.code) for p in caught.value.problems]
        with pytest.raises(NotFast):  # the fast reader sends it the general way
            _case._read_history_fast(bad["history"], {})
