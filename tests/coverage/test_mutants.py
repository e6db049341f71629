"""Adjudication pinned exactly: whole traces, amounts and accumulators (found by mutation testing).

The other coverage tests check behaviours one property at a time; the tests here pin whole
results, so that a change to any node of a trace, any amount or any counter is caught. Each
scenario was worked by hand before it was pinned.
"""

from __future__ import annotations

from decimal import Decimal

import attrs
import pendulum
import pytest
from coverage_helpers import YEAR_2025, empty, line, one_benefit_plan, policy_for, usd

from casekit.codes import Code, CodeSet, CodeSetEntry, CodeSystem
from casekit.coverage import (
    Accumulators,
    Adjudication,
    Authorization,
    Benefit,
    CopayTiming,
    CostShare,
    CoverageLevel,
    DayRange,
    Decision,
    FamilyMode,
    FeeScheduleEntry,
    Liability,
    Limit,
    Measure,
    MedicalNecessity,
    Plan,
    Policy,
    ServiceLine,
    SpellOfIllness,
    Tier,
    TierTerms,
    _compiled,
    adjudicate,
)
from casekit.errors import InvalidInputError
from casekit.money import Money
from casekit.periods import DateRange, PlanYear
from casekit.rules import Trace

KNEE = Code(CodeSystem.CPT, "27447")
OA = (Code(CodeSystem.ICD10CM, "M17.11"),)


def outline(trace: Trace, depth: int = 0) -> list[str]:
    """Return *trace* as lines: passed (✓/✗), decisive (! or ·), rule and inputs, indented."""
    mark = ("✓" if trace.passed else "✗") + ("!" if trace.decisive else "·")
    inputs = "  ".join(f"{name}={value}" for name, value in trace.inputs)
    lines = [f"{'  ' * depth}{mark} {trace.rule}" + (f"  {inputs}" if inputs else "")]
    for child in trace.children:
        lines += outline(child, depth + 1)
    return lines


def knee_plan() -> Plan:
    """A benefit that uses every check: waiting period, necessity, referral, authorisation."""
    return Plan(
        "full",
        tiers=[TierTerms(Tier.IN, deductible=usd("500"), out_of_pocket_max=usd("2000"))],
        benefits=[
            Benefit(
                "knee",
                codes=CodeSet.of(CodeSystem.CPT, "27447", name="knee"),
                waiting_period_days=30,
                medical_necessity=MedicalNecessity(
                    diagnoses=CodeSet.of(CodeSystem.ICD10CM, "M17.11", name="oa"), min_age=50
                ),
                referral=True,
                prior_authorization=True,
                limits=[Limit(Measure.VISITS, 2)],
                cost_shares=[CostShare(Tier.IN, coinsurance=Decimal("0.2"))],
            ),
            Benefit(
                "cosmetic",
                codes=CodeSet.of(CodeSystem.CPT, "15780", name="cosmetic"),
                covered=False,
            ),
        ],
    )


def knee_policy() -> Policy:
    """A 2025 policy under `knee_plan` for a member old enough for the knee criteria."""
    return policy_for(knee_plan(), birth_date=pendulum.date(1960, 1, 1), sex="female")


KNEE_AUTH = Authorization("PA-1", KNEE, 5, DateRange.of("2025-01-01", "2025-12-31"))
_PASSED_BEFORE_BENEFIT = ["  ✓· date_in(on, coverage_period)"]
_PASSED_TO_TIER = [
    *_PASSED_BEFORE_BENEFIT,
    "  ✓· benefit_matched(knee)",
    "  ✓· not_excluded(knee)",
    "  ✓· covered_at_tier(knee)",
]
_PASSED_TO_NECESSITY = [
    *_PASSED_TO_TIER,
    "  ✓· after_waiting_period(knee)",
    "  ✓· facts_known(knee)",
]
_PASSED_TO_AUTH = [
    *_PASSED_TO_NECESSITY,
    "  ✓· medically_necessary(knee)",
    "  ✓· flag(referral)(knee)",
]


@pytest.mark.parametrize(
    ("service", "status", "expected"),
    [
        pytest.param(
            line(1, "100", on=pendulum.date(2024, 12, 31), code=KNEE),
            "denied",
            ["  ✗! date_in(on, coverage_period)"],
            id="before coverage",
        ),
        pytest.param(
            line(1, "100", code=Code(CodeSystem.CPT, "10060")),
            "denied",
            [*_PASSED_BEFORE_BENEFIT, "  ✗! benefit_matched(-)"],
            id="no benefit",
        ),
        pytest.param(
            line(1, "100", code=Code(CodeSystem.CPT, "15780")),
            "denied",
            [
                *_PASSED_BEFORE_BENEFIT,
                "  ✓· benefit_matched(cosmetic)",
                "  ✗! not_excluded(cosmetic)",
            ],
            id="excluded",
        ),
        pytest.param(
            line(1, "100", code=KNEE, network=Tier.OUT),
            "denied",
            [*_PASSED_TO_TIER[:-1], "  ✗! covered_at_tier(knee)"],
            id="network",
        ),
        pytest.param(
            line(1, "100", code=KNEE, on=pendulum.date(2025, 1, 20)),
            "denied",
            [*_PASSED_TO_TIER, "  ✗! after_waiting_period(knee)"],
            id="waiting period",
        ),
        pytest.param(
            line(1, "100", code=KNEE),
            "pending",
            [
                *_PASSED_TO_TIER,
                "  ✓· after_waiting_period(knee)",
                "  ✗! facts_known(knee)  missing=diagnoses",
            ],
            id="facts missing",
        ),
        pytest.param(
            line(1, "100", code=KNEE, diagnoses=(Code(CodeSystem.ICD10CM, "I10"),)),
            "denied",
            [
                *_PASSED_TO_NECESSITY,
                "  ✗! medically_necessary(knee)",
                "    ✗! medically_necessary(knee)",
                "      ✗! diagnosis_in(oa)  diagnoses=<1 items>",
                "      ✓· age_between(age, 50..)  age=[private]",
            ],
            id="not necessary",
        ),
        pytest.param(
            line(1, "100", code=KNEE, diagnoses=OA),
            "denied",
            [
                *_PASSED_TO_NECESSITY,
                "  ✓· medically_necessary(knee)",
                "  ✗! flag(referral)(knee)",
            ],
            id="referral",
        ),
        pytest.param(
            line(1, "100", code=KNEE, diagnoses=OA, referral=True),
            "denied",
            [*_PASSED_TO_AUTH, "  ✗! has_authorization(authorizations)"],
            id="authorisation",
        ),
    ],
)
def test_a_stopped_line_traces_the_checks_passed_then_the_one_failed(
    service: ServiceLine, status: str, expected: list[str]
) -> None:
    """Checks run in the documented order; the passed ones are not decisive, the failed one is."""
    d = adjudicate(knee_policy(), [service], accumulators=empty()).decisions[0]

    assert d.status.value == status
    assert outline(d.trace) == [f"✗! adjudicate(line 1)  status={status}", *expected]


def test_a_line_over_its_limit_traces_each_counter_it_read() -> None:
    """The limits node lists each counter with the amount used before the line."""
    acc = empty().add(("member:00", "knee", "visits", YEAR_2025), Decimal(2))
    service = line(1, "1000", code=KNEE, diagnoses=OA, referral=True)

    d = adjudicate(knee_policy(), [service], accumulators=acc, authorizations=(KNEE_AUTH,))

    assert outline(d.decisions[0].trace) == [
        "✗! adjudicate(line 1)  status=denied",
        *_PASSED_TO_AUTH,
        "  ✓· has_authorization(authorizations)",
        "  ✗! within_limits(knee)",
        "    ✗! count_below(knee.visits, 2)  knee.visits=2",
    ]


def test_a_covered_line_traces_every_check_and_the_amounts() -> None:
    """Every node of a covered line is decisive; the amounts come last, in a fixed order."""
    service = line(1, "1000", code=KNEE, diagnoses=OA, referral=True)

    d = adjudicate(knee_policy(), [service], accumulators=empty(), authorizations=(KNEE_AUTH,))

    assert outline(d.decisions[0].trace) == [
        "✓! adjudicate(line 1)  status=covered",
        "  ✓! date_in(on, coverage_period)",
        "  ✓! benefit_matched(knee)",
        "  ✓! not_excluded(knee)",
        "  ✓! covered_at_tier(knee)",
        "  ✓! after_waiting_period(knee)",
        "  ✓! facts_known(knee)",
        "  ✓! medically_necessary(knee)",
        "    ✓! medically_necessary(knee)",
        "      ✓! diagnosis_in(oa)  diagnoses=<1 items>",
        "      ✓! age_between(age, 50..)  age=[private]",
        "  ✓! flag(referral)(knee)",
        "  ✓! has_authorization(authorizations)  authorization=PA-1",
        "  ✓! within_limits(knee)",
        "    ✓! count_below(knee.visits, 2)  knee.visits=0",
        (
            "  ✓! cost_share  billed=1000  allowed=1000  deductible=500  copay=0"
            "  coinsurance=100.00  not_covered=0  balance_billed=0  plan_paid=400.00"
        ),
    ]


def test_a_plain_benefit_traces_only_the_checks_it_has() -> None:
    """Without waiting period, criteria, referral, authorisation or limits, none is traced."""
    plan = one_benefit_plan(Benefit("all", cost_shares=[CostShare(copay=usd("20"))]))

    d = adjudicate(policy_for(plan), [line(1, "80")], accumulators=empty()).decisions[0]

    assert outline(d.trace) == [
        "✓! adjudicate(line 1)  status=covered",
        "  ✓! date_in(on, coverage_period)",
        "  ✓! benefit_matched(all)",
        "  ✓! not_excluded(all)",
        "  ✓! covered_at_tier(all)",
        (
            "  ✓! cost_share  billed=80  allowed=80  deductible=0  copay=20  coinsurance=0"
            "  not_covered=0  balance_billed=0  plan_paid=60"
        ),
    ]


# Spells of illness: the 60-day gap, to the day.

_ADMITTED = pendulum.date(2025, 3, 1)
_DISCHARGED = pendulum.date(2025, 3, 11)  # ten days from 1 March: the last day of care


def _spell_plan() -> Plan:
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
    result = adjudicate(policy_for(_spell_plan()), [stay, *later], accumulators=empty())
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


# Day ranges and lifetime reserve days.


def _stay(*ranges: DayRange, days: int, acc: Accumulators | None = None) -> Adjudication:
    """Adjudicate one stay of *days* days billed at 100 a day under *ranges*."""
    plan = one_benefit_plan(Benefit("stay", cost_shares=[CostShare(day_ranges=ranges)]))
    stay = line(1, str(100 * days), units=days, place_of_service="21")
    return adjudicate(policy_for(plan), [stay], accumulators=acc or empty())


def test_reserve_days_are_drawn_until_the_lifetime_pool_is_empty() -> None:
    """Two reserve days cover days 3 and 4 of a six-day stay; the provider writes off 5 and 6."""
    result = _stay(DayRange(1, 2), DayRange(3, daily=usd("10"), reserve=2), days=6)

    d = result.decisions[0]
    assert (d.allowed, d.coinsurance, d.plan_paid) == (usd("400"), usd("20"), usd("380"))
    assert (d.not_covered, d.adjustment_codes) == (usd("0"), ("CO-119", "PR-2"))
    assert d.reasons[0].params == (("benefit", "stay"), ("covered", 4), ("units", 6))
    counted = {(e.measure, e.period): e.value for e in result.accumulators.entries}
    assert counted == {("days", YEAR_2025): 6, ("reserve_days", "lifetime"): 2}


def test_reserve_days_used_earlier_are_not_drawn_again() -> None:
    """With one of two reserve days used in an earlier stay, only one more day is covered."""
    earlier = empty().add(("member:00", "stay", "reserve_days", "lifetime"), Decimal(1))

    d = _stay(DayRange(1, 2), DayRange(3, reserve=2), days=5, acc=earlier).decisions[0]

    assert d.reasons[0].params == (("benefit", "stay"), ("covered", 3), ("units", 5))


def test_a_day_past_the_reserve_pool_falls_to_the_next_range_that_holds_it() -> None:
    """Ranges are read in order: once the pool is empty, a later range may still cover the day."""
    ranges = (
        DayRange(1, 1),
        DayRange(2, reserve=1, daily=usd("10")),
        DayRange(2, 4, daily=usd("50")),
    )

    d = _stay(*ranges, days=4).decisions[0]

    assert (d.coinsurance, d.plan_paid, d.reasons) == (usd("110"), usd("290"), ())


# Prior authorisation: dates and units, to the boundary.

_THERAPY = Code(CodeSystem.CPT, "97110")


def _authorised(service: ServiceLine, *auths: Authorization) -> Decision:
    plan = one_benefit_plan(Benefit("therapy", prior_authorization=True))
    return adjudicate(
        policy_for(plan), [service], accumulators=empty(), authorizations=auths
    ).decisions[0]


@pytest.mark.parametrize(
    ("day", "covered"),
    [
        (pendulum.date(2025, 2, 28), False),
        (pendulum.date(2025, 3, 1), True),
        (pendulum.date(2025, 3, 31), True),
        (pendulum.date(2025, 4, 1), False),
    ],
)
def test_an_authorisation_covers_its_first_and_last_days(
    day: pendulum.Date, *, covered: bool
) -> None:
    """An authorisation valid in March covers 1 and 31 March, not the days either side."""
    march = Authorization("PA-3", _THERAPY, 4, DateRange.of("2025-03-01", "2025-03-31"))

    d = _authorised(line(1, "100", code=_THERAPY, on=day), march)

    assert d.adjustment_codes == (() if covered else ("CO-197",))


def test_an_authorisation_covers_exactly_its_units() -> None:
    """Four authorised units cover a four-unit line; five units are over (CO-198)."""
    auth = Authorization("PA-4", _THERAPY, 4, DateRange.of("2025-01-01", "2025-12-31"))

    four = _authorised(line(1, "100", code=_THERAPY, units=4), auth)
    five = _authorised(line(1, "100", code=_THERAPY, units=5), auth)

    assert (four.adjustment_codes, five.adjustment_codes) == ((), ("CO-198",))
    assert five.reasons[0].code == "coverage.authorization_exceeded"


def test_a_later_authorisation_is_found_after_one_for_other_dates() -> None:
    """Authorisations are tried in date order; one that does not hold the date is passed over."""
    january = Authorization("PA-1", _THERAPY, 4, DateRange.of("2025-01-01", "2025-01-31"))
    march = Authorization("PA-3", _THERAPY, 4, DateRange.of("2025-03-01", "2025-03-31"))

    d = _authorised(line(1, "100", code=_THERAPY, on=pendulum.date(2025, 3, 9)), march, january)

    assert d.trace.children[-2].inputs == (("authorization", "PA-3"),)


# Denied and pending lines: every amount.


def _amounts(d: Decision) -> tuple[object, ...]:
    """Return the decision's benefit, amounts and adjustment codes, in field order."""
    money = (d.billed, d.allowed, d.deductible, d.copay, d.coinsurance)
    rest = (d.not_covered, d.balance_billed, d.plan_paid)
    return (d.benefit, *(str(m) for m in (*money, *rest)), d.adjustment_codes)


def test_a_pending_line_owes_nothing_yet_and_adjusts_nothing() -> None:
    """Pending: the charge is recorded, every other amount is zero, no adjustment is made."""
    d = adjudicate(knee_policy(), [line(1, "100", code=KNEE)], accumulators=empty()).decisions[0]

    assert _amounts(d) == ("knee", "100 USD", *["0 USD"] * 7, ())


@pytest.mark.parametrize(
    ("liability", "not_covered", "codes"),
    [(Liability.PROVIDER, "0 USD", ("CO-96",)), (Liability.PATIENT, "100 USD", ("PR-96",))],
)
def test_a_denied_charge_is_the_patients_only_when_the_plan_says_so(
    liability: Liability, not_covered: str, codes: tuple[str, ...]
) -> None:
    """A denied line's charge is written off (CO) or billed to the patient (PR), by the plan."""
    plan = one_benefit_plan(Benefit("cosmetic", covered=False), denied_liability=liability)

    d = adjudicate(policy_for(plan), [line(1, "100")], accumulators=empty()).decisions[0]

    zero = ["0 USD"] * 4
    assert _amounts(d) == ("cosmetic", "100 USD", *zero, not_covered, "0 USD", "0 USD", codes)


# Pricing and matching details.


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

    assert [str(d.allowed) for d in result.decisions] == ["80 USD", "60 USD"]


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


def test_unmet_necessity_criteria_give_their_reasons_with_parameters() -> None:
    """Each unmet criterion names itself; the diagnosis one names the benefit and the set."""
    criteria = MedicalNecessity(
        diagnoses=CodeSet.of(CodeSystem.ICD10CM, "M17.11", name="oa"), min_age=18, max_age=40
    )
    plan = one_benefit_plan(Benefit("knee", medical_necessity=criteria))
    policy = policy_for(plan, birth_date=pendulum.date(1960, 1, 1))
    service = line(1, "100", diagnoses=(Code(CodeSystem.ICD10CM, "I10"),))

    d = adjudicate(policy, [service], accumulators=empty()).decisions[0]

    assert [(r.code, r.params) for r in d.reasons] == [
        ("coverage.not_medically_necessary", (("benefit", "knee"),)),
        ("coverage.diagnosis_not_supported", (("benefit", "knee"), ("set", "oa"))),
        ("rules.age_above_max", (("fact", "age"), ("max", 40))),
    ]


@pytest.mark.parametrize(
    ("service", "reasons", "codes", "benefit"),
    [
        pytest.param(
            line(1, "100", on=pendulum.date(2024, 12, 31), code=KNEE),
            [("coverage.before_coverage", ())],
            ("CO-26",),
            None,
            id="before coverage",
        ),
        pytest.param(
            line(1, "100", on=pendulum.date(2026, 1, 1), code=KNEE),
            [("coverage.after_coverage", ())],
            ("CO-27",),
            None,
            id="after coverage",
        ),
        pytest.param(
            line(1, "100", code=Code(CodeSystem.CPT, "10060")),
            [("coverage.no_matching_benefit", (("service", "CPT|10060"),))],
            ("CO-96",),
            None,
            id="no benefit",
        ),
        pytest.param(
            line(1, "100", code=Code(CodeSystem.CPT, "15780")),
            [("coverage.not_covered_excluded", (("benefit", "cosmetic"),))],
            ("CO-96",),
            "cosmetic",
            id="excluded",
        ),
        pytest.param(
            line(1, "100", code=KNEE, network=Tier.OUT),
            [("coverage.not_covered_network", (("benefit", "knee"), ("tier", "out")))],
            ("PR-242",),
            "knee",
            id="network",
        ),
        pytest.param(
            line(1, "100", code=KNEE, on=pendulum.date(2025, 1, 30)),
            [("coverage.waiting_period", (("benefit", "knee"), ("days", 30)))],
            ("CO-26",),
            "knee",
            id="last day of the waiting period",
        ),
        pytest.param(
            line(1, "100", code=KNEE, on=pendulum.date(2025, 1, 31)),
            [("coverage.information_needed", (("benefit", "knee"), ("what", "diagnoses")))],
            (),
            "knee",
            id="first day after the waiting period",
        ),
        pytest.param(
            line(1, "100", code=KNEE),
            [("coverage.information_needed", (("benefit", "knee"), ("what", "diagnoses")))],
            (),
            "knee",
            id="facts missing",
        ),
        pytest.param(
            line(1, "100", code=KNEE, diagnoses=(Code(CodeSystem.ICD10CM, "I10"),)),
            [
                ("coverage.not_medically_necessary", (("benefit", "knee"),)),
                ("coverage.diagnosis_not_supported", (("benefit", "knee"), ("set", "oa"))),
            ],
            ("CO-50",),
            "knee",
            id="not necessary",
        ),
        pytest.param(
            line(1, "100", code=KNEE, diagnoses=OA),
            [("coverage.referral_absent", (("benefit", "knee"),))],
            ("CO-288",),
            "knee",
            id="referral",
        ),
        pytest.param(
            line(1, "100", code=KNEE, diagnoses=OA, referral=True),
            [("coverage.authorization_absent", (("benefit", "knee"),))],
            ("CO-197",),
            "knee",
            id="authorisation",
        ),
    ],
)
@pytest.mark.parametrize("liability", list(Liability))
def test_a_stopped_line_gives_its_reasons_and_adjustment_code(
    service: ServiceLine,
    reasons: list[tuple[str, tuple[object, ...]]],
    codes: tuple[str, ...],
    benefit: str | None,
    liability: Liability,
) -> None:
    """Each check that stops a line says which, with its parameters, benefit and X12 code.

    Whether the patient bears the charge (PR) or the provider writes it off (CO) follows the
    tier's *denied_liability*, except outside the coverage period, which is never the
    patient's, and out of network, where a plan without that tier leaves it to the patient.
    """
    plan = knee_plan()
    tiers = [attrs.evolve(plan.tiers[0], denied_liability=liability)]
    policy = attrs.evolve(knee_policy(), plan=attrs.evolve(plan, tiers=tiers))
    period = policy.coverage_period
    if liability is Liability.PATIENT and period.start <= service.service_date <= period.end:
        codes = tuple(code.replace("CO-", "PR-") for code in codes)

    d = adjudicate(policy, [service], accumulators=empty()).decisions[0]

    assert [(r.code, r.params) for r in d.reasons] == reasons
    assert d.adjustment_codes == codes
    assert d.benefit == benefit


def test_a_tier_the_benefit_does_not_cover_denies_the_line() -> None:
    """A benefit priced only in network denies an out-of-network line the plan has a tier for."""
    plan = Plan(
        "in-network-only",
        tiers=[TierTerms(Tier.IN), TierTerms(Tier.OUT)],
        benefits=[Benefit("office", cost_shares=[CostShare(Tier.IN, copay=usd("20"))])],
    )

    d = adjudicate(policy_for(plan), [line(1, "100", network=Tier.OUT)], accumulators=empty())

    assert d.decisions[0].adjustment_codes == ("CO-242",)


@pytest.mark.parametrize(
    ("day", "codes"),
    [
        (pendulum.date(2024, 12, 31), ("CO-26",)),
        (pendulum.date(2025, 1, 1), ()),
        (pendulum.date(2025, 12, 31), ()),
        (pendulum.date(2026, 1, 1), ("CO-27",)),
    ],
)
def test_the_first_and_last_days_of_coverage_are_covered(
    day: pendulum.Date, codes: tuple[str, ...]
) -> None:
    """The coverage period is inclusive at both ends."""
    plan = one_benefit_plan(Benefit("all"))

    d = adjudicate(policy_for(plan), [line(1, "100", on=day)], accumulators=empty()).decisions[0]

    assert d.adjustment_codes == codes


def test_a_service_no_benefit_matches_is_the_patients_when_the_plan_says_so() -> None:
    """With denied amounts the patient's, an unmatched service is billed to the patient."""
    office = Benefit("office", codes=CodeSet.of(CodeSystem.CPT, "99213", name="office"))
    plan = one_benefit_plan(office, denied_liability=Liability.PATIENT)
    service = line(1, "100", code=Code(CodeSystem.CPT, "10060"))

    d = adjudicate(policy_for(plan), [service], accumulators=empty()).decisions[0]

    assert (d.adjustment_codes, str(d.not_covered)) == (("PR-96",), "100 USD")


# The cost share, worked by hand: deductible, copay, coinsurance, daily amounts, maximums.


def _shares(
    share: CostShare,
    *services: ServiceLine,
    acc: Accumulators | None = None,
    deductible: Money | None = None,
    out_of_pocket_max: Money | None = None,
) -> Adjudication:
    """Adjudicate *services* under one in-network benefit with *share*."""
    tier = TierTerms(Tier.IN, deductible=deductible, out_of_pocket_max=out_of_pocket_max)
    plan = Plan("shares", tiers=[tier], benefits=[Benefit("b", cost_shares=[share])])
    return adjudicate(policy_for(plan), services, accumulators=acc or empty())


def _split(d: Decision) -> tuple[Decimal, ...]:
    """Return deductible, copay, coinsurance and plan payment (compare with strings by value)."""
    return tuple(m.amount for m in (d.deductible, d.copay, d.coinsurance, d.plan_paid))


def _totals(result: Adjudication) -> dict[tuple[str, str], Decimal]:
    """Return the accumulators after *result* as {(bucket, measure): value}."""
    return {(e.bucket, e.measure): e.value for e in result.accumulators.entries}


def dec(*values: str) -> tuple[Decimal, ...]:
    """Return *values* as Decimals."""
    return tuple(Decimal(v) for v in values)


def test_a_copay_before_the_deductible_leaves_the_rest_to_the_deductible() -> None:
    """200 allowed: the 30 copay first, then 170 toward the 500 deductible, nothing paid."""
    result = _shares(CostShare(copay=usd("30")), line(1, "200"), deductible=usd("500"))

    assert _split(result.decisions[0]) == dec("170", "30", "0", "0")
    assert _totals(result) == {("in", "deductible"): 170}


def test_a_copay_after_the_deductible_comes_before_the_coinsurance() -> None:
    """1,000 allowed: 100 deductible, then the 30 copay, then 20% of the 870 left."""
    share = CostShare(
        copay=usd("30"), coinsurance=Decimal("0.2"), copay_timing=CopayTiming.AFTER_DEDUCTIBLE
    )

    d = _shares(share, line(1, "1000"), deductible=usd("100")).decisions[0]

    assert _split(d) == dec("100", "30", "174.00", "696.00")


def test_a_share_without_copay_may_still_take_the_deductible_first() -> None:
    """Copay timing without a copay changes nothing: 100 deductible, then 20% of 900."""
    share = CostShare(coinsurance=Decimal("0.2"), copay_timing=CopayTiming.AFTER_DEDUCTIBLE)

    d = _shares(share, line(1, "1000"), deductible=usd("100")).decisions[0]

    assert _split(d) == dec("100", "0", "180.00", "720.00")


def test_the_last_cents_of_a_deductible_are_taken() -> None:
    """With 0.50 of the deductible left, the line pays exactly that toward it."""
    acc = empty().add(("member:00", "in", "deductible", YEAR_2025), Decimal("499.50"))

    d = _shares(CostShare(), line(1, "100"), acc=acc, deductible=usd("500")).decisions[0]

    assert _split(d) == dec("0.50", "0", "0", "99.50")


def test_the_first_visits_skip_the_deductible_and_are_counted() -> None:
    """Two visits free of the deductible: the third pays it; visits are counted per benefit."""
    share = CostShare(coinsurance=Decimal("0.2"), deductible_waived_visits=2)
    days = [pendulum.date(2025, 3, d) for d in (1, 2, 3)]

    result = _shares(
        share, *(line(i, "100", on=day) for i, day in enumerate(days, 1)), deductible=usd("500")
    )

    assert [_split(d) for d in result.decisions] == [
        dec("0", "0", "20.0", "80.0"),
        dec("0", "0", "20.0", "80.0"),
        dec("100", "0", "0", "0"),
    ]
    assert _totals(result) == {
        ("b", "visits"): 3,
        ("in", "deductible"): 100,
    }


def test_coinsurance_stops_at_its_maximum_for_the_period() -> None:
    """A 100 coinsurance maximum: 75 on the first line, the 25 left on the second."""
    share = CostShare(coinsurance=Decimal("0.5"), coinsurance_max=usd("100"))

    result = _shares(share, line(1, "150"), line(2, "150", on=pendulum.date(2025, 2, 16)))

    assert [_split(d) for d in result.decisions] == [
        dec("0", "0", "75.0", "75.0"),
        dec("0", "0", "25.0", "125.0"),
    ]
    assert _totals(result) == {("b", "coinsurance"): 100}


def test_daily_amounts_come_on_top_of_coinsurance_up_to_the_allowed_amount() -> None:
    """90% coinsurance of 100 is 90; five days at 10 a day add only the 10 left."""
    share = CostShare(coinsurance=Decimal("0.9"), day_ranges=[DayRange(1, daily=usd("10"))])

    d = _shares(share, line(1, "100", units=5)).decisions[0]

    assert _split(d) == dec("0", "0", "100.0", "0.0")


def test_the_out_of_pocket_maximum_counts_what_was_paid_before() -> None:
    """900 of a 1,000 maximum already paid: 20% of 1,000 is cut to the 100 left."""
    acc = empty().add(("member:00", "in", "out_of_pocket", YEAR_2025), Decimal(900))

    result = _shares(
        CostShare(coinsurance=Decimal("0.2")),
        line(1, "1000"),
        acc=acc,
        out_of_pocket_max=usd("1000"),
    )

    d = result.decisions[0]
    assert _split(d) == dec("0", "0", "100.0", "900.0")
    assert [(r.code, r.params) for r in d.reasons] == [
        ("coverage.out_of_pocket_max_reached", (("tier", "in"),))
    ]
    assert _totals(result) == {("in", "out_of_pocket"): 1000}


def test_reaching_the_maximum_exactly_is_not_a_cap() -> None:
    """A line that brings the total to exactly the maximum is shared as usual, with no reason."""
    d = _shares(
        CostShare(coinsurance=Decimal("0.5")), line(1, "200"), out_of_pocket_max=usd("100")
    ).decisions[0]

    assert (_split(d), d.reasons) == (dec("0", "0", "100.0", "100.0"), ())


@pytest.mark.parametrize(
    ("maximum", "counts", "split"),
    [
        # 200 allowed: copay 50 first, deductible 40, coinsurance 50% of 110 = 55.
        ("1000", True, dec("40", "50", "55.0", "55.0")),
        # Over by 85: the coinsurance goes (55), then 30 of the copay.
        ("60", True, dec("40", "20", "0.0", "140.0")),
        # Over by 115: coinsurance and copay go, then 10 of the deductible.
        ("30", True, dec("30", "0", "0.0", "170.0")),
        # The copay does not count: 95 counted, over by 35, cut from the coinsurance.
        ("60", False, dec("40", "50", "20.0", "90.0")),
    ],
)
def test_the_maximum_cuts_coinsurance_then_copay_then_deductible(
    maximum: str, split: tuple[Decimal, ...], *, counts: bool
) -> None:
    """The out-of-pocket cap takes back coinsurance first, then a counted copay, then deductible."""
    share = CostShare(
        copay=usd("50"), coinsurance=Decimal("0.5"), copay_counts_toward_out_of_pocket=counts
    )

    d = _shares(
        share, line(1, "200"), deductible=usd("40"), out_of_pocket_max=usd(maximum)
    ).decisions[0]

    assert _split(d) == split


# Limits, to the cent and across periods.

_AMOUNT_LIMIT = Limit(Measure.AMOUNT, usd("500"))


@pytest.mark.parametrize("liability", list(Liability))
def test_an_amount_limit_used_to_the_cent_denies_the_next_line(liability: Liability) -> None:
    """With the 500 maximum used, the line is over the limit, which the reason names."""
    plan = one_benefit_plan(Benefit("capped", limits=[_AMOUNT_LIMIT]), denied_liability=liability)
    acc = empty().add(("member:00", "capped", "amount", YEAR_2025), Decimal(500))

    d = adjudicate(policy_for(plan), [line(1, "100")], accumulators=acc).decisions[0]

    group = "PR" if liability is Liability.PATIENT else "CO"
    assert (d.benefit, d.adjustment_codes) == ("capped", (f"{group}-119",))
    assert [(r.code, r.params) for r in d.reasons] == [
        (
            "coverage.limit_reached",
            (("benefit", "capped"), ("counter", "capped"), ("max", "500"), ("measure", "amount")),
        )
    ]


def test_an_amount_limit_covers_the_cents_left() -> None:
    """With 0.50 of the 500 maximum left, 0.50 of the line is covered."""
    plan = one_benefit_plan(Benefit("capped", limits=[_AMOUNT_LIMIT]))
    acc = empty().add(("member:00", "capped", "amount", YEAR_2025), Decimal("499.50"))

    d = adjudicate(policy_for(plan), [line(1, "100")], accumulators=acc).decisions[0]

    assert (str(d.allowed), str(d.plan_paid), d.adjustment_codes) == (
        "0.50 USD",
        "0.50 USD",
        ("CO-119",),
    )


def test_a_limit_may_count_per_plan_year_inside_a_calendar_year_plan() -> None:
    """One visit per plan year from July: 30 June and 1 July are in different plan years."""
    per_plan_year = Limit(Measure.VISITS, 1, per=PlanYear(7, 1))
    plan = one_benefit_plan(Benefit("office", limits=[per_plan_year]))
    days = [pendulum.date(2025, 6, 30), pendulum.date(2025, 7, 1), pendulum.date(2025, 7, 2)]

    result = adjudicate(
        policy_for(plan),
        [line(i, "90", on=day) for i, day in enumerate(days, 1)],
        accumulators=empty(),
    )

    assert [d.adjustment_codes for d in result.decisions] == [(), (), ("CO-119",)]
    assert sorted(e.period for e in result.accumulators.entries) == [
        "2024-07-01/2025-06-30",
        "2025-07-01/2026-06-30",
    ]


@pytest.mark.parametrize("liability", list(Liability))
def test_a_stay_past_the_last_covered_day_is_denied_with_its_days(liability: Liability) -> None:
    """Two covered days a year, both used: a three-day stay is denied and says so."""
    stay = Benefit("stay", cost_shares=[CostShare(day_ranges=[DayRange(1, 2)])])
    plan = one_benefit_plan(stay, denied_liability=liability)
    acc = empty().add(("member:00", "stay", "days", YEAR_2025), Decimal(2))

    d = adjudicate(policy_for(plan), [line(1, "300", units=3)], accumulators=acc).decisions[0]

    group = "PR" if liability is Liability.PATIENT else "CO"
    assert (d.benefit, d.adjustment_codes) == ("stay", (f"{group}-119",))
    assert [(r.code, r.params) for r in d.reasons] == [
        ("coverage.days_not_covered", (("benefit", "stay"), ("days", 3)))
    ]
    assert outline(d.trace)[-1] == "  ✗! within_limits(stay)"


# Families: embedded and aggregate amounts.


def _family(mode: FamilyMode, acc: Accumulators, terms: TierTerms) -> Decision:
    """Adjudicate one 1,000 line for member 00 of a family policy; 20% coinsurance."""
    plan = Plan(
        "family",
        tiers=[terms],
        benefits=[Benefit("b", cost_shares=[CostShare(coinsurance=Decimal("0.2"))])],
        family_mode=mode,
    )
    policy = policy_for(plan, coverage_level=CoverageLevel.FAMILY)
    return adjudicate(policy, [line(1, "1000")], accumulators=acc).decisions[0]


@pytest.mark.parametrize(
    ("mode", "split"),
    [
        # Embedded: the member's own 500 is met, so no deductible; 20% of 1,000.
        (FamilyMode.EMBEDDED, dec("0", "0", "200", "800")),
        # Aggregate: only the family's 1,000 counts, 500 of it left.
        (FamilyMode.AGGREGATE, dec("500", "0", "100", "400")),
    ],
)
def test_an_embedded_deductible_is_met_by_the_member_alone(
    mode: FamilyMode, split: tuple[Decimal, ...]
) -> None:
    """A member who has paid the individual deductible pays no more of it, if embedded."""
    acc = empty().add(("member:00", "in", "deductible", YEAR_2025), Decimal(500))
    acc = acc.add(("family", "in", "deductible", YEAR_2025), Decimal(500))

    terms = TierTerms(Tier.IN, deductible=usd("500"), family_deductible=usd("1000"))

    d = _family(mode, acc, terms)

    assert _split(d) == split


@pytest.mark.parametrize(
    ("member_used", "family_used", "mode", "coinsurance"),
    [
        # The member's own maximum is reached: embedded caps, aggregate does not.
        ("1000", "1000", FamilyMode.EMBEDDED, "0"),
        ("1000", "1000", FamilyMode.AGGREGATE, "200"),
        # The family's maximum is reached by the others: both cap.
        ("0", "2000", FamilyMode.EMBEDDED, "0"),
        ("0", "2000", FamilyMode.AGGREGATE, "0"),
        # Neither: 20% of 1,000.
        ("0", "1000", FamilyMode.EMBEDDED, "200"),
    ],
)
def test_family_out_of_pocket_maximums_cap_by_mode(
    member_used: str, family_used: str, mode: FamilyMode, coinsurance: str
) -> None:
    """Embedded: the member's 1,000 and the family's 2,000 both cap; aggregate: the family's."""
    acc = empty().add(("member:00", "in", "out_of_pocket", YEAR_2025), Decimal(member_used))
    acc = acc.add(("family", "in", "out_of_pocket", YEAR_2025), Decimal(family_used))

    terms = TierTerms(Tier.IN, out_of_pocket_max=usd("1000"), family_out_of_pocket_max=usd("2000"))

    d = _family(mode, acc, terms)

    assert d.coinsurance.amount == Decimal(coinsurance)


# The input contract of adjudicate.


def test_adjudicate_refuses_what_is_not_a_policy_or_accumulators() -> None:
    """The policy and the accumulators are checked first, each with its own problem."""
    policy = policy_for(one_benefit_plan(Benefit("b")))

    with pytest.raises(InvalidInputError) as policy_error:
        adjudicate("policy", [], accumulators=empty())  # type: ignore[arg-type]  # the error under test
    with pytest.raises(InvalidInputError) as acc_error:
        adjudicate(policy, [], accumulators={})  # type: ignore[arg-type]  # the error under test

    assert policy_error.value.problems == (("policy", "type", "must be a Policy"),)
    assert acc_error.value.problems == (("accumulators", "type", "must be Accumulators"),)


def test_adjudicate_lists_every_bad_line_before_deciding_any() -> None:
    """Every problem is listed, each at its line, in the order of the lines given."""
    policy = policy_for(one_benefit_plan(Benefit("b")))
    euros = ServiceLine(3, KNEE, pendulum.date(2025, 2, 1), Money.of("10", "EUR"))
    lines = [line(1, "10"), "line", line(1, "20"), euros, None]

    with pytest.raises(InvalidInputError) as error:
        adjudicate(policy, lines, accumulators=Accumulators.empty("EUR"))  # type: ignore[arg-type]  # the error under test

    assert error.value.problems == (
        ("accumulators.currency", "currency_mismatch", "must be the plan's currency"),
        ("lines[1]", "type", "must be a ServiceLine"),
        ("lines[2].line_number", "duplicate", "must be unique within the call"),
        ("lines[3].billed", "currency_mismatch", "must be in the plan's currency"),
        ("lines[4]", "type", "must be a ServiceLine"),
    )


# What each line adds to the accumulators.


def test_a_copay_that_counts_toward_the_deductible_is_credited_to_it() -> None:
    """Copay 30 first, then 70 of deductible: the deductible total grows by 100."""
    share = CostShare(copay=usd("30"), copay_counts_toward_deductible=True)

    result = _shares(share, line(1, "100"), deductible=usd("500"))

    assert _split(result.decisions[0]) == dec("70", "30", "0", "0")
    assert _totals(result) == {("in", "deductible"): 100}


@pytest.mark.parametrize(
    ("maximum", "counts", "added"),
    [("1000", True, "145"), ("60", True, "60"), ("1000", False, "95"), ("60", False, "60")],
)
def test_the_out_of_pocket_total_grows_by_what_the_line_counts(
    maximum: str, added: str, *, counts: bool
) -> None:
    """Deductible and coinsurance always count; the copay only when the share says so."""
    share = CostShare(
        copay=usd("50"), coinsurance=Decimal("0.5"), copay_counts_toward_out_of_pocket=counts
    )

    result = _shares(share, line(1, "200"), deductible=usd("40"), out_of_pocket_max=usd(maximum))

    assert _totals(result)[("in", "out_of_pocket")] == Decimal(added)


def test_covered_days_add_to_the_days_already_used() -> None:
    """Two days used, a three-day stay: five days counted, the part over 4 written off."""
    earlier = empty().add(("member:00", "stay", "days", YEAR_2025), Decimal(2))

    result = _stay(DayRange(1, 4), days=3, acc=earlier)

    d = result.decisions[0]
    assert [(a.code, a.amount) for a in d.adjustments] == [("CO-119", usd("100"))]
    assert _totals(result)[("stay", "days")] == 5


def test_a_plan_is_never_given_the_compiled_form_of_another_at_the_same_address() -> None:
    """The compiled-plan cache is keyed by object id; a recycled id must not return a stranger."""
    plan = one_benefit_plan(Benefit("b"))
    stranger = one_benefit_plan(Benefit("b"))
    _compiled._COMPILED[id(plan)] = (stranger, _compiled.Compiled(stranger))

    assert _compiled.compiled(plan).plan is plan
