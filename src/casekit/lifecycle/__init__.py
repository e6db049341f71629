"""The case lifecycle: workflows of states and guarded transitions, the event log, replay.

A `Workflow` governs anything with a state: the `Case` (`STANDARD`, or your own), and the
records whose status follows a FHIR workflow: appointments, care plans, goals, interventions
and referrals (`APPOINTMENT`, `CARE_PLAN`, `GOAL`, `INTERVENTION`, `REFERRAL`; the record verbs
keep to them, and `advance` moves one by an event). Every change
to a case is a `CaseEvent` in its history, and `replay` rebuilds an equal case from the log.

Examples:
    >>> import pendulum
    >>> from casekit.case import CareModel
    >>> from casekit.people import CaseManager, PersonName, Patient
    >>> at = pendulum.datetime(2025, 3, 3, 9, tz="UTC")
    >>> case = open_case("case-1", patient=Patient("pt-1", PersonName("Synthetic"),
    ...                  pendulum.date(1961, 4, 2)), manager=CaseManager("cm-1"),
    ...                  model=CareModel.CLINICAL, at=at, by="cm-1")
    >>> case = apply(case, "start_screening", at=at.add(hours=2), by="cm-1")
    >>> case.state, replay(case.history, workflow=STANDARD) == case
    ('screening', True)
"""

from casekit.case import CaseEvent
from casekit.lifecycle._apply import (
    EventOption,
    Subject,
    advance,
    allowed_events,
    apply,
    check,
    entered_from,
    open_case,
)
from casekit.lifecycle._data import (
    dump_workflow,
    load_workflow,
    workflow_from_dict,
    workflow_to_dict,
)
from casekit.lifecycle._deadlines import OpenDeadline, due, open_deadlines, overdue
from casekit.lifecycle._replay import replay
from casekit.lifecycle._workflow import (
    CMMN_STATES,
    FHIR_EPISODE_STATUSES,
    FUTURE_TOLERANCE,
    HISTORY,
    Deadline,
    DeadlineUnit,
    EventContext,
    Guard,
    State,
    StateCategory,
    Transition,
    Workflow,
)
from casekit.lifecycle.diagrams import to_dot, to_mermaid
from casekit.lifecycle.standard import (
    APPOINTMENT,
    CARE_PLAN,
    GOAL,
    INTERVENTION,
    REFERRAL,
    STANDARD,
    ClosureReason,
    no_open_referrals,
    standard_guards,
    standard_workflow,
)

__all__ = [
    "APPOINTMENT",
    "CARE_PLAN",
    "CMMN_STATES",
    "FHIR_EPISODE_STATUSES",
    "FUTURE_TOLERANCE",
    "GOAL",
    "HISTORY",
    "INTERVENTION",
    "REFERRAL",
    "STANDARD",
    "CaseEvent",
    "ClosureReason",
    "Deadline",
    "DeadlineUnit",
    "EventContext",
    "EventOption",
    "Guard",
    "OpenDeadline",
    "State",
    "StateCategory",
    "Subject",
    "Transition",
    "Workflow",
    "advance",
    "allowed_events",
    "apply",
    "check",
    "due",
    "dump_workflow",
    "entered_from",
    "load_workflow",
    "no_open_referrals",
    "open_case",
    "open_deadlines",
    "overdue",
    "replay",
    "standard_guards",
    "standard_workflow",
    "to_dot",
    "to_mermaid",
    "workflow_from_dict",
    "workflow_to_dict",
]
