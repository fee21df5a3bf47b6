"""A small drawing layer over fpdf2: measure and wrap text, collect pages of drawing operations,
then paint them.

The document is planned first and painted afterwards, so the footer of every page can say how
many pages there are, and nothing depends on fpdf2's own line breaking (multi_cell is slow and
cannot repeat a table header).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Iterable

from fpdf import FPDF

from axos_data.pdf import embed, fonts

LOGGER = logging.getLogger(__name__)
PT = 25.4 / 72  # millimetres per point

Color = tuple[int, int, int]
INK: Color = (33, 37, 41)
MUTED: Color = (96, 104, 112)
ACCENT: Color = (24, 62, 104)
RULE: Color = (200, 206, 212)
BAND: Color = (232, 237, 243)


class Canvas:
    """Pages of operations in millimetres (origin top left); text positions are baselines."""

    def __init__(self, texts: Iterable[str]):
        self.pdf = FPDF(unit="mm", format="A4")
        self.pdf.set_auto_page_break(False)
        self.pdf.set_margins(0, 0, 0)
        chars = set()
        for text in texts:
            chars.update(text)
        loaded = fonts.add_fonts(self.pdf)
        self._widths = {False: loaded[""].cw, True: loaded["B"].cw}
        # fpdf2 silently leaves out characters its font lacks; print � instead, so the reader
        # sees that something is there, and say which ones in the log.
        missing = sorted(
            c for c in chars - {"\n"} if any(ord(c) not in f.cmap for f in loaded.values())
        )
        self._replace = str.maketrans(dict.fromkeys(missing, "\ufffd")) if missing else None
        if missing:
            LOGGER.warning(
                "DejaVu Sans has no glyph for %s; printed as U+FFFD",
                ", ".join(f"U+{ord(c):04X}" for c in missing[:10]),
            )
        self.pages: list[list[tuple]] = []
        self._ops: list[tuple] = []

    # measuring --------------------------------------------------------------------------

    def printable(self, text: str) -> str:
        return text.translate(self._replace) if self._replace else text

    def width(self, text: str, *, bold: bool = False, size: float) -> float:
        text = self.printable(text)
        cw = self._widths[bold]
        return sum(cw[ord(c)] for c in text) * size * PT / 1000

    def wrap(self, text: str, width: float, *, bold: bool = False, size: float) -> list[str]:
        """Lines of at most `width` mm: words wrap, a word longer than a line is split."""
        lines: list[str] = []
        text = self.printable(text)
        space = self.width(" ", bold=bold, size=size)
        for paragraph in text.split("\n"):
            current, current_w = "", 0.0
            for word in paragraph.split():
                word_w = self.width(word, bold=bold, size=size)
                if current and current_w + space + word_w <= width:
                    current, current_w = f"{current} {word}", current_w + space + word_w
                    continue
                if current:
                    lines.append(current)
                while word_w > width and len(word) > 1:
                    head = self._longest_prefix(word, width, bold, size)
                    lines.append(head)
                    word = word[len(head) :]
                    # Subtract, not re-measure: re-measuring the rest made a 100,000-character
                    # word take half a minute (quadratic).
                    word_w -= self.width(head, bold=bold, size=size)
                current, current_w = word, word_w
            lines.append(current)
        return lines or [""]

    def _longest_prefix(self, word: str, width: float, bold: bool, size: float) -> str:
        cw = self._widths[bold]
        limit = width * 1000 / (size * PT)
        total = 0
        for i, c in enumerate(word):
            total += cw[ord(c)]
            if total > limit:
                return word[: max(i, 1)]
        return word

    def fit(self, text: str, width: float, *, bold: bool = False, size: float) -> float:
        """The font size (at most `size`) at which `text` fits on one line of `width` mm."""
        needed = self.width(text, bold=bold, size=size)
        return size if needed <= width else max(4.0, size * width / needed * 0.98)

    # collecting -------------------------------------------------------------------------

    def add_page(self) -> None:
        self._ops = []
        self.pages.append(self._ops)

    def select_page(self, index: int) -> None:
        """Draw on an earlier page (0-based), e.g. its footer once the page count is known."""
        self._ops = self.pages[index]

    def text(
        self,
        x: float,
        y: float,
        text: str,
        *,
        size: float,
        bold: bool = False,
        color: Color = INK,
        align: str = "L",
    ) -> None:
        """Text with its baseline at y; align R puts its end at x, C its middle."""
        if not text:
            return
        text = self.printable(text)
        if align != "L":
            w = self.width(text, bold=bold, size=size)
            x -= w if align == "R" else w / 2
        self._ops.append(("t", x, y, text, bold, size, color))

    def image(self, x: float, y: float, w: float, h: float, content: bytes) -> None:
        """A PNG or JPEG placed in the box (x, y, w, h) in mm."""
        self._ops.append(("i", x, y, w, h, content))

    def rect(self, x: float, y: float, w: float, h: float, color: Color) -> None:
        self._ops.append(("r", x, y, w, h, color))

    def line(self, x1: float, y1: float, x2: float, y2: float, color: Color, width: float) -> None:
        self._ops.append(("l", x1, y1, x2, y2, color, width))

    # painting ---------------------------------------------------------------------------

    def output(self, *, title: str, author: str, subject: str, created: dt.datetime) -> bytes:
        pdf = self.pdf
        pdf.set_title(title)
        pdf.set_author(author)
        pdf.set_subject(subject)
        pdf.set_creator("Axos Ordre")
        pdf.set_lang("nb-NO")
        # The order's last change, not the clock: the same order version gives the same bytes.
        pdf.set_creation_date(created)
        state: dict[str, object] = {}
        for ops in self.pages:
            pdf.add_page()
            state.clear()
            for op in ops:
                self._paint(op, state)
        return embed.output(pdf)

    def _paint(self, op: tuple, state: dict[str, object]) -> None:
        pdf = self.pdf
        kind = op[0]
        if kind == "t":
            _, x, y, text, bold, size, color = op
            if state.get("font") != (bold, size):
                pdf.set_font(fonts.FAMILY, "B" if bold else "", size)
                state["font"] = (bold, size)
            if state.get("text") != color or state.get("fill") != color:
                # Same fill and text colour: fpdf2 then writes no colour change per text.
                pdf.set_text_color(*color)
                pdf.set_fill_color(*color)
                state["text"] = state["fill"] = color
            pdf.text(x, y, text)
        elif kind == "i":
            _, x, y, w, h, content = op
            pdf.image(io.BytesIO(content), x=x, y=y, w=w, h=h)
        elif kind == "r":
            _, x, y, w, h, color = op
            if state.get("fill") != color:
                pdf.set_fill_color(*color)
                state["fill"] = color
            pdf.rect(x, y, w, h, style="F")
        else:
            _, x1, y1, x2, y2, color, width = op
            if state.get("draw") != (color, width):
                pdf.set_draw_color(*color)
                pdf.set_line_width(width)
                state["draw"] = (color, width)
            pdf.line(x1, y1, x2, y2)
