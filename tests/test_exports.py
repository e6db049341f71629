"""The public surface: every __all__ is sorted, complete and importable."""

import importlib
import inspect

import pytest
from surface import public_modules

import casekit

PUBLIC_MODULES = public_modules()


def isort_key(name: str) -> tuple[int, str]:
    """ruff's RUF022 order: CONSTANTS, then Classes, then functions, each alphabetical."""
    if name.isupper() and len(name) > 1:
        return (0, name)
    return (1, name) if name[0].isupper() else (2, name)


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_all_is_sorted_and_names_real_objects(name):
    """Each public module's __all__ is sorted and every name in it exists."""
    module = importlib.import_module(name)
    exported = getattr(module, "__all__", None)

    assert exported is not None, f"{name} has no __all__"
    assert list(exported) == sorted(exported, key=isort_key)
    assert [n for n in exported if not hasattr(module, n)] == []


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_all_lists_every_public_class_and_function_defined_here(name):
    """Nothing public defined in a module is left out of its __all__."""
    module = importlib.import_module(name)
    defined = {
        n
        for n, obj in vars(module).items()
        if not n.startswith("_")
        and (inspect.isclass(obj) or inspect.isfunction(obj))
        and getattr(obj, "__module__", "") == name
    }

    assert sorted(defined - set(module.__all__)) == []


def test_version_is_served_from_the_package_metadata():
    """casekit.__version__ works without importing anything heavy."""
    assert casekit.__version__ == "0.1.0"
    with pytest.raises(AttributeError):
        casekit.no_such_name  # noqa: B018  # the attribute access is the test
