"""Summary of Benefits and Coverage (SBC): rounding for display, apart from adjudication.

The 2017 SBC instructions round coverage-example amounts for display: amounts of $100 or
more to the nearest $100, amounts under $100 to the nearest $10. Adjudication is exact;
never feed a displayed amount back into it.

Examples:
    >>> from casekit.money import Money
    >>> str(sbc_rounded(Money.of("1925.00", "USD")))
    '1900 USD'
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Final

from casekit.money import Money

__all__ = ["sbc_rounded"]

_HUNDRED: Final = Decimal(100)
_TEN: Final = Decimal(10)
_ONE: Final = Decimal(1)
_EXACT: Final = Context(prec=60)
"""Enough digits for any amount Money holds (under 10**18, at most 12 decimals), so the
calling thread's decimal context never changes the result."""


def sbc_rounded(amount: Money) -> Money:
    """Return *amount* rounded for an SBC coverage example (2017 rule), half up.

    At or over 100 it goes to the nearest 100; under 100 to the nearest 10. Negative amounts
    round by their size, keeping the sign. Source: the 2017 SBC instructions (OMB ICR
    201810-1545-024), as cited in casekit's coverage example data.

    Examples:
        >>> from casekit.money import Money
        >>> [str(sbc_rounded(Money.of(a, "USD"))) for a in ("1950", "149.99", "94.99", "5")]
        ['2000 USD', '100 USD', '90 USD', '10 USD']
    """
    step = _HUNDRED if amount.amount.copy_abs() >= _HUNDRED else _TEN
    units = _EXACT.divide(amount.amount, step).quantize(_ONE, ROUND_HALF_UP, _EXACT)
    return Money(_EXACT.multiply(units, step), amount.currency)
