"""The assertion helpers: silent when the rule holds, explanatory when it does not."""

from __future__ import annotations

from decimal import Decimal

import pytest

from casekit.codes import Code
from casekit.coverage import (
    Accumulators,
    Coverage,
    CoverageAnswer,
    PriorAuth,
    Service,
    Tier,
    adjudicate,
    check_coverage,
)
from casekit.money import Money
from casekit.rules import Reason
from casekit.testing import assert_allowed, assert_covered, assert_decision, assert_refused
from casekit.testing.assertions import describe_reasons
from casekit.testing.examples import (
    river_authorization,
    river_case,
    river_lines,
    river_policy,
)


@pytest.fixture
def decisions():
    result = adjudicate(
        river_policy(),
        river_lines(),
        accumulators=Accumulators.empty(),
        authorizations=[river_authorization()],
    )
    return result.decisions


def test_amounts_may_be_money_numbers_or_text(decisions):
    """An expected amount is Money, a number in the decision's currency, or "30.00 USD"."""
    first = decisions[0]

    assert_decision(first, patient_pays=Money.of("30", "USD"), plan_pays=Decimal(150))
    assert_decision(first, allowed="180.00 USD", codes=["PR-3"], reasons=[])


def test_a_decision_that_differs_lists_every_field(decisions):
    """Each differing field is shown with what was expected and what came, then the trace."""
    with pytest.raises(AssertionError) as caught:
        assert_decision(decisions[3], status="covered", codes={"CO-45"}, plan_pays=10)

    text = str(caught.value)
    assert "status: expected covered, got denied" in text
    assert "codes: expected {CO-45}, got {CO-27}" in text
    assert "plan_pays: expected 10 USD, got 0.00 USD" in text
    assert "coverage.after_coverage: " in text
    assert "trace:" in text


def test_pre_service_answers_are_checked_by_assert_covered():
    """assert_covered accepts a covered CoverageAnswer and explains one that is not."""
    on = river_lines()[0].service_date
    therapy = Service(Code.parse("CPT|97110"))
    medical = Service(Code.parse("CPT|99213"), network=Tier.IN)
    policy = river_policy()

    assert_covered(check_coverage(policy, medical, on=on, accumulators=Accumulators.empty()))
    with pytest.raises(AssertionError, match=r"the service is conditional:\s+- coverage"):
        assert_covered(check_coverage(policy, therapy, on=on))


def test_an_answer_built_by_hand_is_checked_too():
    """A not-covered answer lists its reasons."""
    answer = CoverageAnswer(
        Coverage.NOT_COVERED, reasons=(Reason("coverage.not_covered_excluded"),)
    )

    with pytest.raises(AssertionError, match=r"coverage\.not_covered_excluded"):
        assert_covered(answer)
    assert CoverageAnswer(Coverage.COVERED, PriorAuth.NO_AUTH).covered is Coverage.COVERED


def test_refusals_for_other_reasons_show_what_is_missing_and_unexpected():
    """assert_refused with the wrong codes lists the missing and the unexpected ones."""
    case = river_case()

    with pytest.raises(AssertionError) as caught:
        assert_refused(case, "close", at=case.opened_at, reasons={"lifecycle.reason_missing"})

    text = str(caught.value)
    assert "missing:    ['lifecycle.reason_missing']" in text
    assert "unexpected: ['lifecycle.event_not_allowed']" in text


def test_an_allowed_event_fails_assert_refused_and_passes_assert_allowed():
    """start_screening is allowed on a new case: one helper passes, the other explains."""
    case = river_case()

    assert_allowed(case, "start_screening", at=case.opened_at, by="cm-2")
    with pytest.raises(AssertionError, match="is allowed in state 'referred'"):
        assert_refused(case, "start_screening", at=case.opened_at)


def test_no_reasons_are_described_as_none():
    """An empty list of reasons reads as such."""
    assert describe_reasons(()) == "  (no reasons)"
