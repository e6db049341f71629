"""English messages for casekit.coverage, keyed by stable reason code."""

EN: dict[str, str] = {
    "coverage.covered": "the service is covered",
    "coverage.before_coverage": "the service date is before coverage began",
    "coverage.after_coverage": "the service date is after coverage ended",
    "coverage.no_matching_benefit": "the plan has no benefit for {service}",
    "coverage.not_covered_excluded": "{benefit} is excluded from the plan",
    "coverage.not_covered_network": "{benefit} is not covered at the {tier} network tier",
    "coverage.waiting_period": (
        "{benefit} has a waiting period of {days} days from the start of coverage"
    ),
    "coverage.information_needed": "{what} is needed to decide whether {benefit} is covered",
    "coverage.not_medically_necessary": (
        "the service does not meet the medical-necessity criteria for {benefit}"
    ),
    "coverage.diagnosis_not_supported": (
        "no diagnosis on the line is in {set}, which supports {benefit}"
    ),
    "coverage.referral_absent": "{benefit} needs a referral and none is on file",
    "coverage.authorization_absent": (
        "{benefit} needs prior authorisation and none on file covers this service"
    ),
    "coverage.authorization_exceeded": (
        "the prior authorisation for {benefit} has too few units left for this service"
    ),
    "coverage.authorization_needed": "{benefit} needs prior authorisation",
    "coverage.authorization_satisfied": "prior authorisation {authorization} covers this service",
    "coverage.documentation_needed": "{benefit} needs {documentation} documentation",
    "coverage.limit_reached": "the {measure} limit of {max} for {counter} has been reached",
    "coverage.partly_covered": (
        "only {covered} of the {units} units of {benefit} are within the plan's limits"
    ),
    "coverage.days_not_covered": "none of the {days} days of {benefit} are covered days",
    "coverage.qualifying_stay_absent": (
        "{benefit} needs a stay of at least {days} days that ended at most {within} days"
        " before it, and none is on file"
    ),
    "coverage.share_limited_by_charge": (
        "the charge is less than the deductible and daily amounts of {benefit}, so the patient"
        " owes the charge"
    ),
    "coverage.out_of_pocket_max_reached": (
        "the {tier}-network out-of-pocket maximum has been reached"
    ),
}
