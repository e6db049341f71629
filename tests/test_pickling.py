"""Every casekit value pickles and comes back equal, so it can travel between processes."""

from __future__ import annotations

import pickle
from decimal import Decimal
from typing import Any

import pendulum
import pytest
from coverage_helpers import examples, line, policy_for, usd
from hypothesis import HealthCheck, given, settings

from casekit.codes import Code, CodeSet, CodeSystem
from casekit.coverage import (
    Accumulators,
    Benefit,
    CostShare,
    Limit,
    Measure,
    MedicalNecessity,
    Plan,
    Tier,
    TierTerms,
    adjudicate,
)
from casekit.coverage._compiled import compiled
from casekit.errors import InvalidInputError, TransitionRefusedError, UnknownCodeError
from casekit.lifecycle import (
    STANDARD,
    State,
    StateCategory,
    Transition,
    Workflow,
    dump_workflow,
    load_workflow,
    standard_guards,
)
from casekit.rules import (
    Reason,
    age_between,
    all_of,
    any_of,
    code_in,
    count_below,
    flag,
    load_rules,
    not_,
    predicate,
)
from casekit.testing import strategies as cks

# Every strategy of a public casekit type, by name (json_values draws plain data, not ours).
STRATEGIES = sorted(name for name in cks.__all__ if name[0].islower() and name != "json_values")


def round_trip(value: Any) -> Any:
    return pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))  # noqa: S301  # our own bytes


@pytest.mark.parametrize("name", STRATEGIES)
def test_every_generated_value_pickles_and_comes_back_equal(name) -> None:
    """Each strategy's values survive a pickle round trip, equal and of the same type."""

    @settings(
        max_examples=examples(20),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(getattr(cks, name)())
    def check(value: Any) -> None:
        back = round_trip(value)
        assert type(back) is type(value)
        assert back == value

    check()


def screened(diagnoses: tuple[Code, ...]) -> bool:
    """A predicate's test: a module-level function pickles by name."""
    return bool(diagnoses)


def consented(_case: object, _context: object) -> tuple[Reason, ...]:
    """A workflow guard: a module-level function pickles by name."""
    return ()


OFFICE = CodeSet.of(CodeSystem.CPT, "99211-99215", name="office_visits")
DIAGNOSES = CodeSet.of(CodeSystem.ICD10CM, "M54.5", "I10", name="back_pain")


@pytest.mark.parametrize(
    "rule",
    [
        all_of(
            code_in(OFFICE),
            count_below(20, fact="visits_used"),
            any_of(not_(flag("auth_required")), flag("auth_on_file")),
            name="covered",
        ),
        age_between(at_least=18, at_most=64),
        predicate("screened", screened, reads=["diagnoses"], reason=Reason.of("rules.rule_held")),
        load_rules(
            {
                "all_of": [
                    {"flag": {"fact": "a"}},
                    {"code_in": {"set": "office_visits", "fact": "code"}},
                ]
            },
            code_sets=[OFFICE],
        ),
    ],
    ids=["combinators", "age", "predicate", "loaded"],
)
def test_rules_pickle_as_what_they_were_built_from_and_still_run(rule) -> None:
    """A rule comes back equal, compiled again, and gives the same evaluation."""
    facts = {
        "code": Code(CodeSystem.CPT, "99213"),
        "visits_used": 3,
        "auth_required": True,
        "auth_on_file": False,
        "age": 30,
        "diagnoses": (),
        "a": True,
    }
    back = round_trip(rule)
    assert back == rule
    wanted = {name: facts[name] for name in facts}
    assert back.evaluate(wanted) == rule.evaluate(wanted)


def test_a_workflow_with_module_level_guards_pickles() -> None:
    """A workflow whose guards are module-level functions comes back equal, guards and all."""
    custom = Workflow(
        "home-care",
        [
            State("intake", StateCategory.PENDING, initial=True),
            State("discharged", StateCategory.DONE, final=True),
        ],
        [Transition("discharge", ["intake"], "discharged", guards=["consented"])],
        guards={"consented": consented},
    )
    back = round_trip(custom)
    assert back == custom
    assert back.guards == custom.guards


def test_the_standard_workflow_travels_by_cloudpickle_or_its_data_form() -> None:
    """Its guards are built from the application's settings (closures): Dask's cloudpickle
    carries them, and the data form plus `standard_guards` rebuilds the same workflow."""
    cloudpickle = pytest.importorskip("cloudpickle")
    form = dump_workflow(STANDARD)
    back = pickle.loads(cloudpickle.dumps(STANDARD))  # noqa: S301  # our own bytes
    rebuilt = load_workflow(form, guards=standard_guards())
    for workflow in (back, rebuilt):  # closures compare by identity: compare forms and names
        assert dump_workflow(workflow) == form
        assert [name for name, _ in workflow.guards] == [name for name, _ in STANDARD.guards]


PLAN = Plan(
    "picklable",
    tiers=[TierTerms(Tier.IN, deductible=usd("100"), out_of_pocket_max=usd("1000"))],
    benefits=[
        Benefit(
            "therapy",
            codes=OFFICE,
            cost_shares=[CostShare(coinsurance=Decimal("0.2"))],
            limits=[Limit(Measure.VISITS, 2)],
            medical_necessity=MedicalNecessity(diagnoses=DIAGNOSES, min_age=18),
        ),
    ],
)


def test_compiled_plans_and_decisions_that_refer_to_them_pickle() -> None:
    """A compiled plan, and decisions whose traces are built from it, come back working."""
    policy = policy_for(PLAN, birth_date=pendulum.date(1980, 1, 1))
    lines = [line(n, "80", diagnoses=(Code(CodeSystem.ICD10CM, "I10"),)) for n in (1, 2, 3)]
    result = adjudicate(policy, lines, accumulators=Accumulators.empty())
    back = round_trip(result)
    assert back == result
    assert [d.trace.render() for d in back.decisions] == [
        d.trace.render() for d in result.decisions
    ]
    plan = round_trip(compiled(PLAN))
    assert plan.match(Code(CodeSystem.CPT, "99213"), pendulum.date(2025, 2, 1), None, None).id == (
        "therapy"
    )


@pytest.mark.parametrize(
    "error",
    [
        InvalidInputError.one("lines[3].units", "positive_int", "must be a whole number ≥ 1"),
        UnknownCodeError("CPT", "00000", "is not in the catalogue"),
        TransitionRefusedError("close", "active", [Reason.of("rules.rule_held", rule="x")]),
    ],
)
def test_errors_pickle_with_their_problems(error) -> None:
    """Errors cross processes (a Dask worker raising) with their problems intact."""
    back = round_trip(error)
    assert type(back) is type(error)
    assert str(back) == str(error)
