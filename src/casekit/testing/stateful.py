"""`workflow_test`: a Hypothesis stateful test for any workflow, yours included.

It drives a case through the workflow with random events, times, data and records, and after
every step checks the engine's invariants and yours:

* a refusal changes nothing, and `apply` refuses exactly when `check` gives reasons, the same
  reasons every time it is asked (guards read only the case and the event);
* the history replays to the same case (`casekit.lifecycle.replay`);
* effective times never go backwards;
* every state the case reaches has a way out unless it is final: some event, with the data and
  records its guards ask for, can leave it;
* each of *invariants* holds (a function of the case that returns False or raises to fail).

Examples:
    >>> from casekit.lifecycle import STANDARD
    >>> StandardWorkflowTest = workflow_test(STANDARD)
    >>> StandardWorkflowTest.__name__
    'StandardWorkflowTest'
"""

from __future__ import annotations

import datetime as dt
import unittest
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from hypothesis import settings as Settings  # noqa: N812  # the class, beside the argument
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from casekit.case import Case, EventValue
from casekit.errors import InvalidInputError, TransitionRefusedError
from casekit.lifecycle import Workflow, apply, check, replay
from casekit.testing import _reach
from casekit.testing import strategies as cks

__all__ = ["workflow_test"]

Invariant = Callable[[Case], object]


def _camel(text: str) -> str:
    words = "".join(c if c.isalnum() else " " for c in text).split()
    return "".join(w[:1].upper() + w[1:] for w in words) or "Custom"


def workflow_test(
    workflow: Workflow[Case],
    *,
    invariants: Iterable[Invariant] = (),
    event_data: Mapping[str, Mapping[str, EventValue]] | None = None,
    settings: Settings | None = None,
) -> type[unittest.TestCase]:
    """Return a `unittest.TestCase` class that tests *workflow* statefully with Hypothesis.

    Assign it in a test module (``TestMyWorkflow = workflow_test(MY_WORKFLOW)``); pytest and
    unittest collect it. It is a factory, not a base class: do not subclass it.

    Args:
        workflow: the workflow under test.
        invariants: functions of the case checked after every step; one fails the test by
            returning False or raising.
        event_data: data for your own guards, by event name (as in `strategies.cases`).
        settings: Hypothesis settings for the run (the active profile's by default).

    Raises:
        hypothesis.errors.InvalidArgument: for a workflow that is not one, or an invariant
            that is not callable.

    Examples:
        >>> from casekit.lifecycle import STANDARD
        >>> test = workflow_test(STANDARD, invariants=[lambda case: case.id])
        >>> issubclass(test, unittest.TestCase)
        True
    """
    if not isinstance(workflow, Workflow):
        raise InvalidArgument("workflow must be a casekit Workflow")
    checks = tuple(invariants)
    if not all(callable(f) for f in checks):
        raise InvalidArgument("invariants must be functions of the case")
    data = cks._event_data(event_data)  # noqa: SLF001  # own package
    machine = _machine(workflow, checks, data)
    test: type[unittest.TestCase] = machine.TestCase
    if settings is not None:
        test.settings = settings  # type: ignore[attr-defined]  # Hypothesis reads it here
    test.__name__ = test.__qualname__ = f"{_camel(workflow.id)}WorkflowTest"
    return test


_DATA_VALUES = st.sampled_from(
    sorted({k for fix in _reach.DATA_FIXES.values() for k in fix})
).flatmap(
    lambda key: st.tuples(
        st.just(key),
        st.sampled_from(
            sorted({str(v) for fix in _reach.DATA_FIXES.values() for v in fix.values()} | {"", "x"})
        ),
    )
)


def _machine(  # noqa: C901  # one machine: its rules and invariants belong together
    workflow: Workflow[Case],
    checks: tuple[Invariant, ...],
    data: dict[str, dict[str, EventValue]],
) -> type[RuleBasedStateMachine]:
    events = sorted({t.event for t in workflow.transitions} | {"no_such_event"})

    class WorkflowMachine(RuleBasedStateMachine):
        case: Case

        @initialize(drawn=st.data())
        def open(self, drawn: st.DataObject) -> None:
            self.case = drawn.draw(cks.cases(workflow=workflow, max_records=2, event_data=data))

        def _at(self, drawn: st.DataObject) -> dt.datetime:
            minutes = drawn.draw(st.integers(0, 60 * 24 * 3), label="minutes later")
            return self.case.history[-1].at + dt.timedelta(minutes=minutes)

        @rule(drawn=st.data())
        def send_any_event(self, drawn: st.DataObject) -> None:
            """Send an event as it comes, with random data: refused or applied."""
            event = drawn.draw(st.sampled_from(events), label="event")
            given = dict(drawn.draw(st.lists(_DATA_VALUES, max_size=3), label="data"))
            at, by = self._at(drawn), drawn.draw(cks.ids(), label="by")
            before = self.case
            first = check(before, event, at=at, by=by, data=given, workflow=workflow)
            again = check(before, event, at=at, by=by, data=given, workflow=workflow)
            assert first == again, (  # noqa: S101  # a test
                f"check gave different reasons for the same {event!r} in state "
                f"{before.state!r}: a guard depends on something other than the case and "
                f"the event ({_codes(first) or 'allowed'}, then {_codes(again) or 'allowed'})"
            )
            refusal: tuple[Any, ...] | None = None
            try:
                self.case = apply(before, event, at=at, by=by, data=given, workflow=workflow)
            except TransitionRefusedError as refused:
                refusal = refused.reasons
            got = () if refusal is None else refusal
            assert got == first, (  # noqa: S101  # a test
                f"apply {'allowed' if refusal is None else 'refused'} {event!r} "
                f"({_codes(got) or 'no reasons'}) where check said {_codes(first) or 'allowed'}: "
                "a guard depends on something other than the case and the event"
            )
            assert refusal is None or self.case is before, "a refusal changed the case"  # noqa: S101  # a test

        @precondition(lambda self: bool(workflow.events_from(self.case.state)))
        @rule(drawn=st.data())
        def take_a_way_out(self, drawn: st.DataObject) -> None:
            """Move on by an event the state offers, supplying what its guards ask for."""
            options = workflow.events_from(self.case.state)
            event = drawn.draw(st.sampled_from(options), label="event")
            moved = _reach.attempt(
                self.case,
                event,
                workflow=workflow,
                at=self._at(drawn),
                data=data.get(event),
                make=cks._drawn_maker(drawn.draw),  # noqa: SLF001  # own package
            )
            self.case = self.case if moved is None else moved

        @rule(drawn=st.data())
        def record_something(self, drawn: st.DataObject) -> None:
            """Record an assessment, contact, appointment, referral, outcome or plan."""
            record = drawn.draw(cks._records(), label="record")  # noqa: SLF001  # own package
            verb = cks._VERBS[type(record)]  # noqa: SLF001  # own package
            before = self.case
            try:
                self.case = verb(
                    self.case, record, at=self._at(drawn), by=before.manager.id, workflow=workflow
                )
            except (InvalidInputError, TransitionRefusedError):
                # A record the case refuses (a dangling link, a closed state) changes nothing.
                assert self.case is before  # noqa: S101  # a test

        @invariant()
        def history_replays(self) -> None:
            """replay(case.history) rebuilds the case."""
            assert replay(self.case.history, workflow=workflow) == self.case  # noqa: S101  # a test

        @invariant()
        def times_never_go_backwards(self) -> None:
            """Each event's effective time is at or after the one before."""
            times = [e.at for e in self.case.history]
            assert times == sorted(times), "effective times went backwards"  # noqa: S101  # a test

        @invariant()
        def guards_read_only_the_case_and_the_event(self) -> None:
            """Asking twice whether each event may happen now gives the same answer."""
            at, by = self.case.history[-1].at, self.case.manager.id
            for event in workflow.events_from(self.case.state):
                first = check(self.case, event, at=at, by=by, workflow=workflow)
                again = check(self.case, event, at=at, by=by, workflow=workflow)
                assert first == again, (  # noqa: S101  # a test
                    f"check gave different reasons for the same {event!r} in state "
                    f"{self.case.state!r}: a guard depends on something other than the case "
                    f"and the event ({_codes(first) or 'allowed'}, "
                    f"then {_codes(again) or 'allowed'})"
                )

        @invariant()
        def every_state_has_a_way_out(self) -> None:
            """A state that is not final lets some event leave it, given what guards ask."""
            state = workflow.state(self.case.state)
            if state.final:
                return
            at = self.case.history[-1].at
            for event in workflow.events_from(state.name):
                moved = _reach.attempt(
                    self.case, event, workflow=workflow, at=at, data=data.get(event)
                )
                if moved is not None:
                    return
            raise AssertionError(
                f"state {state.name!r} is not final, but no event can leave it: "
                f"{', '.join(workflow.events_from(state.name)) or 'none is defined'} "
                "all refused, even with the data and records their guards ask for"
            )

        @invariant()
        def users_invariants_hold(self) -> None:
            """Every invariant the test was given holds."""
            for each in checks:
                name = getattr(each, "__name__", repr(each))
                assert each(self.case) is not False, f"invariant {name} failed"  # noqa: S101  # a test

    return WorkflowMachine


def _codes(reasons: Iterable[Any]) -> str:
    return ", ".join(r.code for r in reasons)
