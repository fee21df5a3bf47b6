"""`axos app --snapshot-dir DIR --snapshot-every 15m`: a fresh snapshot for people who just
want files, written by the process that holds the database.

One daemon thread: a snapshot at start, then one every interval. A failed snapshot is logged
on stderr and tried again at the next interval; it never stops the app. Stopping sets an Event
(checked between tables) and interrupts the thread's cursor, so a COPY of a large table in
progress ends at once and the app can checkpoint and exit within seconds; the interrupted
snapshot leaves nothing behind (its partial folder is removed, `current` is untouched).
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from axos_data import snapshot
from axos_data.app import context
from axos_data.errors import SnapshotInterrupted


@dataclass(frozen=True)
class SnapshotPlan:
    folder: Path
    every_seconds: int
    keep: int = snapshot.DEFAULT_KEEP


class SnapshotSchedule(threading.Thread):
    """Writes a snapshot into `plan.folder` at start and every `plan.every_seconds`."""

    def __init__(self, plan: SnapshotPlan):
        super().__init__(name="axos-snapshot-schedule", daemon=True)
        self.plan = plan
        self.stopped = threading.Event()
        # The app's context as it is now: after shutdown resets it, a late attempt fails
        # on the closed connection instead of opening the database again.
        self._context = context.current()
        self._cursor: duckdb.DuckDBPyConnection | None = None
        self.written: list[str] = []

    def run(self) -> None:
        while not self.stopped.is_set():
            self.take_one()
            if self.stopped.wait(self.plan.every_seconds):
                break

    def take_one(self) -> None:
        if self.stopped.is_set():
            return
        try:
            self._cursor = self._context.cursor()
            result = snapshot.write_snapshot(
                self._cursor, self.plan.folder, keep=self.plan.keep, cancel=self.stopped
            )
        except SnapshotInterrupted:
            return  # stopping: nothing to report
        except Exception as error:  # a failed snapshot must not stop the app; retried later
            if not self.stopped.is_set():
                print(f"Øyeblikksbilde i {self.plan.folder} feilet: {error}", file=sys.stderr)
            return
        self.written.append(result.path)
        print(
            f"Øyeblikksbilde {result.path} ({result.rows} rader, {result.seconds:.1f} s)",
            file=sys.stderr,
        )

    def stop(self, timeout: float) -> None:
        """Stop within about `timeout` seconds: set the Event and interrupt the running query
        until the thread has ended (an interrupt sent between two statements can be lost, so
        it is repeated)."""
        self.stopped.set()
        deadline = time.monotonic() + timeout
        while self.is_alive() and time.monotonic() < deadline:
            cursor = self._cursor
            if cursor is not None:
                with contextlib.suppress(Exception):
                    cursor.interrupt()
            self.join(0.1)
