"""Data access shared by reads and writes: the connection type, row fetching, id parsing and
loading an order, a quote, an actor or the status flow. Services (writes), views (reads), the
PDF, the CLI and the app all build on this module; it imports none of them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb

from axos_data.errors import (
    InactiveEmployee,
    PermissionDenied,
    UnknownCompany,
    UnknownContact,
    UnknownEmployee,
    UnknownFile,
    UnknownOrder,
    UnknownProject,
    UnknownQuote,
)
from axos_data.model import Actor, Status, StatusFlow

Con = duckdb.DuckDBPyConnection


def fetch_row(con: Con, sql: str, params: Sequence[Any] | dict | None = None) -> dict | None:
    # fetchall, not fetchone: DuckDB 2.0 keeps a half-read result open on the connection
    # and then refuses the next con.sql().
    cursor = con.execute(sql, params or [])
    rows = cursor.fetchall()
    if not rows:
        return None
    return dict(zip([d[0] for d in cursor.description], rows[0], strict=True))


def fetch_rows(con: Con, sql: str, params: Sequence[Any] | dict | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def as_id(value: object) -> int | None:
    """An id or order number from an int or text ("42", " 42 "); None when it is not one
    (also for "1_000", signs and numbers beyond BIGINT, which DuckDB would refuse raw)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if not (text.isascii() and text.isdigit()):
            return None
        number = int(text)
    return number if 0 <= number < 2**63 else None


# The employee with the grant "Ordreinnstillinger" (employee_grants, migration 005) in one read.
_ACTOR_SELECT = (
    "SELECT e.id, e.name, e.role, e.active, EXISTS (SELECT 1 FROM employee_grants g"
    " WHERE g.employee_id = e.id AND g.grant_key = 'settings') AS settings_grant"
    " FROM employees e"
)


def _actor(row: dict) -> Actor:
    return Actor(row["id"], row["name"], row["role"], settings_grant=bool(row["settings_grant"]))


def load_actor(con: Con, actor: int | Actor | None) -> Actor:
    """The acting employee; must exist and be active."""
    if actor is None:
        raise PermissionDenied(
            "Ingen ansatt er oppgitt som utfører. Bruk --as ANSATT_ID eller sett AXOS_USER."
        )
    actor_id = actor.id if isinstance(actor, Actor) else actor
    row = fetch_row(con, f"{_ACTOR_SELECT} WHERE e.id = ?", [actor_id])
    if row is None:
        raise UnknownEmployee(f"Ansatt {actor_id} finnes ikke.")
    if not row["active"]:
        raise InactiveEmployee(f"Ansatt {row['name']} ({actor_id}) er deaktivert.")
    return _actor(row)


def acting_employee(con: Con, actor_id: int | None = None) -> Actor:
    """Who acts when no login says so: the given employee, else the first active admin (the
    rule of both the CLI and the app until the app has logins)."""
    if actor_id is not None:
        row = fetch_row(con, f"{_ACTOR_SELECT} WHERE e.id = ?", [actor_id])
        if row is None:
            raise UnknownEmployee(f"Ansatt {actor_id} finnes ikke.")
        return _actor(row)
    row = fetch_row(
        con, f"{_ACTOR_SELECT} WHERE e.role = 'admin' AND e.active ORDER BY e.id LIMIT 1"
    )
    if row is None:
        raise UnknownEmployee(
            "Databasen har ingen aktiv administrator. Legg til en med"
            " «axos employee add --name … --email … --admin», eller velg en ansatt med"
            " --as / AXOS_USER."
        )
    return _actor(row)


def load_flow(con: Con) -> StatusFlow:
    """The status flow. One UNION ALL round trip: it is read by every status change, and
    small queries cost DuckDB more per statement than per row."""
    rows = con.execute(
        "SELECT key, label, category, position, is_final, NULL AS target FROM statuses"
        " UNION ALL"
        " SELECT from_status, NULL, NULL, NULL, NULL, to_status FROM status_transitions"
    ).fetchall()
    statuses = [Status(*row[:5]) for row in rows if row[5] is None]
    transitions = [(row[0], row[5]) for row in rows if row[5] is not None]
    return StatusFlow(statuses, transitions)


def load_order(con: Con, order_no: object) -> dict:
    number = as_id(order_no)
    if number is None:
        raise UnknownOrder(f"«{order_no}» er ikke et ordrenummer.")
    row = fetch_row(con, "SELECT * FROM orders WHERE order_no = ?", [number])
    if row is None:
        raise UnknownOrder(f"Ordre {number} finnes ikke.")
    return row


def load_quote(con: Con, quote_id: object) -> dict:
    number = as_id(quote_id)
    if number is None:
        raise UnknownQuote(f"«{quote_id}» er ikke et tilbudsnummer.")
    row = fetch_row(con, "SELECT * FROM quotes WHERE id = ?", [number])
    if row is None:
        raise UnknownQuote(f"Tilbud {number} finnes ikke.")
    return row


def require_company(con: Con, company_id: object) -> dict:
    row = find_by_id(con, "companies", company_id)
    if row is None:
        raise UnknownCompany(f"Firma {company_id} finnes ikke.")
    return row


def require_contact(con: Con, contact_id: object) -> dict:
    row = find_by_id(con, "contacts", contact_id)
    if row is None:
        raise UnknownContact(f"Kontaktperson {contact_id} finnes ikke.")
    return row


def require_employee(con: Con, employee_id: object, role: str = "Vår kontakt") -> dict:
    row = find_by_id(con, "employees", employee_id)
    if row is None:
        raise UnknownEmployee(f"{role}: ansatt {employee_id} finnes ikke.")
    if not row["active"]:
        raise InactiveEmployee(f"{role}: ansatt {row['name']} ({employee_id}) er deaktivert.")
    return row


def require_project(con: Con, project_id: object) -> dict:
    row = find_by_id(con, "projects", project_id)
    if row is None:
        raise UnknownProject(f"Prosjekt {project_id} finnes ikke.")
    return row


_TABLES = {"companies", "contacts", "employees", "projects", "products", "quotes"}


def find_by_id(con: Con, table: str, record_id: object) -> dict | None:
    """The row of `table` with this id, or None (also for text that is not an id)."""
    assert table in _TABLES
    number = as_id(record_id)
    if number is None:
        return None
    return fetch_row(con, f"SELECT * FROM {table} WHERE id = ?", [number])


def load_file(con: Con, file_id: object) -> dict:
    number = as_id(file_id)
    if number is None:
        raise UnknownFile(f"«{file_id}» er ikke et fil-id.")
    row = fetch_row(con, "SELECT * FROM order_files WHERE id = ?", [number])
    if row is None:
        raise UnknownFile(f"Fil {number} finnes ikke.")
    return row
