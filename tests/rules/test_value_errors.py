"""The kernel's values refuse bad fields, naming each problem's path, stable code and fix.

Applications match on ``code`` and show the message; each case pins the whole problem, so a
changed path, code or message is a deliberate change.
"""

from __future__ import annotations

from collections.abc import Callable

import pendulum
import pytest
from refusals import problems

from casekit.errors import InvalidInputError, Problem
from casekit.rules import DatedParameter, Evaluation, ParameterHistory, Reason, Trace

D = pendulum.date(2024, 1, 1)
REASON = Reason.of("custom.refused")


INPUT_ERRORS: list[tuple[str, Callable[[], object], list[tuple[str, str, str]]]] = [
    ("outcome passed", lambda: Evaluation("yes"), [("passed", "type", "must be True or False")]),  # type: ignore[arg-type]
    (
        "outcome reasons",
        lambda: Evaluation(False, [object()]),  # type: ignore[list-item]
        [("reasons", "type", "must be Reason objects")],
    ),
    (
        "outcome mismatch",
        lambda: Evaluation(True, [REASON]),
        [
            (
                "reasons",
                "reasons_mismatch",
                "give at least one reason when failed, and none when passed",
            )
        ],
    ),
    (
        "outcome trace",
        lambda: Evaluation(True, trace="t"),  # type: ignore[arg-type]
        [("trace", "type", "must be a Trace")],
    ),
    (
        "trace every field",
        lambda: Trace(1, "no", None, [("a", "b")], [1]),  # type: ignore[arg-type]
        [
            ("rule", "type", "must be text"),
            ("passed", "type", "must be True or False"),
            ("decisive", "type", "must be True or False"),
            ("inputs", "type", "must be a tuple of (name, text) pairs"),
            ("children", "type", "must be a tuple of Trace"),
        ],
    ),
    (
        "reason params",
        lambda: Reason("x", (("n", 1.5),)),  # type: ignore[arg-type]
        [("params", "type", "must be (name, text or int) pairs; pass amounts as strings")],
    ),
    (
        "dated parameter date",
        lambda: DatedParameter(pendulum.datetime(2024, 1, 1), 1),
        [("effective_from", "type", "must be a date, not a datetime")],
    ),
    (
        "dated parameter source",
        lambda: DatedParameter(D, 1, 7),  # type: ignore[arg-type]
        [("source", "type", "must be text (a citation or URL)")],
    ),
    (
        "history name",
        lambda: ParameterHistory(" ", (DatedParameter(D, 1),)),
        [("name", "type", "must be non-empty text")],
    ),
    (
        "history values text",
        lambda: ParameterHistory("x", "abc"),  # type: ignore[arg-type]
        [("values", "type", "must be a list of DatedParameter")],
    ),
    (
        "history values items",
        lambda: ParameterHistory("x", (1,)),  # type: ignore[arg-type]
        [("values", "type", "must be a list of DatedParameter")],
    ),
    (
        "history empty",
        lambda: ParameterHistory("x", ()),
        [("values", "empty", "needs at least one dated value")],
    ),
    (
        "history duplicate",
        lambda: ParameterHistory("x", (DatedParameter(D, 1), DatedParameter(D, 2))),
        [("values", "duplicate_date", "must not give two values in effect from the same date")],
    ),
    (
        "history on a datetime",
        lambda: ParameterHistory.of("x", {D: 1}).on(pendulum.datetime(2024, 2, 1)),
        [("on", "type", "must be a date, not a datetime")],
    ),
    (
        "history before first",
        lambda: ParameterHistory.of("x", {D: 1}).on(pendulum.date(2023, 1, 1)),
        [("on", "before_first_value", "is before the first value of x, in effect from 2024-01-01")],
    ),
]


@pytest.mark.parametrize(
    ("call", "expected"), [c[1:] for c in INPUT_ERRORS], ids=[c[0] for c in INPUT_ERRORS]
)
def test_invalid_input_names_every_problem_exactly(
    call: Callable[[], object], expected: list[tuple[str, str, str]]
) -> None:
    """Bad values for the kernel's types give each problem's path, code and message."""
    assert problems(call, InvalidInputError) == expected


def test_a_non_string_name_with_a_text_value_is_not_a_trace_input() -> None:
    """Trace inputs are (name, text) pairs: a number as name, or a triple, is refused."""
    for inputs in ((1, "a"),), (("a", 1),), (("a", "b", "c"),), ("ab",):
        with pytest.raises(InvalidInputError) as caught:
            Trace("r", True, True, inputs)  # type: ignore[arg-type]
        assert [p.path for p in caught.value.problems] == ["inputs"]


def test_children_must_be_a_tuple_not_a_list_of_traces() -> None:
    """A list of valid traces is still refused as children; only a tuple is kept."""
    with pytest.raises(InvalidInputError) as caught:
        Trace("r", True, True, (), [Trace("c", True)])  # type: ignore[arg-type]
    assert [p.path for p in caught.value.problems] == ["children"]
    with pytest.raises(InvalidInputError):
        Trace("r", True, True, [("a", "b")])  # type: ignore[arg-type]


def test_the_problem_type_is_the_public_named_tuple() -> None:
    """Problems compare equal to plain (path, code, message) tuples."""
    assert Problem("a", "b", "c") == ("a", "b", "c")
