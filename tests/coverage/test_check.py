"""check_coverage: the pre-service answer and its Da Vinci CRD consistency rules."""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest
from coverage_helpers import empty, policy_for, usd

from casekit.codes import Code, CodeSet, CodeSystem
from casekit.coverage import (
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
    Policy,
    PriorAuth,
    Service,
    Tier,
    TierTerms,
    check_coverage,
)
from casekit.coverage.medicare import part_a_plan
from casekit.errors import InvalidInputError
from casekit.periods import DateRange
from casekit.rules import Reason

MRI = Code(CodeSystem.CPT, "70551")
PT = Code(CodeSystem.CPT, "97110")
ON = pendulum.date(2025, 5, 1)


def plan() -> Plan:
    return Plan(
        "crd",
        tiers=[TierTerms(Tier.IN), TierTerms(Tier.OUT)],
        benefits=[
            Benefit("cosmetic", codes=CodeSet.of(CodeSystem.CPT, "15780", name="c"), covered=False),
            Benefit(
                "mri",
                codes=CodeSet.of(CodeSystem.CPT, "70551", name="mri"),
                prior_authorization=True,
                documentation=Documentation.CLINICAL,
                cost_shares=[CostShare(Tier.IN)],
            ),
            Benefit(
                "pt_office",
                codes=CodeSet.of(CodeSystem.CPT, "97110", name="pt"),
                places_of_service=("11",),
                limits=[Limit(Measure.VISITS, 20)],
                referral=True,
            ),
            Benefit(
                "pt_home",
                codes=CodeSet.of(CodeSystem.CPT, "97110", name="pt"),
                places_of_service=("12",),
                waiting_period_days=400,
            ),
            Benefit(
                "screen",
                codes=CodeSet.of(CodeSystem.CPT, "77067", name="s"),
                medical_necessity=MedicalNecessity(min_age=40),
            ),
        ],
    )


def check(service: Service, **kwargs):
    policy_kwargs = kwargs.pop("policy", {})
    return check_coverage(
        policy_for(plan(), **policy_kwargs), service, on=kwargs.pop("on", ON), **kwargs
    )


AUTH = Authorization("PA-7", MRI, 1, DateRange.of("2025-04-01", "2025-05-31"))


def test_prior_authorisation_needed_then_satisfied_with_its_id() -> None:
    """An MRI needs authorisation; with one on file the answer names it."""

    needed = check(Service(MRI, network=Tier.IN))
    satisfied = check(Service(MRI, network=Tier.IN), authorizations=[AUTH])

    assert (needed.covered, needed.pa_needed) == (Coverage.COVERED, PriorAuth.AUTH_NEEDED)
    assert needed.doc_needed == "clinical"
    assert (satisfied.pa_needed, satisfied.satisfied_pa_id) == (PriorAuth.SATISFIED, "PA-7")


def test_used_up_authorisation_does_not_satisfy() -> None:
    """An authorisation whose units are used up is not enough."""

    acc = empty().add(("auth", "PA-7", "units_used", "lifetime"), Decimal(1))
    answer = check(Service(MRI, network=Tier.IN), authorizations=[AUTH], accumulators=acc)

    assert answer.pa_needed is PriorAuth.AUTH_NEEDED


def test_unknown_network_makes_the_answer_conditional() -> None:
    """Covered in network only: without the network the answer is conditional on performer."""

    answer = check(Service(MRI))

    assert answer.covered is Coverage.CONDITIONAL
    assert answer.info_needed == (InfoNeeded.PERFORMER,)


@pytest.mark.parametrize(
    ("service", "reason"),
    [
        (Service(Code(CodeSystem.CPT, "15780")), "coverage.not_covered_excluded"),
        (Service(Code(CodeSystem.CPT, "10060")), "coverage.no_matching_benefit"),
        (Service(MRI, network=Tier.OUT), "coverage.not_covered_network"),
        (Service(PT, place_of_service="12"), "coverage.waiting_period"),
        (Service(PT, place_of_service="11", referral=False), "coverage.referral_absent"),
    ],
)
def test_not_covered_answers_never_say_whether_authorisation_is_needed(
    service: Service, reason: str
) -> None:
    """Not covered carries a reason and no pa_needed (CRD crd-ci-q2)."""

    answer = check(service)

    assert (answer.covered, answer.pa_needed) == (Coverage.NOT_COVERED, None)
    assert answer.reasons[0].code == reason


def test_outside_the_coverage_period_is_not_covered() -> None:
    """Before or after the policy, nothing is covered."""

    for day in (pendulum.date(2024, 1, 1), pendulum.date(2026, 1, 1)):
        assert check(Service(MRI), on=day).covered is Coverage.NOT_COVERED


def test_an_unknown_place_that_decides_the_benefit_asks_for_location() -> None:
    """Physical therapy differs by place of service: the answer asks for it."""

    answer = check(Service(PT))

    assert (answer.covered, answer.pa_needed) == (Coverage.CONDITIONAL, PriorAuth.CONDITIONAL)
    assert answer.info_needed == (InfoNeeded.LOCATION,)


def test_remaining_visits_and_exhausted_limits_are_reported() -> None:
    """Details give the visits left; a used-up limit makes the service not covered."""

    service = Service(PT, place_of_service="11", referral=True, network=Tier.IN)
    acc = empty().add(("member:00", "pt_office", "visits", "2025-01-01/2025-12-31"), Decimal(5))
    answer = check(service, accumulators=acc)
    full = empty().add(("member:00", "pt_office", "visits", "2025-01-01/2025-12-31"), Decimal(20))

    assert answer.details == (("pt_office.visits_remaining", 15),)
    assert check(service, accumulators=full).covered is Coverage.NOT_COVERED


def test_unknown_referral_and_age_are_information_needed() -> None:
    """A referral not yet known, or a birth date missing, makes the answer conditional."""

    referral = check(Service(PT, place_of_service="11", network=Tier.IN))
    age = check(Service(Code(CodeSystem.CPT, "77067"), network=Tier.IN))
    young = check(
        Service(Code(CodeSystem.CPT, "77067"), network=Tier.IN),
        policy={"birth_date": pendulum.date(2000, 1, 1)},
    )

    assert referral.info_needed == (InfoNeeded.OTHER,)
    assert age.covered is Coverage.CONDITIONAL
    assert young.covered is Coverage.NOT_COVERED


def test_spell_based_limits_read_the_open_spell() -> None:
    """A Medicare plan's spell label is found from the accumulators' open spell."""

    plan = part_a_plan(on=ON)
    policy = policy_for(plan)
    answer = check_coverage(
        policy,
        Service(Code(CodeSystem.LOCAL, "stay"), place_of_service="21", network=Tier.IN),
        on=ON,
        accumulators=empty(),
    )
    assert answer.covered is Coverage.COVERED


def test_check_refuses_bad_arguments() -> None:
    """A datetime for on, or a line instead of a service, is refused."""

    with pytest.raises(InvalidInputError):
        check(Service(MRI), on=pendulum.datetime(2025, 5, 1, tz="UTC"))
    with pytest.raises(InvalidInputError):
        check_coverage(policy_for(plan()), "mri", on=ON)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"covered": Coverage.COVERED},
        {"covered": Coverage.CONDITIONAL, "pa_needed": PriorAuth.NO_AUTH},
        {"covered": Coverage.COVERED, "pa_needed": PriorAuth.SATISFIED},
        {
            "covered": Coverage.COVERED,
            "pa_needed": PriorAuth.NO_AUTH,
            "info_needed": (InfoNeeded.OTHER,),
        },
        {"covered": Coverage.NOT_COVERED},
    ],
)
def test_inconsistent_answers_cannot_be_built(kwargs: dict[str, object]) -> None:
    """The CRD rules are checked when an answer is built."""

    with pytest.raises(InvalidInputError):
        CoverageAnswer(**kwargs)  # type: ignore[arg-type]


def test_answer_details_must_be_pairs() -> None:
    """Details are (name, value) pairs."""

    with pytest.raises(InvalidInputError):
        CoverageAnswer(Coverage.NOT_COVERED, reasons=(Reason("x"),), details=(("a",),))  # type: ignore[arg-type]
    assert usd("1")


def _setting_plan(*benefits: Benefit) -> Policy:
    """Return a policy under a plan holding only *benefits*."""
    return policy_for(Plan("settings", tiers=[TierTerms(Tier.IN)], benefits=list(benefits)))


@pytest.mark.parametrize(
    ("benefits", "asked"),
    [
        pytest.param(
            [
                Benefit("office", places_of_service=("11",)),
                Benefit("home", places_of_service=("12",)),
            ],
            (InfoNeeded.LOCATION,),
            id="place decides",
        ),
        pytest.param(
            [Benefit("pt", provider_kinds=("pt",)), Benefit("ot", provider_kinds=("ot",))],
            (InfoNeeded.PERFORMER,),
            id="provider kind decides",
        ),
        pytest.param(
            [
                Benefit("office-pt", places_of_service=("11",), provider_kinds=("pt",)),
                Benefit("home", places_of_service=("12",)),
                Benefit("ot", provider_kinds=("ot",)),
            ],
            (InfoNeeded.LOCATION, InfoNeeded.PERFORMER),
            id="both decide",
        ),
    ],
)
def test_an_unknown_setting_asks_for_what_decides_the_benefit(
    benefits: list[Benefit], asked: tuple[InfoNeeded, ...]
) -> None:
    """With place and provider kind both unknown, only what tells the benefits apart is asked."""
    answer = check_coverage(
        _setting_plan(*benefits), Service(PT, network=Tier.IN), on=pendulum.date(2025, 3, 1)
    )

    assert (answer.covered, answer.info_needed) == (Coverage.CONDITIONAL, asked)
