"""The analysts' client of a running app: live tables and views as polars DataFrames, or in a
DuckDB of their own for SQL, from a notebook on this machine or another one.

    import axos_data.remote as remote
    axos = remote.connect()                    # the app running on $AXOS_DB / data/axos.duckdb
    axos = remote.connect("http://server:2718", token="…")   # or $AXOS_URL / $AXOS_TOKEN
    axos.tables()                              # name, rows
    lines = axos.table("order_lines", columns=["order_no", "amount"])
    funnel = axos.view("funnel", date_from="2025-01-01", employee_id=3)
    con = axos.register(tables=["orders", "companies"])
    con.sql("SELECT c.name, sum(o.total) FROM orders o JOIN companies c ON c.id = o.customer_id"
            " GROUP BY 1")

Answers come as Arrow IPC streams (api_read.py) and are read as they arrive; errors the app
reports are raised as the same AxosError subclass (remote_channel's mapping).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING

from axos_data import db
from axos_data.errors import RemoteAppError
from axos_data.remote_channel import API_PREFIX, RemoteApp, error_from, find_app

if TYPE_CHECKING:
    import duckdb
    import polars as pl
    import pyarrow as pa

FORMATS = ("arrow", "parquet", "csv")
READ_TIMEOUT = 600.0  # seconds without a byte from the app before giving up


def connect(url: str | None = None, token: str | None = None) -> Remote:
    """The app at `url` with `token` (default $AXOS_URL and $AXOS_TOKEN); without either, the
    app running on this machine for $AXOS_DB (default data/axos.duckdb), found through its
    server file."""
    url = url or os.environ.get("AXOS_URL") or None
    token = token or os.environ.get("AXOS_TOKEN") or None
    if url and token:
        return Remote(url, token)
    if url or token:
        raise RemoteAppError(
            "Oppgi både adressen og nøkkelen til appen (url og token, eller AXOS_URL og "
            "AXOS_TOKEN)."
        )
    path = db.default_db_path()
    app = find_app(path)
    if app is None:
        raise RemoteAppError(
            f"Fant ingen kjørende app for {path}. Start den med `axos app`, eller oppgi url og "
            "token (AXOS_URL og AXOS_TOKEN)."
        )
    return Remote(app.url, app.token)


def _query_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _query(params: Mapping[str, object]) -> str:
    """Query string; a list or tuple repeats the parameter (status=a&status=b), None is left
    out."""
    pairs = []
    for key, value in params.items():
        if value is None:
            continue
        values = value if isinstance(value, list | tuple | set) else [value]
        pairs += [(key, _query_value(v)) for v in values]
    return urllib.parse.urlencode(pairs)


class Remote:
    """A running app's data. Every call is one request, read in one transaction there."""

    def __init__(self, url: str, token: str):
        self.url = url.rstrip("/")
        self.token = token
        self._json = RemoteApp(self.url, token, pid=0)

    def __repr__(self) -> str:
        return f"Remote({self.url!r})"

    # --- listings ---

    def tables(self) -> pl.DataFrame:
        """The tables this token may read: name and row count."""
        import polars as pl

        answer = self._json.call("GET", "/tables")["tables"]
        return pl.DataFrame(
            [{"name": t["name"], "rows": t["rows"]} for t in answer],
            schema={"name": pl.String, "rows": pl.Int64},
        )

    def views(self) -> pl.DataFrame:
        """The views: name, Norwegian title and the parameters each takes."""
        import polars as pl

        answer = self._json.call("GET", "/views")["views"]
        return pl.DataFrame(
            answer, schema={"name": pl.String, "title": pl.String, "parameters": pl.List(pl.String)}
        )

    # --- reading ---

    def table(
        self,
        name: str,
        columns: Iterable[str] | None = None,
        *,
        limit: int | None = None,
        format: str = "arrow",
    ) -> pl.DataFrame:
        """Table `name` (its readable columns, or `columns`); `format` chooses what travels
        (Arrow keeps every type; Parquet too; CSV is read back with inferred types)."""
        return self._frame(f"/tables/{urllib.parse.quote(name, safe='')}", columns, limit, format)

    def view(self, name: str, **filters: object) -> pl.DataFrame:
        """View `name` (orders, overview, funnel, … see `views()`) with the filters as the
        view's query parameters: `view("orders", status=["fakturert"], customer=12)`."""
        columns = filters.pop("columns", None)
        limit = filters.pop("limit", None)
        fmt = str(filters.pop("format", "arrow"))
        path = f"/views/{urllib.parse.quote(name, safe='')}"
        return self._frame(path, columns, limit, fmt, filters)

    @contextmanager
    def stream(self, path: str, params: Mapping[str, object] | None = None) -> Iterator:
        """`with axos.stream("/tables/order_lines") as reader:` a pyarrow RecordBatchReader
        over the answer, batch by batch as it arrives."""
        import pyarrow as pa

        with self._open(path, {**(params or {}), "format": "arrow"}) as response:
            yield pa.ipc.open_stream(response)

    def register(
        self,
        duckdb_con: duckdb.DuckDBPyConnection | None = None,
        tables: Iterable[str] | None = None,
    ) -> duckdb.DuckDBPyConnection:
        """Load tables (default: every readable one) into a DuckDB connection (default: a new
        in-memory one) as tables of the same names, streamed in batch by batch, and return
        it. A copy as of now: call again to refresh."""
        import duckdb

        con = duckdb_con if duckdb_con is not None else duckdb.connect()
        names = list(tables) if tables is not None else self.tables()["name"].to_list()
        for name in names:
            with self.stream(f"/tables/{urllib.parse.quote(name, safe='')}") as reader:
                con.register("_axos_incoming", reader)
                try:
                    quoted = '"' + name.replace('"', '""') + '"'
                    con.execute(f"CREATE OR REPLACE TABLE {quoted} AS SELECT * FROM _axos_incoming")
                finally:
                    con.unregister("_axos_incoming")
        return con

    # --- plumbing ---

    def _frame(self, path, columns, limit, fmt, params=None) -> pl.DataFrame:
        import polars as pl

        if fmt not in FORMATS:
            raise RemoteAppError(f"Ukjent format «{fmt}»; bruk {', '.join(FORMATS)}.")
        query = {**(params or {}), "format": fmt, "limit": limit}
        if columns is not None:
            query["columns"] = ",".join(columns)
        with self._open(path, query) as response:
            if fmt == "arrow":
                import pyarrow as pa

                table: pa.Table = pa.ipc.open_stream(response).read_all()
                return pl.from_arrow(table)  # type: ignore[return-value]
            body = io.BytesIO(response.read())
        return pl.read_parquet(body) if fmt == "parquet" else pl.read_csv(body)

    @contextmanager
    def _open(self, path: str, params: Mapping[str, object]):
        query = _query(params)
        request = urllib.request.Request(
            f"{self.url}{API_PREFIX}{path}" + (f"?{query}" if query else ""),
            headers={"Authorization": f"Bearer {self.token}"},
        )
        try:
            response = urllib.request.urlopen(request, timeout=READ_TIMEOUT)
        except urllib.error.HTTPError as error:
            raise error_from(error) from None
        except OSError as error:
            raise RemoteAppError(
                f"Fikk ikke svar fra appen på {self.url}: {getattr(error, 'reason', error)}."
            ) from None
        import pyarrow as pa

        with response:
            try:
                yield response
            except (OSError, pa.ArrowException) as error:
                raise RemoteAppError(
                    f"Svaret fra appen på {self.url} ble avbrutt underveis: {error}."
                ) from None
