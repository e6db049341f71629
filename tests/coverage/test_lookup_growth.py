"""Authorisation and code lookups cost the same whatever is on file: counted, never timed."""

from __future__ import annotations

from collections.abc import Sequence

import pendulum
from coverage_helpers import counted_work, empty, policy_for, usd

from casekit.codes import Code, CodeSet, CodeSystem
from casekit.coverage import (
    Authorization,
    Benefit,
    Plan,
    PriorAuth,
    Service,
    ServiceLine,
    Status,
    Tier,
    TierTerms,
    adjudicate,
    check_coverage,
)
from casekit.periods import DateRange

MRI = Code(CodeSystem.CPT, "70551")
ON = pendulum.date(2025, 3, 3)
YEAR = DateRange.of("2025-01-01", "2025-12-31")


def _plan(codes: int = 1) -> Plan:
    values = ["70551", *(f"{80000 + i:05d}" for i in range(codes - 1))]
    return Plan(
        "pa",
        tiers=[TierTerms(Tier.IN)],
        benefits=[
            Benefit(
                "imaging",
                codes=CodeSet.of(CodeSystem.CPT, *values, name="imaging"),
                prior_authorization=True,
            )
        ],
    )


def _on_file(n: int) -> tuple[Authorization, ...]:
    """The member's MRI authorisation among *n* on file for other members and codes."""
    others = tuple(
        Authorization(f"PA-{i}", Code(CodeSystem.CPT, f"{71000 + i % 500:05d}"), 1, YEAR,
                      member=f"{i % 97:02d}")
        for i in range(n - 1)
    )  # fmt: skip
    return (*others, Authorization("PA-MRI", MRI, 2, YEAR, member="00"))


def _check(policy_plan: Plan, auths: Sequence[Authorization]) -> PriorAuth:
    answer = check_coverage(
        policy_for(policy_plan), Service(MRI, network=Tier.IN), on=ON, authorizations=auths
    )
    return answer.pa_needed


def test_check_coverage_reads_the_same_whatever_authorisations_are_on_file() -> None:
    """With 100 or 1,000 authorisations on file (passed again as the same tuple), the
    check finds the member's in the same number of steps."""
    plan = _plan()
    small, large = _on_file(100), _on_file(1000)
    assert _check(plan, small) is _check(plan, large) is PriorAuth.SATISFIED  # files them

    work_small = counted_work(lambda: _check(plan, small))
    work_large = counted_work(lambda: _check(plan, large))

    assert work_large == work_small


def test_adjudicate_reads_the_same_whatever_authorisations_are_on_file() -> None:
    """A claim line needing authorisation costs the same with 100 or 1,000 on file."""
    policy = policy_for(_plan())
    line = ServiceLine(1, MRI, ON, usd("900.00"))

    def run(auths: tuple[Authorization, ...]) -> Status:
        result = adjudicate(policy, [line], accumulators=empty(), authorizations=auths)
        return result.decisions[0].status

    small, large = _on_file(100), _on_file(1000)
    assert run(small) is run(large) is Status.COVERED

    assert counted_work(lambda: run(large)) == counted_work(lambda: run(small))


def test_a_list_of_the_same_authorisations_is_filed_once() -> None:
    """A list passed again with the same items reuses its index: casekit runs the same
    code for 100 or 1,000 on file (the items are compared by identity, at C speed)."""
    plan = _plan()
    small, large = list(_on_file(100)), list(_on_file(1000))
    assert _check(plan, small) is _check(plan, large) is PriorAuth.SATISFIED  # files them

    work_small = counted_work(lambda: _check(plan, small))
    work_large = counted_work(lambda: _check(plan, large))

    assert work_large == work_small


def test_a_list_whose_items_change_is_filed_again() -> None:
    """A list changed in place between calls (its ends kept) is read afresh, never answered
    from the index of what it held before."""
    plan = _plan()
    *others, mri = _on_file(10)
    on_file = [*others[:4], mri, *others[4:]]  # the member's in the middle
    assert _check(plan, on_file) is PriorAuth.SATISFIED

    on_file[4] = Authorization("PA-MRI", MRI, 2, YEAR, member="01")  # another member's
    assert _check(plan, on_file) is PriorAuth.AUTH_NEEDED
    on_file[4] = mri
    assert _check(plan, on_file) is PriorAuth.SATISFIED
    del on_file[4]
    assert _check(plan, on_file) is PriorAuth.AUTH_NEEDED


def test_code_lookups_read_the_same_whatever_codes_a_benefit_holds() -> None:
    """A benefit of 100 or 1,000 codes: matching a service costs the same."""
    small, large = _plan(100), _plan(1000)
    auths = _on_file(1)
    _check(small, auths), _check(large, auths)

    assert counted_work(lambda: _check(large, auths)) == counted_work(lambda: _check(small, auths))
