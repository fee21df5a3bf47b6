"""axos export …: files for the accounting system and EHF; `validate` checks EHF files."""

from __future__ import annotations

import sys

import click

from axos_data.cli._common import LocalPath, State, echo, emit, with_state


@click.group("export")
def export() -> None:
    """Invoice basis and EHF."""


@export.command("validate")
@click.argument("files", nargs=-1, required=True, type=LocalPath(dir_okay=False))
@with_state
def export_validate(state: State, files: tuple[str, ...]) -> None:
    """Validate EHF (Peppol BIS Billing 3.0) files against the official rules; prints each
    broken rule with its id and message, exits 1 when any file breaks a fatal rule."""
    from axos_data import ehf_validate  # Saxon loads only for this command

    report = []
    for name in files:
        result = ehf_validate.validate_file(name)
        report.append(
            {
                "file": name,
                "valid": result.valid,
                "failed": [
                    {"id": f.id, "flag": f.flag, "message": f.message, "location": f.location}
                    for f in result.failed
                ],
            }
        )

    def human() -> None:
        for entry in report:
            fatal = sum(1 for f in entry["failed"] if f["flag"] == "fatal")
            warnings = len(entry["failed"]) - fatal
            verdict = "gyldig" if entry["valid"] else "UGYLDIG"
            echo(f"{entry['file']}: {verdict} ({fatal} feil, {warnings} advarsler)")
            for failed in entry["failed"]:
                kind = "feil" if failed["flag"] == "fatal" else "advarsel"
                echo(f"  {failed['id']} ({kind}): {failed['message']}")

    emit(state, report, human)
    if not all(entry["valid"] for entry in report):
        sys.exit(1)


@export.command("invoices")
@click.option(
    "--status", "statuses", multiple=True, help="Status key (default klar_til_fakturering)."
)
@click.option(
    "--category", "categories", multiple=True, help="open, invoicing, invoiced or closed."
)
@click.option("--order", "order_nos", multiple=True, type=int, help="Order number; repeat.")
@click.option("--customer", "customer_id", type=int, default=None)
@click.option("--our-contact", "our_contact_id", type=int, default=None)
@click.option("--project", "project_id", type=int, default=None)
@click.option("--search", default=None)
@click.option("--from", "date_from", default=None, help="Order date from.")
@click.option("--to", "date_to", default=None, help="Order date to.")
@click.option("--out-dir", required=True, type=LocalPath(file_okay=False))
@click.option("--no-status-change", is_flag=True, help="Leave the orders' status as it is.")
@click.option("--reexport", is_flag=True, help="Allow orders that were exported before.")
@with_state
def export_invoices(
    state: State,
    order_nos: tuple[int, ...],
    out_dir: str,
    no_status_change: bool,
    reexport: bool,
    **filters: object,
) -> None:
    """Export the invoice basis of the selected orders as one batch folder in OUT_DIR
    (lines.csv/.parquet/.xlsx, orders.csv, EHF files, manifest.json); prints the folder."""
    from tqdm import tqdm

    from axos_data import services, views

    # disable=None: a bar on an interactive stderr, nothing in logs and pipes.
    with tqdm(
        desc="Fakturagrunnlag", unit=" ordre", file=sys.stderr, disable=None, leave=False
    ) as bar:

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        batch = services.export_invoices(
            state.con,
            state.actor(),
            out_dir,
            filters=views.OrderFilter(**filters),
            order_nos=list(order_nos) or None,
            status_change=not no_status_change,
            reexport=reexport,
            progress=progress,
        )
    emit(state, batch.as_dict(), str(batch.folder))


def register(cli: click.Group) -> None:
    cli.add_command(export)
