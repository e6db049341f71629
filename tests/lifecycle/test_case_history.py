"""What opening and moving a case records: the care team, the actor, the state entered from."""

from __future__ import annotations

import pytest
from lifecycle_scenarios import LATER, opened_under, pair_workflow

from casekit.errors import InvalidInputError
from casekit.lifecycle import State, Transition, Workflow, apply, entered_from
from casekit.people import CareTeam, CareTeamMember, CareTeamRole

from .helpers import opened, step


def test_open_case_keeps_the_care_team_it_is_given():
    """The team given to open_case is the case's team, and the opening event's."""
    team = CareTeam((CareTeamMember("rel-1", CareTeamRole.FAMILY),))
    workflow = pair_workflow()

    case = opened_under(workflow, team=team)

    assert case.team == team
    assert case.history[0].payload.team == team  # type: ignore[union-attr]
    assert opened_under(workflow).team == CareTeam()


def test_an_apply_records_who_acted_and_where_the_case_went():
    """A new actor is checked and recorded; the case moves to the transition's target."""
    workflow = pair_workflow()
    case = opened_under(workflow)

    done = apply(case, "finish", at=LATER, by="cm-2", workflow=workflow)

    assert (done.state, done.history[-1].by, done.history[-1].to_state) == ("done", "cm-2", "done")
    with pytest.raises(InvalidInputError) as caught:
        apply(case, "finish", at=LATER, by="not an id", workflow=workflow)
    assert [p.path for p in caught.value.problems] == ["by"]


def test_entered_from_skips_events_that_stay_in_the_state() -> None:
    """An event that keeps the state does not hide where the case came from."""
    wf = Workflow(
        "loop",
        [State("a", initial=True), State("b"), State("c", final=True)],
        [
            Transition("go", ["a"], "b"),
            Transition("touch", ["b"], "b"),
            Transition("end", ["b"], "c"),
        ],
    )
    case = step(step(opened(wf), "go", wf), "touch", wf)
    assert entered_from(case) == "a"
