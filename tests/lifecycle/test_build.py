"""apply builds its event and its moved case unchecked: the result is what the constructors make."""

from __future__ import annotations

import attrs
import pytest

from casekit._unchecked import field_names
from casekit.case import Case, CaseEvent
from casekit.lifecycle import apply
from casekit.lifecycle.examples import example_case


def test_apply_builds_the_event_and_the_case_its_constructors_would():
    """Every field of the new event and case is set, to what the checked constructors give."""
    case = example_case("planning")
    at = case.history[-1].at.add(hours=1)

    moved = apply(case, "approve_plan", at=at, by="cm-1", override_reason=None)
    event = moved.history[-1]

    assert type(moved) is Case and type(event) is CaseEvent
    assert [getattr(event, n) for n in field_names(CaseEvent)] == [
        len(case.history) + 1,
        f"{case.id}.{len(case.history) + 1}",
        "approve_plan",
        "planning",
        "implementing",
        at,
        at,
        "cm-1",
        (),
        None,
        None,
    ]
    expected = CaseEvent(
        event.seq, event.event_id, "approve_plan", "planning", "implementing", at, at, "cm-1"
    )
    assert event == expected
    assert moved == attrs.evolve(case, state="implementing", history=(*case.history, expected))
    assert moved._index is case._index  # shared along the line of cases


def test_what_apply_builds_stays_frozen():
    """The writable twins are only a way to build: the results refuse changes as usual."""
    case = example_case("planning")
    moved = apply(case, "approve_plan", at=case.history[-1].at, by="cm-1")

    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        moved.state = "closed"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        moved.history[-1].name = "close"  # type: ignore[misc]
