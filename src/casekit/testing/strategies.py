"""Hypothesis strategies for casekit's types, with synthetic personal data only.

Import as ``from casekit.testing import strategies as cks`` (needs the ``testing`` extra,
``pip install 'casekit[testing]'``). Every strategy draws valid values over a wide domain (any
Unicode name, every currency, leap days, offsets from -12:00 to +14:00) and shrinks towards
small, simple ones (short ids, UTC, the year 2000). As in Hypothesis itself, names are plural,
options are keyword-only, anything that varies is itself a strategy, and bad arguments raise
`hypothesis.errors.InvalidArgument` when the strategy is first drawn from.

`st.from_type` knows every casekit type once Hypothesis is installed (casekit registers them
through Hypothesis's ``hypothesis`` entry point), so ``st.from_type(casekit.Case)`` needs no
set-up.

Examples:
    >>> from hypothesis import given
    >>> @given(money())
    ... def test_money_round_trips(m):
    ...     assert from_json(to_json(m), Money) == m
    >>> test_money_round_trips()
"""

from __future__ import annotations

try:
    from hypothesis import assume
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as missing:
    raise ImportError(
        "casekit.testing.strategies needs Hypothesis: install the testing extra, "
        "pip install 'casekit[testing]'"
    ) from missing

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal, NamedTuple, TypeVar, cast, overload

import attrs
import pendulum

from casekit.assessment import (
    Assessment,
    Need,
    NeedDomain,
    Priority,
    RiskLevel,
    Strength,
    StrengthSource,
)
from casekit.careplan import (
    AchievementStatus,
    CarePlan,
    Goal,
    GoalStatus,
    Intervention,
    InterventionStatus,
    PeriodUnit,
    PlanStatus,
    ResponsibleParty,
    Setting,
    Timing,
)
from casekit.case import (
    Appointment,
    AppointmentStatus,
    CareModel,
    Case,
    CaseEvent,
    Contact,
    ContactMode,
    EventValue,
    Outcome,
    Referral,
    ReferralStatus,
    add_referral,
    record_assessment,
    record_care_plan,
    record_contact,
    record_outcome,
    schedule_appointment,
)
from casekit.codes import Code, CodeSet, CodeSystem
from casekit.coverage import (
    Accumulators,
    Authorization,
    Benefit,
    CopayTiming,
    CostShare,
    CoverageLevel,
    DayRange,
    Decision,
    Documentation,
    FamilyMode,
    FeeScheduleEntry,
    Liability,
    Limit,
    Measure,
    MedicalNecessity,
    Plan,
    Policy,
    Relationship,
    Service,
    ServiceLine,
    SpellOfIllness,
    Tier,
    TierTerms,
    adjudicate,
)
from casekit.errors import InvalidInputError, TransitionRefusedError
from casekit.identifiers import Identifier
from casekit.lifecycle import (
    STANDARD,
    EventContext,
    State,
    StateCategory,
    Transition,
    Workflow,
    check,
    open_case,
)
from casekit.money import CURRENCY_MINOR_UNITS, Money
from casekit.people import (
    AdministrativeSex,
    CareTeam,
    CareTeamMember,
    CareTeamRole,
    CaseManager,
    ContactPoint,
    ContactPointSystem,
    ContactPointUse,
    Credential,
    Licence,
    LicenceStatus,
    Patient,
    PersonName,
)
from casekit.periods import CalendarYear, DateRange, PlanYear
from casekit.rules import SEXES, Reason
from casekit.serialization import from_json, to_json  # noqa: F401  # used by the doctest
from casekit.testing import _reach

__all__ = [
    "WORKFLOW_GUARDS",
    "Attempt",
    "accumulators",
    "appointments",
    "assessments",
    "authorizations",
    "aware_datetimes",
    "benefits",
    "care_plans",
    "case_managers",
    "cases",
    "code_sets",
    "codes",
    "contacts",
    "date_ranges",
    "dates",
    "decisions",
    "event_sequences",
    "goals",
    "identifiers",
    "ids",
    "interventions",
    "json_values",
    "money",
    "outcomes",
    "patients",
    "person_names",
    "plans",
    "policies",
    "reasons",
    "referrals",
    "service_lines",
    "services",
    "workflows",
]

T = TypeVar("T")
_ID_FIRST = "abcdefghijklmnopqrstuvwxyz0123456789"
_ID_REST = _ID_FIRST + "._:-/ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@lru_cache(maxsize=64)  # strategies are values: build each once
def ids() -> st.SearchStrategy[str]:
    """Identifiers of 1 to 20 characters; shrinks towards ``"0"``."""
    return st.builds(
        lambda head, tail: head + tail,
        st.sampled_from(_ID_FIRST),
        st.text(alphabet=_ID_REST, max_size=19),
    )


@lru_cache(maxsize=64)  # strategies are values: build each once
def _text(max_size: int = 20) -> st.SearchStrategy[str]:
    return st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=max_size)


@lru_cache(maxsize=64)  # strategies are values: build each once
def dates(
    min_value: dt.date = dt.date(1900, 1, 1), max_value: dt.date = dt.date(2100, 12, 31)
) -> st.SearchStrategy[pendulum.Date]:
    """Pendulum dates between the bounds, leap days included; shrinks towards 2000-01-01."""
    return st.dates(min_value, max_value).map(lambda d: pendulum.Date(d.year, d.month, d.day))


@lru_cache(maxsize=64)  # strategies are values: build each once
def aware_datetimes() -> st.SearchStrategy[pendulum.DateTime]:
    """Timezone-aware datetimes with fixed offsets from -12:00 to +14:00, whole minutes."""
    offsets = st.integers(-12 * 60, 14 * 60).map(lambda m: pendulum.FixedTimezone(m * 60))
    return st.builds(
        lambda d, tz: pendulum.DateTime(
            d.year, d.month, d.day, d.hour, d.minute, d.second, d.microsecond, tzinfo=tz
        ),
        st.datetimes(dt.datetime(1970, 1, 1), dt.datetime(2100, 1, 1)),  # noqa: DTZ001  # naive bounds, offsets added
        offsets,
    )


def money(
    *,
    min_value: Decimal = Decimal(-1000000),
    max_value: Decimal = Decimal(1000000),
    currencies: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Money]:
    """`Money` in any ISO 4217 currency, amounts with up to the currency's minor digits.

    *min_value* and *max_value* must lie within ±(10**18 - 1), the amounts `Money` accepts.
    """
    currency_st = (
        currencies if currencies is not None else st.sampled_from(sorted(CURRENCY_MINOR_UNITS))
    )
    return currency_st.flatmap(
        lambda c: st.decimals(
            min_value, max_value, places=CURRENCY_MINOR_UNITS[c], allow_nan=False
        ).map(lambda a: Money(a, c))
    )


def _marked(mark: str | None, text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    # With a mark, every personal text carries it, so a test can search output for it.
    return text if mark is None else text.map(lambda t: f"{mark} {t}".strip())


@lru_cache(maxsize=64)  # strategies are values: build each once
def person_names(*, mark: str | None = None) -> st.SearchStrategy[PersonName]:
    """Synthetic names in any script; shrinks towards a one-character family name.

    With *mark* (such as ``"PHI-MARK-7f3a"``), every part of the name contains it, so a test
    can check that no text casekit writes shows the name.
    """
    return st.builds(
        PersonName,
        family=_marked(mark, _text(12).filter(str.strip)),
        given=st.lists(_marked(mark, _text(12)), max_size=2).map(tuple),
        prefix=st.lists(_marked(mark, _text(8)), max_size=1).map(tuple),
    )


@lru_cache(maxsize=64)  # strategies are values: build each once
def identifiers(*, mark: str | None = None) -> st.SearchStrategy[Identifier]:
    """Member identifiers in the system ``urn:example:member``; shrinks towards ``"0"``.

    With *mark*, every value starts with it.
    """
    values = ids() if mark is None else ids().map(lambda i: f"{mark}-{i}")
    return st.builds(Identifier, st.just("urn:example:member"), values)


@lru_cache(maxsize=64)  # strategies are values: build each once
def patients(
    *, mark: str | None = None, birth_dates: st.SearchStrategy[pendulum.Date] | None = None
) -> st.SearchStrategy[Patient]:
    """Synthetic patients with contact points and member identifiers.

    Shrinks towards a patient born on 2000-01-01 with no contact points or identifiers. With
    *mark*, the name, every contact point and every identifier contain it; pass
    *birth_dates* (such as ``st.just(pendulum.date(1917, 3, 29))``) to fix the birth date too.
    """
    return st.builds(
        Patient,
        id=ids(),
        name=person_names(mark=mark),
        birth_date=birth_dates
        if birth_dates is not None
        else dates(dt.date(1900, 1, 1), dt.date(2025, 12, 31)),
        sex=st.sampled_from(AdministrativeSex),
        language=st.sampled_from(["en", "en-US", "es-419", "pt-BR", "fr-CA", "tl", "zh-Hant-TW"]),
        contact_points=st.lists(
            st.builds(
                ContactPoint,
                st.sampled_from(ContactPointSystem),
                _marked(mark, _text(20).filter(str.strip)),
                st.none() | st.sampled_from(ContactPointUse),
            ),
            max_size=2,
        ).map(tuple),
        identifiers=st.lists(identifiers(mark=mark), max_size=2).map(tuple),
    )


@lru_cache(maxsize=64)  # strategies are values: build each once
def case_managers() -> st.SearchStrategy[CaseManager]:
    """Case managers with credentials, licences and a share of time in case management."""
    return st.builds(
        CaseManager,
        id=ids(),
        credentials=st.lists(st.sampled_from(Credential), max_size=3, unique=True).map(tuple),
        licences=st.lists(
            st.builds(
                Licence,
                st.sampled_from(Credential),
                st.sampled_from(LicenceStatus),
                st.none() | dates(),
            ),
            max_size=2,
        ).map(tuple),
        case_management_share=st.decimals(0, 1, places=2),
    )


@lru_cache(maxsize=64)  # strategies are values: build each once
def assessments(
    at: st.SearchStrategy[dt.datetime] | None = None,
) -> st.SearchStrategy[Assessment]:
    """Assessments with needs, strengths, an optional risk level and tools."""
    return st.builds(
        Assessment,
        id=ids(),
        at=at if at is not None else aware_datetimes(),
        by=ids(),
        needs=st.lists(
            st.builds(Need, st.sampled_from(NeedDomain), st.sampled_from(Priority), _text()),
            max_size=3,
        ).map(tuple),
        strengths=st.lists(
            st.builds(Strength, st.sampled_from(StrengthSource), _text()), max_size=3
        ).map(tuple),
        risk=st.none() | st.sampled_from(RiskLevel),
        tools=st.lists(st.sampled_from(["PHQ-9", "GAD-7", "LACE", "Katz ADL"]), max_size=2).map(
            tuple
        ),
    )


@lru_cache(maxsize=64)  # strategies are values: build each once
def contacts() -> st.SearchStrategy[Contact]:
    """Contacts of every mode."""
    return st.builds(
        Contact,
        id=ids(),
        mode=st.sampled_from(ContactMode),
        at=aware_datetimes(),
        duration_minutes=st.integers(0, 600),
        by=ids(),
        with_whom=st.lists(ids(), max_size=3).map(tuple),
    )


_CODES = st.sampled_from(["CPT|99213", "CPT|97110", "HCPCS|G0506", "ICD-10-CM|S06.0X0A"]).map(
    Code.parse
)


def _strategy(value: object, name: str, kind: type | tuple[type, ...]) -> st.SearchStrategy[Any]:
    """Return *value* as a strategy: a strategy as it is, a *kind* value as ``st.just``."""
    if isinstance(value, st.SearchStrategy):
        return value
    if isinstance(value, kind):
        return st.just(value)
    names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
    raise InvalidArgument(f"{name} must be a {names} or a strategy of them")


def _sizes(min_size: int, max_size: int) -> None:
    if type(min_size) is not int or min_size < 0:
        raise InvalidArgument("min_size must be a whole number >= 0")
    if type(max_size) is not int or max_size < min_size:
        raise InvalidArgument("max_size must be a whole number >= min_size")


@lru_cache(maxsize=64)  # strategies are values: build each once
def _nonblank(max_size: int = 20) -> st.SearchStrategy[str]:
    return _text(max_size).filter(str.strip)


@lru_cache(maxsize=64)  # strategies are values: build each once
def goals(*, statuses: st.SearchStrategy[GoalStatus] | None = None) -> st.SearchStrategy[Goal]:
    """Care-plan goals with a synthetic description; shrinks towards a proposed goal, no date."""
    return st.builds(
        Goal,
        id=ids(),
        description=_nonblank(),
        target=st.none() | dates(),
        status=statuses if statuses is not None else st.sampled_from(GoalStatus),
        need_ids=st.lists(ids(), max_size=2).map(tuple),
        achievement_status=st.none() | st.sampled_from(AchievementStatus),
    )


@lru_cache(maxsize=64)  # strategies are values: build each once
def interventions(
    *, statuses: st.SearchStrategy[InterventionStatus] | None = None
) -> st.SearchStrategy[Intervention]:
    """Interventions with an optional service code, timing, setting and responsible party."""
    return st.builds(
        Intervention,
        id=ids(),
        description=_nonblank(),
        service=st.none() | _CODES,
        setting=st.none() | st.sampled_from(Setting),
        responsible=st.none() | st.sampled_from(ResponsibleParty),
        goal_ids=st.lists(ids(), max_size=2, unique=True).map(tuple),
        status=statuses if statuses is not None else st.sampled_from(InterventionStatus),
        need_ids=st.lists(ids(), max_size=2).map(tuple),
        provider=st.none() | ids(),
        timing=st.none()
        | st.builds(Timing, st.integers(1, 7), st.integers(1, 4), st.sampled_from(PeriodUnit)),
    )


def _without_goals(plan: CarePlan) -> CarePlan:
    # Interventions then serve no goal of the plan: the plan's own links still hold.
    if not plan.goals:
        return plan
    unlinked = tuple(attrs.evolve(i, goal_ids=()) for i in plan.interventions)
    return attrs.evolve(plan, goals=(), interventions=unlinked)


def _id_of(record: Goal | Intervention) -> str:
    return record.id


def _linked_plan(
    *,
    id: str,  # noqa: A002  # the field's name
    created_at: dt.datetime,
    author: str,
    goals: tuple[Goal, ...],
    interventions: tuple[Intervention, ...],
    status: PlanStatus,
) -> CarePlan:
    # A plan's interventions serve its own goals: point each drawn goal id at a goal the plan
    # has (by position), or at none when the plan has no goal.
    names = [g.id for g in goals]
    linked = tuple(
        attrs.evolve(
            item,
            goal_ids=tuple(
                dict.fromkeys(names[(n + j) % len(names)] for j in range(len(item.goal_ids)))
            )
            if names
            else (),
        )
        for n, item in enumerate(interventions)
    )
    return CarePlan(id, created_at, author, goals=goals, interventions=linked, status=status)


@lru_cache(maxsize=64)  # strategies are values: build each once
def care_plans(
    *, actionable: bool | None = None, created_at: st.SearchStrategy[dt.datetime] | None = None
) -> st.SearchStrategy[CarePlan]:
    """Care plans of goals and interventions; shrinks towards an empty draft plan.

    With *actionable* True every plan has a goal and an intervention (what the standard
    workflow's ``approve_plan`` needs); with False, it lacks one of them.
    """

    def build() -> st.SearchStrategy[CarePlan]:
        if actionable not in (None, True, False):
            raise InvalidArgument("actionable must be True, False or None")
        least = 1 if actionable else 0
        plan = st.builds(
            _linked_plan,
            id=ids(),
            created_at=created_at if created_at is not None else aware_datetimes(),
            author=ids(),
            goals=st.lists(goals(), min_size=least, max_size=3, unique_by=_id_of).map(tuple),
            interventions=st.lists(
                interventions(), min_size=least, max_size=3, unique_by=_id_of
            ).map(tuple),
            status=st.sampled_from(PlanStatus),
        )
        if actionable is False:
            return plan.map(_without_goals)
        return plan

    return st.deferred(build)


@lru_cache(maxsize=64)  # strategies are values: build each once
def referrals(
    *, statuses: st.SearchStrategy[ReferralStatus] | None = None
) -> st.SearchStrategy[Referral]:
    """Referrals to a provider, of every status unless *statuses* says."""
    return st.builds(
        Referral,
        id=ids(),
        to=ids(),
        requested_at=aware_datetimes(),
        service=st.none() | _CODES,
        reason=_text(),
        status=statuses if statuses is not None else st.sampled_from(ReferralStatus),
    )


@lru_cache(maxsize=64)  # strategies are values: build each once
def appointments() -> st.SearchStrategy[Appointment]:
    """Appointments with a provider, of every status."""
    return st.builds(
        Appointment,
        id=ids(),
        at=aware_datetimes(),
        provider=ids(),
        duration_minutes=st.integers(0, 240),
        purpose=_text(),
        status=st.sampled_from(AppointmentStatus),
    )


@lru_cache(maxsize=64)  # strategies are values: build each once
def outcomes() -> st.SearchStrategy[Outcome]:
    """Measured outcomes of a case (`casekit.case.Outcome`), maybe tied to a goal."""
    return st.builds(
        Outcome,
        id=ids(),
        at=aware_datetimes(),
        measure=_nonblank(),
        value=_text(),
        goal_id=st.none() | ids(),
    )


@lru_cache(maxsize=64)  # strategies are values: build each once
def _records() -> st.SearchStrategy[object]:
    return st.one_of(
        assessments(),
        contacts(),
        appointments(),
        referrals(),
        outcomes(),
        care_plans(),
    )


_VERBS: dict[type, Callable[..., Case]] = {
    Assessment: record_assessment,
    Contact: record_contact,
    Appointment: schedule_appointment,
    Referral: add_referral,
    Outcome: record_outcome,
    CarePlan: record_care_plan,
}


@lru_cache(maxsize=64)  # strategies are values: build each once
def _teams() -> st.SearchStrategy[CareTeam]:
    return st.builds(
        CareTeam,
        st.lists(st.builds(CareTeamMember, ids(), st.sampled_from(CareTeamRole)), max_size=3).map(
            tuple
        ),
    )


def _drawn_maker(draw: Callable[[st.SearchStrategy[Any]], Any]) -> _reach.Maker:
    """Return a maker of the records guards ask for, drawing their content."""

    def make(kind: str, case: Case, at: dt.datetime) -> object:
        del case
        if kind == "assessment":
            drawn = draw(assessments())
            return attrs.evolve(drawn, at=at, risk=drawn.risk or RiskLevel.LOW)
        if kind == "care_plan":
            return attrs.evolve(draw(care_plans(actionable=True)), created_at=at)
        return attrs.evolve(draw(contacts()), at=at)

    return make


def _event_data(value: object) -> dict[str, dict[str, EventValue]]:
    if value is None:
        return {}
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, Mapping) for k, v in value.items()
    ):
        raise InvalidArgument("event_data must map event names to dicts of event data")
    return {k: dict(v) for k, v in value.items()}


def _opened(draw: st.DrawFn, workflow: Workflow[Case]) -> Case:
    at = draw(aware_datetimes())
    patient = draw(patients())
    if patient.birth_date is not None and patient.birth_date > at.date():
        patient = attrs.evolve(patient, birth_date=at.date())  # nobody is taken on unborn
    return open_case(
        draw(ids()),
        patient=patient,
        manager=draw(case_managers()),
        model=draw(st.sampled_from(CareModel)),
        at=at,
        by=draw(ids()),
        workflow=workflow,
        team=draw(_teams()),
    )


def _later(draw: st.DrawFn, case: Case) -> dt.datetime:
    # Small steps (at most two days): time-boxed guards such as a reopen window still pass.
    return case.history[-1].at + dt.timedelta(minutes=draw(st.integers(0, 60 * 48)))


def _with_records(
    draw: st.DrawFn, case: Case, max_records: int, workflow: Workflow[Case] = STANDARD
) -> Case:
    # A drawn record the case refuses (a link to something it does not hold, a status move its
    # workflow forbids, a closed state) is left out: every case drawn holds only what it took.
    for record in draw(st.lists(_records(), max_size=max_records)):
        try:
            case = _VERBS[type(record)](
                case, record, at=_later(draw, case), by=draw(ids()), workflow=workflow
            )
        except (InvalidInputError, TransitionRefusedError):
            continue
    return case


def cases(
    *,
    workflow: Workflow[Case] = STANDARD,
    state: str | st.SearchStrategy[str] | None = None,
    max_records: int = 5,
    event_data: Mapping[str, Mapping[str, EventValue]] | None = None,
) -> st.SearchStrategy[Case]:
    """Cases under *workflow* in any reachable *state*, each through a valid history.

    The history is what the engine would record: the events of a shortest path to the state
    (found once per workflow, breadth-first over real cases), with the records and event data
    the guards ask for (an assessment with a risk level, an actionable care plan, a contact,
    ``closure_reason``...; give data for your own guards' events in *event_data*, by event
    name) and up to *max_records* other records on the way. Event times advance. The history
    replays with `casekit.lifecycle.replay`. Shrinks towards a case in the initial state with
    no records.

    Examples:
        >>> from hypothesis import given, settings
        >>> from casekit.lifecycle import replay
        >>> @settings(max_examples=10)
        ... @given(cases(state="monitoring"))
        ... def test_monitoring_cases_replay(case):
        ...     assert case.state == "monitoring"
        ...     assert replay(case.history, workflow=STANDARD) == case
        >>> test_monitoring_cases_replay()
    """

    def build() -> st.SearchStrategy[Case]:
        if not isinstance(workflow, Workflow):
            raise InvalidArgument("workflow must be a casekit Workflow")
        if type(max_records) is not int or max_records < 0:
            raise InvalidArgument("max_records must be a whole number >= 0")
        data = _event_data(event_data)
        routes = _reach.paths(workflow, data)
        if state is None:
            states: st.SearchStrategy[str] = st.sampled_from(list(routes))
        elif isinstance(state, str):
            if state not in routes:
                raise InvalidArgument(
                    f"state {state!r} is not a state cases can reach in workflow "
                    f"{workflow.id!r}; reachable: {', '.join(routes)}"
                )
            states = st.just(state)
        else:
            states = _strategy(state, "state", str).filter(routes.__contains__)
        return st.composite(_draw_case)(workflow, states, routes, max_records, data)

    return st.deferred(build)


def _draw_case(  # noqa: PLR0917  # private: the strategy's settings, passed along
    draw: st.DrawFn,
    workflow: Workflow[Case],
    states: st.SearchStrategy[str],
    routes: dict[str, tuple[str, ...]],
    max_records: int,
    data: dict[str, dict[str, EventValue]],
) -> Case:
    target = draw(states)
    case = _opened(draw, workflow)
    make = _drawn_maker(draw)
    spread = [draw(st.integers(0, max_records)) for _ in range(len(routes[target]) + 1)]
    budget = max_records
    for i, event in enumerate(routes[target]):
        case = _with_records(draw, case, min(spread[i], budget), workflow)
        budget -= min(spread[i], budget)
        at = _later(draw, case)
        moved = _reach.attempt(
            case, event, workflow=workflow, at=at, by=draw(ids()), data=data.get(event), make=make
        )
        assume(moved is not None)  # a guard that needs more than casekit knows to supply
        case = cast("Case", moved)
    return _with_records(draw, case, min(spread[-1], budget), workflow)


class Attempt(NamedTuple):
    """One step of a sequence `event_sequences` draws with ``refusals=True``.

    *event* is the event as the engine records it, or would have recorded it; *reasons* is
    empty when the workflow allowed it (it is then in the case's history) and otherwise holds
    what `casekit.lifecycle.check` said at that point.

    Examples:
        >>> from casekit.lifecycle.examples import example_case
        >>> Attempt(example_case().history[0], ()).refused
        False
    """

    event: CaseEvent
    reasons: tuple[Reason, ...]

    @property
    def refused(self) -> bool:
        """Whether the workflow refused the event."""
        return bool(self.reasons)


@overload
def event_sequences(
    workflow: Workflow[Case] = ...,
    *,
    refusals: Literal[False] = False,
    max_size: int = ...,
    event_data: Mapping[str, Mapping[str, EventValue]] | None = ...,
) -> st.SearchStrategy[tuple[CaseEvent, ...]]: ...


@overload
def event_sequences(
    workflow: Workflow[Case] = ...,
    *,
    refusals: Literal[True],
    max_size: int = ...,
    event_data: Mapping[str, Mapping[str, EventValue]] | None = ...,
) -> st.SearchStrategy[tuple[Attempt, ...]]: ...


def event_sequences(
    workflow: Workflow[Case] = STANDARD,
    *,
    refusals: bool = False,
    max_size: int = 8,
    event_data: Mapping[str, Mapping[str, EventValue]] | None = None,
) -> st.SearchStrategy[tuple[CaseEvent, ...]] | st.SearchStrategy[tuple[Attempt, ...]]:
    """Valid case histories under *workflow*: an ``opened`` event, then up to *max_size* steps.

    Each step is a workflow event chosen from those the case's state offers (with the records
    and data its guards ask for, as `cases` supplies them) or a record; times advance.
    `casekit.lifecycle.replay` accepts every history drawn. With *refusals* True, the
    strategy draws `Attempt`\\ s instead, with events the workflow refuses mixed in (each
    with its reasons); the attempts that were not refused form the history. Shrinks towards
    the ``opened`` event alone.

    Examples:
        >>> from hypothesis import given, settings
        >>> from casekit.lifecycle import replay
        >>> @settings(max_examples=10)
        ... @given(event_sequences(STANDARD))
        ... def test_histories_replay(events):
        ...     assert replay(events, workflow=STANDARD).history == events
        >>> test_histories_replay()
    """

    def build() -> st.SearchStrategy[Any]:
        if not isinstance(workflow, Workflow):
            raise InvalidArgument("workflow must be a casekit Workflow")
        if refusals not in (True, False):
            raise InvalidArgument("refusals must be True or False")
        _sizes(0, max_size)
        data = _event_data(event_data)
        return st.composite(_draw_sequence)(workflow, refusals, max_size, data)

    return st.deferred(build)


def _draw_sequence(
    draw: st.DrawFn,
    workflow: Workflow[Case],
    refusals: bool,  # noqa: FBT001  # private: the strategy's settings, passed along
    max_size: int,
    data: dict[str, dict[str, EventValue]],
) -> tuple[Any, ...]:
    case = _opened(draw, workflow)
    make = _drawn_maker(draw)
    steps: list[Attempt] = [Attempt(case.history[0], ())]
    kinds = ["event", "record", "refusal"] if refusals else ["event", "record"]
    names = sorted({t.event for t in workflow.transitions} | {"no_such_event"})
    for n in range(draw(st.integers(0, max_size))):
        kind = draw(st.sampled_from(kinds))
        at, by, before = _later(draw, case), draw(ids()), len(case.history)
        if kind == "record":
            case = _with_records(draw, case, 1, workflow)
        elif kind == "event":
            options = workflow.events_from(case.state)
            if not options:
                break
            event = draw(st.sampled_from(options))
            moved = _reach.attempt(
                case, event, workflow=workflow, at=at, by=by, data=data.get(event), make=make
            )
            case = case if moved is None else moved
        else:
            # Events refused as they come, without data ("no_such_event" always is).
            refusable = [e for e in names if check(case, e, at=at, by=by, workflow=workflow)]
            event = draw(st.sampled_from(refusable))
            why = check(case, event, at=at, by=by, workflow=workflow)
            seq = len(case.history) + 1
            refused = CaseEvent(
                seq, f"{case.id}.refused-{n}", event, case.state, case.state, at, at, by
            )
            steps.append(Attempt(refused, why))
        steps.extend(Attempt(e, ()) for e in case.history[before:])
    if refusals:
        return tuple(steps)
    return tuple(case.history)


def _needs_reason(subject: object, context: EventContext) -> tuple[Reason, ...]:
    del subject
    if context.datum("reason"):
        return ()
    return (Reason.of("lifecycle.reason_missing", event=context.event),)


WORKFLOW_GUARDS: dict[str, Any] = {"reason_given": _needs_reason}
"""The guard registry of the workflows `workflows` draws (to read them back from data)."""


@st.composite
def _workflow(draw: st.DrawFn, max_states: int) -> Workflow[Case]:
    n = draw(st.integers(2, max_states))
    names = [f"s{i}" for i in range(n)]
    finals = {names[-1]} | set(draw(st.lists(st.sampled_from(names[1:-1] or ["s1"]))))
    open_states = [s for s in names if s not in finals]
    states = [
        State(
            name,
            draw(st.sampled_from(StateCategory)),
            initial=i == 0,
            final=name in finals,
        )
        for i, name in enumerate(names)
    ]
    edges = [(a, b) for a, b in zip(open_states, [*open_states[1:], names[-1]], strict=True)]
    edges += [(draw(st.sampled_from(open_states)), f) for f in sorted(finals - {names[-1]})]
    edges += draw(
        st.lists(st.tuples(st.sampled_from(open_states), st.sampled_from(names)), max_size=n)
    )
    transitions = []
    for j, (source, target) in enumerate(edges):
        guarded = draw(st.booleans())
        transitions.append(
            Transition(
                f"go_{j}",
                [source],
                target,
                guards=["reason_given"] if guarded else [],
                overridable=["reason_given"] if guarded and draw(st.booleans()) else [],
            )
        )
    return Workflow(draw(ids()), states, transitions, guards=WORKFLOW_GUARDS)


def workflows(*, max_states: int = 6) -> st.SearchStrategy[Workflow[Case]]:
    """Valid workflows of 2 to *max_states* states, some transitions guarded.

    The states are ``s0`` (initial) to ``sN``; a path leads through every state to the last,
    which is final, with extra transitions drawn between them. A guarded transition needs a
    ``reason`` in its event data (guard ``reason_given``, in `WORKFLOW_GUARDS`). Shrinks
    towards two states and one transition.

    Examples:
        >>> from hypothesis import given
        >>> @given(workflows())
        ... def test_final_states_have_no_exits(wf):
        ...     assert all(not wf.events_from(s.name) for s in wf.states if s.final)
        >>> test_final_states_have_no_exits()
    """

    def build() -> st.SearchStrategy[Workflow[Case]]:
        if type(max_states) is not int or max_states < 2:  # noqa: PLR2004  # initial and final
            raise InvalidArgument("max_states must be a whole number >= 2")
        return _workflow(max_states)

    return st.deferred(build)


# --- coverage ------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _amounts(currency: str, top: int) -> st.SearchStrategy[Money]:
    return money(min_value=Decimal(0), max_value=Decimal(top), currencies=st.just(currency))


_CPT_SETS = ("99202-99215", "97110-97546", "90832-90853", "70010-79999", "99221-99239")


@lru_cache(maxsize=64)  # strategies are values: build each once
def code_sets() -> st.SearchStrategy[CodeSet]:
    """Code sets of CPT ranges and single codes, HCPCS codes or ICD-10-CM categories."""
    cpt = st.lists(
        st.sampled_from(_CPT_SETS) | st.integers(100, 99499).map("{:05d}".format),
        min_size=1,
        max_size=3,
        unique=True,
    ).map(lambda entries: CodeSet.of(CodeSystem.CPT, *entries, name="cpt-set"))
    hcpcs = st.lists(
        st.sampled_from(["G0506", "T1016", "A0428", "J1100"]), min_size=1, max_size=2, unique=True
    ).map(lambda entries: CodeSet.of(CodeSystem.HCPCS, *entries, name="hcpcs-set"))
    icd = st.lists(
        st.sampled_from(["I10", "E10-E11", "S06-S07", "F32-F33", "Z00"]),
        min_size=1,
        max_size=2,
        unique=True,
    ).map(lambda entries: CodeSet.of(CodeSystem.ICD10CM, *entries, name="icd-set"))
    return st.one_of(cpt, hcpcs, icd)


@lru_cache(maxsize=64)
def _limits(currency: str) -> st.SearchStrategy[Limit]:
    counts = st.builds(
        Limit,
        measure=st.sampled_from([Measure.VISITS, Measure.DAYS, Measure.UNITS]),
        max=st.integers(0, 60),
        per=st.none() | st.just(CalendarYear()),
        counter=st.none() | st.sampled_from(["therapy", "visits", "rx"]),
    )
    amounts = st.builds(
        Limit,
        measure=st.just(Measure.AMOUNT),
        max=_amounts(currency, 20000),
        per=st.none() | st.just(CalendarYear()),
    )
    return counts | amounts


@lru_cache(maxsize=64)
def _cost_shares(currency: str) -> st.SearchStrategy[tuple[CostShare, ...]]:
    @lru_cache(maxsize=8)
    def share(tier: Tier | None) -> st.SearchStrategy[CostShare]:
        return st.builds(
            CostShare,
            tier=st.just(tier),
            copay=st.none() | _amounts(currency, 100),
            coinsurance=st.decimals(0, 1, places=2),
            deductible_applies=st.booleans(),
            copay_timing=st.sampled_from(CopayTiming),
            copay_counts_toward_deductible=st.booleans(),
            copay_counts_toward_out_of_pocket=st.booleans(),
            deductible_waived_visits=st.integers(0, 3),
            coinsurance_max=st.none() | _amounts(currency, 5000),
            day_ranges=st.lists(
                st.builds(
                    DayRange,
                    first=st.just(1),
                    last=st.none() | st.integers(1, 90),
                    daily=st.none() | _amounts(currency, 500),
                ),
                max_size=1,
            ).map(tuple),
        )

    return (
        st.lists(st.none() | st.sampled_from(Tier), min_size=1, max_size=3, unique=True)
        .flatmap(lambda tiers: st.tuples(*(share(t) for t in tiers)))
        .map(tuple)
    )


def benefits(*, currency: str = "USD") -> st.SearchStrategy[Benefit]:
    """Benefits in *currency*: codes, cost shares per tier, limits, prior authorisation..."""

    def build() -> st.SearchStrategy[Benefit]:
        if currency not in CURRENCY_MINOR_UNITS:
            raise InvalidArgument("currency must be an ISO 4217 code such as USD")
        return _benefits(currency)

    return st.deferred(build)


@lru_cache(maxsize=64)
def _benefits(currency: str) -> st.SearchStrategy[Benefit]:
    return st.builds(
        Benefit,
        id=ids(),
        codes=st.none() | code_sets(),
        places_of_service=st.lists(st.sampled_from(["11", "21", "22", "31"]), max_size=2)
        .map(sorted)
        .map(tuple),
        covered=st.booleans(),
        cost_shares=_cost_shares(currency),
        limits=st.lists(_limits(currency), max_size=2).map(tuple),
        prior_authorization=st.booleans(),
        referral=st.booleans(),
        medical_necessity=st.none()
        | st.builds(
            MedicalNecessity,
            min_age=st.none() | st.integers(0, 40),
            sexes=st.lists(st.sampled_from(sorted(SEXES)), max_size=2, unique=True).map(tuple),
        ),
        waiting_period_days=st.integers(0, 90),
        documentation=st.none() | st.sampled_from(Documentation),
    )


@st.composite
def _plan(draw: st.DrawFn, currencies: st.SearchStrategy[str], max_benefits: int) -> Plan:
    currency = draw(currencies)
    if currency not in CURRENCY_MINOR_UNITS:
        raise InvalidArgument("currencies must draw ISO 4217 codes such as USD")
    chosen = draw(st.lists(st.sampled_from(Tier), min_size=1, max_size=3, unique=True))
    tiers = [
        draw(
            st.builds(
                TierTerms,
                tier=st.just(tier),
                deductible=st.none() | _amounts(currency, 5000),
                family_deductible=st.none() | _amounts(currency, 10000),
                out_of_pocket_max=st.none() | _amounts(currency, 15000),
                family_out_of_pocket_max=st.none() | _amounts(currency, 30000),
                shares_with=st.just(Tier.IN)
                if tier is Tier.PREFERRED and Tier.IN in chosen
                else st.none(),
                balance_billing=st.booleans(),
                denied_liability=st.sampled_from(Liability),
            )
        )
        for tier in chosen
    ]
    found = draw(
        st.lists(
            _benefits(currency),
            min_size=1,
            max_size=max_benefits,
            unique_by=lambda b: b.id,
        )
    )
    fees = draw(
        st.lists(
            st.builds(
                FeeScheduleEntry,
                code=codes(),
                amount=_amounts(currency, 3000),
                tier=st.none() | st.sampled_from(chosen),
            ),
            max_size=3,
            unique_by=lambda f: (f.code, f.tier),
        )
    )
    return Plan(
        draw(ids()),
        tiers=tiers,
        benefits=found,
        currency=currency,
        benefit_period=draw(
            st.just(CalendarYear())
            | st.builds(PlanYear, start_month=st.integers(1, 12), start_day=st.just(1))
            | st.builds(SpellOfIllness, gap_days=st.integers(1, 90))
        ),
        family_mode=draw(st.sampled_from(FamilyMode)),
        fee_schedule=fees,
        name=draw(_text(40)),
    )


def plans(
    *, currencies: st.SearchStrategy[str] | None = None, max_benefits: int = 4
) -> st.SearchStrategy[Plan]:
    """Benefit designs: network tiers, 1 to *max_benefits* benefits and a fee schedule.

    Every amount is in the plan's currency, drawn from *currencies* (US dollars by default:
    coverage rules are usually written in one currency). Shrinks towards an in-network plan
    with one benefit that covers everything.

    Examples:
        >>> from hypothesis import given, settings
        >>> from casekit.coverage import dump_plan, load_plan
        >>> @settings(max_examples=10)
        ... @given(plans())
        ... def test_plans_load_back(plan):
        ...     assert load_plan(dump_plan(plan)) == plan
        >>> test_plans_load_back()
    """

    def build() -> st.SearchStrategy[Plan]:
        if type(max_benefits) is not int or max_benefits < 1:
            raise InvalidArgument("max_benefits must be a whole number >= 1")
        chosen = st.just("USD") if currencies is None else _strategy(currencies, "currencies", str)
        return _plan(chosen, max_benefits)

    return st.deferred(build)


def policies(
    *,
    plan: Plan | st.SearchStrategy[Plan] | None = None,
    coverage_periods: st.SearchStrategy[DateRange] | None = None,
) -> st.SearchStrategy[Policy]:
    """One member's enrolment in *plan* (a `Plan` or a strategy of them; `plans` by default).

    Member ids, family ids and birth dates are synthetic. Coverage periods are drawn from
    *coverage_periods*, by default a year or less between 2000 and 2040. Shrinks towards a
    subscriber's self-only policy with no birth date.

    Examples:
        >>> from hypothesis import given
        >>> from casekit.coverage import Benefit, Plan, Tier, TierTerms
        >>> basic = Plan("basic", tiers=[TierTerms(Tier.IN)], benefits=[Benefit("all")])
        >>> @given(policies(plan=basic))
        ... def test_policies_keep_their_plan(policy):
        ...     assert policy.plan == basic
        >>> test_policies_keep_their_plan()
    """

    def build() -> st.SearchStrategy[Policy]:
        chosen = plans() if plan is None else _strategy(plan, "plan", Plan)
        periods = (
            coverage_periods
            if coverage_periods is not None
            else st.builds(
                lambda start, days: DateRange(start, start.add(days=days)),
                dates(dt.date(2000, 1, 1), dt.date(2040, 1, 1)),
                st.integers(0, 365),
            )
        )
        return st.builds(
            Policy,
            plan=chosen,
            coverage_period=_strategy(periods, "coverage_periods", DateRange),
            member_id=ids().map(lambda i: f"MBR-{i}"),
            member=st.sampled_from(["00", "01", "02"]),
            relationship=st.sampled_from(Relationship),
            coverage_level=st.sampled_from(CoverageLevel),
            family_id=st.none() | ids(),
            birth_date=st.none() | dates(dt.date(1920, 1, 1), dt.date(2020, 12, 31)),
            sex=st.none() | st.sampled_from(sorted(SEXES)),
        )

    return st.deferred(build)


def _plan_codes(plan: Plan) -> list[Code]:
    """One code from each entry of each benefit's code set: lines that match benefits."""
    return [
        Code(benefit.codes.system, entry.code.split("-")[0])
        for benefit in plan.benefits
        if benefit.codes is not None
        for entry in benefit.codes.entries
    ]


def _line_codes(plan: Plan) -> st.SearchStrategy[Code]:
    matching = _plan_codes(plan)
    return st.sampled_from(matching) | codes() if matching else codes()


@st.composite
def _lines(
    draw: st.DrawFn,
    policies_: st.SearchStrategy[Policy],
    on: st.SearchStrategy[dt.date] | None,
    min_size: int,
    max_size: int,
) -> tuple[ServiceLine, ...]:
    policy = draw(policies_)
    period = policy.coverage_period
    currency = policy.plan.currency
    days = on if on is not None else dates(period.start.add(days=-30), period.end.add(days=30))
    n = draw(st.integers(min_size, max_size))
    return tuple(
        draw(
            st.builds(
                ServiceLine,
                line_number=st.just(i),
                code=_line_codes(policy.plan),
                service_date=days,
                billed=_amounts(currency, 5000),
                units=st.integers(1, 10),
                place_of_service=st.none() | st.sampled_from(["11", "21", "22", "31"]),
                provider_kind=st.none() | st.sampled_from(["physician", "therapist"]),
                network=st.sampled_from(Tier),
                diagnoses=st.lists(
                    st.sampled_from(["I10", "E11.9", "S06.0X0A", "F32.A"]).map(
                        lambda value: Code(CodeSystem.ICD10CM, value)
                    ),
                    max_size=2,
                ).map(tuple),
                referral=st.booleans(),
                allowed=st.none() | _amounts(currency, 5000),
                authorization_id=st.none() | st.sampled_from(["PA-1", "PA-2"]),
            )
        )
        for i in range(1, n + 1)
    )


def service_lines(
    *,
    policy: Policy | st.SearchStrategy[Policy] | None = None,
    on: dt.date | st.SearchStrategy[dt.date] | None = None,
    min_size: int = 0,
    max_size: int = 5,
) -> st.SearchStrategy[tuple[ServiceLine, ...]]:
    """A claim's lines for *policy*: numbered from 1, in the plan's currency, ready to adjudicate.

    Codes are mostly ones the plan's benefits match; service dates are *on* (a date or a
    strategy of dates), by default within a month of the coverage period. Shrinks towards no
    lines (or *min_size* simple ones).

    Examples:
        >>> import pendulum
        >>> from hypothesis import given, settings
        >>> from casekit.coverage import Accumulators, adjudicate
        >>> @settings(max_examples=10)
        ... @given(policies().flatmap(lambda p: st.tuples(st.just(p), service_lines(policy=p))))
        ... def test_every_line_gets_a_decision(drawn):
        ...     policy, lines = drawn
        ...     result = adjudicate(policy, lines, accumulators=Accumulators.empty())
        ...     assert len(result.decisions) == len(lines)
        >>> test_every_line_gets_a_decision()
    """

    def build() -> st.SearchStrategy[tuple[ServiceLine, ...]]:
        _sizes(min_size, max_size)
        chosen = policies() if policy is None else _strategy(policy, "policy", Policy)
        days = None if on is None else _strategy(on, "on", dt.date)
        return _lines(chosen, days, min_size, max_size)

    return st.deferred(build)


def authorizations(
    *, policy: Policy | st.SearchStrategy[Policy] | None = None
) -> st.SearchStrategy[Authorization]:
    """Prior authorisations (``PA-1``, ``PA-2``) for a code of *policy*'s plan, in its period."""

    def build() -> st.SearchStrategy[Authorization]:
        chosen = policies() if policy is None else _strategy(policy, "policy", Policy)
        return chosen.flatmap(
            lambda p: st.builds(
                Authorization,
                id=st.sampled_from(["PA-1", "PA-2"]),
                code=_line_codes(p.plan),
                units=st.integers(1, 20),
                valid=date_ranges(
                    min_value=p.coverage_period.start, max_value=p.coverage_period.end
                ),
                member=st.just(p.member),
            )
        )

    return st.deferred(build)


def accumulators(
    *, policy: Policy | st.SearchStrategy[Policy] | None = None
) -> st.SearchStrategy[Accumulators]:
    """A member's running totals, as adjudicating earlier claims under *policy* leaves them.

    Totals come from `casekit.coverage.adjudicate` over drawn lines, so they are totals the
    plan can actually reach. Shrinks towards empty accumulators.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=10)
        ... @given(accumulators())
        ... def test_totals_are_never_negative(acc):
        ...     assert all(e.value >= 0 for e in acc.entries)
        >>> test_totals_are_never_negative()
    """

    def build() -> st.SearchStrategy[Accumulators]:
        chosen = policies() if policy is None else _strategy(policy, "policy", Policy)
        return chosen.flatmap(
            lambda p: service_lines(policy=p).map(
                lambda lines: (
                    adjudicate(
                        p, lines, accumulators=Accumulators.empty(p.plan.currency)
                    ).accumulators
                )
            )
        )

    return st.deferred(build)


def decisions(
    *, policy: Policy | st.SearchStrategy[Policy] | None = None
) -> st.SearchStrategy[Decision]:
    """Decisions `adjudicate` makes for a line under *policy*, with their traces."""

    def build() -> st.SearchStrategy[Decision]:
        chosen = policies() if policy is None else _strategy(policy, "policy", Policy)
        return chosen.flatmap(
            lambda p: service_lines(policy=p, min_size=1).map(
                lambda lines: adjudicate(
                    p, lines, accumulators=Accumulators.empty(p.plan.currency)
                ).decisions[0]
            )
        )

    return st.deferred(build)


@lru_cache(maxsize=64)  # strategies are values: build each once
def services() -> st.SearchStrategy[Service]:
    """Services asked about before they happen, some facts unknown (None)."""
    return st.builds(
        Service,
        code=codes(),
        units=st.integers(1, 10),
        place_of_service=st.none() | st.sampled_from(["11", "21"]),
        network=st.none() | st.sampled_from(Tier),
        referral=st.none() | st.booleans(),
    )


@lru_cache(maxsize=64)  # strategies are values: build each once
def codes() -> st.SearchStrategy[Code]:
    """Valid codes of CPT, HCPCS, ICD-10-CM and local systems; shrinks towards CPT 00100."""
    return st.one_of(
        st.integers(100, 99499).map(lambda n: Code(CodeSystem.CPT, f"{n:05d}")),
        st.builds(
            lambda letter, n: Code(CodeSystem.HCPCS, f"{letter}{n:04d}"),
            st.sampled_from("AGJT"),
            st.integers(0, 9999),
        ),
        st.sampled_from(["I10", "E11.9", "S06.0X0A", "Z00.00", "F32.A"]).map(
            lambda v: Code(CodeSystem.ICD10CM, v)
        ),
        ids().map(lambda v: Code(CodeSystem.LOCAL, v)),
    )


@lru_cache(maxsize=64)  # strategies are values: build each once
def date_ranges(
    *, min_value: dt.date = dt.date(1900, 1, 1), max_value: dt.date = dt.date(2100, 12, 31)
) -> st.SearchStrategy[DateRange]:
    """Date ranges inside the bounds, one day long or more; shrinks towards 2000-01-01 alone."""
    return st.tuples(dates(min_value, max_value), dates(min_value, max_value)).map(
        lambda pair: DateRange(min(pair), max(pair))
    )


@lru_cache(maxsize=64)  # strategies are values: build each once
def reasons() -> st.SearchStrategy[Reason]:
    """Reasons with a dotted code and text or whole-number parameters; shrinks to no params."""
    names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12)
    return st.builds(
        Reason,
        st.builds(lambda a, b: f"{a}.{b}", names, names),
        st.dictionaries(names, st.integers(-1000, 1000) | _text(12), max_size=3).map(
            lambda d: tuple(sorted(d.items()))
        ),
    )


def json_values(*, max_leaves: int = 20, nan: bool = True) -> st.SearchStrategy[object]:
    """Any value `json.loads` can return: null, booleans, numbers, text, lists and objects.

    For fuzzing readers. Floats include NaN and the infinities (which Python's `json` reads
    from ``NaN`` and ``Infinity``) unless *nan* is false; integers go past 64 bits; text is any
    Unicode, lone surrogates included. Shrinks towards ``None``.
    """
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=nan, allow_infinity=nan),
        st.text(max_size=30),
    )
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5)
        ),
        max_leaves=max_leaves,
    )


READY = True
"""Set on the module's last lines: the type registration may run (see `_hypothesis_hooks`)."""

from casekit.testing import _hypothesis_hooks  # noqa: E402  # last: it reads this module

_hypothesis_hooks.finish_pending()
