"""Edge behaviours of adjudication, the pre-service check and the coverage value types."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pendulum
import pytest
from coverage_helpers import OFFICE, empty, line, one_benefit_plan, policy_for, usd

from casekit.codes import Code, CodeSet, CodeSystem
from casekit.coverage import (
    Accumulated,
    Accumulators,
    Authorization,
    Benefit,
    CostShare,
    Coverage,
    DayRange,
    Decision,
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
    Status,
    Tier,
    TierTerms,
    adjudicate,
    check_coverage,
)
from casekit.coverage._compiled import compiled
from casekit.coverage.reason_codes import carc
from casekit.errors import InvalidInputError, UnknownCodeError
from casekit.periods import DateRange, PlanYear
from casekit.serialization import converter

MRI = Code(CodeSystem.CPT, "70551")
FEB = pendulum.date(2025, 2, 15)


def decide(plan: Plan, *lines: ServiceLine, **kwargs: Any) -> list[Decision]:
    """Return the decisions for *lines* under a 2025 policy on *plan*."""
    result = adjudicate(policy_for(plan), lines, accumulators=empty(), **kwargs)
    return list(result.decisions)


# Adjudication.


def test_a_plan_year_labels_limits_by_the_plan_year_holding_the_service() -> None:
    """Visits count per plan year: July to June, not per calendar year."""
    plan = Plan(
        "july",
        tiers=[TierTerms(Tier.IN)],
        benefits=[Benefit("visits", limits=[Limit(Measure.VISITS, 1)])],
        benefit_period=PlanYear(7, 1),
    )
    june, july = pendulum.date(2025, 6, 30), pendulum.date(2025, 7, 1)
    decisions = decide(plan, line(1, "100", on=june), line(2, "100", on=july))
    assert [d.status for d in decisions] == [Status.COVERED, Status.COVERED]
    result = adjudicate(policy_for(plan), [line(1, "100", on=june)], accumulators=empty())
    assert result.accumulators.entries[0].period == "2024-07-01/2025-06-30"


def test_a_provider_kind_that_does_not_match_skips_the_benefit() -> None:
    """A benefit limited to physical therapists does not match a chiropractor's line."""
    plan = Plan(
        "kinds",
        tiers=[TierTerms(Tier.IN)],
        benefits=[
            Benefit("pt", provider_kinds=("pt",), cost_shares=[CostShare(copay=usd("10"))]),
            Benefit("other", cost_shares=[CostShare(copay=usd("40"))]),
        ],
    )
    pt, chiro = decide(
        plan, line(1, "100", provider_kind="pt"), line(2, "100", provider_kind="chiro")
    )
    assert (pt.benefit, str(pt.copay)) == ("pt", "10.00 USD")
    assert (chiro.benefit, str(chiro.copay)) == ("other", "40.00 USD")


def test_empty_medical_necessity_criteria_are_always_met() -> None:
    """Criteria that ask for nothing cover the line and say so in the trace."""
    plan = one_benefit_plan(Benefit("any", medical_necessity=MedicalNecessity()))
    (d,) = decide(plan, line(1, "100"))
    assert d.status is Status.COVERED
    assert any(node.rule == "no_criteria" for node in d.trace.walk())


def test_a_limit_per_spell_of_illness_counts_within_the_spell() -> None:
    """A calendar-year plan can cap days per spell of illness; a new spell starts afresh."""
    per_spell = Limit(Measure.DAYS, 3, per=SpellOfIllness(gap_days=10))
    plan = one_benefit_plan(Benefit("stay", places_of_service=("21",), limits=[per_spell]))
    first = line(1, "300", on=pendulum.date(2025, 3, 1), units=3, place_of_service="21")
    again = line(2, "100", on=pendulum.date(2025, 3, 5), units=1, place_of_service="21")
    later = line(3, "100", on=pendulum.date(2025, 4, 1), units=1, place_of_service="21")
    decisions = decide(plan, first, again, later)
    assert [d.status for d in decisions] == [Status.COVERED, Status.DENIED, Status.COVERED]
    assert decisions[1].adjustment_codes == ("CO-119",)


def test_a_stay_inside_an_open_spell_keeps_the_spell_going() -> None:
    """A short admission inside a spell neither ends it nor moves its last day back."""
    plan = one_benefit_plan(
        Benefit("stay", places_of_service=("21",)), denied_liability=Liability.PATIENT
    )
    long = line(1, "900", on=pendulum.date(2025, 3, 1), units=20, place_of_service="21")
    short = line(2, "100", on=pendulum.date(2025, 3, 2), units=1, place_of_service="21")
    plan = Plan("spells", tiers=plan.tiers, benefits=plan.benefits, benefit_period=SpellOfIllness())
    result = adjudicate(policy_for(plan), [long, short], accumulators=empty())
    (spell,) = result.accumulators.spells
    assert (spell.start, spell.last_care) == (pendulum.date(2025, 3, 1), pendulum.date(2025, 3, 21))
    readmitted = line(3, "100", on=pendulum.date(2025, 4, 1), units=4, place_of_service="21")
    result = adjudicate(policy_for(plan), [readmitted], accumulators=result.accumulators)
    (spell,) = result.accumulators.spells
    assert (spell.start, spell.last_care) == (pendulum.date(2025, 3, 1), pendulum.date(2025, 4, 5))


def test_care_outside_any_spell_counts_under_no_spell() -> None:
    """In a spell-of-illness plan, an office visit with no open spell counts outside spells."""
    plan = Plan(
        "spells",
        tiers=[TierTerms(Tier.IN)],
        benefits=[Benefit("office", places_of_service=("11",), limits=[Limit(Measure.VISITS, 1)])],
        benefit_period=SpellOfIllness(),
    )
    visits = [line(1, "100", place_of_service="11"), line(2, "100", place_of_service="11")]
    result = adjudicate(policy_for(plan), visits, accumulators=empty())
    assert [d.status for d in result.decisions] == [Status.COVERED, Status.DENIED]
    assert [e.period for e in result.accumulators.entries] == ["no-spell"]
    assert result.accumulators.spells == ()


def test_every_exhausted_limit_is_its_own_reason() -> None:
    """Two used-up limits on one benefit give two limit reasons."""
    plan = one_benefit_plan(
        Benefit("capped", limits=[Limit(Measure.VISITS, 0), Limit(Measure.UNITS, 0, counter="u")])
    )
    (d,) = decide(plan, line(1, "100"))
    assert d.status is Status.DENIED
    assert [r.code for r in d.reasons] == ["coverage.limit_reached"] * 2


def test_the_tightest_of_two_amount_limits_caps_the_line() -> None:
    """With amount limits of 500 and 300, only 300 of a 400 line is covered."""
    plan = one_benefit_plan(
        Benefit(
            "capped",
            limits=[
                Limit(Measure.AMOUNT, usd("300"), counter="small"),
                Limit(Measure.AMOUNT, usd("500"), counter="large"),
            ],
        ),
        denied_liability=Liability.PATIENT,
    )
    (d,) = decide(plan, line(1, "400"))
    assert (str(d.plan_paid), str(d.not_covered), d.adjustment_codes) == (
        "300.00 USD",
        "100.00 USD",
        ("PR-119",),
    )


def test_an_amount_cut_by_a_limit_is_written_off_when_the_provider_is_liable() -> None:
    """In network the part over an amount limit is the provider's (CO-119) and not allowed."""
    plan = one_benefit_plan(Benefit("capped", limits=[Limit(Measure.AMOUNT, usd("300"))]))
    (d,) = decide(plan, line(1, "400"))
    assert (str(d.allowed), str(d.plan_paid), str(d.not_covered)) == (
        "300.00 USD",
        "300.00 USD",
        "0.00 USD",
    )
    assert d.adjustment_codes == ("CO-119",)


def test_a_visit_limit_on_the_benefit_counts_each_visit_once() -> None:
    """The visit counter for waived deductibles and a visit limit are the same count."""
    plan = one_benefit_plan(
        Benefit(
            "visits",
            cost_shares=[CostShare(deductible_waived_visits=1)],
            limits=[Limit(Measure.VISITS, 5)],
        ),
        deductible=usd("500"),
    )
    result = adjudicate(policy_for(plan), [line(1, "100"), line(2, "100")], accumulators=empty())
    first, second = result.decisions
    assert (str(first.deductible), str(second.deductible)) == ("0.00 USD", "100.00 USD")
    visits = result.accumulators.get(("member:00", "visits", "visits", "2025-01-01/2025-12-31"))
    assert visits == 2


def test_a_copay_that_does_not_count_is_not_cut_by_the_out_of_pocket_maximum() -> None:
    """When copays do not count toward the maximum, the cap cuts coinsurance only."""
    share = CostShare(
        copay=usd("50"), coinsurance=Decimal("0.5"), copay_counts_toward_out_of_pocket=False
    )
    plan = one_benefit_plan(Benefit("b", cost_shares=[share]), out_of_pocket_max=usd("100"))
    (d,) = decide(plan, line(1, "1050"))
    assert (str(d.copay), str(d.coinsurance), str(d.plan_paid)) == (
        "50.00 USD",
        "100.00 USD",
        "900.00 USD",
    )


def test_an_authorisation_for_another_member_does_not_count() -> None:
    """Authorisations are per member: a dependant's does not cover the subscriber."""
    plan = one_benefit_plan(Benefit("mri", prior_authorization=True))
    window = DateRange.of("2025-01-01", "2025-12-31")
    other = Authorization("PA-9", OFFICE, 5, window, member="01")
    (d,) = decide(plan, line(1, "100"), authorizations=[other])
    assert d.adjustment_codes == ("CO-197",)


def test_a_line_naming_an_authorisation_uses_only_that_one() -> None:
    """A line with an authorisation id skips other authorisations for the same code."""
    plan = one_benefit_plan(Benefit("mri", prior_authorization=True))
    window = DateRange.of("2025-01-01", "2025-12-31")
    auths = [Authorization("PA-1", OFFICE, 5, window), Authorization("PA-2", OFFICE, 5, window)]
    result = adjudicate(
        policy_for(plan),
        [line(1, "100", authorization_id="PA-2")],
        accumulators=empty(),
        authorizations=auths,
    )
    assert result.decisions[0].status is Status.COVERED
    assert result.accumulators.get(("auth", "PA-2", "units_used", "lifetime")) == 1


def test_an_authorisation_outside_its_dates_does_not_count() -> None:
    """An authorisation valid in March does not cover a February service."""
    plan = one_benefit_plan(Benefit("mri", prior_authorization=True))
    march = Authorization("PA-1", OFFICE, 5, DateRange.of("2025-03-01", "2025-03-31"))
    (d,) = decide(plan, line(1, "100"), authorizations=[march])
    assert d.adjustment_codes == ("CO-197",)


def test_reasons_stay_right_when_the_reason_cache_is_full() -> None:
    """Thousands of distinct reasons each name their own service."""
    plan = one_benefit_plan(Benefit("mri", codes=CodeSet.of(CodeSystem.CPT, "70551", name="m")))
    lines = [line(i, "1", code=Code(CodeSystem.CPT, f"{10000 + i:05d}")) for i in range(1, 4200)]
    decisions = decide(plan, *lines)
    assert all(
        d.reasons[0].params == (("service", f"CPT|{10000 + d.line_number:05d}"),) for d in decisions
    )


def test_plans_adjudicate_the_same_after_many_other_plans() -> None:
    """Compiling more plans than are kept does not change a plan's answers."""
    first = one_benefit_plan(Benefit("b", cost_shares=[CostShare(copay=usd("20"))]))
    before = decide(first, line(1, "100"))
    for i in range(70):
        decide(one_benefit_plan(Benefit(f"b{i}")), line(1, "100"))
    assert decide(first, line(1, "100")) == before


def test_matches_stay_right_when_the_match_cache_is_full() -> None:
    """After more distinct services than the cache holds, matching still finds the benefit."""
    plan = one_benefit_plan(Benefit("office", places_of_service=("11",)))
    c = compiled(plan)
    for i in range(1 << 16):
        c.match(OFFICE, FEB, f"p{i}", None)
    assert c.match(OFFICE, FEB, "11", None) is c.benefits[0]
    assert c.match(OFFICE, FEB, "12", None) is None


def test_a_decision_read_back_from_data_keeps_its_trace() -> None:
    """A decision unstructured and structured again has the same trace."""
    (d,) = decide(one_benefit_plan(Benefit("b")), line(1, "100"))
    again = converter.structure(converter.unstructure(d), Decision)
    assert again.trace == d.trace
    assert again.adjudication == d.adjudication


# The pre-service check.


def test_a_place_known_and_a_provider_kind_unknown_asks_who_performs() -> None:
    """With the place given and the provider kind unknown, only kinds are tried."""
    plan = Plan(
        "kinds",
        tiers=[TierTerms(Tier.IN)],
        benefits=[
            Benefit("pt", provider_kinds=("pt",), places_of_service=("11",)),
            Benefit("other", covered=False),
        ],
    )
    answer = check_coverage(
        policy_for(plan), Service(OFFICE, place_of_service="11", network=Tier.IN), on=FEB
    )
    assert answer.covered is Coverage.CONDITIONAL


def test_a_known_provider_kind_is_the_only_one_tried() -> None:
    """Given the provider kind, the check answers for that kind alone."""
    plan = Plan(
        "kinds",
        tiers=[TierTerms(Tier.IN)],
        benefits=[Benefit("pt", provider_kinds=("pt",)), Benefit("other", covered=False)],
    )
    service = Service(OFFICE, place_of_service="11", provider_kind="pt", network=Tier.IN)
    answer = check_coverage(policy_for(plan), service, on=FEB)
    assert (answer.covered, answer.benefit) == (Coverage.COVERED, "pt")


def test_met_medical_necessity_criteria_leave_the_service_covered() -> None:
    """With every fact known and met, the pre-service answer is covered."""
    plan = one_benefit_plan(Benefit("b", medical_necessity=MedicalNecessity(sexes=("female",))))
    policy = policy_for(plan, sex="female")
    answer = check_coverage(policy, Service(OFFICE, network=Tier.IN), on=FEB)
    assert answer.covered is Coverage.COVERED


def test_plan_year_labels_are_the_same_for_every_day_of_the_year() -> None:
    """Any number of days, asked once or again, each get their plan year's label."""
    c = compiled(one_benefit_plan(Benefit("b")))
    july = PlanYear(7, 1)
    start = pendulum.date(1900, 7, 1).toordinal()
    for day in range(start, start + (1 << 16) + 10):
        on = pendulum.Date.fromordinal(day)
        assert c.label(july, on).startswith(f"{on.year if on.month >= 7 else on.year - 1}-07-01/")
    assert c.label(july, FEB) == c.label(july, FEB) == "2024-07-01/2025-06-30"


def test_a_sex_specific_service_asks_for_the_members_sex() -> None:
    """Criteria on sex make the answer conditional when the policy does not give it."""
    plan = one_benefit_plan(Benefit("b", medical_necessity=MedicalNecessity(sexes=("female",))))
    answer = check_coverage(policy_for(plan), Service(OFFICE, network=Tier.IN), on=FEB)
    assert answer.covered is Coverage.CONDITIONAL
    assert ("what", "sex") in answer.reasons[0].params


def test_an_amount_limit_reports_the_amount_remaining() -> None:
    """The pre-service details give an amount limit's room as money text."""
    plan = one_benefit_plan(Benefit("b", limits=[Limit(Measure.AMOUNT, usd("500"))]))
    answer = check_coverage(
        policy_for(plan), Service(OFFICE, network=Tier.IN), on=FEB, accumulators=empty()
    )
    assert ("b.amount_remaining", "500.00") in answer.details


def test_an_open_spell_labels_the_pre_service_limits() -> None:
    """Days used in the member's open spell count; a spell long closed does not."""
    per_spell = Limit(Measure.DAYS, 3, per=SpellOfIllness(gap_days=10))
    plan = one_benefit_plan(Benefit("stay", places_of_service=("21",), limits=[per_spell]))
    stay = line(1, "300", on=pendulum.date(2025, 3, 1), units=3, place_of_service="21")
    acc = adjudicate(policy_for(plan), [stay], accumulators=empty()).accumulators
    service = Service(OFFICE, place_of_service="21", network=Tier.IN)
    soon = check_coverage(policy_for(plan), service, on=pendulum.date(2025, 3, 6), accumulators=acc)
    late = check_coverage(policy_for(plan), service, on=pendulum.date(2025, 5, 6), accumulators=acc)
    assert soon.covered is Coverage.NOT_COVERED
    assert late.covered is Coverage.COVERED


def test_only_this_members_valid_authorisations_satisfy_the_check() -> None:
    """Another member's authorisation, or one out of date, leaves authorisation needed."""
    plan = one_benefit_plan(Benefit("mri", prior_authorization=True))
    service = Service(OFFICE, network=Tier.IN)
    others = [
        Authorization("PA-1", OFFICE, 5, DateRange.of("2025-01-01", "2025-12-31"), member="01"),
        Authorization("PA-2", OFFICE, 5, DateRange.of("2025-03-01", "2025-03-31")),
    ]
    answer = check_coverage(policy_for(plan), service, on=FEB, authorizations=others)
    assert answer.pa_needed is PriorAuth.AUTH_NEEDED


# Value types refuse what they cannot hold, naming the field.


def _build(factory: Any) -> None:
    factory()


_INVALID = {
    "limit amount max not money": (lambda: Limit(Measure.AMOUNT, 5), "max"),
    "limit amount max negative": (lambda: Limit(Measure.AMOUNT, usd("-1")), "max"),
    "limit per not a period": (lambda: Limit(Measure.VISITS, 1, per="year"), "per"),
    "day range first zero": (lambda: DayRange(0), "first"),
    "day range daily negative": (lambda: DayRange(1, daily=usd("-1")), "daily"),
    "day range last before first": (lambda: DayRange(5, 4), "last"),
    "cost share tier not a tier": (lambda: CostShare(tier="in"), "tier"),
    "necessity min age negative": (lambda: MedicalNecessity(min_age=-1), "min_age"),
    "necessity max age negative": (lambda: MedicalNecessity(max_age=-1), "max_age"),
    "necessity max under min": (lambda: MedicalNecessity(min_age=50, max_age=40), "max_age"),
    "benefit tier twice": (
        lambda: Benefit("b", cost_shares=[CostShare(Tier.IN), CostShare(Tier.IN)]),
        "cost_shares",
    ),
    "tier deductible negative": (lambda: TierTerms(Tier.IN, deductible=usd("-1")), "deductible"),
    "plan currency unknown": (lambda: Plan("p", tiers=[], benefits=[], currency="usd"), "currency"),
    "plan period lifetime": (
        lambda: Plan("p", tiers=[], benefits=[], benefit_period=None),
        "benefit_period",
    ),
    "authorisation member": (
        lambda: Authorization(
            "PA", OFFICE, 1, DateRange.of("2025-01-01", "2025-01-02"), member="0-1"
        ),
        "member",
    ),
    "policy sex not text": (
        lambda: Policy(
            one_benefit_plan(Benefit("b")),
            DateRange.of("2025-01-01", "2025-12-31"),
            member_id="M",
            sex=1,
        ),
        "sex",
    ),
    "line units zero": (lambda: line(1, "1", units=0), "units"),
    "line billed negative": (lambda: line(1, "-1"), "billed"),
    "line number zero": (lambda: line(0, "1"), "line_number"),
    "accumulated value negative": (
        lambda: Accumulated("member:00", "in", "deductible", "lifetime", Decimal(-1)),
        "value",
    ),
}


@pytest.mark.parametrize("case", sorted(_INVALID))
def test_value_types_refuse_invalid_fields_naming_the_field(case: str) -> None:
    """Each invalid field raises InvalidInputError at that field's path."""
    factory, path = _INVALID[case]
    with pytest.raises(InvalidInputError) as caught:
        _build(factory)
    assert [p.path for p in caught.value.problems] == [path]


def test_a_plan_without_a_tier_has_no_terms_for_it() -> None:
    """`Plan.terms_for` gives None for a tier the plan does not have."""
    plan = one_benefit_plan(Benefit("b"))
    assert plan.terms_for(Tier.OUT) is None
    assert plan.terms_for(Tier.IN) is plan.tiers[0]


def test_a_reason_code_is_refused_before_it_came_into_use() -> None:
    """CARC 197 used for a 2006 service raises UnknownCodeError saying it was not active."""
    with pytest.raises(UnknownCodeError, match="not active"):
        carc("197", on=pendulum.date(2006, 1, 1))


def test_accumulators_refuse_other_types_and_repeats() -> None:
    """Accumulators refuse a repeated key and two spells for one member."""
    entry = Accumulated("member:00", "in", "deductible", "lifetime", Decimal(1))
    with pytest.raises(InvalidInputError):
        Accumulators("USD", (entry, entry))
    with pytest.raises(InvalidInputError):
        Accumulators("EURO")
    spell = Spell("00", FEB, FEB)
    with pytest.raises(InvalidInputError):
        Accumulators("USD", spells=(spell, spell))
    with pytest.raises(InvalidInputError):
        Accumulators("USD", entries=("not an entry",))


def test_care_during_an_open_spell_counts_under_that_spell() -> None:
    """An office visit while a hospital spell is still open counts against the spell's limits."""
    plan = Plan(
        "spells",
        tiers=[TierTerms(Tier.IN)],
        benefits=[
            Benefit("stay", places_of_service=("21",)),
            Benefit("office", places_of_service=("11",), limits=[Limit(Measure.VISITS, 1)]),
        ],
        benefit_period=SpellOfIllness(),
    )
    stay = line(1, "900", on=pendulum.date(2025, 3, 1), units=5, place_of_service="21")
    visit = line(2, "100", on=pendulum.date(2025, 3, 20), place_of_service="11")
    again = line(3, "100", on=pendulum.date(2025, 3, 27), place_of_service="11")
    result = adjudicate(policy_for(plan), [stay, visit, again], accumulators=empty())
    assert [d.status for d in result.decisions] == [Status.COVERED] * 2 + [Status.DENIED]
    assert {e.period for e in result.accumulators.entries} == {"2025-03-01/.."}
