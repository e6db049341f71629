"""workflow_test: the stateful checker passes sound workflows and finds planted defects."""

from __future__ import annotations

import itertools
import unittest

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis.errors import InvalidArgument
from profiles import examples

from casekit.case import Case
from casekit.lifecycle import STANDARD, EventContext, State, Transition, Workflow
from casekit.rules import Reason
from casekit.testing import workflow_test

QUICK = settings(
    max_examples=examples(30),
    stateful_step_count=8,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
# Runs expected to fail: finding the defect is the point, not shrinking it to a minimum.
FINDING = settings(QUICK, phases=[Phase.explicit, Phase.generate])

# casekit's own suite runs the checker over the standard workflow, as a user would.
TestStandardWorkflow = workflow_test(
    STANDARD,
    invariants=[lambda case: case.history[0].name == "opened"],
    settings=settings(QUICK, max_examples=examples(100), stateful_step_count=12),
)


def _never(case: Case, context: EventContext) -> tuple[Reason, ...]:
    del case, context
    return (Reason.of("lifecycle.eligible_cannot_decline"),)


def _failures(test: type[unittest.TestCase]) -> str:
    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(test).run(result)
    return "\n".join(text for _, text in result.failures + result.errors)


def test_a_state_with_no_way_out_is_found():
    """A state whose only exit is always refused fails the way-out invariant, naming it."""
    trap: Workflow[Case] = Workflow(
        "trap",
        [State("new", initial=True), State("stuck"), State("done", final=True)],
        [
            Transition("start", ["new"], "stuck"),
            Transition("finish", ["stuck"], "done", guards=["never"]),
        ],
        guards={"never": _never},
    )

    found = _failures(workflow_test(trap, settings=FINDING))

    assert "state 'stuck' is not final, but no event can leave it" in found


def test_a_guard_that_reads_something_besides_the_case_is_found():
    """A guard whose answer changes between two identical checks is caught."""
    calls = itertools.count()

    def flaky(case: Case, context: EventContext) -> tuple[Reason, ...]:
        del case, context
        return () if next(calls) % 2 else (Reason.of("lifecycle.eligible_cannot_decline"),)

    moody: Workflow[Case] = Workflow(
        "moody",
        [State("new", initial=True), State("done", final=True)],
        [
            Transition("finish", ["new"], "done", guards=["flaky"]),
            Transition("cancel", ["new"], "done"),
        ],
        guards={"flaky": flaky},
    )

    found = _failures(workflow_test(moody, settings=FINDING))

    assert "depends on something other than the case" in found


def test_a_users_invariant_that_breaks_fails_the_test():
    """An invariant returning False fails the run, named in the message."""

    def never_screened(case: Case) -> bool:
        return all(e.name != "start_screening" for e in case.history)

    found = _failures(workflow_test(STANDARD, invariants=[never_screened], settings=FINDING))

    assert "invariant never_screened failed" in found


def test_the_test_class_is_named_after_the_workflow():
    """The class is a TestCase named after the workflow's id."""
    test = workflow_test(STANDARD)

    assert issubclass(test, unittest.TestCase)
    assert test.__name__ == "StandardWorkflowTest"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"workflow": "standard"}, "workflow must be"),
        ({"workflow": STANDARD, "invariants": [1]}, "invariants must be"),
        ({"workflow": STANDARD, "event_data": {"close": 1}}, "event_data"),
    ],
    ids=["workflow", "invariants", "event_data"],
)
def test_bad_arguments_raise_invalid_argument(kwargs, message):
    """workflow_test checks its arguments when called."""
    with pytest.raises(InvalidArgument, match=message):
        workflow_test(**kwargs)
