"""Where a CLI command runs: in its own process, or inside `axos app` for a client.

While the app holds the database, the CLI in another terminal (or a script on another
machine) sends its arguments to the app (app/api_cli.py), which runs the very same click
command in a worker thread. Such a run is described by an `Invocation`, kept in a context
variable of that thread, so the commands need to know only three things: where their output
goes (`text_stream`, `binary_stdout`: buffers sent back to the client, never the process's
sys.stdout shared with the marimo kernels and other requests), where relative paths start
(`absolute`: the client's working directory, since a thread cannot chdir) and which database
cursor to use. Outside the app no invocation is set and everything is the process's own.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TextIO

import duckdb

from axos_data.errors import PermissionDenied


def _text(buffer: io.BytesIO) -> io.TextIOWrapper:
    # write_through: text and raw bytes (a PDF on stdout) keep their order in one buffer.
    return io.TextIOWrapper(buffer, encoding="utf-8", errors="replace", write_through=True)


@dataclass
class Invocation:
    """One CLI command run inside the app for a client."""

    cursor: Callable[[], duckdb.DuckDBPyConnection]
    db_path: Path  # the database as the client named it (shown in output)
    source: Path  # the file the app holds
    cwd: str  # the client's working directory, for relative paths
    stdin: str = ""
    default_actor: int | None = None  # the client's AXOS_USER
    # None: the local owner's token (acts like the CLI on the file); otherwise the employee
    # an API token belongs to, as put in the ASGI scope (app/api.py).
    api_user: dict | None = None
    stdout: io.BytesIO = field(default_factory=io.BytesIO)
    stderr: io.BytesIO = field(default_factory=io.BytesIO)

    def __post_init__(self) -> None:
        self.out_text = _text(self.stdout)
        self.err_text = _text(self.stderr)
        self.in_text = io.StringIO(self.stdin)

    @property
    def employee_id(self) -> int | None:
        return None if self.api_user is None else int(self.api_user["employee_id"])

    def actor_for(self, given: int | None) -> int | None:
        """The acting employee: an API token acts as its employee and nobody else."""
        if self.employee_id is None:
            return given if given is not None else self.default_actor
        if given is not None and given != self.employee_id:
            raise PermissionDenied(
                f"API-nøkkelen tilhører ansatt {self.employee_id}; --as {given} er ikke tillatt."
            )
        return self.employee_id


_current: ContextVar[Invocation | None] = ContextVar("axos_cli_invocation", default=None)


def current() -> Invocation | None:
    return _current.get()


@contextlib.contextmanager
def running(invocation: Invocation) -> Iterator[Invocation]:
    token = _current.set(invocation)
    try:
        yield invocation
    finally:
        _current.reset(token)
        invocation.out_text.flush()
        invocation.err_text.flush()


def text_stream(err: bool = False) -> TextIO | None:
    """The stream a command's text goes to, or None for click's own default (the process's
    stdout/stderr)."""
    invocation = _current.get()
    if invocation is None:
        return None
    return invocation.err_text if err else invocation.out_text


def error_stream() -> TextIO:
    import sys

    return text_stream(err=True) or sys.stderr


def binary_stdout() -> BinaryIO:
    import sys

    invocation = _current.get()
    return invocation.stdout if invocation is not None else sys.stdout.buffer


def stdin() -> TextIO:
    import sys

    invocation = _current.get()
    return invocation.in_text if invocation is not None else sys.stdin


def absolute(value: str | os.PathLike) -> str:
    """A path from the command line made absolute against the client's working directory.

    Through an employee's API token the client is on another machine: a path there means
    nothing here, and a path here is not theirs to read or write."""
    invocation = _current.get()
    if invocation is None:
        return os.path.abspath(value)
    if invocation.api_user is not None:
        raise PermissionDenied(
            f"Filstien «{os.fspath(value)}» kan ikke brukes med en API-nøkkel: appen leser og"
            " skriver bare filer for brukeren som startet den (kjør kommandoen på den maskinen)."
        )
    return os.path.normpath(os.path.join(invocation.cwd, value))
