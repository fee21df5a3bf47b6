"""Running the app process: uvicorn, the server file, scheduled backups and snapshots, and a
clean stop.

Ctrl+C (or SIGTERM) makes uvicorn stop accepting connections and close the open ones; it
waits at most GRACEFUL_SECONDS for requests still running. The database is then checkpointed
and closed and the server file removed. The process ends with `os._exit`: marimo runs each
browser session's kernel in a worker thread of a `concurrent.futures` pool that blocks on its
control queue and is never told to stop (its session manager shuts down only in marimo's own
lifespan, which our dispatcher does not run); Python's exit would join those threads for
ever, and a second Ctrl+C only interrupted that join. Nothing is lost by not waiting: every
write is a committed transaction, and the checkpoint has already put it in the file.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from axos_data import backup, remote_channel
from axos_data.app import context
from axos_data.app.snapshots import SnapshotPlan, SnapshotSchedule

GRACEFUL_SECONDS = 3


@dataclass(frozen=True)
class BackupPlan:
    folder: Path
    every_seconds: int
    keep: int


class BackupSchedule(threading.Thread):
    """Takes a backup every interval into a folder and keeps the newest `keep` of them."""

    def __init__(self, db_path: Path, plan: BackupPlan):
        super().__init__(name="axos-backup-schedule", daemon=True)
        self.db_path = db_path
        self.plan = plan
        self.stopped = threading.Event()
        self.taken: list[str] = []

    def run(self) -> None:
        while not self.stopped.wait(self.plan.every_seconds):
            self.take_one()

    def take_one(self) -> None:
        target = self.plan.folder / backup.scheduled_name(self.db_path)
        try:
            ctx = context.current()
            result = backup.take_backup(ctx.cursor(), target, source=ctx.db_path)
            backup.prune(self.plan.folder, self.db_path, self.plan.keep)
            self.taken.append(result.path)
            print(f"Sikkerhetskopi {result.path} ({result.seconds:.1f} s)", file=sys.stderr)
        except Exception as error:  # a failed backup must not stop the app; say so, retry later
            print(f"Sikkerhetskopi {target} feilet: {error}", file=sys.stderr)

    def stop(self) -> None:
        self.stopped.set()


def _announce_when_listening(server, db_path: Path, url: str, token: str) -> None:
    """Write the server file once uvicorn listens, so a client never finds a dead URL."""
    while not server.started and not server.should_exit:
        time.sleep(0.05)
    if server.started and not server.should_exit:
        remote_channel.write_server_file(db_path, url, token)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def close_database() -> None:
    """Checkpoint (the file then holds every commit, no WAL to replay) and close.

    A browser session's kernel may still be running a query on its cursor when the server
    stops; closing the connection then raises DuckDB's "connection is busy" (it refuses to close
    a cursor busy in another thread). The checkpoint has already put every commit in the file
    and the process ends right after, so that refusal is ignored: were it raised, it would skip
    the clean exit and end the app with exit code 1, or hang joining the kernels' threads."""
    with contextlib.suppress(Exception):
        ctx = context.current()
        with contextlib.suppress(duckdb.Error):
            ctx.connection.execute("CHECKPOINT")
    with contextlib.suppress(duckdb.Error):
        context.reset()


def serve(
    asgi,
    *,
    host: str,
    port: int,
    db_path: Path,
    token: str,
    backups: BackupPlan | None = None,
    snapshots: SnapshotPlan | None = None,
    **uvicorn_options,
) -> None:
    """Serve until Ctrl+C / SIGTERM, then stop cleanly and end the process (exit code 0)."""
    import uvicorn

    config = uvicorn.Config(
        asgi,
        host=host,
        port=port,
        log_level="warning",
        timeout_graceful_shutdown=GRACEFUL_SECONDS,
        **uvicorn_options,
    )
    server = uvicorn.Server(config)
    # Local clients connect over loopback when the app listens on every address.
    local = "127.0.0.1" if host in ("0.0.0.0", "", "::") else host
    url = f"http://{f'[{local}]' if ':' in local else local}:{port}"
    threading.Thread(
        target=_announce_when_listening, args=(server, db_path, url, token), daemon=True
    ).start()
    schedule = BackupSchedule(db_path, backups) if backups else None
    if schedule:
        schedule.start()
    snapshot_schedule = SnapshotSchedule(snapshots) if snapshots else None
    if snapshot_schedule:
        snapshot_schedule.start()
    # uvicorn handles SIGINT and SIGTERM itself and, once stopped, raises the signal again
    # against the handler it found. SIGTERM's default would end the process right there, before
    # the clean-up below; as KeyboardInterrupt it ends up in the same path as Ctrl+C.
    signal.signal(signal.SIGTERM, _interrupt)
    code = 0
    try:
        server.run()
    except KeyboardInterrupt:
        pass  # uvicorn re-raises the Ctrl+C it handled once it has stopped
    except BaseException:
        code = 1
        raise
    finally:
        if snapshot_schedule:  # before the checkpoint: its open read transaction would block it
            snapshot_schedule.stop(GRACEFUL_SECONDS)
        if schedule:
            schedule.stop()
            schedule.join(GRACEFUL_SECONDS)
        remote_channel.remove_server_file(db_path, token)
        close_database()
        if not server.started and code == 0:
            code = 1  # the port was taken or similar: uvicorn said why
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
