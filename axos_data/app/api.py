"""The app's HTTP API under /api/v1: how other processes reach the database the app holds.

Same process and ASGI server as the pages (server.build_app mounts it). Every request needs
`Authorization: Bearer <token>`, the random token the app wrote to its 0600 server file
(remote_channel.py), compared in constant time. Answers are JSON; an `AxosError` becomes
`{"error": ClassName, "message": …}` with status 400 (409 for a busy or refused resource),
so the client raises the same error the library raised. Work runs in a worker thread on
that thread's own cursor (DuckDB refuses a connection shared between threads).

For now: `GET /ping` and `POST /backup`. Further commands are added as routes here.
"""

from __future__ import annotations

import hmac
import json
import os
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from axos_data import backup
from axos_data.app import api_read, context
from axos_data.errors import AxosError, BackupRefused, DatabaseBusy
from axos_data.remote_channel import API_PREFIX

_CONFLICTS = (BackupRefused, DatabaseBusy)


def _error(error: AxosError) -> JSONResponse:
    status = 409 if isinstance(error, _CONFLICTS) else 400
    return JSONResponse({"error": type(error).__name__, "message": str(error)}, status_code=status)


def _bad_request(message: str) -> JSONResponse:
    return JSONResponse({"error": "InvalidInput", "message": message}, status_code=400)


async def ping(request: Request) -> Response:
    ctx = context.current()
    return JSONResponse({"ok": True, "db": str(ctx.db_path.absolute()), "pid": os.getpid()})


async def take_backup(request: Request) -> Response:
    try:
        body = json.loads(await request.body())
    except ValueError:
        return _bad_request("Forventet JSON med «path».")
    path = body.get("path") if isinstance(body, dict) else None
    if not isinstance(path, str) or not os.path.isabs(path):
        return _bad_request("«path» må være en absolutt filsti.")
    overwrite = bool(body.get("overwrite", False))

    def work() -> dict:
        ctx = context.current()
        result = backup.take_backup(
            ctx.cursor(), Path(path), source=ctx.db_path, overwrite=overwrite
        )
        return result.as_dict()

    try:
        return JSONResponse(await run_in_threadpool(work))
    except AxosError as error:
        return _error(error)


class BearerToken:
    """Pure ASGI: the request must carry the app's token; anything else gets 401."""

    def __init__(self, app: ASGIApp, token: str):
        self.app = app
        self.expected = f"Bearer {token}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        given = next((v for k, v in scope.get("headers", []) if k == b"authorization"), b"")
        if scope["type"] == "http" and hmac.compare_digest(given, self.expected):
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":
            await send({"type": "websocket.close", "code": 4401})
            return
        response = JSONResponse(
            {"error": "RemoteAppError", "message": "Mangler eller feil nøkkel (token)."},
            status_code=401,
            headers={"WWW-Authenticate": "Bearer"},
        )
        await response(scope, receive, send)


def build_api(token: str) -> ASGIApp:
    """The API as one ASGI app answering paths that start with /api/v1/."""
    routes = [
        Route(f"{API_PREFIX}/ping", ping, methods=["GET"]),
        Route(f"{API_PREFIX}/backup", take_backup, methods=["POST"]),
        *api_read.routes(),
    ]
    return BearerToken(Starlette(routes=routes), token)
