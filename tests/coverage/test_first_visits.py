"""SBC "first N visits $0 (or $X copay), then deductible/coinsurance" cost shares."""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest
from coverage_helpers import empty, examples, line, policy_for, usd
from hypothesis import given, settings
from hypothesis import strategies as st
from refusals import problems

from casekit.coverage import (
    Accumulators,
    Benefit,
    CostShare,
    Plan,
    Policy,
    ServiceLine,
    Tier,
    TierTerms,
    adjudicate,
    balances,
    dump_plan,
    load_plan,
)
from casekit.errors import InvalidInputError
from casekit.periods import DateRange

TWENTY = CostShare.coinsurance_after_deductible(Decimal("0.2"))


def _plan(share: CostShare, *, deductible: str = "1500", oop: str | None = None) -> Plan:
    return Plan(
        "sbc",
        tiers=[
            TierTerms(
                Tier.IN,
                deductible=usd(deductible),
                out_of_pocket_max=None if oop is None else usd(oop),
            )
        ],
        benefits=[Benefit("primary_care", cost_shares=[share])],
    )


def _visits(*amounts: str) -> list[ServiceLine]:
    return [
        line(i, amount, on=pendulum.date(2025, 3, i)) for i, amount in enumerate(amounts, start=1)
    ]


def _parts(plan: Plan, *amounts: str, acc: Accumulators | None = None) -> list[tuple[object, ...]]:
    result = adjudicate(policy_for(plan), _visits(*amounts), accumulators=acc or empty())
    return [(d.deductible, d.copay, d.coinsurance, d.plan_paid) for d in result.decisions]


def test_the_first_three_visits_are_free_then_the_deductible_applies() -> None:
    """SBC: "first 3 visits $0, then deductible/20% coinsurance": the fourth pays the deductible."""
    plan = _plan(CostShare.first_visits_then(3, TWENTY))

    assert _parts(plan, "150.00", "150.00", "150.00", "150.00") == [
        (usd("0.00"), usd("0.00"), usd("0.00"), usd("150.00")),
        (usd("0.00"), usd("0.00"), usd("0.00"), usd("150.00")),
        (usd("0.00"), usd("0.00"), usd("0.00"), usd("150.00")),
        (usd("150.00"), usd("0.00"), usd("0.00"), usd("0.00")),
    ]


def test_the_first_visits_copay_is_charged_then_coinsurance_after_the_deductible() -> None:
    """SBC: "first 2 visits $30 copay, then 20% after deductible", deductible met before."""
    plan = _plan(CostShare.first_visits_then(2, TWENTY, copay=usd("30")), deductible="100")
    acc = empty().add(("member:00", "in", "deductible", "2025-01-01/2025-12-31"), Decimal(100))

    assert _parts(plan, "200.00", "200.00", "200.00", acc=acc) == [
        (usd("0.00"), usd("30.00"), usd("0.00"), usd("170.00")),
        (usd("0.00"), usd("30.00"), usd("0.00"), usd("170.00")),
        (usd("0.00"), usd("0.00"), usd("40.00"), usd("160.00")),
    ]


def test_a_first_visit_copay_is_never_more_than_the_allowed_amount() -> None:
    """A $30 first-visit copay on a $20 visit takes $20."""
    plan = _plan(CostShare.first_visits_then(1, TWENTY, copay=usd("30")))

    assert _parts(plan, "20.00") == [(usd("0.00"), usd("20.00"), usd("0.00"), usd("0.00"))]


def test_first_visit_copays_count_toward_the_out_of_pocket_maximum() -> None:
    """The first visits' copays count toward, and stop at, the out-of-pocket maximum."""
    plan = _plan(CostShare.first_visits_then(3, TWENTY, copay=usd("40")), oop="50")

    assert _parts(plan, "100.00", "100.00", "100.00") == [
        (usd("0.00"), usd("40.00"), usd("0.00"), usd("60.00")),
        (usd("0.00"), usd("10.00"), usd("0.00"), usd("90.00")),
        (usd("0.00"), usd("0.00"), usd("0.00"), usd("100.00")),
    ]


def test_the_first_visits_count_again_in_each_benefit_period() -> None:
    """The visit count is per benefit period: the first visit of 2026 is free again."""
    plan = _plan(CostShare.first_visits_then(1, TWENTY))
    policy = Policy(plan, DateRange.of("2025-01-01", "2026-12-31"), member_id="M-1")
    lines = [
        line(1, "100.00", on=pendulum.date(2025, 5, 1)),
        line(2, "100.00", on=pendulum.date(2025, 6, 1)),
        line(3, "100.00", on=pendulum.date(2026, 1, 5)),
    ]

    result = adjudicate(policy, lines, accumulators=empty())

    assert [d.patient_share for d in result.decisions] == [
        usd("0.00"),
        usd("100.00"),
        usd("0.00"),
    ]
    left = {
        b.name: b.remaining for b in balances(policy, result.accumulators, on=lines[2].service_date)
    }
    assert left["deductible"] == usd("1500.00")


def test_the_plan_data_form_reads_like_the_sbc() -> None:
    """``first_visits`` and ``first_visits_copay`` load, dump back and adjudicate alike."""
    data = {
        "id": "sbc",
        "tiers": [{"tier": "in", "deductible": {"amount": "1500", "currency": "USD"}}],
        "benefits": [
            {
                "id": "primary_care",
                "cost_shares": [
                    {
                        "first_visits": 2,
                        "first_visits_copay": {"amount": "25", "currency": "USD"},
                        "coinsurance": "0.2",
                    }
                ],
            }
        ],
    }

    loaded = load_plan(data)

    assert loaded == _plan(CostShare.first_visits_then(2, TWENTY, copay=usd("25")))
    assert load_plan(dump_plan(loaded)) == loaded


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ({"first_visits": -1}, "benefits[0].cost_shares[0].first_visits"),
        ({"first_visits_copay": "25"}, "benefits[0].cost_shares[0].first_visits_copay"),
    ],
)
def test_bad_first_visit_terms_are_refused_with_their_path(
    data: dict[str, object], path: str
) -> None:
    """A negative count or a copay that is not money is refused, naming the field."""
    plan = {"id": "x", "tiers": [], "benefits": [{"id": "a", "cost_shares": [data]}]}

    with pytest.raises(InvalidInputError) as raised:
        load_plan(plan)

    assert [p.path for p in raised.value.problems] == [path]


def test_first_visits_then_refuses_what_is_not_a_cost_share() -> None:
    """``then`` must be a CostShare."""
    with pytest.raises(InvalidInputError, match="then: must be a CostShare"):
        CostShare.first_visits_then(2, "20%")  # type: ignore[arg-type]


@given(
    first=st.integers(0, 4),
    amounts=st.lists(st.integers(1, 900), min_size=1, max_size=7),
    copay=st.sampled_from([None, "0", "25", "60"]),
)
@settings(max_examples=examples(200))
def test_after_the_first_visits_the_plan_is_the_then_terms(
    first: int, amounts: list[int], copay: str | None
) -> None:
    """The first visits pay their copay only; later ones decide as the ``then`` terms alone
    would, from the accumulators the first visits left."""
    then = CostShare.coinsurance_after_deductible(Decimal("0.3"))
    plan = _plan(
        CostShare.first_visits_then(first, then, copay=None if copay is None else usd(copay)),
        deductible="500",
        oop="2000",
    )
    lines = _visits(*(f"{a}.00" for a in amounts))
    head = adjudicate(policy_for(plan), lines[:first], accumulators=empty())
    whole = adjudicate(policy_for(plan), lines, accumulators=empty())
    rest = adjudicate(
        policy_for(_plan(then, deductible="500", oop="2000")),
        lines[first:],
        accumulators=head.accumulators,
    )

    for d, amount in zip(whole.decisions[:first], amounts, strict=False):
        assert d.deductible.amount == d.coinsurance.amount == 0
        assert d.copay.amount == min(Decimal(copay or 0), Decimal(amount))
    assert [d.components for d in whole.decisions[first:]] == [d.components for d in rest.decisions]


def test_first_visits_then_refuses_what_is_not_a_cost_share_with_its_code() -> None:
    """The refusal of ``then`` is exactly one ``type`` problem at ``then``."""
    assert problems(lambda: CostShare.first_visits_then(2, "20%")) == [  # type: ignore[arg-type]
        ("then", "type", "must be a CostShare")
    ]


def test_a_first_visit_without_an_out_of_pocket_maximum_gives_no_reason() -> None:
    """A first visit's copay on a plan with no out-of-pocket maximum is covered with no
    reason: nothing capped it."""
    plan = _plan(CostShare.first_visits_then(2, TWENTY, copay=usd("30")))

    result = adjudicate(policy_for(plan), _visits("100.00"), accumulators=empty())

    d = result.decisions[0]
    assert (d.deductible, d.copay, d.coinsurance, d.plan_paid) == (
        usd("0.00"),
        usd("30.00"),
        usd("0.00"),
        usd("70.00"),
    )
    assert d.reasons == ()
    assert d.adjustment_codes == ("PR-3",)


def test_a_first_visit_copay_counts_toward_the_deductible_when_the_terms_say_so() -> None:
    """Copays that count toward the deductible count there on the first visits too: two $30
    first-visit copays leave $40 of a $100 deductible for the third visit."""
    then = CostShare(coinsurance=Decimal("0.2"), copay_counts_toward_deductible=True)
    plan = _plan(CostShare.first_visits_then(2, then, copay=usd("30")), deductible="100")

    result = adjudicate(
        policy_for(plan), _visits("200.00", "200.00", "200.00"), accumulators=empty()
    )

    assert [(d.deductible, d.copay, d.coinsurance, d.plan_paid) for d in result.decisions] == [
        (usd("0.00"), usd("30.00"), usd("0.00"), usd("170.00")),
        (usd("0.00"), usd("30.00"), usd("0.00"), usd("170.00")),
        (usd("40.00"), usd("0.00"), usd("32.00"), usd("128.00")),
    ]
