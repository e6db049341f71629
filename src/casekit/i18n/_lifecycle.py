"""English messages for casekit.lifecycle, keyed by stable reason code.

Parameters are workflow vocabulary (event and state names, counts, code lists), never a value
from a patient's record.
"""

EN: dict[str, str] = {
    # the engine
    "lifecycle.event_unknown": "workflow {workflow} has no such event",
    "lifecycle.event_not_allowed": "{event} is not allowed from {state}; allowed here: {allowed}",
    "lifecycle.state_final": "{state} is a final state; it accepts no events",
    "lifecycle.override_not_allowed": (
        "{event} has no guard that an override may waive; apply it without override_reason"
    ),
    "lifecycle.no_history": (
        "cannot tell which state to return to: the history does not show how {state} was entered"
    ),
    # the standard workflow's guards
    "lifecycle.eligible_cannot_decline": (
        "the case meets every eligibility criterion; accept it, or decline it with an "
        "override_reason"
    ),
    "lifecycle.assessment_missing": "record an assessment before {event}",
    "lifecycle.risk_level_missing": (
        "the latest assessment has no risk level; stratify risk before {event}"
    ),
    "lifecycle.care_plan_missing": "record a care plan before {event}",
    "lifecycle.care_plan_no_goal": "the care plan needs at least one goal",
    "lifecycle.care_plan_no_intervention": "the care plan needs at least one intervention",
    "lifecycle.care_plan_status": (
        "the care plan is {status}; approve a draft plan, or an active one under revision"
    ),
    "lifecycle.goal_without_need": (
        "{count} goal(s) name no need they address; link each to a need of the assessment, "
        "or give an override_reason"
    ),
    "lifecycle.intervention_without_goal": (
        "{count} intervention(s) serve no goal; link each to a goal of the plan, or give an "
        "override_reason"
    ),
    "lifecycle.goals_not_met": (
        "{count} goal(s) of the plan in force are not completed and achieved; record them so, "
        "or close with another closure_reason"
    ),
    # the records' own rules
    "lifecycle.records_closed": "{state} takes no new records ({event}); the workflow allows none",
    "lifecycle.status_move": (
        "a {record} cannot move from {old} to {new}: its workflow has no way there"
    ),
    "lifecycle.record_dropped": (
        "the revision drops {count} {record}(s); mark them cancelled or entered-in-error instead"
    ),
    "lifecycle.receiving_party_missing": (
        "give the receiving_setting or receiving_provider in the event data"
    ),
    "lifecycle.follow_up_missing": (
        "record a follow-up contact made after the transition before {event}, or give an "
        "override_reason"
    ),
    "lifecycle.closure_reason_missing": "give a closure_reason, one of: {codes}",
    "lifecycle.closure_reason_unknown": "closure_reason must be one of: {codes}",
    "lifecycle.closure_text_missing": (
        "closure_reason other needs a closure_reason_text saying what the reason was"
    ),
    "lifecycle.referrals_open": (
        "{count} referral(s) still open; complete or cancel them, or give an override_reason"
    ),
    "lifecycle.reason_missing": "give a reason for {event} in the event data",
    "lifecycle.reopen_window_passed": (
        "the case was closed more than {days} days ago; open a new case instead"
    ),
}
