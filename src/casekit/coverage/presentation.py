"""Presentation: rounding for display, kept apart from adjudication, which is exact.

The 2017 Summary of Benefits and Coverage (SBC) instructions round coverage-example amounts
for display: amounts over $100 to the nearest $100, amounts under $100 to the nearest $10.
Never feed a displayed amount back into adjudication.

Examples:
    >>> from casekit.money import Money
    >>> str(sbc_rounded(Money.of("1925.00", "USD")))
    '1900 USD'
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Final

from casekit.money import _CONTEXT, Money

__all__ = ["sbc_rounded"]

_HUNDRED: Final = Decimal(100)
_TEN: Final = Decimal(10)


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
    units = _CONTEXT.divide(amount.amount, step).quantize(Decimal(1), ROUND_HALF_UP, _CONTEXT)
    return Money(_CONTEXT.multiply(units, step), amount.currency)
