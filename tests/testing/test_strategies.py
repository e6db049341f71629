"""The shipped strategies: valid values of every type, round trips, reachable states, options."""

from __future__ import annotations

import importlib
import sys

import attrs
import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from profiles import examples

from casekit.case import Case, Referral, ReferralStatus, add_referral
from casekit.coverage import Accumulators, adjudicate, dump_plan, load_plan
from casekit.lifecycle import (
    STANDARD,
    Workflow,
    check,
    dump_workflow,
    load_workflow,
    replay,
)
from casekit.lifecycle.standard import STANDARD_STATES
from casekit.serialization import from_json, to_json
from casekit.testing import _reach
from casekit.testing import strategies as cks

SLOW = settings(
    max_examples=examples(30),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

VALUE_STRATEGIES = {
    "accumulators": cks.accumulators(),
    "appointments": cks.appointments(),
    "assessments": cks.assessments(),
    "authorizations": cks.authorizations(),
    "benefits": cks.benefits(),
    "care_plans": cks.care_plans(),
    "case_managers": cks.case_managers(),
    "cases": cks.cases(),
    "code_sets": cks.code_sets(),
    "codes": cks.codes(),
    "contacts": cks.contacts(),
    "date_ranges": cks.date_ranges(),
    "decisions": cks.decisions(),
    "event_sequences": cks.event_sequences(),
    "goals": cks.goals(),
    "identifiers": cks.identifiers(),
    "interventions": cks.interventions(),
    "money": cks.money(),
    "outcomes": cks.outcomes(),
    "patients": cks.patients(),
    "person_names": cks.person_names(),
    "plans": cks.plans(),
    "policies": cks.policies(),
    "reasons": cks.reasons(),
    "referrals": cks.referrals(),
    "service_lines": cks.service_lines(min_size=1),
    "services": cks.services(),
}


def _round_trips(value: object) -> None:
    attrs.validate(value)  # type: ignore[arg-type]  # every value here is an attrs instance
    assert from_json(to_json(value), type(value)) == value


@pytest.mark.parametrize("name", sorted(VALUE_STRATEGIES))
def test_every_strategy_draws_valid_values_that_round_trip(name):
    """Each strategy's values pass their type's validators and come back equal from JSON."""

    @SLOW
    @given(VALUE_STRATEGIES[name])
    def run(value):
        for item in value if isinstance(value, tuple) else (value,):
            _round_trips(item)

    run()


@SLOW
@given(cks.plans())
def test_drawn_plans_load_back_from_their_data(plan):
    """dump_plan and load_plan give back every drawn plan."""
    assert load_plan(dump_plan(plan)) == plan


@SLOW
@given(cks.workflows())
def test_drawn_workflows_are_read_back_from_their_data(workflow):
    """A drawn workflow survives dump_workflow and load_workflow with its guards."""
    data = dump_workflow(workflow)

    assert load_workflow(data, guards=cks.WORKFLOW_GUARDS) == workflow


@pytest.mark.parametrize("state", [s.name for s in STANDARD_STATES])
def test_cases_reach_every_standard_state_through_a_history_that_replays(state):
    """cases(state=...) draws cases in that state whose history replay accepts."""

    @settings(SLOW, max_examples=examples(20))
    @given(cks.cases(state=state))
    def run(case):
        assert case.state == state
        assert replay(case.history, workflow=STANDARD) == case

    run()


@SLOW
@given(cks.workflows().flatmap(lambda wf: st.tuples(st.just(wf), cks.cases(workflow=wf))))
def test_cases_reach_states_of_any_workflow(drawn):
    """Cases under drawn workflows replay under them, in states the search found."""
    workflow, case = drawn

    assert replay(case.history, workflow=workflow) == case
    assert case.state in _reach.paths(workflow)


@SLOW
@given(cks.cases(state=st.sampled_from(["closed", "nowhere"])))
def test_a_strategy_of_states_keeps_only_reachable_ones(case):
    """States drawn from a strategy that the workflow cannot reach are skipped."""
    assert case.state == "closed"


@SLOW
@given(cks.event_sequences(STANDARD, max_size=10))
def test_event_sequences_are_histories_that_replay(events):
    """Every drawn sequence is a history replay accepts, unchanged."""
    assert replay(events, workflow=STANDARD).history == events


@SLOW
@given(cks.event_sequences(STANDARD, refusals=True, max_size=10))
def test_refused_attempts_carry_what_check_says_and_the_rest_replay(attempts):
    """Refused attempts hold check's reasons at their point; the others form the history."""
    history: list = []
    for attempt in attempts:
        if attempt.refused:
            case = replay(history, workflow=STANDARD)
            event = attempt.event
            found = check(case, event.name, at=event.at, by=event.by, workflow=STANDARD)
            assert found == attempt.reasons
        else:
            history.append(attempt.event)

    assert replay(history, workflow=STANDARD).history == tuple(history)


def test_refusals_are_mixed_in_when_asked():
    """With refusals=True, Hypothesis can find a sequence holding a refused attempt."""
    found = find(
        cks.event_sequences(STANDARD, refusals=True),
        lambda attempts: any(a.refused for a in attempts),
        settings=settings(database=None, deadline=None, phases=[Phase.generate]),
    )

    assert any(a.refused for a in found)


@SLOW
@given(cks.care_plans(actionable=False))
def test_plans_that_are_not_actionable_lack_a_goal_or_an_intervention(plan):
    """care_plans(actionable=False) never draws a plan approve_plan would accept."""
    assert not plan.is_actionable


@SLOW
@given(cks.policies().flatmap(lambda p: st.tuples(st.just(p), cks.service_lines(policy=p))))
def test_service_lines_are_numbered_and_adjudicate(drawn):
    """Lines are numbered from 1 and every line gets a decision."""
    policy, lines = drawn
    result = adjudicate(policy, lines, accumulators=Accumulators.empty())

    assert [line.line_number for line in lines] == list(range(1, len(lines) + 1))
    assert len(result.decisions) == len(lines)


@pytest.mark.parametrize(
    ("strategy", "message"),
    [
        (lambda: cks.cases(workflow="standard"), "workflow must be"),
        (lambda: cks.cases(state="nowhere"), "is not a state"),
        (lambda: cks.cases(max_records=-1), "max_records"),
        (lambda: cks.cases(event_data={"close": 1}), "event_data"),
        (lambda: cks.cases(state=3), "state must be"),
        (lambda: cks.event_sequences("standard"), "workflow must be a casekit"),
        (lambda: cks.event_sequences(refusals="yes"), "refusals"),  # type: ignore[call-overload]
        (lambda: cks.event_sequences(max_size=-1), "max_size"),
        (lambda: cks.service_lines(min_size=-1), "min_size"),
        (lambda: cks.service_lines(policy="p"), "policy must be"),
        (lambda: cks.service_lines(on="2025-01-01"), "on must be"),
        (lambda: cks.policies(plan=object()), "plan must be"),
        (lambda: cks.plans(max_benefits=0), "max_benefits"),
        (lambda: cks.plans(currencies=st.just("XXX")), "currencies must draw"),
        (lambda: cks.plans(currencies=3), "currencies must be"),  # type: ignore[arg-type]
        (lambda: cks.benefits(currency="XXX"), "currency must be"),
        (lambda: cks.workflows(max_states=1), "max_states"),
        (lambda: cks.care_plans(actionable="yes"), "actionable"),
    ],
)
def test_bad_options_raise_invalid_argument_when_drawn(strategy, message):
    """A bad option is Hypothesis's InvalidArgument, naming the option, at draw time."""
    built = strategy()  # building never raises: Hypothesis checks options when drawing

    @settings(max_examples=1, database=None)
    @given(built)
    def run(_):
        pass

    with pytest.raises(InvalidArgument, match=message):
        run()


def test_importing_the_strategies_without_hypothesis_names_the_extra(monkeypatch):
    """Without Hypothesis, the import fails with an ImportError naming casekit[testing]."""
    monkeypatch.setitem(sys.modules, "hypothesis", None)
    monkeypatch.delitem(sys.modules, "casekit.testing.strategies")

    with pytest.raises(ImportError, match=r"casekit\[testing\]"):
        importlib.import_module("casekit.testing.strategies")


def test_the_driver_gives_up_on_events_that_cannot_happen():
    """attempt returns None for an event no supply can make the workflow accept."""
    case = _reach.seed_case(STANDARD)

    assert _reach.attempt(case, "close", workflow=STANDARD, at=case.opened_at) is None


def test_the_search_finds_a_path_to_every_standard_state():
    """paths covers each state of the standard workflow, the initial one with no events."""
    found = _reach.paths(STANDARD)

    assert set(found) == {s.name for s in STANDARD_STATES}
    assert found["referred"] == ()


def test_event_data_reaches_states_behind_guards_casekit_cannot_satisfy():
    """A guard reading data casekit does not know is satisfied by event_data."""
    from casekit.lifecycle import standard_workflow
    from casekit.rules import Reason

    def adult(case: Case, context):
        del case
        age = context.datum("age")
        return () if isinstance(age, int) and age >= 18 else (Reason.of("screening.not_adult"),)

    workflow: Workflow[Case] = standard_workflow(eligibility=[adult], workflow_id="adults")

    assert "assessing" not in _reach.paths(workflow)
    assert "assessing" in _reach.paths(workflow, {"accept": {"age": 30}})


def test_the_driver_overrides_when_supplies_run_out():
    """After its rounds of supplies, attempt overrides an overridable guard."""
    from casekit.lifecycle.examples import example_case

    case = example_case("monitoring")

    moved = _reach.attempt(case, "close", workflow=STANDARD, at=case.history[-1].at, rounds=1)

    assert moved is not None
    assert moved.history[-1].override_reason == _reach.OVERRIDE


@SLOW
@given(st.data())
def test_drawn_records_satisfy_the_guards_that_ask_for_them(data):
    """The drawn maker makes an assessment with a risk, an actionable plan, a timed contact."""
    case = _reach.seed_case(STANDARD)
    make = cks._drawn_maker(data.draw)
    at = case.opened_at

    assert make("assessment", case, at).risk is not None
    assert make("care_plan", case, at).is_actionable
    assert make("contact", case, at).at == at


def test_the_driver_closes_open_referrals_when_a_guard_asks_for_it():
    """Supplying close_referrals completes every open referral, each as a revision."""
    case = _reach.seed_case(STANDARD)
    at = case.opened_at
    for n in (1, 2):
        case = add_referral(case, Referral(f"rf-{n}", "prov-1", at), at=at, by="cm-test")
    assert len(case.open_referrals) == 2

    closed = _reach._supply(
        case, "close_referrals", at=at, by="cm-test", make=_reach.default_maker, workflow=STANDARD
    )

    assert closed.open_referrals == ()
    assert {r.status for r in closed.referrals} == {ReferralStatus.COMPLETED}
