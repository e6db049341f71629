"""Worked Medicare Part A stays: skilled nursing with and without the 3-day qualifying stay,
lifetime reserve days, two benefit periods, and a benefit period across a new year."""

from __future__ import annotations

import datetime as dt

import pendulum
from coverage_helpers import empty, usd

from casekit.codes import Code, CodeSystem
from casekit.coverage import (
    Accumulators,
    Adjudication,
    Coverage,
    InfoNeeded,
    Policy,
    Service,
    ServiceLine,
    Status,
    Tier,
    adjudicate,
    balances,
    check_coverage,
    part_a_plan,
)
from casekit.periods import DateRange
from casekit.rules import Reason

STAY = Code(CodeSystem.LOCAL, "stay")
YEAR = DateRange.of("2025-01-01", "2026-12-31")


def _policy(year: int = 2025, **kwargs: bool) -> Policy:
    return Policy(part_a_plan(on=dt.date(year, 1, 1), **kwargs), YEAR, member_id="M-9")


def _line(number: int, on: str, days: int, place: str) -> ServiceLine:
    date = pendulum.parse(on).date()  # type: ignore[union-attr]
    return ServiceLine(number, STAY, date, units=days, place_of_service=place)


def _hospital(number: int, on: str, days: int) -> ServiceLine:
    return _line(number, on, days, "21")


def _snf(number: int, on: str, days: int) -> ServiceLine:
    return _line(number, on, days, "31")


def _run(*lines: ServiceLine, acc: Accumulators | None = None) -> Adjudication:
    return adjudicate(_policy(), lines, accumulators=acc or empty())


def test_skilled_nursing_after_a_three_day_hospital_stay_is_covered() -> None:
    """4 hospital days from 1 March 2025, then 25 SNF days from 10 March: the deductible
    ($1,676) for the stay, days 21-25 at $209.50 in the nursing facility."""
    hospital, snf = _run(_hospital(1, "2025-03-01", 4), _snf(2, "2025-03-10", 25)).decisions

    assert (hospital.deductible, hospital.coinsurance) == (usd("1676"), usd("0"))
    assert snf.status is Status.COVERED
    assert snf.coinsurance == usd("1047.50")
    assert [(c.kind, c.days) for c in snf.days] == [("full", 20), ("coinsurance", 5)]
    assert snf.period == hospital.period == "2025-03-01/.."


def test_skilled_nursing_without_a_qualifying_stay_is_not_covered() -> None:
    """A 2-day hospital stay does not qualify: the SNF stay is denied and is the patient's."""
    result = _run(_hospital(1, "2025-03-01", 2), _snf(2, "2025-03-03", 10))
    snf = result.decisions[1]

    assert snf.status is Status.DENIED
    assert snf.adjustment_codes == ("PR-96",)
    assert snf.reasons[0].code == "coverage.qualifying_stay_absent"
    assert "at least 3 days" in snf.reasons[0].message()
    assert "after_qualifying_stay(skilled_nursing)" in snf.trace.render()


def test_skilled_nursing_more_than_30_days_after_discharge_is_not_covered() -> None:
    """A qualifying stay discharged 5 March: an SNF admission on 5 April is too late."""
    late = _run(_hospital(1, "2025-03-01", 4), _snf(2, "2025-04-05", 10)).decisions[1]
    in_time = _run(_hospital(1, "2025-03-01", 4), _snf(2, "2025-04-04", 10)).decisions[1]

    assert late.status is Status.DENIED
    assert in_time.status is Status.COVERED


def test_a_readmission_to_skilled_nursing_within_30_days_needs_no_new_hospital_stay() -> None:
    """SNF days carry the qualification on: leaving on 20 March, back on 10 April, covered,
    days counted on in the same benefit period."""
    result = _run(
        _hospital(1, "2025-03-01", 4), _snf(2, "2025-03-05", 15), _snf(3, "2025-04-10", 10)
    )

    again = result.decisions[2]
    assert again.status is Status.COVERED
    assert again.coinsurance == usd("1047.50")  # days 16-25: 21-25 at $209.50


def test_the_qualifying_stay_carries_across_calls_in_the_accumulators() -> None:
    """The hospital stay adjudicated in one call qualifies the SNF line of the next."""
    first = _run(_hospital(1, "2025-03-01", 3))

    snf = _run(_snf(2, "2025-03-04", 5), acc=first.accumulators).decisions[0]

    assert snf.status is Status.COVERED


def test_the_pre_service_check_reads_the_qualifying_stay() -> None:
    """Before the service: conditional without accumulators, then covered or not by them."""
    policy = _policy()
    service = Service(STAY, place_of_service="31", units=10, network=Tier.IN)
    on = pendulum.date(2025, 3, 6)
    qualified = _run(_hospital(1, "2025-03-01", 4)).accumulators
    short = _run(_hospital(1, "2025-03-01", 2)).accumulators

    unknown = check_coverage(policy, service, on=on)
    assert (unknown.covered, unknown.info_needed) == (Coverage.CONDITIONAL, (InfoNeeded.OTHER,))
    assert check_coverage(policy, service, on=on, accumulators=qualified).covered is (
        Coverage.COVERED
    )
    refused = check_coverage(policy, service, on=on, accumulators=short)
    assert refused.covered is Coverage.NOT_COVERED
    assert refused.reasons[0].code == "coverage.qualifying_stay_absent"


def test_the_three_day_rule_can_be_waived() -> None:
    """With the rule waived (the COVID-19 emergency), an SNF stay needs no hospital stay."""
    policy = _policy(qualifying_stay=False)

    d = adjudicate(policy, [_snf(1, "2025-03-03", 10)], accumulators=empty()).decisions[0]

    assert d.status is Status.COVERED


def test_a_long_stay_draws_lifetime_reserve_days_and_balances_show_what_is_left() -> None:
    """A 100-day stay, then after a 60-day gap a 95-day stay: 10 then 5 reserve days drawn,
    each benefit period with its own deductible; 45 of the 60 reserve days remain."""
    result = _run(_hospital(1, "2025-01-02", 100), _hospital(2, "2025-07-01", 95))
    first, second = result.decisions

    assert [(c.kind, c.days) for c in first.days][-1] == ("lifetime_reserve", 10)
    assert [(c.kind, c.days) for c in second.days][-1] == ("lifetime_reserve", 5)
    assert (first.deductible, second.deductible) == (usd("1676"), usd("1676"))
    assert second.coinsurance == usd(30 * 419 + 5 * 838)
    left = {
        b.name: b for b in balances(_policy(), result.accumulators, on=pendulum.date(2025, 10, 5))
    }
    assert (left["inpatient.reserve_days"].met, left["inpatient.reserve_days"].remaining) == (
        15,
        45,
    )


def test_a_second_admission_within_60_days_stays_in_the_benefit_period() -> None:
    """Discharged 10 January, readmitted 1 March (50 days on): no second deductible; after
    leaving on 5 March, an admission on 15 May (71 days on) opens a new period and a new
    deductible."""
    result = _run(
        _hospital(1, "2025-01-05", 5), _hospital(2, "2025-03-01", 4), _hospital(3, "2025-05-15", 3)
    )

    assert [str(d.deductible) for d in result.decisions] == [
        "1676.00 USD",
        "0.00 USD",
        "1676.00 USD",
    ]
    assert [d.period for d in result.decisions] == [
        "2025-01-05/..",
        "2025-01-05/..",
        "2025-05-15/..",
    ]


def test_a_benefit_period_across_a_new_year_takes_each_years_amounts() -> None:
    """Admitted 1 December 2025 for 75 days: the 31 December days under 2025's plan (the
    $1,676 deductible), the 44 days from 1 January under 2026's, in the same benefit period:
    days 61-75 at 2026's $434 (Social Security Act s. 1813(b)(2); 42 CFR 409.82(a)(4))."""
    december = adjudicate(_policy(2025), [_hospital(1, "2025-12-01", 31)], accumulators=empty())
    january = adjudicate(
        _policy(2026), [_hospital(2, "2026-01-01", 44)], accumulators=december.accumulators
    )
    d25, d26 = december.decisions[0], january.decisions[0]

    assert (d25.deductible, d25.coinsurance) == (usd("1676"), usd("0"))
    assert (d26.deductible, d26.coinsurance) == (usd("0"), usd(15 * 434))
    assert d25.period == d26.period == "2025-12-01/.."
    left = {
        b.name: b for b in balances(_policy(2026), january.accumulators, on=dt.date(2026, 2, 1))
    }
    assert left["deductible"].remaining == usd("0")  # charged once per benefit period


def test_a_later_shorter_line_never_moves_the_qualifying_discharge_back() -> None:
    """A 10-day stay leaving 11 March, then SNF days ending 5 March: the stay's discharge
    still counts, so SNF care on 9 April (29 days after it) is covered."""
    result = _run(
        _hospital(1, "2025-03-01", 10), _snf(2, "2025-03-03", 2), _snf(3, "2025-04-09", 3)
    )

    assert [d.status for d in result.decisions] == [Status.COVERED] * 3


def test_the_pre_service_check_says_which_stay_it_needs_and_which_benefit() -> None:
    """Without accumulators the check asks for the qualifying stay of skilled nursing; with
    a short stay it names the three days within thirty it needs."""
    policy = _policy()
    service = Service(STAY, place_of_service="31", units=10, network=Tier.IN)
    on = pendulum.date(2025, 3, 6)
    short = _run(_hospital(1, "2025-03-01", 2)).accumulators

    unknown = check_coverage(policy, service, on=on)
    refused = check_coverage(policy, service, on=on, accumulators=short)

    assert unknown.reasons == (
        Reason.of("coverage.information_needed", benefit="skilled_nursing", what="qualifying_stay"),
    )
    assert refused.reasons == (
        Reason.of("coverage.qualifying_stay_absent", benefit="skilled_nursing", days=3, within=30),
    )
    assert (unknown.benefit, refused.benefit) == ("skilled_nursing", "skilled_nursing")


def test_a_skilled_nursing_denial_names_its_benefit_and_the_stay_it_needs() -> None:
    """The SNF line denied for want of a qualifying stay is skilled nursing's, with the one
    reason naming the three days within thirty it needs."""
    snf = _run(_hospital(1, "2025-03-01", 2), _snf(2, "2025-03-03", 10)).decisions[1]

    assert (snf.benefit, snf.reasons) == (
        "skilled_nursing",
        (
            Reason.of(
                "coverage.qualifying_stay_absent", benefit="skilled_nursing", days=3, within=30
            ),
        ),
    )
