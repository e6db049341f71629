"""Fields and verbs that took a wrong value and failed later now refuse it where it is given.

Found by tests/fuzz/test_constructors.py: each of these built an object that `to_json` could
not write (a bare TypeError, AttributeError or KeyError), or raised one itself.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pendulum
import pytest

from casekit import from_json, to_dict, to_json
from casekit.assessment import Assessment, RiskLevel
from casekit.careplan import Intervention
from casekit.case import CaseEvent, Contact, ContactMode, Referral
from casekit.codes import Code, CodeSystem
from casekit.coverage import CostShare
from casekit.errors import InvalidInputError
from casekit.lifecycle import STANDARD
from casekit.money import Money
from casekit.people import (
    ContactPoint,
    ContactPointSystem,
    ContactPointUse,
    Credential,
    Licence,
    LicenceStatus,
    Patient,
    PersonName,
)
from casekit.rules import DatedParameter

AT = pendulum.datetime(2025, 3, 3, 9, tz="UTC")
CPT = Code(CodeSystem.CPT, "97110")
NOT_A_DATE = "must be a date such as pendulum.date(2025, 1, 31); parse text first"
IDENTIFIER = (
    "must be 1-128 characters of letters, digits and . _ : - / starting with a letter or digit"
)
RECORD = (
    "must be a record: Opening, Assessment, Contact, Appointment, Referral, Outcome, CarePlan "
    "or CaseManager"
)


def _event(**change: Any) -> CaseEvent:
    fields: dict[str, Any] = {
        "seq": 2,
        "event_id": "e2",
        "name": "hold",
        "from_state": "referred",
        "to_state": "on_hold",
        "at": AT,
        "recorded_at": AT,
        "by": "cm-1",
    }
    return CaseEvent(**{**fields, **change})


BAD: list[tuple[str, Callable[[], object], tuple[str, str, str]]] = [
    (
        "event from_state",
        lambda: _event(from_state="on hold"),
        ("from_state", "identifier", IDENTIFIER),
    ),
    ("event to_state", lambda: _event(to_state=None), ("to_state", "identifier", IDENTIFIER)),
    ("event payload", lambda: _event(payload="x"), ("payload", "type", RECORD)),
    (
        "event payload of a record's subclass",
        lambda: _event(
            payload=type("Mine", (Contact,), {})("ct-1", ContactMode.PHONE, AT, 5, "cm-1")
        ),
        ("payload", "type", RECORD),
    ),
    (
        "referral service",
        lambda: Referral("rf-1", "prov-1", AT, service="CPT|97110"),
        ("service", "type", "must be Code or None"),
    ),
    (
        "intervention service",
        lambda: Intervention("i-1", "walk", service=10**5000),
        ("service", "type", "must be Code or None"),
    ),
    (
        "assessment risk",
        lambda: Assessment("as-1", AT, "cm-1", risk="high"),
        ("risk", "type", "must be RiskLevel or None"),
    ),
    (
        "contact point use",
        lambda: ContactPoint(ContactPointSystem.PHONE, "+1 555 0100", use="home"),
        ("use", "type", "must be ContactPointUse or None"),
    ),
    (
        "age on text",
        lambda: Patient("pt-1", PersonName("Synthetic"), pendulum.date(1990, 5, 17)).age_on(
            "2025-01-01"
        ),
        ("on", "type", NOT_A_DATE),
    ),
    (
        "licence current on None",
        lambda: Licence(Credential.RN, LicenceStatus.ACTIVE).is_current_on(None),  # type: ignore[arg-type]
        ("on", "type", NOT_A_DATE),
    ),
    (
        "a workflow written as JSON",
        lambda: to_json(STANDARD),
        (
            "$",
            "type",
            (
                "a Workflow holds guard functions, which JSON cannot hold; write its definition "
                "with casekit.lifecycle.dump_workflow"
            ),
        ),
    ),
    (
        "a value JSON cannot hold",
        lambda: to_json({"a": object()}),
        ("$", "not_json", "holds a value JSON cannot hold; build it with casekit's own types"),
    ),
    (
        "money with more than 60 places",
        lambda: to_json(Money(Decimal("1E-61"), "USD")),
        (
            "$",
            "decimal_range",
            "holds a number with more than 18 whole digits or 60 decimal places; round it first",
        ),
    ),
]


@pytest.mark.parametrize(("call", "expected"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_a_wrong_value_is_refused_where_it_is_given(call, expected):
    """Each gives exactly one problem: where, which rule, and how to fix it."""
    with pytest.raises(InvalidInputError) as caught:
        call()

    assert [tuple(p) for p in caught.value.problems] == [expected]


def test_the_right_values_are_still_taken():
    """The checks take what the fields hold."""
    patient = Patient("pt-1", PersonName("Synthetic"), pendulum.date(1990, 5, 17))

    assert _event(from_state=None, payload=None).from_state is None
    assert Referral("rf-1", "prov-1", AT, service=CPT).service == CPT
    assert Intervention("i-1", "walk", service=CPT).service == CPT
    assert Assessment("as-1", AT, "cm-1", risk=RiskLevel.LOW).risk is RiskLevel.LOW
    assert ContactPoint(ContactPointSystem.PHONE, "x", use=ContactPointUse.HOME).use is not None
    assert patient.age_on(pendulum.date(2025, 5, 17)) == 35
    assert patient.age_on(pendulum.date(2025, 5, 16)) == 34
    assert Licence(Credential.RN, LicenceStatus.ACTIVE).is_current_on(pendulum.date(2025, 1, 1))


@pytest.mark.parametrize(
    "value",
    [
        Money(Decimal("1E-13"), "USD"),
        Money(Decimal("0E-30"), "USD"),
        Money(Decimal("-0.000000000000000000000000000000000000000000000000000000000001"), "EUR"),
        Money.of("10.005", "USD") * Decimal("0.123456789012345"),
        Money.of("999999999999999999.999999999999", "USD"),
        CostShare(coinsurance=Decimal("0.12345678901234567890")),
    ],
    ids=["13 places", "zero, 30 places", "60 places", "a product", "the largest", "a share"],
)
def test_precise_decimals_read_back_exactly(value):
    """Decimals up to 18 whole digits and 60 places, as money arithmetic gives them, round trip."""
    assert from_json(to_json(value), type(value)) == value


def test_a_generic_class_is_read_as_a_json_object():
    """A parametrised attrs class (DatedParameter[Money]) is an object, not a wrapped scalar."""
    parameter = DatedParameter(pendulum.date(2025, 1, 1), Money.of("1676", "USD"), "CMS")

    assert from_json(to_json(parameter), DatedParameter[Money]) == parameter
    assert to_dict(parameter)["value"] == {"amount": "1676", "currency": "USD"}
