"""Each plan is compiled once and its compiled form is never given to another plan."""

from __future__ import annotations

from coverage_helpers import one_benefit_plan

from casekit.coverage import Benefit, _compiled


def test_a_plan_is_never_given_the_compiled_form_of_another_at_the_same_address() -> None:
    """The compiled-plan cache is keyed by object id; a recycled id must not return a stranger."""
    plan = one_benefit_plan(Benefit("b"))
    stranger = one_benefit_plan(Benefit("b"))
    _compiled._COMPILED[id(plan)] = (stranger, _compiled.Compiled(stranger))

    assert _compiled.compiled(plan).plan is plan
