"""Deprecated names: one warning, worded once, pointing at the line that used the old name."""

from __future__ import annotations

import warnings


def warn_renamed(old: str, new: str) -> None:
    """Warn that *old* is deprecated in favour of *new*; call it from a module ``__getattr__``.

    ``stacklevel=3`` names the caller of that ``__getattr__``; `warnings` itself skips the
    import system's frames of a ``from casekit.rules import Outcome``.

    Examples:
        >>> import warnings
        >>> with warnings.catch_warnings(record=True) as seen:
        ...     warnings.simplefilter("always")
        ...     warn_renamed("old_name", "new_name")
        >>> str(seen[0].message)
        'old_name is deprecated; use new_name. The old name goes in the next minor release.'
    """
    warnings.warn(
        f"{old} is deprecated; use {new}. The old name goes in the next minor release.",
        DeprecationWarning,
        stacklevel=3,
    )
