"""What the server does to the HTML of a notebook page before the browser gets it.

- `CachedPages`: marimo's run mode loads and parses the notebook file again for every page
  request, on the event loop (about 45 ms for ordre.py on an idle machine, and nothing else
  in the process moves meanwhile). Its answer is the same for every request of a page until
  the file changes, so it is kept, per path, keyed by the file's modification time.
- `with_first_paint`: the order list and the order page get a server-rendered preview of
  their main content in front of marimo's document (first_paint.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from axos_data.app import first_paint, pages

# Pages whose HTML carries a server-rendered first paint (first_paint.py).
PREVIEW_PATHS = {"/ordre/", "/ordrer/"}
# Query parameters marimo's page route itself reads: with them the answer is not kept.
MARIMO_PARAMS = ("file", "access_token")
CONDITIONAL = {b"if-none-match", b"if-modified-since"}


@dataclass
class _Answer:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


async def _collect(app: ASGIApp, scope: Scope, receive: Receive) -> _Answer:
    """Run `app` for one request and keep its whole answer."""
    start: dict = {}
    chunks: list[bytes] = []

    async def keep(message: dict) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, keep)
    return _Answer(start.get("status", 500), list(start.get("headers", [])), b"".join(chunks))


async def _send(send: Send, answer: _Answer, prefix: bytes = b"") -> None:
    headers = [(k, v) for k, v in answer.headers if k.lower() != b"content-length"]
    body = prefix + answer.body
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _is_page(answer: _Answer) -> bool:
    headers = {k.lower(): v for k, v in answer.headers}
    return (
        answer.status == 200
        and headers.get(b"content-type", b"").startswith(b"text/html")
        and b"set-cookie" not in headers
    )


class CachedPages:
    """Keeps marimo's HTML answer of each notebook page until its notebook file changes."""

    def __init__(self, app: ASGIApp, folder: Path):
        self.app = app
        self.files = {f"/{page.slug}/": folder / page.file for page in pages.PAGES}
        self.kept: dict[str, tuple[float, _Answer]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        file = self.files.get(path)
        if scope["type"] != "http" or scope["method"] != "GET" or file is None:
            await self.app(scope, receive, send)
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        if any(name in query for name in MARIMO_PARAMS):
            await self.app(scope, receive, send)
            return
        try:
            stamp = os.stat(file).st_mtime
        except OSError:
            stamp = -1.0
        kept = self.kept.get(path)
        if kept is None or kept[0] != stamp:
            # A full answer to keep, never marimo's 304 to one browser's cached copy.
            headers = [h for h in scope["headers"] if h[0].lower() not in CONDITIONAL]
            answer = await _collect(self.app, {**scope, "headers": headers}, receive)
            if not _is_page(answer):
                await _send(send, answer)
                return
            kept = (stamp, answer)
            self.kept[path] = kept
        await _send(send, kept[1])


def with_first_paint(app: ASGIApp) -> ASGIApp:
    """Put a server-rendered preview of the page's main content in front of marimo's HTML
    for the order list and the order page; every other answer passes unchanged."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or scope["method"] != "GET" or path not in PREVIEW_PATHS:
            await app(scope, receive, send)
            return
        query_string = scope.get("query_string", b"").decode("latin-1")
        try:
            preview = await run_in_threadpool(
                first_paint.preview_for,
                path,
                parse_qs(query_string),
                query_string,
                scope.get("user"),
            )
        except Exception:  # a preview is an extra: never let it break the page itself
            preview = None
        if preview is None:
            await app(scope, receive, send)
            return
        headers = [h for h in scope["headers"] if h[0].lower() not in CONDITIONAL]
        answer = await _collect(app, {**scope, "headers": headers}, receive)
        if not _is_page(answer):
            await _send(send, answer)
            return
        # The preview shows data as it is now: the browser must not keep or revalidate it.
        answer = _Answer(
            answer.status,
            [(k, v) for k, v in answer.headers if k.lower() not in (b"etag", b"cache-control")]
            + [(b"cache-control", b"no-store")],
            answer.body,
        )
        await _send(send, answer, preview.encode("utf-8"))

    return wrapped
