"""Thread safety in coverage: the module-level caches (compiled plans, reasons) and the
traces decisions keep give every thread the answers one thread alone would get."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from threading import Barrier

from coverage_helpers import empty, line, policy_for, simple_plan

from casekit.coverage import Adjudication, _compiled, adjudicate

THREADS = 8


def _plans(n: int) -> list:  # type: ignore[type-arg]  # Plan list, kept short
    return [
        simple_plan(deductible=str(100 + i), coinsurance="0.2", plan_id=f"p{i}") for i in range(n)
    ]


def _adjudicate_all(plans: list) -> list[Adjudication]:  # type: ignore[type-arg]
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


def test_a_decision_read_from_many_threads_keeps_one_trace() -> None:
    """Every thread reading a decision's trace gets the one Trace the decision keeps."""
    result = adjudicate(
        policy_for(simple_plan(deductible="100")), [line(1, "1000.00")], accumulators=empty()
    )
    decision = result.decisions[0]
    start = Barrier(THREADS)

    def read(_: int) -> int:
        start.wait()
        return id(decision.trace)

    with ThreadPoolExecutor(THREADS) as pool:
        seen = set(pool.map(read, range(THREADS)))

    assert seen == {id(decision.trace)}
    assert decision.deductible.amount == Decimal(100)
