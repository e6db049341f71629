"""load_plan and dump_plan: plans as plain data (dicts, JSON, YAML), strictly validated."""

from __future__ import annotations

from typing import Any

from casekit.coverage._plan import Plan
from casekit.errors import InvalidInputError
from casekit.serialization import from_dict, to_dict

__all__ = ["dump_plan", "load_plan"]


def load_plan(data: object) -> Plan:
    """Return the plan described by plain *data* (as read from JSON or YAML).

    Periods are objects tagged by ``kind`` (``calendar_year``, ``plan_year`` with
    ``start_month`` and ``start_day``, ``lifetime``, ``spell_of_illness`` with ``gap_days``
    and ``places_of_service``); money is ``{"amount": "30.00", "currency": "USD"}``; codes
    are ``"CPT|99213"``; a limit's ``max`` is a whole number, or money for an amount limit.

    Raises:
        InvalidInputError: listing every problem with its path, such as
            ``benefits[3].limits[0].max``; values are never echoed. A document past the
            ``nodes`` budget of `casekit.limits` (counted with YAML aliases expanded, without
            expanding them) is refused first, with one ``too_large`` problem at ``$``.
        InvalidDefinitionError: when the plan is well formed but cannot work (duplicate
            benefit ids, money in another currency, ...).

    Examples:
        >>> plan = load_plan({
        ...     "id": "bronze",
        ...     "tiers": [{"tier": "in", "deductible": {"amount": "1500", "currency": "USD"}}],
        ...     "benefits": [{"id": "all", "limits": [{"measure": "visits", "max": 20}]}],
        ...     "benefit_period": {"kind": "plan_year", "start_month": 7, "start_day": 1},
        ... })
        >>> plan.benefit_period, plan.benefits[0].limits[0].max
        (PlanYear(start_month=7, start_day=1), 20)
        >>> load_plan({"id": "x", "tiers": [], "benefits": [{"id": "a", "limits": [
        ...     {"measure": "visits", "max": "20"}]}]})
        Traceback (most recent call last):
        ...
        casekit.errors.InvalidInputError: invalid input (1 problem):
          benefits[0].limits[0].max: must be a whole number, or money such as ...
    """
    from casekit.limits import refuse_oversized  # noqa: PLC0415  # kept inside load_plan's body

    refuse_oversized(data)
    return from_dict(data, Plan)


def dump_plan(plan: Plan) -> dict[str, Any]:
    """Return *plan* as plain data that `load_plan` reads back to an equal plan.

    Examples:
        >>> from casekit.coverage import Benefit, Tier, TierTerms
        >>> data = dump_plan(Plan("p", tiers=[TierTerms(Tier.IN)], benefits=[Benefit("a")]))
        >>> data["benefit_period"], load_plan(data) == load_plan(dump_plan(load_plan(data)))
        ({'kind': 'calendar_year'}, True)
    """
    if not isinstance(plan, Plan):
        raise InvalidInputError.one("plan", "type", "must be a Plan")
    return to_dict(plan)  # type: ignore[no-any-return]  # a Plan is a dict
