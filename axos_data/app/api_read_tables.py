"""What the read API (api_read.py) may serve, table by table: READABLE_TABLES is the allow-list
(with per-table excluded columns and the tables that need the settings right), WITHHELD_TABLES
the tables no token reads. tests/e2e/test_api_read.py fails when a migration adds a table that
is in neither, and when any served column is named like a secret.

The caller is the API's identity, scope["api_user"]: None for the local owner token (every
right), otherwise a dict with at least the employee's "id".
"""

from __future__ import annotations

from dataclasses import dataclass

from axos_data import queries
from axos_data.access import Con, fetch_rows, load_actor
from axos_data.errors import PermissionDenied, UnknownTable


@dataclass(frozen=True)
class Readable:
    """A table the API serves: all its columns but `excluded`; `settings_right`: only the
    local owner token, an administrator or the grant «Ordreinnstillinger» may read it."""

    excluded: tuple[str, ...] = ()
    settings_right: bool = False


_ALL = Readable()

# Every table of the schema is named here or in WITHHELD_TABLES (a test enforces it).
READABLE_TABLES: dict[str, Readable] = {
    # master data
    "companies": _ALL,
    "company_numbers": _ALL,
    "inactive_companies": _ALL,
    "contacts": _ALL,
    "employees": _ALL,
    "projects": _ALL,
    "products": _ALL,
    # orders and quotes
    "orders": _ALL,
    "order_groups": _ALL,
    "order_lines": _ALL,
    "order_status_history": _ALL,
    "order_activity": _ALL,
    "order_search_terms": _ALL,
    "custom_fields": _ALL,
    "custom_field_values": _ALL,
    "quotes": _ALL,
    "quote_groups": _ALL,
    "quote_lines": _ALL,
    "relations": _ALL,
    "statuses": _ALL,
    "status_transitions": _ALL,
    # follow-up: visible on every order page to every employee
    "order_tasks": _ALL,
    "reminders": _ALL,
    "order_followers": _ALL,
    "notifications": _ALL,
    "order_files": _ALL,
    # finance
    "order_invoices": _ALL,
    "invoice_batches": _ALL,
    "invoice_batch_orders": _ALL,
    "payment_imports": _ALL,
    "payments": _ALL,
    "payment_reminders": _ALL,
    # settings: the company profile and numbering every confirmation shows (no secrets kept)
    "settings": _ALL,
    "counters": _ALL,
    "company_logo": _ALL,
    "schema_migrations": _ALL,
    # who changed settings and users, and who holds which grant: the settings desk's readers
    "audit_log": Readable(settings_right=True),
    "employee_grants": Readable(settings_right=True),
}

# Tables no token reads, with the reason (Norwegian: it is the error message's tail).
WITHHELD_TABLES: dict[str, str] = {
    "user_logins": "passordhasher",
    "login_attempts": "innloggingsforsøk med klientadresser og brukernavn",
    "api_tokens": "API-nøkler",  # per-employee tokens (their hashes)
}


def may_read_restricted(con: Con, user: dict | None) -> bool:
    """Whether the caller may read the settings-right tables: the local owner token (user
    None, full rights), an administrator, or the grant «Ordreinnstillinger». `user` is the
    API's identity, scope["api_user"]: None or a dict with the "employee_id" (api.py)."""
    if user is None:
        return True
    return load_actor(con, int(user["employee_id"])).may_manage_settings


def table_columns(con: Con) -> dict[str, list[tuple[str, str]]]:
    """(column, DuckDB type) of every base table, in table order."""
    tables: dict[str, list[tuple[str, str]]] = {}
    for row in fetch_rows(con, queries.sql("api_table_columns")):
        tables.setdefault(row["table_name"], []).append((row["column_name"], row["data_type"]))
    return tables


def readable_columns(con: Con, name: str, user: dict | None) -> list[tuple[str, str]]:
    """The columns of table `name` the caller may read, or UnknownTable / PermissionDenied."""
    spec = READABLE_TABLES.get(name)
    present = table_columns(con).get(name)
    if spec is None or present is None:
        raise UnknownTable(
            f"Tabellen «{name}» finnes ikke eller kan ikke leses gjennom API-et; "
            "GET /api/v1/tables viser de som kan."
        )
    if spec.settings_right and not may_read_restricted(con, user):
        raise PermissionDenied(
            f"Tabellen «{name}» kan bare leses av en administrator eller den som er gitt "
            "tilgang til ordreinnstillinger."
        )
    return [(c, t) for c, t in present if c not in spec.excluded]


def quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'
