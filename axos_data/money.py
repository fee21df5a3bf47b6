"""Money rules: parsing, rounding (half up, to øre), line amounts, VAT per rate, NOK formatting.

The SQL in queries/ computes the same numbers for the read side; tests hold the two to the øre.
"""

from __future__ import annotations

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
# DECIMAL(18, s) keeps 18 - s digits before the point.
_MAX_DIGITS = 18


def parse_decimal(value: object, *, field: str, places: int) -> Decimal:
    """A Decimal from a Decimal, int, float or text ("1 234,50" and "1234.50" both work).

    Raises TooManyDecimals when the value has more decimals than the field keeps, instead of
    rounding silently: a price typed with five decimals is a typo, not a rounding question.
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
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise InvalidNumber(f"{field}: «{value}» er ikke et tall.") from None
    if not number.is_finite():
        raise InvalidNumber(f"{field}: «{value}» er ikke et tall.")
    # Range first: quantizing a huge number ("1e30") raises decimal.InvalidOperation.
    if abs(number) >= Decimal(10) ** (_MAX_DIGITS - places):
        raise AmountOutOfRange(f"{field}: «{value}» er for stort.")
    step = Decimal(1).scaleb(-places)
    if number != number.quantize(step, rounding=ROUND_HALF_UP):
        raise TooManyDecimals(
            f"{field}: «{value}» har for mange desimaler; høyst {places} er tillatt."
        )
    return number.quantize(step)


def round_ore(value: Decimal) -> Decimal:
    """Round half up (away from zero) to øre, the way DuckDB rounds DECIMAL."""
    return value.quantize(ORE, rounding=ROUND_HALF_UP)


def parse_quantity(value: object) -> Decimal:
    """Quantity with at most 3 decimals, strictly positive."""
    quantity = parse_decimal(value, field="Antall", places=QUANTITY_PLACES)
    if quantity <= 0:
        raise InvalidQuantity(f"Antall må være større enn 0, ikke {value}.")
    return quantity


def parse_unit_price(value: object) -> Decimal:
    """Unit price with at most 4 decimals; negative prices are allowed for credit lines."""
    return parse_decimal(value, field="Enhetspris", places=PRICE_PLACES)


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
    øre rounding (and fail to quantize it). AmountOutOfRange when it does not fit DECIMAL(18, 2).
    """
    with localcontext() as exact:
        exact.prec = 80
        amount = round_ore(quantity * unit_price * (HUNDRED - discount_pct) / HUNDRED)
    return check_amount(amount, "Linjebeløp")


def check_amount(amount: Decimal, field: str) -> Decimal:
    """The amount itself if it fits a stored amount (DECIMAL(18, 2)), else AmountOutOfRange."""
    if abs(amount) >= Decimal(10) ** (_MAX_DIGITS - AMOUNT_PLACES):
        raise AmountOutOfRange(f"{field} {amount} er for stort til å lagres.")
    return amount


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


def totals(lines: Iterable[tuple[Decimal, int]]) -> Totals:
    """Totals of (line amount, VAT rate) pairs: VAT per rate on that rate's net sum.

    Every rate present on a line appears in the breakdown, 0 % included, highest first.
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
    check_amount(max(abs(net), abs(net + vat_total)), "Ordresummen")
    return Totals(net=net, vat=vat, vat_total=vat_total, total=net + vat_total)


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
