"""apply's guards, overrides, refusals and opening, pinned where mutation testing found gaps.

Each test kills mutants of `casekit.lifecycle._apply` that survived the earlier suite: an
override skipping every later guard, a refusing guard given as a generator, the parameters
of the override and no-history reasons, the event and state a refusal carries, and the care
team given to open_case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pendulum
import pytest

from casekit.case import CareModel, Case
from casekit.errors import InvalidInputError, TransitionRefusedError
from casekit.lifecycle import (
    HISTORY,
    EventContext,
    State,
    StateCategory,
    Transition,
    Workflow,
    apply,
    check,
    open_case,
)
from casekit.people import CareTeam, CareTeamMember, CareTeamRole, CaseManager, Patient, PersonName
from casekit.rules import Reason

AT = pendulum.datetime(2025, 3, 3, 9, tz="UTC")
LATER = AT.add(hours=1)
PATIENT = Patient("pt-1", PersonName("Synthetic"), pendulum.date(1990, 1, 1))
SOFT = Reason.of("custom.soft")
HARD = Reason.of("custom.hard")


def _refuse(reason: Reason) -> Any:
    def guard(_case: Case, _context: EventContext) -> tuple[Reason, ...]:
        return (reason,)

    return guard


def _workflow(**guards: Any) -> Workflow[Case]:
    """Two states; "finish" runs the guards in the order given; only "soft" is overridable."""
    return Workflow(
        "pair",
        (
            State("open", StateCategory.ACTIVE, initial=True),
            State("done", StateCategory.DONE, final=True),
        ),
        (
            Transition(
                "finish",
                ("open",),
                "done",
                guards=tuple(guards),
                overridable=("soft",) if "soft" in guards else (),
            ),
        ),
        guards=guards,
    )


def _opened(workflow: Workflow[Case], **kwargs: Any) -> Case:
    return open_case(
        "c-1",
        patient=PATIENT,
        manager=CaseManager("cm-1"),
        model=CareModel.CLINICAL,
        at=AT,
        by="cm-1",
        workflow=workflow,
        **kwargs,
    )


def test_an_override_skips_only_the_overridable_guards():
    """Overriding the first guard still runs the ones after it: a hard guard still refuses."""
    workflow = _workflow(soft=_refuse(SOFT), hard=_refuse(HARD))
    case = _opened(workflow)

    reasons = check(case, "finish", at=LATER, by="cm-1", override_reason="x", workflow=workflow)

    assert reasons == (HARD,)


def test_a_refusing_guard_may_yield_its_reasons():
    """A guard written as a generator refuses with every reason it yields."""

    def hard(_case: Case, _context: EventContext) -> Iterator[Reason]:
        yield HARD
        yield SOFT

    workflow = _workflow(hard=hard)
    case = _opened(workflow)

    assert check(case, "finish", at=LATER, by="cm-1", workflow=workflow) == (HARD, SOFT)


def test_an_override_where_none_is_allowed_names_the_event():
    """The refusal's reason carries the event, for its message."""
    workflow = _workflow(hard=_refuse(HARD))
    case = _opened(workflow)

    reasons = check(case, "finish", at=LATER, by="cm-1", override_reason="x", workflow=workflow)

    assert reasons[0] == Reason.of("lifecycle.override_not_allowed", event="finish")
    assert reasons[1:] == (HARD,)


def test_a_refused_apply_carries_its_event_and_state():
    """TransitionRefusedError names the event asked for and the state the case was in."""
    workflow = _workflow(hard=_refuse(HARD))
    case = _opened(workflow)

    with pytest.raises(TransitionRefusedError) as caught:
        apply(case, "finish", at=LATER, by="cm-2", workflow=workflow)

    assert (caught.value.event, caught.value.state, caught.value.reasons) == (
        "finish",
        "open",
        (HARD,),
    )


def test_an_apply_records_who_acted_and_where_the_case_went():
    """A new actor is checked and recorded; the case moves to the transition's target."""
    workflow = _workflow()
    case = _opened(workflow)

    done = apply(case, "finish", at=LATER, by="cm-2", workflow=workflow)

    assert (done.state, done.history[-1].by, done.history[-1].to_state) == ("done", "cm-2", "done")
    with pytest.raises(InvalidInputError) as caught:
        apply(case, "finish", at=LATER, by="not an id", workflow=workflow)
    assert [p.path for p in caught.value.problems] == ["by"]


def test_open_case_keeps_the_care_team_it_is_given():
    """The team given to open_case is the case's team, and the opening event's."""
    team = CareTeam((CareTeamMember("rel-1", CareTeamRole.FAMILY),))
    workflow = _workflow()

    case = _opened(workflow, team=team)

    assert case.team == team
    assert case.history[0].payload.team == team  # type: ignore[union-attr]
    assert _opened(workflow).team == CareTeam()


def test_an_event_id_of_128_characters_is_taken_and_129_refused():
    """The identifier limit, to the character."""
    workflow = _workflow()
    case = _opened(workflow)

    taken = apply(case, "finish", at=LATER, by="cm-1", event_id="e" * 128, workflow=workflow)

    assert taken.history[-1].event_id == "e" * 128
    with pytest.raises(InvalidInputError) as caught:
        apply(case, "finish", at=LATER, by="cm-1", event_id="e" * 129, workflow=workflow)
    assert [p.path for p in caught.value.problems] == ["event_id"]


def _by_cm_2(_case: Case, context: EventContext) -> tuple[Reason, ...]:
    return (Reason.of("custom.by", who=context.by),) if context.by == "cm-2" else ()


def test_the_full_check_after_a_failing_guard_sees_the_same_actor():
    """When a guard refuses, the full check that lists every reason runs with the same actor."""
    workflow = _workflow(hard=_by_cm_2)
    case = _opened(workflow)

    with pytest.raises(TransitionRefusedError) as caught:
        apply(case, "finish", at=LATER, by="cm-2", workflow=workflow)

    assert caught.value.reasons == (Reason.of("custom.by", who="cm-2"),)


def test_an_overridden_apply_still_refused_names_event_state_and_actor():
    """With an override, the hard guard still refuses, seeing the actor; the error names the
    event and the state."""
    workflow = _workflow(soft=_refuse(SOFT), hard=_by_cm_2)
    case = _opened(workflow)

    with pytest.raises(TransitionRefusedError) as caught:
        apply(case, "finish", at=LATER, by="cm-2", override_reason="x", workflow=workflow)

    assert (caught.value.event, caught.value.state, caught.value.reasons) == (
        "finish",
        "open",
        (Reason.of("custom.by", who="cm-2"),),
    )


def test_guards_see_the_override_reason_in_the_full_check():
    """An overridden event's guards are told why."""
    seen: list[str | None] = []

    def hard(_case: Case, context: EventContext) -> tuple[Reason, ...]:
        seen.append(context.override_reason)
        return ()

    workflow = _workflow(soft=_refuse(SOFT), hard=hard)
    case = _opened(workflow)

    apply(case, "finish", at=LATER, by="cm-1", override_reason="family asked", workflow=workflow)

    assert seen == ["family asked"]


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
    workflow = _workflow()
    case = _opened(workflow)
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


def test_a_history_target_with_nowhere_to_return_names_the_event_and_state():
    """Resuming to the earlier state of a case that has never left its first one is refused
    with a reason naming the event and the state."""
    workflow = Workflow(
        "back",
        (
            State("open", StateCategory.ACTIVE, initial=True),
            State("done", StateCategory.DONE, final=True),
        ),
        (Transition("resume", ("open",), HISTORY), Transition("finish", ("open",), "done")),
    )
    case = _opened(workflow)

    reasons = check(case, "resume", at=LATER, by="cm-1", workflow=workflow)

    assert reasons == (Reason.of("lifecycle.no_history", event="resume", state="open"),)
