"""Use casekit's public API as an application would; mypy --strict checks that no Any leaks.

Each call's inferred type is pinned with `typing.assert_type`: mypy reports any call whose
result is `Any` (or anything else unexpected), so a weakened annotation fails CI.
"""

from __future__ import annotations

from decimal import Decimal
from typing import assert_type

import pendulum

import casekit
from casekit import (
    Accumulators,
    Case,
    CaseEvent,
    CaseManager,
    Code,
    CodeSet,
    CodeSystem,
    DateRange,
    Decision,
    Evaluation,
    Money,
    Patient,
    PersonName,
    Plan,
    Policy,
    Reason,
    ServiceLine,
    Trace,
    adjudicate,
    allowed_events,
    apply,
    check,
    check_coverage,
    dump_plan,
    from_dict,
    from_json,
    load_plan,
    open_case,
    replay,
    to_json,
)
from casekit.case import CareModel, Contact, ContactMode, record_contact
from casekit.ccm import CcmApplicant, Degree, DegreeField, DegreeLevel, ccm_exam_eligibility
from casekit.coverage import (
    Adjudication,
    Benefit,
    CostShare,
    CoverageAnswer,
    Service,
    Tier,
    TierTerms,
)
from casekit.lifecycle import STANDARD, EventOption, Workflow, to_mermaid
from casekit.periods import HolidayCalendar, add_business_days
from casekit.rules import all_of, code_in, count_below, load_rules

AT = pendulum.datetime(2025, 3, 3, 9, tz="UTC")


def a_case_moves_through_its_workflow() -> None:
    case = open_case(
        "case-1",
        patient=Patient("pt-1", PersonName("Synthetic"), pendulum.date(1990, 1, 1)),
        manager=CaseManager("cm-1"),
        model=CareModel.CLINICAL,
        at=AT,
        by="cm-1",
    )
    assert_type(case, Case)
    assert_type(check(case, "start_screening", at=AT, by="cm-1"), tuple[Reason, ...])
    assert_type(apply(case, "start_screening", at=AT, by="cm-1"), Case)
    assert_type(allowed_events(case, at=AT), tuple[EventOption, ...])
    assert_type(replay(case.history, workflow=STANDARD), Case)
    assert_type(STANDARD, Workflow[Case])
    assert_type(case.history[0], CaseEvent)
    call = Contact("ct-1", ContactMode.PHONE, AT, 10, "cm-1")
    assert_type(record_contact(case, call, at=AT, by="cm-1"), Case)
    assert_type(to_mermaid(STANDARD), str)
    assert_type(from_json(to_json(case), Case), Case)
    assert_type(from_dict({"amount": "1", "currency": "USD"}, Money), Money)


def a_claim_is_adjudicated() -> None:
    usd = Money.of("1500", "USD")
    assert_type(usd + usd, Money)
    assert_type(usd.rounded(), Money)
    plan = Plan(
        "p",
        tiers=[TierTerms(Tier.IN, deductible=usd)],
        benefits=[Benefit("all", cost_shares=[CostShare(coinsurance=Decimal("0.2"))])],
    )
    assert_type(load_plan(dump_plan(plan)), Plan)
    policy = Policy(plan, DateRange.of("2025-01-01", "2025-12-31"), member_id="M-1")
    line = ServiceLine(1, Code.parse("CPT|99213"), pendulum.date(2025, 2, 1), usd)
    result = adjudicate(policy, [line], accumulators=Accumulators.empty())
    assert_type(result, Adjudication)
    assert_type(result.decisions[0], Decision)
    assert_type(result.decisions[0].patient_share, Money)
    assert_type(result.decisions[0].trace, Trace)
    answer = check_coverage(policy, Service(Code.parse("CPT|99213")), on=pendulum.date(2025, 2, 1))
    assert_type(answer, CoverageAnswer)


def rules_explain_themselves() -> None:
    visits = CodeSet.of(CodeSystem.CPT, "99202-99215", name="visits")
    rule = all_of(code_in(visits), count_below(20, fact="visits_used"))
    outcome = rule.evaluate({"code": Code.parse("CPT|99213"), "visits_used": 3})
    assert_type(outcome, Evaluation)
    assert_type(outcome.reasons, tuple[Reason, ...])
    assert_type(load_rules({"flag": {"fact": "referred"}}).evaluate({"referred": True}), Evaluation)
    degree = Degree(field=DegreeField.NURSING, level=DegreeLevel.BACCALAUREATE)
    applicant = CcmApplicant(degrees=(degree,), case_management_share=Decimal("0.5"))
    assert_type(ccm_exam_eligibility(applicant, on=pendulum.date(2025, 1, 1)), Evaluation)


def dates_and_calendars() -> None:
    calendar = HolidayCalendar((pendulum.date(2025, 7, 4),))
    assert_type(add_business_days(pendulum.date(2025, 7, 3), 2, calendar=calendar), pendulum.Date)


assert_type(casekit.__version__, str)
