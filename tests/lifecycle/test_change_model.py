"""A case changes its care-management model with a recorded reason (issue 12, item 3)."""

from __future__ import annotations

import pickle

import attrs
import pendulum
import pytest

from casekit import from_json, to_json
from casekit.careplan import check_model_change
from casekit.careplan.examples import ASSESSMENT, AT, built
from casekit.case import (
    CareModel,
    Case,
    CaseEvent,
    change_model,
    fold,
    rebuild,
    record_assessment,
    record_care_plan,
)
from casekit.errors import InvalidInputError, TransitionRefusedError
from casekit.lifecycle import STANDARD, apply, open_case, replay
from casekit.lifecycle.examples import example_case
from casekit.people import CaseManager, Patient, PersonName

REASON = "two admissions this month"


def _planning(model: CareModel) -> Case:
    """A case in planning under *model*, its assessment recorded, no plan yet."""
    day = pendulum.duration(days=1)
    case = open_case(
        "case-1",
        patient=Patient("pt-1", PersonName("Synthetic"), pendulum.date(1970, 1, 1)),
        manager=CaseManager("cm-1"),
        model=model,
        at=AT - day * 3,
        by="cm-1",
    )
    case = apply(case, "start_screening", at=AT - day * 2, by="cm-1")
    case = apply(case, "accept", at=AT - day, by="cm-1")
    case = record_assessment(case, ASSESSMENT, at=AT, by="cm-1")
    return apply(case, "complete_assessment", at=AT, by="cm-1")


def test_a_model_change_is_an_event_with_its_model_and_reason():
    """The case takes the new model; the history gains model_changed with model and reason,
    the state unchanged, the reason kept out of the repr."""
    case = example_case("monitoring")
    at = case.history[-1].at

    moved = change_model(case, CareModel.INTENSIVE, reason=REASON, at=at, by="cm-1")

    event = moved.history[-1]
    assert moved.model is CareModel.INTENSIVE
    assert (event.name, event.from_state, event.to_state) == (
        "model_changed",
        "monitoring",
        "monitoring",
    )
    assert event.datum("model") == "intensive"
    assert event.datum("reason") == REASON
    assert event.payload is None
    assert REASON not in repr(moved)
    assert case.model is CareModel.STRENGTHS_BASED  # the case it came from is unchanged


def test_a_model_change_replays_rebuilds_round_trips_and_pickles():
    """replay, rebuild, to_json/from_json and pickle all give back the changed case."""
    case = example_case("monitoring")
    at = case.history[-1].at
    moved = change_model(case, CareModel.BROKERAGE, reason=REASON, at=at, by="cm-1")

    assert replay(moved.history, workflow=STANDARD) == moved
    assert rebuild(moved.history) == moved
    back = from_json(to_json(moved), Case)
    assert back == moved
    assert back.model is CareModel.BROKERAGE
    assert pickle.loads(pickle.dumps(moved)) == moved  # noqa: S301  # our own bytes


def test_the_next_plan_is_checked_against_the_new_model():
    """After a change to intensive, a plan built for clinical is refused at approval with the
    careplan reasons check_model_change gives; a plan built for intensive is approved."""
    case = _planning(CareModel.CLINICAL)
    assert check_model_change(case, to="intensive", plan=built("clinical"))
    moved = change_model(case, CareModel.INTENSIVE, reason=REASON, at=AT, by="cm-1")
    stale = record_care_plan(moved, built("clinical"), at=AT, by="cm-1")
    with pytest.raises(TransitionRefusedError) as caught:
        apply(stale, "approve_plan", at=AT, by="cm-1")
    codes = {r.code for r in caught.value.reasons}
    assert "careplan.plan_for_another_model" in codes
    assert codes >= {r.code for r in check_model_change(stale, to="intensive")}

    fresh = record_care_plan(moved, built("intensive"), at=AT, by="cm-1")
    assert apply(fresh, "approve_plan", at=AT, by="cm-1").state == "implementing"
    # The same intensive plan was refused under the old model.
    unchanged = record_care_plan(case, built("intensive"), at=AT, by="cm-1")
    with pytest.raises(TransitionRefusedError):
        apply(unchanged, "approve_plan", at=AT, by="cm-1")


def test_a_closed_case_takes_no_model_change():
    """A closed case refuses a model change, naming the state."""
    case = example_case("closed")
    with pytest.raises(TransitionRefusedError) as caught:
        change_model(case, CareModel.INTENSIVE, reason=REASON, at=case.history[-1].at, by="cm-1")
    assert caught.value.state == "closed"
    assert [r.code for r in caught.value.reasons] == ["lifecycle.records_closed"]


@pytest.mark.parametrize(
    ("model", "reason", "path", "code"),
    [
        ("intensive", REASON, "model", "type"),
        (CareModel.STRENGTHS_BASED, REASON, "model", "unchanged"),
        (CareModel.INTENSIVE, "  ", "reason", "empty"),
        (CareModel.INTENSIVE, None, "reason", "empty"),
        (CareModel.INTENSIVE, "x" * 2001, "reason", "text"),
        (CareModel.INTENSIVE, "a\x00b", "reason", "text"),
    ],
)
def test_a_model_change_refuses_bad_input_naming_the_field(model, reason, path, code):
    """A model that is not a CareModel or is the case's, and a missing or bad reason, are
    refused naming the field; the case is unchanged."""
    case = example_case("monitoring")
    with pytest.raises(InvalidInputError) as caught:
        change_model(case, model, reason=reason, at=case.history[-1].at, by="cm-1")
    assert [(p.path, p.code) for p in caught.value.problems] == [(path, code)]


def test_a_model_change_is_refused_for_what_is_not_a_case():
    """change_model takes a Case."""
    with pytest.raises(InvalidInputError) as caught:
        change_model("case", CareModel.INTENSIVE, reason=REASON, at=AT, by="cm-1")  # type: ignore[arg-type]
    assert [p.path for p in caught.value.problems] == ["case"]


def test_a_model_change_re_sent_with_its_event_id_is_a_no_op():
    """The same change sent twice with one event id is recorded once."""
    case = example_case("monitoring")
    at = case.history[-1].at
    once = change_model(case, CareModel.INTENSIVE, reason=REASON, at=at, by="cm-1", event_id="m1")
    twice = change_model(once, CareModel.INTENSIVE, reason=REASON, at=at, by="cm-1", event_id="m1")
    assert twice is once


def _forged(data: tuple[tuple[str, str], ...]) -> tuple[CaseEvent, ...]:
    case = example_case("monitoring")
    last = case.history[-1]
    event = CaseEvent(
        last.seq + 1,
        "forged",
        "model_changed",
        last.to_state,
        last.to_state,
        last.at,
        last.at,
        "cm-1",
        data,
    )
    return (*case.history, event)


@pytest.mark.parametrize(
    "data",
    [
        (("model", "nonsense"), ("reason", REASON)),
        (("model", "intensive"),),
        (("model", "intensive"), ("reason", " ")),
    ],
)
def test_a_log_with_a_model_change_that_names_no_model_or_reason_is_refused(data):
    """rebuild, replay and fold refuse a model_changed event without a known model and a
    reason, naming the event."""
    forged = _forged(data)
    with pytest.raises(InvalidInputError) as rebuilt:
        rebuild(forged)
    assert [(p.path, p.code) for p in rebuilt.value.problems] == [
        ("history[9].data", "inconsistent_history")
    ]
    with pytest.raises(InvalidInputError) as replayed:
        replay(forged, workflow=STANDARD)
    assert [p.path for p in replayed.value.problems] == ["history[9]"]
    with pytest.raises(InvalidInputError):
        fold(rebuild(forged[:-1]), forged[-1])
    assert attrs.evolve(forged[-1], data=(("model", "intensive"), ("reason", REASON)))
