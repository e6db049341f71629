"""Adjudication behaviours: each denial code, limits, authorisations, order and errors."""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest
from coverage_helpers import OFFICE, empty, line, policy_for, simple_plan, usd

from casekit.codes import Code, CodeSet, CodeSystem
from casekit.coverage import (
    Accumulators,
    Adjudication,
    Authorization,
    Benefit,
    CopayTiming,
    CostShare,
    CoverageLevel,
    FeeScheduleEntry,
    Limit,
    Measure,
    MedicalNecessity,
    Plan,
    Status,
    Tier,
    TierTerms,
    adjudicate,
)
from casekit.errors import InvalidInputError
from casekit.periods import DateRange, Lifetime

THERAPY = Code(CodeSystem.CPT, "97110")
COSMETIC = Code(CodeSystem.CPT, "15780")
SCREEN = Code(CodeSystem.CPT, "77067")
_PERIOD = "2025-01-01/2025-12-31"


def plan() -> Plan:
    """Return a plan with one benefit per rule under test."""
    return Plan(
        "rules",
        tiers=[TierTerms(Tier.IN, deductible=usd("200"), out_of_pocket_max=usd("1000"))],
        benefits=[
            Benefit(
                "cosmetic",
                codes=CodeSet.of(CodeSystem.CPT, "15780", name="cosmetic"),
                covered=False,
            ),
            Benefit(
                "therapy",
                codes=CodeSet.of(CodeSystem.CPT, "97110-97546", name="therapy"),
                cost_shares=[CostShare(Tier.IN, copay=usd("25"), deductible_applies=False)],
                limits=[Limit(Measure.UNITS, 6)],
                prior_authorization=True,
            ),
            Benefit(
                "screening",
                codes=CodeSet.of(CodeSystem.CPT, "77067", name="mammography"),
                medical_necessity=MedicalNecessity(
                    diagnoses=CodeSet.of(CodeSystem.ICD10CM, "Z12.31", name="screening dx"),
                    min_age=40,
                    sexes=("female",),
                ),
                cost_shares=[CostShare(deductible_applies=False)],
            ),
            Benefit(
                "specialist",
                codes=CodeSet.of(CodeSystem.CPT, "99244", name="consult"),
                referral=True,
                waiting_period_days=90,
            ),
            Benefit(
                "office",
                codes=CodeSet.of(CodeSystem.CPT, "99213", name="office"),
                cost_shares=[CostShare(Tier.IN, copay=usd("30"), deductible_applies=False)],
                limits=[Limit(Measure.VISITS, 2)],
            ),
        ],
        fee_schedule=[FeeScheduleEntry(THERAPY, usd("40"))],
    )


def run(*lines, acc: Accumulators | None = None, auths=(), **policy) -> Adjudication:
    return adjudicate(
        policy_for(plan(), **policy), lines, accumulators=acc or empty(), authorizations=auths
    )


AUTH = Authorization("PA-9", THERAPY, 6, DateRange.of("2025-01-01", "2025-06-30"))


@pytest.mark.parametrize(
    ("service", "expected"),
    [
        (line(1, "100", on=pendulum.date(2024, 12, 31)), "CO-26"),
        (line(1, "100", on=pendulum.date(2026, 1, 1)), "CO-27"),
        (line(1, "100", code=COSMETIC), "CO-96"),
        (line(1, "100", code=Code(CodeSystem.CPT, "10060")), "CO-96"),
        (line(1, "100", code=OFFICE, network=Tier.OUT), "PR-242"),
        (line(1, "100", code=Code(CodeSystem.CPT, "99244"), referral=True), "CO-26"),
        (
            line(1, "100", code=Code(CodeSystem.CPT, "99244"), on=pendulum.date(2025, 6, 1)),
            "CO-288",
        ),
        (line(1, "100", code=THERAPY), "CO-197"),
        (line(1, "100", code=SCREEN, diagnoses=(Code(CodeSystem.ICD10CM, "I10"),)), "CO-50"),
    ],
)
def test_each_denial_carries_its_adjustment_code_and_a_reason(service, expected: str) -> None:
    """A denied line pays nothing, carries its CARC and at least one reason."""

    d = run(service, birth_date=pendulum.date(1970, 1, 1), sex="female").decisions[0]

    assert (d.status, d.adjustment_codes, d.plan_paid) == (Status.DENIED, (expected,), usd("0"))
    assert d.reasons
    assert all(r.message() for r in d.reasons)
    assert not d.trace.passed


def test_missing_facts_make_a_line_pending() -> None:
    """Medical-necessity criteria without diagnoses, birth date or sex leave the line pending."""

    d = run(line(1, "100", code=SCREEN)).decisions[0]

    assert d.status is Status.PENDING
    assert {r.param("what") for r in d.reasons} == {"diagnoses", "birth_date", "sex"}
    assert d.adjustments == ()
    assert "facts_known(screening)" in d.trace.render()


def test_medical_necessity_reasons_come_from_the_rule_kernel() -> None:
    """Each unmet criterion is its own reason, and the kernel's trace is kept."""

    d = run(
        line(1, "100", code=SCREEN, diagnoses=(Code(CodeSystem.ICD10CM, "I10"),)),
        birth_date=pendulum.date(2000, 1, 1),
        sex="male",
    ).decisions[0]

    codes = [r.code for r in d.reasons]
    assert codes[0] == "coverage.not_medically_necessary"
    assert len(codes) == 4
    assert "age=[private]" in d.trace.render()


def test_covered_screening_keeps_the_kernel_trace() -> None:
    """A covered line's trace holds the criteria it met and the amounts."""

    d = run(
        line(1, "100", code=SCREEN, diagnoses=(Code(CodeSystem.ICD10CM, "Z12.31"),)),
        birth_date=pendulum.date(1970, 1, 1),
        sex="female",
    ).decisions[0]

    assert d.status is Status.COVERED
    assert d.plan_paid == usd("100")
    assert "medically_necessary(screening)" in d.trace.render()


def test_authorised_units_are_used_up_across_calls() -> None:
    """Units are drawn from the authorisation; a later call sees what is left."""

    first = run(line(1, "300", code=THERAPY, units=4), auths=(AUTH,))
    again = run(line(2, "300", code=THERAPY, units=4), acc=first.accumulators, auths=(AUTH,))

    d1, d2 = first.decisions[0], again.decisions[0]
    assert d1.status is Status.COVERED
    assert d1.allowed == usd("160")  # the fee schedule: 4 x 40
    assert d1.adjustment_codes == ("CO-45", "PR-3")
    assert d2.adjustment_codes == ("CO-198",)
    assert "authorization=PA-9" in d1.trace.render()


def test_a_unit_limit_covers_part_of_a_line_and_the_rest_is_written_off() -> None:
    """Four of eight units fit the limit; the provider writes off the rest (CO-119)."""

    big_auth = Authorization("PA-10", THERAPY, 100, DateRange.of("2025-01-01", "2025-12-31"))
    acc = empty().add(("member:00", "therapy", "units", _PERIOD), Decimal(2))
    d = run(line(1, "400", code=THERAPY, units=8), acc=acc, auths=(big_auth,)).decisions[0]

    assert d.status is Status.COVERED
    assert d.adjustment_codes == ("CO-45", "CO-119", "PR-3")
    assert d.allowed == usd("160")
    assert d.plan_paid + d.patient_share == d.allowed
    assert d.reasons[0].code == "coverage.partly_covered"


def test_a_visit_limit_denies_once_reached() -> None:
    """The third office visit of the year is over the two-visit limit."""

    days = [pendulum.date(2025, m, 1) for m in (3, 1, 2)]
    result = run(*(line(i, "90", code=OFFICE, on=day) for i, day in enumerate(days, 1)))

    assert [d.line_number for d in result.decisions] == [2, 3, 1]
    assert [d.status for d in result.decisions] == [Status.COVERED] * 2 + [Status.DENIED]
    assert result.decisions[-1].adjustment_codes == ("CO-119",)
    assert "count_below(office.visits, 2)" in result.decisions[-1].trace.render()


def test_copay_after_deductible_and_counting_toward_it() -> None:
    """The deductible comes first; then the copay, which also counts toward the deductible."""

    p = Plan(
        "c",
        tiers=[TierTerms(Tier.IN, deductible=usd("100"))],
        benefits=[
            Benefit(
                "b",
                cost_shares=[
                    CostShare(
                        copay=usd("30"),
                        copay_timing=CopayTiming.AFTER_DEDUCTIBLE,
                        copay_counts_toward_deductible=True,
                    )
                ],
            )
        ],
    )
    acc = empty().add(("member:00", "in", "deductible", _PERIOD), Decimal(50))
    result = adjudicate(policy_for(p), [line(1, "200")], accumulators=acc)

    d = result.decisions[0]
    assert (d.deductible, d.copay, d.plan_paid) == (usd("50"), usd("30"), usd("120"))
    assert result.accumulators.get(("member:00", "in", "deductible", _PERIOD)) == 100


def test_first_visits_skip_the_deductible_and_coinsurance_is_capped() -> None:
    """The first two visits skip the deductible; coinsurance stops at its maximum."""

    p = Plan(
        "w",
        tiers=[TierTerms(Tier.IN, deductible=usd("1000"))],
        benefits=[
            Benefit(
                "b",
                cost_shares=[
                    CostShare(
                        coinsurance=Decimal("0.5"),
                        deductible_waived_visits=2,
                        coinsurance_max=usd("60"),
                    )
                ],
            )
        ],
    )
    days = [pendulum.date(2025, 1, d) for d in (1, 2, 3)]
    result = adjudicate(
        policy_for(p),
        [line(i, "100", on=day) for i, day in enumerate(days, 1)],
        accumulators=empty(),
    )

    d1, d2, d3 = result.decisions
    assert (d1.deductible, d1.coinsurance) == (usd("0"), usd("50"))
    assert (d2.deductible, d2.coinsurance) == (usd("0"), usd("10"))
    assert (d3.deductible, d3.coinsurance) == (usd("100"), usd("0"))


def test_family_embedded_deductible_caps_each_member_and_the_family() -> None:
    """An embedded family deductible: the member's own amount and the family's both apply."""

    p = Plan(
        "fam",
        tiers=[TierTerms(Tier.IN, deductible=usd("500"), family_deductible=usd("800"))],
        benefits=[Benefit("b")],
    )
    acc = empty().add(("family", "in", "deductible", _PERIOD), Decimal(700))
    policy = policy_for(p, coverage_level=CoverageLevel.FAMILY, member="01")
    d = adjudicate(policy, [line(1, "400")], accumulators=acc).decisions[0]

    assert d.deductible == usd("100")


def test_amount_limit_and_lifetime_period() -> None:
    """A lifetime amount limit covers what is left and then denies."""

    p = Plan(
        "amt",
        tiers=[TierTerms(Tier.IN)],
        benefits=[Benefit("b", limits=[Limit(Measure.AMOUNT, usd("150"), per=Lifetime())])],
    )
    result = adjudicate(
        policy_for(p), [line(1, "100"), line(2, "100"), line(3, "100")], accumulators=empty()
    )

    paid = [d.plan_paid for d in result.decisions]
    assert paid == [usd("100"), usd("50"), usd("0")]
    assert result.decisions[2].status is Status.DENIED


def test_invalid_input_is_refused_with_every_problem() -> None:
    """Duplicate line numbers, foreign currencies and wrong objects are listed together."""

    from casekit.money import Money

    bad = line(1, "10")
    euro = line(2, "10", allowed=None)
    euro = type(euro)(2, OFFICE, euro.service_date, Money.of("10", "EUR"))
    with pytest.raises(InvalidInputError) as info:
        adjudicate(
            policy_for(simple_plan()),
            [bad, bad, euro, "x"],  # type: ignore[list-item]
            accumulators=Accumulators.empty("EUR"),
        )

    assert len(info.value.problems) == 4
    with pytest.raises(InvalidInputError):
        adjudicate("policy", [], accumulators=empty())  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError):
        adjudicate(policy_for(simple_plan()), [], accumulators={})  # type: ignore[arg-type]


def test_decision_for_finds_a_line() -> None:
    """Adjudication results look up decisions by line number and total the amounts."""

    result = adjudicate(
        policy_for(simple_plan(coinsurance="0.2")), [line(7, "50")], accumulators=empty()
    )

    assert result.decision_for(7).line_number == 7
    assert result.patient_total("USD") == usd("10")
    assert result.plan_paid_total("USD") == usd("40")
    with pytest.raises(InvalidInputError):
        result.decision_for(8)
