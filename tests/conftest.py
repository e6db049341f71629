"""Test-wide settings: Hypothesis profiles and the slow tier.

The profile follows the environment (``tests/support/profiles.py``): ``dev`` locally, ``ci``
under ``CI=true``, ``thorough`` with ``CASEKIT_PROFILE=thorough``. Tests marked ``slow`` (the
constructor fuzz matrix) run in CI and thorough runs, and locally with ``CASEKIT_SLOW=1``.
"""

from __future__ import annotations

import pytest
from profiles import SLOW_TIER, register

register()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: long tests that CI runs; run them locally with CASEKIT_SLOW=1"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if SLOW_TIER:
        return
    slow = [item for item in items if "slow" in item.keywords]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if "slow" not in item.keywords]
