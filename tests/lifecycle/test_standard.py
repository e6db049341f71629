"""Worked examples of every behaviour of the standard workflow, allowed and refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from casekit.assessment import Assessment, RiskLevel
from casekit.careplan import CarePlan, Goal, Intervention
from casekit.case import (
    Case,
    Contact,
    ContactMode,
    Referral,
    ReferralStatus,
    add_referral,
    record_assessment,
    record_care_plan,
    record_contact,
)
from casekit.errors import TransitionRefusedError
from casekit.lifecycle import (
    STANDARD,
    EventContext,
    check,
    entered_from,
    replay,
    standard_workflow,
)
from casekit.lifecycle.examples import example_case
from casekit.rules import Reason

from .helpers import later, opened, step


def codes(case: Case, event: str, workflow: Any = STANDARD, **kw: Any) -> list[str]:
    kw.setdefault("at", later(case))
    kw.setdefault("by", "cm-1")
    return [r.code for r in check(case, event, workflow=workflow, **kw)]


def over_18(_case: Case, context: EventContext) -> tuple[Reason, ...]:
    age = context.datum("age")
    if isinstance(age, int) and age >= 18:
        return ()
    return (Reason.of("screening.under_18"),)


ADULTS = standard_workflow(eligibility=[over_18], workflow_id="adults")


def adults_case() -> Case:
    return step(opened(ADULTS), "start_screening", workflow=ADULTS)


def test_open_case_starts_in_referred_with_one_event() -> None:
    """A new case is in the initial state with its opened event."""
    case = example_case("referred")

    assert (case.state, [e.name for e in case.history]) == ("referred", ["opened"])


def test_accept_passes_when_every_eligibility_criterion_is_met() -> None:
    """Accepting at screening needs the application's eligibility criteria met."""
    case = step(adults_case(), "accept", workflow=ADULTS, data={"age": 40})

    assert case.state == "assessing"


def test_accept_is_refused_with_the_criteria_reasons() -> None:
    """An unmet criterion refuses accept with the criterion's own reason."""
    with pytest.raises(TransitionRefusedError) as info:
        step(adults_case(), "accept", workflow=ADULTS, data={"age": 12})

    assert [r.code for r in info.value.reasons] == ["screening.under_18"]


def test_decline_is_allowed_when_a_criterion_is_unmet() -> None:
    """Declining needs an unmet criterion."""
    case = step(adults_case(), "decline", workflow=ADULTS, data={"age": 12})

    assert case.state == "declined"


def test_decline_of_an_eligible_case_needs_an_override() -> None:
    """An eligible case may be declined only with an override reason, which is recorded."""
    case = adults_case()

    assert codes(case, "decline", workflow=ADULTS, data={"age": 40}) == [
        "lifecycle.eligible_cannot_decline"
    ]
    declined = step(
        case, "decline", workflow=ADULTS, data={"age": 40}, override_reason="client withdrew"
    )
    assert declined.history[-1].override_reason == "client withdrew"


def test_leaving_assessment_needs_an_assessment() -> None:
    """complete_assessment is refused without an assessment."""
    assert codes(example_case("assessing"), "complete_assessment") == [
        "lifecycle.assessment_missing"
    ]


def test_leaving_assessment_needs_a_risk_level() -> None:
    """complete_assessment is refused when the latest assessment has no risk level."""
    case = example_case("assessing")
    at = later(case)
    case = record_assessment(case, Assessment("as-9", at, "cm-1"), at=at, by="cm-1")

    assert codes(case, "complete_assessment") == ["lifecycle.risk_level_missing"]


def test_leaving_assessment_with_a_risk_level_reaches_planning() -> None:
    """A stratified assessment lets the case move to planning."""
    case = example_case("assessing")
    at = later(case)
    case = record_assessment(
        case, Assessment("as-9", at, "cm-1", risk=RiskLevel.HIGH), at=at, by="cm-1"
    )

    assert step(case, "complete_assessment").state == "planning"


def test_approving_a_plan_needs_a_care_plan() -> None:
    """approve_plan is refused without a care plan."""
    case = example_case("planning")
    bare = Case(
        case.id,
        case.patient,
        case.manager,
        case.model,
        case.state,
        case.opened_at,
        case.workflow,
        history=case.history,
    )

    assert codes(bare, "approve_plan") == ["lifecycle.care_plan_missing"]


def test_approving_a_plan_needs_a_goal_and_an_intervention() -> None:
    """approve_plan lists both a missing goal and a missing intervention."""
    case = example_case("planning")
    at = later(case)
    case = record_care_plan(case, CarePlan("cp-2", at, "cm-1"), at=at, by="cm-1")

    assert codes(case, "approve_plan") == [
        "lifecycle.care_plan_no_goal",
        "lifecycle.care_plan_no_intervention",
    ]


def test_approving_an_actionable_plan_starts_implementing() -> None:
    """A plan with a goal and an intervention is approved."""
    case = example_case("planning")
    at = later(case)
    goal = Goal("g", "x", need_ids=("n-1",))
    plan = CarePlan(
        "cp-2", at, "cm-1", goals=(goal,), interventions=(Intervention("i", "y", goal_ids=("g",)),)
    )
    case = record_care_plan(case, plan, at=at, by="cm-1")

    assert step(case, "approve_plan").state == "implementing"


@pytest.mark.parametrize(
    ("event", "target"), [("reassess", "assessing"), ("revise_plan", "planning")]
)
def test_monitoring_cycles_back(event: str, target: str) -> None:
    """Monitoring leads back to reassessment or plan revision."""
    assert target == step(example_case("monitoring"), event).state


@pytest.mark.parametrize(
    "state",
    ["assessing", "planning", "implementing", "monitoring", "transitioning", "post_transition"],
)
def test_hold_and_resume_return_to_the_held_from_state(state: str) -> None:
    """resume goes back to the state the case was held from, derived from history."""
    held = step(example_case(state), "hold")

    assert ("on_hold", state, state) == (
        held.state,
        entered_from(held),
        step(held, "resume").state,
    )


@pytest.mark.parametrize("state", ["referred", "screening", "closed"])
def test_hold_is_refused_outside_active_states(state: str) -> None:
    """Only an active case can be put on hold."""
    assert codes(example_case(state), "hold") == ["lifecycle.event_not_allowed"]


def test_begin_transition_needs_a_receiving_setting_or_provider() -> None:
    """begin_transition without a receiving party is refused."""
    case = example_case("monitoring")

    assert codes(case, "begin_transition") == ["lifecycle.receiving_party_missing"]
    assert (
        step(case, "begin_transition", data={"receiving_provider": "prov-7"}).state
        == "transitioning"
    )


def test_leaving_post_transition_needs_a_follow_up_contact() -> None:
    """complete_follow_up is refused until a contact after the transition is recorded."""
    case = example_case("post_transition")

    assert codes(case, "complete_follow_up") == ["lifecycle.follow_up_missing"]


def test_a_contact_before_the_transition_is_no_follow_up() -> None:
    """Only contacts at or after the transition count as follow-up."""
    case = example_case("post_transition")
    before = case.history[-2].at
    call = Contact("ct-1", ContactMode.PHONE, before, 10, by="cm-1")
    case = record_contact(case, call, at=later(case), by="cm-1")

    assert codes(case, "complete_follow_up") == ["lifecycle.follow_up_missing"]


def test_a_follow_up_contact_lets_the_case_leave_post_transition() -> None:
    """A contact after the transition allows complete_follow_up."""
    case = example_case("post_transition")
    at = later(case)
    case = record_contact(
        case, Contact("ct-1", ContactMode.HOME_VISIT, at, 30, by="cm-1"), at=at, by="cm-1"
    )

    assert step(case, "complete_follow_up").state == "monitoring"


def test_follow_up_can_be_overridden_with_a_reason() -> None:
    """An override reason waives the follow-up guard and is recorded."""
    case = step(
        example_case("post_transition"), "complete_follow_up", override_reason="client abroad"
    )

    assert (case.state, case.history[-1].override_reason) == ("monitoring", "client abroad")


def test_follow_up_after_a_hold_still_counts_from_the_transition() -> None:
    """Returning from a hold does not restart the follow-up window."""
    case = example_case("post_transition")
    at = later(case)
    case = record_contact(
        case, Contact("ct-1", ContactMode.PHONE, at, 10, by="cm-1"), at=at, by="cm-1"
    )
    case = step(step(case, "hold"), "resume")

    assert step(case, "complete_follow_up").state == "monitoring"


@pytest.mark.parametrize(
    "state",
    ["assessing", "planning", "implementing", "monitoring", "transitioning", "on_hold"],
)
def test_close_is_allowed_from_any_active_state_with_a_reason(state: str) -> None:
    """close with a closure reason works from every active state and from on_hold."""
    case = step(example_case(state), "close", data={"closure_reason": "client_choice"})

    assert case.state == "closed"


def test_close_needs_a_closure_reason() -> None:
    """close without a closure reason is refused, naming the code set."""
    reasons = check(
        example_case("monitoring"), "close", at=later(example_case("monitoring")), by="cm-1"
    )

    assert [r.code for r in reasons] == ["lifecycle.closure_reason_missing"]
    assert "goals_met, client_choice, lost_to_contact" in reasons[0].message()


def test_close_refuses_an_unknown_closure_reason() -> None:
    """A closure reason outside the code set is refused."""
    assert codes(example_case("monitoring"), "close", data={"closure_reason": "bored"}) == [
        "lifecycle.closure_reason_unknown"
    ]


def test_close_for_other_reason_needs_text() -> None:
    """closure_reason other needs closure_reason_text."""
    case = example_case("monitoring")

    assert codes(case, "close", data={"closure_reason": "other"}) == [
        "lifecycle.closure_text_missing"
    ]
    assert (
        check(
            case,
            "close",
            at=later(case),
            by="cm-1",
            data={"closure_reason": "other", "closure_reason_text": "programme ended"},
        )
        == ()
    )


def with_open_referral(case: Case) -> Case:
    at = later(case)
    return add_referral(case, Referral("rf-1", "prov-3", at), at=at, by="cm-1")


def test_close_is_refused_while_referrals_are_open() -> None:
    """Open referrals (the default required work) refuse close."""
    reasons = check(
        with_open_referral(example_case("monitoring")),
        "close",
        at=later(example_case("monitoring"), 3),
        by="cm-1",
        data={"closure_reason": "goals_met"},
    )

    assert [r.code for r in reasons] == ["lifecycle.referrals_open"]
    assert "1 referral(s) still open" in reasons[0].message()


def test_close_with_open_referrals_can_be_overridden() -> None:
    """An override reason lets close through with referrals open, and is recorded."""
    case = step(
        with_open_referral(example_case("monitoring")),
        "close",
        data={"closure_reason": "death"},
        override_reason="client died; referrals moot",
    )

    assert (
        case.state,
        case.history[-1].override_reason,
    ) == ("closed", "client died; referrals moot")


def test_close_after_the_referral_completes_is_allowed() -> None:
    """A completed referral is no longer open work."""
    case = with_open_referral(example_case("monitoring"))
    done = Referral(
        "rf-1", "prov-3", case.referrals[0].requested_at, status=ReferralStatus.COMPLETED
    )
    case = add_referral(case, done, at=later(case), by="cm-1")

    assert step(case, "close", data={"closure_reason": "goals_met"}).state == "closed"


def test_override_does_not_waive_the_closure_reason() -> None:
    """Only guards marked overridable are waived."""
    assert codes(example_case("monitoring"), "close", override_reason="in a hurry") == [
        "lifecycle.closure_reason_missing"
    ]


def test_required_work_is_supplied_by_the_application() -> None:
    """The application decides what open work blocks closing."""

    def no_unsigned_plan(_case: Case, _context: EventContext) -> tuple[Reason, ...]:
        return (Reason.of("plan.unsigned"),)

    wf = standard_workflow(required_work=no_unsigned_plan, workflow_id="signed-plans")
    case = example_case("monitoring", workflow=wf)

    assert codes(case, "close", workflow=wf, data={"closure_reason": "death"}) == ["plan.unsigned"]


def test_closing_from_post_transition_needs_follow_up_or_override() -> None:
    """Leaving post_transition by close also needs the follow-up contact."""
    case = example_case("post_transition")

    assert codes(case, "close", data={"closure_reason": "goals_met"}) == [
        "lifecycle.follow_up_missing"
    ]
    assert (
        step(
            case, "close", data={"closure_reason": "goals_met"}, override_reason="moved abroad"
        ).state
        == "closed"
    )


def test_reopen_within_the_window_keeps_the_closure_reason_in_history() -> None:
    """A closed case reopens into assessing; the close event stays in the history."""
    case = step(example_case("closed"), "reopen", data={"reason": "new crisis"})

    assert (case.state, case.history[-2].datum("closure_reason")) == ("assessing", "goals_met")


def test_reopen_needs_a_reason() -> None:
    """reopen without a reason is refused."""
    assert codes(example_case("closed"), "reopen") == ["lifecycle.reason_missing"]


def test_reopen_after_the_window_says_to_open_a_new_case() -> None:
    """Past the reopen window, the guard says to open a new case."""
    case = example_case("closed")
    reasons = check(case, "reopen", at=later(case, 91), by="cm-1", data={"reason": "again"})

    assert [r.code for r in reasons] == ["lifecycle.reopen_window_passed"]
    assert "open a new case instead" in reasons[0].message()


def test_the_reopen_window_is_configurable() -> None:
    """A programme can set its own reopen window."""
    wf = standard_workflow(reopen_within=dt.timedelta(days=365), workflow_id="a-year")
    case = example_case("closed", workflow=wf)

    assert (
        check(case, "reopen", at=later(case, 200), by="cm-1", data={"reason": "x"}, workflow=wf)
        == ()
    )


def test_entered_in_error_needs_a_reason_and_is_final() -> None:
    """mark_entered_in_error needs a reason and leads to a final state."""
    case = example_case("referred")

    assert codes(case, "mark_entered_in_error") == ["lifecycle.reason_missing"]
    case = step(case, "mark_entered_in_error", data={"reason": "duplicate"})
    assert codes(case, "start_screening") == ["lifecycle.state_final"]


@pytest.mark.parametrize(
    ("state", "fhir", "cmmn"),
    [
        ("referred", "planned", "active"),
        ("screening", "waitlist", "active"),
        ("declined", "cancelled", "terminated"),
        ("assessing", "active", "active"),
        ("monitoring", "active", "active"),
        ("on_hold", "onhold", "suspended"),
        ("closed", "finished", "completed"),
        ("entered_in_error", "entered-in-error", "closed"),
    ],
)
def test_states_map_to_fhir_and_cmmn(state: str, fhir: str, cmmn: str) -> None:
    """Each state maps to an EpisodeOfCare status and a CMMN case state."""
    s = STANDARD.state(state)

    assert (fhir, cmmn) == (s.fhir_status, s.cmmn_state)


@pytest.mark.parametrize(
    "state",
    [
        "referred",
        "screening",
        "declined",
        "assessing",
        "planning",
        "implementing",
        "monitoring",
        "transitioning",
        "post_transition",
        "on_hold",
        "closed",
        "entered_in_error",
    ],
)
def test_every_example_case_replays(state: str) -> None:
    """Every example case's history rebuilds it."""
    case = example_case(state)

    assert case == replay(case.history, workflow=STANDARD)


def test_example_case_refuses_an_unknown_state() -> None:
    """example_case names only standard states."""
    from casekit.errors import InvalidInputError

    with pytest.raises(InvalidInputError):
        example_case("limbo")


def test_resume_without_history_is_refused() -> None:
    """A case whose history cannot say where it was held from cannot resume."""
    case = example_case("on_hold")
    # Drop the hold event's from_state knowledge: a case built by hand in on_hold.
    forged = Case(
        case.id,
        case.patient,
        case.manager,
        case.model,
        "on_hold",
        case.opened_at,
        case.workflow,
        history=case.history[:1],
    )

    assert codes(forged, "resume") == ["lifecycle.no_history"]


@pytest.mark.parametrize(
    ("goals", "interventions", "code"),
    [
        ((Goal("g", "x", need_ids=("n-1",)),), (), ["lifecycle.care_plan_no_intervention"]),
        (
            (),
            (Intervention("i", "y"),),
            ["lifecycle.care_plan_no_goal", "lifecycle.intervention_without_goal"],
        ),
    ],
)
def test_approving_a_plan_names_the_missing_part(
    goals: tuple[Goal, ...], interventions: tuple[Intervention, ...], code: list[str]
) -> None:
    """A plan missing only goals or only interventions names just that."""
    case = example_case("planning")
    at = later(case)
    plan = CarePlan("cp-2", at, "cm-1", goals=goals, interventions=interventions)
    case = record_care_plan(case, plan, at=at, by="cm-1")

    assert code == codes(case, "approve_plan")


def test_follow_up_guard_without_an_entry_into_the_state_refuses() -> None:
    """With no transition into the state in the history, no contact can follow it."""
    case = example_case("referred")
    ctx = EventContext("complete_follow_up", "post_transition", later(case), "cm-1")

    assert [r.code for r in STANDARD.guard("followed_up")(case, ctx)] == [
        "lifecycle.follow_up_missing"
    ]
