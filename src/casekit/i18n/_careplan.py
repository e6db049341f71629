"""English messages for casekit.careplan, keyed by stable reason code.

Parameters are ids, model names, counts, dates and timings, never a value from a patient's
record.
"""

EN: dict[str, str] = {
    # plan validators
    "careplan.plan_missing": "record a care plan first",
    "careplan.plan_for_another_model": "plan {plan} was made for the {planned} model, not {model}",
    "careplan.goal_without_need": "goal {goal} names no need it addresses",
    "careplan.goal_without_intervention": "goal {goal} has no intervention serving it",
    "careplan.intervention_without_goal": "intervention {intervention} serves no goal",
    "careplan.need_without_goal": "need {need} has no goal in the plan",
    "careplan.goal_without_strength": "goal {goal} draws on no strength",
    "careplan.goal_not_in_client_words": "goal {goal} is not set in the client's own words",
    "careplan.informal_supports_left_out": (
        "the assessment found family, friends or community supports, but none carries part of "
        "the plan"
    ),
    "careplan.manager_delivers_service": (
        "the {model} model's manager delivers no service, but intervention {intervention} has "
        "the case manager responsible"
    ),
    "careplan.need_not_referred": "need {need} is not referred to a provider",
    "careplan.service_starts_late": (
        "intervention {intervention} does not start within {days} days of the plan"
    ),
    "careplan.runs_past_time_limit": (
        "intervention {intervention} must end within the model's {weeks} weeks; give it a "
        "duration_weeks"
    ),
    "careplan.contact_schedule_missing": "the plan has no contact schedule",
    "careplan.contact_too_infrequent": (
        "contact in the {phase} phase is planned at {planned}; the model asks for at least "
        "{required}"
    ),
    "careplan.contact_mode_not_allowed": (
        "contact by {mode} is not allowed by the model (allowed: {allowed})"
    ),
    "careplan.face_to_face_share_too_low": (
        "face-to-face contacts are planned at a share of {planned}; the model asks for at least "
        "{required}"
    ),
    "careplan.community_share_too_low": (
        "contacts in the community are planned at a share of {planned}; the model asks for at "
        "least {required}"
    ),
    "careplan.not_accompanied": (
        "the model has the manager accompany the client to sessions and appointments, and the "
        "schedule does not"
    ),
    "careplan.review_too_late": "the plan must be reviewed within {days} days of being made",
    "careplan.not_developed_with_client": "the plan must be developed with the client",
    "careplan.caseload_over_cap": (
        "manager {manager} carries a caseload of {load}, over the cap of {cap} ({model})"
    ),
    # monitoring
    "careplan.contact_due": "a contact under plan {about} is due by {due_on}",
    "careplan.contact_overdue": (
        "a contact under plan {about} was due by {due_on}: {days_late} day(s) late"
    ),
    "careplan.review_due": "plan {about} is due for review by {due_on}",
    "careplan.review_overdue": (
        "plan {about} was due for review by {due_on}: {days_late} day(s) late"
    ),
    "careplan.reassessment_due": "case {about} is due for reassessment by {due_on}",
    "careplan.reassessment_overdue": (
        "case {about} was due for reassessment by {due_on}: {days_late} day(s) late"
    ),
    "careplan.goal_overdue": (
        "goal {about} was due by {due_on} and is not achieved: {days_late} day(s) late"
    ),
    "careplan.goal_off_track": (
        "goal {about} is off track: {days_late} day(s) behind its path to the target"
    ),
    "careplan.therapy_missed": (
        "therapy {about}: a session was missed on {due_on} ({days_late} day(s) ago)"
    ),
    "careplan.therapy_not_attended": (
        "therapy {about}: no session attended since it was due on {due_on}: {days_late} day(s) late"
    ),
    "careplan.deadline_due": "the {about} deadline is due by {due_on}",
    "careplan.deadline_overdue": (
        "the {about} deadline was due by {due_on}: {days_late} day(s) late"
    ),
    "careplan.referral_unanswered": (
        "referral {about} has had no answer since {due_on}: {days_late} day(s) late"
    ),
    # transitional care management (not targeted case management)
    "careplan.tcm_interactive_contact_missed": (
        "the interactive contact after discharge was due by {due_on}: {days_late} business "
        "day(s) late"
    ),
    "careplan.tcm_face_to_face_missed": (
        "the face-to-face visit after discharge was due by {due_on}: {days_late} day(s) late"
    ),
}
