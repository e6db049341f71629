"""apply's fast test for approve_plan's guards says yes only where every guard passes."""

from __future__ import annotations

import attrs
import pendulum
from hypothesis import given, settings
from hypothesis import strategies as st
from profiles import examples

from casekit.careplan import PlanStatus
from casekit.lifecycle import STANDARD, EventContext, Transition, Workflow, apply
from casekit.lifecycle.examples import example_case
from casekit.lifecycle.standard import standard_guards
from casekit.testing import strategies as cks

AT = pendulum.datetime(2025, 3, 3, 9, tz="UTC")
ROUTE = STANDARD._routes["planning"]["approve_plan"]  # the compiled route


def _all_pass(case: object) -> bool:
    ctx = EventContext("approve_plan", "planning", AT, "cm-1", (), None)
    return all(not tuple(guard(case, ctx)) for _, guard, _ in ROUTE.guards)


@settings(max_examples=examples(200))
@given(plan=cks.care_plans(), linked=st.booleans())
def test_the_fast_test_passes_a_plan_only_when_every_approval_guard_does(plan, linked):
    """For any plan, the route's fast test implies that each of its guards passes."""
    if linked:
        goals = tuple(attrs.evolve(g, need_ids=g.need_ids or ("n-1",)) for g in plan.goals)
        plan = attrs.evolve(plan, goals=goals, model=None, status=PlanStatus.DRAFT)
    case = attrs.evolve(example_case("planning"), care_plans=(plan,))
    assert ROUTE.passes is not None
    if ROUTE.passes(case):
        assert _all_pass(case)


def test_the_fast_test_passes_the_example_plan_and_refuses_others():
    """The example's draft plan passes; a plan that names a model, an active or an unlinked
    one, and no plan, go to the guards."""
    case = example_case("planning")
    plan = case.latest_care_plan
    assert plan is not None
    assert ROUTE.passes is not None
    assert ROUTE.passes(case)
    for changed in (
        attrs.evolve(plan, model="clinical"),
        attrs.evolve(plan, status=PlanStatus.ACTIVE),
        attrs.evolve(plan, goals=(), interventions=()),
        attrs.evolve(plan, goals=(attrs.evolve(plan.goals[0], need_ids=()),)),
        attrs.evolve(plan, interventions=(attrs.evolve(plan.interventions[0], goal_ids=()),)),
    ):
        assert not ROUTE.passes(attrs.evolve(case, care_plans=(changed,)))
    assert not ROUTE.passes(attrs.evolve(case, care_plans=()))
    assert apply(case, "approve_plan", at=case.history[-1].at, by="cm-1").state == "implementing"


def test_a_route_with_other_guards_has_no_fast_test():
    """Guards in another order, or other guards, run one by one."""
    guards = standard_guards()
    workflow = Workflow(
        "mine",
        STANDARD.states,
        (
            *(t for t in STANDARD.transitions if t.event != "approve_plan"),
            Transition(
                "approve_plan",
                ("planning",),
                "implementing",
                guards=("plan_linked", "plan_approvable", "plan_fits_model"),
            ),
        ),
        guards=guards,
    )
    assert workflow._routes["planning"]["approve_plan"].passes is None
