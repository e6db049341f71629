"""The coverage nouns refuse what they cannot hold, and accept values exactly at their limits.

Each refusal is asserted as the whole `Problem` (path, stable code and English sentence), since
callers match on the code and show the sentence. Messages never carry the offending value.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from coverage_helpers import OFFICE, usd
from coverage_scenarios import FEB, YEAR, member_policy
from refusals import problems_of

from casekit.coverage import (
    Accumulated,
    Accumulators,
    Authorization,
    Benefit,
    CostShare,
    Coverage,
    CoverageAnswer,
    DayRange,
    Limit,
    Measure,
    MedicalNecessity,
    Plan,
    PriorAuth,
    Service,
    ServiceLine,
    Spell,
    SpellOfIllness,
    Tier,
    TierTerms,
)
from casekit.errors import Problem
from casekit.periods import Lifetime

_COUNT_MAX = Problem("max", "non_negative_int", "must be a whole number ≥ 0 for a count limit")
_AMOUNT_MAX = Problem("max", "type", "must be money ≥ 0 for an amount limit")
_WHOLE_1 = "must be a whole number ≥ 1"
_MONEY_OR_NONE = "must be money ≥ 0 or None"
_MEMBER = Problem("member", "member_sequence", "must be 1-8 letters or digits, such as '01'")
_UNITS = Problem("units", "positive_int", _WHOLE_1)
_ACC_VALUE = Problem("value", "decimal", "must be a finite Decimal ≥ 0")
_SPELL = Spell("00", FEB, FEB)
_ENTRY = Accumulated("member:00", "in", "deductible", "lifetime", Decimal(1))


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
            "must be CalendarYear, PlanYear, CalendarMonth, Lifetime, SpellOfIllness or None"
            " (the plan's period)",
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
    pytest.param(member_policy, {"member": ""}, _MEMBER, id="member-empty"),
    pytest.param(member_policy, {"member": "123456789"}, _MEMBER, id="member-9-long"),
    pytest.param(member_policy, {"member": "0-1"}, _MEMBER, id="member-punctuation"),
    pytest.param(member_policy, {"member": 1}, _MEMBER, id="member-int"),
    pytest.param(_authorization, {"member": "0 1"}, _MEMBER, id="authorisation-member"),
    pytest.param(
        member_policy,
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
    pytest.param(member_policy, {"member": "1"}, "member", id="member-1-long"),
    pytest.param(member_policy, {"member": "A1234567"}, "member", id="member-8-long"),
    pytest.param(member_policy, {"sex": "female"}, "sex", id="sex-text"),
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
