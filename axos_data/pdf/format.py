"""Norwegian display of the values on an order confirmation (bokmål, 1 234,50, 31.01.2026)."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from axos_data import money, no

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f]")


def clean(text: object) -> str:
    """Printable text: NFC (so c + combining caron prints as č), no control characters.

    Newlines are kept (descriptions may hold several paragraphs); tabs become spaces.
    """
    if text is None:
        return ""
    value = unicodedata.normalize("NFC", str(text))
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", value).strip()


def optional(text: object) -> str | None:
    value = clean(text)
    return value or None


date = no.format_date


def amount(value: Decimal) -> str:
    """1 234,50 with a no-break space between thousands, − for negatives."""
    return money.format_nok(value)


def price(value: Decimal) -> str:
    """A unit price with two decimals, or up to four when it has them (189,90; 12,3456)."""
    return money.format_price(value)


def quantity(value: Decimal) -> str:
    return money.format_decimal(value)


def discount(value: Decimal) -> str:
    """The discount percentage, or nothing when there is none."""
    return "" if not value else money.format_decimal(value)


def payment_terms(days: int) -> str:
    if days == 0:
        return "Netto kontant"
    return f"{days} {'dag' if days == 1 else 'dager'} netto"


def customer_orgnr(value: str | None, country: str | None) -> str | None:
    """A Norwegian organisation number as 988 077 917; anything else as it is."""
    text = clean(value)
    if not text:
        return None
    digits = text.replace(" ", "")
    if (country or "NO").upper() == "NO" and len(digits) == 9 and digits.isdigit():
        return f"{digits[0:3]} {digits[3:6]} {digits[6:9]}"
    return text
