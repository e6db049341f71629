"""The pre-service check and adjudication ask the same questions the same way: which
authorisation covers a service, which spell of illness a service falls in, whether a
diagnosis supports it on that day. What check_coverage answers, adjudicate does."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pendulum
import pytest
from coverage_helpers import empty, examples, line, one_benefit_plan, policy_for, usd
from hypothesis import given, settings
from hypothesis import strategies as st

from casekit.codes import Code, CodeSet, CodeSetEntry, CodeSystem
from casekit.coverage import (
    Accumulators,
    Authorization,
    Benefit,
    Coverage,
    Limit,
    Measure,
    MedicalNecessity,
    Plan,
    PriorAuth,
    Service,
    SpellOfIllness,
    Status,
    Tier,
    TierTerms,
    adjudicate,
    check_coverage,
)
from casekit.errors import InvalidInputError
from casekit.periods import DateRange

THERAPY = Code(CodeSystem.CPT, "97110")
OTHER = Code(CodeSystem.CPT, "97112")
STAY = Code(CodeSystem.LOCAL, "stay")
_AUTH_PLAN = one_benefit_plan(Benefit("therapy", prior_authorization=True))
_DAYS = [dt.date(2025, 1, 1) + dt.timedelta(days=n) for n in range(0, 365, 30)]


@st.composite
def _authorizations(draw: st.DrawFn) -> list[Authorization]:
    found = []
    for i in range(draw(st.integers(min_value=0, max_value=4))):
        start = draw(st.sampled_from(_DAYS))
        end = draw(st.sampled_from([d for d in _DAYS if d >= start]))
        found.append(
            Authorization(
                f"PA-{i}",
                draw(st.sampled_from([THERAPY, OTHER])),
                draw(st.integers(min_value=1, max_value=12)),
                DateRange(start, end),
                member=draw(st.sampled_from(["00", "01"])),
            )
        )
    return found


@settings(max_examples=examples(200))
@given(
    auths=_authorizations(),
    used=st.lists(st.integers(min_value=0, max_value=12), min_size=4, max_size=4),
    on=st.sampled_from(_DAYS),
    units=st.integers(min_value=1, max_value=12),
)
def test_a_service_the_check_calls_authorised_adjudicates_as_authorised_and_back(
    auths: list[Authorization], used: list[int], on: dt.date, units: int
) -> None:
    """Under the same accumulators, check_coverage says an authorisation is satisfied
    exactly when adjudicate covers the line, and names the authorisation it uses up."""
    accumulators = Accumulators.empty()
    for i, n in enumerate(used):
        if n:
            accumulators = accumulators.add(("auth", f"PA-{i}", "units_used", "lifetime"), n)
    policy = policy_for(_AUTH_PLAN)

    answer = check_coverage(
        policy,
        Service(THERAPY, units=units, network=Tier.IN),
        on=on,
        accumulators=accumulators,
        authorizations=auths,
    )
    result = adjudicate(
        policy,
        [line(1, "100.00", on=on, code=THERAPY, units=units)],
        accumulators=accumulators,
        authorizations=auths,
    )

    covered = result.decisions[0].status is Status.COVERED
    assert (answer.pa_needed is PriorAuth.SATISFIED) == covered
    if covered:
        key = ("auth", answer.satisfied_pa_id, "units_used", "lifetime")
        assert result.accumulators.get(key) == accumulators.get(key) + units


def _spell_plan(**benefit: object) -> Plan:
    return Plan(
        "spells",
        tiers=[TierTerms(Tier.IN, deductible=usd("1000"))],
        benefits=[
            Benefit(
                "inpatient",
                places_of_service=("21",),
                limits=[Limit(Measure.DAYS, 30, per=SpellOfIllness())],
                **benefit,  # type: ignore[arg-type]  # each test names real Benefit fields
            ),
            Benefit("other"),
        ],
        benefit_period=SpellOfIllness(),
    )


def test_a_denied_admission_opens_no_spell_of_illness() -> None:
    """A stay denied for want of a referral leaves the spells as they were."""
    plan = _spell_plan(referral=True)

    result = adjudicate(
        policy_for(plan),
        [line(1, "500.00", code=STAY, place_of_service="21", units=5)],
        accumulators=empty(),
    )

    assert result.decisions[0].status is Status.DENIED
    assert result.accumulators.spells == ()


def test_a_pending_admission_changes_no_spell_of_illness() -> None:
    """A stay pending the member's birth date changes nothing, as pending lines never do."""
    plan = _spell_plan(medical_necessity=MedicalNecessity(min_age=18))
    before = adjudicate(
        policy_for(_spell_plan()),
        [line(1, "500.00", code=STAY, place_of_service="21", units=5)],
        accumulators=empty(),
    ).accumulators
    later = pendulum.date(2025, 2, 15).add(days=20)

    result = adjudicate(
        policy_for(plan),
        [line(2, "500.00", on=later, code=STAY, place_of_service="21", units=50)],
        accumulators=before,
    )

    assert result.decisions[0].status is Status.PENDING
    assert result.accumulators == before


def test_the_check_labels_an_admission_by_the_spell_adjudication_would_open() -> None:
    """A new admission after the gap counts its days in the new spell, in both verbs."""
    plan = _spell_plan()
    policy = policy_for(plan)
    first = adjudicate(
        policy,
        [
            line(
                1,
                "500.00",
                on=pendulum.date(2025, 1, 2),
                code=STAY,
                place_of_service="21",
                units=30,
            )
        ],
        accumulators=empty(),
    ).accumulators
    later = pendulum.date(2025, 6, 1)  # far past the 60-day gap: a new spell

    answer = check_coverage(
        policy,
        Service(STAY, units=10, place_of_service="21", network=Tier.IN),
        on=later,
        accumulators=first,
    )
    result = adjudicate(
        policy,
        [line(2, "500.00", on=later, code=STAY, place_of_service="21", units=10)],
        accumulators=first,
    )

    assert answer.covered is Coverage.COVERED
    assert dict(answer.details)["inpatient.days_remaining"] == 30
    assert result.decisions[0].status is Status.COVERED


_COVID = CodeSet(
    name="covid-19",
    system=CodeSystem.ICD10CM,
    entries=[CodeSetEntry("U07.1", effective_from=pendulum.date(2020, 4, 1))],
)
_TESTING = Benefit("testing", medical_necessity=MedicalNecessity(diagnoses=_COVID))
_U071 = Code(CodeSystem.ICD10CM, "U07.1")


def test_a_diagnosis_supports_a_service_only_on_the_days_its_code_is_in_effect() -> None:
    """U07.1 is in the set from April 2020: a 2019 service with it is not medically necessary."""
    policy = policy_for(one_benefit_plan(_TESTING))
    policy = type(policy)(policy.plan, DateRange.of("2019-01-01", "2020-12-31"), member_id="M1")
    lines = [
        line(1, "100.00", on=pendulum.date(2019, 6, 1), diagnoses=[_U071]),
        line(2, "100.00", on=pendulum.date(2020, 6, 1), diagnoses=[_U071]),
    ]

    result = adjudicate(policy, lines, accumulators=empty())
    answers = [
        check_coverage(
            policy,
            Service(lines[0].code, network=Tier.IN, diagnoses=[_U071]),
            on=on,
        ).covered
        for on in (pendulum.date(2019, 6, 1), pendulum.date(2020, 6, 1))
    ]

    assert [d.status for d in result.decisions] == [Status.DENIED, Status.COVERED]
    assert answers == [Coverage.NOT_COVERED, Coverage.COVERED]


def test_every_read_of_a_decisions_trace_gives_an_equal_trace() -> None:
    """The trace is built from what adjudication recorded, the same on every read."""
    d = adjudicate(
        policy_for(one_benefit_plan(Benefit("all"), deductible=usd("10"))),
        [line(1, "100.00")],
        accumulators=empty(),
    ).decisions[0]

    assert d.trace == d.trace
    assert d.trace.passed
    assert d.deductible == usd(Decimal(10))


def test_another_members_spell_does_not_label_the_check() -> None:
    """The check reads the member's own spell, never a family member's."""
    plan = _spell_plan()
    theirs = adjudicate(
        policy_for(plan, member="01"),
        [line(1, "500.00", code=STAY, place_of_service="21", units=30)],
        accumulators=empty(),
    ).accumulators

    answer = check_coverage(
        policy_for(plan),
        Service(STAY, units=10, place_of_service="11", network=Tier.IN),
        on=pendulum.date(2025, 2, 20),
        accumulators=theirs,
    )

    assert answer.covered is Coverage.COVERED


def test_a_used_up_authorisation_says_exceeded_until_it_expires() -> None:
    """Used up on day one, PA-1 makes later lines "exceeded" (198) while in force, "absent"
    (197) after, and never for a line naming another authorisation."""
    mri_plan = one_benefit_plan(Benefit("mri", prior_authorization=True))
    auth = Authorization("PA-1", THERAPY, 1, DateRange.of("2025-02-01", "2025-02-10"))
    lines = [
        line(1, "100.00", on=pendulum.date(2025, 2, 1), code=THERAPY),
        line(2, "100.00", on=pendulum.date(2025, 2, 2), code=THERAPY, authorization_id="PA-9"),
        line(3, "100.00", on=pendulum.date(2025, 2, 3), code=THERAPY),
        line(4, "100.00", on=pendulum.date(2025, 3, 1), code=THERAPY),
    ]

    decisions = adjudicate(
        policy_for(mri_plan), lines, accumulators=empty(), authorizations=[auth]
    ).decisions

    assert [d.adjustment_codes for d in decisions] == [(), ("CO-197",), ("CO-198",), ("CO-197",)]


def test_lines_with_repeated_numbers_are_refused_before_any_is_decided() -> None:
    """Two lines numbered 1 are refused at the second, with accumulators in the right currency."""
    with pytest.raises(InvalidInputError) as caught:
        adjudicate(policy_for(_AUTH_PLAN), [line(1, "1.00"), line(1, "2.00")], accumulators=empty())

    assert [p.path for p in caught.value.problems] == ["lines[1].line_number"]
