"""Only casekit errors from coverage: hostile numbers and dates give clean decisions, and
bad definitions give a CaseKitError naming the field, never a raw ValueError or
OverflowError from inside."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest
from coverage_helpers import empty, line, usd
from hypothesis import given
from hypothesis import strategies as st

from casekit.codes import Code, CodeSystem
from casekit.coverage import (
    FeeScheduleEntry,
    Policy,
    Service,
    Status,
    Tier,
    adjudicate,
    check_coverage,
    load_plan,
    part_a_plan,
)
from casekit.errors import CaseKitError, InvalidInputError
from casekit.money import Money
from casekit.periods import DateRange

STAY = Code(CodeSystem.LOCAL, "stay")
LAST = dt.date.max
# Lines of up to 2**53 - 1 units, past the default units_per_line budget on purpose.
pytestmark = pytest.mark.usefixtures("units_past_any_line")


def _part_a_policy(start: dt.date, end: dt.date) -> Policy:
    return Policy(part_a_plan(on=pendulum.date(2025, 1, 1)), DateRange(start, end), member_id="M1")


def test_a_part_a_stay_of_more_days_than_the_calendar_holds_is_decided() -> None:
    """A stay whose last day would pass 9999-12-31 is decided; the spell ends on that day."""
    policy = _part_a_policy(dt.date(2025, 1, 1), LAST)
    stay = line(1, "1000000000000.00", code=STAY, units=3_000_000, place_of_service="21")

    result = adjudicate(policy, [stay], accumulators=empty())

    assert result.decisions[0].status is Status.COVERED
    assert result.accumulators.spells[0].last_care == LAST


def test_a_part_a_stay_on_the_last_date_there_is_is_decided() -> None:
    """A stay admitted on 9999-12-31 is decided and its spell ends that day."""
    policy = _part_a_policy(dt.date(2025, 1, 1), LAST)
    stay = line(1, "1000.00", on=LAST, code=STAY, units=3, place_of_service="21")

    result = adjudicate(policy, [stay], accumulators=empty())

    assert result.decisions[0].status is Status.COVERED
    assert result.accumulators.spells[0].start == LAST


def test_a_part_a_stay_denied_before_coverage_starts_opens_no_spell() -> None:
    """A stay before the coverage period is denied and changes nothing, whatever its size."""
    policy = _part_a_policy(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    stay = line(
        1, "1000.00", on=dt.date(2024, 12, 1), code=STAY, units=2**53 - 1, place_of_service="21"
    )

    result = adjudicate(policy, [stay], accumulators=empty())

    assert result.decisions[0].status is Status.DENIED
    assert result.accumulators == empty()


@given(
    on=st.dates(min_value=dt.date(1, 1, 1), max_value=LAST),
    units=st.integers(min_value=1, max_value=2**53 - 1),
    place=st.sampled_from(["21", "31", "11"]),
)
def test_part_a_lines_at_any_date_and_size_give_a_decision(
    on: dt.date, units: int, place: str
) -> None:
    """Any admission date and any number of days give a decision, never a raw exception."""
    policy = _part_a_policy(dt.date(1, 1, 1), LAST)
    stay = line(1, "1000.00", on=on, code=STAY, units=units, place_of_service=place)
    again = line(2, "1000.00", on=on, code=STAY, units=units, place_of_service=place)

    result = adjudicate(policy, [stay, again], accumulators=empty())

    assert len(result.decisions) == 2
    service = Service(STAY, units=units, place_of_service=place, network=Tier.IN)
    check_coverage(policy, service, on=on, accumulators=result.accumulators)


def test_a_negative_fee_schedule_amount_is_refused() -> None:
    """A fee schedule pays nobody a negative amount: the entry is refused at its field."""
    with pytest.raises(InvalidInputError) as caught:
        FeeScheduleEntry(Code(CodeSystem.CPT, "99213"), Money.of("-1.00", "USD"))

    assert [p.path for p in caught.value.problems] == ["amount"]


def test_a_plan_document_with_a_negative_fee_is_refused_at_its_path() -> None:
    """load_plan names the entry's amount, as every other loader error does."""
    data = {
        "id": "fees",
        "tiers": [{"tier": "in"}],
        "benefits": [{"id": "all"}],
        "fee_schedule": [{"code": "CPT|99213", "amount": {"amount": "-92.00", "currency": "USD"}}],
    }

    with pytest.raises(CaseKitError) as caught:
        load_plan(data)

    assert "fee_schedule[0].amount" in str(caught.value)
    assert "-92" not in str(caught.value)


def test_a_zero_fee_schedule_amount_is_allowed() -> None:
    """Zero is a fee (a service the plan prices at nothing); only below zero is refused."""
    assert FeeScheduleEntry(Code(CodeSystem.CPT, "99213"), usd("0")).amount == usd("0")
