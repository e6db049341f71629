"""English messages for CCM exam eligibility (`casekit.ccm`)."""

from typing import Final

EN: Final = {
    "ccm.qualifying_licence": (
        "holds a current, active, unrestricted licence that allows independent practice"
        " in a health or human services discipline"
    ),
    "ccm.no_qualifying_licence": (
        "no current, active, unrestricted licence that allows independent practice"
        " in a health or human services discipline"
    ),
    "ccm.qualifying_degree": (
        "holds a baccalaureate or graduate degree in a health or human services field,"
        " from an accredited institution, with a supervised field experience"
    ),
    "ccm.no_qualifying_degree": (
        "no baccalaureate or graduate degree in a health or human services field,"
        " from an accredited institution, with a supervised field experience"
    ),
    "ccm.supervised_employment_met": (
        "at least {months} months of full-time case-management employment supervised by a CCM"
    ),
    "ccm.supervised_employment_short": (
        "less than {months} months of full-time case-management employment supervised by a CCM"
    ),
    "ccm.employment_met": "at least {months} months of full-time case-management employment",
    "ccm.employment_short": "less than {months} months of full-time case-management employment",
    "ccm.supervisor_employment_met": (
        "at least {months} months of full-time employment supervising case managers"
    ),
    "ccm.supervisor_employment_short": (
        "less than {months} months of full-time employment supervising case managers"
    ),
    "ccm.practice_share_met": (
        "at least {min_percent}% of working time is in case-management practice"
    ),
    "ccm.practice_share_low": (
        "less than {min_percent}% of working time is in case-management practice, or unknown"
    ),
}
