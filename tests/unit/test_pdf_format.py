"""Norwegian display of confirmation values."""

import datetime as dt
from decimal import Decimal

from axos_data.pdf import format as fmt


def test_amount_groups_thousands_with_no_break_space_and_decimal_comma():
    assert fmt.amount(Decimal("1234567.5")) == "1\u00a0234\u00a0567,50"
    assert fmt.amount(Decimal("-12")) == "\u221212,00"


def test_price_keeps_two_decimals_or_all_significant_ones_up_to_four():
    assert fmt.price(Decimal("189.9000")) == "189,90"
    assert fmt.price(Decimal("12.3456")) == "12,3456"
    assert fmt.price(Decimal("0.125")) == "0,125"
    assert fmt.price(Decimal("1250")) == "1\u00a0250,00"
    assert fmt.price(Decimal("0")) == "0,00"


def test_quantity_and_discount_drop_needless_zeros():
    assert fmt.quantity(Decimal("2.500")) == "2,5"
    assert fmt.quantity(Decimal("12.000")) == "12"
    assert fmt.discount(Decimal("0.00")) == ""
    assert fmt.discount(Decimal("12.50")) == "12,5"


def test_date_is_day_month_year():
    assert fmt.date(dt.date(2026, 1, 31)) == "31.01.2026"
    assert fmt.date(None) == ""


def test_payment_terms_in_bokmal():
    assert fmt.payment_terms(14) == "14 dager netto"
    assert fmt.payment_terms(1) == "1 dag netto"
    assert fmt.payment_terms(0) == "Netto kontant"


def test_customer_orgnr_is_grouped_only_when_norwegian():
    assert fmt.customer_orgnr("988077917", None) == "988 077 917"
    assert fmt.customer_orgnr("988077917", "NO") == "988 077 917"
    assert fmt.customer_orgnr("SE5560360793", "SE") == "SE5560360793"
    assert fmt.customer_orgnr("", None) is None
    assert fmt.customer_orgnr(None, None) is None


def test_clean_normalises_to_nfc_and_drops_control_characters():
    assert fmt.clean("c\u030c") == "č"
    assert fmt.clean("a\x00b\x07c") == "abc"
    assert fmt.clean("første\r\nandre\tlinje") == "første\nandre linje"
    assert fmt.clean(None) == ""
    assert fmt.optional("   ") is None
