"""Deprecated: use `casekit.coverage.sbc` (or `casekit.coverage.sbc_rounded`).

This module was named for where its function is used rather than for what it holds. It
stays importable, with the same function, until casekit 0.3.

Examples:
    >>> from casekit.coverage import presentation, sbc
    >>> presentation.sbc_rounded is sbc.sbc_rounded
    True
"""

from __future__ import annotations

from casekit.coverage.sbc import sbc_rounded

__all__ = ["sbc_rounded"]
