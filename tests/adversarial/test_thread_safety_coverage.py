"""Thread safety in coverage: the module-level caches (compiled plans, reasons) and the
traces decisions keep give every thread the answers one thread alone would get."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from threading import Barrier

import pytest
from coverage_helpers import empty, line, policy_for, simple_plan

from casekit.coverage import (
    Adjudication,
    Benefit,
    Limit,
    Measure,
    Plan,
    Status,
    Tier,
    TierTerms,
    _compiled,
    adjudicate,
)
from casekit.periods import PlanYear
from casekit.rules import Trace

THREADS = 8


def _plans(n: int) -> list[Plan]:
    return [
        simple_plan(deductible=str(100 + i), coinsurance="0.2", plan_id=f"p{i}") for i in range(n)
    ]


@pytest.fixture(autouse=True)
def _switch_often() -> Iterator[None]:
    """Let threads take turns every microsecond, so races show up in a short test."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def _adjudicate_all(plans: list[Plan]) -> list[Adjudication]:
    return [
        adjudicate(policy_for(plan), [line(1, "1000.00"), line(2, "333.33")], accumulators=empty())
        for plan in plans
    ]


def test_eight_threads_adjudicating_more_plans_than_the_cache_holds_agree_with_one() -> None:
    """More plans than the compiled-plan cache keeps, in eight threads: no error, same answers."""
    plans = _plans(_compiled._COMPILED_MAX * 3)
    alone = _adjudicate_all(plans)
    _compiled._COMPILED.clear()
    start = Barrier(THREADS)

    def work(offset: int) -> list[Adjudication]:
        start.wait()
        turned = plans[offset:] + plans[:offset]  # each thread evicts in its own order
        results = []
        for _ in range(3):
            results = _adjudicate_all(turned)
        return results[-offset:] + results[:-offset] if offset else results

    with ThreadPoolExecutor(THREADS) as pool:
        together = list(pool.map(work, range(0, THREADS * 7, 7)))

    assert all(results == alone for results in together)
    assert len(_compiled._COMPILED) <= _compiled._COMPILED_MAX


def test_a_decision_read_from_many_threads_gives_each_the_same_trace() -> None:
    """Every thread reading a decision's trace gets an equal Trace."""
    result = adjudicate(
        policy_for(simple_plan(deductible="100")), [line(1, "1000.00")], accumulators=empty()
    )
    decision = result.decisions[0]
    start = Barrier(THREADS)

    def read(_: int) -> Trace:
        start.wait()
        return decision.trace

    with ThreadPoolExecutor(THREADS) as pool:
        seen = list(pool.map(read, range(THREADS)))

    assert seen == [decision.trace] * THREADS
    assert decision.deductible.amount == Decimal(100)


def test_the_period_label_caches_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Labels past the cache's bound are worked out each time rather than stored."""
    monkeypatch.setattr(_compiled, "_CACHE_SIZE", 0)
    plan = Plan(
        "labels",
        tiers=[TierTerms(Tier.IN)],
        benefits=[Benefit("all", limits=[Limit(Measure.VISITS, 9, per=PlanYear(7, 1))])],
        benefit_period=PlanYear(4, 1),
    )

    result = adjudicate(policy_for(plan), [line(1, "10.00")], accumulators=empty())
    c = _compiled.compiled(plan)

    assert result.decisions[0].status is Status.COVERED
    assert (c.plan_labels, c.period_cache, c.benefits[0].limits[0].labels) == ({}, {}, {})
