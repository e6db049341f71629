"""Kept decisions are cheap for the garbage collector: one tracked object each, however large
the batch, so adjudication's cost per line does not grow with the decisions it keeps.

CPython's cyclic collector visits every tracked object on each full collection, and runs one
each time the heap grows by a quarter; a batch whose decisions were each several tracked
objects (the decision, its Money amounts, adjustments, tuples) paid for them again and again
as it grew. These tests count tracked objects, never time.
"""

from __future__ import annotations

import copy
import gc
import pickle
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs
import pendulum
import pytest
from attrs.exceptions import FrozenInstanceError
from coverage_helpers import empty, line, one_benefit_plan, policy_for, usd

from casekit.codes import Code, CodeSet, CodeSystem
from casekit.coverage import (
    Adjudication,
    Adjustment,
    Authorization,
    Benefit,
    CostShare,
    Decision,
    Limit,
    Measure,
    Plan,
    ServiceLine,
    Status,
    Tier,
    TierTerms,
    adjudicate,
)
from casekit.coverage._decision import decision_of
from casekit.coverage._explanation import BUILDERS as TRACE_BUILDERS
from casekit.coverage.reason_codes import Group
from casekit.errors import InvalidInputError
from casekit.money import Money
from casekit.periods import DateRange
from casekit.rules import Reason, Trace

OFFICE = CodeSet.of(CodeSystem.CPT, *(f"{n:05d}" for n in range(99200, 99220)), name="office")
OFFICE_VISIT = Code(CodeSystem.CPT, "99213")
LAB = CodeSet.of(CodeSystem.CPT, *(f"{n:05d}" for n in range(80000, 80100)), name="lab")


def _plan() -> Plan:
    """A plan every usual path runs through: copays, a deductible, coinsurance, a limit that
    runs out, out-of-network balance billing and codes no benefit covers."""
    return Plan(
        "memory",
        tiers=[
            TierTerms(Tier.IN, deductible=usd("500")),
            TierTerms(Tier.OUT, deductible=usd("1000")),
        ],
        benefits=[
            Benefit(
                "office",
                codes=OFFICE,
                cost_shares=[CostShare(copay=usd("25"), deductible_applies=False)],
                limits=[Limit(Measure.VISITS, 400, counter="office")],
            ),
            Benefit("lab", codes=LAB, cost_shares=[CostShare(coinsurance=Decimal("0.2"))]),
        ],
    )


def _lines(n: int) -> Iterator[ServiceLine]:
    start = pendulum.date(2025, 1, 1).toordinal()
    for i in range(1, n + 1):
        kind = i % 10
        code = (
            Code(CodeSystem.CPT, f"{99200 + i % 20:05d}")
            if kind < 5  # half office visits
            else Code(CodeSystem.CPT, f"{80000 + i % 100:05d}")
            if kind < 9  # most of the rest lab work
            else Code(CodeSystem.CPT, "12345")  # no benefit covers it
        )
        yield line(
            i,
            f"{40 + i % 300}.{i % 100:02d}",
            on=pendulum.Date.fromordinal(start + i % 365),
            code=code,
            network=Tier.OUT if i % 7 == 0 else Tier.IN,
            allowed=usd(f"{30 + i % 200}") if i % 3 == 0 else None,
        )


def _tracked(n: int) -> tuple[int, Adjudication]:
    """Return how many more objects the collector tracks once an n-line result is kept (the
    plan compiled and its codes seen before), and the result."""
    batch = list(_lines(n))
    policy = policy_for(_plan())
    adjudicate(policy, batch, accumulators=empty())  # the plan compiled, its codes seen
    _settle()
    before = len(gc.get_objects())
    result = adjudicate(policy, batch, accumulators=empty())
    _settle()
    return len(gc.get_objects()) - before, result


def _settle() -> None:
    """Collect until the collector tracks no fewer objects: a tuple is untracked by a pass
    that finds what it holds untracked, so nested tuples may need a pass per level."""
    count = -1
    while count != len(gc.get_objects()):
        count = len(gc.get_objects())
        gc.collect()


def test_a_kept_decision_is_about_one_tracked_object_at_n_and_at_10n() -> None:
    """A result of 5,000 lines adds about one tracked object per decision, and each of its
    4,500 decisions beyond the first 500 adds one: the count per line does not grow.

    (The decisions of 2026-11, with their Money amounts, adjustments and tuples, were 6.7.)"""
    small, small_result = _tracked(500)
    large, large_result = _tracked(5000)

    statuses = {d.status.value for d in large_result.decisions}
    assert statuses == {"covered", "denied"}  # both kinds of line were kept
    assert any(d.balance_billed for d in large_result.decisions)
    assert len(small_result.decisions) == 500
    assert small / 500 <= 1.05  # a few objects per call besides: the result, accumulators
    assert large / 5000 <= 1.05
    assert (large - small) / 4500 <= 1.01


def test_a_decision_from_adjudication_keeps_no_tracked_parts() -> None:
    """Once collections settle, nothing a decision keeps besides itself is tracked, except the
    compiled benefit its trace is built from, which every line of the benefit shares."""
    result = adjudicate(policy_for(_plan()), list(_lines(200)), accumulators=empty())
    _settle()

    kept = {
        id(obj)
        for d in result.decisions
        for obj in gc.get_referents(d)
        if gc.is_tracked(obj) and obj is not type(d)
    }

    assert len(kept) <= 2  # the office and lab benefits, compiled


@pytest.mark.parametrize("n", [1, 30])
def test_reading_a_decision_builds_its_parts_and_keeps_none(n: int) -> None:
    """Reading amounts, adjustments, reasons and the trace keeps nothing on the decision."""
    result = adjudicate(policy_for(_plan()), list(_lines(n)), accumulators=empty())
    before = [gc.get_referents(d) for d in result.decisions]

    for d in result.decisions:
        _ = (d.billed, d.adjustments, d.reasons, d.trace, d.components, d.days)

    assert [gc.get_referents(d) for d in result.decisions] == before


def test_a_line_whose_trace_needs_an_authorisation_still_names_it() -> None:
    """A covered line's trace built from its record names the authorisation it used (its
    record, which holds it, is the one a line keeps tracked besides the decision)."""
    plan = one_benefit_plan(Benefit("mri", prior_authorization=True))
    auth = Authorization("PA-9", OFFICE_VISIT, 3, DateRange.of("2025-01-01", "2025-12-31"))

    d = adjudicate(
        policy_for(plan), [line(1, "100")], accumulators=empty(), authorizations=[auth]
    ).decisions[0]

    assert d.status.value == "covered"
    (authorised,) = [node for node in d.trace.children if node.rule.startswith("has_auth")]
    assert authorised.inputs == (("authorization", "PA-9"),)


# --- the record is invisible: a decision is the same value however it keeps its fields ---------


def _kept() -> tuple[Adjudication, ...]:
    policy = policy_for(_plan(), member="01")
    return (adjudicate(policy, list(_lines(40)), accumulators=empty()),)


def test_a_decision_rebuilt_from_its_fields_is_equal_and_hashes_equal() -> None:
    """Building a decision again from what it reads back gives an equal one, trace and all."""
    (result,) = _kept()

    for d in result.decisions:
        again = attrs.evolve(d)

        assert again == d
        assert hash(again) == hash(d)
        assert again.trace == d.trace
        assert repr(again) == repr(d)


def test_a_decision_pickles_and_copies_to_an_equal_decision() -> None:
    """Pickling, copying and deep-copying keep every field and the trace, built: a line's
    compiled benefit may hold checks that do not pickle."""
    (result,) = _kept()

    for d in result.decisions:
        for again in (pickle.loads(pickle.dumps(d)), copy.copy(d), copy.deepcopy(d)):  # noqa: S301  # our own bytes
            assert (again, again.member, again.trace) == (d, d.member, d.trace)


def test_decisions_differing_in_one_field_differ() -> None:
    """Equality reads every field but the trace: a change to any one of them tells."""
    d = _kept()[0].decisions[0]
    changes = {
        "line_number": 99,
        "status": Status.PENDING,
        "benefit": "other",
        "billed": d.billed + usd("1"),
        "plan_paid": Money.of(d.plan_paid.amount, "EUR"),
        "adjustments": (),
        "reasons": (Reason("coverage.covered"),),
        "period": "2026",
        "tier": Tier.OUT,
        "member": "02",
    }

    for name, value in changes.items():
        changed = attrs.evolve(d, **{name: value})
        assert changed != d, name
        assert getattr(changed, name) == value, name
    assert attrs.evolve(d, explain=Trace("other", True)) == d
    assert d != object()


def test_an_amount_in_another_currency_keeps_its_currency() -> None:
    """A decision built by hand keeps each amount's own currency (adjudication never mixes)."""
    zero = usd("0")
    eur = Money.of("5", "EUR")

    d = _decision(plan_paid=eur, adjustments=(Adjustment(Group.PATIENT_RESPONSIBILITY, "1", eur),))

    assert (d.plan_paid, d.adjustments[0].amount, d.billed) == (eur, eur, usd("10"))
    assert d.deductible == zero
    with pytest.raises(InvalidInputError):
        _ = d.components and Adjudication([d], empty()).totals("USD")


def test_a_decision_cannot_be_changed_in_place() -> None:
    """A decision is frozen, as every casekit value is."""
    d = _decision()

    with pytest.raises(FrozenInstanceError):
        d.billed = usd("1")  # type: ignore[misc]  # a property: the point of the test
    with pytest.raises(FrozenInstanceError):
        del d.billed


def test_day_counts_must_be_kind_days_money_and_range() -> None:
    """Each day count is (kind, days, Money, first day or None, last day or None)."""
    good = ("full", 3, usd("0"), 1, None)

    assert _decision(day_counts=[good]).day_counts == (good,)
    for bad in [("full", 3, "0", 1, None), ("full", 3), ("full", True, usd("0"), 1, 2), "full"]:
        with pytest.raises(InvalidInputError) as caught:
            _decision(day_counts=[good, bad])
        assert [p.path for p in caught.value.problems] == ["day_counts[1]"]
    with pytest.raises(InvalidInputError) as caught:
        _decision(day_counts={good})
    assert [p.path for p in caught.value.problems] == ["day_counts"]


def _decision(**changes: Any) -> Decision:
    zero = usd("0")
    fields: dict[str, Any] = {
        "line_number": 1,
        "status": Status.DENIED,
        "benefit": None,
        "billed": usd("10"),
        "allowed": zero,
        "deductible": zero,
        "copay": zero,
        "coinsurance": zero,
        "not_covered": zero,
        "balance_billed": zero,
        "plan_paid": zero,
        "adjustments": (Adjustment(Group.CONTRACTUAL_OBLIGATION, "96", usd("10")),),
        "reasons": (),
        "explain": Trace("x", False),
    }
    return Decision(**{**fields, **changes})


def test_a_trace_record_too_short_for_its_builder_is_kept_as_given() -> None:
    """A record naming a builder but not the arguments it takes is kept whole, by hand or by
    adjudication's own maker, and given back as it came."""
    short = (TRACE_BUILDERS[0],)
    zero = Decimal("0.00")
    amounts = (Decimal("10.00"), zero, zero, zero, zero, zero, zero, zero)

    by_hand = _decision(explain=short)
    made = decision_of(1, "denied", None, "USD", *amounts, (), (), None, None, short, None, "in")

    assert by_hand._explain == short
    assert made._explain == short
    assert made.member is None


def test_adjudication_s_maker_keeps_every_field_as_the_constructor_does() -> None:
    """Adjudication's own maker, given the record parts of a different value for every
    field, gives a decision equal to the one the constructor builds from them."""
    amounts = [usd(n) for n in ("500", "400", "100", "30", "54", "20", "6", "190")]
    adjustments = (
        Adjustment(Group.CONTRACTUAL_OBLIGATION, "45", usd("100")),
        Adjustment(Group.PATIENT_RESPONSIBILITY, "1", usd("100")),
    )
    reasons = (Reason.of("coverage.partly_covered", benefit="rehab", covered=2, units=3),)
    days = (("full", 2, usd("0"), 1, 60), ("coinsurance", 1, usd("6"), 61, None))
    record = (TRACE_BUILDERS[0], "coverage_period", None)
    parts: tuple[Any, ...] = (
        7,
        Status.COVERED,
        "rehab",
        *amounts,
        adjustments,
        reasons,
        record,
        "2025",
        Tier.OUT,
        days,
    )

    made = decision_of(
        7,
        "covered",
        "rehab",
        "USD",
        *(m.amount for m in amounts),
        tuple((a.group.value, a.reason, a.amount.amount) for a in adjustments),
        reasons,
        0,  # trace_stop's number in BUILDERS, its arguments but the benefit, and the benefit
        ("coverage_period",),
        None,
        "2025",
        "out",
        tuple((kind, n, m.amount, first, last) for kind, n, m, first, last in days),
    )
    built = Decision(*parts)

    assert made == built
    assert not made != built  # noqa: SIM202  # __ne__ itself, not __eq__
    fields = [a.name for a in attrs.fields(Decision) if a.name not in {"explain", "member"}]
    assert [getattr(made, name) for name in fields] == [getattr(built, name) for name in fields]
    assert (made.billed, made.plan_paid, made.period, made.tier) == (
        usd("500"),
        usd("190"),
        "2025",
        Tier.OUT,
    )
    assert made.trace == built.trace


def test_equal_decisions_are_not_unequal() -> None:
    """Two equal decisions built apart compare equal and not unequal; a different one is
    unequal."""
    first, second = (_decision() for _ in range(2))

    assert first is not second
    assert (first == second, first != second) == (True, False)
    assert (first != _decision(line_number=2), first != "decision") == (True, True)


def test_a_decisions_repr_lists_its_fields_separated_by_commas() -> None:
    """The repr reads like the constructor call: ``Decision(line_number=1, status=...)``."""
    text = repr(_decision())

    assert text.startswith("Decision(line_number=1, status=<Status.DENIED: 'denied'>, benefit=")


def test_a_day_count_in_another_currency_than_the_charge_is_given_back_as_given() -> None:
    """A decision keeps a day count's money in another currency than its charge as it came."""
    euros = Money.of("5", "EUR")

    made = _decision(day_counts=[("full", 1, euros, 1, None)])

    assert made.day_counts == (("full", 1, euros, 1, None),)


@pytest.mark.parametrize(
    "short",
    [(TRACE_BUILDERS[0], "coverage_period"), (TRACE_BUILDERS[1],)],
    ids=["stop-without-benefit", "covered-without-benefit"],
)
def test_a_trace_record_ending_where_its_benefit_belongs_is_kept_as_given(
    short: tuple[Any, ...],
) -> None:
    """A record that stops just before the place of the compiled benefit is kept whole."""
    assert _decision(explain=short)._explain == short
