"""A large Excel sheet written fast: the data rows as XML text, the rest of the book by xlsxwriter.

xlsxwriter's cell API costs about 10 µs a cell, which was 14 s of a 10,000-order invoice export
(50,000 lines × 34 columns). Here xlsxwriter still writes the workbook: styles, theme, the
header row, the sheet view with its frozen pane, plus one probe row with a cell of each format,
which tells the style index it gave each format. The data rows are written as the XML that
xlsxwriter's constant_memory mode writes for the same calls (inline strings, numbers as %.16G,
dates as serial day numbers, control characters as _xHHHH_), into a temporary file that
replaces the probe row when the book is closed.

One difference, on purpose: xlsxwriter writes a text that starts with `<r>` and ends with
`</r>` unescaped (as rich-text XML); here every text is escaped, so such a text is shown as
typed instead of breaking the file.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
import zipfile
from decimal import Decimal
from pathlib import Path

from axos_data import spreadsheet

NUMBER_FORMATS = {"dec2": "0.00", "dec3": "0.000", "dec4": "0.00##", "date": "yyyy-mm-dd"}
PROBE_ROW = 2  # the template's row of probe cells, replaced by the data
MAX_ROWS = 1_048_576  # Excel's limit; xlsxwriter drops cells beyond it, and so does this
MAX_TEXT = 32_767  # UTF-16 units in a cell; longer text is cut, as xlsxwriter does
_EXCEL_EPOCH = dt.date(1899, 12, 31).toordinal()
_ROW = "\x00"  # stands for the row number in a row's cells (never left in escaped text)

# xlsxwriter's escaping of inline strings (xmlwriter.py / worksheet.py, version 3.x).
_ESCAPED_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")
_NEEDS_ESCAPE = re.compile('["&<>\n]')
_EDGE_SPACE = re.compile(r"^\s|\s$")


def column_letters(count: int) -> list[str]:
    letters = []
    for index in range(count):
        name, n = "", index + 1
        while n:
            n, rest = divmod(n - 1, 26)
            name = chr(65 + rest) + name
        letters.append(name)
    return letters


def excel_serial(day: dt.date) -> int:
    """Excel's day number (1900 system, with its 29 February 1900 that never was)."""
    serial = day.toordinal() - _EXCEL_EPOCH
    return serial + 1 if serial > 59 else serial


def inline_text(text: str) -> tuple[str, bool]:
    """(the text as an inline string's XML, whether it needs xml:space="preserve")."""
    if len(text) > MAX_TEXT // 2 and len(text.encode("utf-16-le", "surrogatepass")) > 2 * MAX_TEXT:
        text = _cut_utf16(text, MAX_TEXT)
    text = _ESCAPED_ESCAPE.sub(r"_x005F\1", text)
    text = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", text)
    text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    preserve = bool(_EDGE_SPACE.search(text))
    if _NEEDS_ESCAPE.search(text):
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text, preserve


def _cut_utf16(text: str, limit: int) -> str:
    length = 0
    for index, char in enumerate(text):
        length += 2 if ord(char) > 0xFFFF else 1
        if length > limit:
            return text[:index]
    return text


class StreamedSheet:
    """One sheet: a bold header row, frozen below, then rows of (name, kind) columns.

    kind: text, int, date, dec2, dec3, dec4. A decimal a double holds exactly is a number with
    the kind's format, else text; a text a spreadsheet could run as a formula is written with
    the quote prefix (shown as text). None leaves the cell empty. Rows are dicts; the leading
    `shared` columns are formatted once per run of rows with the same first column's value."""

    def __init__(self, path: Path, columns: list[tuple[str, str]], sheet_name: str, shared=0):
        self._path = Path(path)
        self._kinds = [kind for _, kind in columns]
        self._names = [name for name, _ in columns]
        self._letters = column_letters(len(columns))
        self._shared = shared
        self._rows = tempfile.TemporaryFile()  # noqa: SIM115 (closed in close())
        self._last_row = 1  # the header
        self._template, self._styles = _template(self._path, self._names, sheet_name)

    def write(self, rows: list[dict]) -> None:
        names, shared, cell = self._names, self._shared, self._cell
        key, prefix, out = object(), "", []
        number = self._last_row
        for row in rows:
            if number >= MAX_ROWS:
                break
            number += 1
            if shared and row.get(names[0]) != key:
                key = row.get(names[0])
                prefix = "".join(cell(i, row.get(names[i])) for i in range(shared))
            own = "".join(cell(i, row.get(names[i])) for i in range(shared, len(names)))
            out.append(f'<row r="{_ROW}">{prefix}{own}</row>'.replace(_ROW, str(number)))
        self._last_row = number
        self._rows.write("".join(out).encode("utf-8"))

    def _cell(self, index: int, value: object) -> str:
        if value is None:
            return ""
        kind, where = self._kinds[index], f'<c r="{self._letters[index]}{_ROW}"'
        if kind == "date":
            return f'{where} s="{self._styles["date"]}"><v>{excel_serial(value)}</v></c>'
        if isinstance(value, Decimal) and Decimal(repr(float(value))) == value:
            return f'{where} s="{self._styles[kind]}"><v>{float(value):.16G}</v></c>'
        if isinstance(value, int):
            return f"{where}><v>{value:.16G}</v></c>"
        text = f"{value:f}" if isinstance(value, Decimal) else str(value)
        style = f' s="{self._styles["quoted"]}"' if spreadsheet.starts_like_formula(text) else ""
        body, preserve = inline_text(text)
        space = ' xml:space="preserve"' if preserve else ""
        return f'{where}{style} t="inlineStr"><is><t{space}>{body}</t></is></c>'

    def close(self) -> None:
        """Write the book: the template's parts, its sheet with the data rows spliced in."""
        try:
            with zipfile.ZipFile(self._template) as template:
                sheet = template.read("xl/worksheets/sheet1.xml").decode("utf-8")
                start = sheet.index(f'<row r="{PROBE_ROW}"')
                end = sheet.index("</row>", start) + len("</row>")
                last = f"{self._letters[-1]}{self._last_row}"
                head = re.sub(
                    r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{last}"/>', sheet[:start]
                )
                with zipfile.ZipFile(self._path, "w", zipfile.ZIP_DEFLATED) as book:
                    for info in template.infolist():
                        if info.filename != "xl/worksheets/sheet1.xml":
                            book.writestr(info, template.read(info))
                            continue
                        size = self._rows.tell()
                        with book.open(info, "w", force_zip64=size > 1 << 30) as part:
                            part.write(head.encode("utf-8"))
                            self._rows.seek(0)
                            shutil.copyfileobj(self._rows, part, 1 << 20)
                            part.write(sheet[end:].encode("utf-8"))
        finally:
            self._rows.close()
            self._template.unlink(missing_ok=True)


def _template(path: Path, names: list[str], sheet_name: str) -> tuple[Path, dict[str, int]]:
    """The workbook without data (beside `path`), and the style index of each format."""
    import xlsxwriter

    template = path.with_name(f".{path.name}.template")
    book = xlsxwriter.Workbook(
        str(template),
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
    )
    sheet = book.add_worksheet(sheet_name)
    formats = {kind: book.add_format({"num_format": f}) for kind, f in NUMBER_FORMATS.items()}
    formats["quoted"] = book.add_format({"quote_prefix": True})
    bold = book.add_format({"bold": True})
    for c, name in enumerate(names):
        sheet.write_string(0, c, name, bold)
    sheet.freeze_panes(1, 0)
    for c, cell_format in enumerate(formats.values()):
        sheet.write_number(PROBE_ROW - 1, c, 0, cell_format)
    book.close()
    with zipfile.ZipFile(template) as done:
        sheet_xml = done.read("xl/worksheets/sheet1.xml").decode("utf-8")
    probe = re.search(f'<row r="{PROBE_ROW}".*?</row>', sheet_xml).group(0)
    letters = column_letters(len(formats))
    styles = dict(re.findall(r'<c r="([A-Z]+)\d+" s="(\d+)"', probe))
    return template, {kind: int(styles[letters[c]]) for c, kind in enumerate(formats)}
