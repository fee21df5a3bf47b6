"""Parsing money, quantities, discounts and VAT rates: the places each field keeps, the ranges
and the Norwegian ways of writing numbers."""

from decimal import Decimal

import pytest

from axos_data import money
from axos_data.errors import (
    AmountOutOfRange,
    InvalidDiscount,
    InvalidNumber,
    InvalidQuantity,
    InvalidVatRate,
    TooManyDecimals,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234.50", Decimal("1234.50")),
        ("1234,50", Decimal("1234.50")),
        ("1 234,50", Decimal("1234.50")),
        ("1\u00a0234,5", Decimal("1234.50")),
        (" -12,5 ", Decimal("-12.50")),
        ("\u22121 234,5", Decimal("-1234.50")),
        ("12\u202f345\u2009678,9", Decimal("12345678.90")),
        (7, Decimal("7.00")),
        (Decimal("0.1"), Decimal("0.10")),
        (0.1, Decimal("0.10")),
    ],
)
def test_amount_accepts_norwegian_and_plain_notation(text, expected):
    parsed = money.parse_amount(text)
    assert parsed == expected
    assert parsed.as_tuple().exponent == -2


@pytest.mark.parametrize(
    "text",
    [
        *("abc", "", "1,234.50", "1.234,50", "NaN", "Infinity", None, True),
        # what Python's Decimal() would read but no Norwegian user types
        *(
            "1_000",
            "1e3",
            "1E+2",
            "+5",
            "0x10",
            "1 2 3",
            "1 0000",
            "12,3,4",
            "--5",
            "5-",
            "5.",
            ",5",
        ),
        *("١٢٣", "１２３"),  # Arabic-Indic and full-width digits
    ],
)
def test_non_numbers_raise_invalid_number_naming_the_value(text):
    with pytest.raises(InvalidNumber) as caught:
        money.parse_amount(text, field="Beløp")
    assert f"«{text}»" in str(caught.value)


@pytest.mark.parametrize(
    ("parse", "places"),
    [
        (money.parse_unit_price, 4),
        (money.parse_quantity, 3),
        (money.parse_discount, 2),
        (money.parse_amount, 2),
    ],
)
def test_each_field_keeps_its_places_and_refuses_one_more(parse, places):
    exact = "1." + "1" * places
    assert parse(exact) == Decimal(exact)
    assert parse(exact).as_tuple().exponent == -places
    too_many = "1." + "1" * (places + 1)
    with pytest.raises(TooManyDecimals) as caught:
        parse(too_many)
    assert too_many in str(caught.value)
    assert str(places) in str(caught.value)


def test_trailing_zeros_beyond_the_places_are_not_extra_decimals():
    assert money.parse_unit_price("19.900000") == Decimal("19.9000")
    assert money.parse_amount("5.000") == Decimal("5.00")


def test_a_float_with_too_many_decimals_is_refused_not_rounded():
    with pytest.raises(TooManyDecimals):
        money.parse_amount(0.125)


@pytest.mark.parametrize("text", ["1000000000000", "10000000000000000", "-99999999999999999.5"])
def test_amounts_too_large_for_the_database_raise_amount_out_of_range(text):
    with pytest.raises(AmountOutOfRange) as caught:
        money.parse_amount(text)
    assert text in str(caught.value)


def test_largest_storable_amount_is_accepted():
    assert money.parse_amount("999999999999.99") == Decimal("999999999999.99")
    assert money.parse_amount("-999 999 999 999,99") == Decimal("-999999999999.99")


def test_huge_quantity_and_price_raise_amount_out_of_range():
    with pytest.raises(AmountOutOfRange):
        money.parse_quantity("1000000000")
    with pytest.raises(AmountOutOfRange) as caught:
        money.parse_unit_price("99999999999999.9999")
    assert "høyst 9\u00a0999\u00a0999\u00a0999,9999" in str(caught.value)
    assert money.parse_quantity("999999999.999") == Decimal("999999999.999")
    assert money.parse_unit_price("-9999999999.9999") == Decimal("-9999999999.9999")


@pytest.mark.parametrize("text", ["0", "-1", "-0.001", "0.000"])
def test_quantity_must_be_positive(text):
    with pytest.raises(InvalidQuantity) as caught:
        money.parse_quantity(text)
    assert text in str(caught.value)


def test_smallest_positive_quantity_is_accepted():
    assert money.parse_quantity("0.001") == Decimal("0.001")


def test_negative_unit_prices_are_allowed_for_credit_lines():
    assert money.parse_unit_price("-125.5") == Decimal("-125.5000")


@pytest.mark.parametrize("text", ["-0.01", "100.01", "150", "-5"])
def test_discount_outside_0_to_100_is_refused(text):
    with pytest.raises(InvalidDiscount) as caught:
        money.parse_discount(text)
    assert text in str(caught.value)


@pytest.mark.parametrize(("text", "expected"), [("0", "0.00"), ("100", "100.00"), (None, "0.00")])
def test_discount_bounds_and_missing_discount(text, expected):
    assert money.parse_discount(text) == Decimal(expected)


def test_discount_with_three_decimals_is_too_many():
    with pytest.raises(TooManyDecimals) as caught:
        money.parse_discount("12.345")
    assert "12.345" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "rate"), [(25, 25), ("15", 15), ("12 %", 12), ("0", 0), ("25.0", 25)]
)
def test_valid_norwegian_vat_rates(text, rate):
    assert money.parse_vat_rate(text) == rate
    assert isinstance(money.parse_vat_rate(text), int)


@pytest.mark.parametrize("text", [24, "8", "12.5", "abc", None, "-25", "100"])
def test_other_vat_rates_are_refused_naming_the_rate_and_the_valid_ones(text):
    with pytest.raises(InvalidVatRate) as caught:
        money.parse_vat_rate(text)
    message = str(caught.value)
    assert f"«{text}»" in message
    assert "25, 15, 12, 0" in message
