"""English messages for casekit.rules, keyed by stable reason code.

Each leaf rule has two codes: one for when it fails and one for when it holds; the second
explains a failed ``not_`` (``not_(code_in(...))`` fails *because* the code is in the set).
"""

EN: dict[str, str] = {
    "rules.rule_held": "{rule} held",
    "rules.code_not_in_set": "{fact} {code} is not in the code set {set}",
    "rules.code_in_set": "{fact} {code} is in the code set {set}",
    "rules.date_outside_range": "{fact} is outside {period}",
    "rules.date_in_range": "{fact} is within {period}",
    "rules.age_below_min": "{fact} is under the minimum age of {min}",
    "rules.age_above_max": "{fact} is over the maximum age of {max}",
    "rules.age_in_range": "{fact} is within the allowed ages ({ages})",
    "rules.sex_not_allowed": "{fact} is not one of: {allowed}",
    "rules.sex_allowed": "{fact} is one of: {allowed}",
    "rules.count_at_limit": "{fact} has reached its limit of {limit}",
    "rules.count_below_limit": "{fact} is below its limit of {limit}",
    "rules.amount_over_limit": "{fact} is over the limit of {limit}",
    "rules.amount_within_limit": "{fact} is within the limit of {limit}",
    "rules.authorization_missing": "no prior authorisation in {fact} covers this service",
    "rules.authorization_present": "a prior authorisation in {fact} covers this service",
    "rules.flag_not_set": "{fact} is not set",
    "rules.flag_set": "{fact} is set",
}
