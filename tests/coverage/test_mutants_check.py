"""check_coverage pinned exactly: whole answers, reasons and their params (mutation testing).

`test_check.py` checks the pre-service answer one property at a time; the tests here compare
whole `CoverageAnswer` values, so a change to any reason, parameter, detail or benefit id is
caught. They also pin the edges: first and last days, waiting and spell gaps, the units a
limit needs, and the order in which authorisations are tried. The reason-code table and SBC
rounding, which the coverage package presents alongside, are pinned at the end.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, Context, Decimal, Inexact, Rounded, localcontext
from typing import Any

import pendulum
import pytest
from coverage_helpers import YEAR_2025, empty, line, policy_for, usd
from hypothesis import example, given
from hypothesis import strategies as st

from casekit.codes import Code, CodeSet, CodeSetEntry, CodeSystem
from casekit.coverage import (
    Accumulators,
    Authorization,
    Benefit,
    CostShare,
    Coverage,
    CoverageAnswer,
    Documentation,
    InfoNeeded,
    Limit,
    Measure,
    MedicalNecessity,
    Plan,
    PriorAuth,
    Service,
    Spell,
    SpellOfIllness,
    Tier,
    TierTerms,
    adjudicate,
    check_coverage,
)
from casekit.coverage.presentation import sbc_rounded
from casekit.coverage.reason_codes import ReasonCode, carc
from casekit.errors import InvalidInputError, Problem, UnknownCodeError
from casekit.periods import DateRange, Lifetime
from casekit.rules import Reason

ON = pendulum.date(2025, 5, 1)
SCREEN = Code(CodeSystem.CPT, "77067")
OTHER = Code(CodeSystem.CPT, "10060")
SCREENS = CodeSet.of(CodeSystem.CPT, "77067", name="screening")
DX_SUPPORTED = Code(CodeSystem.ICD10CM, "Z12.31")
DX_OTHER = Code(CodeSystem.ICD10CM, "R10.9")


def one_benefit(benefit: Benefit) -> Plan:
    """Return an in-network plan with the single *benefit*."""
    return Plan("check", tiers=[TierTerms(Tier.IN)], benefits=[benefit])


def screening(**kwargs: Any) -> Plan:
    """Return an in-network plan whose one benefit, ``screen``, covers CPT 77067."""
    return one_benefit(Benefit("screen", codes=SCREENS, **kwargs))


def in_network(**kwargs: Any) -> Service:
    """Return the screening service from an in-network provider."""
    return Service(SCREEN, network=Tier.IN, **kwargs)


def info_needed(what: str) -> Reason:
    """Return the reason asking for *what* before the screening benefit can be decided."""
    return Reason.of("coverage.information_needed", benefit="screen", what=what)


def not_covered(*reasons: Reason, benefit: str | None = "screen") -> CoverageAnswer:
    """Return a not-covered answer for *reasons*."""
    return CoverageAnswer(Coverage.NOT_COVERED, reasons=reasons, benefit=benefit)


def covered(*, details: tuple[tuple[str, str | int], ...] = ()) -> CoverageAnswer:
    """Return a covered answer for the screening benefit that needs nothing more."""
    return CoverageAnswer(Coverage.COVERED, PriorAuth.NO_AUTH, details=details, benefit="screen")


def conditional(info: tuple[InfoNeeded, ...], *reasons: Reason) -> CoverageAnswer:
    """Return a conditional answer for the screening benefit, needing no authorisation."""
    return CoverageAnswer(
        Coverage.CONDITIONAL, PriorAuth.NO_AUTH, info_needed=info, reasons=reasons, benefit="screen"
    )


# -- arguments and the coverage period --------------------------------------------------------


@pytest.mark.parametrize(
    ("service", "on", "problem"),
    [
        (
            in_network(),
            pendulum.datetime(2025, 5, 1, tz="UTC"),
            Problem(
                "on",
                "type",
                "must be a date, not a datetime; pass .date() after converting to the right "
                "timezone",
            ),
        ),
        ("77067", ON, Problem("service", "type", "must be a Service")),
    ],
    ids=["datetime-on", "not-a-service"],
)
def test_bad_arguments_are_refused_naming_the_argument(
    service: object, on: dt.date, problem: Problem
) -> None:
    """A datetime for *on*, or anything but a Service, is one problem at that argument."""

    with pytest.raises(InvalidInputError) as caught:
        check_coverage(policy_for(screening()), service, on=on)  # type: ignore[arg-type]

    assert caught.value.problems == (problem,)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (
            pendulum.date(2024, 12, 31),
            not_covered(Reason("coverage.before_coverage"), benefit=None),
        ),
        (pendulum.date(2025, 1, 1), covered()),
        (pendulum.date(2025, 12, 31), covered()),
        (pendulum.date(2026, 1, 1), not_covered(Reason("coverage.after_coverage"), benefit=None)),
    ],
)
def test_the_coverage_period_includes_its_first_and_last_days(
    on: dt.date, expected: CoverageAnswer
) -> None:
    """The first and last days are covered; the day either side is before or after coverage."""

    answer = check_coverage(policy_for(screening()), in_network(), on=on)

    assert answer == expected


# -- finding the benefit ----------------------------------------------------------------------


def test_a_service_no_benefit_matches_names_its_code() -> None:
    """With no benefit for the code, the reason names the service's code and no benefit."""

    answer = check_coverage(policy_for(screening()), Service(OTHER, network=Tier.IN), on=ON)

    assert answer == not_covered(
        Reason.of("coverage.no_matching_benefit", service="CPT|10060"), benefit=None
    )


def split_by_place() -> Plan:
    """Return a plan whose screening benefit differs in an office (11) and at home (12)."""
    return Plan(
        "split",
        tiers=[TierTerms(Tier.IN)],
        benefits=[
            Benefit("office", codes=SCREENS, places_of_service=("11",)),
            Benefit("home", codes=SCREENS, places_of_service=("12",)),
        ],
    )


def split_by_provider_kind() -> Plan:
    """Return a plan whose screening benefit differs for a physician and a nurse practitioner."""
    return Plan(
        "split",
        tiers=[TierTerms(Tier.IN)],
        benefits=[
            Benefit("by_md", codes=SCREENS, provider_kinds=("md",)),
            Benefit("by_np", codes=SCREENS, provider_kinds=("np",)),
        ],
    )


@pytest.mark.parametrize(
    ("plan", "service", "info"),
    [
        pytest.param(
            split_by_place(),
            Service(SCREEN, provider_kind="md"),
            InfoNeeded.LOCATION,
            id="place-decides",
        ),
        pytest.param(
            split_by_provider_kind(),
            Service(SCREEN, place_of_service="11"),
            InfoNeeded.PERFORMER,
            id="provider-kind-decides",
        ),
    ],
)
def test_an_unknown_setting_that_decides_the_benefit_is_asked_for(
    plan: Plan, service: Service, info: InfoNeeded
) -> None:
    """An unknown place asks for the location; a known place and unknown kind, the performer."""

    answer = check_coverage(policy_for(plan), service, on=ON)

    assert answer == CoverageAnswer(
        Coverage.CONDITIONAL,
        PriorAuth.CONDITIONAL,
        info_needed=(info,),
        reasons=(Reason.of("coverage.information_needed", benefit="-", what="setting"),),
    )


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (
            pendulum.date(2025, 2, 28),
            not_covered(
                Reason.of("coverage.no_matching_benefit", service="CPT|77067"), benefit=None
            ),
        ),
        (pendulum.date(2025, 3, 1), covered()),
    ],
)
def test_dated_code_sets_match_on_the_day_of_service(on: dt.date, expected: CoverageAnswer) -> None:
    """A code that enters the benefit's set on 1 March matches from that day, not before."""
    codes = CodeSet(
        name="screening",
        system=CodeSystem.CPT,
        entries=[CodeSetEntry("77067", effective_from=pendulum.date(2025, 3, 1))],
    )

    answer = check_coverage(
        policy_for(one_benefit(Benefit("screen", codes=codes))), in_network(), on=on
    )

    assert answer == expected


# -- not covered: each reason with its params and the benefit ---------------------------------


@pytest.mark.parametrize(
    ("plan", "service", "expected"),
    [
        pytest.param(
            screening(covered=False),
            in_network(),
            not_covered(Reason.of("coverage.not_covered_excluded", benefit="screen")),
            id="excluded",
        ),
        pytest.param(
            screening(waiting_period_days=150),
            in_network(),
            not_covered(Reason.of("coverage.waiting_period", benefit="screen", days=150)),
            id="waiting-period",
        ),
        pytest.param(
            screening(),
            Service(SCREEN, network=Tier.OUT),
            not_covered(Reason.of("coverage.not_covered_network", benefit="screen", tier="out")),
            id="network-out",
        ),
        pytest.param(
            screening(cost_shares=[CostShare(Tier.OUT)]),
            Service(SCREEN),
            not_covered(Reason.of("coverage.not_covered_network", benefit="screen", tier="any")),
            id="network-unknown-and-none-covered",
        ),
        pytest.param(
            screening(referral=True),
            in_network(referral=False),
            not_covered(Reason.of("coverage.referral_absent", benefit="screen")),
            id="referral-absent",
        ),
        pytest.param(
            screening(medical_necessity=MedicalNecessity(sexes=("female",))),
            in_network(),
            not_covered(
                Reason.of("coverage.not_medically_necessary", benefit="screen"),
                Reason.of("rules.sex_not_allowed", allowed="female", fact="sex"),
            ),
            id="not-medically-necessary",
        ),
        pytest.param(
            screening(
                medical_necessity=MedicalNecessity(
                    diagnoses=CodeSet.of(CodeSystem.ICD10CM, "Z12.31", name="screening dx")
                )
            ),
            in_network(diagnoses=[DX_OTHER]),
            not_covered(
                Reason.of("coverage.not_medically_necessary", benefit="screen"),
                Reason.of("coverage.diagnosis_not_supported", benefit="screen", set="screening dx"),
            ),
            id="diagnosis-given-and-not-supported",
        ),
    ],
)
def test_not_covered_answers_give_the_reason_with_its_params_and_the_benefit(
    plan: Plan, service: Service, expected: CoverageAnswer
) -> None:
    """Each way of not being covered carries its reason code, its params and the benefit id."""
    member = policy_for(plan, sex="male")  # the sex criterion above fails for him

    answer = check_coverage(member, service, on=ON)

    assert answer == expected


@pytest.mark.parametrize(
    ("days_in", "expected"),
    [
        (29, not_covered(Reason.of("coverage.waiting_period", benefit="screen", days=30))),
        (30, covered()),
    ],
)
def test_the_waiting_period_ends_after_its_number_of_days(
    days_in: int, expected: CoverageAnswer
) -> None:
    """A 30-day wait covers nothing on day 29 after the start and covers day 30."""

    answer = check_coverage(
        policy_for(screening(waiting_period_days=30)),
        in_network(),
        on=pendulum.date(2025, 1, 1).add(days=days_in),
    )

    assert answer == expected


# -- conditional: what is needed, and why -----------------------------------------------------


@pytest.mark.parametrize(
    ("plan", "service", "expected"),
    [
        pytest.param(
            screening(),
            Service(SCREEN),
            conditional((InfoNeeded.PERFORMER,), info_needed("network")),
            id="network",
        ),
        pytest.param(
            screening(
                medical_necessity=MedicalNecessity(
                    diagnoses=CodeSet.of(CodeSystem.ICD10CM, "Z12.31", name="screening dx")
                )
            ),
            in_network(),
            conditional((InfoNeeded.DETAIL_CODE,), info_needed("diagnoses")),
            id="diagnoses",
        ),
        pytest.param(
            screening(medical_necessity=MedicalNecessity(min_age=40, sexes=("female",))),
            in_network(),
            conditional((InfoNeeded.OTHER,), info_needed("birth_date"), info_needed("sex")),
            id="birth-date-and-sex",
        ),
        pytest.param(
            screening(referral=True),
            in_network(),
            conditional((InfoNeeded.OTHER,), info_needed("referral")),
            id="referral",
        ),
    ],
)
def test_conditional_answers_say_what_is_needed_with_a_reason_for_each(
    plan: Plan, service: Service, expected: CoverageAnswer
) -> None:
    """Each unknown fact adds its InfoNeeded code (once) and an information_needed reason."""

    answer = check_coverage(policy_for(plan), service, on=ON)

    assert answer == expected


def test_diagnoses_given_are_evaluated_not_asked_for() -> None:
    """A supporting diagnosis on the service makes a diagnosis-gated benefit covered."""
    plan = screening(
        medical_necessity=MedicalNecessity(
            diagnoses=CodeSet.of(CodeSystem.ICD10CM, "Z12.31", name="screening dx")
        )
    )

    answer = check_coverage(policy_for(plan), in_network(diagnoses=[DX_SUPPORTED]), on=ON)

    assert answer == covered()


# -- prior authorisation and documentation ----------------------------------------------------

PA = Authorization("PA-1", SCREEN, 1, DateRange.of("2025-04-01", "2025-05-31"))


@pytest.mark.parametrize(
    ("plan", "authorizations", "expected"),
    [
        pytest.param(
            screening(prior_authorization=True, documentation=Documentation.CLINICAL),
            (),
            CoverageAnswer(
                Coverage.COVERED,
                PriorAuth.AUTH_NEEDED,
                doc_needed="clinical",
                reasons=(
                    Reason.of("coverage.authorization_needed", benefit="screen"),
                    Reason.of(
                        "coverage.documentation_needed", benefit="screen", documentation="clinical"
                    ),
                ),
                benefit="screen",
            ),
            id="needed-with-documentation",
        ),
        pytest.param(
            screening(prior_authorization=True),
            (PA,),
            CoverageAnswer(
                Coverage.COVERED,
                PriorAuth.SATISFIED,
                "PA-1",
                reasons=(Reason.of("coverage.authorization_satisfied", authorization="PA-1"),),
                benefit="screen",
            ),
            id="satisfied",
        ),
        pytest.param(screening(), (PA,), covered(), id="not-needed-no-documentation"),
    ],
)
def test_authorisation_and_documentation_answers_carry_their_reasons(
    plan: Plan, authorizations: tuple[Authorization, ...], expected: CoverageAnswer
) -> None:
    """Authorisation needed or satisfied, and documentation needed, each add a reason."""

    answer = check_coverage(policy_for(plan), in_network(), on=ON, authorizations=authorizations)

    assert answer == expected


def auth(
    auth_id: str, start: str, end: str, *, code: Code = SCREEN, member: str = "00"
) -> Authorization:
    """Return a one-unit authorisation valid from *start* to *end*."""
    return Authorization(auth_id, code, 1, DateRange.of(start, end), member=member)


@pytest.mark.parametrize(
    ("authorizations", "satisfied_by"),
    [
        pytest.param([auth("PA-1", "2025-05-01", "2025-05-31")], "PA-1", id="starts-that-day"),
        pytest.param([auth("PA-1", "2025-04-01", "2025-05-01")], "PA-1", id="ends-that-day"),
        pytest.param([auth("PA-1", "2025-05-02", "2025-05-31")], None, id="starts-next-day"),
        pytest.param(
            [
                auth("PA-1", "2025-01-01", "2025-12-31", code=OTHER),
                auth("PA-2", "2025-02-01", "2025-12-31"),
            ],
            "PA-2",
            id="earlier-one-for-another-code",
        ),
        pytest.param(
            [
                auth("PA-1", "2025-01-01", "2025-12-31", member="01"),
                auth("PA-2", "2025-02-01", "2025-12-31"),
            ],
            "PA-2",
            id="earlier-one-for-another-member",
        ),
        pytest.param(
            [auth("PA-1", "2025-01-01", "2025-03-31"), auth("PA-2", "2025-04-01", "2025-06-30")],
            "PA-2",
            id="earlier-one-expired",
        ),
    ],
)
def test_any_authorisation_valid_that_day_for_the_member_and_code_satisfies(
    authorizations: list[Authorization], satisfied_by: str | None
) -> None:
    """Validity dates are inclusive; authorisations that do not apply are skipped, not final."""

    answer = check_coverage(
        policy_for(screening(prior_authorization=True)),
        in_network(),
        on=ON,
        authorizations=authorizations,
    )

    assert (answer.pa_needed, answer.satisfied_pa_id) == (
        PriorAuth.AUTH_NEEDED if satisfied_by is None else PriorAuth.SATISFIED,
        satisfied_by,
    )


# -- limits: what remains, and how much a service needs ---------------------------------------

LIMITS = screening(
    limits=[
        Limit(Measure.VISITS, 3),
        Limit(Measure.UNITS, 5),
        Limit(Measure.AMOUNT, usd("100.00"), counter="spend"),
        Limit(Measure.DAYS, 4, per=Lifetime()),
    ]
)


def used(*, visits: int = 0, units: int = 0, amount: str = "0", days: int = 0) -> Accumulators:
    """Return accumulators with these amounts already used under the LIMITS plan's counters."""
    return (
        empty()
        .add(("member:00", "screen", "visits", YEAR_2025), Decimal(visits))
        .add(("member:00", "screen", "units", YEAR_2025), Decimal(units))
        .add(("member:00", "spend", "amount", YEAR_2025), Decimal(amount))
        .add(("member:00", "screen", "days", "lifetime"), Decimal(days))
    )


def remaining(visits: int, units: int, amount: str, days: int) -> tuple[tuple[str, str | int], ...]:
    """Return the details of what remains under each LIMITS limit, in the plan's order."""
    return (
        ("screen.visits_remaining", visits),
        ("screen.units_remaining", units),
        ("spend.amount_remaining", amount),
        ("screen.days_remaining", days),
    )


def reached(counter: str, measure: str, maximum: str) -> Reason:
    """Return the limit_reached reason for the screening benefit."""
    return Reason.of(
        "coverage.limit_reached", benefit="screen", counter=counter, measure=measure, max=maximum
    )


@pytest.mark.parametrize(
    ("units", "acc", "reason", "details"),
    [
        pytest.param(
            2,
            used(visits=2, amount="99.50"),
            None,
            remaining(1, 5, "0.50", 4),
            id="one-visit-and-fifty-cents-left-are-enough-for-two-units",
        ),
        pytest.param(
            1,
            used(visits=3),
            reached("screen", "visits", "3"),
            remaining(0, 5, "100.00", 4),
            id="no-visit-left",
        ),
        pytest.param(
            3,
            used(units=2),
            None,
            remaining(3, 3, "100.00", 4),
            id="three-units-left-for-three",
        ),
        pytest.param(
            4,
            used(visits=1, units=2),
            reached("screen", "units", "5"),
            remaining(2, 3, "100.00", 4),
            id="three-units-left-for-four",
        ),
        pytest.param(
            6,
            used(),
            reached("screen", "units", "5"),
            remaining(3, 5, "100.00", 4),
            id="the-first-limit-reached-is-the-reason",
        ),
        pytest.param(
            1,
            used(amount="100.00"),
            reached("spend", "amount", "100.00"),
            remaining(3, 5, "0.00", 4),
            id="no-money-left",
        ),
    ],
)
def test_limits_report_what_remains_and_a_service_needs_its_units(
    units: int,
    acc: Accumulators,
    reason: Reason | None,
    details: tuple[tuple[str, str | int], ...],
) -> None:
    """A visit needs one visit, units and days the service's units, an amount one cent."""
    expected = (
        covered(details=details)
        if reason is None
        else CoverageAnswer(
            Coverage.NOT_COVERED, reasons=(reason,), details=details, benefit="screen"
        )
    )

    answer = check_coverage(policy_for(LIMITS), in_network(units=units), on=ON, accumulators=acc)

    assert answer == expected


def test_what_remains_is_exact_whatever_decimal_context_the_caller_has_set() -> None:
    """check_coverage computes in casekit's own decimal context: under 3 truncating digits
    that trap on any rounding, 100.00 less 12.34 still leaves 87.66."""
    hostile = Context(prec=3, rounding=ROUND_DOWN, traps=[Inexact, Rounded])
    acc = used(amount="12.34")

    with localcontext(hostile):
        answer = check_coverage(policy_for(LIMITS), in_network(), on=ON, accumulators=acc)

    assert answer == covered(details=remaining(3, 5, "87.66", 4))


# -- spells of illness ------------------------------------------------------------------------


def spell_plan(gap_days: int) -> Plan:
    """Return a plan whose benefit period is a spell of illness ending after *gap_days*."""
    return Plan(
        "spells",
        tiers=[TierTerms(Tier.IN)],
        benefit_period=SpellOfIllness(gap_days=gap_days),
        benefits=[Benefit("screen", codes=SCREENS, limits=[Limit(Measure.DAYS, 20)])],
    )


@example(gap_days=10, since=10)  # the last day of the spell
@example(gap_days=10, since=11)  # the first day after it
@example(gap_days=0, since=0)
@example(gap_days=0, since=1)
@given(
    gap_days=st.integers(min_value=0, max_value=90), since=st.integers(min_value=0, max_value=120)
)
def test_a_spell_stays_open_for_its_gap_days_after_the_last_care(gap_days: int, since: int) -> None:
    """The open spell's days count while the days since last care are at most the gap."""
    last_care = ON.subtract(days=since)
    spell = Spell("00", last_care, last_care)
    acc = Accumulators(spells=[spell]).add(
        ("member:00", "screen", "days", spell.label), Decimal(20)
    )

    answer = check_coverage(policy_for(spell_plan(gap_days)), in_network(), on=ON, accumulators=acc)

    in_spell = since <= gap_days
    assert answer.details == (("screen.days_remaining", 0 if in_spell else 20),)


def test_spells_in_the_accumulators_do_not_matter_to_a_plan_without_spells() -> None:
    """A calendar-year plan ignores the member's open spell and counts by year."""
    acc = Accumulators(spells=[Spell("00", ON, ON)]).add(
        ("member:00", "screen", "visits", YEAR_2025), Decimal(1)
    )

    answer = check_coverage(
        policy_for(screening(limits=[Limit(Measure.VISITS, 3)])),
        in_network(),
        on=ON,
        accumulators=acc,
    )

    assert answer == covered(details=(("screen.visits_remaining", 2),))


def test_check_reads_what_adjudication_counted_outside_any_spell() -> None:
    """Visits adjudicated outside a spell count against the check's answer for the next one."""
    plan = Plan(
        "spells",
        tiers=[TierTerms(Tier.IN)],
        benefit_period=SpellOfIllness(gap_days=10),
        benefits=[Benefit("home", codes=SCREENS, limits=[Limit(Measure.VISITS, 2)])],
    )
    policy = policy_for(plan)
    lines = [
        line(n, "100", code=SCREEN, on=pendulum.date(2025, 4, n), place_of_service="12")
        for n in (1, 2)
    ]
    acc = adjudicate(policy, lines, accumulators=empty()).accumulators

    answer = check_coverage(policy, in_network(place_of_service="12"), on=ON, accumulators=acc)

    assert answer == CoverageAnswer(
        Coverage.NOT_COVERED,
        reasons=(
            Reason.of(
                "coverage.limit_reached", benefit="home", counter="home", measure="visits", max="2"
            ),
        ),
        details=(("home.visits_remaining", 0),),
        benefit="home",
    )


# -- reason codes and SBC rounding ------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "on", "message"),
    [
        ("X1", pendulum.date(2025, 1, 1), "unknown code 'X1' in 'CARC'"),
        (
            "197",
            pendulum.date(2007, 10, 30),
            "unknown code '197' in 'CARC'; it was not active on the service date",
        ),
    ],
    ids=["unknown", "not-yet-active"],
)
def test_carc_refuses_unknown_and_inactive_codes_naming_them(
    code: str, on: dt.date, message: str
) -> None:
    """The error names the CARC system and the code, and says when it was inactive."""

    with pytest.raises(UnknownCodeError) as caught:
        carc(code, on=on)

    assert (caught.value.system, caught.value.code, str(caught.value)) == ("CARC", code, message)


def test_carc_returns_a_code_from_its_first_day() -> None:
    """A code is usable on the day X12 made it active."""

    entry = carc("197", on=pendulum.date(2007, 10, 31))

    assert entry.code == "197"


def test_a_reason_code_is_active_from_its_start_to_its_stop_inclusive() -> None:
    """Both the start and the stop day are active; the days either side are not."""
    code = ReasonCode("X", "test", dt.date(2020, 1, 1), dt.date(2020, 6, 30))
    days = [dt.date(2019, 12, 31), dt.date(2020, 1, 1), dt.date(2020, 6, 30), dt.date(2020, 7, 1)]

    active = [code.is_active(day) for day in days]

    assert active == [False, True, True, False]


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        ("94.99", "90"),
        ("95", "100"),
        ("25", "30"),
        ("15", "20"),
        ("250", "300"),
        ("150", "200"),
        ("-25", "-30"),
        ("1925.00", "1900"),
    ],
)
def test_sbc_rounding_goes_to_tens_under_100_and_rounds_halves_up(amount: str, shown: str) -> None:
    """Under $100 to the nearest $10, else to the nearest $100; halves away from zero."""

    assert sbc_rounded(usd(amount)) == usd(shown)
