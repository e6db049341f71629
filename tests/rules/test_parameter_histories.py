"""Dated parameters: the value in force on a day, and the sources a table records."""

from __future__ import annotations

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from casekit.errors import InvalidDefinitionError
from casekit.money import Money
from casekit.rules import DatedParameter, ParameterHistory, load_parameter_table

D = pendulum.date(2024, 1, 1)


def test_a_history_keeps_the_source_it_was_given() -> None:
    """ParameterHistory.of records its source on every entry."""
    history = ParameterHistory.of("x", {D: 1, pendulum.date(2025, 1, 1): 2}, source="memo")
    assert {e.source for e in history.values} == {"memo"}
    assert DatedParameter(D, 1).source == ""


def test_a_table_without_sources_leaves_them_empty() -> None:
    """Values of a table with no source anywhere carry an empty source."""
    history = load_parameter_table({"2024": {"x": "1"}}, name="t", currency="USD")["x"]
    assert history.entry_on(D).source == ""
    assert history.name == "t.x"


def test_a_range_source_covers_only_the_years_it_names() -> None:
    """_2016_2018_source applies to 2016-2018; 2015 and 2019 keep the table's source."""
    table = {
        "_unit": "USD",
        "source": "table",
        "_2016_2018_source": "range",
        7: "ignored",
        "2015": {"x": "1"},
        "2018": {"x": "2"},
        "2019": {"x": "3"},
    }
    history = load_parameter_table(table, name="t")["x"]
    sources = [(e.effective_from.year, e.source) for e in history.values]
    assert sources == [(2015, "table"), (2018, "range"), (2019, "table")]


def test_private_metadata_and_skipped_keys_are_not_values() -> None:
    """Keys starting _, non-text keys, note, source and skipped fields are not loaded."""
    row = {"note": "n", "_comment": "c", 3: "x", "old": "bad", "x": "1", "y": {"z": "2"}}
    histories = load_parameter_table({"2024": row}, name="t", currency="USD", skip=["old"])
    assert sorted(histories) == ["x", "y.z"]
    assert histories["y.z"].on(D) == Money.of("2", "USD")


def test_a_bad_currency_is_one_problem_not_one_per_value() -> None:
    """An unusable currency is reported once; the amounts are still checked as USD."""
    with pytest.raises(InvalidDefinitionError) as caught:
        load_parameter_table({"2024": {"x": "1", "y": "2"}}, name="t", currency="dollars")
    assert [p.path for p in caught.value.problems] == ["_unit"]


@given(st.lists(st.integers(min_value=2000, max_value=2030), min_size=1, unique=True))
def test_a_history_answers_with_the_latest_value_in_force(years: list[int]) -> None:
    """On each effective date and the day before the next, the value of that date is found."""
    history = ParameterHistory.of("x", {pendulum.date(y, 1, 1): y for y in years})
    for y in years:
        assert history.on(pendulum.date(y, 1, 1)) == y
        assert history.on(pendulum.date(y, 12, 31)) == max(v for v in years if v <= y)
