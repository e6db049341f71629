"""A member's policy: the age it gives on a day, and what its repr shows."""

from __future__ import annotations

from typing import Any

import pendulum
import pytest
from coverage_scenarios import FEB, member_policy


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (pendulum.date(1980, 5, 1), pendulum.date(2025, 4, 30), 44),
        (pendulum.date(1980, 5, 1), pendulum.date(2025, 5, 1), 45),
        (pendulum.date(1980, 5, 1), pendulum.date(2025, 5, 2), 45),
        (pendulum.date(2000, 2, 29), pendulum.date(2025, 2, 28), 24),
        (pendulum.date(2000, 2, 29), pendulum.date(2025, 3, 1), 25),
    ],
    ids=["day-before-birthday", "birthday", "day-after-birthday", "leap-28-feb", "leap-1-mar"],
)
def test_a_members_age_counts_whole_years_turning_on_the_birthday(
    born: Any, on: Any, age: int
) -> None:
    """`Policy.age_on` adds a year on the birthday itself, not the day before or after."""

    assert member_policy(birth_date=born).age_on(on) == age


def test_a_member_without_a_birth_date_has_no_age() -> None:
    """`Policy.age_on` gives None when the policy has no birth date."""

    assert member_policy().age_on(FEB) is None


def test_a_policy_shows_its_plan_period_and_member_but_no_personal_data() -> None:
    """repr and str name the plan, coverage period and member sequence, and redact the rest."""
    policy = member_policy(member="01", sex="female", birth_date=pendulum.date(1980, 5, 1))

    shown = (repr(policy), str(policy))

    expected = "Policy(plan='p', coverage_period=2025-01-01/2025-12-31, member='01', "
    assert shown == (f"{expected}<personal data redacted>)",) * 2
