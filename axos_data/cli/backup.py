"""axos backup, axos restore."""

from __future__ import annotations

from pathlib import Path

import click

from axos_data import backup as backups
from axos_data import db, remote_channel
from axos_data.cli import in_app
from axos_data.cli._common import LocalPath, State, emit, with_state


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


@click.command("backup")
@click.argument("file", type=LocalPath(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@with_state
def backup(state: State, file: Path, force: bool) -> None:
    """Write a consistent backup of the database to FILE (through the app when it runs)."""
    target = file.absolute()
    invocation = in_app.current()
    app = None if invocation is not None else remote_channel.find_app(state.db_path)
    if invocation is not None:
        # Inside the app for a client: the app's own connection takes it.
        result = backups.take_backup(
            state.con, target, source=invocation.source, overwrite=force
        ).as_dict()
    elif app is not None:
        result = app.call("POST", "/backup", {"path": str(target), "overwrite": force})
    else:
        con = db.connect(state.db_path, read_only=True)
        try:
            result = backups.take_backup(
                con, target, source=state.db_path, overwrite=force
            ).as_dict()
        finally:
            con.close()
    by_app = invocation is not None or app is not None
    via = "appen" if by_app else "databasefilen"
    result["via"] = "app" if by_app else "file"
    emit(
        state,
        result,
        f"Sikkerhetskopi {result['path']}: {result['orders']} ordrer,"
        f" {_megabytes(result['bytes'])}, {result['seconds']:.1f} s (tatt av {via})",
    )


@click.command("restore")
@click.argument("file", type=LocalPath(dir_okay=False, path_type=Path))
@click.option(
    "--to",
    "target",
    type=LocalPath(dir_okay=False, path_type=Path),
    required=True,
    help="Database file to write (e.g. data/axos.duckdb).",
)
@click.option("--force", is_flag=True, help="Replace an existing database (never while in use).")
@with_state
def restore(state: State, file: Path, target: Path, force: bool) -> None:
    """Check the backup FILE and write it as the database PATH given by --to."""
    if remote_channel.find_app(target) is not None:
        from axos_data.errors import DatabaseBusy

        raise DatabaseBusy(
            f"«axos app» kjører på {target}. Stopp appen før du gjenoppretter databasen."
        )
    info = backups.restore(file, target, force=force)
    emit(
        state,
        {"backup": str(file), "db": str(target), "orders": info.orders, "schema": info.versions},
        f"Gjenopprettet {target} fra {file}: {info.orders} ordrer, kontroll uten avvik",
    )


def register(cli: click.Group) -> None:
    cli.add_command(backup)
    cli.add_command(restore)
