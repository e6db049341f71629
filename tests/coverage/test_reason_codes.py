"""X12 claim adjustment reason codes: known codes, and the days each is active."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest

from casekit.coverage.reason_codes import ReasonCode, carc
from casekit.errors import UnknownCodeError


@pytest.mark.parametrize(
    ("code", "on", "message"),
    [
        ("X1", pendulum.date(2025, 1, 1), "unknown code 'X1' in 'CARC'"),
        (
            "197",
            pendulum.date(2007, 10, 30),
            "unknown code '197' in 'CARC'; it was not active on the service date",
        ),
    ],
    ids=["unknown", "not-yet-active"],
)
def test_carc_refuses_unknown_and_inactive_codes_naming_them(
    code: str, on: dt.date, message: str
) -> None:
    """The error names the CARC system and the code, and says when it was inactive."""

    with pytest.raises(UnknownCodeError) as caught:
        carc(code, on=on)

    assert (caught.value.system, caught.value.code, str(caught.value)) == ("CARC", code, message)


def test_carc_returns_a_code_from_its_first_day() -> None:
    """A code is usable on the day X12 made it active."""

    entry = carc("197", on=pendulum.date(2007, 10, 31))

    assert entry.code == "197"


def test_a_reason_code_is_active_from_its_start_to_its_stop_inclusive() -> None:
    """Both the start and the stop day are active; the days either side are not."""
    code = ReasonCode("X", "test", dt.date(2020, 1, 1), dt.date(2020, 6, 30))
    days = [dt.date(2019, 12, 31), dt.date(2020, 1, 1), dt.date(2020, 6, 30), dt.date(2020, 7, 1)]

    active = [code.is_active(day) for day in days]

    assert active == [False, True, True, False]
