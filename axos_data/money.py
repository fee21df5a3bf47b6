"""Money rules: parsing, rounding (half up, to øre), line amounts, VAT per rate, NOK formatting.

The SQL in queries/ computes the same numbers for the read side; tests hold the two to the øre.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

from axos_data.errors import (
    AmountOutOfRange,
    InvalidDiscount,
    InvalidNumber,
    InvalidQuantity,
    InvalidVatRate,
    TooManyDecimals,
)

VAT_RATES = (25, 15, 12, 0)
ORE = Decimal("0.01")
HUNDRED = Decimal(100)

PRICE_PLACES = 4
QUANTITY_PLACES = 3
AMOUNT_PLACES = 2
DISCOUNT_PLACES = 2

# The largest values the system stores (exclusive bounds on the absolute value). Stored
# amounts are DECIMAL(18, 2) (16 digits before the point); these bounds leave four digits of
# room, so a VAT computation or a sum over one order's lines cannot overflow, and every sum
# over many orders is computed as DECIMAL(38, 2) (36 digits: 10^24 orders at the bound).
MAX_UNIT_PRICE = Decimal(10) ** 10  # per unit: below 10 milliarder kroner
MAX_QUANTITY = Decimal(10) ** 9  # per line: below one milliard units
MAX_AMOUNT = Decimal(10) ** 12  # per line, per VAT rate, per order net/VAT/total: < 1 billion
# The widest type sums over many orders are computed in (the SQL in queries/ casts to it).
SUM_SQL_TYPE = "DECIMAL(38, 2)"

# What a Norwegian user types: digits, optionally grouped in threes by a space (ordinary,
# no-break, narrow no-break or thin), one decimal comma or point, an optional leading minus
# (ASCII or the U+2212 minus sign format_nok writes). No exponents, underscores or plus signs.
_GROUP_SPACES = " \u00a0\u202f\u2009"
_NUMBER = re.compile(
    rf"(?P<sign>[-\u2212]?)(?P<whole>[0-9]+|[0-9]{{1,3}}(?:[{_GROUP_SPACES}][0-9]{{3}})+)"
    r"(?:[.,](?P<fraction>[0-9]+))?"
)


def parse_decimal(
    value: object, *, field: str, places: int, maximum: Decimal = MAX_AMOUNT
) -> Decimal:
    """A Decimal from a Decimal, int, float or text ("1 234,50" and "1234.50" both work).

    Raises TooManyDecimals when the value has more decimals than the field keeps, instead of
    rounding silently: a price typed with five decimals is a typo, not a rounding question.
    AmountOutOfRange when its absolute value reaches `maximum`.
    """
    if isinstance(value, bool) or value is None:
        raise InvalidNumber(f"{field}: «{value}» er ikke et tall.")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    else:
        number = _parse_text(value, field)
    if not number.is_finite():
        raise InvalidNumber(f"{field}: «{value}» er ikke et tall.")
    # Range first: quantizing a huge number raises decimal.InvalidOperation.
    if abs(number) >= maximum:
        raise AmountOutOfRange(
            f"{field}: «{value}» er for stort; høyst {format_decimal(largest(maximum, places))}"
            " er tillatt."
        )
    step = Decimal(1).scaleb(-places)
    if number != number.quantize(step, rounding=ROUND_HALF_UP):
        raise TooManyDecimals(
            f"{field}: «{value}» har for mange desimaler; høyst {places} er tillatt."
        )
    return number.quantize(step)


def _parse_text(value: object, field: str) -> Decimal:
    text = str(value).strip()
    match = _NUMBER.fullmatch(text)
    if match is None:
        raise InvalidNumber(
            f"{field}: «{value}» er ikke et tall. Skriv sifre med desimalkomma eller -punktum,"
            " for eksempel 1 234,50."
        )
    whole = re.sub(f"[{_GROUP_SPACES}]", "", match["whole"])
    sign = "-" if match["sign"] else ""
    return Decimal(f"{sign}{whole}.{match['fraction'] or '0'}")


def largest(maximum: Decimal, places: int) -> Decimal:
    """The largest value below an exclusive bound with `places` decimals (for messages)."""
    return maximum - Decimal(1).scaleb(-places)


def round_ore(value: Decimal) -> Decimal:
    """Round half up (away from zero) to øre, the way DuckDB rounds DECIMAL."""
    return value.quantize(ORE, rounding=ROUND_HALF_UP)


def parse_quantity(value: object) -> Decimal:
    """Quantity with at most 3 decimals, strictly positive."""
    quantity = parse_decimal(value, field="Antall", places=QUANTITY_PLACES, maximum=MAX_QUANTITY)
    if quantity <= 0:
        raise InvalidQuantity(f"Antall må være større enn 0, ikke {value}.")
    return quantity


def parse_unit_price(value: object) -> Decimal:
    """Unit price with at most 4 decimals; negative prices are allowed for credit lines."""
    return parse_decimal(value, field="Enhetspris", places=PRICE_PLACES, maximum=MAX_UNIT_PRICE)


def parse_discount(value: object) -> Decimal:
    """Discount in percent, 0–100, at most 2 decimals."""
    discount = parse_decimal(0 if value is None else value, field="Rabatt", places=DISCOUNT_PLACES)
    if not 0 <= discount <= 100:
        raise InvalidDiscount(f"Rabatt må være mellom 0 og 100 %, ikke {value}.")
    return discount


def parse_amount(value: object, *, field: str = "Beløp") -> Decimal:
    """An amount in NOK, to the øre (at most 2 decimals)."""
    return parse_decimal(value, field=field, places=AMOUNT_PLACES)


def parse_vat_rate(value: object) -> int:
    """One of the Norwegian VAT rates 25, 15, 12 or 0."""
    try:
        rate = Decimal(str(value).strip().rstrip("%").strip())
    except InvalidOperation:
        rate = None
    if rate is None or rate not in VAT_RATES:
        allowed = ", ".join(str(r) for r in VAT_RATES)
        raise InvalidVatRate(f"MVA-sats «{value}» er ikke gyldig; bruk en av {allowed}.")
    return int(rate)


def line_amount(quantity: Decimal, unit_price: Decimal, discount_pct: Decimal) -> Decimal:
    """quantity × unit price × (1 − discount/100), rounded half up to øre.

    Computed exactly: the default 28-digit context would round a large product before the
    øre rounding (and fail to quantize it). AmountOutOfRange beyond MAX_AMOUNT.
    """
    with localcontext() as exact:
        exact.prec = 80
        amount = round_ore(quantity * unit_price * (HUNDRED - discount_pct) / HUNDRED)
    return check_amount(amount, "Linjebeløp")


def check_amount(amount: Decimal, field: str) -> Decimal:
    """The amount itself if it is within the bound of stored amounts, else AmountOutOfRange."""
    if not within_bounds(amount):
        raise AmountOutOfRange(
            f"{field} {format_nok(amount)} er for stort; høyst"
            f" {format_nok(largest(MAX_AMOUNT, AMOUNT_PLACES))} kr er tillatt."
        )
    return amount


def within_bounds(amount: Decimal) -> bool:
    return abs(amount) < MAX_AMOUNT


@dataclass(frozen=True)
class VatLine:
    rate: int
    base: Decimal
    amount: Decimal


@dataclass(frozen=True)
class Totals:
    net: Decimal
    vat: tuple[VatLine, ...]
    vat_total: Decimal
    total: Decimal


def vat_amount(base: Decimal, rate: int) -> Decimal:
    """VAT on the net sum of one rate."""
    return round_ore(base * rate / HUNDRED)


def breakdown(lines: Iterable[tuple[Decimal, int]]) -> Totals:
    """Totals of (line amount, VAT rate) pairs: VAT per rate on that rate's net sum.

    Every rate present on a line appears in the breakdown, 0 % included, highest first.
    The one totals builder of writes (through `totals`), the order detail and the PDF.
    Checks no bounds: reading stored lines must never fail.
    """
    bases: dict[int, Decimal] = {}
    for amount, rate in lines:
        bases[rate] = bases.get(rate, Decimal("0.00")) + amount
    vat = tuple(
        VatLine(rate, bases[rate], vat_amount(bases[rate], rate))
        for rate in sorted(bases, reverse=True)
    )
    net = sum(bases.values(), Decimal("0.00"))
    vat_total = sum((v.amount for v in vat), Decimal("0.00"))
    return Totals(net=net, vat=vat, vat_total=vat_total, total=net + vat_total)


def totals(lines: Iterable[tuple[Decimal, int]]) -> Totals:
    """`breakdown` for a write: AmountOutOfRange when the net, a rate's base or VAT, the VAT
    total or the total reaches MAX_AMOUNT: each is stored or printed, so each must fit."""
    result = breakdown(lines)
    for line in result.vat:
        check_amount(line.base, f"Grunnlaget for {line.rate} % MVA")
    check_amount(result.net, "Sum eks. MVA")
    check_amount(result.vat_total, "Sum MVA")
    check_amount(result.total, "Totalsummen")
    return result


def format_nok(amount: Decimal | None, *, currency: bool = False) -> str:
    """Norwegian display: 1 234 567,50 (no-break space groups, decimal comma)."""
    if amount is None:
        return ""
    quantized = Decimal(amount).quantize(ORE, rounding=ROUND_HALF_UP)
    text = f"{quantized:,.2f}".replace(",", "\u00a0").replace(".", ",")
    if text.startswith("-"):
        text = "\u2212" + text[1:]
    return f"kr {text}" if currency else text


def format_price(value: Decimal | None) -> str:
    """A unit price with two decimals, or up to four when it has them (189,90; 12,3456)."""
    if value is None:
        return ""
    places = max(2, -Decimal(value).normalize().as_tuple().exponent) if value else 2
    return format_decimal(value, min(places, PRICE_PLACES))


def format_decimal(value: Decimal | None, places: int | None = None) -> str:
    """A quantity, price or percentage in Norwegian notation without needless zeros."""
    if value is None:
        return ""
    number = Decimal(value)
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    else:
        number = number.normalize()
        if number == number.to_integral():
            number = number.quantize(Decimal(1))
    sign, _digits, exponent = number.as_tuple()
    decimals = max(0, -exponent)
    text = f"{abs(number):,.{decimals}f}".replace(",", "\u00a0").replace(".", ",")
    return ("\u2212" if sign and number != 0 else "") + text
