"""The error tree: one base, built-in meanings kept, every problem listed."""

import pickle

import pytest

from casekit import (
    CaseKitError,
    InvalidDefinitionError,
    InvalidInputError,
    Problem,
    Reason,
    TransitionRefusedError,
    UnknownCodeError,
)


@pytest.mark.parametrize(
    ("error", "builtin"),
    [
        (InvalidInputError, ValueError),
        (InvalidDefinitionError, ValueError),
        (UnknownCodeError, LookupError),
        (TransitionRefusedError, Exception),
    ],
)
def test_every_error_is_a_casekit_error_and_keeps_its_builtin_meaning(error, builtin):
    """`except ValueError` and `except CaseKitError` both catch casekit's errors."""
    assert issubclass(error, CaseKitError)
    assert issubclass(error, builtin)


def test_invalid_input_lists_every_problem():
    """All problems are kept and rendered, one per line."""
    err = InvalidInputError(
        [Problem("a", "missing", "is required"), Problem("b[2].c", "type", "must be text")]
    )

    assert len(err.problems) == 2
    assert str(err) == "invalid input (2 problems):\n  a: is required\n  b[2].c: must be text"


def test_transition_refused_carries_event_state_and_reasons():
    """The refusal says which event, in which state, and why."""
    err = TransitionRefusedError("close", "monitoring", [Reason.of("x.y", n=1)])

    assert (err.event, err.state) == ("close", "monitoring")
    assert err.reasons == (Reason("x.y", (("n", 1),)),)
    assert "close" in str(err) and "monitoring" in str(err)


@pytest.mark.parametrize(
    "err",
    [
        InvalidInputError([Problem("a", "b", "c")]),
        InvalidDefinitionError([Problem("a", "b", "c")]),
        TransitionRefusedError("e", "s", [Reason("r")]),
        UnknownCodeError("CARC", "X1"),
    ],
)
def test_errors_survive_pickling(err):
    """Errors cross process boundaries (multiprocessing, Dask) intact."""
    again = pickle.loads(pickle.dumps(err))  # noqa: S301  # our own object, round trip

    assert type(again) is type(err)
    assert str(again) == str(err)


def test_reason_params_must_be_text_or_whole_numbers():
    """Reason parameters refuse floats and other objects."""
    with pytest.raises(InvalidInputError):
        Reason("x", (("amount", 1.5),))  # type: ignore[arg-type]


def test_reason_renders_unknown_codes_with_their_parameters():
    """A code missing from the catalogue still renders, as itself with its parameters."""
    assert Reason.of("no.such", n=2).message() == "no.such (n=2)"
    assert Reason.of("no.such").param("n", 5) == 5
