"""The `axos` command. Every user error prints one line on stderr and exits 1."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
import duckdb

from axos_data import db
from axos_data.cli import in_app
from axos_data.cli._common import State, echo


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Database file (default $AXOS_DB or data/axos.duckdb).",
)
@click.option(
    "--as",
    "actor_id",
    type=int,
    default=None,
    help="Acting employee id (default $AXOS_USER, else the first admin).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
@click.option(
    "--url",
    envvar="AXOS_URL",
    default=None,
    help="Run the command in the app at URL (another machine; default $AXOS_URL).",
)
@click.option(
    "--token",
    envvar="AXOS_TOKEN",
    default=None,
    help="API token for --url (`axos token create`; default $AXOS_TOKEN).",
)
@click.pass_context
def cli(
    ctx: click.Context,
    db_path: Path | None,
    actor_id: int | None,
    as_json: bool,
    url: str | None,
    token: str | None,
) -> None:
    """Axos Ordre: orders, quotes, status flow and invoicing basis.

    While `axos app` runs on the database, every command is sent to the app and runs there."""
    invocation = in_app.current()
    if invocation is not None:  # inside the app for a client (cli/remote.py)
        state = State(
            db_path=invocation.db_path,
            actor_id=invocation.actor_for(actor_id),
            as_json=as_json,
        )
    else:
        state = State(
            db_path=db_path or db.default_db_path(),
            actor_id=actor_id if actor_id is not None else db.default_actor_id(),
            as_json=as_json,
        )
    ctx.obj = state
    ctx.call_on_close(state.close)


def _register() -> None:
    from axos_data.cli import (
        admin,
        app,
        backup,
        export,
        files,
        followup,
        masterdata,
        masterio,
        orders,
        payments,
        pdf,
        quotes,
        settings,
        snapshot,
        tokens,
        users,
    )

    # files and settings after orders: they add subcommands to the `order` group; masterio
    # after settings (it adds `settings accounting-code`) and after export (it joins that group).
    modules = (
        admin,
        masterdata,
        orders,
        files,
        settings,
        export,
        masterio,
        quotes,
        pdf,
        app,
        backup,
        users,
        tokens,
        followup,
        payments,
        snapshot,
    )
    for module in modules:
        module.register(cli)


_register()


def main(argv: list[str] | None = None) -> None:
    """Entry point: the app runs the command when it holds the database (cli/remote.py),
    otherwise this process does; every error is one line, exit 1."""
    from axos_data.cli import remote

    args = list(sys.argv[1:] if argv is None else argv)
    try:
        code = remote.dispatch(args)
        if code is None:
            code = run(args)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 1
    sys.exit(code)


def run(args: list[str]) -> int:
    """Run one command here (in this process, or in the app for a client) and return its exit
    code; errors are printed as one line."""
    from axos_data.errors import AxosError

    try:
        cli.main(args=args, prog_name="axos", standalone_mode=False)
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.exceptions.Abort:
        echo("avbrutt", err=True)
        return 1
    except click.exceptions.NoArgsIsHelpError as error:
        # `axos` or `axos order` alone asks for help; it is not an error.
        echo(error.ctx.get_help() if error.ctx else cli.get_help(click.Context(cli)))
        return 0
    except click.ClickException as error:
        from axos_data.cli.usage_nb import norwegian

        echo(f"feil: {_one_line(norwegian(error.format_message()))}", err=True)
        return 1
    except AxosError as error:
        print_error(error)
        return 1
    except duckdb.Error as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        echo(f"databasefeil: {first}", err=True)
        return 1
    except SystemExit as done:
        code = done.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0


def print_error(error: Exception) -> None:
    """An error as the one `feil:` line every command prints."""
    echo(f"feil: {_one_line(str(error))}", err=True)


def _one_line(message: str) -> str:
    return " ".join(line.strip() for line in message.splitlines() if line.strip())
