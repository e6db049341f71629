"""Test-wide settings: an opt-in Hypothesis profile for long fuzz runs.

Nothing changes unless ``CASEKIT_FUZZ=long`` is set, so Hypothesis's own profiles stay as
they are (its built-in ``ci`` profile still turns on under ``CI=true``). The long run::

    CASEKIT_FUZZ=long .venv/bin/python -m pytest -p no:cacheprovider tests/fuzz

``CASEKIT_FUZZ_EXAMPLES`` sets its size (default 2,000 examples per property before each
test's own scaling; see tests/fuzz/test_types.py).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

if os.environ.get("CASEKIT_FUZZ") == "long":
    settings.register_profile(
        "casekit-fuzz-long",
        max_examples=int(os.environ.get("CASEKIT_FUZZ_EXAMPLES", "2000")),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        print_blob=True,
    )
    settings.load_profile("casekit-fuzz-long")

if os.environ.get("CASEKIT_MUTATION") == "1":
    # scripts/mutation.sh: each surviving mutant reruns every property, so fewer examples
    # (tests that set their own count scale it with coverage_helpers.examples).
    settings.register_profile("casekit-mutation", max_examples=20, deadline=None)
    settings.load_profile("casekit-mutation")
