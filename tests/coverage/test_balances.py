"""Balances: what is met, the maximum and what remains, read from the keys adjudicate counts
under; and typed accumulator keys built from the plan's own terms."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pendulum
import pytest
from coverage_helpers import empty, examples, line, policy_for, usd
from hypothesis import given, settings
from hypothesis import strategies as st
from refusals import problems

from casekit.codes import Code, CodeSystem
from casekit.coverage import (
    AccumulatorKey,
    Accumulators,
    Authorization,
    Balance,
    Benefit,
    CostShare,
    Coverage,
    CoverageLevel,
    FamilyMode,
    Limit,
    Measure,
    Plan,
    Service,
    Spell,
    SpellOfIllness,
    Status,
    Tier,
    TierTerms,
    accumulator_key,
    adjudicate,
    balances,
    check_coverage,
    part_a_plan,
)
from casekit.errors import InvalidInputError
from casekit.money import Money
from casekit.periods import DateRange, Lifetime, PlanYear
from casekit.serialization import from_json, to_json

THERAPY = Code(CodeSystem.CPT, "97110")
ON = pendulum.date(2025, 3, 1)


def _plan(mode: FamilyMode = FamilyMode.EMBEDDED) -> Plan:
    return Plan(
        "balances",
        tiers=[
            TierTerms(
                Tier.IN,
                deductible=usd("500"),
                family_deductible=usd("1000"),
                out_of_pocket_max=usd("2000"),
                family_out_of_pocket_max=usd("4000"),
            )
        ],
        benefits=[
            Benefit(
                "therapy",
                codes=None,
                cost_shares=[
                    CostShare(
                        copay=usd("25"),
                        coinsurance=Decimal("0.2"),
                        copay_counts_toward_deductible=True,
                    )
                ],
                limits=[Limit(Measure.VISITS, 5), Limit(Measure.AMOUNT, usd("3000"))],
            )
        ],
        family_mode=mode,
    )


def _named(found: tuple[Balance, ...]) -> dict[str, Balance]:
    return {b.name: b for b in found}


def test_balances_say_what_is_met_the_maximum_and_what_remains() -> None:
    """Every total a plan keeps is listed, each with met, maximum and remaining."""
    policy = policy_for(_plan(), coverage_level=CoverageLevel.FAMILY)
    acc = empty().add(accumulator_key(policy, "deductible", on=ON), Decimal(120))

    found = _named(balances(policy, acc, on=ON))

    assert sorted(found) == [
        "deductible",
        "family.deductible",
        "family.out_of_pocket",
        "out_of_pocket",
        "therapy.amount",
        "therapy.visits",
    ]
    ded = found["deductible"]
    assert (ded.met, ded.maximum, ded.remaining) == (usd("120.00"), usd("500.00"), usd("380.00"))
    assert (found["therapy.visits"].remaining, found["therapy.visits"].is_met) == (5, False)


def test_an_aggregate_family_plan_has_no_individual_amounts() -> None:
    """Aggregate family plans keep only the family's deductible and out-of-pocket totals."""
    policy = policy_for(_plan(FamilyMode.AGGREGATE), coverage_level=CoverageLevel.FAMILY)

    names = sorted(_named(balances(policy, empty(), on=ON)))

    assert names == [
        "family.deductible",
        "family.out_of_pocket",
        "therapy.amount",
        "therapy.visits",
    ]


def test_a_met_balance_has_nothing_left_never_less() -> None:
    """More than met still leaves nothing, not a negative amount."""
    policy = policy_for(_plan())
    acc = empty().add(accumulator_key(policy, "deductible", on=ON), Decimal(650))

    ded = _named(balances(policy, acc, on=ON))["deductible"]

    assert (ded.remaining, ded.is_met) == (usd("0.00"), True)


def _n(value: object) -> Decimal:
    """Return a balance figure as a Decimal, money or count alike."""
    return value.amount if isinstance(value, Money) else Decimal(value)  # type: ignore[arg-type]


@settings(max_examples=examples(100))
@given(
    amounts=st.lists(st.integers(min_value=0, max_value=300_000), min_size=1, max_size=8),
    level=st.sampled_from(CoverageLevel),
)
def test_balances_before_a_line_less_what_it_takes_are_the_balances_after(
    amounts: list[int], level: CoverageLevel
) -> None:
    """Each line moves each balance by exactly what its decision says it took, and a line
    is covered exactly when the balances before it say its limits have room."""
    policy = policy_for(_plan(), coverage_level=level)
    acc = empty()
    for i, cents in enumerate(amounts, start=1):
        on = ON.add(days=i)
        before = _named(balances(policy, acc, on=on))
        result = adjudicate(
            policy, [line(i, str(Decimal(cents).scaleb(-2)), on=on)], accumulators=acc
        )
        d = result.decisions[0]
        after = _named(balances(policy, result.accumulators, on=on))
        covered = d.status is Status.COVERED
        ded_left = _n(before["deductible"].remaining)
        credit = d.deductible.amount + min(d.copay.amount, ded_left - d.deductible.amount)

        assert covered == (
            not before["therapy.visits"].is_met and not before["therapy.amount"].is_met
        )
        assert d.deductible.amount <= ded_left
        assert _n(after["deductible"].met) == _n(before["deductible"].met) + credit
        assert _n(after["out_of_pocket"].met) == _n(before["out_of_pocket"].met) + _n(
            d.patient_share
        )
        assert _n(after["therapy.visits"].met) == _n(before["therapy.visits"].met) + covered
        acc = result.accumulators


def test_lifetime_reserve_days_and_authorisation_units_have_balances() -> None:
    """Part A's 60 lifetime reserve days and an authorisation's units are listed too."""
    plan = part_a_plan(on=pendulum.date(2025, 1, 1))
    policy = policy_for(plan)
    stay = line(1, "100000.00", code=THERAPY, place_of_service="21", units=100)
    acc = adjudicate(policy, [stay], accumulators=empty()).accumulators
    auth = Authorization("PA-1", THERAPY, 12, DateRange.of("2025-01-01", "2025-12-31"))
    expired = Authorization("PA-2", THERAPY, 12, DateRange.of("2024-01-01", "2024-12-31"))

    found = _named(balances(policy, acc, on=ON.add(days=120), authorizations=[auth, expired]))

    assert (found["inpatient.reserve_days"].met, found["inpatient.reserve_days"].remaining) == (
        10,
        50,
    )
    assert found["inpatient.reserve_days"] == Balance(
        "inpatient.reserve_days",
        AccumulatorKey("member:00", "inpatient", "reserve_days", "lifetime"),
        None,
        10,
        60,
    )
    assert found["authorization:PA-1"].remaining == 12
    assert "authorization:PA-2" not in found
    assert found["deductible"].key.period == "2025-02-15/.."


def test_a_key_is_built_from_the_plans_terms_and_round_trips() -> None:
    """A plan-year key names the plan year; it serialises as a readable entry and back."""
    plan = Plan(
        "py", tiers=[TierTerms(Tier.IN)], benefits=[Benefit("all")], benefit_period=PlanYear(7, 1)
    )
    policy = policy_for(plan)
    key = accumulator_key(policy, "out_of_pocket", on=pendulum.date(2025, 9, 1), family=True)
    acc = Accumulators.empty().add(key, Decimal(10))

    assert key == AccumulatorKey("family", "in", "out_of_pocket", "2025-07-01/2026-06-30")
    assert acc.get(("family", "in", "out_of_pocket", "2025-07-01/2026-06-30")) == Decimal(10)
    assert acc.entries[0].key == key
    assert from_json(to_json(acc), Accumulators) == acc


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"measure": "visits"}, "measure"),
        ({"tier": Tier.OUT}, "tier"),
        ({"policy": "p"}, "policy"),
    ],
)
def test_a_key_the_plan_cannot_have_is_refused(kwargs: dict[str, object], path: str) -> None:
    """A measure, tier or policy the plan does not know is refused at its name."""
    args: dict[str, object] = {"policy": policy_for(_plan()), "measure": "deductible", **kwargs}
    with pytest.raises(InvalidInputError) as caught:
        accumulator_key(args.pop("policy"), args.pop("measure"), on=ON, **args)  # type: ignore[arg-type]

    assert [p.path for p in caught.value.problems] == [path]


@pytest.mark.parametrize(
    ("policy", "acc", "path"),
    [
        ("p", Accumulators.empty(), "policy"),
        (None, "a", "accumulators"),
        (None, Accumulators.empty("EUR"), "accumulators.currency"),
    ],
)
def test_balances_refuse_what_is_not_a_policy_or_accumulators(
    policy: object, acc: object, path: str
) -> None:
    """Wrong arguments are refused at their names."""
    with pytest.raises(InvalidInputError) as caught:
        balances(policy or policy_for(_plan()), acc, on=ON)  # type: ignore[arg-type]

    assert [p.path for p in caught.value.problems] == [path]


def test_the_period_of_a_date_outside_any_spell_is_named_so() -> None:
    """A spell-of-illness plan with no open spell reads its totals under no-spell."""
    policy = policy_for(part_a_plan(on=pendulum.date(2025, 1, 1)))

    key = accumulator_key(policy, "deductible", on=dt.date(2025, 5, 1))

    assert key.period == "no-spell"


def test_limits_shared_by_benefits_are_listed_once_in_their_own_periods() -> None:
    """A counter two benefits share is one balance; a lifetime limit reads its lifetime."""
    shared = Limit(Measure.VISITS, 30, counter="rehab")
    plan = Plan(
        "shared",
        tiers=[TierTerms(Tier.IN)],
        benefits=[
            Benefit("pt", places_of_service=("11",), limits=[shared]),
            Benefit("ot", limits=[shared, Limit(Measure.UNITS, 3, per=Lifetime())]),
        ],
    )
    policy = policy_for(plan, member="01")
    spells = Accumulators("USD", spells=[Spell("00", ON, ON)])

    found = _named(balances(policy, spells, on=ON))

    assert sorted(found) == ["ot.units", "rehab.visits"]
    assert found["ot.units"].key.period == "lifetime"


def test_a_limit_per_spell_reads_the_members_open_spell() -> None:
    """A days limit per spell of illness counts in the spell open on the day."""
    plan = Plan(
        "spell-limit",
        tiers=[TierTerms(Tier.IN)],
        benefits=[Benefit("snf", limits=[Limit(Measure.DAYS, 100, per=SpellOfIllness())])],
    )
    policy = policy_for(plan)
    acc = Accumulators("USD", spells=[Spell("00", ON, ON.add(days=5))])

    found = _named(balances(policy, acc, on=ON.add(days=10)))

    assert found["snf.days"].key.period == f"{ON.isoformat()}/.."


_BACK = Code(CodeSystem.ICD10CM, "M54.5")
_KNEE = Code(CodeSystem.ICD10CM, "M17.11")


def test_a_limit_per_condition_counts_each_diagnosis_apart() -> None:
    """Two visits for the back use the back's two; the knee still has both, in every verb."""
    plan = Plan(
        "per-condition",
        tiers=[TierTerms(Tier.IN)],
        benefits=[Benefit("therapy", limits=[Limit(Measure.VISITS, 2, per_condition=True)])],
    )
    policy = policy_for(plan)
    back = [line(i, "90.00", on=ON.add(days=i), diagnoses=[_BACK]) for i in (1, 2, 3)]
    knee = line(4, "90.00", on=ON.add(days=4), diagnoses=[_KNEE])
    bare = line(5, "90.00", on=ON.add(days=5))

    result = adjudicate(policy, [*back, knee, bare], accumulators=empty())
    later = ON.add(days=6)
    answer = check_coverage(
        policy,
        Service(THERAPY, network=Tier.IN, diagnoses=[_KNEE]),
        on=later,
        accumulators=result.accumulators,
    )
    found = _named(balances(policy, result.accumulators, on=later, diagnosis=_BACK))

    assert [d.status for d in result.decisions] == [
        Status.COVERED,
        Status.COVERED,
        Status.DENIED,
        Status.COVERED,
        Status.COVERED,
    ]
    assert dict(answer.details)["therapy.visits_remaining"] == 1
    assert found["therapy:M54.5.visits"].is_met
    assert _named(balances(policy, result.accumulators, on=later))["therapy.visits"].met == 1


def test_a_limits_key_names_its_counter_and_its_own_period() -> None:
    """A lifetime visit limit's key reads the lifetime, whatever the plan's period."""
    plan = Plan(
        "keys",
        tiers=[TierTerms(Tier.IN)],
        benefits=[Benefit("pt", limits=[Limit(Measure.VISITS, 9, per=Lifetime())])],
        benefit_period=PlanYear(7, 1),
    )

    key = accumulator_key(policy_for(plan), "visits", counter="pt", on=ON)

    assert key == AccumulatorKey("member:00", "pt", "visits", "lifetime")


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"policy": "p"}, ("policy", "type", "must be a Policy")),
        (
            {"on": "2025-03-01"},
            ("on", "type", "must be a date such as pendulum.date(2025, 1, 31); parse text first"),
        ),
        ({"tier": Tier.OUT}, ("tier", "unknown", "must be a tier the plan has")),
        (
            {"measure": "visits"},
            (
                "measure",
                "unknown",
                "must be deductible, out_of_pocket, or the measure of a limit named by counter",
            ),
        ),
    ],
)
def test_a_key_the_plan_cannot_have_is_refused_with_its_code_and_message(
    kwargs: dict[str, object], expected: tuple[str, str, str]
) -> None:
    """Each refusal of accumulator_key is exactly one (path, code, message)."""
    args: dict[str, object] = {
        "policy": policy_for(_plan()),
        "measure": "deductible",
        "on": ON,
        **kwargs,
    }

    found = problems(lambda: accumulator_key(args.pop("policy"), args.pop("measure"), **args))  # type: ignore[arg-type]

    assert found == [expected]


def test_a_key_in_a_spell_plan_names_the_members_open_spell_in_the_accumulators() -> None:
    """On a spell-of-illness plan, the deductible, a limit in the plan's period and a limit
    per spell are all keyed by the spell the member has open on the day."""
    plan = Plan(
        "spell-keys",
        tiers=[TierTerms(Tier.IN, deductible=usd("100"))],
        benefits=[
            Benefit(
                "snf",
                limits=[
                    Limit(Measure.DAYS, 100),
                    Limit(Measure.VISITS, 5, per=SpellOfIllness(), counter="snf-visits"),
                ],
            )
        ],
        benefit_period=SpellOfIllness(),
    )
    policy = policy_for(plan)
    acc = Accumulators("USD", spells=[Spell("00", ON, ON.add(days=5))])
    later = ON.add(days=10)
    spell = f"{ON.isoformat()}/.."

    keys = [
        accumulator_key(policy, "deductible", on=later, accumulators=acc),
        accumulator_key(policy, "days", counter="snf", on=later, accumulators=acc),
        accumulator_key(policy, "visits", counter="snf-visits", on=later, accumulators=acc),
    ]

    assert keys == [
        AccumulatorKey("member:00", "in", "deductible", spell),
        AccumulatorKey("member:00", "snf", "days", spell),
        AccumulatorKey("member:00", "snf-visits", "visits", spell),
    ]


def test_the_check_reads_a_limit_per_condition_for_the_services_diagnosis() -> None:
    """After two visits for the back, the check refuses a third for the back, whatever one
    visit without a diagnosis used."""
    plan = Plan(
        "per-condition",
        tiers=[TierTerms(Tier.IN)],
        benefits=[Benefit("therapy", limits=[Limit(Measure.VISITS, 2, per_condition=True)])],
    )
    policy = policy_for(plan)
    visits = [line(i, "90.00", on=ON.add(days=i), diagnoses=[_BACK]) for i in (1, 2)]
    acc = adjudicate(policy, [*visits, line(3, "90.00", on=ON.add(days=3))], accumulators=empty())

    answer = check_coverage(
        policy,
        Service(THERAPY, network=Tier.IN, diagnoses=[_BACK]),
        on=ON.add(days=6),
        accumulators=acc.accumulators,
    )

    assert (answer.covered, answer.details) == (
        Coverage.NOT_COVERED,
        (("therapy.visits_remaining", 0),),
    )


def test_an_individual_policy_lists_only_its_own_balances_with_their_keys() -> None:
    """On an individual policy, the family amounts of the plan are not listed; every balance
    carries the key it is read from."""
    policy = policy_for(_plan())
    year = "2025-01-01/2025-12-31"
    acc = empty().add(("member:00", "therapy", "visits", year), Decimal(2))

    found = balances(policy, acc, on=ON)

    assert found == (
        Balance(
            "deductible",
            AccumulatorKey("member:00", "in", "deductible", year),
            Tier.IN,
            usd("0.00"),
            usd("500.00"),
        ),
        Balance(
            "out_of_pocket",
            AccumulatorKey("member:00", "in", "out_of_pocket", year),
            Tier.IN,
            usd("0.00"),
            usd("2000.00"),
        ),
        Balance(
            "therapy.visits", AccumulatorKey("member:00", "therapy", "visits", year), None, 2, 5
        ),
        Balance(
            "therapy.amount",
            AccumulatorKey("member:00", "therapy", "amount", year),
            None,
            usd("0.00"),
            usd("3000.00"),
        ),
    )


def test_tiers_that_share_amounts_and_benefits_that_share_a_limit_are_listed_once() -> None:
    """An out-of-network tier counting with in-network's amounts, and a counter two benefits
    share, each give one balance."""
    shared = Limit(Measure.VISITS, 30, counter="rehab")
    plan = Plan(
        "shared",
        tiers=[
            TierTerms(Tier.IN, deductible=usd("500")),
            TierTerms(Tier.OUT, deductible=usd("500"), shares_with=Tier.IN),
        ],
        benefits=[Benefit("pt", limits=[shared]), Benefit("ot", limits=[shared])],
    )

    found = balances(policy_for(plan), empty(), on=ON)

    assert [(b.name, b.tier) for b in found] == [("deductible", Tier.IN), ("rehab.visits", None)]


def test_an_authorisation_is_listed_from_its_first_to_its_last_day_with_its_units_used() -> None:
    """An authorisation's balance reads the units used under its key on each day it is valid,
    and is not listed the day before or after."""
    policy = policy_for(_plan())
    auth = Authorization("PA-7", THERAPY, 12, DateRange.of("2025-03-01", "2025-03-31"))
    key = AccumulatorKey("auth", "PA-7", "units_used", "lifetime")
    acc = empty().add(key, Decimal(5))

    def listed(day: int, month: int = 3) -> list[Balance]:
        on = pendulum.date(2025, month, day)
        return [b for b in balances(policy, acc, on=on, authorizations=[auth]) if b.tier is None][
            2:
        ]

    expected = [Balance("authorization:PA-7", key, None, 5, 12)]
    assert (listed(1), listed(31)) == (expected, expected)
    assert (listed(28, 2), listed(1, 4)) == ([], [])


def test_a_spell_plans_deductible_is_met_only_once_it_is() -> None:
    """Part A's deductible shows nothing met before any stay, and all of it once met."""
    policy = policy_for(part_a_plan(on=pendulum.date(2025, 1, 1)))
    stay = line(1, "100000.00", code=THERAPY, place_of_service="21", units=5)
    acc = adjudicate(policy, [stay], accumulators=empty()).accumulators

    before = _named(balances(policy, empty(), on=ON))["deductible"]
    after = _named(balances(policy, acc, on=ON))["deductible"]

    assert (before.met, before.remaining) == (usd("0.00"), usd("1676.00"))
    assert (after.met, after.remaining) == (usd("1676.00"), usd("0.00"))


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({"policy": "p"}, ("policy", "type", "must be a Policy")),
        ({"accumulators": "a"}, ("accumulators", "type", "must be Accumulators")),
        (
            {"accumulators": Accumulators.empty("EUR")},
            ("accumulators.currency", "currency_mismatch", "must be the plan's currency"),
        ),
        (
            {"on": "2025-03-01"},
            ("on", "type", "must be a date such as pendulum.date(2025, 1, 31); parse text first"),
        ),
    ],
)
def test_balances_refuse_each_bad_argument_with_its_code_and_message(
    args: dict[str, object], expected: tuple[str, str, str]
) -> None:
    """Each refusal of balances is exactly one (path, code, message)."""
    given: dict[str, object] = {"policy": policy_for(_plan()), "accumulators": empty(), "on": ON}
    given.update(args)

    found = problems(
        lambda: balances(given["policy"], given["accumulators"], on=given["on"])  # type: ignore[arg-type]
    )

    assert found == [expected]
