"""axos import customers|products|employees, axos export customers|products|employees,
axos settings accounting-code (master data in step with the accounting system)."""

from __future__ import annotations

from pathlib import Path

import click

from axos_data import os_errors, services, views
from axos_data.cli._common import LocalPath, State, cell, echo, emit, with_state
from axos_data.masterdata_files import FORMATS, format_of

KINDS = click.Choice(list(views.MASTERDATA_KINDS))
_NOUNS = {"customers": "Kunder", "products": "Produkter", "employees": "Ansatte"}


@click.group("import")
def import_group() -> None:
    """Import master data from CSV or Excel (layout: `axos export … -o FILE` writes it)."""


def _import_command(kind: str) -> click.Command:
    @click.command(kind)
    @click.argument("file", type=LocalPath(dir_okay=False, path_type=Path))
    @click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
    @with_state
    def command(state: State, file: Path, dry_run: bool) -> None:
        report = services.import_masterdata(state.con, state.actor(), kind, file, dry_run=dry_run)
        emit(state, report.as_dict(), lambda: _print_report(report))

    command.help = (
        f"Add, change or leave alone {kind} from FILE (.csv or .xlsx), all in one go;"
        " --dry-run only shows it."
    )
    return command


def _print_report(report: services.ImportReport) -> None:
    counts = report.counts()
    tail = " (prøvekjøring: ingenting er lagret)" if report.dry_run else ""
    echo(
        f"{_NOUNS[report.kind]}: {counts['added']} nye, {counts['changed']} endret,"
        f" {counts['unchanged']} uendret{tail}"
    )
    for row in report.rows:
        if row.action == "unchanged":
            continue
        sign, word = ("+", "ny") if row.action == "added" else ("~", "endret")
        changes = "; ".join(
            f"{name}: {cell(after)}"
            if row.action == "added"
            else f"{name}: {cell(before)} → {cell(after)}"
            for name, (before, after) in row.changes.items()
        )
        echo(f"{sign} rad {row.row} ({cell(row.key)}): {word}, id {row.id}. {changes}")


@click.group("export")
def export_group() -> None:
    """Export data as files."""


def _export_command(kind: str) -> click.Command:
    @click.command(kind)
    @click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help="csv/xlsx")
    @click.option(
        "-o",
        "--out",
        "out",
        type=LocalPath(dir_okay=False, path_type=Path),
        required=True,
        help="File to write (the format follows its ending unless --format is given).",
    )
    @with_state
    def command(state: State, fmt: str | None, out: Path) -> None:
        chosen = format_of(out, fmt)
        data = views.export_masterdata(state.con, kind, chosen)
        try:
            out.write_bytes(data)
        except OSError as error:
            raise click.ClickException(
                f"Kan ikke skrive {out}: {os_errors.reason(error)}."
            ) from None
        count = len(views.masterdata_rows(state.con, kind))
        emit(
            state,
            {"kind": kind, "format": chosen, "file": str(out), "rows": count},
            f"{count} {_NOUNS[kind].lower()} skrevet til {out}",
        )

    command.help = f"Write all {kind} to a CSV or Excel file in the import layout."
    return command


@click.group("accounting-code")
def accounting_code() -> None:
    """The accounting system's codes for invoice methods and payment terms (days)."""


@accounting_code.command("show")
@with_state
def accounting_code_show(state: State) -> None:
    """Every mapped code."""
    codes = services.accounting_codes(state.con)

    def human() -> None:
        for kind, mapping in codes.items():
            shown = ", ".join(f"{key} → {code}" for key, code in mapping.items()) or "(ingen)"
            echo(f"{kind}: {shown}")

    emit(state, codes, human)


@accounting_code.command("set")
@click.argument("kind", type=click.Choice(["invoice_method", "payment_terms"]))
@click.argument("key")
@click.argument("code")
@with_state
def accounting_code_set(state: State, kind: str, key: str, code: str) -> None:
    """Give invoice method KEY (e.g. ehf) or payment terms KEY (days, e.g. 14) the CODE."""
    stored_key, stored = services.set_accounting_code(state.con, state.actor(), kind, key, code)
    emit(
        state,
        {"kind": kind, "key": stored_key, "code": stored},
        f"{kind} {stored_key} → {stored}",
    )


@accounting_code.command("remove")
@click.argument("kind", type=click.Choice(["invoice_method", "payment_terms"]))
@click.argument("key")
@with_state
def accounting_code_remove(state: State, kind: str, key: str) -> None:
    """Take the code away from invoice method or payment terms KEY."""
    services.remove_accounting_code(state.con, state.actor(), kind, key)
    emit(state, {"kind": kind, "key": key, "code": None}, f"{kind} {key}: ingen kode")


def register(cli: click.Group) -> None:
    # `export` may be defined by other work too (the invoice basis): join it if it is there.
    imports = cli.commands.setdefault("import", import_group)
    exports = cli.commands.setdefault("export", export_group)
    for kind in views.MASTERDATA_KINDS:
        imports.add_command(_import_command(kind))
        exports.add_command(_export_command(kind))
    # `axos settings accounting-code`: hung on the settings group, so cli/settings.py needs
    # no change.
    cli.commands["settings"].add_command(accounting_code)
