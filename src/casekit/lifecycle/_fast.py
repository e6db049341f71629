"""Building frozen objects on apply's hot path without running their ``__init__``.

`apply` checks every field itself before it builds the new `CaseEvent` and `Case`, so running
their attrs validators again would only spend time: the aware check on a pendulum datetime
calls ``utcoffset()`` (about a microsecond each), and a frozen ``__init__`` sets each slot
through ``object.__setattr__``. Here each slot is set through its descriptor instead, which is
what the rules kernel does for `Outcome`. If case.py ever changes a class's fields, importing
this module fails loudly, so the setters below can never fill the wrong slot.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Final

import attrs

from casekit.case import Case, CaseEvent
from casekit.lifecycle._workflow import EventContext

if TYPE_CHECKING:
    from casekit.case import EventData

_EVENT_FIELDS: Final = (
    "seq", "event_id", "name", "from_state", "to_state", "at", "recorded_at", "by", "data",
    "payload", "override_reason",
)  # fmt: skip
_CASE_FIELDS: Final = (
    "id", "patient", "manager", "model", "state", "opened_at", "workflow", "team", "assessments",
    "care_plans", "contacts", "appointments", "referrals", "outcomes", "history",
)  # fmt: skip


def _setters(cls: type, names: tuple[str, ...]) -> tuple[Any, ...]:
    if tuple(a.name for a in attrs.fields(cls)) != names:
        raise ImportError(f"casekit.lifecycle._fast is out of step with {cls.__name__}'s fields")
    return tuple(cls.__dict__[name].__set__ for name in names)


_E = _setters(CaseEvent, _EVENT_FIELDS)
_C = _setters(Case, _CASE_FIELDS)
_new = object.__new__


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


def moved_case(case: Case, state: str, history: tuple[CaseEvent, ...]) -> Case:
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
    return new


new_context: Final = EventContext
"""Build an `EventContext` (a named tuple: already as cheap as it gets)."""
