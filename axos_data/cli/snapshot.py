"""axos snapshot: every table as Parquet plus a manifest, for analysts (axos_data.snapshot)."""

from __future__ import annotations

from pathlib import Path

import click

from axos_data import snapshot as snapshots
from axos_data.cli._common import LocalPath, State, emit, with_state


@click.command("snapshot")
@click.option(
    "--out",
    "out",
    type=LocalPath(path_type=Path),  # a file here is refused in Norwegian by the library
    required=True,
    help="Folder for the snapshot; DIR/current points to the newest one.",
)
@click.option(
    "--keep",
    type=click.IntRange(min=1),
    default=snapshots.DEFAULT_KEEP,
    show_default=True,
    help="Snapshots to keep in DIR; older ones are deleted.",
)
@with_state
def snapshot(state: State, out: Path, keep: int) -> None:
    """Write a consistent snapshot of the database (Parquet per table + manifest.json) to DIR.

    Open it with `axos_data.snapshot.open(DIR)` or any tool that reads Parquet.
    """
    result = snapshots.write_snapshot(state.con, out, keep=keep)
    emit(
        state,
        result.as_dict(),
        f"Øyeblikksbilde {result.path} ({result.current}): {len(result.tables)} tabeller,"
        f" {result.rows} rader, {result.bytes / 1_000_000:.1f} MB, {result.seconds:.1f} s",
    )


def register(cli: click.Group) -> None:
    cli.add_command(snapshot)
