"""The bundled DejaVu Sans fonts and what each document embeds of them.

fonts/DejaVuSans.ttf and DejaVuSans-Bold.ttf are the unchanged Debian fonts-dejavu-core 2.37
files (licence: fonts/LICENSE-DejaVu.txt): Latin with every Sami letter, Greek, Cyrillic,
Armenian, Georgian, Hebrew, Arabic (unshaped) and more. fpdf2 would parse and subset them
with fontTools for every document: about 30 ms per font, more than a whole confirmation
may take. Here each process parses each font once (FontProgram, about 50 ms), and a document
embeds the font's tables with the outlines of the glyphs it does not use removed
(FontProgram.embeddable: byte copying, glyph ids unchanged), without the tables only text
shaping needs. Characters DejaVu Sans lacks (CJK, for one) print as � (canvas.py logs which).
"""

from __future__ import annotations

import copy
import struct
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FAMILY = "dejavu"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
LICENSE_FILE = FONT_DIR / "LICENSE-DejaVu.txt"
# What a PDF viewer needs of an embedded TrueType CID font: outlines, metrics, hinting.
EMBEDDED_TABLES = (
    "OS/2", "cmap", "cvt ", "fpgm", "gasp", "glyf", "head", "hhea", "hmtx", "loca", "maxp",
    "name", "post", "prep",
)  # fmt: skip


def font_path(style: str) -> Path:
    return FONT_DIR / FONT_FILES[style]


class FontProgram:
    """One bundled font: fpdf2's metrics for it, and its tables to embed per document."""

    def __init__(self, style: str):
        path = font_path(style)
        self.template = TTFFont(FPDF(), path, FAMILY + style, style)
        ttfont = self.template.ttfont
        self.glyph_ids = {name: gid for gid, name in enumerate(ttfont.getGlyphOrder())}
        self.cmap = frozenset(self.template.cmap)
        tables = _read_tables(path.read_bytes())
        self.tables = {tag: data for tag, data in tables.items() if tag in EMBEDDED_TABLES}
        # Glyph names (62 kB) and the licence text in 'name' (15 kB) serve no viewer.
        self.tables["post"] = struct.pack(">I", 0x00030000) + tables["post"][4:32]
        name = ttfont["name"]
        name.names = [record for record in name.names if record.nameID in (1, 2, 3, 4, 5, 6)]
        self.tables["name"] = name.compile(ttfont)
        self.num_glyphs = struct.unpack(">H", tables["maxp"][4:6])[0]
        self.long_metrics = struct.unpack(">H", tables["hhea"][34:36])[0]
        loca = tables["loca"]
        if struct.unpack(">h", tables["head"][50:52])[0] == 1:
            offsets = struct.unpack(f">{self.num_glyphs + 1}I", loca)
        else:
            offsets = [2 * v for v in struct.unpack(f">{self.num_glyphs + 1}H", loca)]
        glyf = tables["glyf"]
        self.outlines = [glyf[offsets[g] : offsets[g + 1]] for g in range(self.num_glyphs)]
        self.checksums = {tag: _checksum(data) for tag, data in self.tables.items()}
        self.components = {
            gid: _components(outline) for gid, outline in enumerate(self.outlines) if outline
        }

    def new_font(self, pdf: FPDF) -> TTFFont:
        """A TTFFont for one document: shared metrics, its own subset and descriptor."""
        font = copy.copy(self.template)
        font.i = len(pdf.fonts) + 1
        font.desc = copy.copy(self.template.desc)
        font.missing_glyphs = []
        font.biggest_size_pt = 0
        font.subset = SubsetMap(font)
        return font

    def embeddable(self, glyph_ids: Iterable[int]) -> bytes:
        """The font with only these glyphs' outlines and metrics (and their components)."""
        keep = {0}
        todo = list(glyph_ids)
        while todo:
            gid = todo.pop()
            if gid not in keep and 0 <= gid < self.num_glyphs:
                keep.add(gid)
                todo.extend(self.components.get(gid, ()))
        hmtx_in = self.tables["hmtx"]
        hmtx = bytearray(len(hmtx_in))
        parts, offsets, position, following = [], [], 0, 0
        for gid in sorted(keep):
            # loca: glyphs left out start (and end) where the next kept outline starts
            offsets.extend([position] * (gid - following + 1))
            outline = self.outlines[gid]
            padded = outline + b"\0" * (-len(outline) % 4)
            parts.append(padded)
            position += len(padded)
            following = gid + 1
            if gid < self.long_metrics:
                hmtx[4 * gid : 4 * gid + 4] = hmtx_in[4 * gid : 4 * gid + 4]
            else:
                at = 4 * self.long_metrics + 2 * (gid - self.long_metrics)
                hmtx[at : at + 2] = hmtx_in[at : at + 2]
        offsets.extend([position] * (self.num_glyphs + 1 - following))
        short = position <= 0x1FFFE  # outlines are 4-byte aligned, so offsets / 2 are exact
        tables = dict(self.tables)
        tables["glyf"] = b"".join(parts)
        if short:
            tables["loca"] = struct.pack(f">{len(offsets)}H", *(o // 2 for o in offsets))
        else:
            tables["loca"] = struct.pack(f">{len(offsets)}I", *offsets)
        tables["hmtx"] = bytes(hmtx)
        head = bytearray(self.tables["head"])
        head[8:12] = b"\0\0\0\0"  # checkSumAdjustment, set by _write_sfnt
        head[50:52] = struct.pack(">h", 0 if short else 1)
        tables["head"] = bytes(head)
        checksums = dict(self.checksums)
        for tag in ("glyf", "loca", "hmtx", "head"):
            checksums[tag] = _checksum(tables[tag])
        return _write_sfnt(tables, checksums)


def _components(outline: bytes) -> tuple[int, ...]:
    """Glyph ids a composite glyph is built from (accented letters: base + accent)."""
    if struct.unpack(">h", outline[0:2])[0] >= 0:
        return ()
    found, pos = [], 10
    while True:
        flags, gid = struct.unpack(">HH", outline[pos : pos + 4])
        found.append(gid)
        pos += 4 + (4 if flags & 0x0001 else 2)
        if flags & 0x0008:
            pos += 2
        elif flags & 0x0040:
            pos += 4
        elif flags & 0x0080:
            pos += 8
        if not flags & 0x0020:
            return tuple(found)


def _read_tables(data: bytes) -> dict[str, bytes]:
    count = struct.unpack(">H", data[4:6])[0]
    tables = {}
    for i in range(count):
        tag, _checksum, offset, length = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
        tables[tag.decode("latin-1")] = data[offset : offset + length]
    return tables


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF


def _write_sfnt(tables: dict[str, bytes], checksums: dict[str, int]) -> bytes:
    """A TrueType file of these tables; 'head' must have checkSumAdjustment zeroed."""
    tags = sorted(tables)
    count = len(tags)
    power = 1 << (count.bit_length() - 1)
    header = struct.pack(
        ">IHHHH", 0x00010000, count, power * 16, power.bit_length() - 1, count * 16 - power * 16
    )
    directory, body = [], []
    offset = 12 + 16 * count
    for tag in tags:
        data = tables[tag]
        entry = struct.pack(">4sIII", tag.encode("latin-1"), checksums[tag], offset, len(data))
        directory.append(entry)
        body.append(data + b"\0" * (-len(data) % 4))
        offset += len(body[-1])
    front = header + b"".join(directory)
    # The file's checksum is the sum of its words: the front's plus every table's.
    total = _checksum(front) + sum(checksums.values())
    adjustment = (0xB1B0AFBA - total) & 0xFFFFFFFF
    head_at = len(front) + sum(len(b) for b in body[: tags.index("head")])
    font = bytearray(front + b"".join(body))
    font[head_at + 8 : head_at + 12] = struct.pack(">I", adjustment)
    return bytes(font)


@cache
def program(style: str) -> FontProgram:
    return FontProgram(style)


def covered(text: Iterable[str], style: str = "") -> bool:
    """True when every character has a glyph in the bundled font of that style."""
    cmap = program(style).cmap
    return all(ord(c) in cmap for c in text)


def add_fonts(pdf: FPDF) -> dict[str, TTFFont]:
    """Register regular ("") and bold ("B") DejaVu Sans on `pdf`; returns them by style.

    Write the PDF with embed.output(pdf): it embeds the fonts from pdf.axos_font_programs
    instead of letting fpdf2 subset them with fontTools.
    """
    fonts, programs = {}, {}
    for style in FONT_FILES:
        key = FAMILY + style
        prog = program(style)
        font = prog.new_font(pdf)
        pdf.fonts[key] = font
        fonts[style], programs[key] = font, prog
    pdf.axos_font_programs = programs
    return fonts


def warm_up() -> None:
    """Parse the fonts now (pool workers call this before their first document)."""
    for style in FONT_FILES:
        program(style)
