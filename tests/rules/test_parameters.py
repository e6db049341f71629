"""Dated parameters: histories keyed by effective date, and the worked examples' tables."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pendulum
import pytest

from casekit.errors import InvalidDefinitionError, InvalidInputError
from casekit.money import Money
from casekit.rules import MAX_DEPTH, DatedParameter, ParameterHistory, load_parameter_table

DATA = json.loads((Path(__file__).parent / "data" / "parameters.json").read_text("utf-8"))
TABLES = DATA["parameters"]
SKIP = ("superseded_value",)


def _histories(name: str) -> dict[str, ParameterHistory[Money]]:
    return load_parameter_table(TABLES[name], name=name, skip=SKIP)


def test_the_medicare_deductible_of_the_year_of_service_is_found() -> None:
    """The Part A deductible in force on 1 June 2024 is $1,632."""
    deductible = _histories("medicare")["part_a_deductible"]

    assert deductible.on(pendulum.date(2024, 6, 1)) == Money.of("1632", "USD")
    assert deductible.name == "medicare.part_a_deductible"


def test_a_year_missing_from_the_table_keeps_the_earlier_value() -> None:
    """2021 has no row, so the 2020 deductible stays in force."""
    deductible = _histories("medicare")["part_a_deductible"]

    assert deductible.on(pendulum.date(2021, 7, 1)) == Money.of("1408", "USD")


def test_each_value_keeps_its_source() -> None:
    """The entry in force carries the citation it came from."""
    entry = _histories("medicare")["part_b_deductible"].entry_on(pendulum.date(2025, 2, 1))

    assert entry.effective_from == pendulum.date(2025, 1, 1)
    assert entry.source.startswith("https://medicareinteractive.org")


def test_a_range_source_covers_the_years_it_names() -> None:
    """The ACA table's _2016_2018_source applies to 2016, 2017 and 2018."""
    limit = _histories("aca_max_oop_in_network")["self"]

    assert limit.entry_on(pendulum.date(2017, 3, 1)).source.startswith(
        "https://www.healthinsurance.org"
    )
    assert limit.on(pendulum.date(2026, 1, 1)) == Money.of("10600", "USD")


def test_a_table_wide_source_and_nested_fields_load() -> None:
    """The IRS table's fields nest (max_oop.self) and share one source."""
    limits = _histories("irs_hdhp")

    assert limits["max_oop.family"].on(pendulum.date(2026, 1, 1)) == Money.of("17000", "USD")
    assert limits["hsa_limit.self"].entry_on(pendulum.date(2025, 1, 1)).source.startswith("Rev.")


@pytest.mark.parametrize("name", ["medicare", "aca_max_oop_in_network", "irs_hdhp"])
def test_every_dated_table_of_the_worked_examples_loads(name: str) -> None:
    """Each year-keyed table loads; every history answers for each of its years."""
    for history in _histories(name).values():
        for entry in history.values:
            assert history.on(entry.effective_from.add(months=6)) == entry.value


def test_medicare_daily_amounts_are_fixed_fractions_of_the_deductible() -> None:
    """coins_61_90 is deductible/4 and lifetime_reserve deductible/2 in every year given."""
    case = next(c for c in DATA["cases"] if c["id"] == "medicare-a-ratio-property")
    assert case["confidence"] == "high"
    medicare = _histories("medicare")
    checked = 0

    for year, row in TABLES["medicare"].items():
        if not year.isdigit() or "part_a_deductible" not in row:
            continue
        day = pendulum.date(int(year), 6, 1)
        deductible = medicare["part_a_deductible"].on(day).amount
        if "coins_61_90" in row:
            assert medicare["coins_61_90"].on(day).amount == deductible / 4
            checked += 1
        if "lifetime_reserve" in row:
            assert medicare["lifetime_reserve"].on(day).amount == deductible / 2
            checked += 1
        if "snf_21_100" in row:
            assert medicare["snf_21_100"].on(day).amount == deductible / 8

    assert checked >= 15


def test_a_date_before_the_first_value_is_refused_clearly() -> None:
    """Asking for 2005 says when the history starts."""
    with pytest.raises(InvalidInputError) as error:
        _histories("medicare")["part_a_deductible"].on(pendulum.date(2005, 12, 31))

    assert str(error.value.problems[0]) == (
        "on: is before the first value of medicare.part_a_deductible, in effect from 2006-01-01"
    )


def test_a_datetime_is_not_a_day() -> None:
    """on= takes a date, not a datetime."""
    history = ParameterHistory.of("x", {pendulum.date(2024, 1, 1): 1})

    with pytest.raises(InvalidInputError):
        history.on(pendulum.datetime(2024, 6, 1))


def test_values_are_kept_in_date_order() -> None:
    """Values given out of order are sorted by effective date."""
    history = ParameterHistory.of(
        "limit", {pendulum.date(2025, 1, 1): 30, pendulum.date(2024, 1, 1): 20}
    )

    assert [e.value for e in history.values] == [20, 30]
    assert history.on(pendulum.date(2024, 12, 31)) == 20


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ((), "empty"),
        ("abc", "type"),
        ((1,), "type"),
        (
            (
                DatedParameter(pendulum.date(2024, 1, 1), 1),
                DatedParameter(pendulum.date(2024, 1, 1), 2),
            ),
            "duplicate_date",
        ),
    ],
)
def test_a_history_refuses_impossible_values(values: Any, code: str) -> None:
    """A history needs DatedParameters, at least one, on distinct dates."""
    with pytest.raises(InvalidInputError) as error:
        ParameterHistory("x", values)

    assert error.value.problems[0].code == code


def test_a_history_needs_a_name_and_a_text_source() -> None:
    """Names are non-empty text; sources are text."""
    with pytest.raises(InvalidInputError):
        ParameterHistory.of(" ", {pendulum.date(2024, 1, 1): 1})
    with pytest.raises(InvalidInputError):
        DatedParameter(pendulum.date(2024, 1, 1), 1, source=None)  # type: ignore[arg-type]


def test_effective_dates_accept_standard_library_dates() -> None:
    """A datetime.date becomes a pendulum Date."""
    import datetime as dt

    entry = DatedParameter(dt.date(2024, 1, 1), Decimal("0.2"))

    assert entry.effective_from == pendulum.date(2024, 1, 1)


def test_a_bad_table_lists_every_problem() -> None:
    """Bad amounts, rows, sources and units are all reported with their paths."""
    table = {
        "_unit": "dollars",
        "2024": {"deductible": "lots", "copay": 1.5},
        "2025": "1632",
        "2026": {"deductible": "1", "source": 7},
    }

    with pytest.raises(InvalidDefinitionError) as error:
        load_parameter_table(table, name="t")

    assert [p.path for p in error.value.problems] == [
        "_unit",
        "2024.deductible",
        "2024.copay",
        "2025",
        "2026.source",
    ]
    assert "lots" not in str(error.value)


def test_a_table_must_be_a_mapping() -> None:
    """A list is not a table."""
    with pytest.raises(InvalidDefinitionError):
        load_parameter_table([], name="t")  # type: ignore[arg-type]


def test_an_explicit_currency_overrides_the_unit() -> None:
    """currency= is used when _unit is absent."""
    table = {"2024": {"limit": "10"}}

    assert load_parameter_table(table, name="t", currency="EUR")["limit"].values[0].value == (
        Money.of("10", "EUR")
    )


def _nested(depth: int) -> dict[str, Any]:
    """Return a row whose one value sits *depth* mappings below the row."""
    row: dict[str, Any] = {"v": "1"}
    for _ in range(depth):
        row = {"k": row}
    return row


def test_a_row_may_nest_exactly_max_depth_mappings() -> None:
    """MAX_DEPTH levels below a year are read; one more is refused at the year."""
    fields = load_parameter_table({"_unit": "USD", "2024": _nested(MAX_DEPTH)}, name="t")

    assert list(fields) == [".".join(["k"] * MAX_DEPTH + ["v"])]
    with pytest.raises(InvalidDefinitionError) as error:
        load_parameter_table({"_unit": "USD", "2024": _nested(MAX_DEPTH + 1)}, name="t")
    assert error.value.problems == (("2024", "too_deep", f"nests deeper than {MAX_DEPTH} levels"),)


def test_every_bad_year_is_listed_not_only_the_first() -> None:
    """A row that is not a mapping and one nested too deeply do not hide later years' problems."""
    table = {
        "_unit": "USD",
        "2023": "not a row",
        "2024": _nested(MAX_DEPTH + 1),
        "2025": {"deductible": "abc"},
    }

    with pytest.raises(InvalidDefinitionError) as error:
        load_parameter_table(table, name="t")

    assert [(p.path, p.code) for p in error.value.problems] == [
        ("2023", "type"),
        ("2024", "too_deep"),
        ("2025.deductible", "amount"),
    ]


@pytest.mark.parametrize("values", ["2024-01-01", [("2024-01-01", 1)], None])
def test_a_history_of_what_is_not_a_mapping_is_refused_at_values(values: Any) -> None:
    """ParameterHistory.of wants {date: value}; anything else is a problem, not AttributeError."""
    with pytest.raises(InvalidInputError) as error:
        ParameterHistory.of("x", values)

    assert error.value.problems == (("values", "type", "must be a mapping of date to value"),)


@pytest.mark.parametrize(
    "values", ["abc", b"abc", {"a": 1}, 5], ids=["str", "bytes", "mapping", "int"]
)
def test_a_history_is_built_from_dated_parameters_only(values: Any) -> None:
    """The constructor wants DatedParameter items, not text, bytes, a mapping or a number."""
    with pytest.raises(InvalidInputError) as error:
        ParameterHistory("x", values)

    assert error.value.problems == (("values", "type", "must be a list of DatedParameter"),)


def test_problems_in_nested_fields_and_sources_are_each_at_their_path() -> None:
    """A year with a source that is not text is skipped and named; nested fields keep dots."""
    table = {"_unit": "USD", "2024": {"source": 5}, "2025": {"max_oop": {"self": "bad"}}}

    with pytest.raises(InvalidDefinitionError) as error:
        load_parameter_table(table, name="t")

    assert error.value.problems == (
        ("2024.source", "type", "must be text (a citation or URL)"),
        ("2025.max_oop.self", "amount", "must be a decimal string such as 12.50"),
    )


def test_a_history_built_without_a_source_cites_none() -> None:
    """ParameterHistory.of's source defaults to empty text, not a placeholder."""
    day = pendulum.date(2024, 1, 1)

    assert ParameterHistory.of("x", {day: 1}).entry_on(day).source == ""
