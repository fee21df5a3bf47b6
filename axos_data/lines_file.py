"""Reading quote/order lines from a CSV (comma or semicolon) or JSON file."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from axos_data import os_errors
from axos_data.errors import InvalidInput, UnreadableFile
from axos_data.model import LINE_FIELDS

LINE_COLUMNS = (*LINE_FIELDS, "group", "product")


def read_lines_file(path: str | Path) -> list[dict[str, object]]:
    """Line specs as dicts with the keys in LINE_COLUMNS (missing keys are left out)."""
    file = Path(path)
    _check_name(file)
    try:
        data = file.read_bytes()
    except OSError as error:
        raise InvalidInput(f"Kan ikke lese linjefilen {file}: {os_errors.reason(error)}.") from None
    text = decode_text(data, file)
    if file.suffix.lower() == ".json":
        return _from_json(text, file)
    if file.suffix.lower() in (".csv", ".txt"):
        return _from_csv(text, file)
    raise InvalidInput(f"Linjefilen {file} må være .csv eller .json.")


# Control characters a text file never holds (tab, line feed and carriage return are fine).
_BINARY = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def decode_text(data: bytes, file: Path) -> str:
    """The file's text: UTF-8 (with or without BOM), else Windows-1252 (what Norwegian Excel
    writes as "CSV"; a superset of Latin-1's printable characters). Anything else — binary
    data, UTF-16 — is refused with one line rather than read as garbage."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _BINARY.search(text):
            return text
        break
    raise UnreadableFile(
        f"{file.name} er ikke en tekstfil i UTF-8 eller Windows-1252 (Latin-1)."
        " Lagre den som «CSV UTF-8» eller JSON og prøv igjen."
    )


def _check_name(file: Path) -> None:
    """A NUL or a lone surrogate in the name: no file can be called that (Python would raise
    a bare ValueError when opening it)."""
    name = str(file)
    if "\x00" in name or any(0xD800 <= ord(c) <= 0xDFFF for c in name):
        shown = name.encode("unicode_escape").decode("ascii")
        raise InvalidInput(f"Linjefilen «{shown}» har et navn ingen fil kan ha.")


def _check_keys(rows: list[dict[str, object]], file: Path) -> list[dict[str, object]]:
    for number, row in enumerate(rows, start=1):
        unknown = sorted(set(row) - set(LINE_COLUMNS))
        if unknown:
            raise InvalidInput(
                f"{file.name}, linje {number}: ukjente kolonner {', '.join(unknown)};"
                f" gyldige er {', '.join(LINE_COLUMNS)}."
            )
    return rows


def _from_json(text: str, file: Path) -> list[dict[str, object]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput(
            f"{file.name} er ikke gyldig JSON: {error.msg} (linje {error.lineno})."
        ) from None
    if isinstance(data, dict):
        data = data.get("lines")
    if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
        raise InvalidInput(f"{file.name} må inneholde en liste av linjer (objekter).")
    return _check_keys(data, file)


def _from_csv(text: str, file: Path) -> list[dict[str, object]]:
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    if not reader.fieldnames:
        raise InvalidInput(f"{file.name} er tom; første rad må være kolonnenavn.")
    rows = [
        {key.strip(): value for key, value in row.items() if key and value not in (None, "")}
        for row in reader
    ]
    return _check_keys(rows, file)
