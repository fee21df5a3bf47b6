"""POST /api/v1/cli: any `axos` command, run inside the app for a client (cli/remote.py).

The body is `{"argv": [...], "cwd": "/abs/dir", "db": "as the client named it", "stdin":
"…" | null, "user": AXOS_USER | null}`; the answer `{"stdout": base64, "stderr": base64,
"exit_code": n}`. The command is the very same click command as on the file, run in a worker
thread on that thread's cursor of the app's connection, its output caught in buffers of its
own (cli/in_app.py), so other requests and the marimo kernels are never affected.

Who acts: with the app's own token (the server file, readable only by the user who started
the app) exactly as the CLI on the file (--as / AXOS_USER / the first admin). With an
employee's API token (`scope["api_user"]`) as that employee only, with their rights; such a
client is on another machine, so paths on this one are refused (cli/in_app.absolute)
and maintenance of the whole database (REMOTE ADMIN_ONLY) needs an administrator.
"""

from __future__ import annotations

import base64
import logging
import os
import traceback
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from axos_data.access import load_actor
from axos_data.app import context
from axos_data.errors import AxosError, InvalidInput, PermissionDenied

MAX_BODY_BYTES = 1_000_000
MAX_ARGS = 10_000
log = logging.getLogger(__name__)


class BodyTooLarge(Exception):
    pass


async def read_limited(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The request body, refused past `limit` bytes without reading the rest."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise BodyTooLarge
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise BodyTooLarge
    return bytes(body)


def _invalid(message: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": "InvalidInput", "message": message}, status_code=status)


def _parse(raw: bytes) -> dict:
    import json

    try:
        body = json.loads(raw)
    except ValueError:
        raise InvalidInput("Forventet JSON med «argv» og «cwd».") from None
    if not isinstance(body, dict):
        raise InvalidInput("Forventet et JSON-objekt med «argv» og «cwd».")
    argv, cwd = body.get("argv"), body.get("cwd")
    if not isinstance(argv, list) or not all(isinstance(a, str) for a in argv):
        raise InvalidInput("«argv» må være en liste med tekster.")
    if len(argv) > MAX_ARGS:
        raise InvalidInput(f"For mange argumenter ({len(argv)}; høyst {MAX_ARGS}).")
    if not isinstance(cwd, str) or not os.path.isabs(cwd):
        raise InvalidInput("«cwd» må være en absolutt filsti.")
    stdin, db, user = body.get("stdin"), body.get("db"), body.get("user")
    if stdin is not None and not isinstance(stdin, str):
        raise InvalidInput("«stdin» må være tekst.")
    if db is not None and not isinstance(db, str):
        raise InvalidInput("«db» må være tekst.")
    if user is not None and (not isinstance(user, int) or isinstance(user, bool)):
        raise InvalidInput("«user» må være et ansattnummer.")
    return {"argv": argv, "cwd": cwd, "stdin": stdin or "", "db": db, "user": user}


def _check_allowed(argv: list[str], api_user: dict | None, db_path: object) -> None:
    """What the client side refuses, refused here too (a client may be anything)."""
    from axos_data.cli import remote

    if any(word in remote.HELP_WORDS for word in argv):
        raise InvalidInput("Hjelpeteksten vises lokalt: kjør «axos … --help» på din maskin.")
    parsed = remote.split_globals(argv)
    words = parsed[1] if parsed is not None else []
    path = remote.command_path(words)
    refused = remote.refusal(path, db_path)
    if refused is not None:
        raise refused
    if api_user is not None and path in remote.ADMIN_ONLY:
        who = load_actor(context.cursor(), int(api_user["employee_id"]))
        if not who.is_admin:
            raise PermissionDenied(
                f"Bare en administrator kan kjøre «axos {' '.join(path)}» med en API-nøkkel"
                f" ({who.name} er ikke det)."
            )


def execute(body: dict, api_user: dict | None) -> dict:
    """Run one command for a client (in a worker thread) and return what it printed."""
    from axos_data.cli import in_app, print_error, run

    ctx = context.current()
    shown = Path(body["db"]) if body["db"] else ctx.db_path
    invocation = in_app.Invocation(
        cursor=ctx.cursor,
        db_path=shown,
        source=ctx.db_path,
        cwd=body["cwd"],
        stdin=body["stdin"],
        default_actor=body["user"],
        api_user=api_user,
    )
    with in_app.running(invocation):
        try:
            _check_allowed(body["argv"], api_user, shown)
            code = run(list(body["argv"]))
        except AxosError as error:
            print_error(error)
            code = 1
        except Exception:  # a bug: the client sees the traceback, as it would on the file
            log.exception("axos %s", " ".join(body["argv"][:3]))
            invocation.err_text.write(traceback.format_exc())
            code = 1
    return {
        "stdout": base64.b64encode(invocation.stdout.getvalue()).decode("ascii"),
        "stderr": base64.b64encode(invocation.stderr.getvalue()).decode("ascii"),
        "exit_code": code,
    }


async def run_command(request: Request) -> Response:
    try:
        body = _parse(await read_limited(request))
    except BodyTooLarge:
        return _invalid(f"Forespørselen er større enn {MAX_BODY_BYTES} byte.", 413)
    except InvalidInput as error:
        return _invalid(str(error))
    api_user = request.scope.get("api_user")
    return JSONResponse(await run_in_threadpool(execute, body, api_user))
