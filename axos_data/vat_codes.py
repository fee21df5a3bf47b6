"""VAT codes: why a line has the VAT rate it has, mapped once for accounting and EHF.

A rate alone does not say why a line is 0 %. Every product, quote line and order line carries
one of the codes below; the rate follows from the code.

| code     | rate | meaning                                 | SAF-T | EN 16931 | EHF reason        |
|----------|------|-----------------------------------------|-------|----------|-------------------|
| standard | 25   | alminnelig sats                         | 3     | S        | –                 |
| middels  | 15   | middels sats (næringsmidler)            | 31    | S        | –                 |
| lav      | 12   | lav sats (persontransport, overnatting) | 33    | S        | –                 |
| fritatt  | 0    | innenlands omsetning fritatt for mva    | 5     | Z        | none (BR-Z-10)    |
| eksport  | 0    | utførsel av varer og tjenester          | 52    | G        | VATEX-EU-G + text |
| unntatt  | 0    | omsetning utenfor merverdiavgiftsloven  | 6     | E        | text              |

SAF-T codes: the Norwegian Tax Administration's standard tax codes (Standard Tax Codes,
version 1.3): 3/31/33 outgoing VAT at 25/15/12 %, 5 domestic sales exempt (zero-rated), 52
export of goods and services, 6 sales outside the scope of the VAT act.

EN 16931 categories for EHF (Peppol BIS Billing 3.0): S standard rate, Z zero-rated goods
(fritatt; the rules forbid an exemption reason), G export outside the EU/EEA (a reason code
or text is required), E exempt (unntatt, a reason is required). O ("not subject to VAT") is
used for every line when the seller itself is not VAT-registered: the rules forbid mixing O
with other categories and forbid a seller VAT id with O, so it is a property of the invoice,
not of a line (see `ehf.py`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from axos_data.errors import InvalidVatCode, InvalidVatRate


@dataclass(frozen=True)
class VatCode:
    code: str
    rate: int
    label: str
    saft: str
    category: str
    reason_code: str | None
    reason_text: str | None
    # What an order confirmation prints under a 0 % total (None for taxed codes).
    note: str | None


CODES: dict[str, VatCode] = {
    c.code: c
    for c in (
        VatCode("standard", 25, "25 % alminnelig sats", "3", "S", None, None, None),
        VatCode("middels", 15, "15 % middels sats", "31", "S", None, None, None),
        VatCode("lav", 12, "12 % lav sats", "33", "S", None, None, None),
        VatCode(
            "fritatt",
            0,
            "0 % fritatt (innenlands)",
            "5",
            "Z",
            None,
            None,
            "Fritatt for merverdiavgift (merverdiavgiftsloven kapittel 6).",
        ),
        VatCode(
            "eksport",
            0,
            "0 % utførsel (eksport)",
            "52",
            "G",
            "VATEX-EU-G",
            "Export outside the EU",
            "Utførsel av varer og tjenester, fritatt for merverdiavgift"
            " (merverdiavgiftsloven § 6-21 og § 6-22).",
        ),
        VatCode(
            "unntatt",
            0,
            "0 % utenfor mva-loven",
            "6",
            "E",
            None,
            "Unntatt merverdiavgift (omsetning utenfor merverdiavgiftsloven)",
            "Omsetning utenfor merverdiavgiftsloven (unntatt merverdiavgift).",
        ),
    )
}

# The code a rate gets when nothing else says why: taxed rates have one code each; a bare
# 0 % is domestic zero-rated, the common case for a VAT-registered Norwegian seller (books,
# newspapers). Export and "outside the act" must be chosen explicitly.
DEFAULT_FOR_RATE = {25: "standard", 15: "middels", 12: "lav", 0: "fritatt"}

# SAF-T numbers are accepted as aliases, since that is what an accountant knows.
_ALIASES = {c.saft: c.code for c in CODES.values()}


def vat_code(code: str) -> VatCode:
    """The VatCode of a stored code (stored codes are always valid)."""
    return CODES[code]


def parse_vat_code(value: object, rate: int | None = None) -> str:
    """A valid code from a code, its SAF-T number, or empty (then the rate's default).

    InvalidVatCode for an unknown code; InvalidVatRate when `rate` is given and the code
    belongs to another rate (a 25 % line cannot be "eksport").
    """
    text = "" if value is None else str(value).strip().lower()
    if text == "":
        if rate is None:
            raise InvalidVatCode("MVA-kode mangler.")
        return DEFAULT_FOR_RATE[rate]
    code = _ALIASES.get(text, text)
    if code not in CODES:
        allowed = ", ".join(f"{c.code} ({c.label})" for c in CODES.values())
        raise InvalidVatCode(f"MVA-kode «{value}» er ukjent; bruk en av {allowed}.")
    if rate is not None and CODES[code].rate != rate:
        raise InvalidVatRate(
            f"MVA-kode «{value}» gjelder {CODES[code].rate} % MVA, ikke {rate} %."
            f" Velg en kode for {rate} % eller endre satsen."
        )
    return code


def resolve(rate: object, code: object) -> tuple[int, str]:
    """(rate, code) from what a user gave: a code alone decides the rate; a rate alone gets
    its default code; both must agree. Raises InvalidVatRate / InvalidVatCode."""
    from axos_data.money import parse_vat_rate  # money imports nothing from here

    if rate in (None, "") and code not in (None, ""):
        chosen = parse_vat_code(code)
        return CODES[chosen].rate, chosen
    parsed = parse_vat_rate(rate)
    return parsed, parse_vat_code(code, parsed)


def codes_for_rate(rate: int) -> list[VatCode]:
    return [c for c in CODES.values() if c.rate == rate]


def sql_default_case(rate_column: str) -> str:
    """SQL CASE giving the default code of a rate column (for bulk inserts and migrations)."""
    whens = " ".join(f"WHEN {rate} THEN '{code}'" for rate, code in DEFAULT_FOR_RATE.items())
    return f"CASE {rate_column} {whens} END"


@dataclass(frozen=True)
class CodeLine:
    """Net base and VAT of one VAT code on one order."""

    code: str
    rate: int
    base: Decimal
    amount: Decimal


def breakdown_by_code(lines: Iterable[tuple[Decimal, int, str]]) -> tuple[CodeLine, ...]:
    """(line amount, VAT rate, VAT code) triples → base and VAT per code, in CODES order.

    Built on money.breakdown, so the sums are the order's to the øre: a taxed rate has one
    code, which gets that rate's VAT; 0 % codes split the 0 % base and have no VAT.
    """
    from axos_data.money import breakdown

    triples = list(lines)
    per_rate = {v.rate: v for v in breakdown((a, r) for a, r, _ in triples).vat}
    bases: dict[str, Decimal] = {}
    for amount, _rate, code in triples:
        bases[code] = bases.get(code, Decimal("0.00")) + amount
    result = []
    for code in CODES.values():
        if code.code not in bases:
            continue
        vat = per_rate[code.rate].amount if code.rate else Decimal("0.00")
        result.append(CodeLine(code.code, code.rate, bases[code.code], vat))
    return tuple(result)
