"""Lines files in the encodings Norwegian users' tools write: UTF-8 (with or without BOM) and
Windows-1252 (Excel's "CSV"); anything else is refused with one line."""

import pytest

from axos_data.errors import InvalidInput, UnreadableFile
from axos_data.lines_file import read_lines_file

HEADER = "description;quantity;unit;unit_price\n"
ROW = "Blåbærsyltetøy «ekstra» – 1 €;2;stk;49,90\n"
EXPECTED = [
    {
        "description": "Blåbærsyltetøy «ekstra» – 1 €",
        "quantity": "2",
        "unit": "stk",
        "unit_price": "49,90",
    }
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_utf8_with_or_without_bom_and_windows_1252_read_the_same(tmp_path, encoding):
    path = tmp_path / "linjer.csv"
    path.write_bytes((HEADER + ROW).encode(encoding))
    assert read_lines_file(path) == EXPECTED


def test_latin1_without_windows_1252_extras_reads_the_same(tmp_path):
    path = tmp_path / "linjer.csv"
    path.write_bytes((HEADER + "Blåbær;1;stk;10\n").encode("latin-1"))
    assert read_lines_file(path)[0]["description"] == "Blåbær"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",  # a picture
        bytes(range(256)),  # arbitrary binary
        (HEADER + ROW).encode("utf-16"),  # Excel's "Unicode text": NUL bytes
        b"description;quantity\nA\x81\x8d;1\n",  # bytes undefined in Windows-1252
    ],
    ids=["png", "binary", "utf16", "undefined-cp1252"],
)
def test_binary_and_other_encodings_are_refused_with_one_line(tmp_path, data):
    path = tmp_path / "linjer.csv"
    path.write_bytes(data)
    with pytest.raises(UnreadableFile) as caught:
        read_lines_file(path)
    message = str(caught.value)
    assert "linjer.csv" in message and "UTF-8" in message
    assert "\n" not in message
    assert isinstance(caught.value, InvalidInput)
