"""The bell: the unread count in every page's top bar, kept current without a reload.

The top bar (ui.header in the notebooks, the server's own start page) includes `slot()`: an
empty placeholder and `<script src="/bell.js">` (marimo runs scripts that have a src, not
inline ones). The script polls GET /bell/state every POLL_SECONDS — so the count is at most
that far behind — and draws the count, a list of the newest notifications linking to their
orders, and buttons that POST /bell/read. Reading the state fires the reader's due reminders
(services.notifications), so a reminder reaches the bell on the next poll after its moment.

The employee is the request's: the login gate's `scope["user"]` (the logged-in employee, or in
single-user mode the app's own), resolved by context.actor_for like every page.
"""

from __future__ import annotations

import json
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from axos_data import serialize, services
from axos_data.app import context, pages
from axos_data.errors import AxosError
from axos_data.model import Actor

POLL_SECONDS = 5
LISTED = 10
SCRIPT = Path(__file__).with_name("static") / "bell.js"


def slot() -> str:
    """The bell's place in a top bar (HTML)."""
    return (
        f'<span class="axos-bell-slot" data-poll="{POLL_SECONDS}"></span>'
        '<script src="/bell.js" defer></script>'
    )


def _reader(request: Request) -> Actor:
    return context.actor_for(request.scope.get("user"))


def _state(actor: Actor) -> dict:
    con = context.cursor()
    rows = services.notifications(con, actor, limit=LISTED)
    return {
        "unread": services.unread_count(con, actor),
        "items": [
            {
                "id": row["id"],
                "unread": row["unread"],
                "order_no": row["order_no"],
                "href": pages.order_href(row["order_no"]),
                "title": row["order_title"],
                "message": row["message"],
                "actor": row["actor_name"],
                "at": row["created_at"],
            }
            for row in rows
        ],
    }


def _json(data: object, status: int = 200) -> Response:
    return Response(
        serialize.dumps(data),
        status_code=status,
        media_type="application/json",
        headers={"cache-control": "no-store"},
    )


def state(request: Request) -> Response:
    # Plain def: Starlette runs it in a worker thread, which gets its own DuckDB cursor.
    try:
        return _json(_state(_reader(request)))
    except AxosError as error:
        return _json({"error": str(error)}, 400)


async def mark_read(request: Request) -> Response:
    """POST {"ids": [...]} or {"all": true}; JSON only, so another site's plain form cannot
    send it (and the Origin guard refuses a cross-site fetch)."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return _json({"error": "Forventet JSON."}, 415)
    try:
        body = json.loads(await request.body() or b"{}")
    except ValueError:
        return _json({"error": "Ugyldig JSON."}, 400)
    if not isinstance(body, dict):
        return _json({"error": "Ugyldig forespørsel."}, 400)
    return await run_in_threadpool(_mark, request, body)


def _mark(request: Request, body: dict) -> Response:
    con = context.cursor()
    try:
        who = _reader(request)
        if body.get("all") is True:
            count = services.mark_all_read(con, who)
        else:
            ids = body.get("ids")
            count = services.mark_read(con, who, list(ids) if isinstance(ids, list) else [])
        return _json({"marked_read": count, **_state(who)})
    except AxosError as error:
        return _json({"error": str(error)}, 400)


def script(request: Request) -> Response:
    return Response(
        SCRIPT.read_text(encoding="utf-8"),
        media_type="text/javascript",
        headers={"cache-control": "no-cache"},
    )


def routes() -> list[Route]:
    return [
        Route("/bell.js", script),
        Route("/bell/state", state),
        Route("/bell/read", mark_read, methods=["POST"]),
    ]
