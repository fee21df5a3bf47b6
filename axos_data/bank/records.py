"""One incoming payment as read from a bank file, and its stable identity."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from axos_data import money, no
from axos_data.errors import AxosError, InvalidPaymentFile

TEXT_LIMIT = 1_000  # characters in a payer name or a payment text; camt allows 140 per element
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


@dataclass(frozen=True)
class IncomingPayment:
    booked_on: dt.date
    amount: Decimal
    kid: str | None
    payer: str | None
    text: str | None
    bank_ref: str | None
    source: str  # where in the file: "linje 12" or "Ntry 3/TxDtls 1"


@dataclass(frozen=True)
class PaymentFile:
    name: str
    file_format: str  # "csv" or "camt.054"
    sha256: str
    payments: tuple[IncomingPayment, ...]
    identities: tuple[str, ...]  # one per payment, same order


def identities(payments: Iterable[IncomingPayment]) -> tuple[str, ...]:
    """The stable identity of each payment: "ref:" + the bank's reference when there is one,
    else "hash:" + SHA-256 of its fields and how many identical payments came before it in the
    file, so two equal payments on one day stay two and a re-import finds both again."""
    seen: Counter[tuple] = Counter()
    result = []
    for p in payments:
        if p.bank_ref:
            result.append(f"ref:{p.bank_ref}")
            continue
        key = (p.booked_on.isoformat(), str(p.amount), p.kid or "", p.payer or "", p.text or "")
        occurrence = seen[key]
        seen[key] += 1
        digest = hashlib.sha256("\x1f".join([*key, str(occurrence)]).encode()).hexdigest()
        result.append(f"hash:{digest}")
    return tuple(result)


def make_file(
    name: str, file_format: str, data: bytes, payments: list[IncomingPayment]
) -> PaymentFile:
    ids = identities(payments)
    duplicates = [i for i, n in Counter(ids).items() if n > 1]
    if duplicates:
        where = [p.source for p, i in zip(payments, ids, strict=True) if i == duplicates[0]]
        raise InvalidPaymentFile(
            f"{name}: bankreferansen «{duplicates[0].removeprefix('ref:')}» står på flere"
            f" betalinger ({', '.join(where[:3])}); en referanse skal være unik."
        )
    return PaymentFile(name, file_format, hashlib.sha256(data).hexdigest(), tuple(payments), ids)


def payment(
    where: str,
    *,
    booked_on: object,
    amount: object,
    kid: object,
    payer: object,
    text: object,
    bank_ref: object,
) -> IncomingPayment:
    """An IncomingPayment from raw texts, or InvalidPaymentFile naming `where` and the value."""
    try:
        date = _date(booked_on)
        value = _amount(amount)
    except AxosError as error:
        raise InvalidPaymentFile(f"{where}: {error}") from None
    if value <= 0:
        raise InvalidPaymentFile(
            f"{where}: Beløp «{amount}» må være større enn 0; filen skal bare ha innbetalinger."
        )
    return IncomingPayment(
        booked_on=date,
        amount=value,
        kid=_kid(kid, where),
        payer=_text(payer, "Betaler", where),
        text=_text(text, "Tekst", where),
        bank_ref=_text(bank_ref, "Referanse", where),
        source=where,
    )


# The shapes nearly every bank row has, read without the general parsers' overhead (100,000
# rows an import); anything else goes through model.parse_date and money.parse_amount.
_PLAIN_DATE = re.compile(r"(\d\d)\.(\d\d)\.(\d{4})")
_PLAIN_AMOUNT = re.compile(r"\d{1,12}[.,]\d\d")


def _date(value: object) -> dt.date:
    from axos_data.model import parse_date

    text = value.strip() if isinstance(value, str) else value
    plain = _PLAIN_DATE.fullmatch(text) if isinstance(text, str) else None
    if plain:
        day, month, year = plain.groups()
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            pass  # parse_date words the refusal
    date = parse_date(value, "Dato")
    if date is None:
        raise InvalidPaymentFile("Dato mangler.")
    return date


def _amount(value: object) -> Decimal:
    text = value.strip() if isinstance(value, str) else value
    if isinstance(text, str) and _PLAIN_AMOUNT.fullmatch(text):
        return Decimal(text.replace(",", "."))
    return money.parse_amount(value, field="Beløp")


def _kid(value: object, where: str) -> str | None:
    """The KID's digits (spaces tolerated); any text is kept as typed so it lands unmatched."""
    text = _text(value, "KID", where)
    if text is None:
        return None
    compact = text.replace(" ", "")
    return compact if len(compact) <= 25 else text


def _text(value: object, field: str, where: str) -> str | None:
    if value is None:
        return None
    text = _CONTROLS.sub(" ", str(value)).strip()
    if len(text) > TEXT_LIMIT:
        raise InvalidPaymentFile(
            f"{where}: {field} er {len(text)} tegn lang; høyst {TEXT_LIMIT} er tillatt."
        )
    return text or None


def order_no_for_kid(kid: str | None, method: str) -> int | None:
    """The order number a KID was made from (no.make_kid: order number + check digit, leading
    zeros allowed), or None when the check digit is wrong under the company's KID method."""
    if not kid or not 2 <= len(kid) <= 25 or not kid.isascii() or not kid[:-1].isdigit():
        return None
    if kid[-1] != check_digit(kid[:-1], method):
        return None
    base = kid[:-1].lstrip("0")
    return int(base) if base and len(base) <= 18 else None


_LUHN_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def check_digit(base: str, method: str) -> str:
    """no.kid_check_digit without its per-call overhead (an import checks 100,000 KIDs);
    tests/unit/test_bank_files.py holds the two equal."""
    if method == "mod10":
        total = 0
        for i, char in enumerate(reversed(base)):
            digit = ord(char) - 48
            total += _LUHN_DOUBLED[digit] if i % 2 == 0 else digit
        return str(-total % 10)
    return no.kid_check_digit(base, method)
