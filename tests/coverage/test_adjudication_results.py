"""An Adjudication totals its lines and finds the decision for each line number."""

from __future__ import annotations

from coverage_scenarios import two_line_result
from refusals import problems_of

from casekit.errors import Problem


def test_an_adjudication_totals_every_line() -> None:
    """plan_paid_total and patient_total add up all the lines, not only the last."""

    result = two_line_result()

    assert [str(d.plan_paid) for d in result.decisions] == ["40.00 USD", "160.00 USD"]
    assert (str(result.plan_paid_total("USD")), str(result.patient_total("USD"))) == (
        "200.00 USD",
        "100.00 USD",
    )


def test_decision_for_finds_each_line_and_refuses_an_unknown_one() -> None:
    """decision_for returns the decision with that number, or raises at ``line_number``."""

    result = two_line_result()

    assert [result.decision_for(n).line_number for n in (2, 1)] == [2, 1]
    assert problems_of(result.decision_for, {"line_number": 3}) == (
        Problem("line_number", "unknown", "must be the number of a line given"),
    )
