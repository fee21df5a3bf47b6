"""Editing and deactivating master data: companies, contacts, employees, projects, products.

Who may: any active employee for companies, contacts, projects and products (as for adding
them); an administrator for employees (adding them, roles and deactivation were admin-only
already). Every change writes one audit row with the fields before and after. A deactivated
record keeps its history; a deactivated customer, contact or project gets no new orders or
quotes (services.masterdata.require_active).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from axos_data import money, no, search
from axos_data.access import Con, find_by_id, require_employee
from axos_data.errors import (
    AlreadyExists,
    InvalidChoice,
    UnknownCompany,
    UnknownContact,
    UnknownEmployee,
    UnknownProduct,
    UnknownProject,
)
from axos_data.model import (
    ROLES,
    Actor,
    optional_text,
    parse_choice,
    parse_email,
    parse_flag,
    require_text,
)
from axos_data.services._base import now, require_admin
from axos_data.services.activity import mutate
from axos_data.services.audit import record_audit
from axos_data.services.masterdata import company_active, keep_an_admin


def _optional(label: str) -> Callable[[Con, object], object]:
    return lambda _c, value: optional_text(value, label)


def _required(label: str) -> Callable[[Con, object], object]:
    return lambda _c, value: require_text(value, label)


def _flag(_c: Con, value: object) -> bool:
    return parse_flag(value)


def _email(label: str) -> Callable[[Con, object], object]:
    return lambda _c, value: parse_email(value, label)


def _manager(c: Con, value: object) -> int | None:
    if value in (None, ""):
        return None
    return require_employee(c, value, "Prosjektleder")["id"]


@dataclass(frozen=True)
class Kind:
    table: str
    entity: str  # the audit log's name for it
    noun: str  # Norwegian, for messages
    missing: type[Exception]
    fields: dict[str, Callable[[Con, object], object]]


KINDS: dict[str, Kind] = {
    "company": Kind(
        "companies",
        "company",
        "Firma",
        UnknownCompany,
        {
            "name": _required("Firmanavn"),
            "orgnr": _optional("Organisasjonsnummer"),  # MOD11 for NO in _check_company
            "address": _optional("Adresse"),
            "postcode": _optional("Postnummer"),
            "city": _optional("Poststed"),
            "country": lambda _c, v: (optional_text(v, "Land") or "NO").upper(),
            "email": _email("E-post"),
            "active": _flag,  # kept in inactive_companies (see migration 008)
        },
    ),
    "contact": Kind(
        "contacts",
        "contact",
        "Kontaktperson",
        UnknownContact,
        {
            "name": _required("Navn"),
            "email": _email("E-post"),
            "phone": _optional("Telefon"),
            "active": _flag,
        },
    ),
    "employee": Kind(
        "employees",
        "employee",
        "Ansatt",
        UnknownEmployee,
        {
            "name": _required("Navn"),
            "email": lambda _c, v: parse_email(require_text(v, "E-post")),
            "role": lambda _c, v: parse_choice(v, ROLES, "Rolle"),
            "active": _flag,
        },
    ),
    "project": Kind(
        "projects",
        "project",
        "Prosjekt",
        UnknownProject,
        {"name": _required("Prosjektnavn"), "manager_id": _manager, "active": _flag},
    ),
    "product": Kind(
        "products",
        "product",
        "Produkt",
        UnknownProduct,
        {
            "name": _required("Produktnavn"),
            "unit": _required("Enhet"),
            "unit_price": lambda _c, v: money.parse_unit_price(v),
            "vat_rate": lambda _c, v: money.parse_vat_rate(v),
            "active": _flag,
        },
    ),
}


def update_record(
    con: Con, actor: int | Actor, kind: str, record_id: object, **changes: object
) -> dict[str, list]:
    """Change fields of a master-data record (`active=False` deactivates it); returns
    {field: [before, after]} of what changed. Unknown fields are refused by name."""
    spec = KINDS[kind]
    unknown = sorted(set(changes) - set(spec.fields))
    if unknown:
        raise InvalidChoice(
            f"Ukjente felt for {spec.noun.lower()}: {', '.join(unknown)}."
            f" Gyldige: {', '.join(spec.fields)}."
        )

    def work(c: Con, who: Actor) -> dict[str, list]:
        if kind == "employee":
            require_admin(who, "endre ansatte")
        row = find_by_id(c, spec.table, record_id)
        if row is None:
            raise spec.missing(f"{spec.noun} {record_id} finnes ikke.")
        if kind == "company":
            row["active"] = company_active(c, row["id"])
        merged = {**row, **{key: spec.fields[key](c, value) for key, value in changes.items()}}
        _check(c, kind, row, merged)
        diff = {key: [row[key], merged[key]] for key in changes if row[key] != merged[key]}
        if not diff:
            return {}
        _store(c, kind, spec, row["id"], diff)
        if "name" in diff and kind in search.RECORD_TABLES:
            search.refresh_orders_of(c, kind, row["id"])
        action = "deactivated" if diff.get("active") == [True, False] else "changed"
        record_audit(
            c,
            who,
            spec.entity,
            row["id"],
            action,
            {key: before for key, (before, _) in diff.items()},
            {key: after for key, (_, after) in diff.items()},
        )
        return diff

    return mutate(con, actor, work)


def _store(c: Con, kind: str, spec: Kind, record_id: int, diff: dict[str, list]) -> None:
    columns = {key: after for key, (_, after) in diff.items()}
    if kind == "company" and "active" in columns:
        if columns.pop("active"):
            c.execute("DELETE FROM inactive_companies WHERE company_id = ?", [record_id])
        else:
            c.execute("INSERT INTO inactive_companies VALUES (?, ?)", [record_id, now()])
    if columns:
        assignments = ", ".join(f"{key} = ?" for key in columns)  # keys from the whitelist
        c.execute(
            f"UPDATE {spec.table} SET {assignments} WHERE id = ?", [*columns.values(), record_id]
        )


def _check(c: Con, kind: str, old: dict, new: dict) -> None:
    """Rules that span fields or rows."""
    if kind == "company" and new["orgnr"] and new["country"] == "NO":
        new["orgnr"] = no.validate_orgnr(new["orgnr"])
    if kind == "employee":
        if (
            new["email"].lower() != old["email"].lower()
            and c.execute(
                "SELECT count(*) FROM employees WHERE lower(email) = lower(?) AND id <> ?",
                [new["email"], old["id"]],
            ).fetchall()[0][0]
        ):
            raise AlreadyExists(f"En ansatt med e-post {new['email']} finnes allerede.")
        if new["role"] != "admin" or not new["active"]:
            keep_an_admin(c, old, "deaktiveres eller miste administratorrollen")
