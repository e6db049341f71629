"""The serialised form of a Decision: its public fields and its built trace, nothing private."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from cattrs.errors import ClassValidationError
from coverage_scenarios import two_line_result
from refusals import problems_of

from casekit.coverage import Decision
from casekit.rules import Trace
from casekit.serialization import (
    _converter,
    _problems,
    converter,
    from_dict,
    from_json,
    to_dict,
    to_json,
)


def _refuse(*_args: object) -> object:
    msg = "the decision form was not registered"
    raise AssertionError(msg)


@pytest.fixture
def decision_converter(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Return a copy of casekit's converter that learnt the Decision form afresh.

    The copy first forgets the Decision hooks (they refuse), then the serialisation package's
    coverage configuration teaches it again, so the test sees what registration itself does.
    """
    fresh = converter.copy()
    fresh.register_unstructure_hook(Decision, _refuse)
    fresh.register_structure_hook(Decision, _refuse)
    monkeypatch.setattr(_converter, "converter", fresh)  # from_dict reads with the copy
    monkeypatch.setattr(_problems, "_RENAMED", {})  # and forgets the renamed keys
    _converter._configure_coverage(fresh)  # the registration under test
    return fresh


def _a_decision() -> Decision:
    return two_line_result().decisions[0]


def test_a_decision_is_written_with_its_trace_built_and_no_private_record(
    decision_converter: Any,
) -> None:
    """The written form has one key per public field plus ``trace``, the built trace."""
    decision = _a_decision()

    data = decision_converter.unstructure(decision)

    public = [a.name for a in attrs.fields(Decision) if a.name != "_explain"]
    assert sorted(data) == sorted([*public, "trace"])
    assert data["trace"] == converter.unstructure(decision.trace, Trace)
    assert data["trace"]["rule"] == "adjudicate(line 1)"
    assert (data["line_number"], data["status"], data["benefit"]) == (1, "covered", "medical")


def test_a_written_decision_reads_back_equal_with_the_same_trace(
    decision_converter: Any,
) -> None:
    """Structuring the written form gives an equal decision whose trace is a real Trace."""
    decision = _a_decision()

    again = decision_converter.structure(decision_converter.unstructure(decision), Decision)

    assert again == decision
    assert isinstance(again.trace, Trace)
    assert again.trace == decision.trace


@pytest.mark.parametrize("key", ["extra", "_explain", "explain"])
def test_reading_a_decision_refuses_unknown_keys(decision_converter: Any, key: str) -> None:
    """A written decision with any key beyond its fields and ``trace`` is refused."""
    data = decision_converter.unstructure(_a_decision())
    data[key] = data["trace"]

    with pytest.raises(ClassValidationError) as caught:
        decision_converter.structure(data, Decision)

    assert [getattr(e, "extra_fields", None) for e in caught.value.exceptions] == [{key}]


def test_a_decision_round_trips_through_the_public_data_functions() -> None:
    """to_dict and from_dict carry a decision and its trace through plain data."""
    decision = _a_decision()

    again = from_dict(to_dict(decision), Decision)

    assert (again, again.trace) == (decision, decision.trace)


def test_a_decision_without_its_trace_is_reported_at_trace(decision_converter: Any) -> None:
    """The problem for a missing trace names the key a caller writes, ``trace``."""
    data = decision_converter.unstructure(_a_decision())
    del data["trace"]

    problems = problems_of(from_dict, {"data": data, "cls": Decision})

    assert problems == (("trace", "missing", "is required"),)


_WRITTEN = (
    '{"schema_version":1,"line_number":1,"status":"covered","benefit":"medical",'
    '"billed":{"amount":"100.00","currency":"USD"},"allowed":{"amount":"100.00","currency":"USD"},'
    '"deductible":{"amount":"50.00","currency":"USD"},"copay":{"amount":"0.00","currency":"USD"},'
    '"coinsurance":{"amount":"10.00","currency":"USD"},'
    '"not_covered":{"amount":"0.00","currency":"USD"},'
    '"balance_billed":{"amount":"0.00","currency":"USD"},'
    '"plan_paid":{"amount":"40.00","currency":"USD"},'
    '"adjustments":[{"group":"PR","reason":"1","amount":{"amount":"50.00","currency":"USD"}},'
    '{"group":"PR","reason":"2","amount":{"amount":"10.00","currency":"USD"}}],'
    '"reasons":[],"period":"2025-01-01/2025-12-31","tier":"in","day_counts":[],"member":"00",'
    '"trace":{"rule":"adjudicate(line 1)","passed":true,"decisive":true,'
    '"inputs":[["status","covered"]],"children":['
    '{"rule":"date_in(on, coverage_period)","passed":true,"decisive":true,"inputs":[],'
    '"children":[]},'
    '{"rule":"benefit_matched(medical)","passed":true,"decisive":true,"inputs":[],'
    '"children":[]},'
    '{"rule":"not_excluded(medical)","passed":true,"decisive":true,"inputs":[],"children":[]},'
    '{"rule":"covered_at_tier(medical)","passed":true,"decisive":true,"inputs":[],'
    '"children":[]},'
    '{"rule":"cost_share","passed":true,"decisive":true,"inputs":[["billed","100.00"],'
    '["allowed","100.00"],["deductible","50.00"],["copay","0.00"],["coinsurance","10.00"],'
    '["not_covered","0.00"],["balance_billed","0.00"],["plan_paid","40.00"]],"children":[]}]}}'
)


def test_a_decision_is_written_exactly_as_before_it_kept_a_compact_record() -> None:
    """The text of a decision is the one decisions wrote when they kept a Money per amount
    (2026-11), with the member added and every amount at the currency's minor unit."""
    written = to_json(_a_decision())

    assert written == _WRITTEN
    assert to_json(from_json(written, Decision)) == _WRITTEN
