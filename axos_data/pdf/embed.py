"""Writing the PDF: fpdf2's output with our own embedding of the bundled fonts.

fpdf2's OutputProducer subsets every TrueType font with fontTools when it writes a document
(about 30 ms per DejaVu font). The fonts of fonts.py are parsed once per process, so this
producer embeds them directly: the same PDF objects fpdf2 writes for a TrueType font (Type0
font, CIDFontType2 with widths, ToUnicode map for text extraction, CIDToGIDMap, descriptor,
font file), the font file holding only the outlines the document uses
(FontProgram.embeddable). It relies on fpdf2's output internals; tests/unit/test_pdf_fonts.py
holds it to extractable text and well-formed fonts, and pyproject pins fpdf2 below 2.9.
"""

from __future__ import annotations

from fpdf import FPDF
from fpdf.fonts import TTFFont
from fpdf.output import CIDSystemInfo, OutputProducer, PDFFont, PDFFontStream
from fpdf.syntax import Name, PDFArray, PDFContentStream

from axos_data.pdf.fonts import FontProgram

_TO_UNICODE_HEAD = (
    "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
    "/CIDSystemInfo\n<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n"
    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
)
_TO_UNICODE_TAIL = "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"


class _FontFile(PDFFontStream):
    # zlib level 1 takes half the time of the default for 2 % more bytes.
    _COMPRESSION_LEVEL = 1


def output(pdf: FPDF) -> bytes:
    """The finished document (fonts registered with fonts.add_fonts) as bytes."""
    return bytes(pdf.output(output_producer_class=_Producer))


class _Producer(OutputProducer):
    def _add_fonts(self, *args, **kwargs):
        programs: dict[str, FontProgram] | None = getattr(self.fpdf, "axos_font_programs", None)
        if not programs:
            return super()._add_fonts(*args, **kwargs)
        objects = {}
        for font in sorted(self.fpdf.fonts.values(), key=lambda f: f.i):
            objects[font.i] = self._embed(font, programs[font.fontkey])
        return objects

    def _embed(self, font: TTFFont, program: FontProgram) -> PDFFont:
        name = f"AXOSAA+{font.name}"
        used = [
            (code, glyph, program.glyph_ids.get(glyph.glyph_name, 0))
            for glyph, code in font.subset.items()
            if glyph is not None
        ]
        used.sort(key=lambda entry: entry[0])

        composite = PDFFont(subtype="Type0", base_font=name, encoding="Identity-H")
        self._add_pdf_obj(composite, "fonts")
        widths = "".join(f" {code} [{glyph.glyph_width}]" for code, glyph, _ in used)
        cid_font = PDFFont(
            subtype="CIDFontType2", base_font=name, d_w=font.desc.missing_width, w=f"[{widths}]"
        )
        self._add_pdf_obj(cid_font, "fonts")
        composite.descendant_fonts = PDFArray([cid_font])

        entries = [
            f"<{code:04X}> <{''.join(_utf16(u) for u in glyph.unicode)}>\n"
            for code, glyph, _ in used
            if isinstance(glyph.unicode, tuple) and glyph.unicode
        ]
        blocks = "".join(
            f"{len(entries[i : i + 100])} beginbfchar\n{''.join(entries[i : i + 100])}endbfchar\n"
            for i in range(0, len(entries), 100)
        )
        to_unicode = PDFContentStream(
            (_TO_UNICODE_HEAD + blocks + _TO_UNICODE_TAIL).encode("latin-1"), compress=True
        )
        self._add_pdf_obj(to_unicode, "fonts")
        composite.to_unicode = to_unicode

        system_info = CIDSystemInfo()
        self._add_pdf_obj(system_info, "fonts")
        cid_font.c_i_d_system_info = system_info

        descriptor = font.desc
        descriptor.font_name = Name(name)
        self._add_pdf_obj(descriptor, "fonts")
        cid_font.font_descriptor = descriptor

        cid_to_gid = bytearray(2 * 65536)
        for code, _, gid in used:
            cid_to_gid[2 * code : 2 * code + 2] = gid.to_bytes(2, "big")
        cid_map = PDFContentStream(contents=bytes(cid_to_gid), compress=True)
        self._add_pdf_obj(cid_map, "fonts")
        cid_font.c_i_d_to_g_i_d_map = cid_map

        font_file = _FontFile(contents=program.embeddable(gid for _, _, gid in used))
        self._add_pdf_obj(font_file, "fonts")
        descriptor.font_file2 = font_file

        # fpdf2 caches these per SubsetMap in functools caches; clear them as fpdf2 does.
        font.subset.pick.cache_clear()
        font.subset.get_glyph.cache_clear()
        return composite


def _utf16(codepoint: int) -> str:
    if codepoint > 0xFFFF:
        high = 0xD800 | (codepoint - 0x10000) >> 10
        low = 0xDC00 | (codepoint & 0x3FF)
        return f"{high:04X}{low:04X}"
    return f"{codepoint:04X}"
