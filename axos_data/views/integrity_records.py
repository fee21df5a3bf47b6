"""The invariant checks of the team and finance tables: follow-up, files, logins, payments and
invoices (the order checks are in views.integrity, which lists them all in CHECKS)."""

from __future__ import annotations

from axos_data.access import Con, fetch_rows
from axos_data.views.integrity_base import Problem, query_rows

_RECORDS = {
    "task": "oppgave",
    "reminder": "påminnelse",
    "follower": "følging av ansatt",
    "notification": "varsel",
}
_FOLLOWUP = {
    "missing_order": "{record} {record_id} peker på ordre {order_no}, som ikke finnes",
    "missing_employee": "{record} {record_id} peker på ansatt {other_id}, som ikke finnes",
    "notification_source": "{record} {record_id} peker på en aktivitet eller påminnelse"
    " ({other_id}) som ikke finnes eller hører til en annen ordre eller ansatt",
    "reminder_fired": "{record} {record_id} har {other_id} varsler; en utløst påminnelse skal"
    " ha nøyaktig ett, en ventende ingen",
}


def followup(con: Con) -> list[Problem]:
    """Tasks, reminders, followers and notifications point at what exists; each fired
    reminder has exactly one notification."""
    return [
        Problem(
            "followup",
            r["order_no"],
            f"Ordre {r['order_no']}: "
            + _FOLLOWUP[r["problem"]].format(**{**r, "record": _RECORDS[r["record"]]})
            + ".",
        )
        for r in query_rows(con, "integrity_followup")
    ]


def file_blobs(con: Con) -> list[Problem]:
    """Every file row's content exists in the file store beside the database (existence only:
    hashing every file belongs to a read, which verifies the one it serves)."""
    from axos_data import filestore
    from axos_data.errors import FileStoreUnavailable

    try:
        store = filestore.store_dir(con)
    except FileStoreUnavailable:
        return []  # an in-memory database has no store, and no file can have been added
    if not con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database()"
        " AND table_name = 'order_files'"
    ).fetchall()[0][0]:
        return []  # a backup from before files existed, opened read-only (not migrated)
    missing = [
        r["sha256"]
        for r in query_rows(con, "integrity_file_hashes")
        if not filestore.exists(store, r["sha256"])
    ]
    if not missing:
        return []
    rows = fetch_rows(
        con,
        "SELECT id, order_no, name FROM order_files WHERE list_contains($missing, sha256)"
        " ORDER BY id",
        {"missing": missing},
    )
    return [
        Problem(
            "file_blobs",
            r["order_no"],
            f"Ordre {r['order_no']}: innholdet i filen «{r['name']}» (fil {r['id']}) mangler i"
            f" fillageret {store}. Gjenopprett fra sikkerhetskopi, eller fjern filen.",
        )
        for r in rows
    ]


_USER_PROBLEMS = {
    "login_orphan": "Innlogging for ansatt {employee_id}, som ikke finnes",
    "grant_orphan": "Tilgang gitt til ansatt {employee_id}, som ikke finnes",
    "not_a_hash": "Passordet til ansatt {employee_id} er ikke lagret som en scrypt-hash",
}


def users(con: Con) -> list[Problem]:
    """Logins and grants belong to employees; every stored password is a hash."""
    return [
        Problem("users", None, _USER_PROBLEMS[r["problem"]].format(**r) + ".")
        for r in query_rows(con, "integrity_user_rows")
    ]


_PAYMENT_PROBLEMS = {
    "payment_without_order": (
        "Innbetaling {record_id} er koblet til ordre {order_no}, som ikke finnes"
    ),
    "reminder_without_order": "Purring {record_id} gjelder ordre {order_no}, som ikke finnes",
    "payment_without_import": "Innbetaling {record_id} hører ikke til noen import",
}


def payments(con: Con) -> list[Problem]:
    """Every matched payment and every reminder belongs to an order that exists, and every
    payment to the import that stored it (no foreign keys: see migration 010)."""
    return [
        Problem("payments", r["order_no"], _PAYMENT_PROBLEMS[r["problem"]].format(**r) + ".")
        for r in query_rows(con, "integrity_payment_references")
    ]


_INVOICE_PROBLEMS = {
    "batch_mismatch": (
        "Fakturagrunnlag {batch_id} oppgir faktura {invoice_no} for ordre {order_no}, men"
        " ordren har fakturanummer {recorded}"
    ),
    "duplicate": "Fakturanummer {invoice_no} er gitt til {recorded} ordrer",
    "counter_behind": (
        "Telleren for fakturanumre står på {recorded}, men faktura {invoice_no} finnes;"
        " neste eksport ville gitt et brukt nummer på nytt"
    ),
}


def invoices(con: Con) -> list[Problem]:
    """Invoice numbers are never reused: each batch row agrees with the number its order
    was given, no number belongs to two orders, and the counter is past every number."""
    return [
        Problem("invoices", r["order_no"], _INVOICE_PROBLEMS[r["problem"]].format(**r) + ".")
        for r in query_rows(con, "integrity_invoice_rows")
    ]
