"""Validated line input and the small field parsers the services share."""

import datetime as dt
from decimal import Decimal as D

import pytest

from axos_data import model
from axos_data.errors import (
    AmountOutOfRange,
    EmptyValue,
    InvalidChoice,
    InvalidDate,
    InvalidEmail,
    InvalidNumber,
    InvalidQuantity,
)


def test_make_line_parses_every_field_and_computes_the_amount():
    line = model.make_line(
        description=" Konsulent ", quantity="2,5", unit="t", unit_price="1 250", discount_pct="10"
    )
    assert line == model.LineInput("Konsulent", D("2.500"), "t", D("1250.0000"), D("10.00"), 25)
    assert line.amount == D("2812.50")


def test_make_line_refuses_an_amount_too_large_to_store():
    with pytest.raises(AmountOutOfRange):
        model.make_line(description="x", quantity="100000000", unit="stk", unit_price="100000000")


@pytest.mark.parametrize("description", ["", "   ", None])
def test_make_line_needs_a_description(description):
    with pytest.raises(EmptyValue) as caught:
        model.make_line(description=description, quantity=1, unit="stk", unit_price=1)
    assert "Beskrivelse" in str(caught.value)


def test_changed_line_applies_only_the_given_fields():
    current = {
        "description": "Kaffe",
        "quantity": D("1.000"),
        "unit": "kg",
        "unit_price": D("189.9000"),
        "discount_pct": D("0.00"),
        "vat_rate": 15,
        "product_id": 2,
    }
    line = model.changed_line(current, {"quantity": "3", "discount_pct": None})
    assert line.quantity == D("3.000")
    assert line.discount_pct == D("0.00")
    assert line.product_id == 2
    assert line.amount == D("569.70")
    with pytest.raises(InvalidQuantity):
        model.changed_line(current, {"quantity": "0"})


def test_changed_line_refuses_unknown_fields():
    with pytest.raises(InvalidChoice) as caught:
        model.changed_line({}, {"group_id": 3})
    assert "group_id" in str(caught.value)


def test_parse_date_accepts_iso_text_and_dates():
    assert model.parse_date("2026-01-31", "Dato") == dt.date(2026, 1, 31)
    assert model.parse_date(dt.datetime(2026, 1, 31, 12), "Dato") == dt.date(2026, 1, 31)
    assert model.parse_date("", "Dato") is None
    with pytest.raises(InvalidDate) as caught:
        model.parse_date("31/01/2026", "Leveringsdato")
    assert "«31/01/2026»" in str(caught.value)
    assert "Leveringsdato" in str(caught.value)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("31.01.2026", dt.date(2026, 1, 31)),
        ("1.2.2026", dt.date(2026, 2, 1)),
        (" 29.02.2028 ", dt.date(2028, 2, 29)),
        ("2026-01-31", dt.date(2026, 1, 31)),
    ],
)
def test_parse_date_reads_norwegian_and_iso_text(typed, expected):
    assert model.parse_date(typed, "Dato") == expected


@pytest.mark.parametrize(
    ("typed", "quoted", "shape"),
    [
        ("31.02.2026", "«31.02.2026»", "(dd.mm.åååå)"),
        ("29.02.2026", "«29.02.2026»", "(dd.mm.åååå)"),
        ("01.13.2026", "«01.13.2026»", "(dd.mm.åååå)"),
        ("2026-02-31", "«2026-02-31»", "(ÅÅÅÅ-MM-DD)"),
    ],
)
def test_parse_date_quotes_an_impossible_date_as_typed(typed, quoted, shape):
    """The user typed 31.02.2026: the message quotes exactly that, not a converted 2026-02-31."""
    with pytest.raises(InvalidDate) as caught:
        model.parse_date(typed, "Leveringsdato")
    message = str(caught.value)
    assert message.startswith(f"Leveringsdato: {quoted} er ikke en gyldig dato {shape}")
    if "." in typed:
        assert "2026-" not in message


def test_parse_email_and_int_and_flag_and_choice():
    assert model.parse_email(" ola@nordlys.no ") == "ola@nordlys.no"
    assert model.parse_email("") is None
    with pytest.raises(InvalidEmail):
        model.parse_email("ola.nordlys.no")
    assert model.parse_int(" 14 ", "Dager", minimum=0) == 14
    with pytest.raises(InvalidNumber):
        model.parse_int("-1", "Dager", minimum=0)
    with pytest.raises(InvalidNumber):
        model.parse_int("fjorten", "Dager")
    assert model.parse_flag("ja") is True
    assert model.parse_flag("nei") is False
    with pytest.raises(InvalidChoice):
        model.parse_flag("kanskje")
    with pytest.raises(InvalidChoice) as caught:
        model.parse_choice("fax", model.INVOICE_METHODS, "Fakturametode")
    assert "fax" in str(caught.value)
    assert "ehf" in str(caught.value)
