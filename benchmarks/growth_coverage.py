"""Coverage cost against size, in one run: each row is given as a ratio to its smallest size.

Run: ``python benchmarks/growth_coverage.py [largest]`` (1,000,000 lines by default).

- ``adjudicate`` per line, one call over a list of 1,000 to 1,000,000 lines of one member,
  every decision kept alive until the call returns and its result is measured; the same with
  the garbage collector off, the floor the first row should stay near (issue 15: within 1.3x
  of its 1,000-line figure at 100,000 lines). The lines are one list held in memory, never
  streamed: a million lines and their decisions take about 1.5 GB.
- ``adjudicate_many`` per line, streaming 1,000 to 1,000,000 lines of members with 25 lines
  each, generated as they are consumed and each member's decisions read and let go, as a
  claims run does: issue 15's target is the per-line time at 1,000,000 lines within 1.3x of
  that at 1,000, with memory bounded (``benchmarks/batch.py`` measures the memory).
- ``check_coverage`` per call against 1, 10, 100 and 1,000 authorisations on file, the one
  that satisfies the service among them.

The plan is `benchmarks/coverage.py`'s without its visit limit, so that a long batch of one
member stays mostly covered (with the limit, every line after the twentieth of the year is
denied): an office copay, 20% coinsurance after a 1,500 deductible, a benefit that needs
prior authorisation, and 3% of lines with a code no benefit covers.
"""

from __future__ import annotations

import gc
import random
import sys
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from itertools import chain

import pendulum

from casekit.codes import Code, CodeSet, CodeSystem
from casekit.coverage import (
    Accumulators,
    Authorization,
    Benefit,
    CostShare,
    Plan,
    Policy,
    Service,
    ServiceLine,
    Tier,
    TierTerms,
    adjudicate,
    adjudicate_many,
    check_coverage,
)
from casekit.money import Money
from casekit.periods import DateRange

USD = "USD"
CODES = [f"{n:05d}" for n in range(97000, 97200)]  # 200 CPT codes
OFFICE = frozenset(CODES[:40])
PA_CODE = CODES[195]
YEAR = DateRange.of("2024-01-01", "2024-12-31")
LINE_COUNTS = (1_000, 10_000, 100_000, 1_000_000)
AUTHORISATIONS_ON_FILE = (1, 10, 100, 1_000)


def plan() -> Plan:
    """Return the benchmark plan: office copay, coinsurance after a deductible, one PA benefit."""
    return Plan(
        "growth",
        tiers=[TierTerms(Tier.IN, deductible=Money.of("1500", USD))],
        benefits=[
            Benefit(
                "office",
                codes=CodeSet.of(CodeSystem.CPT, *sorted(OFFICE), name="office"),
                places_of_service=("11",),
                cost_shares=[CostShare(copay=Money.of("30", USD), deductible_applies=False)],
            ),
            Benefit(
                "needs_pa",
                codes=CodeSet.of(CodeSystem.CPT, *CODES[190:], name="needs-pa"),
                cost_shares=[CostShare(coinsurance=Decimal("0.2"))],
                prior_authorization=True,
            ),
            Benefit(
                "other",
                codes=CodeSet.of(CodeSystem.CPT, *CODES, name="benchmark-200"),
                cost_shares=[CostShare(coinsurance=Decimal("0.2"))],
            ),
        ],
    )


def lines(n: int, seed: int = 7) -> list[ServiceLine]:
    """Return *n* lines of one member over the plan year, numbered 1 to *n*."""
    rng = random.Random(seed)
    start = YEAR.start.toordinal()
    days = [pendulum.Date.fromordinal(start + d) for d in range(366)]
    codes = {c: Code(CodeSystem.CPT, c) for c in [*CODES, "99499"]}
    out = []
    for i in range(1, n + 1):
        code = rng.choice(CODES) if rng.random() < 0.97 else "99499"  # 3% unknown
        out.append(
            ServiceLine(
                i,
                codes[code],
                rng.choice(days),
                Money.of(f"{rng.randrange(40, 4000)}.{rng.randrange(100):02d}", USD),
                place_of_service="11" if code in OFFICE else "22",
            )
        )
    return out


AUTH = Authorization("PA-1", Code(CodeSystem.CPT, PA_CODE), 10**9, YEAR)


def per_line(policy: Policy, batch: list[ServiceLine], *, collector: bool) -> float:
    """Return microseconds per line of one `adjudicate` call over *batch*, decisions kept
    (the best of up to three calls, fewer for the large batches)."""
    rounds = 3 if len(batch) <= 100_000 else 1  # a million lines: one call
    best = float("inf")
    for _ in range(rounds):
        gc.collect()
        if not collector:
            gc.disable()
        try:
            start = time.process_time()
            result = adjudicate(
                policy, batch, accumulators=Accumulators.empty(USD), authorizations=[AUTH]
            )
            best = min(best, time.process_time() - start)
        finally:
            gc.enable()
        del result
    return best / len(batch) * 1e6


LINES_PER_MEMBER = 25


def stream(n: int, seed: int = 7) -> Iterator[tuple[int, ServiceLine]]:
    """Yield *n* (member, line) pairs, 25 lines a member, each member's lines together, made
    as they are consumed from a fixed pool of 25,000 distinct lines (so the lines cost no
    more to make at a million than at a thousand)."""
    pool = lines(LINES_PER_MEMBER * 1_000, seed)
    for i in range(n):
        member, k = divmod(i, LINES_PER_MEMBER)
        yield member, pool[(member % 1_000) * LINES_PER_MEMBER + k]


def per_streamed_line(policy: Policy, n: int) -> float:
    """Return microseconds per line of `adjudicate_many` over *n* streamed lines, every
    member's decisions read and let go (the best of three passes, one for a million)."""
    rounds = 3 if n <= 100_000 else 1
    best = float("inf")
    for _ in range(rounds):
        pairs = stream(n)
        first = next(pairs)  # the pool is made before the clock starts
        gc.collect()
        start = time.process_time()
        covered = 0
        runs = adjudicate_many(lambda _m: policy, chain([first], pairs), accumulators={})
        for _member, run in runs:
            covered += len(run.decisions)
        best = min(best, time.process_time() - start)
        assert covered == n  # every line was decided
    return best / n * 1e6


def authorisations(count: int) -> list[Authorization]:
    """Return *count* authorisations on file: the one the service needs last, the others
    for other codes."""
    others = [
        Authorization(f"PA-{i}", Code(CodeSystem.CPT, f"{10000 + i:05d}"), 5, YEAR)
        for i in range(count - 1)
    ]
    return [*others, AUTH]


def per_check(policy: Policy, on_file: list[Authorization]) -> float:
    """Return microseconds per `check_coverage` of the PA service with *on_file*."""
    service = Service(Code(CodeSystem.CPT, PA_CODE), network=Tier.IN, place_of_service="22")
    on = pendulum.date(2024, 6, 1)

    def call() -> object:
        return check_coverage(policy, service, on=on, authorizations=on_file)

    return _best_of(call) * 1e6


def _best_of(fn: Callable[[], object], *, rounds: int = 5, calls: int = 200) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(calls):
            fn()
        best = min(best, (time.process_time() - start) / calls)
    return best


def _row(name: str, figures: list[float]) -> str:
    cells = "".join(f"{f:9.2f} us {f / figures[0]:5.2f}x" for f in figures)
    return f"{name:38}{cells}"


def main(largest: int = LINE_COUNTS[-1]) -> None:
    """Print adjudication per line against batch size, and check_coverage against
    authorisations on file, each row as a ratio to its smallest size."""
    policy = Policy(plan(), YEAR, member_id="GROWTH-1")
    counts = [n for n in LINE_COUNTS if n <= largest]
    kept: list[float] = []
    floor: list[float] = []
    for n in counts:
        batch = lines(n)
        kept.append(per_line(policy, batch, collector=True))
        floor.append(per_line(policy, batch, collector=False))
        del batch
    print(f"{'adjudicate, per line, lines in one call':38}" + "".join(f"{n:>17,}" for n in counts))
    print(_row("all decisions kept", kept))
    print(_row("the same, collector off (the floor)", floor))
    print()
    streamed = [per_streamed_line(policy, n) for n in counts]
    print(f"{'adjudicate_many, per line, streamed':38}" + "".join(f"{n:>17,}" for n in counts))
    print(_row("members' decisions read and let go", streamed))
    print()
    checks = [per_check(policy, authorisations(k)) for k in AUTHORISATIONS_ON_FILE]
    print(
        f"{'check_coverage, authorisations on file':38}"
        + "".join(f"{k:>17,}" for k in AUTHORISATIONS_ON_FILE)
    )
    print(_row("check_coverage (PA satisfied)", checks))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else LINE_COUNTS[-1])
