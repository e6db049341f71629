"""Stateful properties of the case record over the standard workflow and random workflows.

Any sequence of verbs and events is either refused, leaving the case as it was, or keeps every
invariant: ``replay(case.history) == case`` (which re-checks every guard, status move and
record time); the history chains and every link resolves (``rebuild`` checks both);
``to_json``/``from_json`` round-trips the case; ``apply`` raises exactly when ``check``
returns reasons; a final state accepts nothing; each applied event adds exactly one event.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pendulum
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)
from profiles import examples

from casekit import from_json, to_json
from casekit.assessment import Assessment, Need, NeedDomain, Priority, RiskLevel
from casekit.careplan import (
    AchievementStatus,
    CarePlan,
    Goal,
    GoalStatus,
    Intervention,
    InterventionStatus,
    PlanStatus,
)
from casekit.case import (
    Appointment,
    AppointmentStatus,
    Case,
    Contact,
    ContactMode,
    Outcome,
    Referral,
    ReferralStatus,
    add_referral,
    rebuild,
    record_assessment,
    record_care_plan,
    record_contact,
    record_outcome,
    schedule_appointment,
)
from casekit.errors import InvalidInputError, TransitionRefusedError
from casekit.lifecycle import (
    HISTORY,
    EventContext,
    State,
    Transition,
    Workflow,
    allowed_events,
    apply,
    check,
    replay,
    standard_workflow,
)
from casekit.rules import Reason

from .helpers import opened

SETTINGS = settings(
    max_examples=examples(60),
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def eligible_flag(_case: Case, context: EventContext) -> tuple[Reason, ...]:
    return () if context.datum("eligible") is True else (Reason.of("test.not_eligible"),)


STD = standard_workflow(eligibility=[eligible_flag], workflow_id="std-under-test")
STD_EVENTS = sorted({t.event for t in STD.transitions} | {"no_such_event"})

datas = st.fixed_dictionaries(
    {},
    optional={
        "closure_reason": st.sampled_from(["goals_met", "death", "other", "bogus"]),
        "closure_reason_text": st.sampled_from(["moved on", " "]),
        "reason": st.sampled_from(["duplicate", ""]),
        "receiving_setting": st.just("skilled_nursing"),
        "eligible": st.booleans(),
    },
)
steps = st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=40))
overrides = st.none() | st.just("supervisor agreed")


class Lifecycle(RuleBasedStateMachine):
    """Shared rules: events at an advancing time, with the invariants checked after each."""

    workflow: Workflow[Case]
    events: list[str]

    def __init__(self) -> None:
        super().__init__()
        self.case: Case | None = None
        self.n = 0

    def _now(self, delta: dt.timedelta) -> pendulum.DateTime:
        assert self.case is not None
        return self.case.history[-1].at + delta

    def _apply(
        self, event: str, delta: dt.timedelta, data: dict[str, Any], override: str | None
    ) -> None:
        assert self.case is not None
        before = self.case
        kw: dict[str, Any] = {
            "at": self._now(delta),
            "by": "cm-1",
            "data": data,
            "override_reason": override,
            "workflow": self.workflow,
        }
        reasons = check(before, event, **kw)
        refused: TransitionRefusedError | None = None
        try:
            after = apply(before, event, **kw)
        except TransitionRefusedError as error:
            refused = error
        if refused is not None:
            assert reasons, "apply refused what check allowed"
            assert reasons == refused.reasons
            assert before == self.case
            return
        assert not reasons, "apply allowed what check refused"
        assert len(after.history) == len(before.history) + 1
        assert after.history[:-1] == before.history
        self.case = after

    def _record(self, verb: Any, record: object, delta: dt.timedelta) -> None:
        """Record through *verb*; a refusal leaves the case as it was."""
        assert self.case is not None
        before = self.case
        at = self._now(delta)
        try:
            after = verb(before, record, at=at, by="cm-1", workflow=self.workflow)
        except (TransitionRefusedError, InvalidInputError):
            assert self.case is before
            return
        assert after.history[:-1] == before.history
        assert after.history[-1].payload == record
        self.case = after

    @invariant()
    def replay_rebuilds_the_case(self) -> None:
        if self.case is not None:
            assert replay(self.case.history, workflow=self.workflow) == self.case

    @invariant()
    def the_history_chains_and_every_link_resolves(self) -> None:
        if self.case is not None:
            assert rebuild(self.case.history) == self.case

    @invariant()
    def the_case_round_trips_through_json(self) -> None:
        if self.case is not None:
            assert from_json(to_json(self.case), Case) == self.case

    @invariant()
    def final_states_accept_nothing(self) -> None:
        if self.case is None or not self.workflow.state(self.case.state).final:
            return
        at = self._now(dt.timedelta(0))
        assert allowed_events(self.case, at=at, workflow=self.workflow) == ()
        for event in self.events:
            assert check(self.case, event, at=at, by="cm-1", workflow=self.workflow)

    @rule()
    def redelivery_changes_nothing(self) -> None:
        assert self.case is not None
        last = self.case.history[-1]
        if last.payload is not None or last.name == "opened":
            return
        again = apply(
            self.case,
            last.name,
            at=last.at,
            by=last.by,
            data=last.data,
            event_id=last.event_id,
            override_reason=last.override_reason,
            workflow=self.workflow,
        )
        assert again is self.case

    @rule(delta=steps, which=st.integers(1, 3), ahead=st.integers(-3, 3))
    def record_a_contact(self, delta: dt.timedelta, which: int, ahead: int) -> None:
        assert self.case is not None
        at = self._now(delta)
        contact = Contact(f"ct-{which}", ContactMode.PHONE, at.add(minutes=ahead * 3), 10, "cm-1")
        self._record(record_contact, contact, delta)


class StandardWorkflow(Lifecycle):
    """Random events, data and records against the standard workflow."""

    workflow = STD
    events = STD_EVENTS

    @initialize()
    def open(self) -> None:
        self.case = opened(STD)

    @rule(event=st.sampled_from(STD_EVENTS), delta=steps, data=datas, override=overrides)
    def send(
        self, event: str, delta: dt.timedelta, data: dict[str, Any], override: str | None
    ) -> None:
        self._apply(event, delta, data, override)

    @rule(
        delta=steps,
        which=st.integers(1, 2),
        risk=st.none() | st.sampled_from(RiskLevel),
        needs=st.lists(st.sampled_from(["n-1", "n-2"]), unique=True),
    )
    def assess(
        self, delta: dt.timedelta, which: int, risk: RiskLevel | None, needs: list[str]
    ) -> None:
        found = Assessment(
            f"as-{which}",
            self._now(delta),
            "cm-1",
            needs=[Need(NeedDomain.HOUSING, Priority.HIGH, id=n) for n in needs],
            risk=risk,
        )
        self._record(record_assessment, found, delta)

    @rule(
        delta=steps,
        which=st.integers(1, 2),
        status=st.sampled_from(PlanStatus),
        goals=st.lists(
            st.tuples(
                st.sampled_from(["g-1", "g-2"]),
                st.sampled_from(GoalStatus),
                st.none() | st.sampled_from(AchievementStatus),
                st.lists(st.sampled_from(["n-1", "n-2", "n-9"]), max_size=2, unique=True),
            ),
            max_size=2,
            unique_by=lambda g: g[0],
        ),
        items=st.lists(
            st.tuples(
                st.sampled_from(["i-1", "i-2"]),
                st.sampled_from(InterventionStatus),
                st.lists(st.sampled_from(["g-1", "g-2"]), max_size=2, unique=True),
            ),
            max_size=2,
            unique_by=lambda i: i[0],
        ),
    )
    def plan(  # one argument per drawn part
        self,
        *,
        delta: dt.timedelta,
        which: int,
        status: PlanStatus,
        goals: list[Any],
        items: list[Any],
    ) -> None:
        try:
            plan = CarePlan(
                f"cp-{which}",
                self._now(delta),
                "cm-1",
                goals=[
                    Goal(g, "x", status=s, achievement_status=a, need_ids=n) for g, s, a, n in goals
                ],
                interventions=[Intervention(i, "y", status=s, goal_ids=gs) for i, s, gs in items],
                status=status,
            )
        except InvalidInputError:
            return  # a plan whose own links do not hold cannot be built, let alone recorded
        self._record(record_care_plan, plan, delta)

    @rule(
        delta=steps,
        status=st.sampled_from(ReferralStatus),
        which=st.integers(1, 2),
        goals=st.lists(st.sampled_from(["g-1", "g-9"]), max_size=1),
    )
    def refer(
        self, delta: dt.timedelta, status: ReferralStatus, which: int, goals: list[str]
    ) -> None:
        referral = Referral(
            f"rf-{which}", "prov-1", self._now(delta), status=status, goal_ids=goals
        )
        self._record(add_referral, referral, delta)

    @rule(delta=steps, status=st.sampled_from(AppointmentStatus), which=st.integers(1, 2))
    def book(self, delta: dt.timedelta, status: AppointmentStatus, which: int) -> None:
        visit = Appointment(
            f"ap-{which}", self._now(delta).add(days=3), "prov-1", 30, status=status
        )
        self._record(schedule_appointment, visit, delta)

    @rule(delta=steps, goal=st.none() | st.sampled_from(["g-1", "g-9"]))
    def measure(self, delta: dt.timedelta, goal: str | None) -> None:
        self._record(record_outcome, Outcome("oc-1", self._now(delta), "PHQ-9", "7", goal), delta)


TestStandardWorkflow = StandardWorkflow.TestCase
TestStandardWorkflow.settings = SETTINGS


def flag(_case: Case, context: EventContext) -> tuple[Reason, ...]:
    return () if context.datum("flag") is True else (Reason.of("test.flag"),)


def even_day(_case: Case, context: EventContext) -> tuple[Reason, ...]:
    return () if context.at.day % 2 == 0 else (Reason.of("test.odd_day"),)


GUARDS = {"flag": flag, "even_day": even_day}


@st.composite
def workflows(draw: st.DrawFn) -> Workflow[Case]:
    """Valid workflows: a spanning tree from the initial state, an exit to a final state from
    every other state, and random extra transitions (some back to the history)."""
    n_open = draw(st.integers(1, 5))
    n_final = draw(st.integers(1, 2))
    names = [f"s{i}" for i in range(n_open)] + [f"f{i}" for i in range(n_final)]
    states = [State(n, initial=i == 0, final=n.startswith("f")) for i, n in enumerate(names)]
    edges = [(names[draw(st.integers(0, i - 1))], names[i]) for i in range(1, n_open)]
    edges.extend((names[i], draw(st.sampled_from(names[n_open:]))) for i in range(n_open))
    edges.extend((names[draw(st.integers(0, n_open - 1))], f) for f in names[n_open:])
    extra = draw(
        st.lists(st.tuples(st.integers(0, n_open - 1), st.integers(-1, len(names) - 1)), max_size=6)
    )
    edges.extend((names[a], HISTORY if b < 0 else names[b]) for a, b in extra)
    transitions = []
    for k, (source, target) in enumerate(edges):
        guards = draw(st.lists(st.sampled_from(sorted(GUARDS)), unique=True, max_size=2))
        overridable = draw(st.lists(st.sampled_from(guards), unique=True)) if guards else []
        transitions.append(
            Transition(f"e{k}", [source], target, guards=guards, overridable=overridable)
        )
    return Workflow(f"random-{draw(st.integers(0, 10**6))}", states, transitions, guards=GUARDS)


class RandomWorkflow(Lifecycle):
    """Random events against a randomly generated valid workflow."""

    @initialize(wf=workflows())
    def open(self, wf: Workflow[Case]) -> None:
        self.workflow = wf
        self.events = [*sorted({t.event for t in wf.transitions}), "nope"]
        self.case = opened(wf)

    @precondition(lambda self: self.case is not None)
    @rule(data=st.data(), delta=steps, flag=st.booleans(), override=overrides)
    def send(
        self, *, data: st.DataObject, delta: dt.timedelta, flag: bool, override: str | None
    ) -> None:
        event = data.draw(st.sampled_from(self.events))
        self._apply(event, delta, {"flag": flag}, override)


TestRandomWorkflow = RandomWorkflow.TestCase
TestRandomWorkflow.settings = SETTINGS
