"""How apply builds its two results: the new `CaseEvent`, and the `Case` moved to a new state.

`apply` checks every field itself before it builds them, so running their attrs validators
again would only spend time (the aware check on a pendulum datetime calls ``utcoffset()``, about
a microsecond each; a frozen ``__init__`` sets each slot through ``object.__setattr__``). Both are
built through `casekit._unchecked.writable` twins: apply makes a twin, stores each field by
name, and sets the class to the real one. Against the slot setters of `casekit._unchecked.setters`
(a call through a method wrapper per field) that cuts building the moved case from about 13,100
to 3,800 instructions (callgrind, the case of `benchmarks/lifecycle.py`, its release included).

The stores in apply name every field: this module refuses to import when the classes' fields
are not the ones listed here, and `tests/lifecycle/test_build.py` compares what apply builds
with the constructors' results.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from casekit._unchecked import field_names, writable
from casekit.case import Case, CaseEvent

EVENT_FIELDS: Final = (
    "seq",
    "event_id",
    "name",
    "from_state",
    "to_state",
    "at",
    "recorded_at",
    "by",
    "data",
    "payload",
    "override_reason",
)
CASE_FIELDS: Final = (
    "id",
    "patient",
    "manager",
    "model",
    "state",
    "opened_at",
    "workflow",
    "team",
    "assessments",
    "care_plans",
    "contacts",
    "appointments",
    "referrals",
    "outcomes",
    "history",
    "_index",
)
# The stores below name each field: refuse to import if the classes' fields moved.
if field_names(CaseEvent) != EVENT_FIELDS or field_names(Case) != CASE_FIELDS:
    raise ImportError(
        "casekit.lifecycle._build is out of step with CaseEvent's or Case's fields"
    )  # pragma: no cover  # a guard for maintainers

EVENT: Final[Callable[[], Any]] = writable(CaseEvent)
"""CaseEvent's writable twin: `casekit.lifecycle.apply` stores each field, then sets the class."""
CASE: Final[Callable[[], Any]] = writable(Case)
"""Case's writable twin, used the same way."""
