"""Cost against size, in one run: each row is given as a ratio to its smallest size.

Run: ``python benchmarks/growth.py``.

- per call, against the length of the case's history: ``apply`` (hold and resume), ``check``,
  an ``apply`` re-sent with an event id already in the history, and every record verb
  (``record_contact`` with a new id and with a known one, ``record_assessment``,
  ``record_care_plan``, ``schedule_appointment``, ``add_referral``, ``record_outcome``,
  ``assign_manager``, ``change_model``); each call on the case the one before returned;
- ``replay`` per event, against the length of the log.

Adjudication per line and ``check_coverage`` against authorisations on file are measured by
``benchmarks/growth_coverage.py``; when that module is there, its ``main()`` runs after these
rows.
"""

from __future__ import annotations

import datetime as dt
import gc
import importlib
import importlib.util
import time
from collections.abc import Callable

import attrs

from casekit.case import (
    Appointment,
    CareModel,
    Case,
    Contact,
    ContactMode,
    Outcome,
    Referral,
    add_referral,
    assign_manager,
    change_model,
    record_assessment,
    record_care_plan,
    record_contact,
    record_outcome,
    schedule_appointment,
)
from casekit.lifecycle import STANDARD, apply, check, replay
from casekit.lifecycle.examples import example_case
from casekit.people import CaseManager

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
    a case's real life, where every verb extends the latest case (the best of three runs, in CPU
    time: on a shared machine, time the process spends waiting is not the verb's)."""
    best = float("inf")
    gc.disable()  # as timeit does: the collector's passes over the other cases are not the verb's
    try:
        for _ in range(3):
            current = case
            start = time.process_time()
            for k in range(CHAIN):
                current = step(current, k)
            best = min(best, (time.process_time() - start) / CHAIN * 1e6)
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


def _check(case: Case, _k: int) -> Case:
    check(case, "close", at=case.history[-1].at, by="cm-1", data={"closure_reason": "goals_met"})
    return case


def _assessment(case: Case, k: int) -> Case:
    at = case.history[-1].at
    found = attrs.evolve(case.assessments[0], id=f"as-new-{k}", at=at)
    return record_assessment(case, found, at=at, by="cm-1")


def _plan(case: Case, k: int) -> Case:
    at = case.history[-1].at
    plan = attrs.evolve(case.care_plans[0], id=f"cp-new-{k}", created_at=at)
    return record_care_plan(case, plan, at=at, by="cm-1")


def _appointment(case: Case, k: int) -> Case:
    at = case.history[-1].at
    visit = Appointment(f"ap-{k}", at + dt.timedelta(days=1), "prov-2", 30)
    return schedule_appointment(case, visit, at=at, by="cm-1")


def _referral(case: Case, k: int) -> Case:
    at = case.history[-1].at
    return add_referral(case, Referral(f"rf-{k}", "prov-3", at, goal_ids=["g-1"]), at=at, by="cm-1")


def _outcome(case: Case, k: int) -> Case:
    at = case.history[-1].at
    result = Outcome(f"oc-{k}", at, "PHQ-9", str(k), goal_id="g-1")
    return record_outcome(case, result, at=at, by="cm-1")


def _manager(case: Case, k: int) -> Case:
    return assign_manager(case, CaseManager(f"cm-{k % 2 + 1}"), at=case.history[-1].at, by="cm-1")


_MODELS = (CareModel.INTENSIVE, CareModel.CLINICAL)


def _model(case: Case, k: int) -> Case:
    at = case.history[-1].at
    return change_model(case, _MODELS[k % 2], reason="needs changed", at=at, by="cm-1")


VERBS: dict[str, Callable[[Case, int], Case]] = {
    "apply (hold, resume)": _hold_or_resume,
    "check (close)": _check,
    "apply re-sent (a known event id)": _resend,
    "record_contact (new id)": _contact,
    "record_contact (a revision)": _revision,
    "record_assessment": _assessment,
    "record_care_plan": _plan,
    "schedule_appointment": _appointment,
    "add_referral": _referral,
    "record_outcome": _outcome,
    "assign_manager": _manager,
    "change_model": _model,
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
        start = time.process_time()
        rounds = max(1, 20000 // n)
        for _ in range(rounds):
            replay(history, workflow=STANDARD)
        figures.append((time.process_time() - start) / rounds / len(history) * 1e6)
    cells = "".join(f"{f:9.2f} us {f / figures[0]:4.1f}x" for f in figures)
    print(f"{'replay':34}{cells}")
    if importlib.util.find_spec("growth_coverage") is not None:  # the coverage rows, if there
        print()
        importlib.import_module("growth_coverage").main()


if __name__ == "__main__":
    main()
