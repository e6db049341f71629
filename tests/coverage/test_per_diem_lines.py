"""Per-diem and per-admission benefits need no charge; a charge, if given, never silently
caps the patient's share."""

from __future__ import annotations

import pendulum
from coverage_helpers import empty, examples, usd
from hypothesis import given, settings
from hypothesis import strategies as st

from casekit.codes import Code, CodeSystem
from casekit.coverage import (
    Benefit,
    CostShare,
    Decision,
    Limit,
    Measure,
    Plan,
    Policy,
    ServiceLine,
    Status,
    Tier,
    TierTerms,
    adjudicate,
    part_a_plan,
    part_b_plan,
)
from casekit.money import Money
from casekit.periods import DateRange
from casekit.rules import Reason

STAY = Code(CodeSystem.LOCAL, "stay")
ADMITTED = pendulum.date(2025, 2, 1)


def _medicare(plan: Plan) -> Policy:
    return Policy(plan, DateRange.of("2025-01-01", "2025-12-31"), member_id="M-2")


PART_A = _medicare(part_a_plan(on=ADMITTED, qualifying_stay=False))
"""Part A with the 3-day stay waived, so a skilled-nursing line stands alone here."""


def _stay(days: int, *, place: str = "21", **kwargs: object) -> ServiceLine:
    return ServiceLine(1, STAY, ADMITTED, units=days, place_of_service=place, **kwargs)  # type: ignore[arg-type]


def test_a_part_a_stay_without_a_charge_owes_the_deductible_and_daily_amounts() -> None:
    """100 days in 2025, no charge: $1,676 + 30 x $419 + 10 x $838; the plan's payment is
    not priced, so it is zero and the allowed amount is the patient's share."""
    d = adjudicate(PART_A, [_stay(100)], accumulators=empty()).decisions[0]

    assert d.status is Status.COVERED
    assert (d.deductible, d.coinsurance) == (usd("1676"), usd("20950"))
    assert d.patient_share == d.allowed == d.billed == usd("22626.00")
    assert d.plan_paid == usd("0.00")
    assert [(c.kind, c.days) for c in d.days] == [
        ("full", 60),
        ("coinsurance", 30),
        ("lifetime_reserve", 10),
    ]


def test_a_priced_stay_without_a_charge_shows_what_the_plan_pays() -> None:
    """With the DRG payment as the allowed amount, the plan pays it less the patient's share."""
    d = adjudicate(PART_A, [_stay(5, allowed=usd("15000.00"))], accumulators=empty()).decisions[0]

    assert d.billed == d.allowed == usd("15000.00")
    assert d.deductible == usd("1676")
    assert d.plan_paid == usd("13324.00")
    assert d.adjustment_codes == ("PR-1",)


def test_a_skilled_nursing_stay_without_a_charge_owes_days_21_on() -> None:
    """30 SNF days in 2025, no charge: days 21-30 at $209.50."""
    d = adjudicate(PART_A, [_stay(30, place="31")], accumulators=empty()).decisions[0]

    assert d.coinsurance == usd("2095.00")
    assert d.plan_paid == usd("0.00")


def test_a_charge_below_the_deductible_limits_the_share_and_says_so() -> None:
    """A $500 charge for a stay: the patient owes the charge, not the $1,676 deductible
    (42 U.S.C. 1395e(a)(1)), and the decision gives the reason."""
    d = adjudicate(PART_A, [_stay(3, billed=usd("500.00"))], accumulators=empty()).decisions[0]

    assert d.deductible == usd("500.00")
    assert d.plan_paid == usd("0.00")
    assert d.reasons == (Reason.of("coverage.share_limited_by_charge", benefit="inpatient"),)
    assert "less than the deductible" in d.reasons[0].message()


def test_a_charge_equal_to_the_share_is_all_owed_and_limits_nothing() -> None:
    """A $1,676 charge for a stay is exactly the deductible: the patient owes it all, and no
    reason says the charge limited the share."""
    d = adjudicate(PART_A, [_stay(3, billed=usd("1676.00"))], accumulators=empty()).decisions[0]

    assert (d.deductible, d.plan_paid, d.reasons) == (usd("1676.00"), usd("0.00"), ())


def test_a_charge_above_the_share_changes_nothing_but_the_plan_payment() -> None:
    """A charge larger than the deductible: the share is the same as with no charge."""
    charged = adjudicate(PART_A, [_stay(3, billed=usd("9000.00"))], accumulators=empty())
    uncharged = adjudicate(PART_A, [_stay(3)], accumulators=empty())

    assert charged.decisions[0].patient_share == uncharged.decisions[0].patient_share
    assert charged.decisions[0].plan_paid == usd("7324.00")
    assert charged.decisions[0].reasons == ()


def test_a_per_admission_copay_needs_no_charge() -> None:
    """ "$500 copay per admission": no charge, the patient owes $500."""
    plan = Plan(
        "hmo",
        tiers=[TierTerms(Tier.IN)],
        benefits=[Benefit("inpatient", cost_shares=[CostShare.copay_only(usd("500"))])],
    )

    d = adjudicate(_medicare(plan), [_stay(4)], accumulators=empty()).decisions[0]

    assert (d.copay, d.plan_paid, d.allowed) == (usd("500"), usd("0.00"), usd("500.00"))


def test_a_coinsurance_line_without_an_amount_is_pending_for_the_charge() -> None:
    """Part B's 20% needs an amount: no charge and no price is pending (CO-16), asking for it."""
    policy = _medicare(part_b_plan(on=ADMITTED))
    office = ServiceLine(1, Code(CodeSystem.CPT, "99213"), ADMITTED)

    d = adjudicate(policy, [office], accumulators=empty()).decisions[0]

    assert d.status is Status.PENDING
    assert d.adjustment_codes == ()
    assert [dict(r.params)["what"] for r in d.reasons] == ["billed"]
    assert "priced(medical)" in d.trace.render()
    priced = adjudicate(
        policy,
        [office.__class__(1, office.code, ADMITTED, allowed=usd("90"))],
        accumulators=empty(),
    ).decisions[0]
    assert (priced.deductible, priced.plan_paid) == (usd("90"), usd("0.00"))


def test_an_amount_limit_needs_an_amount() -> None:
    """An amount limit cannot count a line with no amount: pending."""
    plan = Plan(
        "capped",
        tiers=[TierTerms(Tier.IN)],
        benefits=[
            Benefit(
                "inpatient",
                cost_shares=[CostShare.no_charge()],
                limits=[Limit(Measure.AMOUNT, usd("1000"))],
            )
        ],
    )

    d = adjudicate(_medicare(plan), [_stay(2)], accumulators=empty()).decisions[0]

    assert d.status is Status.PENDING


def test_a_denied_line_without_a_charge_adjusts_nothing() -> None:
    """A stay outside the coverage period with no charge: denied, billed and adjusted 0."""
    late = ServiceLine(1, STAY, pendulum.date(2026, 2, 1), units=2, place_of_service="21")

    d = adjudicate(PART_A, [late], accumulators=empty()).decisions[0]

    assert d.status is Status.DENIED
    assert d.billed == usd("0")
    assert [a.amount for a in d.adjustments] == [usd("0")]


def test_a_denied_line_without_a_charge_adjusts_its_price() -> None:
    """A priced stay outside the coverage period with no charge: denied, with its DRG
    payment shown as billed and adjusted (CO-27)."""
    late = ServiceLine(
        1,
        STAY,
        pendulum.date(2026, 2, 1),
        allowed=usd("15000.00"),
        units=2,
        place_of_service="21",
    )

    d = adjudicate(PART_A, [late], accumulators=empty()).decisions[0]

    assert (d.status, d.billed, d.allowed, d.plan_paid) == (
        Status.DENIED,
        usd("15000.00"),
        usd("0.00"),
        usd("0.00"),
    )
    assert [(a.code, a.amount) for a in d.adjustments] == [("CO-27", usd("15000.00"))]


@given(days=st.integers(1, 200), place=st.sampled_from(["21", "31"]), charge=st.integers(0, 60000))
@settings(max_examples=examples(200))
def test_a_charge_never_silently_changes_the_share(days: int, place: str, charge: int) -> None:
    """With a charge, the share equals the unpriced share, or is the charge and says so; the
    plan pays the charge less the share, never less than zero."""
    free = adjudicate(PART_A, [_stay(days, place=place)], accumulators=empty()).decisions[0]
    billed = Money.of(charge, "USD")
    d = adjudicate(
        PART_A, [_stay(days, place=place, billed=billed)], accumulators=empty()
    ).decisions[0]

    def cost(x: Decision) -> Money:
        return x.deductible + x.copay + x.coinsurance

    limited = [r for r in d.reasons if r.code == "coverage.share_limited_by_charge"]
    if limited:  # the patient pays all the charge covers, less than the terms ask
        assert cost(d) == d.allowed - d.not_covered
        assert cost(d) < cost(free)
        assert d.plan_paid.amount == 0
    else:
        assert cost(d) == cost(free)
    assert d.plan_paid.amount >= 0
    assert d.plan_paid + d.patient_share == d.allowed
    assert free.plan_paid.amount == 0


def test_a_fhir_claim_of_a_line_without_a_charge_has_no_net_amount() -> None:
    """FHIR's Claim.item.net is optional: a per-diem line with no charge leaves it out."""
    from casekit.fhir import claim_resource  # only this test exports FHIR

    claim = claim_resource(
        [_stay(3)], claim_id="cl-1", policy=PART_A, patient="pt-1", created=ADMITTED
    )

    assert "net" not in claim["item"][0]
    assert claim["item"][0]["quantity"] == {"value": 3}


def test_a_line_pending_for_its_charge_names_its_benefit_and_asks_for_the_billed_amount() -> None:
    """The pending Part B line is the medical benefit's, with one reason asking for
    ``billed``, and no amount on anybody."""
    policy = _medicare(part_b_plan(on=ADMITTED))
    office = ServiceLine(1, Code(CodeSystem.CPT, "99213"), ADMITTED)

    d = adjudicate(policy, [office], accumulators=empty()).decisions[0]

    assert (d.status, d.benefit, d.reasons) == (
        Status.PENDING,
        "medical",
        (Reason.of("coverage.information_needed", benefit="medical", what="billed"),),
    )
    assert (d.billed, d.allowed, d.not_covered, d.plan_paid) == (usd("0.00"),) * 4
