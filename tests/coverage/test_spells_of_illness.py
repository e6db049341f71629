"""Spells of illness: a spell ends after its gap of days without care, to the day.

`adjudicate` opens and extends spells and counts care in them; `check_coverage` reads the
open spell, and what adjudication counted, to say what remains.
"""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest
from coverage_helpers import YEAR_2025, empty, line, policy_for, usd
from coverage_scenarios import ON, SCREEN, SCREENS, covered, in_network, screening
from hypothesis import example, given
from hypothesis import strategies as st

from casekit.coverage import (
    Accumulators,
    Benefit,
    Coverage,
    CoverageAnswer,
    Limit,
    Measure,
    Plan,
    ServiceLine,
    Spell,
    SpellOfIllness,
    Tier,
    TierTerms,
    adjudicate,
    check_coverage,
)
from casekit.rules import Reason

_ADMITTED = pendulum.date(2025, 3, 1)
_DISCHARGED = pendulum.date(2025, 3, 11)  # ten days from 1 March: the last day of care


def _stay_and_office_plan() -> Plan:
    """A spell-of-illness plan: inpatient stays (21) and office visits (11) both counted."""
    return Plan(
        "spells",
        tiers=[TierTerms(Tier.IN)],
        benefits=[
            Benefit("stay", places_of_service=("21",), limits=[Limit(Measure.DAYS, 1000)]),
            Benefit("office", places_of_service=("11",), limits=[Limit(Measure.VISITS, 1000)]),
        ],
        benefit_period=SpellOfIllness(),
    )


def _after_stay(*later: ServiceLine) -> tuple[list[str], list[tuple[str, str]]]:
    """Return the periods counted and the spells after a ten-day stay then *later* lines."""
    stay = line(1, "900", on=_ADMITTED, units=10, place_of_service="21")
    result = adjudicate(policy_for(_stay_and_office_plan()), [stay, *later], accumulators=empty())
    periods = sorted({f"{e.bucket}:{e.period}" for e in result.accumulators.entries})
    spells = [(str(s.start), str(s.last_care)) for s in result.accumulators.spells]
    return periods, spells


@pytest.mark.parametrize(
    ("gap", "same_spell"),
    [(59, True), (60, True), (61, False)],
)
def test_an_admission_starts_a_new_spell_only_after_sixty_clear_days(
    gap: int, *, same_spell: bool
) -> None:
    """Sixty days in a row without care end the spell: day 61 after the last day starts anew."""
    day = _DISCHARGED.add(days=gap)
    periods, spells = _after_stay(line(2, "100", on=day, units=2, place_of_service="21"))

    if same_spell:
        assert periods == ["stay:2025-03-01/.."]
        assert spells == [("2025-03-01", str(day.add(days=2)))]
    else:
        assert periods == ["stay:2025-03-01/..", f"stay:{day}/.."]
        assert spells == [(str(day), str(day.add(days=2)))]


@pytest.mark.parametrize(
    ("gap", "period"),
    [(60, "2025-03-01/.."), (61, "no-spell")],
)
def test_other_care_counts_in_the_open_spell_until_it_ends(gap: int, period: str) -> None:
    """An office visit within the sixty days counts in the spell; after them, in no spell."""
    visit = line(2, "100", on=_DISCHARGED.add(days=gap), place_of_service="11")

    periods, spells = _after_stay(visit)

    assert periods == sorted([f"office:{period}", "stay:2025-03-01/.."])
    assert spells == [("2025-03-01", "2025-03-11")]


def _screening_spell_plan(gap_days: int) -> Plan:
    """Return a plan whose benefit period is a spell of illness ending after *gap_days*."""
    return Plan(
        "spells",
        tiers=[TierTerms(Tier.IN)],
        benefit_period=SpellOfIllness(gap_days=gap_days),
        benefits=[Benefit("screen", codes=SCREENS, limits=[Limit(Measure.DAYS, 20)])],
    )


@example(gap_days=10, since=10)  # the last day of the spell
@example(gap_days=10, since=11)  # the first day after it
@example(gap_days=0, since=0)
@example(gap_days=0, since=1)
@given(
    gap_days=st.integers(min_value=0, max_value=90), since=st.integers(min_value=0, max_value=120)
)
def test_a_spell_stays_open_for_its_gap_days_after_the_last_care(gap_days: int, since: int) -> None:
    """The open spell's days count while the days since last care are at most the gap."""
    last_care = ON.subtract(days=since)
    spell = Spell("00", last_care, last_care)
    acc = Accumulators(spells=[spell]).add(
        ("member:00", "screen", "days", spell.label), Decimal(20)
    )

    answer = check_coverage(
        policy_for(_screening_spell_plan(gap_days)), in_network(), on=ON, accumulators=acc
    )

    in_spell = since <= gap_days
    assert answer.details == (("screen.days_remaining", 0 if in_spell else 20),)


def test_spells_in_the_accumulators_do_not_matter_to_a_plan_without_spells() -> None:
    """A calendar-year plan ignores the member's open spell and counts by year."""
    acc = Accumulators(spells=[Spell("00", ON, ON)]).add(
        ("member:00", "screen", "visits", YEAR_2025), Decimal(1)
    )

    answer = check_coverage(
        policy_for(screening(limits=[Limit(Measure.VISITS, 3)])),
        in_network(),
        on=ON,
        accumulators=acc,
    )

    assert answer == covered(details=(("screen.visits_remaining", 2),))


def test_check_reads_what_adjudication_counted_outside_any_spell() -> None:
    """Visits adjudicated outside a spell count against the check's answer for the next one."""
    plan = Plan(
        "spells",
        tiers=[TierTerms(Tier.IN)],
        benefit_period=SpellOfIllness(gap_days=10),
        benefits=[Benefit("home", codes=SCREENS, limits=[Limit(Measure.VISITS, 2)])],
    )
    policy = policy_for(plan)
    lines = [
        line(n, "100", code=SCREEN, on=pendulum.date(2025, 4, n), place_of_service="12")
        for n in (1, 2)
    ]
    acc = adjudicate(policy, lines, accumulators=empty()).accumulators

    answer = check_coverage(policy, in_network(place_of_service="12"), on=ON, accumulators=acc)

    assert answer == CoverageAnswer(
        Coverage.NOT_COVERED,
        reasons=(
            Reason.of(
                "coverage.limit_reached", benefit="home", counter="home", measure="visits", max="2"
            ),
        ),
        details=(("home.visits_remaining", 0),),
        benefit="home",
    )


def test_a_calendar_year_plan_with_a_limit_per_spell_names_the_year_on_its_first_line() -> None:
    """A plan counting in calendar years with one limit per spell of illness: the first line
    of a date names the year as its period and counts its deductible in the year, and its
    days in the spell it opens."""
    plan = Plan(
        "year-and-spell",
        tiers=[TierTerms(Tier.IN, deductible=usd("100"))],
        benefits=[Benefit("stay", limits=[Limit(Measure.DAYS, 100, per=SpellOfIllness())])],
    )
    stay = line(1, "900", on=_ADMITTED, units=10, place_of_service="21")

    result = adjudicate(policy_for(plan), [stay], accumulators=empty())

    assert result.decisions[0].period == YEAR_2025
    assert sorted(
        (e.bucket, e.measure, e.period, e.value) for e in result.accumulators.entries
    ) == [
        ("in", "deductible", YEAR_2025, Decimal(100)),
        ("stay", "days", f"{_ADMITTED.isoformat()}/..", Decimal(10)),
    ]


def test_check_of_an_admission_reads_the_spell_it_opens_not_care_outside_any_spell() -> None:
    """With no spell open, an inpatient stay opens one: the check reads the new spell's 100
    days, not the 100 days counted outside any spell."""
    plan = Plan(
        "spell-check",
        tiers=[TierTerms(Tier.IN)],
        benefit_period=SpellOfIllness(),
        benefits=[Benefit("stay", limits=[Limit(Measure.DAYS, 100, per=SpellOfIllness())])],
    )
    acc = empty().add(("member:00", "stay", "days", "no-spell"), Decimal(100))
    admission = in_network(place_of_service="21", units=5)

    answer = check_coverage(policy_for(plan), admission, on=ON, accumulators=acc)

    assert (answer.covered, answer.details) == (Coverage.COVERED, (("stay.days_remaining", 100),))
