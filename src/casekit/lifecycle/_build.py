"""apply's two constructions: the new `CaseEvent`, and the `Case` moved to a new state.

`apply` checks every field itself before it builds them, so running their attrs validators
again would only spend time (the aware check on a pendulum datetime calls ``utcoffset()``, about
a microsecond each; a frozen ``__init__`` sets each slot through ``object.__setattr__``).
`casekit._unchecked.replacer` does the same job in a loop; the slot stores are unrolled here
because the gain shows on the hot path that `benchmarks/lifecycle.py` measures: apply at
2.79 us (CPU time) with the stores unrolled, against 3.77 us through `replacer`. The setters
come from `casekit._unchecked.setters`, so they follow the classes' fields, and the import
refuses a class whose fields moved.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final

from casekit._unchecked import field_names, setters
from casekit.case import Case, CaseEvent

if TYPE_CHECKING:
    from casekit._vector import Vector
    from casekit.case import EventData

# The unrolled stores below name each field by position: refuse to import if the order moved.
if field_names(CaseEvent)[9] != "payload" or len(field_names(CaseEvent)) != 11:  # noqa: PLR2004  # CaseEvent's shape
    raise ImportError(
        "casekit.lifecycle._build is out of step with CaseEvent's fields"
    )  # pragma: no cover  # a guard for maintainers
if field_names(Case)[4] != "state" or field_names(Case)[14:] != ("history", "_index"):
    raise ImportError(
        "casekit.lifecycle._build is out of step with Case's fields"
    )  # pragma: no cover  # a guard for maintainers

_E: Final = setters(CaseEvent)
_C: Final = setters(Case)
_new: Final = object.__new__


def new_event(  # noqa: PLR0917  # positional on purpose: the hot path
    seq: int,
    event_id: str,
    name: str,
    from_state: str,
    to_state: str,
    at: dt.datetime,
    recorded_at: dt.datetime,
    by: str,
    data: EventData,
    override_reason: str | None,
) -> CaseEvent:
    """Return a `CaseEvent` (no payload) from fields the caller has checked."""
    s = _E
    ev: CaseEvent = _new(CaseEvent)
    s[0](ev, seq)
    s[1](ev, event_id)
    s[2](ev, name)
    s[3](ev, from_state)
    s[4](ev, to_state)
    s[5](ev, at)
    s[6](ev, recorded_at)
    s[7](ev, by)
    s[8](ev, data)
    s[9](ev, None)
    s[10](ev, override_reason)
    return ev


def moved_case(case: Case, state: str, history: Vector[CaseEvent]) -> Case:
    """Return *case* in *state* with *history*; every other field is shared."""
    s = _C
    new: Case = _new(Case)
    s[0](new, case.id)
    s[1](new, case.patient)
    s[2](new, case.manager)
    s[3](new, case.model)
    s[4](new, state)
    s[5](new, case.opened_at)
    s[6](new, case.workflow)
    s[7](new, case.team)
    s[8](new, case.assessments)
    s[9](new, case.care_plans)
    s[10](new, case.contacts)
    s[11](new, case.appointments)
    s[12](new, case.referrals)
    s[13](new, case.outcomes)
    s[14](new, history)
    s[15](new, case._index)  # noqa: SLF001  # shared by the line of cases
    return new
