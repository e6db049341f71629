"""No personal data in the text the lifecycle writes: refusals, reasons and reprs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casekit.case import Contact, ContactMode, record_contact
from casekit.errors import TransitionRefusedError
from casekit.lifecycle import STANDARD, advance, apply, check
from casekit.lifecycle.examples import example_case

PERSONAL = "Zebedee Quixotic 1961-04-02"
"""A synthetic name and birth date, typed where an event name belongs."""


def _texts(error: TransitionRefusedError) -> str:
    params = " ".join(str(v) for r in error.reasons for _, v in r.params)
    return f"{error} {error.event} {params} {[r.message() for r in error.reasons]}"


@pytest.mark.parametrize("state", ["screening", "declined", "closed"])
def test_an_unknown_event_name_is_never_echoed(state: str) -> None:
    """apply(case, "<a name and a birth date>") shows neither, in any state."""
    case = example_case(state)
    at = case.history[-1].at
    with pytest.raises(TransitionRefusedError) as caught:
        apply(case, PERSONAL, at=at, by="cm-1")

    assert "Zebedee" not in _texts(caught.value)
    assert caught.value.event == "<unknown event>"
    reasons = check(case, PERSONAL, at=at, by="cm-1")
    assert all("Zebedee" not in str(v) for r in reasons for _, v in r.params)


KNOWN = frozenset(t.event for t in STANDARD.transitions)


@given(st.text(min_size=1, max_size=40).filter(lambda name: name not in KNOWN))
def test_no_unknown_event_name_appears_in_a_refusal(name: str) -> None:
    """Whatever a caller puts in the event's place, a refusal never shows it."""
    case = example_case("screening")
    with pytest.raises(TransitionRefusedError) as caught:
        apply(case, name, at=case.history[-1].at, by="cm-1")

    assert caught.value.event == "<unknown event>"
    assert all(name != v for r in caught.value.reasons for _, v in r.params)


def test_advance_does_not_echo_an_unknown_event_either() -> None:
    """The engine without a case refuses the same way."""
    from casekit.careplan import Goal
    from casekit.lifecycle import GOAL

    with pytest.raises(TransitionRefusedError) as caught:
        advance(Goal("g-1", "x"), PERSONAL, workflow=GOAL, at=example_case().opened_at, by="cm-1")
    assert "Zebedee" not in _texts(caught.value)


def test_reprs_show_no_override_reason_and_no_event_data_value() -> None:
    """repr(case) and repr(CaseEvent) name data fields, never their values or override text."""
    case = example_case("screening")
    at = case.history[-1].at
    case = apply(
        case,
        "decline",
        at=at,
        by="cm-1",
        data={"note": PERSONAL},
        override_reason=f"{PERSONAL} asked to stop",
    )
    call = Contact("ct-1", ContactMode.PHONE, at, 5, "cm-1")
    text = repr(case) + repr(case.history[-1]) + repr(call)

    assert "Zebedee" not in text
    assert "note=..." in repr(case.history[-1])


def test_a_data_name_that_is_not_a_field_name_is_hidden_in_a_repr() -> None:
    """A caller's key may itself be personal: the repr shows <key> instead."""
    case = example_case("referred")
    case = apply(case, "start_screening", at=case.history[-1].at, by="cm-1", data={"MBR-0001": 1})

    assert "MBR" not in repr(case.history[-1])
    assert record_contact is not None
