"""The app's HTTP API under /api/v1: how other processes reach the database the app holds.

Same process and ASGI server as the pages (server.build_app mounts it). Every request needs
`Authorization: Bearer <token>`, the random token the app wrote to its 0600 server file
(remote_channel.py), compared in constant time. Answers are JSON; an `AxosError` becomes
`{"error": ClassName, "message": …}` with status 400 (409 for a busy or refused resource),
so the client raises the same error the library raised. Work runs in a worker thread on
that thread's own cursor (DuckDB refuses a connection shared between threads).

Routes: `GET /ping`, `POST /backup`, `POST /cli` (every CLI command, api_cli.py). Who is
asking is in `scope["api_user"]` (see BearerToken), for every route.
"""

from __future__ import annotations

import asyncio
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

from axos_data import backup, services
from axos_data.app import api_read, context
from axos_data.app.login_throttle import LoginThrottle
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
    if request.scope.get("api_user") is not None:
        # A path on this machine: only for the user who started the app.
        return JSONResponse(
            {"error": "PermissionDenied", "message": "Sikkerhetskopi krever appens egen nøkkel."},
            status_code=403,
        )
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


def _client(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "?"


def _presented(scope: Scope) -> str | None:
    given = next((v for k, v in scope.get("headers", []) if k == b"authorization"), b"")
    scheme, _, value = given.decode("latin-1").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _employee_for(token: str) -> dict | None:
    row = services.employee_for_api_token(context.cursor(), token)
    if row is None:
        return None
    return {
        "employee_id": int(row["employee_id"]),
        "name": row["name"],
        "token_id": row["token_id"],
    }


class BearerToken:
    """Pure ASGI: every /api/v1 request carries a bearer token, nothing else counts (no
    cookie, so a page in the browser cannot borrow a login). Two kinds:

    - the app's own token from its 0600 server file (compared in constant time): the local
      user who started the app, acting like the CLI on the file; `scope["api_user"]` is None;
    - an employee's API token (`axos token create`, stored as SHA-256): `scope["api_user"]` is
      `{"employee_id": id, "name": …, "token_id": id}` and the request acts as that employee.

    Anything else gets 401. Bad tokens count as failed logins in the app's login throttle (per
    client address and overall); over the limit a client gets 429 for any token but the app's
    own (which cannot be guessed and must keep the local CLI working)."""

    def __init__(self, app: ASGIApp, token: str, throttle: LoginThrottle | None = None):
        self.app = app
        self.expected = token.encode()
        self.throttle = throttle if throttle is not None else LoginThrottle()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 4401})
            return
        given = _presented(scope)
        if given is not None and hmac.compare_digest(given.encode(), self.expected):
            await self.app({**scope, "api_user": None}, receive, send)
            return
        client = _client(scope)
        wait = self.throttle.retry_after(client)
        if wait is not None:
            await _refused(
                scope,
                receive,
                send,
                429,
                f"For mange feil nøkler fra {client}. Vent {wait} sekunder og prøv igjen.",
                {"Retry-After": str(wait)},
            )
            return
        user = await run_in_threadpool(_employee_for, given) if given else None
        if user is not None:
            await self.app({**scope, "api_user": user}, receive, send)
            return
        await asyncio.sleep(self.throttle.failed(client))
        message = (
            "Mangler eller feil nøkkel (token)."
            if given is None
            else ("API-nøkkelen er ukjent, trukket tilbake eller tilhører en deaktivert ansatt.")
        )
        await _refused(scope, receive, send, 401, message, {"WWW-Authenticate": "Bearer"})


async def _refused(
    scope: Scope, receive: Receive, send: Send, status: int, message: str, headers: dict
) -> None:
    response = JSONResponse(
        {"error": "RemoteAppError", "message": message}, status_code=status, headers=headers
    )
    await response(scope, receive, send)


def build_api(token: str, throttle: LoginThrottle | None = None) -> ASGIApp:
    """The API as one ASGI app answering paths that start with /api/v1/."""
    from axos_data.app import api_cli

    routes = [
        Route(f"{API_PREFIX}/ping", ping, methods=["GET"]),
        Route(f"{API_PREFIX}/backup", take_backup, methods=["POST"]),
        *api_read.routes(),
        Route(f"{API_PREFIX}/cli", api_cli.run_command, methods=["POST"]),
    ]
    return BearerToken(Starlette(routes=routes), token, throttle)
