"""Norwegian identifiers (organisation numbers and bank accounts via python-stdnum, KID) and
the Norwegian way of writing dates."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from stdnum import luhn
from stdnum.exceptions import ValidationError
from stdnum.no import kontonr, orgnr

from axos_data.errors import InvalidBankAccount, InvalidKid, InvalidOrgNumber

KID_METHODS = ("mod10", "mod11")
OSLO = ZoneInfo("Europe/Oslo")
_MOD11_WEIGHTS = (2, 3, 4, 5, 6, 7)


def validate_orgnr(value: str) -> str:
    """The 9 digits of a valid organisation number (spaces and an MVA suffix are tolerated)."""
    text = str(value).strip().upper().removeprefix("NO").removesuffix("MVA").strip()
    try:
        return orgnr.validate(text)
    except ValidationError:
        raise InvalidOrgNumber(
            f"Organisasjonsnummer «{value}» er ugyldig:"
            " det må ha 9 siffer og riktig kontrollsiffer."
        ) from None


def format_orgnr(value: str, *, vat_registered: bool = False) -> str:
    """988 077 917, or NO 988 077 917 MVA for a VAT-registered company."""
    digits = orgnr.compact(value)
    text = f"{digits[0:3]} {digits[3:6]} {digits[6:9]}"
    return f"NO {text} MVA" if vat_registered else text


def validate_bank_account(value: str) -> str:
    """The 11 digits of a valid Norwegian bank account number.

    stdnum also accepts the 7-digit postgiro numbers retired long ago; an invoice needs 11.
    """
    try:
        digits = kontonr.validate(str(value))
    except ValidationError:
        digits = ""
    if len(digits) != 11:
        raise InvalidBankAccount(
            f"Kontonummer «{value}» er ugyldig: det må ha 11 siffer og riktig kontrollsiffer."
        )
    return digits


def format_bank_account(value: str) -> str:
    """1234 56 78903."""
    digits = kontonr.compact(value)
    return f"{digits[0:4]} {digits[4:6]} {digits[6:11]}"


def kid_check_digit(base: str, method: str = "mod10") -> str:
    """Check digit of a KID base number; MOD11 gives '-' where the remainder is 1."""
    if not base.isdigit():
        raise InvalidKid(f"KID-grunnlag «{base}» må bare inneholde siffer.")
    if method == "mod10":
        return luhn.calc_check_digit(base)
    if method == "mod11":
        total = sum(int(digit) * _MOD11_WEIGHTS[i % 6] for i, digit in enumerate(reversed(base)))
        check = 11 - total % 11
        return {11: "0", 10: "-"}.get(check, str(check))
    raise InvalidKid(f"Ukjent KID-metode «{method}»; bruk mod10 eller mod11.")


def make_kid(number: int | str, *, method: str = "mod10", length: int | None = None) -> str:
    """KID from a number (an order number): zero-padded to length - 1, plus a check digit."""
    base = str(number)
    if length is not None:
        if len(base) > length - 1:
            raise InvalidKid(f"«{number}» er for langt for en KID på {length} siffer.")
        base = base.zfill(length - 1)
    return base + kid_check_digit(base, method)


def is_valid_kid(kid: str, method: str | None = None) -> bool:
    """True when the KID's last character is the right check digit (either method if None)."""
    kid = str(kid).strip()
    if not 2 <= len(kid) <= 25 or not kid[:-1].isdigit():
        return False
    methods = (method,) if method else KID_METHODS
    return any(kid_check_digit(kid[:-1], m) == kid[-1] for m in methods)


def validate_kid(kid: str, method: str | None = None) -> str:
    """The KID itself when valid, otherwise InvalidKid."""
    if not is_valid_kid(kid, method):
        raise InvalidKid(f"KID «{kid}» har feil kontrollsiffer eller format.")
    return str(kid).strip()


def format_date(value: dt.date | None) -> str:
    """31.01.2026 (empty for no date)."""
    return "" if value is None else value.strftime("%d.%m.%Y")


def format_timestamp(value: dt.datetime | None) -> str:
    """31.01.2026 14:05 in Norwegian time."""
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(OSLO)
    return value.strftime("%d.%m.%Y %H:%M")
