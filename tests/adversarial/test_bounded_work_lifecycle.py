"""Work proportional to input: replay is linear in the log, and apply and the record verbs cost
the same on a long history as on a short one. Work is counted (function calls, and blocks
allocated), never timed."""

from __future__ import annotations

import sys
import tracemalloc
from collections.abc import Callable
from types import FrameType
from typing import Any

from casekit.case import Case, Contact, ContactMode, record_contact
from casekit.lifecycle import STANDARD, apply, replay
from casekit.lifecycle.examples import example_case


def _calls(work: Callable[[], object]) -> int:
    """Return how many Python and C functions *work* calls."""
    count = 0

    def profile(_frame: FrameType, event: str, _arg: Any) -> None:
        nonlocal count
        if event in {"call", "c_call"}:
            count += 1

    sys.setprofile(profile)
    try:
        work()
    finally:
        sys.setprofile(None)
    return count


def _grown(events: int) -> Case:
    """A monitoring case with about *events* events: contacts, holds and resumes."""
    case = example_case("monitoring")
    n = 0
    while len(case.history) < events:
        at = case.history[-1].at.add(hours=1)
        n += 1
        contact = Contact(f"ct-{n}", ContactMode.PHONE, at, 5, "cm-1")
        case = record_contact(case, contact, at=at, by="cm-1")
        case = apply(case, "hold", at=at, by="cm-1")
        case = apply(case, "resume", at=at, by="cm-1")
    return case


SHORT = _grown(100)
LONG = _grown(1000)


def test_replay_costs_the_same_per_event_at_ten_times_the_length() -> None:
    """Per event, replaying 1,000 events calls within 1.5x as many functions as 100 do."""
    short = _calls(lambda: replay(SHORT.history, workflow=STANDARD)) / len(SHORT.history)
    long = _calls(lambda: replay(LONG.history, workflow=STANDARD)) / len(LONG.history)

    assert long <= 1.5 * short


def test_replay_allocates_in_proportion_to_the_log() -> None:
    """Blocks allocated and still alive after replay grow with the log, not its square."""

    def blocks(case: Case) -> float:
        tracemalloc.start()
        try:
            before = tracemalloc.take_snapshot()
            rebuilt = replay(case.history, workflow=STANDARD)
            after = tracemalloc.take_snapshot()
        finally:
            tracemalloc.stop()
        grown = sum(s.count_diff for s in after.compare_to(before, "filename"))
        del rebuilt
        return grown / len(case.history)

    assert blocks(LONG) <= 1.5 * blocks(SHORT)


def _per_call(case: Case, verb: Callable[[Case], object]) -> int:
    return _calls(lambda: verb(case))


def _contact(case: Case) -> object:
    at = case.history[-1].at
    return record_contact(
        case, Contact("ct-new", ContactMode.VIDEO, at, 5, "cm-1"), at=at, by="cm-1"
    )


def _hold(case: Case) -> object:
    return apply(case, "hold", at=case.history[-1].at, by="cm-1")


def _revise(case: Case) -> object:
    at = case.history[-1].at
    return record_contact(case, Contact("ct-1", ContactMode.PHONE, at, 9, "cm-1"), at=at, by="cm-1")


def test_record_verbs_and_apply_cost_the_same_on_a_long_history() -> None:
    """A new record, a revision and a transition call as many functions at 1,000 events as
    at 100: ids are found through the case's index, not by scanning."""
    for verb in (_contact, _hold, _revise):
        assert _per_call(LONG, verb) <= 1.5 * _per_call(SHORT, verb), verb.__name__


def test_a_resent_event_id_is_found_without_scanning() -> None:
    """Redelivery of an event with a caller's id costs the same at any length."""

    def resend(case: Case) -> object:
        first = case.history[5]
        return apply(
            case,
            first.name,
            at=first.at,
            by=first.by,
            data=first.data,
            event_id=first.event_id,
            override_reason=first.override_reason,
        )

    assert _per_call(LONG, resend) <= 1.5 * _per_call(SHORT, resend)
