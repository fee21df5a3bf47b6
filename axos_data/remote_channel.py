"""The local channel from the CLI to a running `axos app` that holds the same database.

While the app runs it owns the database file (DuckDB allows one writing process), so other
processes ask it to do the work. The app writes a server file beside the database,
`axos.duckdb.server.json`, holding its URL, its process id and a random token; it is created
with mode 0600 (only the user who started the app can read the token) and removed on exit.
Clients call `find_app(db_path)`; a stale file (process gone) is removed, one whose URL does
not answer is ignored, and a file another user could have written is never trusted.
Requests carry the token as a bearer token; every endpoint lives under /api/v1 (api.py).

Errors come back as JSON `{"error": ClassName, "message": …}` and are raised here as that
`AxosError` subclass, so a command gives the same error line through the app as directly.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import stat
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from axos_data import errors
from axos_data.errors import AxosError, RemoteAppError

API_PREFIX = "/api/v1"
SERVER_FILE_SUFFIX = ".server.json"
ANSWER_TIMEOUT = 2.0


def server_file(db_path: str | os.PathLike) -> Path:
    """`data/axos.duckdb` → `data/axos.duckdb.server.json`."""
    path = Path(db_path).absolute()
    return path.with_name(path.name + SERVER_FILE_SUFFIX)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def write_server_file(db_path: str | os.PathLike, url: str, token: str) -> Path:
    """Announce the running app (0600, written aside then renamed, replacing a stale file)."""
    target = server_file(db_path)
    partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}")
    body = {"url": url, "token": token, "pid": os.getpid(), "db": str(Path(db_path).absolute())}
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(body, handle)
    os.replace(partial, target)
    return target


def remove_server_file(db_path: str | os.PathLike, token: str) -> None:
    """Remove the server file if it is still ours (a newer app may have replaced it)."""
    target = server_file(db_path)
    with contextlib.suppress(OSError, ValueError):
        if json.loads(target.read_text(encoding="utf-8")).get("token") == token:
            target.unlink()


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, belongs to someone else: the URL check decides
    return True


@dataclass(frozen=True)
class RemoteApp:
    """A running app reachable through its API, as announced in its server file."""

    url: str
    token: str
    pid: int

    def call(self, method: str, path: str, body: dict | None = None, *, timeout: float = 3600):
        """Send one request to /api/v1`path`; returns the decoded JSON answer or raises the
        AxosError the app raised."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.url.rstrip("/") + API_PREFIX + path,
            data=data,
            method=method,
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json",
                "Accept": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            raise _error_from(error) from None
        except (OSError, ValueError) as error:
            raise RemoteAppError(
                f"Fikk ikke svar fra appen på {self.url}: {getattr(error, 'reason', error)}."
            ) from None

    def answers(self) -> bool:
        try:
            self.call("GET", "/ping", timeout=ANSWER_TIMEOUT)
        except AxosError:
            return False
        return True


def _error_from(error: urllib.error.HTTPError) -> AxosError:
    try:
        payload: Any = json.loads(error.read() or b"{}")
    except ValueError:
        payload = {}
    message = payload.get("message") if isinstance(payload, dict) else None
    if error.code == 401:
        return RemoteAppError(message or "Appen avviste nøkkelen i serverfilen (401).")
    kind = getattr(errors, str(payload.get("error")), None) if isinstance(payload, dict) else None
    if isinstance(kind, type) and issubclass(kind, AxosError) and message:
        return kind(message)
    return RemoteAppError(message or f"Appen svarte med HTTP {error.code}.")


def _trusted(path: Path) -> bool:
    """Only a file of ours that no one else can read or have written."""
    info = path.stat()
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IRWXG | stat.S_IRWXO)


def find_app(db_path: str | os.PathLike) -> RemoteApp | None:
    """The running app that holds `db_path`, or None (no file, stale file, no answer)."""
    path = server_file(db_path)
    try:
        if not _trusted(path):
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        app = RemoteApp(str(data["url"]), str(data["token"]), int(data["pid"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not _process_alive(app.pid):
        with contextlib.suppress(OSError):
            path.unlink()  # the app died without cleaning up
        return None
    return app if app.answers() else None


# Public for the analysts' client (axos_data/remote.py), which reads streamed answers itself
# and raises their errors the same way.
error_from = _error_from
