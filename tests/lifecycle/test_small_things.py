"""Small things a user met: a guard's wrong result is named, applications register their own
messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from casekit import i18n
from casekit.case import CareModel, Case
from casekit.errors import InvalidDefinitionError, InvalidInputError
from casekit.lifecycle import EventContext, State, Transition, Workflow, apply, check, open_case
from casekit.people import CaseManager
from casekit.rules import Reason

from .helpers import AT, patient


def _case_with_guard(guard: Callable[[Case, EventContext], Any]) -> tuple[Case, Workflow[Case]]:
    wf: Workflow[Case] = Workflow(
        "probe-wf",
        [State("a", initial=True), State("z", final=True)],
        [Transition("go", ["a"], "z", guards=["probe"])],
        guards={"probe": guard},
    )
    case = open_case(
        "c-1",
        patient=patient(),
        manager=CaseManager("cm-1"),
        model=CareModel.CLINICAL,
        at=AT,
        by="cm-1",
        workflow=wf,
    )
    return case, wf


@pytest.mark.parametrize("result", [None, 3, "lifecycle.x", ["not a reason"]])
def test_a_guard_returning_something_else_than_reasons_is_named(result: object) -> None:
    """The issue's snippet: a guard returning None no longer dies with a bare TypeError."""
    case, wf = _case_with_guard(lambda _c, _x: result)
    for verb in (apply, check):
        with pytest.raises(InvalidDefinitionError) as caught:
            verb(case, "go", at=AT, by="cm-1", workflow=wf)
        assert [(p.path, p.code) for p in caught.value.problems] == [
            ("guards.probe", "guard_result")
        ]


def test_a_guard_may_return_a_list_or_a_generator_of_reasons() -> None:
    """Any iterable of Reasons is a guard's answer."""
    case, wf = _case_with_guard(lambda _c, _x: [Reason.of("probe.no")])
    assert [r.code for r in check(case, "go", at=AT, by="cm-1", workflow=wf)] == ["probe.no"]
    case, wf = _case_with_guard(lambda _c, _x: (r for r in ()))
    assert apply(case, "go", at=AT, by="cm-1", workflow=wf).state == "z"


def test_an_application_registers_its_own_messages() -> None:
    """register_messages adds a locale's sentences for the application's codes."""
    i18n.register_messages("pt-BR", {"probe.too_young": "menor de {age} anos"})
    i18n.register_messages("en", {"probe.too_young": "under {age}"})

    reason = Reason.of("probe.too_young", age=18)
    assert reason.message() == "under 18"
    assert i18n.render("probe.too_young", reason.params, locale="pt-BR") == "menor de 18 anos"
    assert "pt-BR" in i18n.locales()


@pytest.mark.parametrize(
    ("locale", "messages", "problem"),
    [
        (
            "en",
            {"lifecycle.reason_missing": "x"},
            ("messages.lifecycle_reason_missing", "reserved"),
        ),
        ("en", {"rules.anything_new": "x"}, ("messages.rules_anything_new", "reserved")),
        ("en", {"NoDots": "x"}, ("messages.NoDots", "code")),
        ("en", {"probe.ok": "{0}"}, ("messages.probe_ok", "template")),
        ("en", {"probe.ok": "{"}, ("messages.probe_ok", "template")),
        ("en", {"probe.ok": "a\x07"}, ("messages.probe_ok", "control_character")),
        ("en", {"probe.ok": 3}, ("messages.probe_ok", "type")),
        ("en", {"probe.ok": " "}, ("messages.probe_ok", "type")),
        ("x", {"probe.ok": "fine"}, ("locale", "locale")),
        ("en", ["probe.ok"], ("messages", "type")),
    ],
)
def test_register_messages_refuses_casekits_codes_and_bad_templates(
    locale: str, messages: Any, problem: tuple[str, str]
) -> None:
    """casekit's own codes stay casekit's; nothing is registered when anything is wrong."""
    before = {k: dict(v) for k, v in i18n.CATALOGUES.items()}
    with pytest.raises(InvalidInputError) as caught:
        i18n.register_messages(locale, messages)

    assert [(p.path, p.code) for p in caught.value.problems] == [problem]
    assert {k: dict(v) for k, v in i18n.CATALOGUES.items()} == before
