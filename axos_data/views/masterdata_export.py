"""Master data as files for the accounting system: customers, products, employees in the
stable layouts of axos_data.masterdata_files (CSV or Excel)."""

from __future__ import annotations

from axos_data import masterdata_files, queries
from axos_data.access import Con, fetch_rows
from axos_data.errors import InvalidChoice

MASTERDATA_KINDS = tuple(masterdata_files.LAYOUTS)
_SHEETS = {"customers": "Kunder", "products": "Produkter", "employees": "Ansatte"}


def masterdata_rows(con: Con, kind: str) -> list[dict]:
    """The records of `kind` (customers, products, employees) with the layout's columns."""
    return fetch_rows(con, queries.sql(f"export_{_kind(kind)}"))


def export_masterdata(con: Con, kind: str, fmt: str = "csv") -> bytes:
    """The file's bytes: `fmt` csv or xlsx."""
    columns = masterdata_files.LAYOUTS[_kind(kind)]
    rows = masterdata_rows(con, kind)
    if fmt == "xlsx":
        return masterdata_files.xlsx_bytes(columns, rows, _SHEETS[kind])
    if fmt == "csv":
        return masterdata_files.csv_bytes(columns, rows)
    raise InvalidChoice(f"Format «{fmt}» finnes ikke; bruk csv eller xlsx.")


def _kind(kind: str) -> str:
    if kind not in masterdata_files.LAYOUTS:
        raise InvalidChoice(
            f"«{kind}» kan ikke eksporteres; bruk en av {', '.join(MASTERDATA_KINDS)}."
        )
    return kind
