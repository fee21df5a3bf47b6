"""The CLI as a client of a running app: one owner of the database, many clients.

While `axos app` holds a database, the CLI does not open the file: it finds the app through
the server file beside the database (remote_channel.find_app) and sends it its arguments,
working directory and (for the commands that read it) standard input; the app runs the very
same click command (app/api_cli.py) and answers stdout, stderr and the exit code, which are
written out here unchanged. Output, --json shapes, error lines and exit codes are therefore
the same as on the file by construction. `--url`/`--token` (or $AXOS_URL/$AXOS_TOKEN) reach
an app on another machine with an employee's API token instead.

A few commands never go to the app: help (it needs no database), `bench` and `restore` (they
run here and do not use the app's database), and those the app cannot run on the database it
serves (REFUSED) get a clear error instead.
"""

from __future__ import annotations

import base64
import os
import sys

import click

from axos_data import db, remote_channel
from axos_data.errors import AppOwnsDatabase, AxosError, RemoteAppError

# Commands that run in the calling process even while an app holds the database.
LOCAL = {("bench",), ("restore",)}
# Commands that cannot run inside the app, and why (the error a client gets).
REFUSED = {
    ("app",): "en app til på samme database ville stride med den som kjører",
    ("demo",): "demodata fyller en tom database, ikke en appen allerede bruker",
}
# Through an employee's API token: maintenance of the whole database, for administrators.
ADMIN_ONLY = {("init",), ("check",), ("reindex",), ("gc",), ("backup",)}
HELP_WORDS = ("-h", "--help")


def command_path(words: list[str]) -> tuple[str, ...]:
    """The command's name as words (`order line add` → ("order", "line", "add")), from the
    arguments after the global options; unknown names end the path."""
    from axos_data.cli import cli

    path: list[str] = []
    group: click.Command = cli
    for word in words:
        if not isinstance(group, click.Group) or word.startswith("-"):
            break
        sub = group.commands.get(word)
        if sub is None:
            break
        path.append(word)
        group = sub
    return tuple(path)


def refusal(path: tuple[str, ...], db_path: object) -> AppOwnsDatabase | None:
    """The error for a command that must not run inside the app, else None."""
    for refused, why in REFUSED.items():
        if path[: len(refused)] == refused:
            return AppOwnsDatabase(
                f"Appen kjører mot denne databasen ({db_path}); stopp den først for å kjøre"
                f" «axos {' '.join(path)}» ({why})."
            )
    if path[:1] in {key[:1] for key in LOCAL}:
        return AppOwnsDatabase(f"«axos {' '.join(path)}» kjøres lokalt, ikke gjennom appen.")
    return None


def split_globals(args: list[str]) -> tuple[dict, list[str]] | None:
    """The global options and the remaining words, or None when click cannot read them (the
    direct run then gives the usual usage error)."""
    from axos_data.cli import cli

    try:
        ctx = cli.make_context("axos", list(args), resilient_parsing=True)
    except click.ClickException:
        return None
    return ctx.params, [*getattr(ctx, "_protected_args", []), *ctx.args]


def dispatch(args: list[str]) -> int | None:
    """Send the command to the app that holds the database; None when this process should run
    it (no app, help, or a command that runs here anyway)."""
    if any(word in HELP_WORDS for word in args):
        return None
    parsed = split_globals(args)
    if parsed is None:
        return None
    params, words = parsed
    path = command_path(words)
    if not path or path[:1] in {key[:1] for key in LOCAL}:
        return None
    url, token = params.get("url"), params.get("token")
    try:
        if url:
            if not token:
                raise RemoteAppError("--url trenger --token (eller AXOS_TOKEN).")
            app = remote_channel.RemoteApp(url, token, 0)
            db_path: object = url
        else:
            db_path = params.get("db_path") or db.default_db_path()
            app = remote_channel.find_app(db_path)
            if app is None:
                return None
        refused = refusal(path, db_path)
        if refused is not None:
            raise refused
        return _send(app, args, path, str(db_path), local=not url)
    except click.exceptions.Abort:
        from axos_data.cli._common import echo

        echo("avbrutt", err=True)
        return 1
    except AxosError as error:
        from axos_data.cli import print_error

        print_error(error)
        return 1


def _stdin_for(args: list[str], path: tuple[str, ...]) -> tuple[list[str], str | None]:
    """Standard input for the commands that read it; an interactive prompt is asked here and
    its answer sent as standard input."""
    if path == ("user", "set-password"):
        if "--password-stdin" in args:
            return args, sys.stdin.readline()
        from axos_data.cli.users import read_password

        return [*args, "--password-stdin"], read_password(False) + "\n"
    return args, None


def _send(
    app: remote_channel.RemoteApp, args: list[str], path: tuple[str, ...], db_path: str, local: bool
) -> int:
    args, stdin = _stdin_for(args, path)
    body = {"argv": args, "cwd": os.getcwd(), "db": db_path, "stdin": stdin}
    if local:
        body["user"] = db.default_actor_id()  # AXOS_USER, as on the file
    answer = app.call("POST", "/cli", body)
    try:
        out = base64.b64decode(answer["stdout"])
        err = base64.b64decode(answer["stderr"])
        code = int(answer["exit_code"])
    except (KeyError, TypeError, ValueError):
        raise RemoteAppError(f"Uventet svar fra appen på {app.url}.") from None
    sys.stdout.flush()
    sys.stdout.buffer.write(out)
    sys.stdout.buffer.flush()
    sys.stderr.flush()
    sys.stderr.buffer.write(err)
    sys.stderr.buffer.flush()
    return code
