"""axos payments: import the bank's incoming payments, list them, overdue orders, reminders."""

from __future__ import annotations

from pathlib import Path

import click

from axos_data import money, services, views
from axos_data.bank import CSV_FIELDS
from axos_data.cli._common import LocalPath, State, echo, emit, table, with_state

_MAPPING_HELP = (
    "CSV columns as FIELD=HEADING, comma-separated, e.g."
    " date=Bokført,amount=Beløp,kid=KID,payer=Betaler,text=Tekst,ref=Arkivref."
    f" Fields: {', '.join(CSV_FIELDS)}. Without it, known Norwegian headings are used."
)


@click.group("payments")
def payments() -> None:
    """Payment follow-up: incoming payments, differences, overdue orders and reminders."""


@payments.command("import")
@click.argument("file", type=LocalPath(dir_okay=False, path_type=Path))
@click.option("--mapping", default=None, help=_MAPPING_HELP)
@click.option("--dry-run", is_flag=True, help="Show what the import would do; write nothing.")
@with_state
def payments_import(state: State, file: Path, mapping: str | None, dry_run: bool) -> None:
    """Import FILE (CSV or ISO 20022 camt.054) and match its payments to orders by KID.

    \b
    axos payments import innbetalinger.csv --mapping date=Bokført,amount=Beløp,kid=KID
    axos payments import camt054.xml --dry-run

    Payments already imported are recognised and left alone; an order paid in full moves
    to Betalt. One transaction: a file with one bad row writes nothing.
    """
    result = services.import_payments(
        state.con, state.actor(), file, mapping=mapping, dry_run=dry_run
    )

    def human() -> None:
        prefix = "Prøvekjøring (ingenting lagret): " if dry_run else ""
        echo(
            f"{prefix}{result.file_name} ({result.file_format}): {result.read} innbetalinger,"
            f" {result.new} nye ({money.format_nok(result.amount_new)} kr),"
            f" {result.already_imported} importert fra før, {result.matched} koblet til ordre,"
            f" {len(result.unmatched)} uten ordre."
        )
        if result.paid_orders:
            echo("Betalt: " + ", ".join(str(n) for n in result.paid_orders))
        if result.differences:
            echo("Avvik:")
            echo(_differences_table(result.differences))
        if result.unmatched:
            echo("Uten ordre (ukjent KID):")
            echo(
                table(
                    result.unmatched,
                    [
                        ("source", "Sted"),
                        ("booked_on", "Dato"),
                        ("amount", "Beløp"),
                        ("kid", "KID"),
                        ("payer", "Betaler"),
                    ],
                    right=("amount",),
                )
            )
        for item in result.not_moved:
            echo(f"Ikke flyttet: ordre {item['order_no']}: {item['reason']}")

    emit(state, result.as_dict(), human)


def _differences_table(rows: list[dict]) -> str:
    return table(
        rows,
        [
            ("order_no", "Ordre"),
            ("status", "Status"),
            ("total", "Sum"),
            ("paid", "Betalt"),
            ("difference", "Avvik"),
            ("kind", "Type"),
        ],
        right=("total", "paid", "difference"),
    )


@payments.command("list")
@click.option("--unmatched", is_flag=True, help="Only payments that matched no order.")
@click.option("--differences", is_flag=True, help="Orders that are part paid or overpaid.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=200, show_default=True)
@with_state
def payments_list(state: State, unmatched: bool, differences: bool, limit: int) -> None:
    """Imported payments, newest first (or the unmatched ones, or the differences)."""
    if differences:
        frame = views.payment_differences(state.con)
        rows = frame.to_dicts()
        emit(
            state,
            rows,
            lambda: echo(_differences_table([{**r, "status": r["status_label"]} for r in rows])),
        )
        return
    rows = views.payments(state.con, unmatched=unmatched, limit=limit).to_dicts()
    columns = [
        ("booked_on", "Dato"),
        ("amount", "Beløp"),
        ("kid", "KID"),
        ("payer", "Betaler"),
        ("order_no", "Ordre"),
        ("text", "Tekst"),
    ]
    emit(state, rows, lambda: echo(table(rows, columns, right=("amount",))))


@payments.command("overdue")
@with_state
def payments_overdue(state: State) -> None:
    """Invoiced orders past their due date, with days overdue (most overdue first).

    The due date is the day the order was invoiced (entered Fakturert) plus its payment
    terms, or the new due date of its latest reminder.
    """
    rows = views.overdue_orders(state.con).to_dicts()
    columns = [
        ("order_no", "Ordre"),
        ("customer_name", "Kunde"),
        ("status_label", "Status"),
        ("due_date", "Forfall"),
        ("days_overdue", "Dager"),
        ("total", "Sum"),
        ("paid", "Betalt"),
        ("outstanding", "Rest"),
    ]
    emit(
        state,
        rows,
        lambda: echo(table(rows, columns, right=("days_overdue", "total", "paid", "outstanding"))),
    )


@payments.command("remind")
@click.argument("order_nos", nargs=-1, required=True)
@click.option(
    "--out-dir",
    type=LocalPath(file_okay=False, path_type=Path),
    required=True,
    help="Folder for the reminder PDFs (purring-ORDRENR-N.pdf).",
)
@click.option("--new-due", default=None, help="New due date (YYYY-MM-DD; default today + 14).")
@with_state
def payments_remind(
    state: State, order_nos: tuple[str, ...], out_dir: Path, new_due: str | None
) -> None:
    """Send reminders: a Purring PDF per order, and Fakturert orders move to Purret."""
    result = services.remind_orders(
        state.con, state.actor(), list(order_nos), out_dir, new_due=new_due
    )
    emit(
        state,
        result.as_dict(),
        f"Skrev {len(result.files)} purringer til {out_dir} (ny forfallsdato"
        f" {result.new_due:%d.%m.%Y}); {len(result.moved)} flyttet til Purret.",
    )


def register(cli: click.Group) -> None:
    cli.add_command(payments)
