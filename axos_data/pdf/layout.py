"""The order confirmation (ordrebekreftelse) page by page: ConfirmationData in, PDF bytes out.

Pure: no database, no clock, no files; the same data always gives the same bytes. A4 portrait,
Norwegian labels. Page 1 carries seller, customer and order blocks; every page that shows order
lines repeats the column header; the totals, VAT per rate and payment block stay together; each
page ends with "Side X av Y".
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from axos_data.pdf import format as fmt
from axos_data.pdf.canvas import ACCENT, BAND, INK, MUTED, RULE, Canvas
from axos_data.pdf.data import ConfirmationData, Line

TITLE = "Ordrebekreftelse"
NO_LINES = "Ingen ordrelinjer"
LEFT, RIGHT = 18.0, 192.0
TOP, BOTTOM = 16.0, 276.0
FOOTER_RULE, FOOTER_BASE = 281.0, 285.5
PAD_X, PAD_Y = 1.5, 1.3
BODY, LEADING = 8.5, 3.75
# key, heading, width (mm), right-aligned
COLUMNS = (
    ("description", "Beskrivelse", 63.0, False),
    ("quantity", "Antall", 16.0, True),
    ("unit", "Enhet", 13.0, False),
    ("unit_price", "Enhetspris", 23.0, True),
    ("discount", "Rabatt %", 17.0, True),
    ("vat", "MVA %", 14.0, True),
    ("amount", "Beløp", 28.0, True),
)
AMOUNT_RIGHT = RIGHT - PAD_X
LOGO_HEIGHT, LOGO_WIDTH = 16.0, 80.0  # mm; the title takes the top right
CONTINUATION_TOP = TOP + 11  # where the table header starts on pages after the first
TABLE_CAPACITY = BOTTOM - CONTINUATION_TOP - 6.5


@dataclass(frozen=True)
class Document:
    pdf: bytes
    pages: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()


def render(data: ConfirmationData) -> Document:
    """The confirmation of one order as PDF bytes and its page count."""
    page = _Pages(data)
    page.first_page()
    page.lines()
    page.totals_and_payment()
    page.footers()
    pdf = page.canvas.output(
        title=f"{TITLE} {data.order_no}",
        author=data.seller.name,
        subject=f"{TITLE} {data.order_no} til {data.customer.name}",
        created=data.updated_at,
    )
    return Document(pdf=pdf, pages=len(page.canvas.pages))


def _cells(line: Line) -> dict[str, str]:
    return {
        "description": line.description,
        "quantity": fmt.quantity(line.quantity),
        "unit": line.unit,
        "unit_price": fmt.price(line.unit_price),
        "discount": fmt.discount(line.discount_pct),
        "vat": str(line.vat_rate),
        "amount": fmt.amount(line.amount),
    }


class _Pages:
    def __init__(self, data: ConfirmationData):
        self.data = data
        self.canvas = Canvas([*data.texts(), TITLE, NO_LINES])
        self.y = TOP
        self.section: str | None = None  # the group whose lines are being laid out

    # page furniture -------------------------------------------------------------------

    def first_page(self) -> None:
        c, d, s = self.canvas, self.data, self.data.seller
        c.add_page()
        c.text(RIGHT, TOP + 7, TITLE, size=20, bold=True, color=ACCENT, align="R")
        name_lines = c.wrap(s.name, 100, bold=True, size=13)
        y = TOP + 5
        if s.logo:
            y += self._logo(s.logo) + 2
        for text in name_lines:
            c.text(LEFT, y, text, size=13, bold=True, color=ACCENT)
            y += 5.5
        seller_lines = [s.address, f"{s.postcode} {s.city}", f"Org.nr. {s.orgnr}"]
        if s.in_foretaksregisteret:
            seller_lines.append("Foretaksregisteret")
        if s.email:
            seller_lines.append(s.email)
        for text in seller_lines:
            for part in c.wrap(text, 100, size=8.5):
                c.text(LEFT, y, part, size=8.5, color=MUTED)
                y += 3.9
        top = max(y, TOP + 30) + 6
        left_end = self._customer_block(top)
        right_end = self._order_block(top)
        self.y = max(left_end, right_end) + 5
        for text in c.wrap(f"Gjelder: {d.title}", RIGHT - LEFT, bold=True, size=10.5):
            self._room(5 + 3 + 6.5 + 6.5, table=False)  # keep the last line with the table
            c.text(LEFT, self.y + 3.5, text, size=10.5, bold=True)
            self.y += 5
        self.y += 3
        self._table_header()

    def _logo(self, content: bytes) -> float:
        """The logo at the top left, at most LOGO_HEIGHT high and LOGO_WIDTH wide (keeping its
        proportions); returns the height it takes."""
        from PIL import Image

        with Image.open(io.BytesIO(content)) as image:
            width, height = image.size
        h = LOGO_HEIGHT
        w = h * width / height
        if w > LOGO_WIDTH:
            w, h = LOGO_WIDTH, LOGO_WIDTH * height / width
        self.canvas.image(LEFT, TOP - 4, w, h, content)
        return h

    def _customer_block(self, top: float) -> float:
        c, cu = self.canvas, self.data.customer
        width = 86.0
        c.text(LEFT, top + 2.5, "KUNDE", size=7, bold=True, color=MUTED)
        y = top + 7.5
        for text in c.wrap(cu.name, width, bold=True, size=10):
            c.text(LEFT, y, text, size=10, bold=True)
            y += 4.6
        place = " ".join(p for p in (cu.postcode, cu.city) if p)
        rows = [cu.address, place, cu.country]
        rows.append(f"Org.nr. {cu.orgnr}" if cu.orgnr else None)
        for text in rows:
            for part in c.wrap(text or "", width, size=9) if text else ():
                c.text(LEFT, y, part, size=9)
                y += 4.2
        y += 1.5
        for label, value in (("Deres kontakt", cu.contact_name), ("Deres ref.", cu.reference)):
            if value:
                y = self._pair(LEFT, y, label, value, 25.0, width - 25.0)
        return y

    def _order_block(self, top: float) -> float:
        d = self.data
        x, label_w, value_w = 116.0, 27.0, RIGHT - 116.0 - 27.0
        rows = [
            ("Ordrenr.", str(d.order_no)),
            ("Ordredato", fmt.date(d.order_date)),
            ("Leveringsdato", fmt.date(d.delivery_date) if d.delivery_date else None),
            ("Vår kontakt", d.our_contact_name),
            ("E-post", d.our_contact_email),
            ("Prosjekt", d.project_name),
            ("Valuta", d.currency),
        ]
        self.canvas.rect(x - 3, top, RIGHT - x + 3, 1.0, ACCENT)
        y = top + 6
        for label, value in rows:
            if value:
                y = self._pair(x, y, label, value, label_w, value_w, bold_value=label == "Ordrenr.")
        return y

    def _pair(
        self,
        x: float,
        y: float,
        label: str,
        value: str,
        label_w: float,
        value_w: float,
        *,
        bold_value: bool = False,
    ) -> float:
        """A label and a value that wraps; returns the next baseline."""
        c = self.canvas
        c.text(x, y, label, size=8.5, color=MUTED)
        for part in c.wrap(value, value_w, bold=bold_value, size=8.5):
            c.text(x + label_w, y, part, size=8.5, bold=bold_value)
            y += 4.1
        return y

    def _continuation_page(self, *, table: bool) -> None:
        c, d = self.canvas, self.data
        c.add_page()
        c.text(LEFT, TOP + 4, f"{TITLE} {d.order_no} (forts.)", size=11, bold=True, color=ACCENT)
        size = c.fit(d.customer.name, 90, size=9)
        c.text(RIGHT, TOP + 4, d.customer.name, size=size, color=MUTED, align="R")
        c.line(LEFT, TOP + 7, RIGHT, TOP + 7, RULE, 0.3)
        self.y = CONTINUATION_TOP
        if table:
            self._table_header()
            if self.section is not None:
                title = f"{self.section} (forts.)"
                size = c.fit(title, RIGHT - LEFT - 2 * PAD_X, bold=True, size=8)
                c.text(LEFT + PAD_X, self.y + 4.2, title, size=size, bold=True, color=MUTED)
                self.y += 6

    def _table_header(self) -> None:
        c = self.canvas
        height = 6.5
        c.rect(LEFT, self.y, RIGHT - LEFT, height, BAND)
        x = LEFT
        for _, heading, width, right in COLUMNS:
            if right:
                c.text(x + width - PAD_X, self.y + 4.3, heading, size=7.5, bold=True, align="R")
            else:
                c.text(x + PAD_X, self.y + 4.3, heading, size=7.5, bold=True)
            x += width
        self.y += height

    def _room(self, height: float, *, table: bool = True) -> None:
        if self.y + height > BOTTOM:
            self._continuation_page(table=table)

    def footers(self) -> None:
        c, d, s = self.canvas, self.data, self.data.seller
        total = len(c.pages)
        left = f"{TITLE} {d.order_no} · {s.name} · Org.nr. {s.orgnr}"
        if s.in_foretaksregisteret:
            left += " · Foretaksregisteret"
        size = c.fit(left, RIGHT - LEFT - 30, size=7.5)
        for index in range(total):
            c.select_page(index)
            c.line(LEFT, FOOTER_RULE, RIGHT, FOOTER_RULE, RULE, 0.3)
            c.text(LEFT, FOOTER_BASE, left, size=size, color=MUTED)
            c.text(RIGHT, FOOTER_BASE, f"Side {index + 1} av {total}", size=7.5, align="R")

    # order lines ------------------------------------------------------------------------

    def lines(self) -> None:
        if self.data.line_count == 0:
            self._row({"description": NO_LINES}, color=MUTED)
            return
        for section in self.data.sections:
            rows = [self._layout_row(_cells(line)) for line in section.lines]
            if section.title is not None:
                first = min(rows[0][0], TABLE_CAPACITY) if rows else 0
                self._room(7.5 + first)
                c = self.canvas
                for text in c.wrap(section.title, RIGHT - LEFT - 2 * PAD_X, bold=True, size=9):
                    c.text(LEFT + PAD_X, self.y + 5, text, size=9, bold=True, color=ACCENT)
                    self.y += 4.5
                self.y += 3
            self.section = section.title
            for row in rows:
                self._draw_row(row)
            if section.title is not None:
                self._subtotal(section.title, section.subtotal)
            self.section = None

    def _layout_row(self, cells: dict[str, str]) -> tuple[float, list[tuple]]:
        """(height, [(x, right-aligned, lines, size)]) for one table row."""
        c = self.canvas
        laid = []
        x = LEFT
        for key, _, width, right in COLUMNS:
            text, inner = cells.get(key, ""), width - 2 * PAD_X
            if right:
                # Numbers stay on one line: shrink rather than wrap.
                size = c.fit(text, inner, size=BODY)
                parts = c.wrap(text, inner, size=size)
            else:
                size, parts = BODY, c.wrap(text, inner, size=BODY)
            laid.append((x, width, right, parts, size))
            x += width
        height = max(len(parts) for *_, parts, _ in laid) * LEADING + 2 * PAD_Y
        return height, laid

    def _row(self, cells: dict[str, str], *, color=INK) -> None:
        self._draw_row(self._layout_row(cells), color=color)

    def _draw_row(self, row: tuple[float, list[tuple]], *, color=INK) -> None:
        height, laid = row
        c = self.canvas
        total = max(len(parts) for *_, parts, _ in laid)
        start = 0
        while start < total:
            remaining = total - start
            fits = int((BOTTOM - self.y - 2 * PAD_Y) // LEADING)
            if remaining > fits and (fits < 1 or (start == 0 and height <= TABLE_CAPACITY)):
                self._continuation_page(table=True)
                continue
            # A row taller than a whole page fills this one and goes on on the next.
            count = min(remaining, fits)
            for x, width, right, parts, size in laid:
                base = self.y + PAD_Y + 2.8
                for text in parts[start : start + count]:
                    if right:
                        c.text(x + width - PAD_X, base, text, size=size, color=color, align="R")
                    else:
                        c.text(x + PAD_X, base, text, size=size, color=color)
                    base += LEADING
            self.y += count * LEADING + 2 * PAD_Y
            c.line(LEFT, self.y, RIGHT, self.y, RULE, 0.15)
            start += count

    def _subtotal(self, title: str, amount) -> None:
        self._room(6.5)
        c = self.canvas
        label = f"Sum {title}"
        value_x = RIGHT - COLUMNS[-1][2]
        size = c.fit(label, value_x - LEFT - 4, bold=True, size=BODY)
        c.text(value_x - PAD_X, self.y + 4.3, label, size=size, bold=True, align="R")
        c.text(AMOUNT_RIGHT, self.y + 4.3, fmt.amount(amount), size=BODY, bold=True, align="R")
        self.y += 8

    # totals and payment -----------------------------------------------------------------

    def totals_and_payment(self) -> None:
        t = self.data.totals
        height = 31 + 5 * len(t.vat) + 6
        self._room(max(height, 42) + 6, table=False)
        top = self.y + 6
        self._totals(top)
        self._payment(top)

    def _totals(self, top: float) -> None:
        c, d, t = self.canvas, self.data, self.data.totals
        x, base_right = 106.0, AMOUNT_RIGHT - 30

        def row(y: float, label: str, value, base=None, *, size=9.0, bold=False) -> None:
            c.text(x, y, label, size=size, bold=bold)
            if base is not None:
                text = fmt.amount(base)
                fitted = c.fit(text, base_right - x - 18, size=size)
                c.text(base_right, y, text, size=fitted, align="R")
            text = fmt.amount(value)
            width = AMOUNT_RIGHT - (base_right if base is not None else x + 32) - 2
            fitted = c.fit(text, width, bold=bold, size=size)
            c.text(AMOUNT_RIGHT, y, text, size=fitted, bold=bold, align="R")

        y = top + 4
        row(y, "Sum eks. MVA", t.net)
        if t.vat:
            y += 5.5
            c.text(base_right, y, "Grunnlag", size=7, color=MUTED, align="R")
            c.text(AMOUNT_RIGHT, y, "MVA", size=7, color=MUTED, align="R")
        for vat in t.vat:
            y += 4.6
            row(y, f"MVA {vat.rate} %", vat.amount, vat.base)
        y += 5.5
        row(y, "Sum MVA", t.vat_total)
        y += 3
        c.line(x, y, RIGHT, y, ACCENT, 0.4)
        y += 5.5
        row(y, f"Å betale ({d.currency})", t.total, size=11, bold=True)

    def _payment(self, top: float) -> None:
        c, d = self.canvas, self.data
        x, width = LEFT, 80.0
        c.rect(x, top, width, 6.5, BAND)
        c.text(x + 2, top + 4.5, "Betalingsinformasjon", size=9, bold=True, color=ACCENT)
        y = top + 11
        rows = (
            ("Betalingsbetingelser", fmt.payment_terms(d.payment_terms_days)),
            ("Kontonummer", d.seller.bank_account),
            ("KID", d.kid),
            ("Referanse", f"Ordrenr. {d.order_no}"),
        )
        for label, value in rows:
            y = self._pair(x + 2, y, label, value, 33.0, width - 35.0, bold_value=label == "KID")
        y += 1.5
        note = "Faktura sendes separat. Oppgi KID ved betaling."
        for text in c.wrap(note, width - 4, size=7.5):
            c.text(x + 2, y, text, size=7.5, color=MUTED)
            y += 3.5
