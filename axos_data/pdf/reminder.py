"""The reminder (purring) of an overdue order as one A4 page: seller, customer, the original
amount, what is paid, the rest, the new due date and the KID.

Pure like layout.py: ReminderData in, PDF bytes out. It draws with the confirmation's canvas,
fonts and measures (canvas.py, layout.py), so both documents look like one company's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from axos_data.pdf import format as fmt
from axos_data.pdf.canvas import ACCENT, BAND, MUTED, RULE, Canvas
from axos_data.pdf.data import ConfirmationData
from axos_data.pdf.layout import (
    AMOUNT_RIGHT,
    FOOTER_BASE,
    FOOTER_RULE,
    LEFT,
    RIGHT,
    TOP,
    Document,
)

TITLE = "Purring"


@dataclass(frozen=True)
class ReminderData:
    order: ConfirmationData  # seller, customer, title, KID, currency of the order
    number: int  # 1 for the first reminder of the order, 2 for the second …
    reminded_on: dt.date
    invoiced_on: dt.date
    previous_due: dt.date
    new_due: dt.date
    total: Decimal
    paid: Decimal

    @property
    def rest(self) -> Decimal:
        return self.total - self.paid

    def texts(self) -> list[str]:
        return [*self.order.texts(), *self._body()]

    def _body(self) -> list[str]:
        due = fmt.date(self.previous_due)
        return [
            f"Vi kan ikke se å ha mottatt full betaling for ordre {self.order.order_no}, som"
            f" forfalt {due}. Vennligst betal restbeløpet innen {fmt.date(self.new_due)}."
            " Bruk KID ved betaling.",
            "Har du betalt i løpet av de siste dagene, kan du se bort fra denne purringen.",
        ]


def file_name(order_no: int, number: int) -> str:
    return f"purring-{order_no}-{number}.pdf"


def render_reminder(data: ReminderData) -> Document:
    c = Canvas([*data.texts(), TITLE])
    c.add_page()
    o, s, cu = data.order, data.order.seller, data.order.customer
    title = TITLE if data.number == 1 else f"{data.number}. gangs purring"
    c.text(RIGHT, TOP + 7, title, size=20, bold=True, color=ACCENT, align="R")
    y = TOP + 5
    for text in c.wrap(s.name, 100, bold=True, size=13):
        c.text(LEFT, y, text, size=13, bold=True, color=ACCENT)
        y += 5.5
    for value in (s.address, f"{s.postcode} {s.city}", f"Org.nr. {s.orgnr}", s.email):
        for text in c.wrap(value, 100, size=8.5) if value else ():
            c.text(LEFT, y, text, size=8.5, color=MUTED)
            y += 3.9
    top = max(y, TOP + 30) + 6
    c.text(LEFT, top + 2.5, "KUNDE", size=7, bold=True, color=MUTED)
    left = top + 7.5
    for text in c.wrap(cu.name, 86, bold=True, size=10):
        c.text(LEFT, left, text, size=10, bold=True)
        left += 4.6
    place = " ".join(p for p in (cu.postcode, cu.city) if p)
    for value in (cu.address, place, cu.country, cu.orgnr and f"Org.nr. {cu.orgnr}"):
        for text in c.wrap(value, 86, size=9) if value else ():
            c.text(LEFT, left, text, size=9)
            left += 4.2
    x = 116.0
    c.rect(x - 3, top, RIGHT - x + 3, 1.0, ACCENT)
    right = top + 6
    pairs = [
        ("Ordrenr.", str(o.order_no)),
        ("Fakturert", fmt.date(data.invoiced_on)),
        ("Forfalt", fmt.date(data.previous_due)),
        ("Purredato", fmt.date(data.reminded_on)),
        ("Ny forfallsdato", fmt.date(data.new_due)),
        ("Vår kontakt", o.our_contact_name),
    ]
    for label, value in pairs:
        c.text(x, right, label, size=8.5, color=MUTED)
        bold = label in ("Ordrenr.", "Ny forfallsdato")
        size = c.fit(value, RIGHT - x - 27, bold=bold, size=8.5)
        c.text(x + 27, right, value, size=size, bold=bold)
        right += 4.1
    y = max(left, right) + 6
    for text in c.wrap(f"Gjelder: {o.title}", RIGHT - LEFT, bold=True, size=10.5):
        c.text(LEFT, y, text, size=10.5, bold=True)
        y += 5
    y += 2
    for paragraph in data._body():
        for text in c.wrap(paragraph, RIGHT - LEFT, size=9.5):
            c.text(LEFT, y, text, size=9.5)
            y += 4.6
        y += 2
    y = _amounts(c, data, y + 4)
    _payment(c, data, y + 8)
    footer = f"{TITLE} · ordre {o.order_no} · {s.name} · Org.nr. {s.orgnr}"
    c.line(LEFT, FOOTER_RULE, RIGHT, FOOTER_RULE, RULE, 0.3)
    c.text(LEFT, FOOTER_BASE, footer, size=c.fit(footer, RIGHT - LEFT - 30, size=7.5), color=MUTED)
    c.text(RIGHT, FOOTER_BASE, "Side 1 av 1", size=7.5, align="R")
    pdf = c.output(
        title=f"{TITLE} ordre {o.order_no}",
        author=s.name,
        subject=f"{TITLE} ordre {o.order_no} til {cu.name}",
        created=dt.datetime.combine(data.reminded_on, dt.time(12), tzinfo=dt.UTC),
    )
    return Document(pdf=pdf, pages=len(c.pages))


def _amounts(c: Canvas, data: ReminderData, top: float) -> float:
    x = 106.0
    c.rect(x, top, RIGHT - x, 6.5, BAND)
    c.text(x + 2, top + 4.5, "Beløp", size=9, bold=True, color=ACCENT)
    y = top + 12
    rows = [
        ("Opprinnelig beløp", data.total, False),
        ("Innbetalt", data.paid, False),
    ]
    for label, value, bold in rows:
        c.text(x + 2, y, label, size=9, bold=bold)
        c.text(AMOUNT_RIGHT, y, fmt.amount(value), size=9, bold=bold, align="R")
        y += 5.5
    c.line(x, y - 2.5, RIGHT, y - 2.5, ACCENT, 0.4)
    y += 3
    label = f"Å betale ({data.order.currency})"
    c.text(x + 2, y, label, size=11, bold=True)
    c.text(AMOUNT_RIGHT, y, fmt.amount(data.rest), size=11, bold=True, align="R")
    return y


def _payment(c: Canvas, data: ReminderData, top: float) -> None:
    o = data.order
    width = RIGHT - LEFT
    c.rect(LEFT, top, width, 6.5, BAND)
    c.text(LEFT + 2, top + 4.5, "Betalingsinformasjon", size=9, bold=True, color=ACCENT)
    y = top + 11
    rows = (
        ("Kontonummer", o.seller.bank_account),
        ("KID", o.kid),
        ("Å betale", f"{fmt.amount(data.rest)} {o.currency}"),
        ("Forfallsdato", fmt.date(data.new_due)),
    )
    for label, value in rows:
        c.text(LEFT + 2, y, label, size=9, color=MUTED)
        c.text(LEFT + 37, y, value, size=9, bold=label in ("KID", "Forfallsdato"))
        y += 4.6
