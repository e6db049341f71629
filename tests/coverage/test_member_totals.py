"""A batch's totals by member: each decision names its member, and a batch that holds several
members' decisions (a family's claims, say) totals each member's by component."""

from __future__ import annotations

from decimal import Decimal

import pytest
from coverage_helpers import empty, examples, line, policy_for, usd
from hypothesis import given, settings
from hypothesis import strategies as st

from casekit.coverage import (
    Accumulators,
    Adjudication,
    Benefit,
    CostShare,
    CoverageLevel,
    Plan,
    Tier,
    TierTerms,
    adjudicate,
)
from casekit.errors import InvalidInputError
from casekit.serialization import from_dict, to_dict

PLAN = Plan(
    "family",
    tiers=[
        TierTerms(
            Tier.IN,
            deductible=usd("200"),
            family_deductible=usd("400"),
            out_of_pocket_max=usd("1500"),
            family_out_of_pocket_max=usd("3000"),
        )
    ],
    benefits=[
        Benefit("office", cost_shares=[CostShare(coinsurance=Decimal("0.2"))]),
    ],
)


def _family_batch(members: dict[str, list[int]]) -> tuple[Adjudication, dict[str, Adjudication]]:
    """Adjudicate each member's lines (cents) in turn under one family's accumulators, and
    return the family's batch of every decision and each member's own result."""
    acc: Accumulators = empty()
    own: dict[str, Adjudication] = {}
    for member, cents in members.items():
        policy = policy_for(PLAN, member=member, coverage_level=CoverageLevel.FAMILY)
        lines = [line(i, str(Decimal(c).scaleb(-2))) for i, c in enumerate(cents, start=1)]
        own[member] = adjudicate(policy, lines, accumulators=acc)
        acc = own[member].accumulators
    batch = Adjudication([d for r in own.values() for d in r.decisions], acc)
    return batch, own


_MEMBERS = st.dictionaries(
    st.sampled_from(["01", "02", "03", "04"]),
    st.lists(st.integers(min_value=0, max_value=300_000), min_size=1, max_size=5),
    min_size=1,
    max_size=4,
)


@settings(max_examples=examples(100))
@given(members=_MEMBERS)
def test_member_totals_add_up_to_the_batch_totals_and_lines_to_their_components(
    members: dict[str, list[int]],
) -> None:
    """Per component, the members' totals add up to the batch's; each member's totals are
    those of its own lines; each line's components add up to what patient and plan pay."""
    batch, own = _family_batch(members)

    by_member = batch.totals_by_member("USD")

    assert [m for m, _ in by_member] == list(members)
    for member, totals in by_member:
        assert member is not None
        assert totals == own[member].totals("USD")
    for i, (name, total) in enumerate(batch.totals("USD")):
        assert sum((t[i][1].amount for _, t in by_member), Decimal(0)) == total.amount
        assert all(t[i][0] == name for _, t in by_member)
    assert all(amount.amount.as_tuple().exponent == -2 for _, t in by_member for _, amount in t)
    for d in batch.decisions:
        parts = dict(d.components)
        patient = sum((v.amount for k, v in parts.items() if k != "plan_paid"), Decimal(0))
        assert patient == d.patient_total.amount
        assert parts["plan_paid"] == d.plan_paid


def test_a_decision_names_the_member_its_policy_covers() -> None:
    """adjudicate records the policy's member sequence on each decision, never its id."""
    policy = policy_for(PLAN, member="02")

    (d,) = adjudicate(policy, [line(1, "80")], accumulators=empty()).decisions

    assert d.member == "02"
    assert "M-0001" not in repr(d)
    assert repr(d).endswith("member='02')")


def test_decisions_built_without_a_member_total_under_none() -> None:
    """A decision built by hand names no member, and its amounts total under None."""
    made = adjudicate(policy_for(PLAN), [line(1, "80")], accumulators=empty()).decisions[0]
    unnamed = from_dict({k: v for k, v in to_dict(made).items() if k != "member"}, type(made))

    totals = Adjudication([made, unnamed], empty()).totals_by_member("USD")

    assert unnamed.member is None
    assert [m for m, _ in totals] == ["00", None]
    assert totals[0][1] == totals[1][1]


def test_the_member_travels_in_the_decisions_written_form() -> None:
    """A decision's written form carries its member, and reads back equal."""
    made = adjudicate(
        policy_for(PLAN, member="03"), [line(1, "80")], accumulators=empty()
    ).decisions[0]

    data = to_dict(made)

    assert data["member"] == "03"
    assert from_dict(data, type(made)) == made


@pytest.mark.parametrize("member", ["", "a-b", "123456789", 1])
def test_a_member_that_is_no_member_sequence_is_refused(member: object) -> None:
    """A decision's member is a sequence of 1-8 letters or digits, as on the policy."""
    made = adjudicate(policy_for(PLAN), [line(1, "80")], accumulators=empty()).decisions[0]
    data = {**to_dict(made), "member": member}

    with pytest.raises(InvalidInputError) as caught:
        from_dict(data, type(made))

    assert [p.path for p in caught.value.problems] == ["member"]
