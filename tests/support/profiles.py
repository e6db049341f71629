"""Hypothesis profiles for casekit's own suite, and the example counts that follow them.

* ``dev`` (the default on a developer's machine): a tenth of the examples, for a quick loop.
* ``ci`` (chosen under ``CI=true``, as ``.ci/run`` runs in CI): the suite's full counts.
* ``thorough`` (``CASEKIT_PROFILE=thorough``): ten times the counts and no deadline; long.
* ``mutation`` (``CASEKIT_MUTATION=1``, set by ``scripts/mutation.sh``): a fifth of the counts,
  since every surviving mutant reruns every property.

``CASEKIT_PROFILE`` chooses one by name. Tests that set their own ``max_examples`` pass it
through `examples`, so every count follows the profile.
"""

from __future__ import annotations

import os
from typing import Final

from hypothesis import HealthCheck, settings

_SCALE: Final = {"dev": 0.1, "ci": 1.0, "thorough": 10.0, "mutation": 0.2}


def _chosen() -> str:
    named = os.environ.get("CASEKIT_PROFILE")
    if named:
        if named not in _SCALE:
            raise RuntimeError(f"CASEKIT_PROFILE must be one of {', '.join(_SCALE)}")
        return named
    if os.environ.get("CASEKIT_MUTATION") == "1":
        return "mutation"
    return "ci" if os.environ.get("CI", "").lower() in {"1", "true", "yes"} else "dev"


PROFILE: Final = _chosen()
"""The profile this run uses."""

SLOW_TIER: Final = PROFILE in {"ci", "thorough"} or os.environ.get("CASEKIT_SLOW") == "1"
"""Whether tests marked ``slow`` run: always in CI and thorough runs, opt-in locally."""


def examples(n: int) -> int:
    """Return *n* examples scaled to this run's profile (at least 5)."""
    return max(int(n * _SCALE[PROFILE]), 5)


def register() -> None:
    """Register the profiles with Hypothesis and load the chosen one."""
    settings.register_profile("dev", max_examples=examples(100), deadline=None)
    settings.register_profile("ci", max_examples=100, deadline=None, print_blob=True)
    settings.register_profile(
        "thorough",
        max_examples=examples(100),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        print_blob=True,
    )
    settings.register_profile("mutation", max_examples=examples(100), deadline=None)
    settings.load_profile(PROFILE)
