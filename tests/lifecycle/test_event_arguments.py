"""apply, check, advance and allowed_events refuse bad arguments by field, with the fix.

Case, workflow, event, time, actor, event id and subject are each checked and named; the
limits (128-character identifiers, aware times, time order) are pinned at their edges.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pendulum
import pytest
from lifecycle_scenarios import LATER, PATIENT, opened_under, pair_workflow
from refusals import problems

from casekit.careplan import Goal
from casekit.case import CareModel
from casekit.errors import InvalidInputError
from casekit.lifecycle import (
    GOAL,
    STANDARD,
    State,
    StateCategory,
    Transition,
    Workflow,
    advance,
    allowed_events,
    apply,
    check,
    open_case,
    standard_workflow,
)
from casekit.lifecycle.examples import example_case
from casekit.people import CaseManager

from .helpers import AT, later, opened, step

AT_GOAL = pendulum.datetime(2025, 3, 5, tz="UTC")


def test_inputs_to_apply_and_check_are_refused_by_field() -> None:
    """Wrong case, workflow, history, event, time, actor and event id are each named."""
    case = opened()
    at = later(case)
    other = standard_workflow(workflow_id="other")
    empty = attrs.evolve(case, history=())
    actor = (
        "by",
        "identifier",
        "must be 1-128 characters of letters, digits and . _ : - / starting with a letter or digit",
    )
    for verb in (apply, check):
        assert problems(lambda v=verb: v("case", "hold", at=at, by="cm-1")) == [
            ("case", "type", "must be a Case")
        ]
        assert problems(lambda v=verb: v(case, "hold", at=at, by="cm-1", workflow=other)) == [
            (
                "workflow",
                "workflow_mismatch",
                (
                    f"is workflow 'other' (fingerprint {other.fingerprint[:12]}), but the case "
                    f"runs under 'standard' (fingerprint {STANDARD.fingerprint[:12]}); pass the "
                    "case's workflow, or list the case's fingerprint in the new definition's "
                    "compatible_with"
                ),
            )
        ]
        assert problems(lambda v=verb: v(empty, "hold", at=at, by="cm-1")) == [
            ("case.history", "not_opened", "is empty; build cases with open_case")
        ]
        assert problems(lambda v=verb: v(case, 3, at=at, by="cm-1")) == [
            ("event", "type", "must be an event name")
        ]
        assert [p[0] for p in problems(lambda v=verb: v(case, 3, at="now", by="cm-1"))] == ["event"]
        assert problems(lambda v=verb: v(case, "start_screening", at=at, by="a b")) == [actor]
        assert [
            p[0] for p in problems(lambda v=verb: v(case, "x", at=at, by="cm-1", event_id=" "))
        ] == ["event_id"]
    assert [p[0] for p in problems(lambda: check(case, "hold", at="now", by="cm-1"))] == ["at"]


def test_an_event_before_the_last_is_refused_with_the_fix() -> None:
    """apply refuses an at earlier than the last event's, saying how to backdate instead."""
    case = opened()
    assert problems(lambda: apply(case, "start_screening", at=AT.subtract(days=1), by="cm-1")) == [
        (
            "at",
            "time_went_backwards",
            (
                "is earlier than the previous event's effective time; apply events in order, and "
                "record a backdated event with an earlier at than its recorded_at instead"
            ),
        )
    ]


def test_a_reused_event_id_with_other_content_is_refused_with_the_fix() -> None:
    """Re-using an event id for a different event says to use a new id."""
    case = step(opened(), "start_screening", event_id="ev-1")
    assert problems(lambda: step(case, "hold", event_id="ev-1")) == [
        (
            "event_id",
            "event_id_reused",
            "is already in the history with different content; use a new event id",
        )
    ]


def test_an_event_id_of_128_characters_is_taken_and_129_refused():
    """The identifier limit, to the character."""
    workflow = pair_workflow()
    case = opened_under(workflow)

    taken = apply(case, "finish", at=LATER, by="cm-1", event_id="e" * 128, workflow=workflow)

    assert taken.history[-1].event_id == "e" * 128
    with pytest.raises(InvalidInputError) as caught:
        apply(case, "finish", at=LATER, by="cm-1", event_id="e" * 129, workflow=workflow)
    assert [p.path for p in caught.value.problems] == ["event_id"]


def test_a_default_event_id_may_reach_128_characters_but_not_pass_them():
    """The default id is '<case id>.<seq>': 128 characters are taken, 129 refused."""
    workflow = Workflow(
        "loop",
        (
            State("open", StateCategory.ACTIVE, initial=True),
            State("done", StateCategory.DONE, final=True),
        ),
        (Transition("touch", ("open",), "open"), Transition("finish", ("open",), "done")),
    )
    case = open_case(
        "c" * 126, patient=PATIENT, manager=CaseManager("cm-1"), model=CareModel.CLINICAL,
        at=AT, by="cm-1", workflow=workflow,
    )  # fmt: skip
    for seq in range(2, 10):  # ".2" to ".9": 128 characters each
        case = apply(case, "touch", at=LATER, by="cm-1", workflow=workflow)
        assert case.history[-1].event_id == f"{'c' * 126}.{seq}"

    with pytest.raises(InvalidInputError) as caught:
        apply(case, "touch", at=LATER, by="cm-1", workflow=workflow)  # ".10": 129
    assert [(p.path, p.code) for p in caught.value.problems] == [("event_id", "identifier")]


class _Offset(dt.tzinfo):
    """A timezone class casekit does not know, with a fixed offset or with none."""

    def __init__(self, offset: dt.timedelta | None) -> None:
        self._offset = offset

    def utcoffset(self, _when: dt.datetime | None) -> dt.timedelta | None:
        return self._offset

    def dst(self, _when: dt.datetime | None) -> dt.timedelta | None:
        return None


def test_any_aware_datetime_is_taken_and_a_tzinfo_without_offset_is_not():
    """A standard-library or unknown timezone with an offset is aware; one whose utcoffset()
    is None is naive, for at and recorded_at alike."""
    workflow = pair_workflow()
    case = opened_under(workflow)
    stdlib = dt.datetime(2025, 3, 3, 10, tzinfo=dt.UTC)
    unknown = dt.datetime(2025, 3, 3, 10, tzinfo=_Offset(dt.timedelta(hours=1)))
    naive_ish = dt.datetime(2025, 3, 3, 10, tzinfo=_Offset(None))

    assert apply(case, "finish", at=stdlib, by="cm-1", workflow=workflow).state == "done"
    assert apply(case, "finish", at=unknown, by="cm-2", workflow=workflow).history[-1].by == "cm-2"
    done = apply(case, "finish", at=LATER, by="cm-1", recorded_at=unknown, workflow=workflow)
    assert done.history[-1].recorded_at == unknown
    for bad in (
        lambda: apply(case, "finish", at=naive_ish, by="cm-1", workflow=workflow),
        lambda: apply(
            case, "finish", at=LATER, by="cm-1", recorded_at=naive_ish, workflow=workflow
        ),
        lambda: apply(
            case,
            "finish",
            at=LATER,
            by="cm-1",
            recorded_at=pendulum.naive(2025, 3, 3, 10),
            workflow=workflow,
        ),
    ):
        with pytest.raises(InvalidInputError) as caught:
            bad()
        assert [p.code for p in caught.value.problems] == ["naive_datetime"]


def test_allowed_events_checks_the_actor_it_is_given() -> None:
    """allowed_events refuses a bad by instead of falling back to the case manager."""
    case = example_case("planning")
    assert [p[0] for p in problems(lambda: allowed_events(case, at=later(case), by=" "))] == ["by"]


def test_advance_refuses_bad_times_and_actors_by_field() -> None:
    """advance names at and by when they are wrong."""
    goal = Goal("g-1", "stable housing")
    assert [
        p[0]
        for p in problems(
            lambda: advance(goal, "accept", workflow=GOAL, at=dt.datetime(2025, 3, 5), by="cm-1")  # noqa: DTZ001  # naive on purpose
        )
    ] == ["at"]
    assert [
        p[0] for p in problems(lambda: advance(goal, "accept", workflow=GOAL, at=AT_GOAL, by=" "))
    ] == ["by"]
    assert [
        p[0]
        for p in problems(
            lambda: advance(goal, "accept", workflow=GOAL, at=AT_GOAL, by="cm-1", data={"a b": 1})
        )
    ] == ["data[0]"]


def test_advance_refuses_an_event_that_is_not_text() -> None:
    """advance names the event field when the event is not a string."""
    goal = Goal("g-1", "stable housing")
    assert problems(lambda: advance(goal, 1, workflow=GOAL, at=AT_GOAL, by="cm-1")) == [  # type: ignore[arg-type]
        ("event", "type", "must be an event name")
    ]


def test_advance_needs_an_attrs_subject_with_a_status() -> None:
    """A subject that is not an attrs class is refused even with an enum status."""

    class Plain:
        status = StateCategory.ACTIVE

    assert problems(lambda: advance(Plain(), "accept", workflow=GOAL, at=AT_GOAL, by="cm-1")) == [  # type: ignore[type-var]
        ("subject", "type", "must be an attrs object with a status")
    ]
