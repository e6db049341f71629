"""Which benefit a service matches, and the price it is allowed at.

Dated codes match only on the days they are in force; a setting that decides the benefit is
asked for; a fee for the line's tier wins over the fee for every tier.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pendulum
import pytest
from coverage_helpers import empty, line, one_benefit_plan, policy_for, usd
from coverage_scenarios import (
    ON,
    OTHER,
    SCREEN,
    SCREENS,
    covered,
    in_network,
    not_covered,
    one_benefit,
    screening,
)

from casekit.codes import Code, CodeSet, CodeSetEntry, CodeSystem
from casekit.coverage import (
    Benefit,
    Coverage,
    CoverageAnswer,
    FeeScheduleEntry,
    InfoNeeded,
    Plan,
    PriorAuth,
    Service,
    Tier,
    TierTerms,
    adjudicate,
    check_coverage,
)
from casekit.rules import Reason


def test_a_tier_specific_fee_wins_over_the_fee_for_every_tier() -> None:
    """The fee schedule is read for the line's tier first, then for any tier."""
    office = Code(CodeSystem.CPT, "99213")
    plan = Plan(
        "fees",
        tiers=[TierTerms(Tier.IN), TierTerms(Tier.PREFERRED)],
        benefits=[Benefit("office")],
        fee_schedule=[
            FeeScheduleEntry(office, usd("80")),
            FeeScheduleEntry(office, usd("60"), tier=Tier.PREFERRED),
        ],
    )
    lines = [line(1, "100"), line(2, "100", network=Tier.PREFERRED)]

    result = adjudicate(policy_for(plan), lines, accumulators=empty())

    assert [str(d.allowed) for d in result.decisions] == ["80.00 USD", "60.00 USD"]


def test_a_dated_code_matches_only_on_the_days_it_is_in_force() -> None:
    """A code added to a benefit on 1 March matches from that day, not before, per line."""
    new_code = CodeSet(
        "new", CodeSystem.CPT, [CodeSetEntry("99213", effective_from=pendulum.date(2025, 3, 1))]
    )
    plan = one_benefit_plan(Benefit("new", codes=new_code))
    days = [pendulum.date(2025, 2, 28), pendulum.date(2025, 3, 1), pendulum.date(2025, 2, 27)]

    result = adjudicate(
        policy_for(plan),
        [line(i, "100", on=day) for i, day in enumerate(days, 1)],
        accumulators=empty(),
    )

    assert [d.adjustment_codes for d in result.decisions] == [("CO-96",), ("CO-96",), ()]


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (
            pendulum.date(2025, 2, 28),
            not_covered(
                Reason.of("coverage.no_matching_benefit", service="CPT|77067"), benefit=None
            ),
        ),
        (pendulum.date(2025, 3, 1), covered()),
    ],
)
def test_dated_code_sets_match_on_the_day_of_service(on: dt.date, expected: CoverageAnswer) -> None:
    """A code that enters the benefit's set on 1 March matches from that day, not before."""
    codes = CodeSet(
        name="screening",
        system=CodeSystem.CPT,
        entries=[CodeSetEntry("77067", effective_from=pendulum.date(2025, 3, 1))],
    )

    answer = check_coverage(
        policy_for(one_benefit(Benefit("screen", codes=codes))), in_network(), on=on
    )

    assert answer == expected


def test_a_service_no_benefit_matches_names_its_code() -> None:
    """With no benefit for the code, the reason names the service's code and no benefit."""

    answer = check_coverage(policy_for(screening()), Service(OTHER, network=Tier.IN), on=ON)

    assert answer == not_covered(
        Reason.of("coverage.no_matching_benefit", service="CPT|10060"), benefit=None
    )


def split_by_place() -> Plan:
    """Return a plan whose screening benefit differs in an office (11) and at home (12)."""
    return Plan(
        "split",
        tiers=[TierTerms(Tier.IN)],
        benefits=[
            Benefit("office", codes=SCREENS, places_of_service=("11",)),
            Benefit("home", codes=SCREENS, places_of_service=("12",)),
        ],
    )


def split_by_provider_kind() -> Plan:
    """Return a plan whose screening benefit differs for a physician and a nurse practitioner."""
    return Plan(
        "split",
        tiers=[TierTerms(Tier.IN)],
        benefits=[
            Benefit("by_md", codes=SCREENS, provider_kinds=("md",)),
            Benefit("by_np", codes=SCREENS, provider_kinds=("np",)),
        ],
    )


@pytest.mark.parametrize(
    ("plan", "service", "info"),
    [
        pytest.param(
            split_by_place(),
            Service(SCREEN, provider_kind="md"),
            InfoNeeded.LOCATION,
            id="place-decides",
        ),
        pytest.param(
            split_by_provider_kind(),
            Service(SCREEN, place_of_service="11"),
            InfoNeeded.PERFORMER,
            id="provider-kind-decides",
        ),
    ],
)
def test_an_unknown_setting_that_decides_the_benefit_is_asked_for(
    plan: Plan, service: Service, info: InfoNeeded
) -> None:
    """An unknown place asks for the location; a known place and unknown kind, the performer."""

    answer = check_coverage(policy_for(plan), service, on=ON)

    assert answer == CoverageAnswer(
        Coverage.CONDITIONAL,
        PriorAuth.CONDITIONAL,
        info_needed=(info,),
        reasons=(Reason.of("coverage.information_needed", benefit="-", what="setting"),),
    )


def _many_settings(places: int) -> Plan:
    """Sixteen benefits naming *places* places of service between them (four each, in turn),
    each for the same 63 provider kinds: the place decides the benefit, the kind does not;
    with the unknown place and kind, (places + 1) x 64 x 16 settings."""
    return Plan(
        "settings",
        tiers=[TierTerms(Tier.IN)],
        benefits=[
            Benefit(
                f"b{i}",
                places_of_service=tuple(
                    f"{n + 10:02d}" for n in range(4 * i, min(4 * i + 4, places))
                ),
                provider_kinds=tuple(f"k{n}" for n in range(63)),
            )
            for i in range(16)
        ],
    )


_BOTH = CoverageAnswer(
    Coverage.CONDITIONAL,
    PriorAuth.CONDITIONAL,
    info_needed=(InfoNeeded.LOCATION, InfoNeeded.PERFORMER),
    reasons=(Reason.of("coverage.information_needed", benefit="-", what="setting"),),
)


@pytest.mark.parametrize(("places", "tried"), [(63, True), (64, False)], ids=["at", "past"])
def test_a_service_of_unknown_setting_asks_for_both_only_past_the_settings_budget(
    places: int, *, tried: bool
) -> None:
    """Exactly 2**16 settings are each tried, and the answer asks for the place, which
    decides; one place more and the check asks for both place and performer untried."""
    answer = check_coverage(policy_for(_many_settings(places)), Service(SCREEN), on=ON)

    assert answer == (attrs.evolve(_BOTH, info_needed=(InfoNeeded.LOCATION,)) if tried else _BOTH)


def test_a_price_equal_to_the_charge_reads_as_the_charge() -> None:
    """A line charged 100.00 and priced at 100.000 is allowed its charge, written as the charge."""
    priced = line(1, "100.00", allowed=usd("100.000"))

    result = adjudicate(
        policy_for(one_benefit_plan(Benefit("office"))), [priced], accumulators=empty()
    )

    d = result.decisions[0]
    assert (str(d.billed), str(d.allowed), d.adjustment_codes) == (
        "100.00 USD",
        "100.00 USD",
        (),
    )
