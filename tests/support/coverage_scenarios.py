"""Worked coverage scenarios shared by several coverage test modules.

* The knee replacement: a plan whose knee benefit uses every check that can stop a line
  (waiting period, medical necessity, referral, prior authorisation, a visit limit), beside a
  cosmetic benefit the plan excludes. `outline` prints a decision's trace to compare whole.
* The screening mammogram: a one-benefit plan for `check_coverage`, with the answers it gives.
* Small builders for the coverage nouns' own tests: a one-tier plan, a member's policy and a
  two-line adjudication.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pendulum
from coverage_helpers import empty, line, policy_for, simple_plan, usd

from casekit.codes import Code, CodeSet, CodeSystem
from casekit.coverage import (
    Adjudication,
    Authorization,
    Benefit,
    CostShare,
    Coverage,
    CoverageAnswer,
    InfoNeeded,
    Limit,
    Measure,
    MedicalNecessity,
    Plan,
    Policy,
    PriorAuth,
    Service,
    Tier,
    TierTerms,
    adjudicate,
)
from casekit.periods import DateRange
from casekit.rules import Reason, Trace

# -- the knee replacement (adjudicate) ----------------------------------------------------------

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

# -- the screening mammogram (check_coverage) ---------------------------------------------------

ON = pendulum.date(2025, 5, 1)
SCREEN = Code(CodeSystem.CPT, "77067")
OTHER = Code(CodeSystem.CPT, "10060")
SCREENS = CodeSet.of(CodeSystem.CPT, "77067", name="screening")
DX_SUPPORTED = Code(CodeSystem.ICD10CM, "Z12.31")
DX_OTHER = Code(CodeSystem.ICD10CM, "R10.9")


def one_benefit(benefit: Benefit) -> Plan:
    """Return an in-network plan with the single *benefit*."""
    return Plan("check", tiers=[TierTerms(Tier.IN)], benefits=[benefit])


def screening(**kwargs: Any) -> Plan:
    """Return an in-network plan whose one benefit, ``screen``, covers CPT 77067."""
    return one_benefit(Benefit("screen", codes=SCREENS, **kwargs))


def in_network(**kwargs: Any) -> Service:
    """Return the screening service from an in-network provider."""
    return Service(SCREEN, network=Tier.IN, **kwargs)


def info_needed(what: str) -> Reason:
    """Return the reason asking for *what* before the screening benefit can be decided."""
    return Reason.of("coverage.information_needed", benefit="screen", what=what)


def not_covered(*reasons: Reason, benefit: str | None = "screen") -> CoverageAnswer:
    """Return a not-covered answer for *reasons*."""
    return CoverageAnswer(Coverage.NOT_COVERED, reasons=reasons, benefit=benefit)


def covered(*, details: tuple[tuple[str, str | int], ...] = ()) -> CoverageAnswer:
    """Return a covered answer for the screening benefit that needs nothing more."""
    return CoverageAnswer(Coverage.COVERED, PriorAuth.NO_AUTH, details=details, benefit="screen")


def conditional(info: tuple[InfoNeeded, ...], *reasons: Reason) -> CoverageAnswer:
    """Return a conditional answer for the screening benefit, needing no authorisation."""
    return CoverageAnswer(
        Coverage.CONDITIONAL, PriorAuth.NO_AUTH, info_needed=info, reasons=reasons, benefit="screen"
    )


# -- builders for the coverage nouns' own tests -------------------------------------------------

FEB = pendulum.date(2025, 2, 15)
YEAR = DateRange.of("2025-01-01", "2025-12-31")


def one_tier_plan(*benefits: Benefit, **kwargs: Any) -> Plan:
    """Return a plan with a bare in-network tier and *benefits*."""
    return Plan("p", tiers=[TierTerms(Tier.IN)], benefits=list(benefits), **kwargs)


def member_policy(**kwargs: Any) -> Policy:
    """Return a 2025 policy for member M-1 under a one-benefit `one_tier_plan`."""
    return Policy(one_tier_plan(Benefit("b")), YEAR, member_id="M-1", **kwargs)


def two_line_result() -> Adjudication:
    """Adjudicate lines of 100 and 200 under a 50 deductible and 20% coinsurance."""
    plan = simple_plan(deductible="50", coinsurance="0.2")
    return adjudicate(policy_for(plan), [line(1, "100"), line(2, "200")], accumulators=empty())


def totals(result: Adjudication) -> dict[tuple[str, str], Decimal]:
    """Return the accumulators after *result* as {(bucket, measure): value}."""
    return {(e.bucket, e.measure): e.value for e in result.accumulators.entries}
