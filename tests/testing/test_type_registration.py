"""st.from_type knows every public casekit type, through Hypothesis's entry point."""

from __future__ import annotations

import importlib
import inspect
import sys
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from profiles import examples
from world import public_modules

from casekit.lifecycle import Workflow
from casekit.money import Money
from casekit.rules import DatedParameter, ParameterHistory
from casekit.serialization import from_json, to_json
from casekit.testing import _hypothesis_hooks
from casekit.testing import strategies as cks


def _public_classes() -> list[type]:
    found: dict[type, None] = {}
    for name in public_modules():
        module = importlib.import_module(name)
        for attr in getattr(module, "__all__", ()):
            obj = getattr(module, attr)
            if inspect.isclass(obj):
                found[obj] = None
    return sorted(found, key=lambda c: (c.__module__, c.__qualname__))


CLASSES = _public_classes()
# Values that are not data: a workflow holds Python guards, so it has no JSON form.
NOT_JSON = {Workflow}
# Generic classes are read with the parameter they are drawn with.
READ_AS: dict[type, Any] = {
    DatedParameter: DatedParameter[Money],
    ParameterHistory: ParameterHistory[Money],
}


def _id(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


@pytest.mark.parametrize("cls", CLASSES, ids=_id)
def test_from_type_draws_every_public_class(cls):
    """st.from_type(cls) draws instances of cls; attrs values also round-trip through JSON."""

    @settings(
        max_examples=examples(10),
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(st.from_type(cls))
    def run(value):
        assert _is_protocol(cls) or isinstance(value, cls)
        if attrs.has(type(value)) and type(value) not in NOT_JSON:
            attrs.validate(value)
            assert from_json(to_json(value), READ_AS.get(cls, type(value))) == value

    run()


def _is_protocol(cls: type) -> bool:
    return bool(getattr(cls, "_is_protocol", False))


def test_registration_covers_the_hooks_table_and_the_core_types():
    """The entry point registers Case, Money, Plan and the rest of the table."""
    table = _hypothesis_hooks.type_strategies()

    import casekit

    exported = {getattr(casekit, n) for n in casekit.__all__}
    assert {c for c in exported if inspect.isclass(c) and attrs.has(c)} <= set(table)


def test_registering_again_is_harmless():
    """register_type_strategies may run twice (the entry point, then a user's conftest)."""
    _hypothesis_hooks.register_type_strategies()
    _hypothesis_hooks._register()

    @settings(max_examples=1, database=None)
    @given(st.from_type(importlib.import_module("casekit").Money))
    def run(value):
        assert value.currency

    run()


def test_registration_waits_while_the_strategies_module_is_half_built(monkeypatch):
    """If importing the strategies is what imports Hypothesis, registration runs at its end."""
    import types

    partial = types.ModuleType("casekit.testing.strategies")
    monkeypatch.setitem(sys.modules, "casekit.testing.strategies", partial)
    _hypothesis_hooks._register()

    assert _hypothesis_hooks._pending == [True]

    monkeypatch.undo()
    _hypothesis_hooks.finish_pending()

    assert _hypothesis_hooks._pending == []


def test_importing_the_strategies_first_still_registers_every_type():
    """A fresh interpreter that imports casekit.testing.strategies first can from_type(Plan)."""
    import subprocess

    code = (
        "import casekit.testing.strategies\n"
        "from hypothesis import given, settings, strategies as st\n"
        "import casekit\n"
        "@settings(max_examples=2, database=None)\n"
        "@given(st.from_type(casekit.Plan))\n"
        "def t(p): assert isinstance(p, casekit.Plan)\n"
        "t()\n"
    )

    done = subprocess.run(  # noqa: S603  # our own interpreter and code
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )

    assert done.returncode == 0, done.stderr


def test_synthetic_authorizations_on_file_authorize_their_codes():
    """from_type(Authorizing) draws objects that answer authorizes() for their own codes."""
    from casekit.rules import Authorizing

    @settings(max_examples=5, database=None)
    @given(st.from_type(Authorizing), cks.codes())
    def run(on_file, code):
        assert on_file.authorizes(code, on=None) == (str(code) in on_file.codes)

    run()
