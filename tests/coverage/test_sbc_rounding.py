"""Amounts shown on a Summary of Benefits and Coverage are rounded as the SBC rules say."""

from __future__ import annotations

import pytest
from coverage_helpers import usd

from casekit.coverage.presentation import sbc_rounded


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        ("94.99", "90"),
        ("95", "100"),
        ("25", "30"),
        ("15", "20"),
        ("250", "300"),
        ("150", "200"),
        ("-25", "-30"),
        ("1925.00", "1900"),
    ],
)
def test_sbc_rounding_goes_to_tens_under_100_and_rounds_halves_up(amount: str, shown: str) -> None:
    """Under $100 to the nearest $10, else to the nearest $100; halves away from zero."""

    assert sbc_rounded(usd(amount)) == usd(shown)
