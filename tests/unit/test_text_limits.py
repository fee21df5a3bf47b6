"""Text rules (limits.py): one table of limits, control characters, invisible-only text, bad
UTF-8 — and whole-number ranges and parsing."""

import pytest

from axos_data import limits
from axos_data.errors import EmptyValue, InvalidNumber, InvalidText, NumberOutOfRange, TextTooLong
from axos_data.model import optional_text, parse_int, require_text


@pytest.mark.parametrize(
    ("field", "limit"),
    [("Tittel", 200), ("Beskrivelse", 2000), ("Kommentar", 10000), ("Firmanavn", 200)],
)
def test_text_up_to_the_limit_is_kept_whole_and_one_more_is_refused(field, limit):
    fits = "æ" * (limit - 1) + "😀"  # code points, not bytes or UTF-16 units
    assert require_text(fits, field) == fits
    with pytest.raises(TextTooLong) as caught:
        require_text(fits + "x", field)
    message = str(caught.value)
    assert field in message and str(limit + 1) in message and str(limit) in message


def test_every_stored_text_has_a_limit_in_the_one_table():
    for _table, _key, _column, field in limits.STORED_TEXTS:
        assert limits.TEXT_LIMITS[field].limit > 0


def test_a_field_without_a_limit_is_a_programming_error():
    with pytest.raises(KeyError):
        require_text("x", "Felt uten grense")


@pytest.mark.parametrize("text", ["\u200b", " \ufeff ", "\u200c\u200d\u2060", "\u00ad"])
def test_required_text_with_only_invisible_characters_is_empty(text):
    with pytest.raises(EmptyValue) as caught:
        require_text(text, "Tittel")
    assert "Tittel" in str(caught.value)


def test_optional_text_with_only_invisible_characters_is_refused_not_dropped():
    assert optional_text("  ", "Deres referanse") is None
    with pytest.raises(InvalidText) as caught:
        optional_text("\u200b", "Deres referanse")
    assert "usynlige" in str(caught.value)


@pytest.mark.parametrize(
    "text",
    [
        "👨\u200d👩\u200d👧",  # family emoji: zero-width joiners inside visible text
        "\u202eevil",  # right-to-left override: a format character, kept with visible text
        "Čáhppes Sámi ŋ ŧ đ",
        "Robert'); DROP TABLE orders;--",
        '=HYPERLINK("x")',
    ],
)
def test_visible_text_is_kept_exactly(text):
    assert require_text(text, "Tittel") == text


@pytest.mark.parametrize(
    ("text", "code"),
    [("a\x00b", "U+0000"), ("a\x1b]0;x\x07", "U+001B"), ("a\nb", "U+000A"), ("a\tb", "U+0009"),
     ("a\x7fb", "U+007F"), ("a\x85b", "U+0085")],
)  # fmt: skip
def test_single_line_fields_refuse_every_control_character(text, code):
    with pytest.raises(InvalidText) as caught:
        require_text(text, "Tittel")
    assert code in str(caught.value) and "Tittel" in str(caught.value)


def test_multiline_fields_accept_newline_tab_and_carriage_return_but_no_other_control():
    text = "Linje 1\r\nLinje 2\n\tinnrykk"
    assert require_text(text, "Kommentar") == text
    assert require_text(text, "Beskrivelse") == text
    for bad in ("a\x00b", "a\x1bb", "a\x0cb"):
        with pytest.raises(InvalidText):
            require_text(bad, "Kommentar")


@pytest.mark.parametrize("text", ["a\udcffb", "\ud800", "x\udfff"])
def test_lone_surrogates_are_refused_as_invalid_utf8(text):
    with pytest.raises(InvalidText) as caught:
        require_text(text, "Tittel")
    assert "UTF-8" in str(caught.value)


def test_bytes_must_be_utf8():
    assert require_text("Blåbær".encode(), "Tittel") == "Blåbær"
    with pytest.raises(InvalidText):
        require_text(b"Bl\xe5b\xe6r", "Tittel")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("14", 14), (" 30 ", 30), ("0", 0), (365, 365), ("1 000", None)],
)
def test_payment_terms_are_0_to_365_days(text, expected):
    if expected is None:
        with pytest.raises(NumberOutOfRange):
            parse_int(text, "Betalingsbetingelser")
    else:
        assert parse_int(text, "Betalingsbetingelser") == expected


@pytest.mark.parametrize("value", ["1000000000000", 366, -1, "−1"])
def test_payment_terms_outside_the_range_name_the_value_and_the_range(value):
    with pytest.raises(NumberOutOfRange) as caught:
        parse_int(value, "Betalingsbetingelser")
    message = str(caught.value)
    assert "mellom 0 og 365" in message
    assert str(value).replace("−", "-") in message


@pytest.mark.parametrize("value", [10**20, 2**63 - 2, 0, 10**9 + 1])
def test_order_number_start_is_1_to_10_to_the_9(value):
    with pytest.raises(NumberOutOfRange) as caught:
        parse_int(value, "Første ordrenummer")
    assert str(value) in str(caught.value)
    assert parse_int("1 000 000 000", "Første ordrenummer") == 10**9


@pytest.mark.parametrize("text", ["1_000", "1e3", "14.0", "+5", "١٤", "", None, True, "0x10"])
def test_whole_numbers_accept_only_digits_and_space_groups(text):
    with pytest.raises(InvalidNumber) as caught:
        parse_int(text, "Betalingsbetingelser")
    assert type(caught.value) is InvalidNumber
    assert f"«{text}»" in str(caught.value)
