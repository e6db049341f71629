"""Money: exact amounts, one currency, one rounding rule."""

from decimal import (
    ROUND_DOWN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    Inexact,
    InvalidOperation,
    Rounded,
    localcontext,
)

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casekit import InvalidInputError, Money
from casekit.money import parse_decimal
from casekit.testing import strategies as cks


def test_of_reads_decimal_strings_exactly():
    """A decimal string becomes the same Decimal, with its precision kept."""
    m = Money.of("12.50", "USD")

    assert m.amount == Decimal("12.50")
    assert str(m) == "12.50 USD"


@pytest.mark.parametrize("bad", [0.1, 12.5, float("nan"), float("inf")])
def test_floats_are_refused_everywhere(bad):
    """A float never becomes money, through any door."""
    with pytest.raises(InvalidInputError) as info:
        Money.of(bad, "USD")
    assert info.value.problems[0].code == "float"
    with pytest.raises(InvalidInputError):
        Money(bad, "USD")
    with pytest.raises(InvalidInputError):
        Money.of("1", "USD") * bad


@pytest.mark.parametrize("bad", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_non_finite_decimals_are_refused(bad):
    """NaN and infinities are not amounts."""
    with pytest.raises(InvalidInputError) as info:
        Money(bad, "USD")

    assert info.value.problems[0].code == "not_finite"


@pytest.mark.parametrize("bad", ["1e9", " 77", "99.", "--8", "", "4_444", "١٢"])
def test_malformed_strings_are_refused_without_echoing_them(bad):
    """Only plain decimal strings are read, and the message does not repeat the input."""
    with pytest.raises(InvalidInputError) as info:
        Money.of(bad, "USD")

    assert info.value.problems[0].code == "decimal_format"
    assert bad.strip() not in str(info.value) or not bad.strip()


@pytest.mark.parametrize("bad", ["usd", "XXX", "US", 840, None])
def test_unknown_currencies_are_refused(bad):
    """Currencies are ISO 4217 codes in capitals."""
    with pytest.raises(InvalidInputError) as info:
        Money.of("1", bad)

    assert info.value.problems[0].path == "currency"


def test_mixing_currencies_is_an_error():
    """Adding, subtracting or comparing across currencies fails loudly."""
    usd, eur = Money.of("1", "USD"), Money.of("1", "EUR")
    for operation in (
        lambda: usd + eur,
        lambda: usd - eur,
        lambda: usd < eur,
        lambda: usd.max(eur),
    ):
        with pytest.raises(InvalidInputError) as info:
            operation()
        assert info.value.problems[0].code == "currency_mismatch"


def test_only_money_combines_with_money():
    """Adding a number to money is a clear error, not a TypeError."""
    with pytest.raises(InvalidInputError):
        Money.of("1", "USD") + 1  # type: ignore[operator]


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("0.125", "USD", "0.13"),
        ("0.124", "USD", "0.12"),
        ("-0.125", "USD", "-0.13"),
        ("2.5", "JPY", "3"),
        ("1.0005", "KWD", "1.001"),
        ("7", "USD", "7.00"),
    ],
)
def test_rounding_is_half_up_to_the_minor_unit(amount, currency, expected):
    """Rounding goes half away from zero to the currency's minor unit."""
    assert Money.of(amount, currency).rounded().amount == Decimal(expected)


def test_ordering_and_helpers():
    """Money orders within a currency and offers min, max, abs, neg and is_zero."""
    a, b = Money.of("3", "USD"), Money.of("5", "USD")

    assert a < b <= Money.of("5", "USD")
    assert b > a >= Money.of("3", "USD")
    assert a.min(b) == a and a.max(b) == b
    assert -a == Money.of("-3", "USD") and abs(-a) == a
    assert Money.zero("USD").is_zero() and not a.is_zero()
    assert 2 * a == Money.of("6", "USD") == a * Decimal(2)
    assert f"{a:.2f}" == "3.00 USD" and f"{a}" == "3 USD"
    assert a.with_amount(Decimal(4)) == Money.of("4", "USD")
    assert a.minor_units == 2


def test_parse_decimal_accepts_ints_but_not_bools():
    """Whole numbers are exact; True is not one."""
    assert parse_decimal(7) == Decimal(7)
    with pytest.raises(InvalidInputError):
        parse_decimal(True)


@given(cks.money(currencies=st.just("USD")), cks.money(currencies=st.just("USD")))
def test_addition_is_exact_and_commutative(a, b):
    """Sums of money are exact Decimal sums, in either order."""
    assert (a + b).amount == a.amount + b.amount
    assert a + b == b + a
    assert (a + b) - b == a


@given(cks.money(), st.decimals(0, 1, places=4))
def test_rounding_lands_on_the_minor_unit_within_half_a_unit(m, rate):
    """A rounded product is within half a minor unit of the exact one."""
    exact = m * rate
    rounded = exact.rounded()

    assert rounded.amount.as_tuple().exponent >= -m.minor_units
    assert abs(rounded.amount - exact.amount) <= Decimal(1).scaleb(-m.minor_units) / 2


@given(st.floats())
def test_money_never_accepts_a_float(value):
    """No float, whatever its value, becomes money."""
    with pytest.raises(InvalidInputError):
        Money.of(value, "USD")  # type: ignore[arg-type]


# --- casekit's own decimal context, and the size limit ------------------------------------

HOSTILE = Context(prec=3, rounding=ROUND_DOWN, traps=[Inexact, Rounded, InvalidOperation])
"""A context an application might set for its own reasons: 3 digits, truncating, strict."""

WIDE = Context(prec=200)


@given(
    cks.money(min_value=Decimal(-(10**12)), max_value=Decimal(10**12), currencies=st.just("USD")),
    cks.money(min_value=Decimal(-(10**12)), max_value=Decimal(10**12), currencies=st.just("USD")),
    st.decimals(0, 1, places=6),
)
def test_money_adds_up_the_same_whatever_context_the_caller_has_set(a, b, rate):
    """Sums, differences, negation, size, products and rounding ignore the thread's decimal
    context: under 3 truncating digits that trap on any rounding they give the exact answers."""
    with localcontext(WIDE):
        expected = (
            a.amount + b.amount,
            a.amount - b.amount,
            -a.amount,
            abs(a.amount),
            a.amount * rate,
            (a.amount * rate).quantize(Decimal("0.01"), ROUND_HALF_UP),
        )
    with localcontext(HOSTILE):
        got = (a + b, a - b, -a, abs(a), a * rate, (a * rate).rounded())

    assert tuple(m.amount for m in got) == expected


@pytest.mark.parametrize(
    "amount",
    [10**18, -(10**18), Decimal("1E+18"), Decimal("-1000000000000000000.5"), Decimal("1E+999")],
    ids=["int", "negative int", "Decimal", "negative Decimal", "exponent"],
)
def test_amounts_of_10_to_the_18_or_more_are_refused(amount):
    """An amount as large as no bill is, which arithmetic could no longer keep exact, is
    refused through every door with its own code."""
    for make in (lambda: Money.of(amount, "USD"), lambda: Money(Decimal(amount), "USD")):
        with pytest.raises(InvalidInputError) as info:
            make()
        assert [(p.path, p.code) for p in info.value.problems] == [("amount", "too_large")]


def test_the_largest_amounts_are_kept_exactly():
    """Just under the limit, and zero with any exponent, are money; sums and products of the
    longest amounts and rates decimal strings can give are exact."""
    top = Money.of("999999999999999999.999999999999", "USD")
    half = Money.of("499999999999999999.999999999999", "USD")

    assert Money.of(10**18 - 1, "USD").amount == Decimal(10**18 - 1)
    assert Money(Decimal("0E+50"), "USD").is_zero()
    assert (half + half).amount == Decimal("999999999999999999.999999999998")
    assert (-half - half).amount == Decimal("-999999999999999999.999999999998")
    rate = Decimal("0.333333333333333333333333333333")  # 30 digits, as a rate string allows
    with localcontext(WIDE):
        exact = top.amount * rate  # 60 digits
    assert (top * rate).amount == exact


TOP = Money.of("999999999999999999.995", "USD")
CENT = Money.of("0.01", "USD")


@pytest.mark.parametrize(
    "result",
    [
        lambda: TOP + CENT,
        lambda: -TOP - CENT,
        lambda: TOP * 2,
        lambda: 2 * TOP,
        lambda: CENT * 10**5000,
        lambda: CENT * Decimal("1E+999999"),
        TOP.rounded,
    ],
    ids=["sum", "difference", "product", "reflected product", "huge int", "huge exponent", "round"],
)
def test_arithmetic_past_the_limit_is_refused(result):
    """A sum, product or rounding that would reach 10**18 is refused like such an amount."""
    with pytest.raises(InvalidInputError) as info:
        result()

    assert [tuple(p) for p in info.value.problems] == [
        ("amount", "too_large", "must be smaller than 10**18 in size")
    ]


@pytest.mark.parametrize("rate", [Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity")])
def test_a_rate_that_is_not_finite_is_refused(rate):
    """Multiplying by NaN or infinity gives no money at all."""
    with pytest.raises(InvalidInputError) as info:
        Money.of("10", "USD") * rate

    assert [tuple(p) for p in info.value.problems] == [
        ("rate", "not_finite", "must be finite, not NaN or infinity")
    ]


@pytest.mark.parametrize("currency", [["USD"], {"USD": 1}, None, 840])
def test_a_currency_that_is_not_text_is_refused_cleanly(currency):
    """Any non-text currency, hashable or not, gets the currency problem."""
    for make in (
        lambda: Money.of("1", currency),
        lambda: Money(Decimal(1), currency),
        lambda: Money.zero(currency),
    ):
        with pytest.raises(InvalidInputError) as info:
            make()
        assert [(p.path, p.code) for p in info.value.problems] == [("currency", "currency")]


def test_parse_decimal_refuses_a_decimal_of_more_than_60_significant_digits():
    """A Decimal money could not add to zero unchanged is refused, with its own code."""
    with pytest.raises(InvalidInputError) as caught:
        parse_decimal(Decimal("1." + "0" * 60))

    assert [(p.path, p.code) for p in caught.value.problems] == [("amount", "too_precise")]
