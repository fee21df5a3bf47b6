"""GET /filer/FILE_ID: an order's file as a download.

Mounted inside the server's dispatch, so it sits behind the same Host/Origin guard and login
gate as every page. The content is verified against its SHA-256 before a byte is sent
(a damaged file is refused with a message, never served). Uploaded content is never shown by
the browser as a page of ours: always an attachment, no type sniffing, and a sandbox policy in
case a browser opens it anyway — a user's HTML file must not run as this site.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.responses import PlainTextResponse, Response
from starlette.types import Receive, Scope, Send

from axos_data import views
from axos_data.app import context
from axos_data.errors import DamagedFile, NotFound

PREFIX = "/filer/"


def file_href(file_id: int) -> str:
    """The download link of a file (for the order page's file list)."""
    return f"{PREFIX}{int(file_id)}"


def _text(message: str, status: int) -> Response:
    return PlainTextResponse(
        message, status_code=status, headers={"X-Content-Type-Options": "nosniff"}
    )


def _load(file_id: str) -> views.FileContent:
    return views.file_content(context.cursor(), file_id)


async def _respond(scope: Scope) -> Response:
    if scope["method"] not in ("GET", "HEAD"):
        return _text("Filer kan bare hentes (GET).", 405)
    file_id = scope["path"][len(PREFIX) :]
    if not file_id.isascii() or not file_id.isdigit():
        return _text("Filen finnes ikke.", 404)
    try:
        content = await run_in_threadpool(_load, file_id)
    except NotFound:
        return _text("Filen finnes ikke.", 404)
    except DamagedFile as error:
        return _text(f"{error}", 500)
    return Response(
        content.data,
        media_type=content.content_type,
        headers={
            "Content-Disposition": content.content_disposition,
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox; default-src 'none'",
            "Cache-Control": "private, no-store",
        },
    )


async def serve_file(scope: Scope, receive: Receive, send: Send) -> None:
    """The ASGI app for paths under PREFIX."""
    response = await _respond(scope)
    await response(scope, receive, send)
