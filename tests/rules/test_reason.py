"""Reason: stable codes with parameters, rendered from the catalogue."""

from __future__ import annotations

import pytest

from casekit.errors import InvalidInputError
from casekit.rules import Reason


def test_a_reason_renders_its_english_sentence() -> None:
    """str() of a reason is its English message."""
    reason = Reason.of("rules.count_at_limit", fact="visits_used", limit=20)

    assert str(reason) == "visits_used has reached its limit of 20"


def test_a_parameter_may_be_called_code() -> None:
    """Reason.of takes the reason code positionally, so a parameter can be named code."""
    reason = Reason.of("rules.code_in_set", code="CPT|99213", fact="code", set="visits")

    assert reason.param("code") == "CPT|99213"
    assert reason.param("missing", "none") == "none"


@pytest.mark.parametrize("params", [(("a", 1.5),), (("a", True),), ((1, "x"),), ("ab",)])
def test_parameters_must_be_text_or_whole_numbers(params: object) -> None:
    """Floats, bools and malformed pairs are refused."""
    with pytest.raises(InvalidInputError):
        Reason("x", params)
