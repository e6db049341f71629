"""Small synthetic examples for tests and docs: River's plan, policy, claim and case.

River is the synthetic patient of ``python -m casekit demo``: a bicycle accident, a head
injury and broken bones, physical therapy under a silver plan. Everything here is made up;
the plugin's ``casekit_*`` fixtures return these. The data itself lives in `casekit.examples`
(written once, for the demo too); this module re-exports it and adds `case_in`.

Examples:
    >>> river_plan().id, river_policy().member
    ('silver-2025', '00')
"""

from __future__ import annotations

from casekit.case import Case
from casekit.examples import (
    AT,
    river,
    river_authorization,
    river_case,
    river_lines,
    river_manager,
    river_plan,
    river_policy,
)
from casekit.lifecycle import STANDARD, Workflow

__all__ = [
    "AT",
    "case_in",
    "river",
    "river_authorization",
    "river_case",
    "river_lines",
    "river_manager",
    "river_plan",
    "river_policy",
]


def case_in(state: str, *, workflow: Workflow[Case] = STANDARD) -> Case:
    """Return a synthetic case in *state* of *workflow*, reached through a valid history.

    The path is the shortest the workflow allows; on the way, the records and event data
    the guards ask for are supplied (an assessment with a risk level, an actionable care
    plan, a ``closure_reason``...).

    Raises:
        ValueError: for a state the workflow cannot reach.

    Examples:
        >>> case = case_in("implementing")
        >>> case.state, [e.name for e in case.history][-2:]
        ('implementing', ['care_plan_recorded', 'approve_plan'])
    """
    from casekit.testing import _reach  # noqa: PLC0415  # the search, only when asked

    routes = _reach.paths(workflow)
    if state not in routes:
        raise ValueError(f"{state!r} is not a state workflow {workflow.id!r} reaches")
    case = _reach.seed_case(workflow, at=AT)
    for event in routes[state]:
        moved = _reach.attempt(case, event, workflow=workflow, at=case.history[-1].at)
        case = case if moved is None else moved
    return case
