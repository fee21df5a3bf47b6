"""axos order file add|list, axos file get|remove, axos gc, and axos order relate|unrelate|
relations: files and relations of orders."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import click

from axos_data import os_errors, services, views
from axos_data.cli._common import LocalPath, State, echo, emit, table, with_state
from axos_data.errors import CannotWriteFile, UnreadableFile
from axos_data.filestore import human_size


@click.group("file")
def order_file() -> None:
    """Files on an order (filer)."""


@order_file.command("add")
@click.argument("order_no")
@click.argument("path", type=LocalPath(dir_okay=False, path_type=Path))
@click.option("--name", default=None, help="Name to show (default: the file's own name).")
@with_state
def order_file_add(state: State, order_no: str, path: Path, name: str | None) -> None:
    """Attach the file PATH to order ORDER_NO; prints the file id."""
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below, after the service read it
    except OSError as error:
        raise UnreadableFile(f"Kan ikke lese filen {path}: {os_errors.reason(error)}.") from None
    with stream:
        file_id = services.add_file(state.con, state.actor(), order_no, name or path.name, stream)
    row = views.file_info(state.con, file_id)
    emit(
        state,
        {k: row[k] for k in ("id", "order_no", "name", "size", "sha256")},
        str(file_id),
    )


@order_file.command("list")
@click.argument("order_no")
@with_state
def order_file_list(state: State, order_no: str) -> None:
    """The files of order ORDER_NO."""
    rows = views.order_files(state.con, order_no).to_dicts()

    def human() -> None:
        if not rows:
            echo("Ingen filer.")
            return
        shown = [{**r, "size_text": human_size(r["size"])} for r in rows]
        echo(
            table(
                shown,
                [
                    ("id", "Fil"),
                    ("name", "Navn"),
                    ("size_text", "Størrelse"),
                    ("uploaded_by_name", "Lastet opp av"),
                    ("uploaded_at", "Tidspunkt"),
                ],
                right=("id", "size_text"),
            )
        )

    emit(state, rows, human)


@click.group("file")
def file_group() -> None:
    """Files by id: download and remove."""


def _output_path(output: Path, safe_name: str) -> Path:
    """-o FOLDER saves under the file's own (sanitised) name inside it; -o FILE is the file.
    Either way nothing is written outside what -o names."""
    if output.is_dir():
        target = output / safe_name
        if target.resolve().parent != output.resolve():
            raise CannotWriteFile(f"Filnavnet «{safe_name}» ville havnet utenfor {output}.")
        return target
    return output


@file_group.command("get")
@click.argument("file_id")
@click.option(
    "-o",
    "--output",
    type=LocalPath(path_type=Path),
    required=True,
    help="File to write, or a folder to save it in under its own name.",
)
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@with_state
def file_get(state: State, file_id: str, output: Path, force: bool) -> None:
    """Save file FILE_ID (its content is checked against its SHA-256 first)."""
    content = views.file_content(state.con, file_id)
    target = _output_path(output, content.safe_name)
    if target.is_symlink() or (target.exists() and not force):
        raise CannotWriteFile(f"{target} finnes allerede. Bruk --force for å erstatte den.")
    if not target.parent.is_dir():
        raise CannotWriteFile(f"Mappen {target.parent} finnes ikke.")
    # O_NOFOLLOW: a symlink put at the target meanwhile is not followed out of -o.
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(target, flags | (0 if force else os.O_EXCL), 0o644)
    except OSError as error:
        raise CannotWriteFile(f"{target} kunne ikke skrives: {os_errors.reason(error)}.") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(content.data)
    except OSError as error:
        with contextlib.suppress(OSError):
            target.unlink()  # ours, half-written
        raise CannotWriteFile(f"{target} kunne ikke skrives: {os_errors.reason(error)}.") from None
    emit(
        state,
        {"id": content.id, "name": content.name, "path": str(target), "size": content.size},
        f"Lagret {target} ({human_size(content.size)})",
    )


@file_group.command("remove")
@click.argument("file_id")
@with_state
def file_remove(state: State, file_id: str) -> None:
    """Take file FILE_ID off its order (its uploader, an admin or the settings grant)."""
    row = services.remove_file(state.con, state.actor(), file_id)
    emit(
        state,
        {"id": row["id"], "order_no": row["order_no"], "name": row["name"]},
        f"Fjernet filen «{row['name']}» fra ordre {row['order_no']}",
    )


@click.command("gc")
@with_state
def gc(state: State) -> None:
    """Remove stored file contents no order refers to, and leftovers of interrupted uploads."""
    result = services.collect_garbage(state.con)

    def human() -> None:
        for sha256 in result.blobs:
            echo(f"fjernet {sha256}")
        for name in result.temps:
            echo(f"fjernet midlertidig fil {name}")
        echo(
            f"{len(result.blobs)} filinnhold og {len(result.temps)} midlertidige filer fjernet"
            f" ({human_size(result.bytes)})."
        )

    emit(state, result.as_dict(), human)


# --- relations ---------------------------------------------------------------------------------


@click.command("relate")
@click.argument("order_no")
@click.option("--to", "target", required=True, help="quote:ID, project:ID, order:NR or company:ID.")
@click.option("--kind", default=None, help="tilleggsordre, erstatter or free text.")
@with_state
def order_relate(state: State, order_no: str, target: str, kind: str | None) -> None:
    """Link order ORDER_NO to a quote, project, order or company; prints the relation id."""
    relation_id = services.relate(state.con, state.actor(), order_no, target, kind)
    emit(state, {"relation_id": relation_id}, str(relation_id))


@click.command("unrelate")
@click.argument("order_no")
@click.argument("relation_id")
@with_state
def order_unrelate(state: State, order_no: str, relation_id: str) -> None:
    """Remove relation RELATION_ID (as `axos order relations` lists it) from both sides."""
    row = services.unrelate(state.con, state.actor(), order_no, relation_id)
    emit(
        state,
        {k: row[k] for k in ("id", "to_type", "to_id", "kind")},
        f"Fjernet relasjon {row['id']}",
    )


@click.command("relations")
@click.argument("order_no")
@with_state
def order_relations(state: State, order_no: str) -> None:
    """The links of order ORDER_NO (to quotes, projects, orders and companies)."""
    rows = views.relations_of_order(state.con, order_no).to_dicts()

    def human() -> None:
        if not rows:
            echo("Ingen relasjoner.")
            return
        shown = [{**r, "target": f"{r['to_type']}:{r['to_id']}"} for r in rows]
        echo(
            table(
                shown,
                [
                    ("id", "Relasjon"),
                    ("kind_label", "Type"),
                    ("target", "Til"),
                    ("to_name", "Navn"),
                    ("created_at", "Tidspunkt"),
                ],
                right=("id",),
            )
        )

    emit(state, rows, human)


def register(cli: click.Group) -> None:
    order = cli.commands["order"]
    assert isinstance(order, click.Group)
    order.add_command(order_file)
    order.add_command(order_relate)
    order.add_command(order_unrelate)
    order.add_command(order_relations)
    cli.add_command(file_group)
    cli.add_command(gc)
