"""The bundled fonts and their per-document embedding."""

import io
import logging
import re
from dataclasses import replace

import fpdf
from fontTools import ttLib
from pdf_data import CUSTOMER, confirmation, line
from pdf_support import pages_text
from pypdf import PdfReader

from axos_data.pdf import fonts, render


def test_fonts_and_licence_are_in_the_package():
    for name in fonts.FONT_FILES.values():
        font = ttLib.TTFont(fonts.FONT_DIR / name)
        assert font["name"].getBestFamilyName() == "DejaVu Sans"
    licence = fonts.LICENSE_FILE.read_text(encoding="utf-8")
    assert "Bitstream Vera" in licence and "Permission is hereby granted" in licence


def test_every_letter_a_norwegian_customer_may_have_is_in_both_styles():
    text = "æøåÆØÅ čđŋšŧžáČĐŊŠŦŽÁ ǥǧǩǯʒ äöüßéèêçñ ąęłńśźż ÐÞðþ €–—‘’“”„… Ἀθῆναι Мурманск"
    for style in fonts.FONT_FILES:
        assert fonts.covered(text, style)
    assert not fonts.covered("東京")


def test_only_the_fonts_of_the_package_are_embedded_not_core_fonts():
    reader = PdfReader(io.BytesIO(render(confirmation([(None, [line("x", "1", "1")])])).pdf))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            descendant = font["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in descendant["/FontDescriptor"]
    assert {re.sub(r"^/[A-Z]{6}\+", "", n) for n in names} == {"DejaVuSansBook", "DejaVuSansBold"}


def test_embedded_font_keeps_used_glyphs_and_their_components_only():
    program = fonts.program("")
    used = [program.glyph_ids[program.template.cmap[ord(c)]] for c in "Aå"]
    embedded = ttLib.TTFont(io.BytesIO(program.embeddable(used)))
    glyf = embedded["glyf"]
    order = embedded.getGlyphOrder()
    assert len(order) == program.num_glyphs  # glyph ids unchanged
    assert "GPOS" not in embedded and embedded["post"].formatType == 3
    kept = {name for name in order if glyf[name].numberOfContours != 0}
    aring = glyf[order[used[1]]]
    assert aring.isComposite()
    components = set(aring.getComponentNames(glyf))
    assert kept == {".notdef", order[used[0]], order[used[1]], *components}
    for name in components:
        assert glyf[name].numberOfContours != 0


def test_other_scripts_of_the_font_print_too():
    armenian = "Երևան"
    data = replace(
        confirmation([(None, [line("x", "1", "1")])]),
        customer=replace(CUSTOMER, name=f"Hayastan {armenian} AS"),
    )
    assert f"Hayastan {armenian} AS" in pages_text(render(data).pdf)[0]


def test_characters_no_bundled_font_has_are_reported_and_do_not_break_rendering(caplog):
    data = replace(
        confirmation([(None, [line("x", "1", "1")])]),
        customer=replace(CUSTOMER, name="東京商事 AS"),
    )
    with caplog.at_level(logging.WARNING, logger="axos_data.pdf.canvas"):
        document = render(data)
    assert "U+4E8B, U+4EAC, U+5546, U+6771" in caplog.text
    assert "\ufffd\ufffd\ufffd\ufffd AS" in pages_text(document.pdf)[0]


def test_fpdf2_is_the_version_the_font_embedding_was_written_for():
    major, minor = (int(part) for part in fpdf.__version__.split(".")[:2])
    assert (major, minor) == (2, 8)


def test_the_embedded_font_files_are_well_formed_truetype():
    document = render(confirmation([(None, [line("Gákti æøå ŋ", "1", "1")])]))
    reader = PdfReader(io.BytesIO(document.pdf))
    fonts_seen = 0
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        descendant = font.get_object()["/DescendantFonts"][0].get_object()
        data = descendant["/FontDescriptor"]["/FontFile2"].get_object().get_data()
        words = data + b"\0" * (-len(data) % 4)
        total = sum(int.from_bytes(words[i : i + 4], "big") for i in range(0, len(words), 4))
        assert total & 0xFFFFFFFF == 0xB1B0AFBA  # checkSumAdjustment is right
        embedded = ttLib.TTFont(io.BytesIO(data))
        embedded.ensureDecompiled()
        gid_map = descendant["/CIDToGIDMap"].get_object().get_data()
        gids = {int.from_bytes(gid_map[i : i + 2], "big") for i in range(0, len(gid_map), 2)}
        order = embedded.getGlyphOrder()
        used = {order[gid] for gid in gids - {0}}
        glyf = embedded["glyf"]
        for name in list(used):
            if glyf[name].isComposite():
                used.update(glyf[name].getComponentNames(glyf))
        blank = {name for name in used if glyf[name].numberOfContours == 0}
        assert len(used) > 5 and blank <= {"space", "uni00A0"}  # every glyph used has outlines
        fonts_seen += 1
    assert fonts_seen == 2
