"""A line that is not covered says why: its reasons, benefit, amounts and X12 adjustment code.

Whether the charge is written off (CO) or billed to the patient (PR) follows the plan.
"""

from __future__ import annotations

import attrs
import pendulum
import pytest
from coverage_helpers import empty, line, one_benefit_plan, policy_for, usd
from coverage_scenarios import KNEE, OA, knee_plan, knee_policy

from casekit.codes import Code, CodeSet, CodeSystem
from casekit.coverage import (
    Benefit,
    CostShare,
    Decision,
    Liability,
    MedicalNecessity,
    Plan,
    ServiceLine,
    Tier,
    TierTerms,
    adjudicate,
)


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


def _amounts(d: Decision) -> tuple[object, ...]:
    """Return the decision's benefit, amounts and adjustment codes, in field order."""
    money = (d.billed, d.allowed, d.deductible, d.copay, d.coinsurance)
    rest = (d.not_covered, d.balance_billed, d.plan_paid)
    return (d.benefit, *(str(m) for m in (*money, *rest)), d.adjustment_codes)


def test_a_pending_line_owes_nothing_yet_and_adjusts_nothing() -> None:
    """Pending: the charge is recorded, every other amount is zero, no adjustment is made."""
    d = adjudicate(knee_policy(), [line(1, "100", code=KNEE)], accumulators=empty()).decisions[0]

    assert _amounts(d) == ("knee", "100.00 USD", *["0.00 USD"] * 7, ())


@pytest.mark.parametrize(
    ("liability", "not_covered", "codes"),
    [(Liability.PROVIDER, "0.00 USD", ("CO-96",)), (Liability.PATIENT, "100.00 USD", ("PR-96",))],
)
def test_a_denied_charge_is_the_patients_only_when_the_plan_says_so(
    liability: Liability, not_covered: str, codes: tuple[str, ...]
) -> None:
    """A denied line's charge is written off (CO) or billed to the patient (PR), by the plan."""
    plan = one_benefit_plan(Benefit("cosmetic", covered=False), denied_liability=liability)

    d = adjudicate(policy_for(plan), [line(1, "100")], accumulators=empty()).decisions[0]

    zero = ["0.00 USD"] * 4
    assert _amounts(d) == (
        "cosmetic",
        "100.00 USD",
        *zero,
        not_covered,
        "0.00 USD",
        "0.00 USD",
        codes,
    )


def test_a_tier_the_benefit_does_not_cover_denies_the_line() -> None:
    """A benefit priced only in network denies an out-of-network line the plan has a tier for."""
    plan = Plan(
        "in-network-only",
        tiers=[TierTerms(Tier.IN), TierTerms(Tier.OUT)],
        benefits=[Benefit("office", cost_shares=[CostShare(Tier.IN, copay=usd("20"))])],
    )

    d = adjudicate(policy_for(plan), [line(1, "100", network=Tier.OUT)], accumulators=empty())

    assert d.decisions[0].adjustment_codes == ("CO-242",)


def test_a_service_no_benefit_matches_is_the_patients_when_the_plan_says_so() -> None:
    """With denied amounts the patient's, an unmatched service is billed to the patient."""
    office = Benefit("office", codes=CodeSet.of(CodeSystem.CPT, "99213", name="office"))
    plan = one_benefit_plan(office, denied_liability=Liability.PATIENT)
    service = line(1, "100", code=Code(CodeSystem.CPT, "10060"))

    d = adjudicate(policy_for(plan), [service], accumulators=empty()).decisions[0]

    assert (d.adjustment_codes, str(d.not_covered)) == (("PR-96",), "100.00 USD")
