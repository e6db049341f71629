"""check_coverage's whole answers: covered, not covered or conditional, and why.

Each test compares a whole `CoverageAnswer`, so a change to any reason, parameter, detail or
benefit id is caught; `CoverageAnswer` itself refuses an answer that contradicts itself.
"""

from __future__ import annotations

import pytest
from coverage_helpers import policy_for
from coverage_scenarios import (
    DX_OTHER,
    DX_SUPPORTED,
    ON,
    SCREEN,
    conditional,
    covered,
    in_network,
    info_needed,
    not_covered,
    screening,
)
from refusals import problems_of

from casekit.codes import CodeSet, CodeSystem
from casekit.coverage import (
    CostShare,
    Coverage,
    CoverageAnswer,
    InfoNeeded,
    MedicalNecessity,
    Plan,
    PriorAuth,
    Service,
    Tier,
    check_coverage,
)
from casekit.errors import Problem
from casekit.rules import Reason


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
