"""Each decision's trace lists the checks run, in the documented order, whole.

A trace is compared node by node (passed or failed, decisive or not, rule and inputs), so a
change to any node is caught. Each scenario was worked by hand before it was pinned.
"""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest
from coverage_helpers import YEAR_2025, empty, line, one_benefit_plan, policy_for, usd
from coverage_scenarios import KNEE, KNEE_AUTH, OA, knee_policy, outline

from casekit.codes import Code, CodeSystem
from casekit.coverage import Benefit, CostShare, ServiceLine, Tier, adjudicate

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
            "  ✓! cost_share  billed=1000.00  allowed=1000.00  deductible=500.00  copay=0.00"
            "  coinsurance=100.00  not_covered=0.00  balance_billed=0.00  plan_paid=400.00"
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
            "  ✓! cost_share  billed=80.00  allowed=80.00  deductible=0.00  copay=20.00"
            "  coinsurance=0.00  not_covered=0.00  balance_billed=0.00  plan_paid=60.00"
        ),
    ]
