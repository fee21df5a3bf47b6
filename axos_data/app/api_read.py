"""Reading for analysts, live: tables and views of the running app as Arrow, Parquet or CSV.

`GET /api/v1/tables` lists the tables the caller may read (columns, row counts);
`GET /api/v1/tables/{name}` and `GET /api/v1/views/{view}?filters…` stream one of them as an
Arrow IPC stream (`application/vnd.apache.arrow.stream`), or Parquet (`?format=parquet`) or
CSV (`?format=csv`); `?columns=a,b` and `?limit=N` narrow it. `GET /api/v1/views` lists the
views and their parameters. The client is axos_data/remote.py.

Each request reads in one worker thread, on that thread's own cursor (context.cursor()), inside
one transaction: every batch of an answer comes from the same snapshot of the database even
while others write. Rows go from DuckDB's Arrow reader to the socket a batch at a time, with a
bounded queue between the thread and the event loop, so the 5M-line `order_lines` never sits
whole in memory and a slow reader slows the query rather than filling the server's memory.

What may leave the process is decided in api_read_tables.py (an allow-list of tables), the
formats are written by api_read_encode.py, the views are chosen in api_read_views.py.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import anyio
import anyio.from_thread
import anyio.to_thread
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from axos_data import queries
from axos_data.access import Con, fetch_rows
from axos_data.app import context
from axos_data.app.api_read_encode import Encoder
from axos_data.app.api_read_tables import (
    READABLE_TABLES,
    may_read_restricted,
    quoted,
    readable_columns,
    table_columns,
)
from axos_data.app.api_read_views import VIEWS, view_frame
from axos_data.errors import (
    AxosError,
    InvalidChoice,
    PermissionDenied,
    UnknownTable,
    UnknownView,
)
from axos_data.model import parse_int
from axos_data.remote_channel import API_PREFIX

ARROW_STREAM = "application/vnd.apache.arrow.stream"
MEDIA_TYPES = {
    "arrow": ARROW_STREAM,
    "parquet": "application/vnd.apache.parquet",
    "csv": "text/csv; charset=utf-8",
}
SUFFIXES = {"arrow": "arrows", "parquet": "parquet", "csv": "csv"}
# Rows per Arrow batch: big enough that per-batch overhead vanishes, small enough that a few
# batches in flight stay a few MB (order_lines: ~100 bytes a row).
BATCH_ROWS = 64 * 1024
# Batches the reading thread may run ahead of the socket.
QUEUE_BATCHES = 4


def _chosen(available: list[str], wanted: str | None, what: str) -> list[str]:
    """The `?columns=a,b` subset (in the order asked), or every available column."""
    if not wanted:
        return available
    names = [n.strip() for n in wanted.split(",") if n.strip()]
    unknown = [n for n in names if n not in available]
    if unknown or not names:
        raise InvalidChoice(
            f"Kolonnen «{unknown[0] if unknown else wanted}» finnes ikke i {what}; "
            f"bruk {', '.join(available)}."
        )
    return list(dict.fromkeys(names))


def _limit(value: str | None) -> int | None:
    return None if value in (None, "") else parse_int(value, "Antall rader", minimum=0)


def _format(value: str | None) -> str:
    fmt = (value or "arrow").strip().lower()
    if fmt not in MEDIA_TYPES:
        raise InvalidChoice(f"Ukjent format «{value}»; bruk {', '.join(MEDIA_TYPES)}.")
    return fmt


# --- streaming from a worker thread ------------------------------------------------------------

# prepare(cursor) -> an Arrow RecordBatchReader; runs in the worker thread, in the transaction.
Prepare = Callable[[Con], object]


class _Ready:
    """The first message of a stream that will deliver: the schema was read without error."""


class StreamedAnswer:
    """An ASGI answer whose body a worker thread reads from DuckDB, batch by batch.

    An AxosError raised while preparing (unknown column, bad filter) becomes the usual JSON
    error; after that the answer streams. A client that goes away stops the query."""

    def __init__(self, prepare: Prepare, fmt: str, name: str):
        self.prepare = prepare
        self.fmt = fmt
        self.name = name

    def _work(self, sender, stopped: threading.Event) -> None:
        def emit(item: object) -> bool:
            try:
                anyio.from_thread.run(sender.send, item)
            except (anyio.BrokenResourceError, anyio.ClosedResourceError):
                return False
            return not stopped.is_set()

        cursor = context.cursor()
        cursor.begin()
        reader = None
        try:
            try:
                reader = self.prepare(cursor)
                encoder = Encoder(self.fmt, reader.schema)
            except AxosError as error:
                emit(error)
                return
            if not emit(_Ready()):
                return
            for batch in reader:
                chunk = encoder.write(batch)
                if chunk and not emit(chunk):
                    return
            emit(encoder.close())
        finally:
            # DuckDB refuses the next statement on a cursor whose result was left half read
            # (the client hung up): close it, then end the read (nothing to keep).
            if reader is not None:
                reader.close()
            cursor.rollback()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        sender, receiver = anyio.create_memory_object_stream[object](QUEUE_BATCHES)
        stopped = threading.Event()

        async def produce() -> None:
            async with sender:
                await anyio.to_thread.run_sync(self._work, sender, stopped)

        async with anyio.create_task_group() as group:
            group.start_soon(produce)
            try:
                await self._answer(receiver, scope, receive, send)
            finally:
                stopped.set()
                receiver.close()

    async def _answer(self, receiver, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            first = await receiver.receive()
        except anyio.EndOfStream:
            return  # the worker failed; its exception ends the request
        if isinstance(first, AxosError):
            await error_response(first)(scope, receive, send)
            return
        headers = [(b"content-type", MEDIA_TYPES[self.fmt].encode())]
        if self.fmt != "arrow":
            filename = f"{self.name}.{SUFFIXES[self.fmt]}"
            headers.append((b"content-disposition", f'attachment; filename="{filename}"'.encode()))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        async with anyio.create_task_group() as watching:

            async def until_disconnect() -> None:
                while (await receive())["type"] != "http.disconnect":
                    pass
                watching.cancel_scope.cancel()

            watching.start_soon(until_disconnect)
            async for chunk in receiver:
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
            watching.cancel_scope.cancel()


def error_response(error: AxosError) -> JSONResponse:
    """The API's JSON error (api.py's shape); 404 for a table or view that is not there, 403
    for a missing right."""
    if isinstance(error, UnknownTable | UnknownView):
        status = 404
    elif isinstance(error, PermissionDenied):
        status = 403
    else:
        status = 400
    return JSONResponse({"error": type(error).__name__, "message": str(error)}, status_code=status)


# --- the endpoints -----------------------------------------------------------------------------


def _user(request: Request) -> dict | None:
    return request.scope.get("api_user")


async def list_tables(request: Request) -> Response:
    user = _user(request)

    def work() -> dict:
        cursor = context.cursor()
        cursor.begin()
        try:
            present = table_columns(cursor)
            restricted_ok = may_read_restricted(cursor, user)
            tables = []
            for name in sorted(set(present) & set(READABLE_TABLES)):
                spec = READABLE_TABLES[name]
                if spec.settings_right and not restricted_ok:
                    continue
                count = fetch_rows(cursor, queries.sql("api_table_count", table=quoted(name)))
                columns = [
                    {"name": c, "type": t} for c, t in present[name] if c not in spec.excluded
                ]
                tables.append({"name": name, "rows": count[0]["row_count"], "columns": columns})
            return {"tables": tables}
        finally:
            cursor.rollback()

    try:
        return JSONResponse(await run_in_threadpool(work))
    except AxosError as error:
        return error_response(error)


async def read_table(request: Request) -> Response:
    name = request.path_params["name"]
    params = request.query_params
    user = _user(request)

    def prepare(cursor: Con):
        fmt = _format(params.get("format"))
        present = readable_columns(cursor, name, user)
        types = dict(present)
        chosen = _chosen([c for c, _ in present], params.get("columns"), f"tabellen «{name}»")
        # CSV has no bytes: a BLOB goes out as base64 text there (Arrow/Parquet keep bytes).
        selected = ", ".join(
            f"base64({quoted(c)}) AS {quoted(c)}"
            if fmt == "csv" and types[c] == "BLOB"
            else quoted(c)
            for c in chosen
        )
        sql = queries.sql("api_table_rows", columns=selected, table=quoted(name))
        relation = cursor.sql(sql, params={"limit": _limit(params.get("limit"))})
        return relation.to_arrow_reader(BATCH_ROWS)

    return await _streamed(params.get("format"), name, prepare)


async def list_views(request: Request) -> Response:
    return JSONResponse(
        {
            "views": [
                {"name": v.name, "title": v.title, "parameters": list(v.parameters)}
                for v in VIEWS.values()
            ]
        }
    )


async def read_view(request: Request) -> Response:
    name = request.path_params["view"]
    params = request.query_params

    def prepare(cursor: Con):
        _format(params.get("format"))
        import polars as pl
        import pyarrow as pa

        frame, limit_taken = view_frame(cursor, name, params)
        frame = frame.select(_chosen(frame.columns, params.get("columns"), f"visningen «{name}»"))
        if not limit_taken and (limit := _limit(params.get("limit"))) is not None:
            frame = frame.head(limit)
        table = frame.to_arrow(compat_level=pl.CompatLevel.oldest())
        return pa.RecordBatchReader.from_batches(table.schema, table.to_batches(BATCH_ROWS))

    return await _streamed(params.get("format"), name, prepare)


async def _streamed(fmt_param: str | None, name: str, prepare: Prepare) -> Response:
    try:
        fmt = _format(fmt_param)
    except AxosError as error:
        return error_response(error)
    return StreamedAnswer(prepare, fmt, name)  # type: ignore[return-value]


def routes() -> list[Route]:
    """The read endpoints, for api.build_api."""
    return [
        Route(f"{API_PREFIX}/tables", list_tables, methods=["GET"]),
        Route(f"{API_PREFIX}/tables/{{name}}", read_table, methods=["GET"]),
        Route(f"{API_PREFIX}/views", list_views, methods=["GET"]),
        Route(f"{API_PREFIX}/views/{{view}}", read_view, methods=["GET"]),
    ]
