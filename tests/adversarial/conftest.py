"""Fixtures the adversarial tests share."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from casekit import limits


@pytest.fixture(scope="module")
def units_past_any_line() -> Iterator[None]:
    """Raise the units_per_line budget to the most units a line can hold (2**53 - 1) for a
    module whose lines pass the default budget on purpose: it shows the work stays bounded
    for an application that raises the budget. Module-scoped, so Hypothesis tests may use it.
    """
    with limits.using(units_per_line=2**53 - 1):
        yield
