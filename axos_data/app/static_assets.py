"""marimo's frontend files, served compressed and, where their names carry a content hash,
cached by the browser for good.

A first visit loads about 6.5 MB of JavaScript and CSS (measured with
tests/bench/bench_pages.py); gzip brings that to roughly a quarter. Each file is compressed
once, in a worker thread, and the compressed bytes are kept in memory: the files are part of
the installed marimo and never change while the process runs. Everything else (fonts, images,
HEAD requests, clients that do not accept gzip) goes to starlette's StaticFiles as before.
"""

from __future__ import annotations

import gzip
import mimetypes
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

COMPRESSIBLE = {".js", ".css", ".json", ".svg", ".html", ".map", ".txt", ".wasm", ".ttf"}
# Files under assets/ are named after their content (index-s-M1OXjs.js): a new marimo
# brings new names, so the browser may keep these without asking again.
FOREVER = b"public, max-age=31536000, immutable"
A_DAY = b"public, max-age=86400"


class CompressedAssets:
    def __init__(self, directory: Path):
        self.directory = directory.resolve()
        self.files = StaticFiles(directory=self.directory)
        self.kept: dict[Path, bytes] = {}

    def _file(self, path: str) -> Path | None:
        candidate = (self.directory / path.lstrip("/")).resolve()
        if not candidate.is_relative_to(self.directory) or not candidate.is_file():
            return None
        return candidate

    def _compressed(self, file: Path) -> bytes:
        data = self.kept.get(file)
        if data is None:
            data = gzip.compress(file.read_bytes(), compresslevel=6, mtime=0)
            self.kept[file] = data
        return data

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope["path"]
        cache = FOREVER if path.startswith("/assets/") else A_DAY
        file = self._file(path)
        if file is None:  # StaticFiles would raise, and the client would see a server error
            await PlainTextResponse("Not Found", status_code=404)(scope, receive, send)
            return
        accepts = "gzip" in Headers(scope=scope).get("accept-encoding", "")
        if scope.get("method") != "GET" or not accepts or file.suffix not in COMPRESSIBLE:
            await self.files(scope, receive, _with_cache_header(send, cache))
            return
        body = self.kept.get(file) or await run_in_threadpool(self._compressed, file)
        media = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if media.startswith("text/") or media.endswith(("javascript", "json")):
            media += "; charset=utf-8"
        headers = [
            (b"content-type", media.encode()),
            (b"content-encoding", b"gzip"),
            (b"vary", b"Accept-Encoding"),
            (b"cache-control", cache),
            (b"content-length", str(len(body)).encode()),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _with_cache_header(send: Send, value: bytes) -> Send:
    async def send_with_header(message: dict) -> None:
        if message["type"] == "http.response.start":
            headers = [h for h in message.get("headers", []) if h[0] != b"cache-control"]
            headers.append((b"cache-control", value))
            message = {**message, "headers": headers}
        await send(message)

    return send_with_header
