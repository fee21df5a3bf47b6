"""File names from users are shown as uploaded but are safe on disk and in HTTP headers."""

from __future__ import annotations

import re
import urllib.parse

import pytest

from axos_data import filenames
from axos_data.errors import EmptyValue, InvalidText, TextTooLong


@pytest.mark.parametrize(
    ("name", "disk"),
    [
        ("tilbud.pdf", "tilbud.pdf"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\Windows\\win.ini", "win.ini"),
        ("/absolutt/sti.txt", "sti.txt"),
        ("..", "fil"),
        (".", "fil"),
        (" . ", "fil"),
        ("a\x00b\x1b[31m\n.txt", "a_b_[31m_.txt"),
        ("a\x7fb\x85c.txt", "a_b_c.txt"),
        ('rapport: "Q1" <utkast>|?*.txt', "rapport_ _Q1_ _utkast____.txt"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("com1.tar.gz", "_com1.tar.gz"),
        ("LPT9", "_LPT9"),
        ("console.txt", "console.txt"),
        ("...skjult.", "skjult"),
        ("Blåbær øl.txt", "Blåbær øl.txt"),
    ],
)
def test_disk_names_are_one_harmless_file_name(name, disk):
    assert filenames.disk_name(name) == disk


def test_long_names_are_cut_to_200_bytes_keeping_the_extension():
    safe = filenames.disk_name("æ" * 300 + ".pdf")
    assert safe.endswith(".pdf") and len(safe.encode("utf-8")) <= 200
    assert safe.startswith("ææ")


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd", 'a"b\\c;d%e.txt', "Blåbær\r\nSet-Cookie: x=1.txt", "Ωμέγα.txt", "💾"],
)
def test_headers_have_an_ascii_fallback_and_the_utf8_name(name):
    header = filenames.content_disposition(name)
    assert all(0x20 <= ord(c) < 0x7F for c in header), header
    match = re.fullmatch(r'attachment; filename="([^"\\]*)"; filename\*=UTF-8\'\'(\S+)', header)
    assert match, header
    assert "/" not in match.group(1) and ";" not in match.group(1)
    assert urllib.parse.unquote(match.group(2)) == filenames.disk_name(name)


def test_the_ascii_fallback_keeps_letters_without_accents():
    assert filenames.ascii_name("Blåbær-søknad.pdf") == "Blab_r-s_knad.pdf"
    assert filenames.ascii_name("Ωμέγα.txt") == "fil.txt"  # nothing readable is left


def test_uploaded_names_are_kept_as_given_within_bounds():
    assert filenames.uploaded_name("  ../a\x1b.txt ") == "../a\x1b.txt"
    with pytest.raises(EmptyValue):
        filenames.uploaded_name(" \x00 ")
    with pytest.raises(InvalidText):
        filenames.uploaded_name("a\udc80.txt")
    with pytest.raises(TextTooLong):
        filenames.uploaded_name("a" * 256)
