"""Prior authorisation: which authorisation covers a service, on which days, for how many units.

`adjudicate` and `check_coverage` answer the same way: validity dates are inclusive, and an
authorisation for other dates, another code or another member is passed over.
"""

from __future__ import annotations

import pendulum
import pytest
from coverage_helpers import empty, line, one_benefit_plan, policy_for
from coverage_scenarios import ON, OTHER, SCREEN, covered, in_network, screening

from casekit.codes import Code, CodeSystem
from casekit.coverage import (
    Authorization,
    Benefit,
    Coverage,
    CoverageAnswer,
    Decision,
    Documentation,
    Plan,
    PriorAuth,
    ServiceLine,
    adjudicate,
    check_coverage,
)
from casekit.periods import DateRange
from casekit.rules import Reason

_THERAPY = Code(CodeSystem.CPT, "97110")


def _authorised(service: ServiceLine, *auths: Authorization) -> Decision:
    plan = one_benefit_plan(Benefit("therapy", prior_authorization=True))
    return adjudicate(
        policy_for(plan), [service], accumulators=empty(), authorizations=auths
    ).decisions[0]


@pytest.mark.parametrize(
    ("day", "covered"),
    [
        (pendulum.date(2025, 2, 28), False),
        (pendulum.date(2025, 3, 1), True),
        (pendulum.date(2025, 3, 31), True),
        (pendulum.date(2025, 4, 1), False),
    ],
)
def test_an_authorisation_covers_its_first_and_last_days(
    day: pendulum.Date, *, covered: bool
) -> None:
    """An authorisation valid in March covers 1 and 31 March, not the days either side."""
    march = Authorization("PA-3", _THERAPY, 4, DateRange.of("2025-03-01", "2025-03-31"))

    d = _authorised(line(1, "100", code=_THERAPY, on=day), march)

    assert d.adjustment_codes == (() if covered else ("CO-197",))


def test_an_authorisation_covers_exactly_its_units() -> None:
    """Four authorised units cover a four-unit line; five units are over (CO-198)."""
    auth = Authorization("PA-4", _THERAPY, 4, DateRange.of("2025-01-01", "2025-12-31"))

    four = _authorised(line(1, "100", code=_THERAPY, units=4), auth)
    five = _authorised(line(1, "100", code=_THERAPY, units=5), auth)

    assert (four.adjustment_codes, five.adjustment_codes) == ((), ("CO-198",))
    assert five.reasons[0].code == "coverage.authorization_exceeded"


def test_a_later_authorisation_is_found_after_one_for_other_dates() -> None:
    """Authorisations are tried in date order; one that does not hold the date is passed over."""
    january = Authorization("PA-1", _THERAPY, 4, DateRange.of("2025-01-01", "2025-01-31"))
    march = Authorization("PA-3", _THERAPY, 4, DateRange.of("2025-03-01", "2025-03-31"))

    d = _authorised(line(1, "100", code=_THERAPY, on=pendulum.date(2025, 3, 9)), march, january)

    assert d.trace.children[-2].inputs == (("authorization", "PA-3"),)


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


def _adjudicated(*services: ServiceLine, auths: tuple[Authorization, ...]) -> list[str]:
    plan = one_benefit_plan(Benefit("therapy", prior_authorization=True))
    result = adjudicate(policy_for(plan), services, accumulators=empty(), authorizations=auths)
    return [",".join(d.adjustment_codes) or "covered" for d in result.decisions]


def test_an_authorisation_in_force_is_still_found_after_an_expired_one_is_set_aside() -> None:
    """January's authorisation has expired by March: the first March line sets it aside and
    uses February-to-December's, and so do the next two."""
    expired = Authorization("PA-JAN", _THERAPY, 9, DateRange.of("2025-01-01", "2025-01-31"))
    current = Authorization("PA-REST", _THERAPY, 9, DateRange.of("2025-02-01", "2025-12-31"))
    visits = [line(n, "100", code=_THERAPY, on=pendulum.date(2025, 3, n)) for n in (1, 2, 3)]

    assert _adjudicated(*visits, auths=(expired, current)) == ["covered"] * 3


def test_units_used_up_on_an_authorisations_last_day_are_exceeded_not_absent() -> None:
    """An authorisation of one unit ending 2 March: the first line that day uses it, the
    second is refused as exceeded (198), not as having none (197)."""
    short = Authorization("PA-1", _THERAPY, 1, DateRange.of("2025-03-01", "2025-03-02"))
    day = pendulum.date(2025, 3, 2)

    found = _adjudicated(
        line(1, "100", code=_THERAPY, on=day), line(2, "100", code=_THERAPY, on=day), auths=(short,)
    )

    assert found == ["covered", "CO-198"]


def test_used_up_authorisations_count_as_exceeded_through_their_last_day_only() -> None:
    """Two one-unit authorisations from 1 March, to 3 and 4 March, used on 1 March: a line
    is refused as exceeded (198) while either is in force, through 4 March, however many
    lines ask that day; from 5 March as having none (197)."""
    to_3 = Authorization("PA-A", _THERAPY, 1, DateRange.of("2025-03-01", "2025-03-03"))
    to_4 = Authorization("PA-B", _THERAPY, 1, DateRange.of("2025-03-01", "2025-03-04"))
    days = (1, 1, 2, 4, 4, 5, 6)
    visits = [
        line(n, "100", code=_THERAPY, on=pendulum.date(2025, 3, day))
        for n, day in enumerate(days, start=1)
    ]

    found = _adjudicated(*visits, auths=(to_3, to_4))

    assert found == ["covered", "covered", "CO-198", "CO-198", "CO-198", "CO-197", "CO-197"]


def test_too_few_units_left_is_exceeded_even_beside_an_expired_authorisation() -> None:
    """January's authorisation has expired and March's has one unit: a two-unit line in
    March is refused as exceeded (198)."""
    expired = Authorization("PA-JAN", _THERAPY, 9, DateRange.of("2025-01-01", "2025-01-31"))
    march = Authorization("PA-MAR", _THERAPY, 1, DateRange.of("2025-03-01", "2025-03-31"))
    visit = line(1, "100", code=_THERAPY, on=pendulum.date(2025, 3, 5), units=2)

    assert _adjudicated(visit, auths=(expired, march)) == ["CO-198"]
