"""The one timing loop the benchmarks share."""

from __future__ import annotations

import time
from collections.abc import Callable


def measure(fn: Callable[[], object], *, seconds: float) -> float:
    """Return calls per second of *fn*: the best of timed batches, doubled until 0.1 s long."""
    fn()
    n, best = 1, 0.0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        start = time.perf_counter()
        for _ in range(n):
            fn()
        elapsed = time.perf_counter() - start
        best = max(best, n / elapsed)
        if elapsed < 0.1:
            n *= 2
    return best
