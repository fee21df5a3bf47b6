"""What the server does to the HTML of a notebook page before the browser gets it.

- `CachedPages`: marimo's run mode loads and parses the notebook file again for every page
  request, on the event loop (about 45 ms for ordre.py on an idle machine, and nothing else
  in the process moves meanwhile). Its answer is the same for every request of a page until
  the file changes, so it is kept, per path, keyed by the file's modification time.
- `with_first_paint`: the order list and the order page get a server-rendered preview of
  their main content in front of marimo's document (first_paint.py), and marimo's frontend
  starts once that preview is on screen (`after_first_paint`).
"""

from __future__ import annotations

import functools
import os
import re
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

# What of marimo's document makes the browser fetch, compile or run something: its scripts
# (inline config, the frontend's entry module, the service worker's registration) and its
# stylesheets, module preloads and font/image preloads. A script's text cannot contain
# "</script" (the HTML parser would end it there), so the lazy match ends at its own end tag.
_STARTS_WORK = re.compile(
    rb"<script\b[^>]*>.*?</script\s*>"
    rb"|<link\b[^>]*\brel=[\"']?(?:stylesheet|modulepreload|preload)\b[^>]*>",
    re.S | re.I,
)
LATER_ID = "axos-marimo-later"
# Puts the held-back elements into the document in their order once the browser reports the
# preview's first contentful paint, at once in a hidden tab (nothing is drawn there), and after
# a second at the latest (a browser without paint timing). Scripts are made anew, or they would
# not run; async=false keeps classic scripts in order and the inline ones run as inserted, so
# marimo's config exists before its entry module runs.
_START_MARIMO = (
    "<script>(()=>{let done=false;const start=()=>{if(done)return;done=true;"
    f"const held=document.getElementById('{LATER_ID}');"
    "for(const el of held.content.children){let n=el;"
    "if(el.tagName==='SCRIPT'){n=document.createElement('script');"
    "for(const a of el.attributes)n.setAttribute(a.name,a.value);n.text=el.text;n.async=false;}"
    "else n=el.cloneNode(true);document.head.appendChild(n);}held.remove();};"
    "if(document.visibilityState==='hidden')return start();setTimeout(start,1000);"
    "try{new PerformanceObserver((l)=>{if(l.getEntriesByName('first-contentful-paint').length)"
    "setTimeout(start,0);}).observe({type:'paint',buffered:true});}catch(e){start();}})();"
    "</script>"
).encode()


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


@functools.lru_cache(maxsize=len(PREVIEW_PATHS) * 2)
def after_first_paint(document: bytes) -> bytes:
    """marimo's document with everything that starts work held back in an inert <template>
    until the preview in front of it has been drawn. Otherwise the browser parses marimo's
    megabyte of CSS and fetches and compiles its 170 modules before the first frame, which
    doubles the time to the first paint of a tab (tests/bench/bench_pages.py, one tab)."""
    held = _STARTS_WORK.findall(document)
    rest = _STARTS_WORK.sub(b"", document)
    template = f'<template id="{LATER_ID}">'.encode() + b"".join(held) + b"</template>"
    return rest + template + _START_MARIMO


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
            after_first_paint(answer.body),
        )
        await _send(send, answer, preview.encode("utf-8"))

    return wrapped
