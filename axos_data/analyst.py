"""Read-only data for analysts' own notebooks: the same object live in the app and on a snapshot.

How to write one
----------------
An analyst's notebook is an ordinary marimo notebook (`marimo edit min_analyse.py`) that gets
its data from one call::

    import marimo as mo
    from axos_data import analyst

    data = analyst.source()            # live in the app, a snapshot elsewhere
    orders = data.orders(categories=["open"])          # the order list, with filters
    lines = data.table("order_lines", columns=["order_no", "amount"])  # a table, or part
    con = data.duckdb(orders=orders)                   # your own SQL on what you read
    per_customer = con.sql("SELECT customer_name, sum(total) FROM orders GROUP BY 1").pl()

On your own machine, point it at a snapshot folder (`axos snapshot --out DIR`, or the folder
`axos app --snapshot-dir` keeps fresh): `AXOS_SNAPSHOT=DIR marimo edit min_analyse.py`, or
`analyst.source("DIR")`. To publish it, drop the file into the folder the app serves with
`axos app --notebooks DIR`: it appears at `/analyse/<file name without .py>/` (lower-case
letters, digits, `_` and `-` only), behind the app's login, and there `analyst.source()` reads
the live database. The snapshot argument is ignored in the app, so the same file works in
both places unchanged.

What it offers: `tables()`, `table(name, columns=None)`, `orders(**filters)`,
`overview(kind, id)`,
`view(name, **args)` / `views()` for the library's other read views, `analytics(name, **args)`
when the library has analytics views, and `duckdb(*tables, **frames)`: a separate in-memory
DuckDB with those frames registered. There is deliberately no raw SQL on the source itself:
in the app it would run on the app's read-write connection, where DuckDB has no read-only
mode, and a query can write tables or files (`COPY … TO`). Password hashes, login attempts
and tokens are never offered (axos_data.exposure, the same list snapshots leave out).

The object is the interface, not a sandbox: a published notebook is Python run in the app's
process, so whoever may write into the notebook folder decides what runs there (the app
refuses files and folders every user may write; see app/analyst_pages.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import importlib.util
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from axos_data import exposure, search, views
from axos_data.errors import InvalidChoice, NoDataSource, PermissionDenied, UnknownTable

if TYPE_CHECKING:
    import polars as pl

    from axos_data.model import Actor

SNAPSHOT_ENV = "AXOS_SNAPSHOT"

# Never offered: login secrets and the security log, the same list snapshots leave out
# (axos_data.exposure); columns whose names look like secrets are dropped from other tables.
# Derived tables (the search index) are not offered either: they are no data of their own.
SECRET_TABLES = exposure.EXCLUDED_TABLES
# Readable only by an admin in the app, as the «Endringslogg» page.
ADMIN_TABLES = frozenset({"audit_log"})


def _ensure_search_index(con) -> None:
    """A snapshot leaves the derived word index out (exposure.DERIVED_TABLES); the order
    list's search needs it, so the snapshot's own in-memory database builds it on first use
    (the live database always has it). On 1,000,000 orders that takes ~20 s, once per source;
    unsorted, since a lookup in memory is a few milliseconds either way."""
    present = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_catalog = current_database()"
        " AND table_schema = 'main' AND table_name = 'order_search_terms'"
    ).fetchall()[0][0]
    if not present:
        con.execute("CREATE TABLE order_search_terms (term VARCHAR NOT NULL, order_no BIGINT)")
        low, high = con.execute("SELECT min(order_no), max(order_no) FROM orders").fetchall()[0]
        if low is not None:
            search.refresh_order_range(con, low, high)


def _orders(con, *, sort: str | None = None, custom_fields=(), **filters) -> pl.DataFrame:
    if filters.get("search"):
        _ensure_search_index(con)
    return views.export_orders(
        con, views.OrderFilter(**filters), sort=sort, custom_fields=custom_fields
    )


# The library's read views an analyst may call by name: view(name, **arguments).
READ_VIEWS: dict[str, Callable[..., Any]] = {
    "orders": _orders,
    "order_detail": views.order_detail,
    "order_activity": views.order_activity,
    "status_history": views.status_history,
    "overview": views.overview,
    "companies": views.companies,
    "contacts": views.contacts,
    "employees": views.employees,
    "projects": views.projects,
    "products": views.products,
    "statuses": views.statuses,
    "quotes": views.quotes,
    "overdue_orders": views.overdue_orders,
    "receivables_ageing": views.receivables_ageing,
    "receivables_summary": views.receivables_summary,
    "payments": views.payments,
    "payment_differences": views.payment_differences,
}


def _analytics():
    """`axos_data.views.analytics` once the library has it (None before): its `ANALYTICS`
    registry (key -> Analysis with `run(con, filter, **options)` and `options`) and its
    `AnalyticsFilter`."""
    if importlib.util.find_spec("axos_data.views.analytics") is None:
        return None
    return importlib.import_module("axos_data.views.analytics")


def _run_analysis(con, name: str, arguments: dict[str, object]) -> Any:
    module = _analytics()
    registry = getattr(module, "ANALYTICS", {}) if module else {}
    if name not in registry:
        known = ", ".join(sorted(registry)) or "ingen ennå"
        raise InvalidChoice(f"Ukjent analyse «{name}». Kjente: {known}.")
    analysis = registry[name]
    filter_fields = {f.name for f in dataclasses.fields(module.AnalyticsFilter)}
    allowed = filter_fields | set(analysis.options)
    unknown = sorted(set(arguments) - allowed)
    if unknown:
        raise InvalidChoice(
            f"Analysen «{name}» kjenner ikke «{unknown[0]}». Bruk: {', '.join(sorted(allowed))}."
        )
    flt = module.AnalyticsFilter(**{k: v for k, v in arguments.items() if k in filter_fields})
    options = {k: v for k, v in arguments.items() if k not in filter_fields}
    return analysis.run(con, flt, **options)


class Source:
    """The read functions of one data source. Only reads are reachable from here: the
    connection is behind a private function and no write of the library is offered."""

    __slots__ = ("_actor", "_connect", "kind", "label")

    def __init__(
        self,
        connect: Callable[[], duckdb.DuckDBPyConnection],
        kind: str,
        label: str,
        actor: Actor | None = None,
    ):
        self._connect = connect
        self._actor = actor
        self.kind = kind  # "live" or "snapshot"
        self.label = label  # Norwegian, for the notebook to show where its numbers come from

    def __repr__(self) -> str:
        return f"<analyst.Source {self.kind}: {self.label}>"

    def tables(self) -> list[str]:
        """The tables offered, sorted by name."""
        rows = (
            self._connect()
            .execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
                " AND schema_name = 'main' AND NOT temporary"
                " UNION SELECT view_name FROM duckdb_views()"
                " WHERE database_name = current_database()"
                " AND schema_name = 'main' AND NOT temporary AND NOT internal"
            )
            .fetchall()
        )
        names = {
            name
            for (name,) in rows
            if exposure.table_exported(name) and name not in exposure.DERIVED_TABLES
        }
        if self._actor is not None and not self._actor.is_admin:
            names -= ADMIN_TABLES
        return sorted(names)

    def table(self, name: str, columns: list[str] | None = None) -> pl.DataFrame:
        """A whole table, in stored order, with the database's column types; `columns` reads
        only those (much faster on the big tables)."""
        if name in ADMIN_TABLES and self._actor is not None and not self._actor.is_admin:
            raise PermissionDenied(f"Tabellen «{name}» kan bare leses av en administrator.")
        if name not in self.tables():
            raise UnknownTable(
                f"Tabellen «{name}» finnes ikke eller kan ikke leses her. Se data.tables()."
            )
        con = self._connect()
        known = [
            c
            for c in con.sql(f'SELECT * FROM "{name}" LIMIT 0').columns
            if exposure.column_exported(c)
        ]
        columns = known if columns is None else columns
        unknown = [c for c in columns if c not in known]
        if unknown or not columns:
            raise InvalidChoice(
                f"Tabellen «{name}» har ingen kolonne «{unknown[0] if unknown else ''}»."
                f" Kolonner: {', '.join(known)}."
            )
        listed = ", ".join(f'"{c}"' for c in columns)
        return con.sql(f'SELECT {listed} FROM "{name}"').pl()

    def orders(self, *, sort: str | None = None, custom_fields=(), **filters) -> pl.DataFrame:
        """Every order matching the filters of the order list (views.OrderFilter: statuses,
        categories, customer_id, our_contact_id, project_id, date_from, date_to, search …)."""
        return _orders(self._connect(), sort=sort, custom_fields=custom_fields, **filters)

    def overview(self, kind: str, key: object, *, recent: int = 10) -> views.Overview:
        """The overview of one record; kind: customer, contact, employee or project."""
        return views.overview(self._connect(), kind, key, recent=recent)

    def views(self) -> list[str]:
        """Names `view()` and `analytics()` accept."""
        module = _analytics()
        analyses = getattr(module, "ANALYTICS", {}) if module else {}
        return sorted(READ_VIEWS) + sorted(f"analytics:{name}" for name in analyses)

    def view(self, name: str, *args: object, **kwargs: object) -> Any:
        """One of the library's read views by name, e.g. view("receivables_ageing")."""
        if name.startswith("analytics:"):
            return self.analytics(name.removeprefix("analytics:"), **kwargs)
        if name not in READ_VIEWS:
            raise InvalidChoice(f"Ukjent visning «{name}». Kjente: {', '.join(self.views())}.")
        return READ_VIEWS[name](self._connect(), *args, **kwargs)

    def analytics(self, name: str, **arguments: object) -> Any:
        """One pipeline analytics view (axos_data.views.analytics) by name, with the filter
        fields (date_from, date_to, employee_id, customer_id, project_id, status_category) and
        its own options (grain="week" …) as keyword arguments."""
        return _run_analysis(self._connect(), name, arguments)

    def duckdb(self, *tables: str, **frames: pl.DataFrame) -> duckdb.DuckDBPyConnection:
        """A new in-memory DuckDB of its own with the named tables and the given frames
        registered as views, for SQL on what was read: nothing in it reaches the source."""
        con = duckdb.connect(":memory:")
        for name in tables:
            con.register(name, self.table(name))
        for name, frame in frames.items():
            con.register(name, frame)
        return con


def live_source() -> Source:
    """The app's own database, read through this thread's cursor, as the logged-in employee
    (in the served app a request without one is refused, as on every page)."""
    from axos_data.app import context

    actor = context.actor()
    return Source(context.cursor, "live", f"Levende data (lest som {actor.name})", actor)


def snapshot_source(folder: Path | str) -> Source:
    """A snapshot written by `axos snapshot` (its folder, or the folder whose `current` it
    follows), as of the moment it was taken; open it again for a newer one."""
    from axos_data import snapshot

    path = Path(folder).expanduser()
    if not path.is_dir():
        raise NoDataSource(
            f"Snapshot-mappen «{path}» finnes ikke. Lag en med «axos snapshot --out {path}»."
        )
    version = snapshot.resolve(path)
    taken = _shown_time(snapshot.read_manifest(version).get("taken_at"))
    con = snapshot.open(version)
    return Source(lambda: con, "snapshot", f"Snapshot {taken} fra {version}")


def _shown_time(value: object) -> str:
    try:
        return dt.datetime.fromisoformat(str(value)).strftime("%d.%m.%Y %H:%M")
    except ValueError:
        return "(ukjent tidspunkt)"


def in_app() -> bool:
    """Whether this notebook runs in the served app (a page request through the login gate)."""
    from axos_data.app import context

    return context.request_user() is not None


def source(snapshot_dir: Path | str | None = None) -> Source:
    """Live data in the app; elsewhere the snapshot in `snapshot_dir` or $AXOS_SNAPSHOT."""
    if in_app():
        return live_source()
    folder = snapshot_dir or os.environ.get(SNAPSHOT_ENV)
    if not folder:
        raise NoDataSource(
            "Ingen data å lese: utenfor appen trenger notatboken en snapshot-mappe. Lag en med"
            " «axos snapshot --out MAPPE» og start med AXOS_SNAPSHOT=MAPPE, eller gi mappen til"
            ' analyst.source("MAPPE").'
        )
    return snapshot_source(folder)
