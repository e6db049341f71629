"""The model validator as the lifecycle's approve_plan guard."""

from __future__ import annotations

import inspect

import attrs
import pendulum
import pytest

from casekit.careplan import (
    INTENSIVE,
    STANDARD_MODELS,
    Model,
    build_clinical,
    examples,
    model_guard,
    plan_fits_model,
)
from casekit.case import CareModel, record_assessment, record_care_plan
from casekit.errors import TransitionRefusedError
from casekit.lifecycle import Workflow, apply, open_case, standard_guards
from casekit.lifecycle.standard import STANDARD
from casekit.people import CaseManager, Patient, PersonName

AT = examples.AT


def _with_model_guard() -> Workflow:
    # The standard workflow with careplan's own guard, which checks every plan, a plan that
    # names no model included (STANDARD checks the plans that name one).
    assert any(
        "plan_fits_model" in t.guards for t in STANDARD.transitions if t.event == "approve_plan"
    )
    transitions = STANDARD.transitions
    guards = {**standard_guards(), "plan_fits_model": plan_fits_model}
    return Workflow(
        "model-checked", STANDARD.states, transitions, guards=guards, deadlines=STANDARD.deadlines
    )


def _under(verb, workflow: Workflow) -> dict[str, Workflow]:
    # The trustworthy case record (#11) has record verbs take the case's workflow too.
    return {"workflow": workflow} if "workflow" in inspect.signature(verb).parameters else {}


def _record_plan(case, plan, workflow: Workflow):
    return record_care_plan(case, plan, at=AT, by="cm-1", **_under(record_care_plan, workflow))


def _planning(model: CareModel, workflow: Workflow):
    case = open_case(
        "case-1",
        patient=Patient("pt-1", PersonName("Synthetic"), pendulum.date(1970, 1, 1)),
        manager=CaseManager("cm-1"),
        model=model,
        at=AT,
        by="cm-1",
        workflow=workflow,
    )
    for event in ("start_screening", "accept"):
        case = apply(case, event, at=AT, by="cm-1", workflow=workflow)
    case = record_assessment(
        case, examples.ASSESSMENT, at=AT, by="cm-1", **_under(record_assessment, workflow)
    )
    return apply(case, "complete_assessment", at=AT, by="cm-1", workflow=workflow)


def test_approving_a_plan_that_breaks_the_cases_model_is_refused_with_its_reasons():
    """A clinical plan in a brokerage case: the manager may not deliver coordination."""
    workflow = _with_model_guard()
    case = _record_plan(
        _planning(CareModel.BROKERAGE, workflow), examples.built("clinical"), workflow
    )

    with pytest.raises(TransitionRefusedError) as refused:
        apply(case, "approve_plan", at=AT, by="cm-1", workflow=workflow)

    assert "careplan.manager_delivers_service" in {r.code for r in refused.value.reasons}


def test_approving_a_plan_that_meets_the_cases_model_passes_the_guard():
    """The plan the model's builder makes is approved."""
    workflow = _with_model_guard()
    case = _record_plan(
        _planning(CareModel.BROKERAGE, workflow), examples.built("brokerage"), workflow
    )

    assert apply(case, "approve_plan", at=AT, by="cm-1", workflow=workflow).state == "implementing"


def test_a_guard_over_an_applications_registry_uses_its_profiles():
    """model_guard(models) checks against the application's profile of the case's model."""
    strict = STANDARD_MODELS.register(
        Model(attrs.evolve(INTENSIVE, name="clinical"), build_clinical)
    )
    case = examples.monitored_case()

    assert model_guard()(case, None) == ()
    assert "careplan.not_accompanied" in {r.code for r in model_guard(strict)(case, None)}


def test_the_standard_workflow_holds_a_plan_to_the_model_it_names():
    """STANDARD's approve_plan checks a built plan against its model: a clinical plan in a
    brokerage case is refused with the model's reasons, and the override is recorded."""
    case = _record_plan(
        _planning(CareModel.BROKERAGE, STANDARD), examples.built("clinical"), STANDARD
    )

    with pytest.raises(TransitionRefusedError) as refused:
        apply(case, "approve_plan", at=AT, by="cm-1")
    overridden = apply(
        case, "approve_plan", at=AT, by="cm-1", override_reason="family asked for clinical care"
    )

    assert "careplan.manager_delivers_service" in {r.code for r in refused.value.reasons}
    assert overridden.history[-1].override_reason == "family asked for clinical care"


def test_the_standard_workflow_leaves_a_plan_without_a_model_to_the_structural_checks():
    """A hand-made plan that names no model is approved on its parts and links alone."""
    plan = attrs.evolve(examples.built("clinical"), model=None, contact_schedule=None)
    case = _record_plan(_planning(CareModel.BROKERAGE, STANDARD), plan, STANDARD)

    assert apply(case, "approve_plan", at=AT, by="cm-1").state == "implementing"
