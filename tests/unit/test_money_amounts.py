"""Rounding, line amounts, VAT per rate and totals, and NOK formatting."""

from decimal import Decimal as D

import pytest

from axos_data import money
from axos_data.errors import AmountOutOfRange


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.005", "0.01"),
        ("0.004", "0.00"),
        ("2.675", "2.68"),
        ("-0.005", "-0.01"),
        ("-2.675", "-2.68"),
        ("-0.004", "0.00"),
        ("1.0049999", "1.00"),
    ],
)
def test_round_ore_is_half_up_away_from_zero(value, expected):
    assert money.round_ore(D(value)) == D(expected)


@pytest.mark.parametrize(
    ("quantity", "price", "discount", "expected"),
    [
        ("1", "100", "0", "100.00"),
        ("2.5", "1250", "0", "3125.00"),
        ("1.333", "189.9", "0", "253.14"),  # 253.1367 -> 253.14
        ("3", "0.0050", "0", "0.02"),  # 0.015 -> half up
        ("1", "0.0050", "0", "0.01"),  # 0.005 -> half up
        ("1", "-0.0050", "0", "-0.01"),  # negative: away from zero
        ("1", "200", "12.5", "175.00"),
        ("7", "19.99", "33.33", "93.29"),  # 139.93 × 0.6667 = 93.289331
        ("1", "100", "100", "0.00"),
        ("0.001", "0.0001", "0", "0.00"),
    ],
)
def test_line_amount_is_quantity_times_price_times_discount_rounded_half_up(
    quantity, price, discount, expected
):
    assert money.line_amount(D(quantity), D(price), D(discount)) == D(expected)


def test_line_amount_is_exact_for_large_quantities_and_prices_within_the_bounds():
    quantity = D("99.999")
    price = D("9999999999.9999")
    assert money.line_amount(quantity, price, D("0")) == D("999989999999.99")  # …999.990001
    assert money.line_amount(quantity, price, D("0.01")) == D("999890000999.99")


def test_the_largest_line_amount_is_accepted_and_one_ore_more_is_refused():
    assert money.line_amount(D("100"), D("9999999999.9999"), D("0")) == D("999999999999.99")
    with pytest.raises(AmountOutOfRange) as caught:
        money.line_amount(D("100"), D("10000000000.0000") - D("0.00005"), D("0"))
    assert "999\u00a0999\u00a0999\u00a0999,99" in str(caught.value)


def test_line_amount_beyond_the_bound_raises_amount_out_of_range_naming_it():
    with pytest.raises(AmountOutOfRange) as caught:
        money.line_amount(D("101"), D("9999999999.9999"), D("0"))
    assert "Linjebeløp 1\u00a0009\u00a0999\u00a0999\u00a0999,99" in str(caught.value)


def test_vat_is_per_rate_on_the_rate_net_sum_not_per_line():
    # Per line: 3 × round(0.02 × 25 %) = 3 × 0.01 = 0.03; on the sum: round(0.06 × 25 %) = 0.02.
    lines = [(D("0.02"), 25)] * 3
    totals = money.totals(lines)
    assert totals.vat == (money.VatLine(25, D("0.06"), D("0.02")),)
    assert totals.vat_total == D("0.02")
    assert totals.total == D("0.08")


def test_totals_break_vat_down_per_rate_highest_first_including_zero():
    lines = [
        (D("100.00"), 25),
        (D("33.33"), 15),
        (D("10.10"), 12),
        (D("50.00"), 0),
        (D("0.01"), 25),
    ]
    totals = money.totals(lines)
    assert [v.rate for v in totals.vat] == [25, 15, 12, 0]
    assert totals.vat[0] == money.VatLine(25, D("100.01"), D("25.00"))  # 25.0025
    assert totals.vat[1] == money.VatLine(15, D("33.33"), D("5.00"))  # 4.9995
    assert totals.vat[2] == money.VatLine(12, D("10.10"), D("1.21"))  # 1.212
    assert totals.vat[3] == money.VatLine(0, D("50.00"), D("0.00"))
    assert totals.net == D("193.44")
    assert totals.vat_total == D("31.21")
    assert totals.total == totals.net + totals.vat_total


def test_negative_vat_rounds_away_from_zero():
    assert money.vat_amount(D("-0.10"), 25) == D("-0.03")  # -0.025
    assert money.vat_amount(D("0.10"), 25) == D("0.03")


def test_totals_of_no_lines_are_zero():
    totals = money.totals([])
    assert (totals.net, totals.vat, totals.vat_total, totals.total) == (D(0), (), D(0), D(0))


def test_credit_lines_reduce_the_rate_base():
    totals = money.totals([(D("1000.00"), 25), (D("-250.00"), 25)])
    assert totals.vat == (money.VatLine(25, D("750.00"), D("187.50")),)


def test_totals_too_large_to_store_raise_amount_out_of_range():
    with pytest.raises(AmountOutOfRange) as caught:
        money.totals([(D("600000000000.00"), 25), (D("600000000000.00"), 25)])
    assert "1\u00a0200\u00a0000\u00a0000\u00a0000,00" in str(caught.value)


def test_a_net_within_the_bound_whose_total_with_vat_is_beyond_it_is_refused():
    assert money.totals([(D("799999999999.99"), 25)]).total == D("999999999999.99")
    with pytest.raises(AmountOutOfRange) as caught:
        money.totals([(D("800000000000.00"), 25)])
    assert "Totalsummen" in str(caught.value)


def test_a_rate_base_beyond_the_bound_is_refused_even_when_net_and_total_fit():
    # +9e11 four times at 25 % and -3.6e12 at 0 %: net 0 and VAT 9e11 fit, the 25 % base
    # (printed on the confirmation) does not.
    lines = [(D("900000000000.00"), 25)] * 4 + [(D("-900000000000.00"), 0)] * 4
    with pytest.raises(AmountOutOfRange) as caught:
        money.totals(lines)
    assert "25 % MVA" in str(caught.value)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("1234.5", "1 234,50"),
        ("0", "0,00"),
        ("999.999", "1 000,00"),
        ("1234567.891", "1 234 567,89"),
        ("-1234.5", "−1 234,50"),
        ("12", "12,00"),
    ],
)
def test_format_nok_groups_thousands_and_uses_decimal_comma(amount, expected):
    text = money.format_nok(D(amount))
    assert text.replace("\u00a0", " ") == expected
    assert " " not in text  # groups use no-break spaces, so amounts never wrap


def test_format_nok_with_currency_and_none():
    assert money.format_nok(D("1234.5"), currency=True).replace("\u00a0", " ") == "kr 1 234,50"
    assert money.format_nok(None) == ""


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        ("2.500", None, "2,5"),
        ("3.000", None, "3"),
        ("1250.0000", 2, "1 250,00"),
        ("-0.5", None, "−0,5"),
    ],
)
def test_format_decimal_drops_needless_zeros(value, places, expected):
    assert money.format_decimal(D(value), places).replace("\u00a0", " ") == expected


def test_breakdown_is_the_totals_of_a_write_without_the_bounds_check():
    lines = [(D("999999999999.99"), 25), (D("0.01"), 25), (D("10.00"), 0)]
    # A write refuses these (the VAT base reaches the bound) …
    with pytest.raises(AmountOutOfRange):
        money.totals(lines)
    # … but reading stored lines never fails: the read side builds the same totals unchecked.
    read = money.breakdown(lines)
    assert [(v.rate, v.base, v.amount) for v in read.vat] == [
        (25, D("1000000000000.00"), D("250000000000.00")),
        (0, D("10.00"), D("0.00")),
    ]
    assert read.total == D("1250000000010.00")
    within = [(D("100.00"), 25), (D("33.33"), 15), (D("-5.00"), 25)]
    assert money.breakdown(within) == money.totals(within)
