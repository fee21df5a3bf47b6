"""axos quote …: create (with a lines file), status, convert, list, show."""

from __future__ import annotations

import click

from axos_data import services, views
from axos_data.cli._common import LocalPath, State, cell, echo, emit, table, with_state
from axos_data.lines_file import read_lines_file
from axos_data.serialize import frame_records, plain


@click.group("quote")
def quote() -> None:
    """Quotes (tilbud)."""


@quote.command("create")
@click.option("--customer", "customer_id", type=int, required=True)
@click.option("--title", required=True)
@click.option("--our-contact", "our_contact_id", type=int, required=True)
@click.option("--contact", "contact_id", type=int, default=None)
@click.option("--project", "project_id", type=int, default=None)
@click.option("--reference", "customer_ref", default=None)
@click.option("--valid-until", default=None, help="YYYY-MM-DD.")
@click.option(
    "--lines",
    "lines_file",
    type=LocalPath(dir_okay=False),
    default=None,
    help="CSV or JSON with description, quantity, unit, unit_price, discount_pct,"
    " vat_rate, vat_code, group, product.",
)
@with_state
def quote_create(state: State, lines_file: str | None, **fields: object) -> None:
    """Create a quote; prints its id."""
    lines = read_lines_file(lines_file) if lines_file else []
    quote_id = services.create_quote(state.con, state.actor(), lines=lines, **fields)
    emit(state, {"id": quote_id}, str(quote_id))


@quote.command("status")
@click.argument("quote_id", type=int)
@click.argument("status")
@with_state
def quote_status(state: State, quote_id: int, status: str) -> None:
    """Set a quote's status: draft, sent, accepted or rejected."""
    previous = services.set_quote_status(state.con, state.actor(), quote_id, status)
    emit(
        state,
        {"id": quote_id, "from": previous, "to": status},
        f"Tilbud {quote_id}: {previous} → {status}",
    )


@quote.command("convert")
@click.argument("quote_id", type=int)
@with_state
def quote_convert(state: State, quote_id: int) -> None:
    """Convert an accepted quote into an order; prints the new order number."""
    order_no = services.convert_quote(state.con, state.actor(), quote_id)
    emit(state, {"order_no": order_no}, str(order_no))


@quote.command("list")
@click.option("--status", "statuses", multiple=True)
@click.option("--customer", "customer_id", type=int, default=None)
@click.option("--search", default=None)
@click.option("--limit", type=int, default=50, show_default=True)
@with_state
def quote_list(
    state: State, statuses: tuple[str, ...], customer_id: int | None, search: str | None, limit: int
) -> None:
    """List quotes, newest first."""
    frame = views.quotes(state.con, list(statuses) or None, customer_id, search, limit=limit)
    records = frame_records(frame)
    emit(
        state,
        records,
        lambda: echo(
            table(
                frame.to_dicts(),
                [
                    ("id", "Tilbud"),
                    ("quote_date", "Dato"),
                    ("status", "Status"),
                    ("customer_name", "Kunde"),
                    ("title", "Tittel"),
                    ("total", "Totalt"),
                    ("order_no", "Ordre"),
                ],
                right=("id", "total", "order_no"),
            )
        ),
    )


@quote.command("show")
@click.argument("quote_id", type=int)
@with_state
def quote_show(state: State, quote_id: int) -> None:
    """Show a quote and its lines."""
    header, lines = views.quote_detail(state.con, quote_id)
    data = {**plain(header), "lines": frame_records(lines)}

    def human() -> None:
        echo(f"Tilbud {header['id']}: {cell(header['title'])} ({cell(header['status'])})")
        echo(f"Kunde: {cell(header['customer_name'])}   Totalt: {header['total']}")
        echo(
            table(
                lines.to_dicts(),
                [
                    ("description", "Beskrivelse"),
                    ("quantity", "Antall"),
                    ("unit", "Enhet"),
                    ("unit_price", "Pris"),
                    ("amount", "Beløp"),
                ],
                right=("quantity", "unit_price", "amount"),
            )
        )

    emit(state, data, human)


def register(cli: click.Group) -> None:
    cli.add_command(quote)
