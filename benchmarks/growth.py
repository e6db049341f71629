"""Cost against size, in one run: each row is given as a ratio to its smallest size.

Run: ``python benchmarks/growth.py``.

- per call, against the length of the case's history: ``apply`` (hold and resume),
  ``record_contact`` (a new contact), a contact revised (a known id), and an ``apply`` re-sent
  with an event id already in the history; each call on the case the one before returned;
- ``replay`` per event, against the length of the log.

Adjudication per line and ``check_coverage`` against authorisations on file belong to the
coverage benchmarks' rows (issue 15) and are not measured here.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from casekit.case import Case, Contact, ContactMode, record_contact
from casekit.lifecycle import STANDARD, apply, replay
from casekit.lifecycle.examples import example_case

LENGTHS = (12, 100, 1000, 5000)
REPLAY_LENGTHS = (12, 100, 1000, 10000)


def grown(events: int) -> Case:
    """A monitoring case of about *events* events: contacts, holds and resumes."""
    case = example_case("monitoring")
    n = 0
    while n == 0 or len(case.history) < events:
        at = case.history[-1].at.add(hours=1)
        n += 1
        case = apply(case, "hold", at=at, by="cm-1")
        case = apply(case, "resume", at=at, by="cm-1", event_id=f"msg-{n}")
        case = record_contact(
            case, Contact(f"ct-{n}", ContactMode.PHONE, at, 5, "cm-1"), at=at, by="cm-1"
        )
    return case


CHAIN = 200


def per_call(step: Callable[[Case, int], Case], case: Case) -> float:
    """Return microseconds per call of *step*, each call on the case the one before returned:
    a case's real life, where every verb extends the latest case (the best of three runs)."""
    best = float("inf")
    gc.disable()  # as timeit does: the collector's passes over the other cases are not the verb's
    try:
        for _ in range(3):
            current = case
            start = time.perf_counter()
            for k in range(CHAIN):
                current = step(current, k)
            best = min(best, (time.perf_counter() - start) / CHAIN * 1e6)
    finally:
        gc.enable()
    return best


def _contact(case: Case, k: int) -> Case:
    at = case.history[-1].at
    return record_contact(
        case, Contact(f"ct-new-{k}", ContactMode.VIDEO, at, 5, "cm-1"), at=at, by="cm-1"
    )


def _revision(case: Case, k: int) -> Case:
    at = case.history[-1].at
    return record_contact(
        case, Contact("ct-1", ContactMode.PHONE, at, 9 + k, "cm-1"), at=at, by="cm-1"
    )


def _hold_or_resume(case: Case, k: int) -> Case:
    return apply(case, "resume" if k % 2 else "hold", at=case.history[-1].at, by="cm-1")


def _resend(case: Case, _k: int) -> Case:
    resent = next(e for e in case.history if e.event_id.startswith("msg-"))
    again = apply(case, "resume", at=resent.at, by="cm-1", event_id=resent.event_id)
    assert again is case  # a benchmark's own sanity check
    return again


VERBS: dict[str, Callable[[Case, int], Case]] = {
    "apply (hold, resume)": _hold_or_resume,
    "record_contact (new id)": _contact,
    "record_contact (a revision)": _revision,
    "apply re-sent (a known event id)": _resend,
}


def main() -> None:
    cases = {n: grown(n) for n in (*LENGTHS, *REPLAY_LENGTHS)}
    rows: dict[str, list[float]] = {}
    for n in LENGTHS:
        for name, step in VERBS.items():
            rows.setdefault(name, []).append(per_call(step, cases[n]))
    header = "".join(f"{n:>16,}" for n in LENGTHS)
    print(f"{'per call, history of':34}{header}")
    for name, figures in rows.items():
        cells = "".join(f"{f:9.2f} us {f / figures[0]:4.1f}x" for f in figures)
        print(f"{name:34}{cells}")
    print()
    print(f"{'replay, per event, log of':34}" + "".join(f"{n:>16,}" for n in REPLAY_LENGTHS))
    figures = []
    for n in REPLAY_LENGTHS:
        history = cases[n].history
        start = time.perf_counter()
        rounds = max(1, 20000 // n)
        for _ in range(rounds):
            replay(history, workflow=STANDARD)
        figures.append((time.perf_counter() - start) / rounds / len(history) * 1e6)
    cells = "".join(f"{f:9.2f} us {f / figures[0]:4.1f}x" for f in figures)
    print(f"{'replay':34}{cells}")


if __name__ == "__main__":
    main()
