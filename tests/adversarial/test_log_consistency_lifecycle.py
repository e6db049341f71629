"""The log stays consistent: ids never collide, loading refuses what replay refuses, windows
are measured from the right event."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pendulum
import pytest

from casekit import from_json, to_json
from casekit.case import CareModel, Case, Contact, ContactMode, rebuild, record_contact
from casekit.errors import InvalidInputError
from casekit.lifecycle import STANDARD, apply, check, open_case, replay
from casekit.lifecycle.examples import example_case
from casekit.people import CaseManager, Patient, PersonName

AT = pendulum.datetime(2025, 3, 3, 9, tz="UTC")


def opened(*, case_id: str = "case-1") -> Case:
    return open_case(
        case_id,
        patient=Patient("pt-1", PersonName("Synthetic"), pendulum.date(1961, 4, 2)),
        manager=CaseManager("cm-1"),
        model=CareModel.CLINICAL,
        at=AT,
        by="cm-1",
    )


def later(case: Case, days: int = 1) -> dt.datetime:
    return case.history[-1].at.add(days=days)


def step(case: Case, event: str, **kw: Any) -> Case:
    kw.setdefault("at", later(case))
    return apply(case, event, by="cm-1", **kw)


def _contact(case: Case, n: int) -> Case:
    at = later(case)
    return record_contact(
        case, Contact(f"ct-{n}", ContactMode.PHONE, at, 5, "cm-1"), at=at, by="cm-1"
    )


def test_a_caller_id_of_another_positions_default_form_is_refused() -> None:
    """The issue's snippet: c1.3 given at position 2 would meet the default id of event 3."""
    case = opened(case_id="c1")
    at = later(case)

    with pytest.raises(InvalidInputError) as caught:
        apply(case, "start_screening", at=at, by="cm-1", event_id="c1.3")
    assert [(p.path, p.code) for p in caught.value.problems] == [("event_id", "event_id_reserved")]
    with pytest.raises(InvalidInputError):
        record_contact(
            case,
            Contact("ct-1", ContactMode.PHONE, at, 5, "cm-1"),
            at=at,
            by="cm-1",
            event_id="c1.7",
        )
    given = apply(case, "start_screening", at=at, by="cm-1", event_id="c1.2")
    assert given.history[-1].event_id == "c1.2"


def test_default_ids_never_meet_caller_ids_and_records_never_claim_reuse() -> None:
    """Any mix of caller and default ids gives a history with each id once, that replays."""
    case = opened(case_id="c1")
    case = apply(case, "start_screening", at=later(case), by="cm-1", event_id="mine-1")
    for n in range(5):
        case = _contact(case, n)
    case = apply(case, "accept", at=later(case), by="cm-1", event_id="c1-accept")
    case = _contact(case, 9)
    ids = [e.event_id for e in case.history]

    assert len(ids) == len(set(ids))
    assert replay(case.history, workflow=STANDARD) == case


def test_a_legacy_log_with_a_caller_id_of_default_form_still_takes_records() -> None:
    """A stored log may hold "c1.5" at position 2 (old casekit allowed it): recording at
    position 5 gives another id rather than claiming reuse."""
    case = opened(case_id="c1")
    case = apply(case, "start_screening", at=later(case), by="cm-1")
    legacy = rebuild((case.history[0], attrs.evolve(case.history[1], event_id="c1.5")))
    for n in range(4):
        legacy = _contact(legacy, n)

    legacy = apply(legacy, "accept", at=later(legacy), by="cm-1")
    ids = [e.event_id for e in legacy.history]

    assert len(ids) == len(set(ids))
    assert ids[4] == "c1.5:1"
    assert rebuild(legacy.history) == legacy
    assert replay(legacy.history, workflow=STANDARD) == legacy


def test_a_resent_event_is_found_by_its_id_at_any_position() -> None:
    """Idempotent redelivery: the same id and content returns the case unchanged."""
    case = opened(case_id="c1")
    at = later(case)
    case = apply(case, "start_screening", at=at, by="cm-1", event_id="msg-77")
    for n in range(3):
        case = _contact(case, n)

    assert apply(case, "start_screening", at=at, by="cm-1", event_id="msg-77") is case
    with pytest.raises(InvalidInputError) as caught:
        apply(case, "hold", at=later(case), by="cm-1", event_id="msg-77")
    assert caught.value.problems[0].code == "event_id_reused"


def test_branches_of_one_case_keep_their_own_ids() -> None:
    """Two cases made from one predecessor (a branch) each find their own records."""
    base = _contact(example_case("monitoring"), 1)
    at = later(base)
    left = record_contact(base, Contact("ct-L", ContactMode.PHONE, at, 5, "cm-1"), at=at, by="cm-1")
    right = record_contact(
        base, Contact("ct-R", ContactMode.VIDEO, at, 5, "cm-1"), at=at, by="cm-1"
    )
    right = record_contact(
        right, Contact("ct-L", ContactMode.HOME_VISIT, at, 9, "cm-1"), at=at, by="cm-1"
    )
    left = record_contact(left, Contact("ct-L", ContactMode.PHONE, at, 7, "cm-1"), at=at, by="cm-1")

    assert [c.id for c in left.contacts] == ["ct-1", "ct-L"]
    assert [c.id for c in right.contacts] == ["ct-1", "ct-R", "ct-L"]
    assert left.contacts[-1].duration_minutes == 7
    assert rebuild(left.history) == left
    assert rebuild(right.history) == right


def test_the_reopen_window_runs_from_the_latest_closure_even_from_on_hold() -> None:
    """The issue's snippet: closed from on_hold yesterday reopens; closed long ago does not."""
    case = example_case("closed")
    case = step(case, "reopen", data={"reason": "back"})
    case = step(case, "hold")
    case = step(case, "close", data={"closure_reason": "client_choice"}, at=later(case, 365 * 40))

    assert check(case, "reopen", at=later(case, 1), by="cm-1", data={"reason": "x"}) == ()
    assert [
        r.code for r in check(case, "reopen", at=later(case, 91), by="cm-1", data={"reason": "x"})
    ] == ["lifecycle.reopen_window_passed"]


def test_loading_and_replay_agree_on_every_example() -> None:
    """Every example case reads back from JSON and replays to itself."""
    for state in (s.name for s in STANDARD.states):
        case = example_case(state)
        assert from_json(to_json(case), Case) == replay(case.history, workflow=STANDARD) == case


def test_an_opened_event_with_another_positions_default_id_is_worked_around() -> None:
    """An opening stored as "c1.3" (old casekit allowed it): event 3 gets another id."""
    case = open_case(
        "c1",
        patient=Patient("pt-1", PersonName("Synthetic"), pendulum.date(1961, 4, 2)),
        manager=CaseManager("cm-1"),
        model=CareModel.CLINICAL,
        at=AT,
        by="cm-1",
        event_id="c1.3",
    )
    case = step(case, "start_screening")
    case = step(case, "accept")
    ids = [e.event_id for e in case.history]

    assert ids == ["c1.3", "c1.2", "c1.3:1"]
    assert replay(case.history, workflow=STANDARD) == case
