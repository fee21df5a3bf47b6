"""What every CLI command shares: the database, the acting employee and output."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import click
import duckdb

from axos_data import db, money, serialize
from axos_data.access import acting_employee
from axos_data.cli import in_app
from axos_data.terminal import visible


@dataclass
class State:
    db_path: Path
    actor_id: int | None
    as_json: bool = False
    _con: duckdb.DuckDBPyConnection | None = field(default=None, repr=False)

    _borrowed: bool = field(default=False, repr=False)

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            invocation = in_app.current()
            if invocation is not None:
                # Inside the app: this thread's cursor on the app's connection, not ours to close.
                self._con, self._borrowed = invocation.cursor(), True
            else:
                self._con = db.connect(self.db_path)
        return self._con

    @property
    def served(self) -> bool:
        """Whether the command runs inside `axos app` for a client (cli/in_app.py)."""
        return in_app.current() is not None

    def actor(self) -> int:
        """--as / AXOS_USER, otherwise the first active admin (as the app does until logins)."""
        if self.actor_id is not None:
            return self.actor_id  # checked by the service it is passed to
        return acting_employee(self.con).id

    def close(self) -> None:
        if self._con is not None and not self._borrowed:
            self._con.close()
        self._con = None


pass_state = click.make_pass_decorator(State)


def json_option(command: Callable) -> Callable:
    """`--json` on the command itself, as well as the global one before it."""

    def remember(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
        if value:
            ctx.find_object(State).as_json = True
        return value

    return click.option(
        "--json",
        "as_json_flag",
        is_flag=True,
        expose_value=False,
        callback=remember,
        help="Print JSON instead of a table.",
    )(command)


def echo(message: object = "", *, err: bool = False) -> None:
    """Print a line of human output: the one way the CLI writes text for people, so control
    characters and bidi overrides from the data are shown escaped (see axos_data.terminal)."""
    click.echo(visible(str(message), keep_newlines=True), file=in_app.text_stream(err), err=err)


def emit(state: State, data: Any, human: Callable[[], None] | str | None = None) -> None:
    """JSON when asked for, otherwise the human rendering (a string or a printing function).

    JSON is printed exactly (json.dumps escapes C0 controls itself); everything else goes
    through echo."""
    if state.as_json or human is None:
        click.echo(serialize.dumps(data), file=in_app.text_stream())
    elif callable(human):
        human()
    else:
        echo(human)


class LocalPath(click.Path):
    """click.Path, made absolute against the caller's working directory (also when the command
    runs inside the app for a client in another terminal) and refused for an API token's
    remote client. "-" (standard in/out) stays as it is. Output names the absolute path, so
    it is the same whichever process ran the command."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and value == "-":
            return super().convert(value, param, ctx)
        return super().convert(in_app.absolute(value), param, ctx)


def local_path(value: str | Path) -> Path:
    """A default file name (e.g. 10001.pdf) placed in the caller's working directory."""
    return Path(in_app.absolute(value))


def cell(value: Any) -> str:
    """A value as one line of text for a table or a header field (line feeds escaped too)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return (
            money.format_nok(value)
            if value.as_tuple().exponent == -2
            else (money.format_decimal(value))
        )
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d %H:%M") if hasattr(value, "hour") else value.isoformat()
    return visible(str(value))


def table(
    rows: Iterable[dict[str, Any]], columns: Sequence[tuple[str, str]], *, right: Sequence[str] = ()
) -> str:
    """A plain text table: columns are (key, heading); `right` keys are right-aligned."""
    body = [[cell(row.get(key)) for key, _ in columns] for row in rows]
    headings = [heading for _, heading in columns]
    widths = [max([len(h), *(len(r[i]) for r in body)]) for i, h in enumerate(headings)]
    width_cap = 60
    widths = [min(w, width_cap) for w in widths]

    def fmt(values: list[str]) -> str:
        parts = []
        for (key, _), value, w in zip(columns, values, widths, strict=True):
            value = value if len(value) <= w else value[: w - 1] + "…"
            parts.append(value.rjust(w) if key in right else value.ljust(w))
        return "  ".join(parts).rstrip()

    lines = [fmt(headings), "  ".join("-" * w for w in widths)]
    lines += [fmt(r) for r in body]
    return "\n".join(lines)


def with_state(command: Callable) -> Callable:
    """Pass the State as the first argument and accept --json on the command."""

    @functools.wraps(command)
    @pass_state
    def wrapper(state: State, *args: Any, **kwargs: Any) -> Any:
        return command(state, *args, **kwargs)

    return json_option(wrapper)
