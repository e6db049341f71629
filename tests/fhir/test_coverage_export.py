"""Policies, plans, claims, adjudications and pre-service answers export to valid FHIR R4."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pendulum
import pytest

from casekit.codes import Code, CodeSet, CodeSystem
from casekit.coverage import (
    Accumulators,
    Adjudication,
    Authorization,
    Benefit,
    CopayTiming,
    CostShare,
    CoverageLevel,
    Documentation,
    Limit,
    Measure,
    Plan,
    Policy,
    Relationship,
    Service,
    ServiceLine,
    Tier,
    TierTerms,
    adjudicate,
    check_coverage,
)
from casekit.errors import InvalidInputError
from casekit.fhir import (
    CRD_COVERAGE_INFORMATION,
    adjudication_resources,
    claim_resource,
    coverage_id,
    coverage_information,
    coverage_resource,
    insurance_plan_resource,
)
from casekit.money import Money
from casekit.periods import DateRange

Check = Callable[[dict[str, Any]], dict[str, Any]]
CARC = "https://x12.org/codes/claim-adjustment-reason-codes"
ON = pendulum.date(2025, 3, 24)


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


PLAN = Plan(
    "silver-2025",
    tiers=[
        TierTerms(Tier.IN, deductible=usd("1500.00"), out_of_pocket_max=usd("6000.00")),
        TierTerms(Tier.OUT, deductible=usd("3000.00"), balance_billing=True),
    ],
    benefits=[
        Benefit(
            "therapy",
            codes=CodeSet.of(CodeSystem.CPT, "97110-97546", name="therapy"),
            cost_shares=[CostShare(tier=Tier.IN, copay=usd("30.00"), deductible_applies=False)],
            limits=[Limit(Measure.VISITS, 20), Limit(Measure.AMOUNT, usd("5000.00"))],
            prior_authorization=True,
            documentation=Documentation.BOTH,
        ),
        Benefit(
            "cosmetic", codes=CodeSet.of(CodeSystem.CPT, "15780", name="cosmetic"), covered=False
        ),
        Benefit(
            "medical",
            cost_shares=[
                CostShare(coinsurance=Decimal("0.2"), copay_timing=CopayTiming.AFTER_DEDUCTIBLE)
            ],
        ),
    ],
    name="Silver 2025",
)
POLICY = Policy(PLAN, DateRange.of("2025-01-01", "2025-12-31"), member_id="MBR-0001")
AUTH = Authorization(
    "PA-778", Code.parse("CPT|97110"), 12, DateRange.of("2025-03-20", "2025-06-30")
)
LINES = [
    ServiceLine(1, Code.parse("CPT|97110"), ON, usd("180.00"), authorization_id="PA-778"),
    ServiceLine(
        2,
        Code.parse("CPT|96132"),
        ON.add(days=2),
        usd("2400.00"),
        place_of_service="11",
        diagnoses=(Code.parse("ICD-10-CM|S06.0X0A"),),
    ),
    ServiceLine(3, Code.parse("CPT|97110"), ON.add(days=3), usd("180.00"), network=Tier.OUT),
    ServiceLine(4, Code.parse("CPT|97110"), pendulum.date(2026, 1, 6), usd("180.00")),
]


def result() -> Adjudication:
    return adjudicate(POLICY, LINES, accumulators=Accumulators.empty(), authorizations=[AUTH])


def test_a_policy_is_a_coverage_of_the_patient(check: Check) -> None:
    """The Coverage names the patient, the member, the plan and the period."""
    family = Policy(
        PLAN,
        DateRange.starting("2025-01-01"),
        "MBR-0002",
        "01",
        Relationship.SPOUSE,
        CoverageLevel.FAMILY,
        "FAM-1",
    )

    coverage = check(coverage_resource(family, beneficiary="pt-river"))

    assert coverage["id"] == "pt-river..silver-2025..2025-01-01"
    assert coverage["subscriberId"] == "MBR-0002"
    assert coverage["dependent"] == "01"
    assert coverage["relationship"]["coding"][0]["code"] == "spouse"
    assert coverage["period"] == {"start": "2025-01-01"}
    assert coverage["payor"] == [{"display": "Silver 2025"}]
    assert coverage["identifier"][0]["value"] == "FAM-1"


def test_a_plans_benefits_are_an_insurance_plan(check: Check) -> None:
    """Deductibles, copays, coinsurance, limits and prior authorisation all appear."""
    plan = check(insurance_plan_resource(PLAN))

    in_network = plan["plan"][0]
    assert in_network["generalCost"][0]["cost"] == {"value": 1500, "currency": "USD"}
    therapy = in_network["specificCost"][0]["benefit"][0]
    assert therapy["cost"][0]["value"]["value"] == 30
    assert plan["coverage"][0]["benefit"][0]["requirement"] == "prior authorization"
    assert plan["coverage"][0]["benefit"][0]["limit"][0]["value"] == {"value": 20, "unit": "visits"}
    assert plan["coverage"][1]["type"]["coding"][0]["code"] == "excluded"
    medical = in_network["specificCost"][1]["benefit"][0]["cost"][0]
    assert medical["value"]["value"] == 20
    assert medical["value"]["unit"] == "%"


def test_an_adjudication_is_a_claim_response_and_an_eob(check: Check) -> None:
    """Each line's amounts by FHIR category, and its X12 adjustments with CARC reasons."""
    response, eob = adjudication_resources(
        result(), LINES, claim_id="cl-1", policy=POLICY, patient="pt-river", created=ON
    )

    check(response)
    check(eob)
    first = response["item"][0]["adjudication"]
    categories = [a["category"]["coding"][0]["code"] for a in first]
    assert categories[:5] == ["submitted", "eligible", "deductible", "copay", "benefit"]
    reasons = [a["reason"]["coding"][0] for a in first if "reason" in a]
    assert {r["system"] for r in reasons} == {CARC}
    assert response["outcome"] == "complete"
    assert eob["insurance"] == [
        {"focal": True, "coverage": {"reference": "Coverage/pt-river..silver-2025..2025-01-01"}}
    ]
    denied = response["item"][3]
    assert denied["noteNumber"]
    assert response["processNote"][denied["noteNumber"][0] - 1]["text"]
    assert eob["item"][1]["locationCodeableConcept"]["coding"][0]["code"] == "11"


def test_a_carc_the_catalogue_does_not_describe_has_no_display(check: Check) -> None:
    """Adjustment reasons keep their code; only known codes carry X12's wording."""
    from casekit.coverage import Adjustment, Decision, Status
    from casekit.coverage.reason_codes import Group
    from casekit.rules import Trace

    zero = usd("0")
    decision = Decision(
        1, Status.DENIED, None, usd("10"), zero, zero, zero, zero, zero, zero, zero,
        (Adjustment(Group.CONTRACTUAL_OBLIGATION, "A1", usd("10")),), (), Trace("x", False),
    )  # fmt: skip

    response, _ = adjudication_resources(
        Adjudication((decision,), Accumulators.empty()),
        LINES[:1],
        claim_id="cl-2",
        policy=POLICY,
        patient="pt-river",
        created=ON,
        provider="prov-pt",
    )

    check(response)
    coding = response["item"][0]["adjudication"][-1]["reason"]["coding"][0]
    assert coding == {"system": CARC, "code": "A1"}


def test_lines_are_a_claim(check: Check) -> None:
    """The Claim lists each line, its diagnoses and casekit's extensions."""
    claim = check(
        claim_resource(LINES, claim_id="cl-1", policy=POLICY, patient="pt-river", created=ON)
    )

    assert [i["sequence"] for i in claim["item"]] == [1, 2, 3, 4]
    assert claim["diagnosis"][0]["diagnosisCodeableConcept"]["coding"][0]["code"] == "S06.0X0A"
    assert claim["item"][1]["diagnosisSequence"] == [1]
    assert claim["provider"] == {"display": "billing provider"}


def test_a_pre_service_answer_is_the_crd_coverage_information_extension(check: Check) -> None:
    """covered, pa-needed, satisfied-pa-id, doc-needed and details, on a ServiceRequest."""
    answer = check_coverage(
        POLICY,
        Service(Code.parse("CPT|97110"), network=Tier.IN),
        on=ON,
        accumulators=Accumulators.empty(),
        authorizations=[AUTH],
    )
    cid = coverage_id(POLICY, beneficiary="pt-river")

    ext = coverage_information(answer, coverage=cid, on=ON)
    check(
        {
            "resourceType": "ServiceRequest",
            "extension": [ext],
            "status": "draft",
            "intent": "order",
            "subject": {"reference": "Patient/pt-river"},
        }
    )

    parts = [(e["url"], e) for e in ext["extension"]]
    names = [name for name, _ in parts]
    assert ext["url"] == CRD_COVERAGE_INFORMATION
    assert names.count("doc-needed") == 2
    assert dict(parts)["pa-needed"]["valueCode"] == "satisfied"
    assert dict(parts)["satisfied-pa-id"]["valueString"] == "PA-778"
    assert "detail" in names
    assert ext == coverage_information(answer, coverage=cid, on=ON)


def test_a_conditional_answer_says_what_information_is_needed() -> None:
    """A service whose network is unknown gets conditional coverage and info-needed."""
    answer = check_coverage(POLICY, Service(Code.parse("CPT|97110")), on=ON)

    ext = coverage_information(answer, coverage="c-1", on=ON, assertion_id="a-1")

    parts = {e["url"]: e for e in ext["extension"]}
    assert parts["covered"]["valueCode"] == "conditional"
    assert parts["info-needed"]["valueCode"] == "performer"
    assert parts["coverage-assertion-id"]["valueString"] == "a-1"
    assert parts["reason"]["valueCodeableConcept"]["text"]


def _claim(**changes: Any) -> object:
    arguments: dict[str, Any] = {"claim_id": "c", "policy": POLICY, "patient": "p", "created": ON}
    lines = changes.pop("lines", LINES)
    return claim_resource(lines, **{**arguments, **changes})


def _responses(result: object, lines: list[ServiceLine]) -> object:
    return adjudication_resources(
        result,  # type: ignore[arg-type]
        lines,
        claim_id="c",
        policy=POLICY,
        patient="p",
        created=ON,
    )


def test_a_not_covered_answer_says_no_prior_authorisation(check: Check) -> None:
    """An excluded service is not-covered, with no pa-needed (CRD rule crd-ci-q2)."""
    answer = check_coverage(POLICY, Service(Code.parse("CPT|15780"), network=Tier.IN), on=ON)

    ext = coverage_information(answer, coverage="c-1", on=ON)
    check(
        {
            "resourceType": "Appointment",
            "extension": [ext],
            "status": "proposed",
            "participant": [{"actor": {"reference": "Patient/p"}, "status": "needs-action"}],
        }
    )

    urls = [e["url"] for e in ext["extension"]]
    assert "pa-needed" not in urls
    assert ext["extension"][1]["valueCode"] == "not-covered"


@pytest.mark.parametrize(
    ("call", "path"),
    [
        pytest.param(lambda: coverage_resource("p", beneficiary="b"), "policy", id="policy"),  # type: ignore[arg-type]
        pytest.param(lambda: insurance_plan_resource("p"), "plan", id="plan"),  # type: ignore[arg-type]
        pytest.param(lambda: _claim(lines="x"), "lines", id="claim-lines"),
        pytest.param(lambda: _claim(lines=[1]), "lines[0]", id="claim-line"),
        pytest.param(lambda: _claim(created="x"), "created", id="claim-created"),
        pytest.param(lambda: _responses("r", LINES), "result", id="result"),
        pytest.param(lambda: _responses(result(), LINES[:1]), "lines", id="result-lines"),
        pytest.param(lambda: coverage_information("a", coverage="c", on=ON), "answer", id="answer"),  # type: ignore[arg-type]
        pytest.param(
            lambda: coverage_information(result_answer(), coverage="c c", on=ON),
            "coverage",
            id="answer-coverage",
        ),
        pytest.param(
            lambda: coverage_information(result_answer(), coverage="c", on="2025"),  # type: ignore[arg-type]
            "on",
            id="answer-on",
        ),
    ],
)
def test_bad_arguments_are_refused_with_their_names(call: Callable[[], object], path: str) -> None:
    """Each exporter names the argument it cannot use."""
    with pytest.raises(InvalidInputError) as err:
        call()

    assert err.value.problems[0].path == path


def result_answer() -> Any:
    return check_coverage(POLICY, Service(Code.parse("CPT|97110"), network=Tier.IN), on=ON)


def test_an_amount_json_cannot_carry_exactly_is_refused() -> None:
    """More than 15 significant digits would not survive a JSON number: refused, not rounded."""
    line = ServiceLine(1, Code.parse("CPT|97110"), ON, Money.of("1234567890123.456", "USD"))

    with pytest.raises(InvalidInputError) as err:
        claim_resource([line], claim_id="c", policy=POLICY, patient="p", created=ON)

    assert err.value.problems[0].path == "lines[0].billed"
