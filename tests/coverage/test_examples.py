"""Every public worked example in data/coverage-examples.json, reproduced to the cent."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pendulum
import pytest
from coverage_helpers import CASES, EXAMPLES, empty, line, policy_for, simple_plan, usd

from casekit.codes import Code, CodeSystem
from casekit.coverage import (
    Accumulators,
    Benefit,
    CostShare,
    CoverageLevel,
    FamilyMode,
    Liability,
    Plan,
    SpellOfIllness,
    Status,
    Tier,
    TierTerms,
    adjudicate,
    sbc_rounded,
)
from casekit.coverage.medicare import part_a_plan
from casekit.rules import load_parameter_table

WORKED = sorted(cid for cid, case in CASES.items() if case["group"] == "worked_example")
_PERIOD = "2025-01-01/2025-12-31"

# Cases whose published numbers needed a reading of the source (see docs/coverage.md):
# - glossary-coinsurance-after-deductible / -80: "deductible met: all" with no amount given;
#   modelled as a $1,000 deductible already met in full.
# - glossary-coinsurance-deductible-not-met: "deductible greater than 100 (unspecified)";
#   modelled as $1,000.
# - va-marketplace-oop-cap: the $640 cap reduction comes off coinsurance (3,740 -> 3,100),
#   the source's natural reading.
_ASSUMED_DEDUCTIBLE = "1000.00"


def _met(amount: str, *, measure: str = "deductible", scope: str = "member:00") -> Accumulators:
    return Accumulators.empty("USD").add((scope, "in", measure, _PERIOD), Decimal(amount))


def _run(plan: Plan, amount: str, acc: Accumulators, **policy: Any) -> Any:
    result = adjudicate(policy_for(plan, **policy), [line(1, amount)], accumulators=acc)
    return result.decisions[0], result.accumulators


def _check(decision: Any, expected: dict[str, Any]) -> None:
    patient = expected["patient"]
    for part in ("deductible", "coinsurance", "copay"):
        assert getattr(decision, part) == usd(patient.get(part, "0")), part
    assert decision.patient_total == usd(patient["total"])
    assert decision.plan_paid == usd(expected["plan_pays"])
    assert decision.status is Status.COVERED


def test_every_worked_example_has_a_test() -> None:
    """Each worked example in the data file is reproduced by a test in this module."""

    assert set(WORKED) == set(_BUILDERS)


def _jane() -> None:
    case = CASES["hcgov-jane-before-deductible"]
    plan = simple_plan(deductible="1500.00", coinsurance="0.20", oop="5000.00")
    decision, acc = _run(plan, "125.00", empty())
    _check(decision, case["expected"])
    assert decision.adjustment_codes == ("PR-1",)
    assert acc.get(("member:00", "in", "deductible", _PERIOD)) == Decimal("125.00")


def _after_deductible(case_id: str, allowed: str) -> None:
    case = CASES[case_id]
    plan = simple_plan(deductible=_ASSUMED_DEDUCTIBLE, coinsurance=case["plan"]["coinsurance"])
    decision, _ = _run(plan, allowed, _met(_ASSUMED_DEDUCTIBLE))
    _check(decision, case["expected"])
    assert decision.adjustment_codes == ("PR-2",)


def _not_met() -> None:
    case = CASES["glossary-coinsurance-deductible-not-met"]
    expected = case["expected"]
    plan = simple_plan(deductible=_ASSUMED_DEDUCTIBLE, coinsurance=case["plan"]["coinsurance"])
    decision, acc = _run(plan, "100.00", empty())
    _check(decision, expected)
    increase = acc.get(("member:00", "in", "deductible", _PERIOD))
    assert increase == Decimal(expected["deductible_accumulator_increase"])
    alternative = expected["alternative_if_deductible_met"]
    met, _ = _run(plan, "100.00", _met(_ASSUMED_DEDUCTIBLE))
    assert met.patient_total == usd(alternative["patient"])
    assert met.plan_paid == usd(alternative["plan_pays"])


def _balance_billing() -> None:
    case = CASES["hcgov-balance-billing"]
    sl = case["service_lines"][0]
    plan = Plan(
        "ppo",
        tiers=[
            TierTerms(Tier.IN, out_of_pocket_max=usd("5000")),
            TierTerms(
                Tier.OUT,
                out_of_pocket_max=usd("10000"),
                balance_billing=True,
                denied_liability=Liability.PATIENT,
            ),
        ],
        benefits=[Benefit("medical")],
    )
    policy = policy_for(plan)
    out_line = line(1, sl["billed"], allowed=usd(sl["allowed"]), network=Tier.OUT)
    result = adjudicate(policy, [out_line], accumulators=empty())
    decision = result.decisions[0]
    assert decision.balance_billed == usd(case["expected"]["balance_bill"])
    assert decision.adjustment_codes == ("PR-45",)
    # The balance bill does not count toward the out-of-pocket maximum.
    assert case["expected"]["counts_toward_oop_max"] is False
    assert result.accumulators.get(("member:00", "out", "out_of_pocket", _PERIOD)) == 0
    in_line = line(1, sl["billed"], allowed=usd(sl["allowed"]))
    written_off = adjudicate(policy, [in_line], accumulators=empty()).decisions[0]
    assert written_off.adjustment_codes == ("CO-45",)
    assert written_off.balance_billed == usd("0")


def _va_cap() -> None:
    case = CASES["va-marketplace-oop-cap"]
    expected = case["expected"]
    capped = simple_plan(deductible="1300.00", coinsurance="0.20", oop="4400.00")
    decision, acc = _run(capped, "20000.00", empty())
    assert decision.patient_total == usd(expected["patient"]["total"])
    assert decision.plan_paid == usd(expected["plan_pays"])
    assert (decision.deductible, decision.coinsurance) == (usd("1300.00"), usd("3100.00"))
    assert acc.get(("member:00", "in", "out_of_pocket", _PERIOD)) == Decimal("4400.00")
    uncapped, _ = _run(simple_plan(deductible="1300.00", coinsurance="0.20"), "20000.00", empty())
    _check(uncapped, {"patient": expected["uncapped"], "plan_pays": "14960.00"})


def _napcat() -> None:
    case = CASES["napcat-coinsurance-high-cost"]
    plan = simple_plan(deductible="3000.00", coinsurance="0.20", oop="6850.00")
    decision, _ = _run(plan, "12000.00", empty())
    _check(decision, case["expected"])


def _stlawu_family() -> None:
    case = CASES["stlawu-hdhp-family-appendectomy"]
    plan = Plan(
        "hdhp",
        tiers=[
            TierTerms(
                Tier.IN,
                family_deductible=usd("5200.00"),
                family_out_of_pocket_max=usd("10400.00"),
            )
        ],
        benefits=[Benefit("medical", cost_shares=[CostShare(coinsurance=Decimal("0.20"))])],
        family_mode=FamilyMode.AGGREGATE,
    )
    policy = policy_for(plan, coverage_level=CoverageLevel.FAMILY, member="02")
    stay = line(1, "12000.00", on=pendulum.date(2025, 1, 2), place_of_service="21")
    result = adjudicate(policy, [stay], accumulators=empty())
    _check(result.decisions[0], case["expected"])
    assert result.accumulators.get(("family", "in", "deductible", _PERIOD)) == Decimal("5200.00")


def _stlawu_single() -> None:
    case = CASES["stlawu-hdhp-single-er-after-deductible"]
    plan = simple_plan(deductible="2600.00", coinsurance="0.20", oop="5200.00")
    decision, _ = _run(plan, "1500.00", _met("2600.00"))
    _check(decision, case["expected"])


_BUILDERS = {
    "hcgov-jane-before-deductible": _jane,
    "glossary-coinsurance-after-deductible": lambda: _after_deductible(
        "glossary-coinsurance-after-deductible", "100.00"
    ),
    "glossary-coinsurance-80": lambda: _after_deductible("glossary-coinsurance-80", "80.00"),
    "glossary-coinsurance-deductible-not-met": _not_met,
    "hcgov-balance-billing": _balance_billing,
    "va-marketplace-oop-cap": _va_cap,
    "napcat-coinsurance-high-cost": _napcat,
    "stlawu-hdhp-family-appendectomy": _stlawu_family,
    "stlawu-hdhp-single-er-after-deductible": _stlawu_single,
}


@pytest.mark.parametrize("case_id", WORKED)
def test_worked_example_reproduces_to_the_cent(case_id: str) -> None:
    """The published patient share and plan payment come out exactly."""

    _BUILDERS[case_id]()


# --- Medicare Part A ---------------------------------------------------------------------

_INPATIENT = Code(CodeSystem.LOCAL, "inpatient-stay")
_SNF = Code(CodeSystem.LOCAL, "snf-stay")


def _stays(year: int, stays: list[tuple[str, int]]) -> Any:
    plan = part_a_plan(on=pendulum.date(year, 1, 1))
    policy = policy_for(plan) if year == 2025 else None
    assert policy is not None
    lines = [
        line(
            i,
            "50000.00",
            on=pendulum.parse(f"{year}-{admit}").date(),
            code=_INPATIENT,
            place_of_service="21",
            units=days,
        )
        for i, (admit, days) in enumerate(stays, start=1)
    ]
    return adjudicate(policy, lines, accumulators=empty())


@pytest.mark.parametrize("name", ["Vivian", "Richard"])
def test_humana_benefit_period_examples(name: str) -> None:
    """Vivian's second stay starts a new benefit period and deductible; Richard's does not."""

    case = CASES["medicare-a-humana-benefit-period-dates"]
    scenario = next(s for s in case["scenarios"] if s["name"] == name)
    stays: list[tuple[str, int]] = []
    for stay in scenario["stays"]:
        admit = stay["admit"].removeprefix("about ")
        discharge = stay.get("discharge")
        days = 3
        if discharge is not None:
            days = (pendulum.parse(f"2025-{discharge}") - pendulum.parse(f"2025-{admit}")).days
        stays.append((admit, days))
    result = _stays(2025, stays)
    deductibles = [d for d in result.decisions if d.deductible.amount > 0]
    expected = scenario["expected"]
    assert len(deductibles) == expected["deductibles_owed"]
    assert len(result.accumulators.spells) == 1
    labels = {e.period for e in result.accumulators.entries if e.measure == "deductible"}
    assert len(labels) == expected["benefit_periods"]


def test_part_a_day_ranges_and_lifetime_reserve_derived_2025() -> None:
    """A 100-day stay: deductible, 30 days at 1/4 and 10 reserve days at 1/2 (derived)."""

    p = EXAMPLES["parameters"]["medicare"]["2025"]
    result = _stays(2025, [("02-01", 100)])
    d = result.decisions[0]
    ded = Decimal(p["part_a_deductible"])
    expected = 30 * Decimal(p["coins_61_90"]) + 10 * Decimal(p["lifetime_reserve"])
    assert (d.deductible, d.coinsurance) == (usd(ded), usd(expected))
    assert d.patient_share == usd(ded + expected)
    reserve = ("member:00", "inpatient", "reserve_days", "lifetime")
    assert result.accumulators.get(reserve) == 10


def test_part_a_days_after_reserve_are_not_covered() -> None:
    """Once 90 days and the 60 reserve days are used, further days are the patient's."""

    result = _stays(2025, [("01-01", 150), ("06-01", 10)])
    first, second = result.decisions
    assert first.not_covered == usd("0")
    assert second.status is Status.DENIED
    assert second.adjustment_codes == ("PR-119",)


def test_snf_days_21_to_100_derived_2025() -> None:
    """A 30-day skilled-nursing stay after a 3-day hospital stay: 20 days free, 10 days at
    the daily rate (derived)."""

    p = EXAMPLES["parameters"]["medicare"]["2025"]
    plan = part_a_plan(on=pendulum.date(2025, 1, 1))
    hospital = line(
        1, "9000.00", on=pendulum.date(2025, 2, 26), code=_INPATIENT, place_of_service="21", units=3
    )
    snf = line(
        2, "30000.00", on=pendulum.date(2025, 3, 1), code=_SNF, place_of_service="31", units=30
    )
    d = adjudicate(policy_for(plan), [hospital, snf], accumulators=empty()).decisions[1]
    assert (d.deductible, d.coinsurance) == (usd("0"), usd(10 * Decimal(p["snf_21_100"])))


def test_part_a_plan_uses_spell_of_illness_periods() -> None:
    """The Part A plan anchors its deductible to spells of illness with a 60-day gap."""

    plan = part_a_plan(on=pendulum.date(2024, 6, 1))
    assert plan.benefit_period == SpellOfIllness(60)
    terms = plan.terms_for(Tier.IN)
    assert terms is not None
    assert terms.deductible == usd("1632")


def test_sbc_display_rounding_reference_facts() -> None:
    """Mia's $1,925 rounds to the $1,900 printed on 2017-2020 SBCs; totals stay as printed."""

    sbc = CASES["sbc-2017-totals"]["expected"]
    assert sbc_rounded(usd(sbc["mia_total_unrounded"])) == usd(sbc["mia_total"])
    for key in ("peg_total", "joe_total", "mia_total"):
        for case_id in ("sbc-2017-totals", "sbc-2021-totals"):
            total = usd(CASES[case_id]["expected"][key])
            assert sbc_rounded(total) == total


@pytest.mark.parametrize(
    ("table", "skip"),
    [("medicare", ()), ("aca_max_oop_in_network", ("superseded_value",)), ("irs_hdhp", ())],
)
def test_dated_parameter_tables_load_as_parameter_histories(table: str, skip: tuple[str]) -> None:
    """Each parameter table in the data file loads as dated parameters with sources."""

    histories = load_parameter_table(EXAMPLES["parameters"][table], name=table, skip=skip)

    assert histories
    assert all(h.values for h in histories.values())


def test_aca_limit_of_the_plan_year_is_looked_up_on_a_date() -> None:
    """The 2026 ACA limit is the revised one, not the superseded announcement."""

    aca = load_parameter_table(
        EXAMPLES["parameters"]["aca_max_oop_in_network"], name="aca", skip=("superseded_value",)
    )
    assert aca["self"].on(pendulum.date(2026, 3, 1)) == usd("10600")
    assert aca["family"].on(pendulum.date(2024, 3, 1)) == usd("18900")


def test_part_a_daily_amounts_are_fixed_fractions_of_the_deductible() -> None:
    """Days 61-90 are 1/4, reserve days 1/2 and SNF days 21-100 1/8 of the deductible."""

    case = CASES["medicare-a-ratio-property"]
    assert case["group"] == "property"
    for year, row in EXAMPLES["parameters"]["medicare"].items():
        if year.startswith("_") or "lifetime_reserve" not in row:
            continue
        ded = Decimal(row["part_a_deductible"])
        assert Decimal(row["coins_61_90"]) == ded / 4
        assert Decimal(row["lifetime_reserve"]) == ded / 2
        assert Decimal(row["snf_21_100"]) == ded / 8
