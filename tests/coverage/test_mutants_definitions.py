"""The coverage nouns' contracts, pinned exactly: what each refuses, what it accepts, what it holds.

Each refusal is asserted as the whole `Problem` (path, stable code and English sentence), since
callers match on the code and show the sentence. Messages never carry the offending value.
Written for issue #5 (mutation testing `casekit.coverage`).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pendulum
import pytest
from cattrs.errors import ClassValidationError
from coverage_helpers import OFFICE, empty, line, policy_for, simple_plan, usd

from casekit import serialization
from casekit.coverage import (
    Accumulated,
    Accumulators,
    Adjudication,
    Authorization,
    Benefit,
    CostShare,
    Coverage,
    CoverageAnswer,
    DayRange,
    Decision,
    FeeScheduleEntry,
    InfoNeeded,
    Liability,
    Limit,
    Measure,
    MedicalNecessity,
    Plan,
    Policy,
    PriorAuth,
    Service,
    ServiceLine,
    Spell,
    SpellOfIllness,
    Tier,
    TierTerms,
    _decision,
    adjudicate,
    dump_plan,
    load_plan,
)
from casekit.coverage.medicare import part_a_plan
from casekit.errors import InvalidDefinitionError, InvalidInputError, Problem
from casekit.money import Money
from casekit.periods import CalendarYear, DateRange, Lifetime, PlanYear
from casekit.rules import Reason, Trace
from casekit.serialization import converter, from_dict, to_dict

FEB = pendulum.date(2025, 2, 15)
YEAR = DateRange.of("2025-01-01", "2025-12-31")
KEY = ("member:00", "in", "deductible", "2025-01-01/2025-12-31")


def eur(amount: str) -> Money:
    """Return euros."""
    return Money.of(amount, "EUR")


def one_tier_plan(*benefits: Benefit, **kwargs: Any) -> Plan:
    """Return a plan with a bare in-network tier and *benefits*."""
    return Plan("p", tiers=[TierTerms(Tier.IN)], benefits=list(benefits), **kwargs)


def problems_of(build: Callable[..., object], kwargs: dict[str, Any]) -> tuple[Problem, ...]:
    """Return the problems of the InvalidInputError raised by ``build(**kwargs)``."""
    with pytest.raises(InvalidInputError) as caught:
        build(**kwargs)
    return caught.value.problems


# Value types refuse what they cannot hold, with the exact problem.

_COUNT_MAX = Problem("max", "non_negative_int", "must be a whole number ≥ 0 for a count limit")
_AMOUNT_MAX = Problem("max", "type", "must be money ≥ 0 for an amount limit")
_WHOLE_1 = "must be a whole number ≥ 1"
_MONEY_OR_NONE = "must be money ≥ 0 or None"
_MEMBER = Problem("member", "member_sequence", "must be 1-8 letters or digits, such as '01'")
_UNITS = Problem("units", "positive_int", _WHOLE_1)
_ACC_VALUE = Problem("value", "decimal", "must be a finite Decimal ≥ 0")
_SPELL = Spell("00", FEB, FEB)
_ENTRY = Accumulated("member:00", "in", "deductible", "lifetime", Decimal(1))


def _policy(**kwargs: Any) -> Policy:
    return Policy(one_tier_plan(Benefit("b")), YEAR, member_id="M-1", **kwargs)


def _authorization(**kwargs: Any) -> Authorization:
    return Authorization("PA-1", OFFICE, 1, YEAR, **kwargs)


def _line(**kwargs: Any) -> ServiceLine:
    fields: dict[str, Any] = {
        "line_number": 1,
        "code": OFFICE,
        "service_date": FEB,
        "billed": usd("10"),
    }
    return ServiceLine(**(fields | kwargs))


_REFUSED = [
    # Limit.max: money for an amount limit, a whole number for a count.
    pytest.param(Limit, {"measure": Measure.AMOUNT, "max": 5}, _AMOUNT_MAX, id="amount-max-int"),
    pytest.param(
        Limit, {"measure": Measure.AMOUNT, "max": usd("-0.01")}, _AMOUNT_MAX, id="amount-max-neg"
    ),
    pytest.param(Limit, {"measure": Measure.VISITS, "max": -1}, _COUNT_MAX, id="count-max-neg"),
    pytest.param(Limit, {"measure": Measure.DAYS, "max": 1.5}, _COUNT_MAX, id="count-max-float"),
    pytest.param(Limit, {"measure": Measure.UNITS, "max": True}, _COUNT_MAX, id="count-max-bool"),
    pytest.param(
        Limit, {"measure": Measure.VISITS, "max": usd("3")}, _COUNT_MAX, id="count-max-money"
    ),
    pytest.param(
        Limit,
        {"measure": Measure.VISITS, "max": 1, "per": "year"},
        Problem(
            "per",
            "type",
            "must be CalendarYear, PlanYear, Lifetime, SpellOfIllness or None (the plan's period)",
        ),
        id="limit-per",
    ),
    # DayRange: whole days from 1, in order; money ≥ 0.
    pytest.param(DayRange, {"first": 0}, Problem("first", "positive_int", _WHOLE_1), id="first-0"),
    pytest.param(
        DayRange, {"first": True}, Problem("first", "positive_int", _WHOLE_1), id="first-bool"
    ),
    pytest.param(
        DayRange, {"first": 1, "last": 0}, Problem("last", "positive_int", _WHOLE_1), id="last-0"
    ),
    pytest.param(
        DayRange,
        {"first": 1, "reserve": 0},
        Problem("reserve", "positive_int", _WHOLE_1),
        id="reserve-0",
    ),
    pytest.param(
        DayRange,
        {"first": 5, "last": 4},
        Problem("last", "range_order", "must be ≥ first, or None for no end"),
        id="last-before-first",
    ),
    pytest.param(
        DayRange,
        {"first": 1, "daily": usd("-0.01")},
        Problem("daily", "money", _MONEY_OR_NONE),
        id="daily-neg",
    ),
    pytest.param(
        DayRange,
        {"first": 1, "daily": 5},
        Problem("daily", "money", _MONEY_OR_NONE),
        id="daily-int",
    ),
    # CostShare.
    pytest.param(
        CostShare,
        {"tier": "in"},
        Problem("tier", "type", "must be a Tier or None for every tier"),
        id="cost-share-tier",
    ),
    pytest.param(
        CostShare, {"copay": usd("-1")}, Problem("copay", "money", _MONEY_OR_NONE), id="copay-neg"
    ),
    pytest.param(
        CostShare,
        {"coinsurance_max": "5"},
        Problem("coinsurance_max", "money", _MONEY_OR_NONE),
        id="coinsurance-max-text",
    ),
    # MedicalNecessity: ages are whole years, max at least min.
    pytest.param(
        MedicalNecessity,
        {"min_age": -1},
        Problem("min_age", "non_negative_int", "must be a whole number ≥ 0 or None"),
        id="min-age-neg",
    ),
    pytest.param(
        MedicalNecessity,
        {"min_age": 1.0},
        Problem("min_age", "non_negative_int", "must be a whole number ≥ 0 or None"),
        id="min-age-float",
    ),
    pytest.param(
        MedicalNecessity,
        {"max_age": -1},
        Problem("max_age", "non_negative_int", "must be a whole number ≥ 0"),
        id="max-age-neg",
    ),
    pytest.param(
        MedicalNecessity,
        {"max_age": "9"},
        Problem("max_age", "non_negative_int", "must be a whole number ≥ 0"),
        id="max-age-text",
    ),
    pytest.param(
        MedicalNecessity,
        {"min_age": 50, "max_age": 49},
        Problem("max_age", "range_order", "must be ≥ min_age"),
        id="max-age-under-min",
    ),
    # Benefit.cost_shares: CostShare items, each tier at most once.
    pytest.param(
        Benefit,
        {"id": "b", "cost_shares": [CostShare(Tier.IN), CostShare(Tier.IN)]},
        Problem("cost_shares", "duplicate_tier", "must give each tier (or None) at most once"),
        id="cost-shares-tier-twice",
    ),
    pytest.param(
        Benefit,
        {"id": "b", "cost_shares": [CostShare(), CostShare()]},
        Problem("cost_shares", "duplicate_tier", "must give each tier (or None) at most once"),
        id="cost-shares-all-tiers-twice",
    ),
    pytest.param(
        Benefit,
        {"id": "b", "cost_shares": [CostShare(), "x"]},
        Problem("cost_shares[1]", "type", "must be CostShare"),
        id="cost-shares-item",
    ),
    # TierTerms and Plan.
    pytest.param(
        TierTerms,
        {"tier": Tier.IN, "out_of_pocket_max": usd("-1")},
        Problem("out_of_pocket_max", "money", _MONEY_OR_NONE),
        id="oop-neg",
    ),
    pytest.param(
        TierTerms,
        {"tier": Tier.IN, "family_deductible": 100},
        Problem("family_deductible", "money", _MONEY_OR_NONE),
        id="family-deductible-int",
    ),
    pytest.param(
        Plan,
        {"id": "p", "tiers": [], "benefits": [], "currency": "usd"},
        Problem("currency", "currency", "must be an ISO 4217 code in capitals, such as USD"),
        id="plan-currency",
    ),
    pytest.param(
        Plan,
        {"id": "p", "tiers": [], "benefits": [], "benefit_period": None},
        Problem(
            "benefit_period",
            "type",
            "must be CalendarYear, PlanYear or SpellOfIllness; use a Limit for lifetime caps",
        ),
        id="plan-period-none",
    ),
    pytest.param(
        Plan,
        {"id": "p", "tiers": [], "benefits": [], "benefit_period": Lifetime()},
        Problem(
            "benefit_period",
            "type",
            "must be CalendarYear, PlanYear or SpellOfIllness; use a Limit for lifetime caps",
        ),
        id="plan-period-lifetime",
    ),
    # Policy, ServiceLine, Service and Authorization.
    pytest.param(_policy, {"member": ""}, _MEMBER, id="member-empty"),
    pytest.param(_policy, {"member": "123456789"}, _MEMBER, id="member-9-long"),
    pytest.param(_policy, {"member": "0-1"}, _MEMBER, id="member-punctuation"),
    pytest.param(_policy, {"member": 1}, _MEMBER, id="member-int"),
    pytest.param(_authorization, {"member": "0 1"}, _MEMBER, id="authorisation-member"),
    pytest.param(
        _policy,
        {"sex": 1},
        Problem("sex", "type", "must be an administrative sex code or None"),
        id="sex-int",
    ),
    pytest.param(_line, {"units": 0}, _UNITS, id="line-units-0"),
    pytest.param(_line, {"units": 2.0}, _UNITS, id="line-units-float"),
    pytest.param(Service, {"code": OFFICE, "units": 0}, _UNITS, id="service-units-0"),
    pytest.param(
        Authorization,
        {"id": "PA-1", "code": OFFICE, "units": False, "valid": YEAR},
        _UNITS,
        id="authorisation-units-bool",
    ),
    pytest.param(
        _line,
        {"line_number": 0},
        Problem("line_number", "positive_int", _WHOLE_1),
        id="line-number-0",
    ),
    pytest.param(
        _line,
        {"line_number": True},
        Problem("line_number", "positive_int", _WHOLE_1),
        id="line-number-bool",
    ),
    pytest.param(
        _line,
        {"billed": usd("-0.01")},
        Problem("billed", "money", "must be money ≥ 0"),
        id="billed-neg",
    ),
    pytest.param(
        _line, {"billed": "10"}, Problem("billed", "money", "must be money ≥ 0"), id="billed-text"
    ),
    pytest.param(
        _line,
        {"allowed": usd("-1")},
        Problem("allowed", "money", "must be money ≥ 0"),
        id="allowed-neg",
    ),
    # Accumulators.
    pytest.param(
        Accumulated,
        {"scope": "s", "bucket": "b", "measure": "m", "period": "p", "value": Decimal(-1)},
        _ACC_VALUE,
        id="accumulated-neg",
    ),
    pytest.param(
        Accumulated,
        {"scope": "s", "bucket": "b", "measure": "m", "period": "p", "value": Decimal("NaN")},
        _ACC_VALUE,
        id="accumulated-nan",
    ),
    pytest.param(
        Accumulated,
        {"scope": "s", "bucket": "b", "measure": "m", "period": "p", "value": 1},
        _ACC_VALUE,
        id="accumulated-int",
    ),
    pytest.param(
        Accumulators,
        {"currency": "EURO"},
        Problem("currency", "currency", "must be an ISO 4217 code such as USD"),
        id="accumulators-currency",
    ),
    pytest.param(
        Accumulators,
        {"entries": (_ENTRY, _ENTRY)},
        Problem("entries", "duplicate", "must hold each key at most once"),
        id="entries-repeated",
    ),
    pytest.param(
        Accumulators,
        {"entries": (_ENTRY, "x")},
        Problem("entries[1]", "type", "must be Accumulated"),
        id="entries-item",
    ),
    pytest.param(
        Accumulators,
        {"entries": 5},
        Problem("entries", "type", "must be a tuple of Accumulated"),
        id="entries-not-a-tuple",
    ),
    pytest.param(
        Accumulators,
        {"entries": ""},
        Problem("entries", "type", "must be a tuple of Accumulated"),
        id="entries-empty-text",
    ),
    pytest.param(
        Accumulators,
        {"spells": (_SPELL, _SPELL)},
        Problem("spells", "duplicate", "must hold one spell per member"),
        id="spells-repeated",
    ),
    pytest.param(
        Accumulators,
        {"spells": ("x",)},
        Problem("spells[0]", "type", "must be Spell"),
        id="spells-item",
    ),
    # CoverageAnswer.details.
    pytest.param(
        CoverageAnswer,
        {"covered": Coverage.COVERED, "pa_needed": PriorAuth.NO_AUTH, "details": [("a",)]},
        Problem("details", "type", "must be (name, value) pairs"),
        id="details-single",
    ),
    pytest.param(
        CoverageAnswer,
        {"covered": Coverage.COVERED, "pa_needed": PriorAuth.NO_AUTH, "details": [(1, "a")]},
        Problem("details", "type", "must be (name, value) pairs"),
        id="details-unnamed",
    ),
    pytest.param(
        CoverageAnswer,
        {"covered": Coverage.COVERED, "pa_needed": PriorAuth.NO_AUTH, "details": [["a", 1]]},
        Problem("details", "type", "must be (name, value) pairs"),
        id="details-list",
    ),
]


@pytest.mark.parametrize(("build", "kwargs", "expected"), _REFUSED)
def test_value_types_refuse_invalid_fields_with_one_exact_problem(
    build: Callable[..., object], kwargs: dict[str, Any], expected: Problem
) -> None:
    """Each invalid field raises InvalidInputError holding exactly its (path, code, message)."""

    problems = problems_of(build, kwargs)

    assert problems == (expected,)


def test_a_plan_period_that_is_not_a_period_is_refused_at_benefit_period() -> None:
    """A benefit period given as text is refused at ``benefit_period`` as a type problem."""

    problems = problems_of(Plan, {"id": "p", "tiers": [], "benefits": [], "benefit_period": "y"})

    assert [(p.path, p.code) for p in problems] == [("benefit_period", "type")]


def test_the_benefit_period_message_offers_only_what_a_plan_accepts() -> None:
    """The fix-it hint for a wrong benefit period names neither Lifetime nor None."""

    (problem,) = problems_of(Plan, {"id": "p", "tiers": [], "benefits": [], "benefit_period": "y"})

    assert "Lifetime" not in problem.message
    assert "None" not in problem.message


# Value types accept values exactly at their limits.

_ACCEPTED = [
    pytest.param(Limit, {"measure": Measure.AMOUNT, "max": usd("0")}, "max", id="amount-max-0"),
    pytest.param(
        Limit, {"measure": Measure.AMOUNT, "max": usd("0.50")}, "max", id="amount-max-cents"
    ),
    pytest.param(Limit, {"measure": Measure.VISITS, "max": 0}, "max", id="count-max-0"),
    pytest.param(
        Limit,
        {"measure": Measure.VISITS, "max": 1, "per": SpellOfIllness()},
        "per",
        id="limit-per-spell",
    ),
    pytest.param(DayRange, {"first": 1, "last": 1}, "last", id="day-range-one-day"),
    pytest.param(DayRange, {"first": 5, "last": 5}, "last", id="day-range-first-is-last"),
    pytest.param(DayRange, {"first": 1, "reserve": 1}, "reserve", id="reserve-1"),
    pytest.param(DayRange, {"first": 1, "daily": usd("0")}, "daily", id="daily-0"),
    pytest.param(DayRange, {"first": 1, "daily": usd("0.50")}, "daily", id="daily-cents"),
    pytest.param(CostShare, {"copay": usd("0")}, "copay", id="copay-0"),
    pytest.param(CostShare, {"coinsurance_max": usd("0.99")}, "coinsurance_max", id="coins-max"),
    pytest.param(MedicalNecessity, {"min_age": 0}, "min_age", id="min-age-0"),
    pytest.param(MedicalNecessity, {"max_age": 0}, "max_age", id="max-age-0"),
    pytest.param(MedicalNecessity, {"min_age": 0, "max_age": 0}, "max_age", id="ages-0-0"),
    pytest.param(MedicalNecessity, {"min_age": 40, "max_age": 40}, "max_age", id="ages-equal"),
    pytest.param(TierTerms, {"tier": Tier.IN, "deductible": usd("0")}, "deductible", id="ded-0"),
    pytest.param(
        TierTerms, {"tier": Tier.IN, "deductible": usd("0.50")}, "deductible", id="ded-cents"
    ),
    pytest.param(_policy, {"member": "1"}, "member", id="member-1-long"),
    pytest.param(_policy, {"member": "A1234567"}, "member", id="member-8-long"),
    pytest.param(_policy, {"sex": "female"}, "sex", id="sex-text"),
    pytest.param(_line, {"units": 1}, "units", id="units-1"),
    pytest.param(_line, {"line_number": 1}, "line_number", id="line-number-1"),
    pytest.param(_line, {"billed": usd("0")}, "billed", id="billed-0"),
    pytest.param(_line, {"billed": usd("0.50")}, "billed", id="billed-cents"),
    pytest.param(_line, {"allowed": usd("0")}, "allowed", id="allowed-0"),
    pytest.param(
        Accumulated,
        {"scope": "s", "bucket": "b", "measure": "m", "period": "p", "value": Decimal(0)},
        "value",
        id="accumulated-0",
    ),
]


@pytest.mark.parametrize(("build", "kwargs", "field"), _ACCEPTED)
def test_value_types_accept_values_at_their_limits(
    build: Callable[..., object], kwargs: dict[str, Any], field: str
) -> None:
    """A value exactly at a field's limit is accepted and kept as given."""

    built = build(**kwargs)

    assert getattr(built, field) == kwargs[field]


_INCONSISTENT = Problem(
    "covered",
    "inconsistent",
    "not covered never says whether prior authorisation is needed; info_needed is given "
    "exactly when covered, pa_needed or doc_needed is conditional; a satisfied authorisation "
    "carries its id",
)
_ONE_CONDITIONAL_PART = pytest.mark.parametrize(
    ("pa_needed", "doc_needed"),
    [(PriorAuth.CONDITIONAL, None), (PriorAuth.NO_AUTH, "conditional")],
    ids=["pa-conditional", "doc-conditional"],
)


@_ONE_CONDITIONAL_PART
def test_a_covered_answer_with_one_conditional_part_says_what_is_needed(
    pa_needed: PriorAuth, doc_needed: str | None
) -> None:
    """A conditional pa_needed or doc_needed alone is consistent once info_needed is given."""

    answer = CoverageAnswer(
        Coverage.COVERED, pa_needed, doc_needed=doc_needed, info_needed=(InfoNeeded.OTHER,)
    )

    assert answer.info_needed == (InfoNeeded.OTHER,)


@_ONE_CONDITIONAL_PART
def test_a_covered_answer_with_one_conditional_part_and_no_info_needed_is_refused(
    pa_needed: PriorAuth, doc_needed: str | None
) -> None:
    """Without info_needed, a conditional pa_needed or doc_needed is one exact problem."""
    kwargs = {"covered": Coverage.COVERED, "pa_needed": pa_needed, "doc_needed": doc_needed}

    problems = problems_of(CoverageAnswer, kwargs)

    assert problems == (_INCONSISTENT,)


def test_a_not_covered_answer_naming_an_authorisation_is_refused() -> None:
    """A not-covered answer that says whether authorisation is needed is one exact problem."""
    kwargs = {
        "covered": Coverage.NOT_COVERED,
        "pa_needed": PriorAuth.AUTH_NEEDED,
        "reasons": (Reason("coverage.not_covered_excluded"),),
    }

    problems = problems_of(CoverageAnswer, kwargs)

    assert problems == (_INCONSISTENT,)


def test_a_not_covered_answer_carries_reasons_and_no_authorisation() -> None:
    """A consistent not-covered answer is accepted as given."""

    answer = CoverageAnswer(Coverage.NOT_COVERED, reasons=(Reason("coverage.not_covered"),))

    assert (answer.pa_needed, answer.info_needed) == (None, ())


def test_a_plan_that_cannot_work_lists_every_problem_exactly() -> None:
    """Duplicates, self-shared or unknown tiers and foreign money are each one exact problem."""
    euro_benefit = Benefit(
        "a",
        cost_shares=[
            CostShare(Tier.IN, copay=eur("5")),
            CostShare(Tier.OUT, day_ranges=[DayRange(1, 2), DayRange(3, daily=eur("1"))]),
        ],
        limits=[Limit(Measure.AMOUNT, eur("100"))],
    )

    with pytest.raises(InvalidDefinitionError) as caught:
        Plan(
            "bad",
            tiers=[
                TierTerms(Tier.IN, deductible=eur("1")),
                TierTerms(Tier.IN, shares_with=Tier.IN),
                TierTerms(Tier.PREFERRED, shares_with=Tier.OUT),
            ],
            benefits=[euro_benefit, Benefit("b"), Benefit("a")],
            fee_schedule=[FeeScheduleEntry(OFFICE, eur("9"))],
        )

    unknown = "must name another tier the plan defines"
    foreign = "must be in the plan's currency"
    assert caught.value.problems == (
        Problem(
            "benefits[2].id", "duplicate", "must be unique within the plan; rename one of them"
        ),
        Problem("tiers[1].tier", "duplicate", "must appear once; merge the two terms"),
        Problem("tiers[1].shares_with", "unknown_tier", unknown),
        Problem("tiers[2].shares_with", "unknown_tier", unknown),
        Problem("tiers[0].deductible", "currency_mismatch", foreign),
        Problem("benefits[0].cost_shares[0].copay", "currency_mismatch", foreign),
        Problem("benefits[0].cost_shares[1].day_ranges[1].daily", "currency_mismatch", foreign),
        Problem("benefits[0].limits[0].max", "currency_mismatch", foreign),
        Problem("fee_schedule[0].amount", "currency_mismatch", foreign),
    )


def test_a_plan_in_another_currency_accepts_money_in_that_currency() -> None:
    """A euro plan with euro amounts has no currency problem."""

    plan = Plan("eu", tiers=[TierTerms(Tier.IN, deductible=eur("1"))], benefits=[], currency="EUR")

    assert plan.tiers[0].deductible == eur("1")


# Plans as data.


def test_a_minimal_plan_dumps_to_exactly_this_data() -> None:
    """dump_plan writes every field, defaults included, as plain JSON-ready data."""

    data = dump_plan(one_tier_plan(Benefit("a")))

    assert data == {
        "id": "p",
        "tiers": [
            {
                "tier": "in",
                "deductible": None,
                "family_deductible": None,
                "out_of_pocket_max": None,
                "family_out_of_pocket_max": None,
                "shares_with": None,
                "balance_billing": False,
                "denied_liability": "provider",
            }
        ],
        "benefits": [
            {
                "id": "a",
                "codes": None,
                "places_of_service": [],
                "provider_kinds": [],
                "covered": True,
                "cost_shares": [
                    {
                        "tier": None,
                        "copay": None,
                        "coinsurance": "0",
                        "deductible_applies": True,
                        "copay_timing": "before_deductible",
                        "copay_counts_toward_deductible": False,
                        "copay_counts_toward_out_of_pocket": True,
                        "deductible_waived_visits": 0,
                        "coinsurance_max": None,
                        "day_ranges": [],
                    }
                ],
                "limits": [],
                "prior_authorization": False,
                "referral": False,
                "medical_necessity": None,
                "waiting_period_days": 0,
                "documentation": None,
            }
        ],
        "currency": "USD",
        "benefit_period": {"kind": "calendar_year"},
        "family_mode": "embedded",
        "fee_schedule": [],
        "name": "",
    }
    assert load_plan(data) == one_tier_plan(Benefit("a"))


@pytest.mark.parametrize(
    "period",
    [CalendarYear(), PlanYear(10, 1), SpellOfIllness(gap_days=30, places_of_service=("21",))],
    ids=["calendar-year", "plan-year", "spell"],
)
def test_every_benefit_period_loads_back_equal(period: Any) -> None:
    """Each kind of benefit period survives dump_plan and load_plan unchanged."""

    plan = one_tier_plan(Benefit("a"), benefit_period=period)

    assert load_plan(dump_plan(plan)).benefit_period == period


@pytest.mark.parametrize("other", ["plan", None, {"id": "p"}], ids=["text", "none", "dict"])
def test_dump_plan_refuses_anything_but_a_plan(other: Any) -> None:
    """dump_plan raises one exact type problem at ``plan``."""

    assert problems_of(dump_plan, {"plan": other}) == (Problem("plan", "type", "must be a Plan"),)


# Medicare Part A, year by year.

# year: (deductible, days 61-90 daily, lifetime reserve daily, skilled nursing days 21-100 daily)
_PART_A = {
    2006: ("952", "238", "476", "119"),
    2015: ("1260", "315", "630", "157.50"),
    2016: ("1288", "322", "644", "161"),
    2018: ("1340", "335", "670", "167.50"),
    2023: ("1600", "400", "800", "200"),
    2024: ("1632", "408", "816", "204"),
    2025: ("1676", "419", "838", "209.50"),
    2026: ("1736", "434", "868", "217.00"),
}


@pytest.mark.parametrize("year", sorted(_PART_A))
@pytest.mark.parametrize(("month", "day"), [(1, 1), (12, 31)], ids=["1-jan", "31-dec"])
def test_part_a_plan_publishes_that_years_amounts(year: int, month: int, day: int) -> None:
    """From 1 January to 31 December, the plan carries that year's CMS amounts and day ranges."""
    deductible, coins, reserve, snf = (usd(a) for a in _PART_A[year])

    plan = part_a_plan(on=pendulum.date(year, month, day))

    inpatient, skilled = plan.benefits
    assert (plan.id, plan.name) == (f"medicare-part-a-{year}", f"Original Medicare Part A ({year})")
    assert (plan.currency, plan.benefit_period, plan.fee_schedule) == ("USD", SpellOfIllness(), ())
    assert plan.tiers == (
        TierTerms(Tier.IN, deductible=deductible, denied_liability=Liability.PATIENT),
    )
    assert (inpatient.id, inpatient.places_of_service) == ("inpatient", ("21",))
    assert inpatient.cost_shares == (
        CostShare(
            day_ranges=(
                DayRange(1, 60),
                DayRange(61, 90, daily=coins),
                DayRange(91, None, daily=reserve, reserve=60),
            )
        ),
    )
    assert (skilled.id, skilled.places_of_service) == ("skilled_nursing", ("31",))
    assert skilled.cost_shares == (
        CostShare(
            deductible_applies=False,
            day_ranges=(DayRange(1, 20), DayRange(21, 100, daily=snf)),
        ),
    )


@pytest.mark.parametrize(
    "on",
    [
        pendulum.date(2005, 12, 31),
        pendulum.date(2007, 1, 1),
        pendulum.date(2017, 6, 1),
        pendulum.date(2019, 1, 1),
        pendulum.date(2022, 12, 31),
        pendulum.date(2027, 1, 1),
    ],
    ids=str,
)
def test_part_a_plan_refuses_a_year_casekit_has_no_amounts_for(on: Any) -> None:
    """Before 2006, in a gap year or after the last year, part_a_plan raises at ``on``."""

    problems = problems_of(part_a_plan, {"on": on})

    assert problems == (
        Problem("on", "no_parameters", "casekit has no Medicare Part A amounts for that year"),
    )


# Policy.


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (pendulum.date(1980, 5, 1), pendulum.date(2025, 4, 30), 44),
        (pendulum.date(1980, 5, 1), pendulum.date(2025, 5, 1), 45),
        (pendulum.date(1980, 5, 1), pendulum.date(2025, 5, 2), 45),
        (pendulum.date(2000, 2, 29), pendulum.date(2025, 2, 28), 24),
        (pendulum.date(2000, 2, 29), pendulum.date(2025, 3, 1), 25),
    ],
    ids=["day-before-birthday", "birthday", "day-after-birthday", "leap-28-feb", "leap-1-mar"],
)
def test_a_members_age_counts_whole_years_turning_on_the_birthday(
    born: Any, on: Any, age: int
) -> None:
    """`Policy.age_on` adds a year on the birthday itself, not the day before or after."""

    assert _policy(birth_date=born).age_on(on) == age


def test_a_member_without_a_birth_date_has_no_age() -> None:
    """`Policy.age_on` gives None when the policy has no birth date."""

    assert _policy().age_on(FEB) is None


def test_a_policy_shows_its_plan_period_and_member_but_no_personal_data() -> None:
    """repr and str name the plan, coverage period and member sequence, and redact the rest."""
    policy = _policy(member="01", sex="female", birth_date=pendulum.date(1980, 5, 1))

    shown = (repr(policy), str(policy))

    expected = "Policy(plan='p', coverage_period=2025-01-01/2025-12-31, member='01', "
    assert shown == (f"{expected}<personal data redacted>)",) * 2


# Adjudication results.


def _two_line_result() -> Adjudication:
    plan = simple_plan(deductible="50", coinsurance="0.2")
    return adjudicate(policy_for(plan), [line(1, "100"), line(2, "200")], accumulators=empty())


def test_an_adjudication_totals_every_line() -> None:
    """plan_paid_total and patient_total add up all the lines, not only the last."""

    result = _two_line_result()

    assert [str(d.plan_paid) for d in result.decisions] == ["40.00 USD", "160.00 USD"]
    assert (str(result.plan_paid_total("USD")), str(result.patient_total("USD"))) == (
        "200.00 USD",
        "100.00 USD",
    )


def test_decision_for_finds_each_line_and_refuses_an_unknown_one() -> None:
    """decision_for returns the decision with that number, or raises at ``line_number``."""

    result = _two_line_result()

    assert [result.decision_for(n).line_number for n in (2, 1)] == [2, 1]
    assert problems_of(result.decision_for, {"line_number": 3}) == (
        Problem("line_number", "unknown", "must be the number of a line given"),
    )


def test_adding_to_accumulators_adds_to_the_total_and_keeps_the_spells() -> None:
    """`Accumulators.add` sums onto an existing total and carries the spells across."""
    start = Accumulators("USD", spells=(_SPELL,))

    acc = start.add(KEY, Decimal(100)).add(KEY, Decimal("0.25")).add((*KEY[:3], "x"), Decimal(1))

    assert acc.get(KEY) == Decimal("100.25")
    assert acc.spells == (_SPELL,)
    assert [e.key for e in acc.entries] == sorted([KEY, (*KEY[:3], "x")])


def test_a_second_batch_adds_to_the_accumulators_the_first_returned() -> None:
    """Totals carried into a batch grow, new ones join them sorted, and the spell runs on."""
    plan = Plan(
        "spells",
        tiers=[TierTerms(Tier.IN, deductible=usd("100"), out_of_pocket_max=usd("5000"))],
        benefits=[
            Benefit(
                "stay",
                places_of_service=("21",),
                cost_shares=[CostShare(coinsurance=Decimal("0.1"))],
                limits=[Limit(Measure.DAYS, 30)],
            )
        ],
        benefit_period=SpellOfIllness(),
    )
    march = (pendulum.date(2025, 3, 1), pendulum.date(2025, 3, 10))
    first = adjudicate(
        policy_for(plan),
        [line(1, "1000", on=march[0], units=3, place_of_service="21")],
        accumulators=empty(),
    ).accumulators

    second = adjudicate(
        policy_for(plan),
        [line(1, "500", on=march[1], units=2, place_of_service="21")],
        accumulators=first,
    ).accumulators

    spell = "2025-03-01/.."
    assert second.currency == "USD"
    assert second.as_dict() == {
        ("member:00", "in", "deductible", spell): Decimal(100),
        ("member:00", "in", "out_of_pocket", spell): Decimal("240.00"),
        ("member:00", "stay", "days", spell): Decimal(5),
    }
    assert [e.key for e in second.entries] == sorted(second.as_dict())
    assert second.spells == (Spell("00", march[0], pendulum.date(2025, 3, 12)),)


def test_accumulators_keep_entries_sorted_by_key_and_default_to_dollars() -> None:
    """Entries given out of order are stored sorted; `Accumulators.empty` is in USD."""
    later = Accumulated("member:01", "in", "deductible", "lifetime", Decimal(1))

    acc = Accumulators("USD", [later, _ENTRY])

    assert acc.entries == (_ENTRY, later)
    assert Accumulators.empty() == Accumulators("USD")


# The serialised form of a Decision.


def _refuse(*_args: object) -> object:
    msg = "the decision form was not registered"
    raise AssertionError(msg)


@pytest.fixture
def decision_converter(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Return a copy of casekit's converter that learnt the Decision form afresh.

    The copy first forgets the Decision hooks (they refuse), then `_register_decision_form`
    teaches it again, so the test sees what registration itself does. The module runs the
    registration once at import, which mutation testing cannot observe otherwise.
    """
    fresh = converter.copy()
    fresh.register_unstructure_hook(Decision, _refuse)
    fresh.register_structure_hook(Decision, _refuse)
    monkeypatch.setattr(_decision, "converter", fresh)
    monkeypatch.setattr(serialization, "converter", fresh)  # from_dict reads with the copy
    monkeypatch.setattr(serialization, "_RENAMED", {})  # and forgets the renamed keys
    _decision._register_decision_form()  # the registration under test
    return fresh


def _a_decision() -> Decision:
    return _two_line_result().decisions[0]


def test_a_decision_is_written_with_its_trace_built_and_no_private_record(
    decision_converter: Any,
) -> None:
    """The written form has one key per public field plus ``trace``, the built trace."""
    decision = _a_decision()

    data = decision_converter.unstructure(decision)

    public = [a.name for a in attrs.fields(Decision) if a.name != "_explain"]
    assert sorted(data) == sorted([*public, "trace"])
    assert data["trace"] == converter.unstructure(decision.trace, Trace)
    assert data["trace"]["rule"] == "adjudicate(line 1)"
    assert (data["line_number"], data["status"], data["benefit"]) == (1, "covered", "medical")


def test_a_written_decision_reads_back_equal_with_the_same_trace(
    decision_converter: Any,
) -> None:
    """Structuring the written form gives an equal decision whose trace is a real Trace."""
    decision = _a_decision()

    again = decision_converter.structure(decision_converter.unstructure(decision), Decision)

    assert again == decision
    assert isinstance(again.trace, Trace)
    assert again.trace == decision.trace


@pytest.mark.parametrize("key", ["extra", "_explain", "explain"])
def test_reading_a_decision_refuses_unknown_keys(decision_converter: Any, key: str) -> None:
    """A written decision with any key beyond its fields and ``trace`` is refused."""
    data = decision_converter.unstructure(_a_decision())
    data[key] = data["trace"]

    with pytest.raises(ClassValidationError) as caught:
        decision_converter.structure(data, Decision)

    assert [getattr(e, "extra_fields", None) for e in caught.value.exceptions] == [{key}]


def test_a_decision_round_trips_through_the_public_data_functions() -> None:
    """to_dict and from_dict carry a decision and its trace through plain data."""
    decision = _a_decision()

    again = from_dict(to_dict(decision), Decision)

    assert (again, again.trace) == (decision, decision.trace)


def test_a_decision_without_its_trace_is_reported_at_trace(decision_converter: Any) -> None:
    """The problem for a missing trace names the key a caller writes, ``trace``."""
    data = decision_converter.unstructure(_a_decision())
    del data["trace"]

    problems = problems_of(from_dict, {"data": data, "cls": Decision})

    assert problems == (("trace", "missing", "is required"),)
