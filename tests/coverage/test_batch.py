"""adjudicate_many: many members' lines, streamed, give what adjudicate gives each member."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pendulum
import pytest
from coverage_helpers import empty, examples, line, policy_for, simple_plan, usd
from hypothesis import given, settings
from hypothesis import strategies as st
from refusals import problems

from casekit.codes import Code, CodeSystem
from casekit.coverage import (
    Accumulators,
    Adjudication,
    Authorization,
    Benefit,
    Decision,
    Plan,
    Policy,
    ServiceLine,
    Tier,
    TierTerms,
    adjudicate,
    adjudicate_many,
)
from casekit.errors import InvalidInputError
from casekit.periods import DateRange
from casekit.testing import strategies as cks

PLAN = simple_plan(deductible="100", coinsurance="0.2", oop="400")
POLICIES = {m: policy_for(PLAN) for m in ("A", "B", "C")}


@st.composite
def members(draw: st.DrawFn) -> dict[str, tuple[Policy, tuple[ServiceLine, ...], list[Any]]]:
    """Up to four members, each with a policy, its lines and its authorisations."""
    found = {}
    for i in range(draw(st.integers(1, 4))):
        policy = draw(cks.policies())
        lines = draw(cks.service_lines(policy=policy, max_size=6))
        auths = draw(
            st.lists(cks.authorizations(policy=policy), max_size=2, unique_by=lambda a: a.id)
        )
        found[f"m{i}"] = (policy, lines, auths)
    return found


def expected(drawn: dict[str, tuple[Policy, tuple[ServiceLine, ...], list[Any]]]) -> Any:
    """What one adjudicate call per member gives: its decisions and final accumulators."""
    decisions = {}
    accumulators = {}
    for m, (policy, lines, auths) in drawn.items():
        start = Accumulators.empty(policy.plan.currency)
        result = adjudicate(policy, lines, accumulators=start, authorizations=auths)
        decisions[m] = result.decisions
        accumulators[m] = result.accumulators
    return decisions, accumulators


def collected(results: Iterator[tuple[str, Adjudication]]) -> dict[str, tuple[Decision, ...]]:
    """Each member's decisions over all its runs, in the order they came."""
    decisions: dict[str, tuple[Decision, ...]] = {}
    for m, run in results:
        decisions[m] = decisions.get(m, ()) + run.decisions
    return decisions


def many(drawn: Any, pairs: list[tuple[str, ServiceLine]], run: int = 10_000) -> Any:
    results = adjudicate_many(
        lambda m: drawn[m][0],
        pairs,
        accumulators={},
        authorizations_for=lambda m: drawn[m][2],
        run=run,
    )
    decisions = collected(results)
    return {m: decisions.get(m, ()) for m in drawn}, results.accumulators


@settings(max_examples=examples(30))
@given(members(), st.randoms(use_true_random=False))
def test_members_lines_together_in_any_order_give_what_adjudicate_gives(drawn, rng) -> None:
    """Members in any order, each member's lines together in any order: adjudicate's results."""
    order = list(drawn)
    rng.shuffle(order)
    pairs = []
    for m in order:
        lines = list(drawn[m][1])
        rng.shuffle(lines)
        pairs.extend((m, ln) for ln in lines)
    decisions, accumulators = expected(drawn)
    got_decisions, got_accumulators = many(drawn, pairs)
    assert got_decisions == decisions
    assert got_accumulators == {m: a for m, a in accumulators.items() if drawn[m][1]}


@settings(max_examples=examples(30))
@given(members(), st.randoms(use_true_random=False), st.integers(1, 7))
def test_members_interleaved_in_service_date_order_in_any_runs_give_the_same(
    drawn, rng, run
) -> None:
    """Each member's lines in adjudicate's order, members interleaved, runs of any size."""
    queues = {
        m: sorted(lines, key=lambda ln: (ln.service_date, ln.line_number))
        for m, (_, lines, _) in drawn.items()
    }
    slots = [m for m, q in queues.items() for _ in q]
    rng.shuffle(slots)
    pairs = [(m, queues[m].pop(0)) for m in slots]
    decisions, accumulators = expected(drawn)
    got_decisions, got_accumulators = many(drawn, pairs, run)
    assert got_decisions == decisions
    assert got_accumulators == {m: a for m, a in accumulators.items() if drawn[m][1]}


def test_results_stream_one_run_at_a_time() -> None:
    """Nothing is read before a run is asked for; each run is yielded as soon as it ends."""
    read = []

    def feed() -> Iterator[tuple[str, ServiceLine]]:
        for m in ("A", "B", "C"):
            read.append(m)
            yield m, line(1, "50")

    results = adjudicate_many(POLICIES.__getitem__, feed(), accumulators={})
    assert read == []
    member, run = next(results)
    assert (member, read) == ("A", ["A", "B"])
    assert run.decisions[0].deductible == usd("50")
    assert [m for m, _ in results] == ["B", "C"]


def test_a_members_runs_carry_its_accumulators_forward() -> None:
    """A member's second run starts from what its first left; starting totals are used."""
    start = empty().add(("member:00", "in", "deductible", "2025-01-01/2025-12-31"), Decimal(30))
    pairs = [("A", line(1, "50")), ("B", line(1, "50")), ("A", line(2, "50"))]
    results = adjudicate_many(POLICIES.__getitem__, pairs, accumulators={"A": start, "C": empty()})
    deductibles = [(m, str(r.decisions[0].deductible)) for m, r in results]
    assert deductibles == [("A", "50.00 USD"), ("B", "50.00 USD"), ("A", "20.00 USD")]
    assert sorted(results.accumulators) == ["A", "B", "C"]
    assert results.accumulators["C"] == empty()


def test_the_repr_counts_members_and_names_none() -> None:
    """A batch's repr says how many members it holds, never who they are."""
    results = adjudicate_many(POLICIES.__getitem__, [], accumulators={"M-0001": empty()})
    assert list(results) == []
    assert repr(results) == "<BatchAdjudication: 1 members' accumulators>"


def test_a_line_before_one_already_adjudicated_is_refused_by_its_index() -> None:
    """A member's later run may not hold a line adjudicate would have put first."""
    pairs = [("A", line(2, "50")), ("B", line(1, "50")), ("A", line(1, "50"))]
    results = adjudicate_many(POLICIES.__getitem__, pairs, accumulators={})
    with pytest.raises(InvalidInputError) as caught:
        list(results)
    assert [(p.path, p.code) for p in caught.value.problems] == [("lines[2]", "out_of_order")]
    assert sorted(results.accumulators) == ["A", "B"]  # the runs before it were applied


def test_runs_longer_than_the_cap_are_split_in_order() -> None:
    """A member's lines past *run* start a new run, which must follow the first in order."""
    ordered = [("A", line(n, "50")) for n in (1, 2, 3)]
    assert [
        len(r.decisions)
        for _, r in adjudicate_many(POLICIES.__getitem__, ordered, accumulators={}, run=2)
    ] == [2, 1]
    backwards = [("A", line(n, "50")) for n in (3, 2, 1)]
    with pytest.raises(InvalidInputError) as caught:
        list(adjudicate_many(POLICIES.__getitem__, backwards, accumulators={}, run=2))
    assert [(p.path, p.code) for p in caught.value.problems] == [("lines[2]", "out_of_order")]


@pytest.mark.parametrize(
    ("item", "code"),
    [
        (("A", "not a line"), "type"),
        ([["A"], line(1, "50")], "type"),
        (("A", line(1, "50"), "extra"), "type"),
        (([], line(1, "50")), "unhashable_member"),
        (("nobody", line(1, "50")), "unknown_member"),
    ],
)
def test_a_bad_pair_is_refused_by_its_index(item, code) -> None:
    """Not a (member, ServiceLine) pair, an unhashable or unknown member: refused at lines[i]."""
    pairs = [("A", line(1, "50")), item]
    with pytest.raises(InvalidInputError) as caught:
        list(adjudicate_many(POLICIES.__getitem__, pairs, accumulators={}))
    assert [(p.path, p.code) for p in caught.value.problems] == [("lines[1]", code)]


def test_what_adjudicate_refuses_is_named_by_the_lines_index_in_the_input() -> None:
    """A repeated line number in a run is refused at the input's index, not the run's."""
    pairs = [("B", line(1, "50")), ("A", line(1, "50")), ("A", line(1, "60"))]
    with pytest.raises(InvalidInputError) as caught:
        list(adjudicate_many(POLICIES.__getitem__, pairs, accumulators={}))
    assert [(p.path, p.code) for p in caught.value.problems] == [
        ("lines[2].line_number", "duplicate")
    ]
    euros = {"A": Accumulators.empty("EUR")}
    with pytest.raises(InvalidInputError) as caught:
        list(adjudicate_many(POLICIES.__getitem__, pairs[1:2], accumulators=euros))
    assert [p.path for p in caught.value.problems] == ["accumulators.currency"]


def test_a_policy_for_that_returns_something_else_is_refused() -> None:
    """policy_for must return a Policy."""
    with pytest.raises(InvalidInputError) as caught:
        list(adjudicate_many(lambda _m: PLAN, [("A", line(1, "50"))], accumulators={}))
    assert [(p.path, p.code) for p in caught.value.problems] == [("policy_for", "type")]


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"policy_for": POLICIES}, "policy_for"),
        ({"authorizations_for": ()}, "authorizations_for"),
        ({"accumulators": [empty()]}, "accumulators"),
        ({"accumulators": {"A": None}}, "accumulators"),
        ({"run": 0}, "run"),
        ({"run": True}, "run"),
        ({"lines": "A,1"}, "lines"),
        ({"lines": 3}, "lines"),
    ],
)
def test_bad_arguments_are_refused_when_called(kwargs, path) -> None:
    """Each argument is checked at once, before any line is read."""
    arguments: dict[str, Any] = {
        "policy_for": POLICIES.__getitem__,
        "lines": [],
        "accumulators": {},
        **kwargs,
    }
    with pytest.raises(InvalidInputError) as caught:
        adjudicate_many(**arguments)
    assert [p.path for p in caught.value.problems] == [path]


def test_authorisations_come_from_authorizations_for_per_member() -> None:
    """Each member's authorisations are its own; their units carry across its runs."""
    mri = Code(CodeSystem.CPT, "70551")
    auth = Authorization("PA-1", mri, 1, DateRange.of("2025-01-01", "2025-12-31"))
    plan = Plan(
        "pa", tiers=[TierTerms(Tier.IN)], benefits=[Benefit("mri", prior_authorization=True)]
    )
    policy = policy_for(plan)
    pairs = [(m, line(n, "90", code=mri)) for m, n in (("A", 1), ("B", 1), ("A", 2))]
    results = adjudicate_many(
        lambda _m: policy,
        pairs,
        accumulators={},
        authorizations_for=lambda m: [auth] if m == "A" else [],
    )
    outcomes = [(m, r.decisions[0].status.value, r.decisions[0].reasons) for m, r in results]
    assert [(m, s, [r.code for r in rs]) for m, s, rs in outcomes] == [
        ("A", "covered", []),
        ("B", "denied", ["coverage.authorization_absent"]),
        ("A", "denied", ["coverage.authorization_exceeded"]),
    ]


def _feed(n: int) -> Iterator[tuple[str, ServiceLine]]:
    """n lines over five members, in rounds: a run of ten lines each, numbered on."""
    code = Code(CodeSystem.CPT, "99213")
    on = pendulum.date(2025, 3, 1)
    for i in range(n):
        number = i // 50 * 10 + i % 10 + 1
        yield f"M{(i // 10) % 5}", ServiceLine(number, code, on, usd("40"))


def _peak(n: int) -> int:
    policy = policy_for(PLAN)
    tracemalloc.start()
    try:
        results = adjudicate_many(lambda _m: policy, _feed(n), accumulators={}, run=10)
        for _member, run in results:
            assert len(run.decisions) == 10
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_is_bounded_by_a_run_not_by_the_number_of_lines() -> None:
    """Ten times the lines, same peak of traced memory (within noise)."""
    _peak(100)  # compile the plan, fill caches
    small, large = _peak(400), _peak(4_000)
    # CPython's free lists keep up to 2,000 small tuples of each size that tracemalloc still
    # counts as allocated, so the peak can move by tens of KB with no line kept; 4,000 kept
    # decisions would be megabytes.
    assert large < small * 1.3 + 128_000


_OUT_OF_ORDER = (
    "comes before a line of the same member already adjudicated: give each member's lines "
    "together, or in order of service date and line number"
)


_FIRST = ("A", line(1, "50"))


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        (
            [_FIRST, ("A", "not a line")],
            ("lines[1]", "type", "must be a (member, ServiceLine) pair"),
        ),
        (
            [_FIRST, ([], line(1, "50"))],
            ("lines[1]", "unhashable_member", "must name its member by a hashable key"),
        ),
        (
            [_FIRST, ("nobody", line(1, "50"))],
            ("lines[1]", "unknown_member", "names a member policy_for has no policy for"),
        ),
        ([_FIRST, ("B", line(1, "50")), _FIRST], ("lines[2]", "out_of_order", _OUT_OF_ORDER)),
    ],
    ids=["not-a-pair", "unhashable", "unknown", "same-line-again"],
)
def test_a_bad_pair_is_refused_with_its_code_and_message(
    pairs: list[object], expected: tuple[str, str, str]
) -> None:
    """Each refusal of a pair is exactly one (path, code, message); a member's line given
    again after another member's run is out of order."""
    found = problems(lambda: list(adjudicate_many(POLICIES.__getitem__, pairs, accumulators={})))  # type: ignore[arg-type]

    assert found == [expected]


def test_a_policy_for_that_returns_something_else_is_refused_with_its_message() -> None:
    """policy_for must return a Policy: one problem at ``policy_for``."""
    found = problems(
        lambda: list(adjudicate_many(lambda _m: PLAN, [("A", line(1, "50"))], accumulators={}))
    )

    assert found == [("policy_for", "type", "must return a Policy for each member")]


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"policy_for": POLICIES}, ("policy_for", "type", "must be a callable: member -> Policy")),
        (
            {"authorizations_for": ()},
            (
                "authorizations_for",
                "type",
                "must be None or a callable: member -> authorisations",
            ),
        ),
        (
            {"accumulators": {"A": None}},
            ("accumulators", "type", "must be a mapping of members to Accumulators"),
        ),
        ({"run": 0}, ("run", "positive_int", "must be a whole number ≥ 1")),
        ({"lines": 3}, ("lines", "type", "must be an iterable of (member, ServiceLine) pairs")),
    ],
)
def test_bad_arguments_are_refused_with_their_code_and_message(
    kwargs: dict[str, object], expected: tuple[str, str, str]
) -> None:
    """Each bad argument of adjudicate_many is exactly one (path, code, message)."""
    arguments: dict[str, Any] = {
        "policy_for": POLICIES.__getitem__,
        "lines": [],
        "accumulators": {},
        **kwargs,
    }

    assert problems(lambda: adjudicate_many(**arguments)) == [expected]


def test_an_unknown_member_before_another_members_run_is_refused_at_its_first_line() -> None:
    """A run of an unknown member followed by a known member's is refused at its first line,
    by its index in the input, with the runs before it yielded."""
    pairs = [_FIRST, ("nobody", line(1, "50")), ("nobody", line(2, "50")), ("B", line(1, "50"))]
    results = adjudicate_many(POLICIES.__getitem__, pairs, accumulators={})

    assert next(results)[0] == "A"
    assert problems(lambda: next(results)) == [
        ("lines[1]", "unknown_member", "names a member policy_for has no policy for")
    ]
