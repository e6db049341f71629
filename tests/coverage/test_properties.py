"""Properties of adjudication and the pre-service check, over generated lines."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import ROUND_DOWN, Context, Decimal, Inexact, InvalidOperation, Rounded, localcontext

import pendulum
from coverage_helpers import examples, policy_for, usd
from hypothesis import given, settings
from hypothesis import strategies as st

from casekit.codes import Code, CodeSet, CodeSystem
from casekit.coverage import (
    Accumulators,
    Authorization,
    Benefit,
    CopayTiming,
    CostShare,
    Coverage,
    CoverageLevel,
    FamilyMode,
    Limit,
    Measure,
    MedicalNecessity,
    Plan,
    PriorAuth,
    Service,
    ServiceLine,
    Status,
    Tier,
    TierTerms,
    adjudicate,
    check_coverage,
    sbc_rounded,
)
from casekit.money import Money
from casekit.periods import DateRange

CODES = [Code(CodeSystem.CPT, c) for c in ("99213", "97110", "70551", "15780", "10060")]
DX = [Code(CodeSystem.ICD10CM, c) for c in ("M54.5", "I10")]
DED, OOP, FAM_DED, FAM_OOP = usd("500"), usd("1500"), usd("900"), usd("2500")
AUTH = Authorization("PA-1", CODES[2], 5, DateRange.of("2025-01-01", "2025-12-31"))


def make_plan(mode: FamilyMode) -> Plan:
    return Plan(
        f"prop-{mode.value}",
        tiers=[
            TierTerms(
                Tier.IN,
                deductible=DED,
                out_of_pocket_max=OOP,
                family_deductible=FAM_DED,
                family_out_of_pocket_max=FAM_OOP,
            ),
            TierTerms(
                Tier.OUT,
                deductible=usd("1000"),
                out_of_pocket_max=usd("4000"),
                balance_billing=True,
            ),
        ],
        benefits=[
            Benefit("excluded", codes=CodeSet.of(CodeSystem.CPT, "15780", name="x"), covered=False),
            Benefit(
                "office",
                codes=CodeSet.of(CodeSystem.CPT, "99213", name="o"),
                cost_shares=[
                    CostShare(Tier.IN, copay=usd("30"), deductible_applies=False),
                    CostShare(Tier.OUT, coinsurance=Decimal("0.4")),
                ],
                limits=[Limit(Measure.VISITS, 6)],
            ),
            Benefit(
                "therapy",
                codes=CodeSet.of(CodeSystem.CPT, "97110", name="t"),
                cost_shares=[
                    CostShare(
                        copay=usd("20"),
                        copay_timing=CopayTiming.AFTER_DEDUCTIBLE,
                        coinsurance=Decimal("0.1"),
                    )
                ],
                limits=[Limit(Measure.UNITS, 12)],
                medical_necessity=MedicalNecessity(
                    diagnoses=CodeSet.of(CodeSystem.ICD10CM, "M54", name="back")
                ),
            ),
            Benefit(
                "imaging",
                codes=CodeSet.of(CodeSystem.CPT, "70551", name="i"),
                prior_authorization=True,
                cost_shares=[CostShare(coinsurance=Decimal("0.2"))],
            ),
            Benefit(
                "other",
                cost_shares=[CostShare(coinsurance=Decimal("0.3"), deductible_waived_visits=1)],
            ),
        ],
        family_mode=mode,
    )


PLANS = {mode: make_plan(mode) for mode in FamilyMode}
_START = pendulum.date(2024, 12, 1).toordinal()


@st.composite
def service_lines(draw: st.DrawFn) -> list[ServiceLine]:
    """Generate up to 25 lines with distinct numbers; shrinks toward fewer, cheaper lines."""
    n = draw(st.integers(0, 25))
    lines = []
    for i in range(1, n + 1):
        cents = draw(st.integers(0, 500_000))
        billed = Money(Decimal(cents).scaleb(-2), "USD")
        priced = draw(st.one_of(st.none(), st.integers(0, cents)))
        lines.append(
            ServiceLine(
                i,
                draw(st.sampled_from(CODES)),
                dt.date.fromordinal(_START + draw(st.integers(0, 420))),
                billed,
                units=draw(st.integers(1, 5)),
                network=draw(st.sampled_from([Tier.IN, Tier.IN, Tier.OUT])),
                diagnoses=tuple(draw(st.lists(st.sampled_from(DX), max_size=1))),
                allowed=None if priced is None else Money(Decimal(priced).scaleb(-2), "USD"),
            )
        )
    return lines


scenarios = st.tuples(
    st.sampled_from(list(FamilyMode)),
    st.sampled_from(list(CoverageLevel)),
    service_lines(),
)


def run(
    mode: FamilyMode,
    level: CoverageLevel,
    lines: list[ServiceLine],
    acc: Accumulators | None = None,
):
    policy = policy_for(PLANS[mode], coverage_level=level)
    return adjudicate(
        policy, lines, accumulators=acc or Accumulators.empty(), authorizations=(AUTH,)
    )


@settings(max_examples=examples(150))
@given(scenarios)
def test_plan_and_patient_shares_add_up_to_the_allowed_amount(scenario) -> None:
    """On every covered line, plan share plus patient share is the allowed amount."""

    for d in run(*scenario).decisions:
        if d.status is Status.COVERED:
            assert d.plan_paid + d.patient_share == d.allowed
            assert d.plan_paid.amount >= 0
        if d.status is not Status.PENDING:
            total = d.plan_paid
            for adjustment in d.adjustments:
                total += adjustment.amount
            assert total == d.billed  # the X12 balancing rule


HOSTILE = Context(prec=3, rounding=ROUND_DOWN, traps=[Inexact, Rounded, InvalidOperation])
"""A decimal context an application might set for its own reasons: 3 truncating digits."""


@settings(max_examples=examples(100))
@given(scenarios, st.sampled_from(CODES), st.sampled_from([Tier.IN, Tier.OUT]))
def test_the_callers_decimal_context_changes_nothing(scenario, code, network) -> None:
    """Adjudication, pre-service answers, accumulators and SBC rounding compute in casekit's
    own decimal context: under 3 truncating digits that trap on any rounding, every decision,
    answer and total is what it is under Python's default context."""
    mode, level, lines = scenario
    policy = policy_for(PLANS[mode], coverage_level=level)
    service = Service(code, units=3, network=network)
    on = pendulum.date(2025, 6, 1)
    key = ("member:00", "in", "deductible", "2025")
    amounts = [ln.billed for ln in lines]

    def everything() -> tuple[object, ...]:
        result = run(*scenario)
        return (
            result,
            check_coverage(policy, service, on=on, accumulators=result.accumulators),
            result.accumulators.add(key, Decimal("123456.78")).add(key, Decimal("0.005")),
            [sbc_rounded(m) for m in amounts],
        )

    expected = everything()
    with localcontext(HOSTILE):
        assert everything() == expected


@settings(max_examples=examples(150))
@given(scenarios)
def test_in_network_cost_share_never_exceeds_the_out_of_pocket_maximum(scenario) -> None:
    """Deductible, copay and coinsurance in network, per year, stay within the maximum."""

    result = run(*scenario)
    by_year: dict[int, Decimal] = defaultdict(Decimal)
    lines = {ln.line_number: ln for ln in scenario[2]}
    for d in result.decisions:
        line = lines[d.line_number]
        if line.network is Tier.IN:
            by_year[line.service_date.year] += (d.deductible + d.copay + d.coinsurance).amount
    mode, level, _ = scenario
    aggregate = mode is FamilyMode.AGGREGATE and level is CoverageLevel.FAMILY
    limit = FAM_OOP if aggregate else OOP  # aggregate families have only the family maximum
    assert all(total <= limit.amount for total in by_year.values())


@settings(max_examples=examples(150))
@given(scenarios, st.lists(st.integers(0, 25), max_size=4))
def test_any_split_with_carried_accumulators_gives_the_same_decisions(scenario, cuts) -> None:
    """Adjudicating in one call or in ordered batches gives equal decisions and totals."""

    mode, level, lines = scenario
    whole = run(mode, level, lines)
    ordered = sorted(lines, key=lambda ln: (ln.service_date, ln.line_number))
    acc = Accumulators.empty()
    decisions = []
    previous: dict[tuple[str, str, str, str], Decimal] = {}
    for start, stop in zip([0, *sorted(cuts)], [*sorted(cuts), len(ordered)], strict=True):
        part = run(mode, level, ordered[start:stop], acc)
        decisions.extend(part.decisions)
        acc = part.accumulators
        totals = acc.as_dict()
        assert all(totals.get(k, Decimal(0)) >= v for k, v in previous.items())  # never decrease
        previous = totals
    assert tuple(decisions) == whole.decisions
    assert acc == whole.accumulators


@settings(max_examples=examples(150))
@given(scenarios)
def test_accumulators_never_pass_their_limits(scenario) -> None:
    """Deductibles, out-of-pocket totals, visits and units stay within their limits."""

    limits = {
        ("in", "deductible"): DED.amount,
        ("in", "out_of_pocket"): OOP.amount,
        ("office", "visits"): Decimal(6),
        ("therapy", "units"): Decimal(12),
    }
    family = {("in", "deductible"): FAM_DED.amount, ("in", "out_of_pocket"): FAM_OOP.amount}
    for entry in run(*scenario).accumulators.entries:
        table = family if entry.scope == "family" else limits
        limit = table.get((entry.bucket, entry.measure))
        if limit is not None:
            assert entry.value <= limit


@settings(max_examples=examples(150))
@given(scenarios)
def test_denied_and_pending_decisions_carry_reasons(scenario) -> None:
    """Every denial or pending decision says why, in words."""

    for d in run(*scenario).decisions:
        if d.status is not Status.COVERED:
            assert d.reasons
            assert all(r.message() != r.code for r in d.reasons)
            assert d.trace.walk()


@settings(max_examples=examples(200))
@given(
    st.sampled_from(CODES),
    st.sampled_from([None, Tier.IN, Tier.OUT]),
    st.lists(st.sampled_from(DX), max_size=1),
    st.sampled_from([(), (AUTH,)]),
    st.integers(0, 400),
)
def test_pre_service_answers_keep_the_crd_rules(code, network, dx, auths, day) -> None:
    """Not covered never says PA needed; info exactly when conditional; satisfied has an id."""

    policy = policy_for(PLANS[FamilyMode.EMBEDDED])
    answer = check_coverage(
        policy,
        Service(code, network=network, diagnoses=tuple(dx)),
        on=dt.date.fromordinal(_START + day),
        authorizations=auths,
    )

    conditional = (
        answer.covered is Coverage.CONDITIONAL or answer.pa_needed is PriorAuth.CONDITIONAL
    )
    assert (answer.covered is Coverage.NOT_COVERED) <= (answer.pa_needed is None)
    assert bool(answer.info_needed) == conditional
    assert (answer.pa_needed is PriorAuth.SATISFIED) == (answer.satisfied_pa_id is not None)
    assert answer.covered is Coverage.COVERED or answer.reasons
