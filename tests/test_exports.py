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


@pytest.mark.parametrize(
    ("module", "old", "new"),
    [
        ("casekit", "Outcome", "Evaluation"),
        ("casekit.rules", "Outcome", "Evaluation"),
    ],
)
def test_a_renamed_class_is_served_under_its_old_name_with_a_warning(module, old, new):
    """The rule kernel's Outcome is now Evaluation; the old name warns and is the same class."""
    mod = importlib.import_module(module)

    with pytest.warns(DeprecationWarning, match=f"{module}.{old} is deprecated; use {module}"):
        served = getattr(mod, old)

    assert served is getattr(mod, new)
    assert old not in mod.__all__
    with pytest.raises(AttributeError):
        mod.NoSuchName  # noqa: B018  # the attribute access is the test


def test_the_rule_node_budget_is_served_from_casekit_limits_with_a_warning():
    """casekit.rules.MAX_NODES is the nodes field of the budget in force."""
    import casekit.rules
    from casekit import limits

    with limits.using(nodes=123), pytest.warns(DeprecationWarning, match="MAX_NODES"):
        assert casekit.rules.MAX_NODES == 123


def test_the_workflow_loader_pair_keeps_its_old_names_with_a_warning():
    """workflow_from_dict and workflow_to_dict warn and do what load_ and dump_workflow do."""
    from casekit.lifecycle import (
        STANDARD,
        dump_workflow,
        load_workflow,
        workflow_from_dict,
        workflow_to_dict,
    )

    with pytest.warns(DeprecationWarning, match="use casekit.lifecycle.dump_workflow"):
        data = workflow_to_dict(STANDARD)
    with pytest.warns(DeprecationWarning, match="use casekit.lifecycle.load_workflow"):
        again = workflow_from_dict(data, guards=dict(STANDARD.guards))

    assert data == dump_workflow(STANDARD)
    assert again == load_workflow(data, guards=dict(STANDARD.guards)) == STANDARD
