"""X12 claim adjustment group codes and the reason codes (CARC) casekit's adjudication uses.

The CARC list is maintained by X12 and changes three times a year. casekit keeps the codes it
emits as dated data: each entry has the date it became usable and, if X12 has deactivated it,
the last date it may be used. `carc` looks a code up as of a service date, so a decision never
carries a code that was not valid on the day of service.

Descriptions are X12's short wording. Start dates: codes 1-119 were on the first published list
(used from 1995-01-01 here, the list's baseline); later codes carry the start date X12 lists.
Check the current list at https://x12.org/codes/claim-adjustment-reason-codes before relying on
a date.

Examples:
    >>> import pendulum
    >>> carc("45", on=pendulum.date(2025, 3, 1)).description
    'Charge exceeds fee schedule/maximum allowable or contracted/legislated fee arrangement.'
    >>> Group.PATIENT_RESPONSIBILITY.value
    'PR'
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Final

import attrs

from casekit.errors import UnknownCodeError

__all__ = ["CARCS", "Group", "ReasonCode", "carc"]


class Group(enum.StrEnum):
    """X12 claim adjustment group codes: who bears an adjustment.

    Examples:
        >>> Group("CO") is Group.CONTRACTUAL_OBLIGATION
        True
    """

    CONTRACTUAL_OBLIGATION = "CO"
    """The provider writes the amount off; the patient does not owe it."""
    PATIENT_RESPONSIBILITY = "PR"
    """The patient owes the amount (deductible, coinsurance, copay, non-covered)."""
    OTHER_ADJUSTMENT = "OA"
    """Neither party; used in coordination of benefits."""
    PAYER_INITIATED = "PI"
    """The payer's own reduction, not written into the provider contract."""


@attrs.frozen
class ReasonCode:
    """One claim adjustment reason code with the dates it may be used.

    Examples:
        >>> import pendulum
        >>> code = CARCS["197"]
        >>> code.is_active(pendulum.date(2006, 1, 1)), code.is_active(pendulum.date(2025, 1, 1))
        (False, True)
    """

    code: str
    description: str
    start: dt.date
    stop: dt.date | None = None

    def is_active(self, on: dt.date) -> bool:
        """Return whether the code may be used for a service on *on*."""
        return self.start <= on and (self.stop is None or on <= self.stop)


_BASELINE: Final = dt.date(1995, 1, 1)

CARCS: Final[dict[str, ReasonCode]] = {
    entry.code: entry
    for entry in (
        ReasonCode("1", "Deductible Amount", _BASELINE),
        ReasonCode("2", "Coinsurance Amount", _BASELINE),
        ReasonCode("3", "Co-payment Amount", _BASELINE),
        ReasonCode(
            "16",
            "Claim/service lacks information or has submission/billing error(s).",
            _BASELINE,
        ),
        ReasonCode("26", "Expenses incurred prior to coverage.", _BASELINE),
        ReasonCode("27", "Expenses incurred after coverage terminated.", _BASELINE),
        ReasonCode(
            "45",
            "Charge exceeds fee schedule/maximum allowable or contracted/legislated fee "
            "arrangement.",
            _BASELINE,
        ),
        ReasonCode(
            "50",
            "These are non-covered services because this is not deemed a 'medical necessity' "
            "by the payer.",
            _BASELINE,
        ),
        ReasonCode("96", "Non-covered charge(s).", _BASELINE),
        ReasonCode(
            "119", "Benefit maximum for this time period or occurrence has been reached.", _BASELINE
        ),
        ReasonCode(
            "197",
            "Precertification/notification/authorization/pre-treatment absent.",
            dt.date(2007, 10, 31),
        ),
        ReasonCode(
            "198",
            "Precertification/notification/authorization/pre-treatment exceeded.",
            dt.date(2007, 10, 31),
        ),
        ReasonCode(
            "242", "Services not provided by network/primary care providers.", dt.date(2010, 6, 30)
        ),
        ReasonCode("288", "Referral absent.", dt.date(2016, 3, 1)),
    )
}
"""The reason codes casekit emits, by code."""


def carc(code: str, *, on: dt.date) -> ReasonCode:
    """Return the reason code *code* if it may be used on *on*.

    Raises:
        UnknownCodeError: when casekit does not know the code or it was not active on *on*.

    Examples:
        >>> import pendulum
        >>> carc("X1", on=pendulum.date(2025, 1, 1))
        Traceback (most recent call last):
        ...
        casekit.errors.UnknownCodeError: unknown code 'X1' in 'CARC'
    """
    entry = CARCS.get(code)
    if entry is None:
        raise UnknownCodeError("CARC", code)
    if not entry.is_active(on):
        raise UnknownCodeError("CARC", code, "it was not active on the service date")
    return entry
