"""Money: an exact `Decimal` amount in one ISO 4217 currency.

Floats, NaN and infinities are refused everywhere, and so are amounts of 10**18 or more and
amounts of more than 60 significant digits (an amount must not change when added to zero).
Arithmetic keeps full precision; rounding to the currency's minor unit, half up, happens in
exactly one place, `Money.rounded`. Money computes in casekit's own decimal context (60
significant digits), never in the calling thread's: an application that sets
``decimal.getcontext().prec`` for its own reasons does not change what casekit's amounts add up
to.

Examples:
    >>> fee = Money.of("125.00", "USD")
    >>> coinsurance = (fee * Decimal("0.2")).rounded()
    >>> str(coinsurance), str(fee - coinsurance)
    ('25.00 USD', '100.00 USD')
"""

from __future__ import annotations

import re
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)
from typing import Any, Final, Self

import attrs

from casekit import _unchecked
from casekit import _validate as v
from casekit.errors import InvalidInputError

__all__ = ["CURRENCY_MINOR_UNITS", "Money", "parse_decimal"]

# ISO 4217 active codes with their minor units (exponent). Source: the ISO 4217 list
# maintained by SIX (List One), current codes; funds and precious metals without a minor unit
# (XAU, XDR, ...) are left out because no service is billed in them.
_ZERO = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"
_THREE = "BHD IQD JOD KWD LYD OMR TND"
_FOUR = "CLF UYW"
_TWO = (
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP "
    "BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR "
    "FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW "
    "KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN "
    "NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD "
    "SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS "
    "VED VES WST XCD XCG YER ZAR ZMW ZWG"
)
CURRENCY_MINOR_UNITS: Final[dict[str, int]] = {
    **dict.fromkeys(_TWO.split(), 2),
    **dict.fromkeys(_ZERO.split(), 0),
    **dict.fromkeys(_THREE.split(), 3),
    **dict.fromkeys(_FOUR.split(), 4),
}
"""Each ISO 4217 currency casekit accepts, with its number of minor-unit digits."""

_QUANTA: Final[dict[int, Decimal]] = {n: Decimal(1).scaleb(-n) for n in range(5)}
_QUANTUM: Final[dict[str, Decimal]] = {c: _QUANTA[n] for c, n in CURRENCY_MINOR_UNITS.items()}
_DECIMAL_TEXT = re.compile(r"-?(?:0|[1-9]\d{0,17})(?:\.\d{1,12})?")
_LIMIT_DIGITS: Final = 18
_LIMIT: Final = 10**_LIMIT_DIGITS
"""Amounts are smaller than this in size: 18 whole digits, as a decimal string may have."""

_CONTEXT: Final = Context(
    prec=v.MAX_DIGITS,
    rounding=ROUND_HALF_EVEN,
    Emax=999_999,
    Emin=-999_999,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)
"""The decimal context casekit computes money in, whatever the calling thread has set. Sums,
differences and products of amounts and rates given as decimal strings (at most 30 digits each)
are exact in 60 digits. Only its methods are used (they leave the context itself unchanged but
for its flags), and `casekit.coverage` copies it with `decimal.localcontext` around each call."""
_add: Final = _CONTEXT.add
_subtract: Final = _CONTEXT.subtract
_multiply: Final = _CONTEXT.multiply
_minus: Final = _CONTEXT.minus
_abs: Final = _CONTEXT.abs


def parse_decimal(value: object, *, field: str = "amount") -> Decimal:
    """Return *value* as an exact finite `Decimal`, refusing floats, NaN and infinities.

    Accepts a `Decimal`, an `int` (not `bool`) or a plain decimal string such as ``"12.50"``.

    Examples:
        >>> parse_decimal("12.50")
        Decimal('12.50')
        >>> parse_decimal(0.1)
        Traceback (most recent call last):
        ...
        casekit.errors.InvalidInputError: invalid input (1 problem):
          amount: must be a Decimal, an int or a decimal string such as "12.50", not a float
    """
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidInputError.one(field, "not_finite", "must be finite, not NaN or infinity")
        if _too_big(value):
            raise _too_large(field)
        if v.too_precise(value):
            raise InvalidInputError.one(field, "too_precise", v.TOO_PRECISE)
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        if not -_LIMIT < value < _LIMIT:
            raise _too_large(field)
        return Decimal(value)
    if isinstance(value, str):
        if _DECIMAL_TEXT.fullmatch(value):
            return Decimal(value)
        raise InvalidInputError.one(
            field, "decimal_format", 'must be a decimal string such as "12.50" or "-3"'
        )
    kind = "a float" if isinstance(value, float) else "of another type"
    raise InvalidInputError.one(
        field,
        "float" if isinstance(value, float) else "type",
        f'must be a Decimal, an int or a decimal string such as "12.50", not {kind}',
    )


def _too_big(value: Decimal) -> bool:
    # adjusted() is the exponent of the leading digit: 17 for 10**17 up to 10**18 - 1.
    return bool(value) and value.adjusted() >= _LIMIT_DIGITS


def _too_large(field: str) -> InvalidInputError:
    return InvalidInputError.one(field, "too_large", "must be smaller than 10**18 in size")


def _exact_decimal(_inst: object, _attr: object, value: Any) -> None:
    if (
        type(value) is not Decimal
        or not value.is_finite()
        or _too_big(value)
        or v.too_precise(value)
    ):
        parse_decimal(value)  # raises with the precise problem
        raise InvalidInputError.one("amount", "type", "must be a Decimal; use Money.of")


def _iso_4217(_inst: object, _attr: object, value: Any) -> None:
    if type(value) is not str or value not in CURRENCY_MINOR_UNITS:
        raise InvalidInputError.one(
            "currency", "currency", "must be an ISO 4217 code in capitals, such as USD or EUR"
        )


@attrs.frozen(order=False)
class Money:
    """An exact amount in one ISO 4217 currency.

    Amounts keep full precision through arithmetic; call `rounded` to round to the minor unit.
    Mixing currencies raises `InvalidInputError`.

    Examples:
        >>> Money.of("12.50", "USD") + Money.of("0.75", "USD")
        Money(amount=Decimal('13.25'), currency='USD')
        >>> Money.of("10", "USD") < Money.of("10.01", "USD")
        True
        >>> Money.of("1", "USD") + Money.of("1", "EUR")
        Traceback (most recent call last):
        ...
        casekit.errors.InvalidInputError: invalid input (1 problem):
          currency: cannot combine USD with EUR; convert one amount first
    """

    amount: Decimal = attrs.field(validator=_exact_decimal)
    currency: str = attrs.field(validator=_iso_4217)

    @classmethod
    def of(cls, amount: Decimal | int | str, currency: str) -> Money:
        """Return money from a `Decimal`, an `int` or a decimal string (never a float)."""
        return cls(parse_decimal(amount), currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        """Return zero in *currency*.

        Examples:
            >>> str(Money.zero("JPY"))
            '0 JPY'
        """
        return cls(Decimal(0), currency)

    @property
    def minor_units(self) -> int:
        """The number of digits after the decimal point in this currency."""
        return CURRENCY_MINOR_UNITS[self.currency]

    def rounded(self) -> Money:
        """Return this amount rounded to the currency's minor unit, half up (away from zero).

        This is the one place where casekit rounds money.

        Examples:
            >>> str(Money.of("0.125", "USD").rounded()), str(Money.of("-0.125", "USD").rounded())
            ('0.13 USD', '-0.13 USD')
            >>> Money.of("100.5", "JPY").rounded().amount
            Decimal('101')
        """
        return _result(_round_amount(self.amount, self.currency), self.currency)

    def is_zero(self) -> bool:
        """Return whether the amount is zero."""
        return not self.amount

    def _same(self, other: object) -> Money:
        if not isinstance(other, Money):
            raise InvalidInputError.one("other", "type", "can only combine Money with Money")
        if other.currency != self.currency:
            raise InvalidInputError.one(
                "currency",
                "currency_mismatch",
                f"cannot combine {self.currency} with {other.currency}; convert one amount first",
            )
        return other

    def __add__(self, other: Money) -> Money:
        return _result(_add(self.amount, self._same(other).amount), self.currency)

    def __sub__(self, other: Money) -> Money:
        return _result(_subtract(self.amount, self._same(other).amount), self.currency)

    def __neg__(self) -> Money:
        return _new(_minus(self.amount), self.currency)

    def __abs__(self) -> Money:
        return _new(_abs(self.amount), self.currency)

    def __mul__(self, rate: Decimal | int) -> Money:
        if isinstance(rate, bool) or not isinstance(rate, (Decimal, int)):
            raise InvalidInputError.one("rate", "type", "must be a Decimal or an int, not a float")
        if isinstance(rate, Decimal) and not rate.is_finite():
            raise InvalidInputError.one("rate", "not_finite", "must be finite, not NaN or infinity")
        try:
            amount = _multiply(self.amount, rate)
        except Overflow:  # past the context's largest exponent: far past 10**18
            raise _too_large("amount") from None
        return _result(amount, self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._same(other).amount

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._same(other).amount

    def __gt__(self, other: Money) -> bool:
        return self.amount > self._same(other).amount

    def __ge__(self, other: Money) -> bool:
        return self.amount >= self._same(other).amount

    def min(self, other: Money) -> Money:
        """Return the smaller of this amount and *other* (same currency)."""
        return self if self.amount <= self._same(other).amount else other

    def max(self, other: Money) -> Money:
        """Return the larger of this amount and *other* (same currency)."""
        return self if self.amount >= self._same(other).amount else other

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"

    def __format__(self, spec: str) -> str:
        return f"{self.amount:{spec}} {self.currency}" if spec else str(self)

    def with_amount(self, amount: Decimal) -> Self:
        """Return money of the same currency with *amount* (validated)."""
        return type(self)(amount, self.currency)


def _round_amount(amount: Decimal, currency: str) -> Decimal:
    """Return *amount* rounded to *currency*'s minor unit, half up (away from zero): the one
    rounding rule for money, which `Money.rounded` applies and adjudication's hot path calls
    on bare amounts (no Money built for an intermediate figure)."""
    # One lookup for the quantum, and the rounding mode passed by position: C `quantize`
    # takes about a third of the time it takes with the keyword.
    return amount.quantize(_QUANTUM[currency], ROUND_HALF_UP, _CONTEXT)


def _result(amount: Decimal, currency: str) -> Money:
    # Sums and products of valid money are finite; only their size needs checking.
    if _too_big(amount):
        raise _too_large("amount")
    return _new(amount, currency)


_set_amount, _set_currency = _unchecked.setters(Money)
_blank = object.__new__


def _new(amount: Decimal, currency: str) -> Money:
    # Results of arithmetic on valid Money (computed in the 60-digit context, so never too
    # precise) skip the validators. Unrolled rather than _unchecked.builder(Money): 0.38 us
    # against 1.17 us a call, and benchmarks/coverage.py makes 0.63 of them a line, about 0.5 us
    # of the 13.4 us a line takes (4%). tests/test_unchecked.py checks it sets every field.
    m: Money = _blank(Money)
    _set_amount(m, amount)
    _set_currency(m, currency)
    return m
