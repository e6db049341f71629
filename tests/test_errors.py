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
    limits,
)
from casekit.errors import UNKNOWN_KEY


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


def test_unknown_code_error_pickles_with_its_hint():
    """The hint that says how to fix an unknown code survives pickling."""
    err = UnknownCodeError("locale", "xx", "known: en, fr")

    again = pickle.loads(pickle.dumps(err))  # noqa: S301  # our own object, round trip

    assert (again.system, again.code, again.hint) == ("locale", "xx", "known: en, fr")
    assert str(again) == "unknown code 'xx' in 'locale'; known: en, fr"


def test_an_unknown_key_is_the_same_problem_in_every_loader():
    """A rule document, a plan and a workflow name a misspelt key with one code and message."""
    from casekit.coverage import load_plan
    from casekit.lifecycle import load_workflow
    from casekit.rules import load_rules

    loads = [
        lambda: load_rules({"flag": {"fact": "f", "fcat": "g"}}),
        lambda: load_plan({"id": "p", "tiers": [], "benefits": [], "fcat": 1}),
        lambda: load_workflow({"id": "w", "states": [], "transitions": [], "fcat": 1}),
    ]
    found = []
    for load in loads:
        with pytest.raises(CaseKitError) as caught:
            load()
        found += [(p.code, p.message) for p in caught.value.problems if p.path.endswith("fcat")]

    assert found == [("unknown_key", UNKNOWN_KEY)] * 3
    assert Problem.unknown_key("a.fcat") == ("a.fcat", "unknown_key", UNKNOWN_KEY)


def test_past_the_budget_an_error_lists_the_first_problems_and_counts_the_rest():
    """The problems past the budget become one too_many_problems problem at $ with the count."""
    with limits.using(problems=2):
        capped = InvalidDefinitionError(Problem(f"s[{i}]", "x", "is wrong") for i in range(3))
        exact = InvalidDefinitionError(Problem(f"s[{i}]", "x", "is wrong") for i in range(2))

    assert capped.total == 3
    assert capped.problems[2] == (
        "$",
        "too_many_problems",
        "and 1 more problem not listed; fix these first",
    )
    assert str(capped).startswith("invalid definition (3 problems):\n  s[0]: is wrong")
    assert (exact.total, len(exact.problems)) == (2, 2)
