"""Catch a casekit refusal and return its problems, for tests that pin them exactly.

Each problem is the whole ``(path, code, message)``: callers match on the code and show the
message, so a test that pins all three makes any change to them a deliberate one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from casekit.errors import InvalidDefinitionError, InvalidInputError, Problem


def raised(
    call: Callable[[], object],
    error: type[InvalidInputError | InvalidDefinitionError] = InvalidInputError,
) -> tuple[Problem, ...]:
    """Return the problems of the *error* that ``call()`` raises (fail if it raises none)."""
    with pytest.raises(error) as caught:
        call()
    return caught.value.problems


def problems(
    call: Callable[[], object],
    error: type[InvalidInputError | InvalidDefinitionError] = InvalidInputError,
) -> list[tuple[str, str, str]]:
    """Return the problems of the *error* that ``call()`` raises, as plain tuples."""
    return [(p.path, p.code, p.message) for p in raised(call, error)]


def problems_of(build: Callable[..., object], kwargs: dict[str, Any]) -> tuple[Problem, ...]:
    """Return the problems of the InvalidInputError raised by ``build(**kwargs)``."""
    return raised(lambda: build(**kwargs))
