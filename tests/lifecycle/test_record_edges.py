"""Edges of the record rules and of reading a log: branches, self-loops, odd logs."""

from __future__ import annotations

import datetime as dt

import attrs
import pendulum
import pytest

from casekit.case import (
    CareModel,
    Case,
    Contact,
    ContactMode,
    Referral,
    ReferralStatus,
    add_referral,
    assign_manager,
    rebuild,
    record_care_plan,
    record_contact,
)
from casekit.errors import InvalidDefinitionError, InvalidInputError
from casekit.lifecycle import (
    HISTORY,
    STANDARD,
    Deadline,
    DeadlineUnit,
    State,
    Transition,
    Workflow,
    apply,
    open_case,
    open_deadlines,
    replay,
    standard_workflow,
)
from casekit.lifecycle.examples import example_case
from casekit.people import CaseManager

from .helpers import AT, later, opened, patient


def _problems(call: object) -> list[tuple[str, str]]:
    with pytest.raises(InvalidInputError) as caught:
        call()  # type: ignore[operator]
    return [(p.path, p.code) for p in caught.value.problems]


def test_a_record_verb_refuses_a_case_without_history() -> None:
    """A case built by hand without its opened event cannot take records."""
    case = attrs.evolve(opened(), history=())
    call = Contact("ct-1", ContactMode.PHONE, AT, 5, "cm-1")

    assert _problems(lambda: record_contact(case, call, at=AT, by="cm-1")) == [
        ("case.history", "not_opened")
    ]


def test_a_branch_finds_its_own_event_ids() -> None:
    """Two cases from one predecessor: each finds a caller's id where it holds it."""
    base = example_case("monitoring")
    at = later(base)
    left = apply(base, "hold", at=at, by="cm-1", event_id="msg-1")
    right = apply(base, "reassess", at=at, by="cm-1")
    right = apply(right, "hold", at=at, by="cm-1", event_id="msg-1")

    assert apply(left, "hold", at=at, by="cm-1", event_id="msg-1") is left
    assert apply(right, "hold", at=at, by="cm-1", event_id="msg-1") is right
    assert apply(base, "reassess", at=at, by="cm-1", event_id="msg-1").state == "assessing"


def test_replay_keeps_the_state_on_a_self_loop_and_names_an_odd_log() -> None:
    """A transition back to its own state leaves the way back as it was; odd logs are named."""
    wf: Workflow[Case] = Workflow(
        "loop",
        [State("a", initial=True), State("b"), State("z", final=True)],
        [
            Transition("stay", ["a", "b"], "a"),
            Transition("go", ["a"], "b"),
            Transition("back", ["a", "b"], HISTORY),
            Transition("end", ["a", "b"], "z"),
        ],
    )
    case = opened(wf)
    case = apply(case, "go", at=later(case), by="cm-1", workflow=wf)
    case = apply(case, "stay", at=later(case), by="cm-1", workflow=wf)
    case = apply(case, "stay", at=later(case), by="cm-1", workflow=wf)
    assert replay(case.history, workflow=wf) == case

    fresh = opened(wf)
    back = attrs.evolve(case.history[1], name="back", to_state="a", from_state="a")
    assert _problems(lambda: replay((fresh.history[0], back), workflow=wf)) == [
        ("history[1]", "refused")
    ]
    again = attrs.evolve(case.history[1], name="opened")
    assert _problems(lambda: replay((fresh.history[0], again), workflow=wf)) == [
        ("history[1]", "not_opened")
    ]
    unknown = attrs.evolve(case.history[1], name="fly")
    assert _problems(lambda: replay((fresh.history[0], unknown), workflow=wf)) == [
        ("history[1]", "refused")
    ]


def test_a_log_with_a_patient_born_after_the_opening_is_refused_by_both_readers() -> None:
    """rebuild and replay name the birth date, and rebuild the first event's position."""
    first = opened().history[0]
    opening = attrs.evolve(
        first.payload, patient=attrs.evolve(patient(), birth_date=pendulum.date(2030, 1, 1))
    )
    bad = attrs.evolve(first, payload=opening, seq=2)

    assert _problems(lambda: rebuild((bad,))) == [
        ("history[0].seq", "inconsistent_history"),
        ("history[0].payload.patient.birth_date", "after_opening"),
    ]
    assert _problems(lambda: replay((attrs.evolve(bad, seq=1),), workflow=STANDARD)) == [
        ("history[0].payload.patient.birth_date", "after_opening")
    ]


def test_replay_checks_records_by_the_verbs_rules() -> None:
    """A forged revision moving a referral backwards, or a manager change, replay as the verbs
    would judge them."""
    case = example_case("implementing")
    at = later(case)
    done = Referral("rf-1", "prov-3", at, status=ReferralStatus.COMPLETED)
    case = add_referral(case, done, at=at, by="cm-1")
    case = assign_manager(case, CaseManager("cm-2"), at=at, by="cm-1")
    assert replay(case.history, workflow=STANDARD) == case

    forged = attrs.evolve(
        case.history[-2],
        seq=len(case.history) + 1,
        event_id="x-2",
        payload=attrs.evolve(done, status=ReferralStatus.REQUESTED),
    )
    assert _problems(lambda: replay((*case.history, forged), workflow=STANDARD)) == [
        (f"history[{len(case.history)}]", "refused")
    ]


def test_a_plan_revision_may_not_drop_an_intervention() -> None:
    """Interventions are kept like goals."""
    case = example_case("monitoring")
    plan = case.latest_care_plan
    assert plan is not None
    from casekit.errors import TransitionRefusedError

    with pytest.raises(TransitionRefusedError) as caught:
        record_care_plan(case, attrs.evolve(plan, interventions=()), at=later(case), by="cm-1")
    assert [r.code for r in caught.value.reasons] == ["lifecycle.record_dropped"]


def test_late_records_and_tolerance_are_checked_when_the_workflow_is_built() -> None:
    """A late_records value that is no mapping, a bad pair, a negative tolerance: refused."""
    states = [State("a", initial=True), State("z", final=True)]
    moves = [Transition("go", ["a"], "z")]
    with pytest.raises(InvalidDefinitionError) as caught:
        Workflow("w", states, moves, late_records="closed")  # type: ignore[arg-type]
    assert [(p.path, p.code) for p in caught.value.problems] == [("late_records", "type")]
    with pytest.raises(InvalidDefinitionError) as caught:
        Workflow("w", states, moves, late_records=[("z",)])  # type: ignore[list-item]
    assert [(p.path, p.code) for p in caught.value.problems] == [("late_records[0]", "type")]
    assert _problems(
        lambda: standard_workflow(workflow_id="x", future_tolerance=dt.timedelta(seconds=-1))
    ) == [("future_tolerance", "type")]


def test_business_day_deadlines_at_the_end_of_the_calendar_are_due_on_its_last_day() -> None:
    """Business days that would pass 9999-12-31 end on it."""
    for within in range(3, 8):
        wf = standard_workflow(
            workflow_id=f"end-{within}",
            deadlines=[
                Deadline(
                    "d",
                    within,
                    unit=DeadlineUnit.BUSINESS_DAYS,
                    start_state="referred",
                    met_by=["start_screening"],
                )
            ],
        )
        at = pendulum.datetime(9999, 12, 24, tz="UTC")
        case = open_case(
            "c-1",
            patient=patient(),
            manager=CaseManager("cm-1"),
            model=CareModel.CLINICAL,
            at=at,
            by="cm-1",
            workflow=wf,
        )
        found = open_deadlines(case, on=pendulum.date(9999, 12, 24), workflow=wf)
        assert found[0].due_on <= pendulum.date(9999, 12, 31)


def test_a_case_pickles_and_copies_with_its_index_but_not_its_workflow() -> None:
    """A copy finds its workflow again on first use; its records are found as before."""
    import copy
    import pickle

    case = example_case("monitoring")
    for again in (pickle.loads(pickle.dumps(case)), copy.deepcopy(case), copy.copy(case)):  # noqa: S301  # our own bytes
        assert again == case
        assert (
            record_contact(
                again,
                Contact("ct-1", ContactMode.PHONE, later(again), 5, "cm-1"),
                at=later(again),
                by="cm-1",
            )
            .contacts[-1]
            .id
            == "ct-1"
        )


def test_a_manager_assignment_re_sent_with_its_event_id_is_recorded_once():
    """assign_manager re-sent with an event id the case holds returns the case, even once the
    case's positions are indexed (it used to append a second event with the same id)."""
    from casekit.case import CaseManager, assign_manager, rebuild
    from casekit.lifecycle import apply

    case = example_case("monitoring")
    at = case.history[-1].at
    case = apply(case, "hold", at=at, by="cm-1", event_id="held")  # indexes the positions
    once = assign_manager(case, CaseManager("cm-2"), at=at, by="cm-1", event_id="m1")
    twice = assign_manager(once, CaseManager("cm-2"), at=at, by="cm-1", event_id="m1")

    assert twice is once
    assert rebuild(twice.history) == twice
