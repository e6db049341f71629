"""Batch adjudication: lines per second and peak memory, in one process and on Dask.

Run: ``python benchmarks/batch.py`` (the ``dask`` extra for the Dask rows;
``--sizes 10000,100000`` for a quick run).

Each row runs in a fresh process, so that its peak resident memory (``ru_maxrss``) is its
own. The lines are generated as they are consumed, the same lines in every row: a fixed
membership of 2,000 members, each with ``n / 2000`` lines over a year.

- ``adjudicate_many``: one process, the lines streamed grouped by member.
- ``dask, w workers``: a ``LocalCluster`` of *w* single-threaded worker processes; each
  partition holds the lines of the members keyed to it (12,500 lines a partition, as a
  member-keyed extract gives them), generated on the worker and adjudicated by
  ``casekit.distributed.adjudicate_partition``; each worker reduces its decisions to a
  count and a total, as a job that writes its decisions from the workers does. Peak memory
  is the largest worker's.

Every row prints the total the plan paid over all lines: equal totals are the check that
each way of running decided the same. Targets (issue 18): memory flat from 100,000 to
1,000,000 lines, and 2 workers at least 1.6x one worker. Timings are best on a quiet
machine; the ratios within one run are what to read.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pendulum

from casekit.codes import Code, CodeSet, CodeSystem
from casekit.coverage import (
    Adjudication,
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
from casekit.distributed import adjudicate_partition
from casekit.money import Money
from casekit.periods import DateRange

MEMBERS = 2_000
PARTITION = 12_500
USD = "USD"
PLAN = Plan(
    "batch",
    tiers=[
        TierTerms(
            Tier.IN,
            deductible=Money.of("250", USD),
            out_of_pocket_max=Money.of("2000", USD),
        ),
        TierTerms(Tier.OUT, deductible=Money.of("750", USD)),
    ],
    benefits=[
        Benefit(
            "therapy",
            codes=CodeSet.of(CodeSystem.CPT, "97110", name="therapy"),
            cost_shares=[CostShare(coinsurance=Decimal("0.2"))],
            limits=[Limit(Measure.VISITS, 30)],
        ),
        Benefit(
            "medical",
            cost_shares=[CostShare(copay=Money.of("25", USD), coinsurance=Decimal("0.1"))],
        ),
    ],
)
YEAR = DateRange.of("2025-01-01", "2025-12-31")
CODES = (Code(CodeSystem.CPT, "97110"), Code(CodeSystem.CPT, "99213"))
# The parts of a line, built once: a row measures adjudication, not pendulum or Decimal.
DAYS = tuple(pendulum.date(2025, 1, 1).add(days=d) for d in range(365))
AMOUNTS = tuple(Money.of(40 + a, USD) for a in range(400))


def policy_for(member: int) -> Policy:
    """Every member's policy: one plan, the member's own id (built once per run)."""
    return Policy(PLAN, YEAR, member_id=f"M{member}")


def member_lines(member: int, count: int) -> Iterator[tuple[int, ServiceLine]]:
    """The member's *count* lines, spread over the year: the same in every row."""
    for n in range(1, count + 1):
        yield (
            member,
            ServiceLine(
                n,
                CODES[(member + n) % 2],
                DAYS[(n * 365) // (count + 1)],
                AMOUNTS[(member * 7 + n * 13) % 400],
                network=Tier.OUT if (member + n) % 5 == 0 else Tier.IN,
            ),
        )


def streamed(n: int) -> Iterator[tuple[int, ServiceLine]]:
    """All *n* lines, grouped by member."""
    for member in range(MEMBERS):
        yield from member_lines(member, n // MEMBERS)


def summed(results: Any) -> tuple[int, Decimal]:
    """Return the number of decisions and the plan's total payment."""
    count, paid = 0, Decimal(0)
    for _member, result in results:
        adjudication: Adjudication = result
        count += len(adjudication.decisions)
        paid += sum((d.plan_paid.amount for d in adjudication.decisions), Decimal(0))
    return count, paid


def partition(index: int, partitions: int, n: int) -> list[tuple[int, Decimal]]:
    """Generate and adjudicate the lines of the members keyed to partition *index*."""
    policies = {m: policy_for(m) for m in range(index, MEMBERS, partitions)}
    lines = (pair for m in policies for pair in member_lines(m, n // MEMBERS))
    return [summed(adjudicate_partition(policies.__getitem__, lines, accumulators={}))]


def peak_mb() -> float:
    """This process's peak resident memory in MB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one_process(n: int) -> dict[str, Any]:
    policies = {m: policy_for(m) for m in range(MEMBERS)}
    start = time.perf_counter()
    count, paid = summed(adjudicate_many(policies.__getitem__, streamed(n), accumulators={}))
    elapsed = time.perf_counter() - start
    return {"lines": count, "rate": count / elapsed, "peak_mb": peak_mb(), "paid": str(paid)}


def on_dask(n: int, workers: int) -> dict[str, Any]:
    import dask.bag as db
    from dask.distributed import Client, LocalCluster

    from_sequence: Any = db.from_sequence  # dask is untyped
    client_of: Any = Client
    cluster_of: Any = LocalCluster

    partitions = max(n // PARTITION, 1)
    with (
        cluster_of(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        client_of(cluster) as client,
    ):
        client.run(policy_for, 0)  # every worker has imported casekit
        bag = from_sequence(range(partitions), npartitions=partitions).map_partitions(
            lambda indexes: [r for i in indexes for r in partition(i, partitions, n)]
        )
        start = time.perf_counter()
        parts = client.compute(bag).result()
        elapsed = time.perf_counter() - start
        peaks = client.run(peak_mb)
    count = sum(c for c, _ in parts)
    paid = sum((p for _, p in parts), Decimal(0))
    return {
        "lines": count,
        "rate": count / elapsed,
        "peak_mb": max(peaks.values()),
        "paid": str(paid),
    }


def child(mode: str, n: int) -> None:
    result = one_process(n) if mode == "single" else on_dask(n, int(mode))
    print(json.dumps(result))


def run_row(mode: str, n: int) -> dict[str, Any] | None:
    done = subprocess.run(  # noqa: S603  # this script, with our own arguments
        [sys.executable, __file__, "--child", mode, str(n)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        print(f"  {mode} at {n:,} lines failed: {done.stderr.strip().splitlines()[-1:]}")
        return None
    row: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return row


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "N"))
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    modes = ["single", *(w for w in args.workers.split(",") if w)]
    print(f"{'':24} {'lines':>10} {'lines/s':>10} {'peak MB':>8}  plan paid")
    rates: dict[tuple[str, int], float] = {}
    for n in sizes:
        for mode in modes:
            row = run_row(mode, n)
            if row is None:
                continue
            label = "adjudicate_many" if mode == "single" else f"dask, {mode} worker(s)"
            rates[mode, n] = row["rate"]
            print(
                f"{label:24} {row['lines']:>10,} {row['rate']:>10,.0f} "
                f"{row['peak_mb']:>8.0f}  {row['paid']}"
            )
    for n in sizes:
        one, two, four = rates.get(("1", n)), rates.get(("2", n)), rates.get(("4", n))
        if one and two:
            print(f"{n:,} lines: 2 workers {two / one:.2f}x one worker", end="")
            print(f", 4 workers {four / one:.2f}x" if four else "")


if __name__ == "__main__":
    main()
