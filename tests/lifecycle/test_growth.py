"""A case's verbs do the same work on its hundredth event as on its thousandth (DESIGN 10).

Work is counted, never timed: the Python lines run (``sys.settrace``) and the bytes allocated at
the peak of each call (``tracemalloc``), summed over a chain of 64 calls, each on the case the
one before returned (two turns of a `Vector`'s 32-wide tail, so its cycle averages out). A verb
that copies its history or scans it shows in one count or the other as ten times the work at
ten times the length; a flat verb stays within 1.5x.
"""

from __future__ import annotations

import sys
import tracemalloc
from collections.abc import Callable
from functools import cache
from types import FrameType
from typing import Any

import attrs
import pytest

from casekit.case import (
    Appointment,
    Case,
    CaseManager,
    Contact,
    ContactMode,
    Outcome,
    Referral,
    add_referral,
    assign_manager,
    record_assessment,
    record_care_plan,
    record_contact,
    record_outcome,
    schedule_appointment,
)
from casekit.lifecycle import STANDARD, apply, check, replay
from casekit.lifecycle.examples import example_case

SMALL, LARGE = 100, 1000
CHAIN = 64
FLAT = 1.5

Step = Callable[[Case, int], Case]


@cache
def grown(events: int) -> Case:
    """A monitoring case of at least *events* events: holds, resumes (one with a caller's
    event id) and contacts."""
    case = example_case("monitoring")
    n = 0
    while len(case.history) < events:
        at = case.history[-1].at.add(hours=1)
        n += 1
        case = apply(case, "hold", at=at, by="cm-1")
        case = apply(case, "resume", at=at, by="cm-1", event_id=f"msg-{n}")
        case = record_contact(
            case, Contact(f"ct-{n}", ContactMode.PHONE, at, 5, "cm-1"), at=at, by="cm-1"
        )
    return case


def _work(run: Callable[[], Any]) -> tuple[int, int]:
    """Return the Python lines *run* executes and the bytes it allocates at its peak."""
    lines = 0

    def tracer(_frame: FrameType, event: str, _arg: object) -> Any:
        nonlocal lines
        if event == "line":
            lines += 1
        return tracer

    was = sys.gettrace()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        sys.settrace(tracer)
        try:
            run()
        finally:
            sys.settrace(was)
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    return lines, peak


def _chain(step: Step, case: Case) -> tuple[int, int]:
    """Return the lines and peak bytes of CHAIN calls of *step*, summed."""
    lines = peak = 0
    current = case
    for k in range(CHAIN):
        held: list[Case] = []

        def one(c: Case = current, k: int = k, held: list[Case] = held) -> None:
            held.append(step(c, k))

        found = _work(one)
        lines += found[0]
        peak += found[1]
        current = held[0]
    return lines, peak


def _at(case: Case) -> Any:
    return case.history[-1].at


def _hold_or_resume(case: Case, k: int) -> Case:
    return apply(case, "resume" if k % 2 else "hold", at=_at(case), by="cm-1")


def _checked(case: Case, k: int) -> Case:
    check(case, "hold", at=_at(case), by="cm-1", event_id=f"chk-{k}")
    check(case, "close", at=_at(case), by="cm-1", data={"closure_reason": "goals_met"})
    return case


def _resent(case: Case, _k: int) -> Case:
    again = apply(case, "resume", at=case.history[11].at, by="cm-1", event_id="msg-1")
    assert again is case
    return again


def _contact(case: Case, k: int) -> Case:
    call = Contact(f"ct-new-{k}", ContactMode.VIDEO, _at(case), 5, "cm-1")
    return record_contact(case, call, at=_at(case), by="cm-1")


def _contact_revised(case: Case, k: int) -> Case:
    call = Contact("ct-1", ContactMode.PHONE, _at(case), 9 + k, "cm-1")
    return record_contact(case, call, at=_at(case), by="cm-1", event_id=f"rev-{k}")


def _assessment(case: Case, k: int) -> Case:
    found = attrs.evolve(case.assessments[0], id=f"as-new-{k}", at=_at(case))
    return record_assessment(case, found, at=_at(case), by="cm-1")


def _plan(case: Case, k: int) -> Case:
    plan = attrs.evolve(case.care_plans[0], id=f"cp-new-{k}", created_at=_at(case))
    return record_care_plan(case, plan, at=_at(case), by="cm-1")


def _appointment(case: Case, k: int) -> Case:
    visit = Appointment(f"ap-{k}", _at(case).add(days=1), "prov-2", 30)
    return schedule_appointment(case, visit, at=_at(case), by="cm-1")


def _referral(case: Case, k: int) -> Case:
    referral = Referral(f"rf-{k}", "prov-3", _at(case), goal_ids=["g-1"])
    return add_referral(case, referral, at=_at(case), by="cm-1")


def _outcome(case: Case, k: int) -> Case:
    result = Outcome(f"oc-{k}", _at(case), "PHQ-9", str(k), goal_id="g-1")
    return record_outcome(case, result, at=_at(case), by="cm-1")


def _manager(case: Case, k: int) -> Case:
    return assign_manager(case, CaseManager(f"cm-{k % 2 + 1}"), at=_at(case), by="cm-1")


VERBS: dict[str, Step] = {
    "apply": _hold_or_resume,
    "check": _checked,
    "apply re-sent": _resent,
    "record_contact": _contact,
    "record_contact revised": _contact_revised,
    "record_assessment": _assessment,
    "record_care_plan": _plan,
    "schedule_appointment": _appointment,
    "add_referral": _referral,
    "record_outcome": _outcome,
    "assign_manager": _manager,
}


@pytest.mark.parametrize("verb", VERBS)
def test_a_verb_does_the_same_work_on_a_long_history_as_on_a_short_one(verb):
    """Each verb's lines run and peak bytes at 10x the history stay within 1.5x."""
    small = _chain(VERBS[verb], grown(SMALL))
    large = _chain(VERBS[verb], grown(LARGE))

    assert large[0] <= small[0] * FLAT, (verb, "lines", small[0], large[0])
    assert large[1] <= small[1] * FLAT, (verb, "bytes", small[1], large[1])


def test_replay_does_the_same_work_per_event_on_a_long_log_as_on_a_short_one():
    """Replay's lines run and peak bytes per event at 10x the log stay within 1.5x."""
    figures = []
    for n in (SMALL, LARGE):
        history = grown(n).history
        lines, peak = _work(lambda h=history: replay(h, workflow=STANDARD))
        figures.append((lines / len(history), peak / len(history)))
    (small_lines, small_bytes), (large_lines, large_bytes) = figures

    assert large_lines <= small_lines * FLAT
    assert large_bytes <= small_bytes * FLAT


def test_the_counts_see_a_verb_that_copies_its_history():
    """The counting itself works: copying the history to a tuple shows as growth."""

    def copying(case: Case, k: int) -> Case:
        tuple(case.history)
        return _hold_or_resume(case, k)

    small = _chain(copying, grown(SMALL))
    large = _chain(copying, grown(LARGE))

    assert large[1] > small[1] * 2
