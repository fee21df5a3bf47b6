"""The `axos` command. Every user error prints one line on stderr and exits 1."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
import duckdb

from axos_data import db
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
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None, actor_id: int | None, as_json: bool) -> None:
    """Axos Ordre: orders, quotes, status flow and invoicing basis."""
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
        followup,
        payments,
        snapshot,
    )
    for module in modules:
        module.register(cli)


_register()


def main(argv: list[str] | None = None) -> None:
    """Entry point: click without its own exit handling, so every error is one line, exit 1."""
    from axos_data.errors import AxosError

    try:
        cli.main(args=argv, prog_name="axos", standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.exceptions.Abort:
        echo("avbrutt", err=True)
        sys.exit(1)
    except click.exceptions.NoArgsIsHelpError as error:
        # `axos` or `axos order` alone asks for help; it is not an error.
        echo(error.ctx.get_help() if error.ctx else cli.get_help(click.Context(cli)))
        sys.exit(0)
    except click.ClickException as error:
        echo(f"feil: {_one_line(error.format_message())}", err=True)
        sys.exit(1)
    except AxosError as error:
        echo(f"feil: {_one_line(str(error))}", err=True)
        sys.exit(1)
    except duckdb.Error as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        echo(f"databasefeil: {first}", err=True)
        sys.exit(1)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


def _one_line(message: str) -> str:
    return " ".join(line.strip() for line in message.splitlines() if line.strip())
