"""casekit.testing's public names: sorted, complete, and importable as documented."""

from __future__ import annotations

import importlib
import inspect

import pytest

MODULES = [
    "casekit.testing",
    "casekit.testing.assertions",
    "casekit.testing.examples",
    "casekit.testing.stateful",
    "casekit.testing.strategies",
]


def _isort_key(name: str) -> tuple[int, str]:
    # As ruff's RUF022 sorts: CONSTANTS, then Classes, then functions.
    kind = 0 if name.isupper() else 1 if name[:1].isupper() else 2
    return (kind, name)


@pytest.mark.parametrize("name", MODULES)
def test_each_all_is_sorted_and_names_what_the_module_defines(name):
    """Every public function and class a testing module defines is in its sorted __all__."""
    module = importlib.import_module(name)
    defined = {
        attr
        for attr, obj in vars(module).items()
        if not attr.startswith("_")
        and (inspect.isfunction(obj) or inspect.isclass(obj) or hasattr(obj, "cache_info"))
        and getattr(obj, "__module__", None) == name
    }

    assert module.__all__ == sorted(module.__all__, key=_isort_key)
    assert defined <= set(module.__all__)
    assert all(getattr(module, attr) is not None for attr in module.__all__)


def test_unknown_names_are_attribute_errors():
    """casekit.testing's lazy lookup refuses names it does not have."""
    import casekit.testing

    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        casekit.testing.nothing  # noqa: B018  # the lookup is the test
