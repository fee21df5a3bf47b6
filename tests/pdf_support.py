"""Reading generated confirmation PDFs back in tests: text per page, printed amounts."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from decimal import Decimal

from pypdf import PdfReader

AMOUNT = r"−?\d{1,3}(?: \d{3})*,\d{2}"


def pages_text(pdf: bytes) -> list[str]:
    """Extracted text of each page, with no-break spaces and minus signs made plain."""
    reader = PdfReader(io.BytesIO(pdf))
    return [norm(page.extract_text()) for page in reader.pages]


def norm(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def amount(text: str) -> Decimal:
    """1 234,50 / −12,00 as printed → Decimal."""
    return Decimal(text.replace(" ", "").replace(",", ".").replace("−", "-"))


@dataclass
class Printed:
    net: Decimal
    vat: dict[int, tuple[Decimal, Decimal]]
    vat_total: Decimal
    total: Decimal
    currency: str


def printed_totals(text: str) -> Printed:
    """The totals block as printed on the last page."""
    net = re.search(rf"Sum eks\. MVA ({AMOUNT})", text)
    vat_total = re.search(rf"Sum MVA ({AMOUNT})", text)
    total = re.search(rf"Å betale \((\w+)\) ({AMOUNT})", text)
    assert net and vat_total and total, text
    vat = {
        int(rate): (amount(base), amount(value))
        for rate, base, value in re.findall(rf"MVA (\d+) % ({AMOUNT}) ({AMOUNT})", text)
    }
    return Printed(
        amount(net.group(1)),
        vat,
        amount(vat_total.group(1)),
        amount(total.group(2)),
        total.group(1),
    )
