"""Deprecated: CCM exam eligibility moved to `casekit.ccm`.

This module is about the Certified Case Manager exam, not a member's eligibility for coverage,
so it was renamed. Importing it still works, with a `DeprecationWarning`, for one minor version.
"""

import warnings

from casekit.ccm import *  # noqa: F403  # the old module's names, from their new home
from casekit.ccm import __all__  # noqa: F401  # re-exported as they were

warnings.warn(
    "casekit.eligibility is deprecated: import casekit.ccm instead",
    DeprecationWarning,
    stacklevel=2,
)
