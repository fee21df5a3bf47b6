"""Norwegian for marimo's own file-upload toasts, which no marimo setting reaches: a small
script (static/marimo_nb.js) that every page's top bar loads next to the bell's, rewriting
those messages as they appear (`File upload failed` → «Filen ble ikke lastet opp», and the
size limit in MB instead of bytes)."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

SCRIPT = Path(__file__).with_name("static") / "marimo_nb.js"


def tag() -> str:
    # marimo runs scripts that have a src, not inline ones (see bell.py).
    return '<script src="/nb.js" defer></script>'


def script(request: Request) -> Response:
    return Response(
        SCRIPT.read_text(encoding="utf-8"),
        media_type="text/javascript",
        headers={"cache-control": "no-cache"},
    )


def routes() -> list[Route]:
    return [Route("/nb.js", script)]
