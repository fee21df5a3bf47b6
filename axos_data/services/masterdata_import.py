"""Importing customers, products and employees from CSV/Excel (layouts in masterdata_files).

Keys: a product by `sku`, an employee by `email` (case-insensitive), a customer by `orgnr`
(MOD11-checked and compacted for Norway), else by `customer_no`, else by Axos' own `id` (the
export writes it, so customers with neither survive a round trip). A customer row with none of
the three is refused, as is an orgnr shared by several customers unless `customer_no` or `id`
picks one of them, and an `id` that does not exist.

Each row goes through the library's own writes (add_company/add_product/add_employee, and
update_record for existing records), so validation, permissions, audit rows and the search
refresh are exactly those of a change by hand. The whole file runs in one transaction: the
first row that breaks a rule refuses the file (ImportRefused with the row number and the
reason) and nothing is written. A dry run does the same work and rolls it back, so what it
reports is what the import would do.

Cells: a column left out of the file leaves that field alone; an empty cell empties an optional
field (and is refused for a required one), except `active` and `role`, where an empty cell
leaves the value alone (a new record is active, a new employee a user).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path

from axos_data import no
from axos_data.access import Con, fetch_row, fetch_rows, find_by_id
from axos_data.errors import AxosError, ImportRefused, PermissionDenied
from axos_data.masterdata_files import LAYOUTS, read_table
from axos_data.model import Actor, optional_text
from axos_data.services.activity import mutate
from axos_data.services.masterdata import (
    add_company,
    add_employee,
    add_product,
    company_active,
    customer_number,
    parse_customer_no,
)
from axos_data.services.masterdata_edit import update_record

# kind of file → (update_record's kind, table, Norwegian noun)
_RECORDS = {
    "customers": ("company", "companies", "firma"),
    "products": ("product", "products", "produkt"),
    "employees": ("employee", "employees", "ansatt"),
}
_KEYS = {
    "customers": ("orgnr", "customer_no", "id"),
    "products": ("sku",),
    "employees": ("email",),
}
_EMPTY_MEANS_UNCHANGED = ("active", "role")
_NOT_UPDATED = ("sku", "id")  # keys that are no field of update_record
_NUMBERS = ("unit_price", "vat_rate", "active")  # passed on as the cell holds them


@dataclass
class RowOutcome:
    row: int  # as a spreadsheet numbers it: the heading is row 1
    key: str
    action: str  # added, changed or unchanged
    id: int
    changes: dict[str, list] = field(default_factory=dict)  # field: [before, after]


@dataclass
class ImportReport:
    kind: str
    dry_run: bool
    rows: list[RowOutcome]

    def counts(self) -> dict[str, int]:
        return {a: sum(r.action == a for r in self.rows) for a in ("added", "changed", "unchanged")}

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "dry_run": self.dry_run,
            "counts": self.counts(),
            "rows": [asdict(r) for r in self.rows],
        }


class _DryRun(Exception):
    """Carries the report out of the transaction, which then rolls back."""

    def __init__(self, report: ImportReport):
        super().__init__("dry run")
        self.report = report


def import_masterdata(
    con: Con, actor: int | Actor, kind: str, path: str | Path, *, dry_run: bool = False
) -> ImportReport:
    """Import a customers/products/employees file (CSV or .xlsx): every row added, changed or
    left alone in one transaction, or — with dry_run — only reported."""
    if kind not in LAYOUTS:
        raise ImportRefused(f"«{kind}» kan ikke importeres; bruk {', '.join(LAYOUTS)}.")
    path = Path(path)
    headings, rows = read_table(path, LAYOUTS[kind])
    keys = _KEYS[kind]
    if not any(key in headings for key in keys):
        raise ImportRefused(
            f"{path.name}, rad 1: kolonnen {' eller '.join(keys)} mangler; den trengs for å"
            " finne igjen det som finnes fra før.",
            row=1,
        )

    def work(c: Con, who: Actor) -> ImportReport:
        report = ImportReport(kind, dry_run, [])
        seen: dict[int, int] = {}  # record id → row that touched it
        for number, cells in rows:
            outcome = _one_row(c, who, kind, number, cells)
            if outcome.id in seen:
                noun = _RECORDS[kind][2]
                raise ImportRefused(
                    f"Rad {number} ({outcome.key}) gjelder samme {noun} som rad"
                    f" {seen[outcome.id]}; hver {noun} kan stå på én rad.",
                    row=number,
                )
            seen[outcome.id] = number
            report.rows.append(outcome)
        if dry_run:
            raise _DryRun(report)
        return report

    try:
        return mutate(con, actor, work)
    except _DryRun as done:
        return done.report


def _one_row(c: Con, who: Actor, kind: str, number: int, cells: dict) -> RowOutcome:
    fields = {name: _value(name, value) for name, value in cells.items()}
    for name in _EMPTY_MEANS_UNCHANGED:
        if name in fields and fields[name] is None:
            del fields[name]
    key = _describe(kind, fields)
    try:
        existing = _find(c, kind, fields)
        if existing is None:
            new_id = _add(c, who, kind, fields)
            after = _current(c, kind, new_id)
            changes = {k: [None, after[k]] for k in fields if after.get(k) is not None}
            return RowOutcome(number, key, "added", new_id, changes)
        update = {k: v for k, v in fields.items() if k not in _NOT_UPDATED}
        diff = update_record(c, who, _RECORDS[kind][0], existing, **update)
        return RowOutcome(number, key, "changed" if diff else "unchanged", existing, diff)
    except PermissionDenied:
        raise  # who may import is not a row's fault
    except AxosError as error:
        raise ImportRefused(f"Rad {number} ({key}): {error}", row=number, cause=error) from None


def _value(name: str, value: object) -> object:
    """A cell as the services take it: numbers from Excel become text for text fields (an
    orgnr or customer number typed as a number), and stay numbers where they are numbers."""
    if name in _NUMBERS or value is None or isinstance(value, str):
        return value
    if isinstance(value, float):
        return f"{Decimal(repr(value)):f}"
    return str(value)


def _describe(kind: str, fields: dict) -> str:
    shown = [f"{k} {fields[k]}" for k in _KEYS[kind] if fields.get(k) is not None]
    return shown[0] if shown else "uten nøkkel"


def _find(c: Con, kind: str, fields: dict) -> int | None:
    """The id of the record the row is about, or None for a new one."""
    if kind == "products":
        sku = optional_text(fields.get("sku"), "Varenummer")
        if sku is None:
            raise ImportRefused("sku (varenummer) mangler.")
        row = fetch_row(c, "SELECT id FROM products WHERE sku = ?", [sku])
        return None if row is None else row["id"]
    if kind == "employees":
        email = optional_text(fields.get("email"), "E-post")
        if email is None:
            raise ImportRefused("email mangler.")
        row = fetch_row(c, "SELECT id FROM employees WHERE lower(email) = lower(?)", [email])
        return None if row is None else row["id"]
    return _find_customer(c, fields)


def _find_customer(c: Con, fields: dict) -> int | None:
    orgnr = optional_text(fields.get("orgnr"), "Organisasjonsnummer")
    country = (optional_text(fields.get("country"), "Land") or "NO").upper()
    if orgnr and country == "NO":
        orgnr = no.validate_orgnr(orgnr)
    customer_no = parse_customer_no(fields.get("customer_no"))
    by_id = _customer_by_id(c, fields.get("id"))
    if orgnr is None and customer_no is None and by_id is None:
        raise ImportRefused(
            "mangler orgnr, customer_no og id; uten en av dem kan raden ikke kobles til et firma."
        )
    by_number = None
    if customer_no is not None:
        row = fetch_row(
            c, "SELECT company_id FROM company_numbers WHERE customer_no = ?", [customer_no]
        )
        by_number = None if row is None else row["company_id"]
    by_orgnr = []
    if orgnr is not None:
        rows = fetch_rows(c, "SELECT id FROM companies WHERE orgnr = ? ORDER BY id", [orgnr])
        by_orgnr = [r["id"] for r in rows]
    if len(by_orgnr) == 1:
        return by_orgnr[0]
    if not by_orgnr:
        return by_number if by_number is not None else by_id
    for picked in (by_number, by_id):
        if picked in by_orgnr:
            return picked
    raise ImportRefused(
        f"orgnr {orgnr} finnes på flere firma ({', '.join(map(str, by_orgnr))}); oppgi"
        " customer_no eller id for å velge ett."
    )


def _customer_by_id(c: Con, value: object) -> int | None:
    if value is None:
        return None
    row = find_by_id(c, "companies", value)
    if row is None:
        raise ImportRefused(f"firma-id {value} finnes ikke (la id stå tom for nye kunder).")
    return row["id"]


# Fields the add functions require: None when the file lacks them, so the service refuses
# the row by name (EmptyValue, InvalidNumber …) rather than Python by signature.
_REQUIRED = {
    "customers": ("name",),
    "products": ("sku", "name", "unit", "unit_price"),
    "employees": ("name", "email"),
}


def _add(c: Con, who: Actor, kind: str, fields: dict) -> int:
    given = {name: None for name in _REQUIRED[kind]}
    given |= {k: v for k, v in fields.items() if k not in ("active", "id")}
    if kind == "customers":
        new_id = add_company(c, who, **given)
    elif kind == "products":
        new_id = add_product(c, who, **given)
    else:
        new_id = add_employee(c, who, **given)
    if "active" in fields:
        update_record(c, who, _RECORDS[kind][0], new_id, active=fields["active"])
    return new_id


def _current(c: Con, kind: str, record_id: int) -> dict:
    row = find_by_id(c, _RECORDS[kind][1], record_id) or {}
    if kind == "customers":
        row["customer_no"] = customer_number(c, record_id)
        row["active"] = company_active(c, record_id)
    return row
