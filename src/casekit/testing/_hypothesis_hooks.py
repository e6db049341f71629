"""Hypothesis's ``hypothesis`` entry point: a strategy for every public casekit type.

Hypothesis calls `_register` when it is imported (``[project.entry-points.hypothesis]``),
so ``st.from_type(casekit.Case)`` works with no set-up. This module only registers strategies;
it builds each lazily, so registering costs nothing until a type is drawn.

Examples:
    >>> from hypothesis import given, strategies as st
    >>> import casekit
    >>> @given(st.from_type(casekit.Money))
    ... def test_money_from_type(m):
    ...     assert isinstance(m, casekit.Money)
    >>> test_money_from_type()
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["finish_pending", "register_type_strategies", "type_strategies"]


def type_strategies() -> dict[type, Any]:  # one flat table, one line a type
    """Return the strategy (or strategy function, for generic types) of every public type."""
    import datetime as dt  # noqa: PLC0415  # only when Hypothesis asks

    from hypothesis import strategies as st  # noqa: PLC0415

    import casekit  # noqa: PLC0415
    from casekit import (  # noqa: PLC0415
        assessment,
        careplan,
        case,
        coverage,
        errors,
        lifecycle,
        limits,
        people,
    )
    from casekit.ccm import (  # noqa: PLC0415
        CcmApplicant,
        Degree,
        DegreeField,
        DegreeLevel,
        Employment,
        EmploymentRole,
    )
    from casekit.codes import CodeSet, CodeSetEntry  # noqa: PLC0415
    from casekit.coverage import reason_codes  # noqa: PLC0415
    from casekit.identifiers import NPI, Identifier, luhn_check_digit  # noqa: PLC0415
    from casekit.lifecycle.standard import standard_guards  # noqa: PLC0415
    from casekit.periods import CalendarYear, HolidayCalendar, Lifetime, PlanYear  # noqa: PLC0415
    from casekit.rules import (  # noqa: PLC0415
        Authorizing,
        DatedParameter,
        ParameterHistory,
        Trace,
        count_below,
        flag,
    )
    from casekit.rules import Evaluation as RuleOutcome  # noqa: PLC0415
    from casekit.testing import strategies as cks  # noqa: PLC0415

    ids, text, usd = cks.ids(), cks._text(), cks._amounts("USD", 10000)  # noqa: SLF001  # own package
    names = st.sampled_from(["start", "accept", "close", "review"])
    npis = st.integers(10**8, 3 * 10**8 - 1).map(
        lambda n: NPI(f"{n}{luhn_check_digit('80840' + str(n))}")
    )
    traces = st.recursive(
        st.builds(Trace, rule=text, passed=st.booleans(), decisive=st.booleans()),
        lambda kids: st.builds(
            Trace,
            rule=text,
            passed=st.booleans(),
            decisive=st.booleans(),
            inputs=st.lists(st.tuples(ids, text), max_size=2).map(tuple),
            children=st.lists(kids, max_size=3).map(tuple),
        ),
        max_leaves=6,
    )
    rules = st.builds(count_below, st.integers(0, 30), fact=st.just("visits")) | st.builds(
        flag, st.sampled_from(["auth_on_file", "referral_on_file"])
    )
    problems = st.builds(errors.Problem, ids, ids, text)
    lines = cks.service_lines(min_size=1).map(lambda found: found[0])
    dated = st.builds(DatedParameter, cks.dates(), usd, text)

    def parameter_histories(_: object) -> st.SearchStrategy[Any]:
        return st.builds(
            ParameterHistory,
            st.just("synthetic.parameter"),
            st.lists(dated, min_size=1, max_size=3, unique_by=lambda d: d.effective_from),
        )

    def coverage_answers() -> st.SearchStrategy[Any]:
        return cks.policies().flatmap(
            lambda p: st.builds(
                coverage.check_coverage,
                st.just(p),
                cks.services(),
                on=cks.dates(p.coverage_period.start, p.coverage_period.end),
            )
        )

    return {
        # value objects
        casekit.Money: cks.money(),
        casekit.Code: cks.codes(),
        CodeSet: cks.code_sets(),
        CodeSetEntry: cks.code_sets().flatmap(lambda s: st.sampled_from(s.entries)),
        casekit.DateRange: cks.date_ranges(),
        CalendarYear: st.just(CalendarYear()),
        Lifetime: st.just(Lifetime()),
        PlanYear: st.builds(PlanYear, st.integers(1, 12), st.integers(1, 28)),
        HolidayCalendar: st.builds(
            HolidayCalendar,
            holidays=st.lists(cks.dates(), max_size=5),
            weekend=st.lists(st.integers(1, 7), max_size=6, unique=True).map(tuple),
        ),
        Identifier: cks.identifiers(),
        NPI: npis,
        # people
        casekit.Patient: cks.patients(),
        casekit.PersonName: cks.person_names(),
        casekit.CaseManager: cks.case_managers(),
        casekit.CareTeam: cks._teams(),  # noqa: SLF001  # own package
        people.CareTeamMember: st.builds(
            people.CareTeamMember, ids, st.sampled_from(people.CareTeamRole)
        ),
        people.ContactPoint: st.builds(
            people.ContactPoint,
            st.sampled_from(people.ContactPointSystem),
            cks._nonblank(),  # noqa: SLF001  # own package
        ),
        people.Licence: st.builds(
            people.Licence,
            st.sampled_from(people.Credential),
            st.sampled_from(people.LicenceStatus),
            st.none() | cks.dates(),
        ),
        casekit.Provider: st.builds(
            casekit.Provider,
            npi=npis,
            kind=st.sampled_from(people.ProviderKind),
            specialty=st.none() | text,
        ),
        Degree: st.builds(
            Degree,
            field=st.sampled_from(DegreeField),
            level=st.sampled_from(DegreeLevel),
            accredited=st.booleans(),
            supervised_field_experience=st.booleans(),
        ),
        Employment: st.builds(
            Employment,
            st.sampled_from(EmploymentRole),
            st.integers(0, 60),
            supervised_by_ccm=st.booleans(),
        ),
        CcmApplicant: st.builds(
            CcmApplicant,
            licences=st.lists(st.from_type(people.Licence), max_size=2).map(tuple),
            degrees=st.lists(st.from_type(Degree), max_size=2).map(tuple),
            employment=st.lists(st.from_type(Employment), max_size=3).map(tuple),
            case_management_share=st.none() | st.decimals(0, 1, places=2),
        ),
        # assessment and care plan
        casekit.Assessment: cks.assessments(),
        assessment.Need: st.builds(
            assessment.Need,
            st.sampled_from(assessment.NeedDomain),
            st.sampled_from(assessment.Priority),
            text,
            id=st.none() | ids,
        ),
        assessment.Strength: st.builds(
            assessment.Strength, st.sampled_from(assessment.StrengthSource), text
        ),
        casekit.CarePlan: cks.care_plans(),
        careplan.Goal: cks.goals(),
        careplan.Intervention: cks.interventions(),
        # cases
        casekit.Case: cks.cases(max_records=2),
        casekit.CaseEvent: cks.event_sequences(max_size=3).flatmap(st.sampled_from),
        casekit.Contact: cks.contacts(),
        case.Appointment: cks.appointments(),
        case.Referral: cks.referrals(),
        case.Outcome: cks.outcomes(),
        case.Opening: st.builds(
            case.Opening,
            case_id=ids,
            patient=cks.patients(),
            manager=cks.case_managers(),
            model=st.sampled_from(case.CareModel),
            workflow=ids,
            team=cks._teams(),  # noqa: SLF001  # own package
        ),
        # lifecycle
        casekit.Workflow: cks.workflows(),
        lifecycle.State: cks.workflows().flatmap(lambda w: st.sampled_from(w.states)),
        lifecycle.Transition: cks.workflows().flatmap(lambda w: st.sampled_from(w.transitions)),
        lifecycle.Deadline: st.builds(
            lifecycle.Deadline,
            st.sampled_from(["screening", "assessment"]),
            st.integers(0, 30),
            unit=st.sampled_from(lifecycle.DeadlineUnit),
            start_event=names,
            met_by=st.lists(names, min_size=1, max_size=2).map(tuple),
        ),
        lifecycle.EventContext: st.builds(
            lifecycle.EventContext,
            names,
            st.sampled_from(["referred", "monitoring"]),
            cks.aware_datetimes(),
            ids,
            st.dictionaries(st.sampled_from(["reason", "score"]), text | st.integers(0, 9)).map(
                lambda d: tuple(sorted(d.items()))
            ),
        ),
        lifecycle.EventOption: st.builds(
            lifecycle.EventOption,
            names,
            st.none() | st.sampled_from(["closed", "monitoring"]),
            st.lists(cks.reasons(), max_size=2).map(tuple),
        ),
        lifecycle.OpenDeadline: st.builds(
            lifecycle.OpenDeadline, names, cks.aware_datetimes(), cks.dates()
        ),
        lifecycle.Guard: st.sampled_from(sorted(standard_guards().items())).map(lambda p: p[1]),
        lifecycle.Subject: cks.goals() | cks.interventions() | cks.referrals(),
        # rules
        casekit.Reason: cks.reasons(),
        casekit.Rule: rules,
        Trace: traces,
        RuleOutcome: st.builds(
            lambda rule, n: rule.evaluate({"visits": n, "auth_on_file": n % 2 == 0}),
            st.builds(count_below, st.integers(0, 30), fact=st.just("visits")),
            st.integers(0, 40),
        ),
        DatedParameter: lambda _: dated,
        Authorizing: st.builds(_OnFile, st.frozensets(cks.codes().map(str), max_size=3)),
        ParameterHistory: parameter_histories,
        # coverage
        casekit.Plan: cks.plans(),
        casekit.Policy: cks.policies(),
        casekit.ServiceLine: lines,
        casekit.Accumulators: cks.accumulators(),
        casekit.Decision: cks.decisions(),
        coverage.Accumulated: st.builds(
            coverage.Accumulated,
            st.sampled_from(["member:00", "family"]),
            st.sampled_from(["in", "out"]),
            st.sampled_from(["deductible", "out_of_pocket", "visits"]),
            st.just("2025-01-01/2025-12-31"),
            st.decimals(0, 10000, places=2),
        ),
        coverage.Spell: st.builds(
            lambda member, start, days: coverage.Spell(member, start, start.add(days=days)),
            st.sampled_from(["00", "01"]),
            cks.dates(dt.date(2000, 1, 1), dt.date(2090, 1, 1)),
            st.integers(0, 60),
        ),
        coverage.Adjudication: cks.policies().flatmap(
            lambda p: cks.service_lines(policy=p).map(
                lambda found: coverage.adjudicate(
                    p, found, accumulators=coverage.Accumulators.empty(p.plan.currency)
                )
            )
        ),
        coverage.Adjustment: st.builds(
            coverage.Adjustment,
            st.sampled_from(reason_codes.Group),
            st.sampled_from(sorted(reason_codes.CARCS)),
            usd,
        ),
        coverage.Authorization: cks.authorizations(),
        coverage.Benefit: cks.benefits(),
        coverage.CostShare: cks._cost_shares("USD").map(lambda found: found[0]),  # noqa: SLF001  # own package
        coverage.DayRange: st.builds(
            coverage.DayRange, st.just(1), st.none() | st.integers(1, 90), st.none() | usd
        ),
        coverage.Limit: cks._limits("USD"),  # noqa: SLF001  # own package
        coverage.MedicalNecessity: st.builds(
            coverage.MedicalNecessity,
            diagnoses=st.none() | cks.code_sets(),
            min_age=st.none() | st.integers(0, 40),
        ),
        coverage.SpellOfIllness: st.builds(coverage.SpellOfIllness, st.integers(0, 90)),
        coverage.QualifyingStay: st.builds(
            coverage.QualifyingStay, st.integers(1, 5), st.integers(0, 60)
        ),
        coverage.TierTerms: st.builds(
            coverage.TierTerms, st.sampled_from(coverage.Tier), deductible=st.none() | usd
        ),
        coverage.FeeScheduleEntry: st.builds(coverage.FeeScheduleEntry, cks.codes(), usd),
        coverage.Service: cks.services(),
        coverage.CoverageAnswer: st.deferred(coverage_answers),
        reason_codes.ReasonCode: st.sampled_from(
            [reason_codes.CARCS[k] for k in sorted(reason_codes.CARCS)]
        ),
        # errors
        errors.Problem: problems,
        casekit.InvalidInputError: st.lists(problems, min_size=1, max_size=3).map(
            casekit.InvalidInputError
        ),
        casekit.InvalidDefinitionError: st.lists(problems, min_size=1, max_size=3).map(
            casekit.InvalidDefinitionError
        ),
        casekit.TransitionRefusedError: st.builds(
            casekit.TransitionRefusedError,
            names,
            st.sampled_from(["referred", "monitoring"]),
            st.lists(cks.reasons(), max_size=2),
        ),
        **_careplan_strategies(st, careplan, cks),
        limits.Budget: st.builds(
            limits.Budget,
            nodes=st.integers(1, 10**6),
            problems=st.integers(1, 1000),
            units_per_line=st.integers(1, 10**6),
            events_per_log=st.integers(1, 10**6),
        ),
        casekit.UnknownCodeError: st.builds(
            casekit.UnknownCodeError, st.sampled_from(["CPT", "CARC"]), st.just("00000")
        ),
        casekit.CaseKitError: st.builds(casekit.CaseKitError, text),
    }


def _careplan_strategies(st: Any, careplan: Any, cks: Any) -> dict[type, Any]:
    """Strategies for the care-management models' types: drawn fields, or valid examples."""
    import pendulum  # noqa: PLC0415  # only when Hypothesis asks

    from casekit.careplan import examples  # noqa: PLC0415

    models = ("strengths_based", "clinical", "brokerage", "intensive")
    profiles = (
        careplan.STRENGTHS_BASED,
        careplan.CLINICAL,
        careplan.BROKERAGE,
        careplan.INTENSIVE,
        careplan.TARGETED,
    )
    builders = (
        careplan.build_strengths_based,
        careplan.build_clinical,
        careplan.build_brokerage,
        careplan.build_intensive,
    )
    return {
        careplan.Timing: st.builds(
            careplan.Timing,
            st.integers(1, 7),
            st.integers(1, 4),
            st.sampled_from(careplan.PeriodUnit),
        ),
        careplan.Achievement: st.builds(
            careplan.Achievement,
            cks.aware_datetimes(),
            st.sampled_from(careplan.AchievementStatus),
            st.none() | st.decimals(0, 1000, places=1),
        ),
        careplan.PlanRevision: st.builds(
            careplan.PlanRevision,
            st.integers(1, 9),
            cks.aware_datetimes(),
            cks.ids(),
            st.sampled_from(careplan.RevisionReason),
        ),
        careplan.Flag: st.builds(
            careplan.Flag,
            st.sampled_from(["careplan.contact_overdue", "careplan.referral_unanswered"]),
            cks.ids(),
            cks.dates(),
            st.integers(0, 400),
        ),
        careplan.ContactSchedule: st.sampled_from(
            [examples.built(m).contact_schedule for m in models]
        ),
        careplan.ModelProfile: st.sampled_from(profiles),
        careplan.CarePlanBuilder: st.sampled_from(builders),
        careplan.ServiceOffer: st.sampled_from(examples.CATALOGUE.offers),
        careplan.Catalogue: st.just(examples.CATALOGUE),
        careplan.PlanOptions: st.just(examples.OPTIONS),
        careplan.Model: st.sampled_from(
            [careplan.Model(p, b) for p, b in zip(profiles, builders, strict=False)]
        ),
        careplan.Models: st.just(careplan.STANDARD_MODELS),
        careplan.TransitionalCareDeadlines: st.builds(
            careplan.transitional_care_deadlines,
            cks.dates(min_value=pendulum.date(2000, 1, 1), max_value=pendulum.date(2099, 1, 1)),
            complexity=st.sampled_from(careplan.TransitionalCareComplexity),
            calendar=st.just(_careplan_calendar()),
        ),
    }


def _careplan_calendar() -> Any:
    """An empty holiday calendar (the application supplies its own holidays)."""
    from casekit.periods import HolidayCalendar  # noqa: PLC0415

    return HolidayCalendar(())


class _OnFile:
    """A synthetic authorisation on file for the codes it holds, any day (`Authorizing`)."""

    __slots__ = ("codes",)

    def __init__(self, codes: frozenset[str]) -> None:
        self.codes = codes

    def authorizes(self, code: object, *, on: object) -> bool:
        del on
        return str(code) in self.codes


def register_type_strategies() -> None:
    """Register a strategy for every public casekit type with `st.register_type_strategy`."""
    from hypothesis import strategies as st  # noqa: PLC0415  # only when Hypothesis asks

    for cls, strategy in type_strategies().items():
        st.register_type_strategy(cls, strategy)


_pending: list[bool] = []


def _register() -> None:
    """Hypothesis's entry point: register casekit's strategies.

    When importing `casekit.testing.strategies` is what imports Hypothesis, this runs while
    that module is half built; registration then waits for the module's last line, which
    calls `finish_pending`.
    """
    partial = sys.modules.get("casekit.testing.strategies")
    if partial is not None and not getattr(partial, "READY", False):
        _pending.append(True)
        return
    register_type_strategies()


def finish_pending() -> None:
    """Register the strategies if the entry point had to wait for the strategies module."""
    if _pending:
        _pending.clear()
        register_type_strategies()
