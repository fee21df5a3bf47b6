"""axos init, axos demo, axos check."""

from __future__ import annotations

import click

from axos_data import db, views
from axos_data.cli._common import State, emit, with_state
from axos_data.serialize import frame_records


@click.command("init")
@with_state
def init(state: State) -> None:
    """Create the database file (or bring its schema up to date)."""
    con = db.connect(state.db_path, migrate=False)
    try:
        applied = db.apply_migrations(con)
    finally:
        con.close()
    emit(
        state,
        {"db": str(state.db_path), "applied": applied},
        f"{state.db_path}: " + (f"la inn {', '.join(applied)}" if applied else "oppdatert"),
    )


@click.command("check")
@with_state
def check(state: State) -> None:
    """Recompute every order's totals from its lines; exit 1 if any stored total disagrees."""
    mismatches = views.totals_mismatches(state.con)
    count = state.con.execute("SELECT count(*) FROM orders").fetchall()[0][0]
    emit(
        state,
        {"orders": count, "mismatches": frame_records(mismatches)},
        f"{count} ordrer kontrollert, {mismatches.height} avvik",
    )
    if mismatches.height:
        raise SystemExit(1)


def register(cli: click.Group) -> None:
    cli.add_command(init)
    cli.add_command(check)
