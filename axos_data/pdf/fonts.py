"""The bundled DejaVu Sans fonts, prepared once per process for fast rendering.

fonts/DejaVuSans.ttf and DejaVuSans-Bold.ttf are the unchanged Debian fonts-dejavu-core 2.37
files (licence: fonts/LICENSE-DejaVu.txt). fpdf2 would parse and subset the 6,000-glyph
fonts with fontTools for every document: about 30 ms per font, more than the whole
confirmation may take. Instead each process derives, once, a working font per style holding
BASE_CHARS (every Latin letter including all Sami orthographies, Greek, Cyrillic, business
punctuation) plus the 128-character blocks of any other character a document uses. A
document then embeds that working font with the outlines of the glyphs it does not use
removed (FontProgram.embeddable, plain byte copying; glyph ids stay the same).
Characters DejaVu Sans lacks (CJK, for one) print as � (canvas.py logs which).
"""

from __future__ import annotations

import copy
import io
import struct
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

from fontTools import subset as ftsubset
from fontTools import ttLib
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FAMILY = "dejavu"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
LICENSE_FILE = FONT_DIR / "LICENSE-DejaVu.txt"

_BLOCK = 128


def _ranges(*spans: tuple[int, int]) -> frozenset[int]:
    return frozenset(c for first, last in spans for c in range(first, last + 1))


BASE_CHARS = _ranges(
    (0x20, 0x7E),  # ASCII
    (0xA0, 0x24F),  # Latin-1, Latin Extended-A and -B: æøå, Sami č đ ŋ š ŧ ž á ǥ ǧ ǩ ǯ …
    (0x250, 0x2FF),  # IPA and modifier letters (ʒ, ʹ in Skolt Sami)
    (0x300, 0x36F),  # combining accents left after NFC normalisation
    (0x370, 0x52F),  # Greek, Cyrillic
    (0x1E00, 0x1EFF),  # Latin Extended Additional (Vietnamese, Welsh …)
    (0x2000, 0x206F),  # punctuation: – — ‘ ’ “ ” „ • … ‰
    (0x20A0, 0x20CF),  # currency: €
    (0x2100, 0x215F),  # № ™ ℮ fractions
    (0x2190, 0x21FF),  # arrows
    (0x2212, 0x2212),  # minus sign of negative amounts
    (0xFB00, 0xFB06),  # ligatures ﬁ ﬂ pasted from documents
    (0xFFFD, 0xFFFD),
)


def font_path(style: str) -> Path:
    return FONT_DIR / FONT_FILES[style]


@cache
def _full_cmap(style: str) -> frozenset[int]:
    font = ttLib.TTFont(font_path(style), lazy=True)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


def covered(text: Iterable[str], style: str = "") -> bool:
    """True when every character has a glyph in the bundled font of that style."""
    cmap = _full_cmap(style)
    return all(ord(c) in cmap for c in text)


def extra_blocks(chars: Iterable[str]) -> frozenset[int]:
    """The 128-codepoint blocks of characters outside BASE_CHARS that the fonts can print."""
    cmap = _full_cmap("")
    return frozenset(ord(c) // _BLOCK for c in chars if ord(c) not in BASE_CHARS and ord(c) in cmap)


def working_font(style: str, blocks: frozenset[int] = frozenset()) -> bytes:
    """The bundled font cut down to BASE_CHARS plus the given blocks, as TTF bytes."""
    wanted = set(BASE_CHARS)
    for block in blocks:
        wanted.update(range(block * _BLOCK, (block + 1) * _BLOCK))
    # recalcTimestamp=False: the same bytes in every process, so the same PDF bytes too.
    font = ttLib.TTFont(font_path(style), recalcTimestamp=False)
    options = ftsubset.Options(notdef_outline=True, recommended_glyphs=True, layout_features=[])
    # Layout tables serve text shaping, which the confirmation does not use.
    options.drop_tables += ["FFTM", "GDEF", "GPOS", "GSUB", "MATH", "hdmx", "kern"]
    subsetter = ftsubset.Subsetter(options)
    subsetter.populate(unicodes=wanted & _full_cmap(style))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


class FontProgram:
    """A working font: fpdf2's metrics for it, and its tables to embed per document."""

    def __init__(self, style: str, blocks: frozenset[int]):
        self.data = working_font(style, blocks)
        self.template = TTFFont(FPDF(), io.BytesIO(self.data), FAMILY + style, style)
        self.glyph_ids = {
            name: gid for gid, name in enumerate(self.template.ttfont.getGlyphOrder())
        }
        self.tables = _read_tables(self.data)
        head = self.tables["head"]
        long_loca = struct.unpack(">h", head[50:52])[0] == 1
        self.num_glyphs = struct.unpack(">H", self.tables["maxp"][4:6])[0]
        loca = self.tables["loca"]
        if long_loca:
            self.loca = list(struct.unpack(f">{self.num_glyphs + 1}I", loca))
        else:
            self.loca = [2 * v for v in struct.unpack(f">{self.num_glyphs + 1}H", loca)]
        glyf = self.tables["glyf"]
        self.outlines = [glyf[self.loca[g] : self.loca[g + 1]] for g in range(self.num_glyphs)]
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
        """The working font with only these glyphs' outlines (and their components) kept."""
        keep = {0}
        todo = list(glyph_ids)
        while todo:
            gid = todo.pop()
            if gid not in keep and 0 <= gid < self.num_glyphs:
                keep.add(gid)
                todo.extend(self.components.get(gid, ()))
        parts, offsets, position, following = [], [], 0, 0
        for gid in sorted(keep):
            # loca: glyphs without outline start (and end) where the next outline starts
            offsets.extend([position] * (gid - following + 1))
            outline = self.outlines[gid]
            padded = outline + b"\0" * (-len(outline) % 4)
            parts.append(padded)
            position += len(padded)
            following = gid + 1
        offsets.extend([position] * (self.num_glyphs + 1 - following))
        tables = dict(self.tables)
        tables["glyf"] = b"".join(parts)
        tables["loca"] = struct.pack(f">{len(offsets)}I", *offsets)
        head = bytearray(self.tables["head"])
        head[8:12] = b"\0\0\0\0"  # checkSumAdjustment, set below
        head[50:52] = struct.pack(">h", 1)  # long loca offsets
        tables["head"] = bytes(head)
        return _write_sfnt(tables)


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


def _write_sfnt(tables: dict[str, bytes]) -> bytes:
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
        directory.append(
            struct.pack(">4sIII", tag.encode("latin-1"), _checksum(data), offset, len(data))
        )
        padded = data + b"\0" * (-len(data) % 4)
        body.append(padded)
        offset += len(padded)
    font = bytearray(header + b"".join(directory) + b"".join(body))
    head_at = 12 + 16 * count + sum(len(b) for b in body[: tags.index("head")])
    adjustment = (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF
    font[head_at + 8 : head_at + 12] = struct.pack(">I", adjustment)
    return bytes(font)


@lru_cache(maxsize=16)
def program(style: str, blocks: frozenset[int] = frozenset()) -> FontProgram:
    return FontProgram(style, blocks)


def add_fonts(pdf: FPDF, chars: Iterable[str]) -> dict[str, TTFFont]:
    """Register regular ("") and bold ("B") DejaVu Sans on `pdf`; returns them by style.

    Paint with these fonts and write the PDF with embed.output(pdf), which embeds the
    working fonts' programs (pdf.axos_font_programs) instead of subsetting with fontTools.
    """
    blocks = extra_blocks(set(chars))
    fonts, programs = {}, {}
    for style in FONT_FILES:
        key = FAMILY + style
        prog = program(style, blocks)
        font = prog.new_font(pdf)
        pdf.fonts[key] = font
        fonts[style], programs[key] = font, prog
    pdf.axos_font_programs = programs
    return fonts


def warm_up() -> None:
    """Build the working fonts now (pool workers call this before their first document)."""
    for style in FONT_FILES:
        program(style, frozenset())
