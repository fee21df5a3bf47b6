"""Reading quote/order lines from a CSV (comma or semicolon) or JSON file."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from axos_data.errors import InvalidInput
from axos_data.model import LINE_FIELDS

LINE_COLUMNS = (*LINE_FIELDS, "group", "product")


def read_lines_file(path: str | Path) -> list[dict[str, object]]:
    """Line specs as dicts with the keys in LINE_COLUMNS (missing keys are left out)."""
    file = Path(path)
    _check_name(file)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise InvalidInput(f"Kan ikke lese linjefilen {file}: {error.strerror}.") from None
    if file.suffix.lower() == ".json":
        return _from_json(text, file)
    if file.suffix.lower() in (".csv", ".txt"):
        return _from_csv(text, file)
    raise InvalidInput(f"Linjefilen {file} må være .csv eller .json.")


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
