"""Benchmark: full `adjudicate` against the same rule written in plain Python.

The rule: a line is covered if its code is in a 200-code set, its date is in the policy
period, fewer than 20 visits were used this year, and prior authorisation is not required
or is present; the patient pays a 30 copay for office visits, else 20% after a 1,500
deductible. Run with ``python benchmarks/coverage.py [lines]``; prints lines per second and
the ratio to plain Python, in one run on one core.
"""

from __future__ import annotations

import random
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pendulum

from casekit.codes import Code, CodeSet, CodeSystem
from casekit.coverage import (
    Accumulators,
    Authorization,
    Benefit,
    CostShare,
    Limit,
    Measure,
    Plan,
    Policy,
    ServiceLine,
    Status,
    Tier,
    TierTerms,
    adjudicate,
)
from casekit.money import Money
from casekit.periods import DateRange

USD = "USD"
CODES = [f"{n:05d}" for n in range(97000, 97200)]  # 200 CPT codes
OFFICE = frozenset(CODES[:40])  # the first 40 are office visits (place of service 11)


LINES_PER_MEMBER = 25


def build(n: int, seed: int = 7) -> list[tuple[Policy, list[ServiceLine]]]:
    """Return (policy, lines) for n / 25 members: *n* synthetic lines in all."""
    code_set = CodeSet.of(CodeSystem.CPT, *CODES, name="benchmark-200")
    office_set = CodeSet.of(CodeSystem.CPT, *sorted(OFFICE), name="office")
    pa_set = CodeSet.of(CodeSystem.CPT, *CODES[190:], name="needs-pa")
    visits = Limit(Measure.VISITS, 20, counter="visits")
    plan = Plan(
        "bench",
        tiers=[TierTerms(Tier.IN, deductible=Money.of("1500", USD))],
        benefits=[
            Benefit(
                "office",
                codes=office_set,
                places_of_service=("11",),
                cost_shares=[CostShare(copay=Money.of("30", USD), deductible_applies=False)],
                limits=[visits],
            ),
            Benefit(
                "needs_pa",
                codes=pa_set,
                cost_shares=[CostShare(coinsurance=Decimal("0.2"))],
                limits=[visits],
                prior_authorization=True,
            ),
            Benefit(
                "other",
                codes=code_set,
                cost_shares=[CostShare(coinsurance=Decimal("0.2"))],
                limits=[visits],
            ),
        ],
    )
    period = DateRange.of("2024-01-01", "2024-12-31")
    rng = random.Random(seed)
    start = pendulum.date(2023, 12, 20).toordinal()
    days = [pendulum.Date.fromordinal(start + d) for d in range(380)]
    members = []
    for m in range(n // LINES_PER_MEMBER):
        policy = Policy(plan, period, member_id=f"BENCH-{m}")
        lines = []
        for i in range(1, LINES_PER_MEMBER + 1):
            code = rng.choice(CODES) if rng.random() < 0.97 else "99499"
            lines.append(
                ServiceLine(
                    i,
                    Code(CodeSystem.CPT, code),
                    rng.choice(days),
                    Money.of(f"{rng.randrange(40, 4000)}.{rng.randrange(100):02d}", USD),
                    place_of_service="11" if code in OFFICE else "22",
                )
            )
        members.append((policy, lines))
    return members


AUTHS = (
    Authorization(
        "PA-1", Code(CodeSystem.CPT, CODES[195]), 10**9, DateRange.of("2024-01-01", "2024-12-31")
    ),
)


def casekit_run(members: list[tuple[Policy, list[ServiceLine]]]) -> list[Any]:
    """Adjudicate every member's lines with casekit, one call per member; keep every result."""
    acc = Accumulators.empty(USD)
    return [adjudicate(p, lines, accumulators=acc, authorizations=AUTHS) for p, lines in members]


def casekit_claims(members: list[tuple[Policy, list[ServiceLine]]]) -> int:
    """Adjudicate claim by claim, as a claims pipeline does: read each result, then let it go."""
    acc = Accumulators.empty(USD)
    covered = 0
    for p, lines in members:
        for d in adjudicate(p, lines, accumulators=acc, authorizations=AUTHS).decisions:
            covered += d.status is Status.COVERED
    return covered


def plain_python(members: list[tuple[Policy, list[ServiceLine]]]) -> list[Any]:
    """The same rule in plain Python, per member, a visit counter per calendar year."""
    return [_plain_member(lines) for _, lines in members]


def plain_claims(members: list[tuple[Policy, list[ServiceLine]]]) -> int:
    """Plain Python claim by claim, each result read and let go."""
    return sum(covered for _, lines in members for _, covered, _, _ in _plain_member(lines))


def _plain_member(lines: list[ServiceLine]) -> list[tuple[Any, ...]]:
    codes = frozenset(CODES)
    pa_codes = frozenset(CODES[190:])
    authorised = {CODES[195]}
    start, end = pendulum.date(2024, 1, 1), pendulum.date(2024, 12, 31)
    visits: dict[int, int] = {}
    deductible_met: dict[int, Decimal] = {}
    out = []
    q = Decimal("0.01")
    for ln in sorted(lines, key=lambda x: (x.service_date, x.line_number)):
        code = ln.code.value
        year = ln.service_date.year
        used = visits.get(year, 0)
        covered = (
            code in codes
            and start <= ln.service_date <= end
            and used < 20
            and (code not in pa_codes or code in authorised)
        )
        if not covered:
            out.append((ln.line_number, False, Decimal(0), Decimal(0)))
            continue
        visits[year] = used + 1
        allowed = ln.billed.amount
        if code in OFFICE and ln.place_of_service == "11":
            patient = min(Decimal(30), allowed)
        else:
            met = deductible_met.get(year, Decimal(0))
            ded = min(Decimal(1500) - met, allowed)
            deductible_met[year] = met + ded
            patient = ded + ((allowed - ded) * Decimal("0.2")).quantize(q)
        out.append((ln.line_number, True, patient, allowed - patient))
    return out


def _rate(fn: Any, n: int, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return n / best


def main(n: int = 100_000) -> None:
    """Print lines per second for casekit's adjudicate and the plain-Python baseline."""
    members = build(n)
    n = len(members) * LINES_PER_MEMBER
    claims_rate = _rate(lambda: casekit_claims(members), n)
    kept_rate = _rate(lambda: casekit_run(members), n)
    sample = members[: len(members) // 10]
    traced_n = len(sample) * LINES_PER_MEMBER

    def with_traces() -> None:
        for result in casekit_run(sample):
            for d in result.decisions:
                _ = d.trace

    traced_rate = _rate(with_traces, traced_n)
    plain_claims_rate = _rate(lambda: plain_claims(members), n)
    plain_kept_rate = _rate(lambda: plain_python(members), n)
    statuses: dict[str, int] = {}
    for result in casekit_run(members):
        for d in result.decisions:
            statuses[d.status.value] = statuses.get(d.status.value, 0) + 1
    print(f"decisions: {statuses}")
    print(f"lines: {n:,} in {len(members):,} claims (traces rendered for {traced_n:,})")
    print(f"casekit adjudicate, claim by claim:        {claims_rate:10,.0f} lines/s")
    print(f"casekit adjudicate, all decisions kept:    {kept_rate:10,.0f} lines/s")
    print(f"casekit adjudicate, every trace rendered:  {traced_rate:10,.0f} lines/s")
    print(f"plain Python, claim by claim:              {plain_claims_rate:10,.0f} lines/s")
    print(f"plain Python, all results kept:            {plain_kept_rate:10,.0f} lines/s")
    print(f"ratio casekit / plain Python, by claim:    {claims_rate / plain_claims_rate:10.2f}")
    print(f"target 100,000 lines/s met (by claim):     {claims_rate >= 100_000}")
    print()
    print("The rule alone, in casekit's kernel and in the peer engines (same run):")
    coverage_rules.main()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    import coverage_rules

    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
