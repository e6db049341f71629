"""Adjudication on Dask: member-keyed partitions give what the single-process run gives."""

from __future__ import annotations

import random
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pendulum
import pytest
from coverage_helpers import usd

from casekit.codes import Code, CodeSet, CodeSystem
from casekit.coverage import (
    Accumulators,
    Benefit,
    CostShare,
    Limit,
    Measure,
    Plan,
    Policy,
    ServiceLine,
    Tier,
    TierTerms,
    adjudicate_many,
)
from casekit.distributed import adjudicate_bag, adjudicate_partition
from casekit.errors import InvalidInputError
from casekit.periods import DateRange

db = pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")

THERAPY = CodeSet.of(CodeSystem.CPT, "97110", name="therapy")
PLAN = Plan(
    "dask",
    tiers=[
        TierTerms(Tier.IN, deductible=usd("200"), out_of_pocket_max=usd("1500")),
        TierTerms(Tier.OUT, deductible=usd("500")),
    ],
    benefits=[
        Benefit(
            "therapy",
            codes=THERAPY,
            cost_shares=[CostShare(coinsurance=Decimal("0.2"))],
            limits=[Limit(Measure.VISITS, 12)],
        ),
        Benefit("medical", cost_shares=[CostShare(copay=usd("25"), coinsurance=Decimal("0.1"))]),
    ],
)
YEAR = DateRange.of("2025-01-01", "2025-12-31")
CODES = [Code(CodeSystem.CPT, c) for c in ("97110", "99213", "70551")]


def claims(members: int, per_member: int, seed: int = 7) -> tuple[dict[str, Policy], list[Any]]:
    """Policies and (member, line) pairs in a shuffled order, members spread everywhere."""
    rng = random.Random(seed)  # noqa: S311  # seeded test data
    policies = {f"M{i:04}": Policy(PLAN, YEAR, member_id=f"M{i:04}") for i in range(members)}
    start = pendulum.date(2025, 1, 1)
    pairs = [
        (
            member,
            ServiceLine(
                n,
                rng.choice(CODES),
                start.add(days=rng.randrange(365)),
                usd(rng.randrange(40, 900)),
                network=rng.choice([Tier.IN, Tier.IN, Tier.OUT]),
            ),
        )
        for member in policies
        for n in range(1, per_member + 1)
    ]
    rng.shuffle(pairs)
    return policies, pairs


def starting(policies: Mapping[str, Policy]) -> dict[str, Accumulators]:
    """Every tenth member starts with part of the deductible met."""
    key = ("member:00", "in", "deductible", "2025-01-01/2025-12-31")
    return {m: Accumulators.empty().add(key, Decimal(150)) for m in list(policies)[::10]}


def single_process(policies: dict[str, Policy], pairs: list[Any], start: Any) -> Any:
    """The reference: adjudicate_many with each member's lines together, in one run each."""
    grouped = sorted(pairs, key=lambda pair: pair[0])  # stable: members together
    results = adjudicate_many(policies.__getitem__, grouped, accumulators=start, run=10**6)
    decisions = {member: result.decisions for member, result in results}
    return decisions, results.accumulators


def test_a_partition_gives_each_member_one_adjudicate_call_in_any_order() -> None:
    """adjudicate_partition: members interleaved in any order, the single-process results."""
    policies, pairs = claims(20, 15)
    decisions, accumulators = single_process(policies, pairs, {})
    found = adjudicate_partition(policies.__getitem__, reversed(pairs), accumulators={})
    assert {m: r.decisions for m, r in found} == decisions
    assert {m: r.accumulators for m, r in found} == accumulators


def test_a_partition_refuses_what_is_not_a_pair_by_its_index() -> None:
    """A bad item in a partition is named by its place in the partition."""
    policies, pairs = claims(2, 2)
    with pytest.raises(InvalidInputError) as caught:
        adjudicate_partition(policies.__getitem__, [*pairs, ("M0000",)], accumulators={})
    assert [p.path for p in caught.value.problems] == ["lines[4]"]


def test_a_bag_on_the_synchronous_scheduler_gives_the_single_process_results() -> None:
    """adjudicate_bag over a bag partitioned any way: shuffled by member, same results."""
    import dask

    policies, pairs = claims(40, 10)
    start = starting(policies)
    decisions, accumulators = single_process(policies, pairs, start)
    bag = adjudicate_bag(
        policies.__getitem__, db.from_sequence(pairs, npartitions=6), accumulators=start
    )
    with dask.config.set(scheduler="synchronous"):
        found = bag.compute()
    assert {m: r.decisions for m, r in found} == decisions
    assert {m: r.accumulators for m, r in found} | {
        m: a for m, a in start.items() if m not in decisions
    } == accumulators


@pytest.mark.slow
@pytest.mark.parametrize("workers", [2, 4])
def test_a_local_cluster_of_worker_processes_gives_the_single_process_results(workers) -> None:
    """10,000 lines over 500 members on 2 and 4 worker processes: identical results."""
    policies, pairs = claims(500, 20)
    start = starting(policies)
    decisions, accumulators = single_process(policies, pairs, start)
    with (
        distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        bag = adjudicate_bag(
            policies.__getitem__,
            db.from_sequence(pairs, npartitions=2 * workers),
            accumulators=start,
        )
        found = client.compute(bag).result()
        assert len(client.scheduler_info()["workers"]) == workers
    assert len(pairs) == 10_000
    assert len(found) == 500
    assert {m: r.decisions for m, r in found} == decisions
    final = {m: r.accumulators for m, r in found}
    assert final == {m: accumulators[m] for m in decisions}
