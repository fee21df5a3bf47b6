"""axos order …: create, show, list, lines, groups, status, comments and the log."""

from __future__ import annotations

import click

from axos_data import money, search, serialize, services, views
from axos_data.cli._common import State, cell, echo, emit, table, with_state


@click.group("order")
def order() -> None:
    """Orders (ordre)."""


@order.command("create")
@click.option("--customer", "customer_id", type=int, required=True)
@click.option("--title", required=True)
@click.option("--our-contact", "our_contact_id", type=int, required=True)
@click.option("--contact", "contact_id", type=int, default=None)
@click.option("--project", "project_id", type=int, default=None)
@click.option("--order-date", default=None, help="dd.mm.åååå or YYYY-MM-DD (default today).")
@click.option("--delivery-date", default=None, help="dd.mm.åååå or YYYY-MM-DD.")
@click.option("--reference", "customer_ref", default=None, help="The customer's PO number.")
@click.option("--payment-terms", "payment_terms_days", default=None, help="Days.")
@click.option("--invoice-method", default=None, help="email, ehf, efaktura or post.")
@with_state
def order_create(state: State, **fields: object) -> None:
    """Create an order by hand; prints the order number."""
    order_no = services.create_order(state.con, state.actor(), **fields)
    emit(state, {"order_no": order_no}, str(order_no))


@order.command("set")
@click.argument("order_no", type=int)
@click.option("--title", default=None)
@click.option("--contact", "contact_id", default=None, help="Contact id ('' clears).")
@click.option("--our-contact", "our_contact_id", default=None)
@click.option("--project", "project_id", default=None, help="Project id ('' clears).")
@click.option("--delivery-date", default=None)
@click.option("--reference", "customer_ref", default=None)
@click.option("--payment-terms", "payment_terms_days", default=None)
@click.option("--invoice-method", default=None)
@with_state
def order_set(state: State, order_no: int, **fields: object) -> None:
    """Change header fields of an order."""
    changes = {key: value for key, value in fields.items() if value is not None}
    diff = services.update_order(state.con, state.actor(), order_no, **changes)
    emit(
        state,
        {"changed": {k: [o, n] for k, (o, n) in diff.items()}},
        "Ingen endring" if not diff else "Endret: " + ", ".join(diff),
    )


def _print_order(detail: views.OrderDetail) -> None:
    h = detail.header
    echo(f"Ordre {h['order_no']}: {cell(h['title'])}")
    echo(f"Status:       {cell(h['status_label'])} ({cell(h['status'])})")
    echo(
        f"Kunde:        {cell(h['customer_name'])} (firma {h['customer_id']})"
        + (f", org.nr {cell(h['customer_orgnr'])}" if h["customer_orgnr"] else "")
    )
    if h["contact_name"]:
        echo(f"Kontakt:      {cell(h['contact_name'])}")
    echo(f"Vår kontakt:  {cell(h['our_contact_name'])}")
    if h["project_name"]:
        echo(f"Prosjekt:     {cell(h['project_name'])}")
    echo(
        f"Ordredato:    {h['order_date']}"
        + (f"   Levering: {h['delivery_date']}" if h["delivery_date"] else "")
    )
    if h["customer_ref"]:
        echo(f"Deres ref.:   {cell(h['customer_ref'])}")
    echo("")
    lines = detail.lines.to_dicts()
    if not lines:
        echo("Ingen ordrelinjer.")
    columns = [
        ("id", "Linje"),
        ("description", "Beskrivelse"),
        ("quantity", "Antall"),
        ("unit", "Enhet"),
        ("unit_price", "Pris"),
        ("discount_pct", "Rabatt %"),
        ("vat_rate", "MVA %"),
        ("amount", "Beløp"),
    ]
    right = ("quantity", "unit_price", "discount_pct", "vat_rate", "amount")
    ungrouped = [line for line in lines if line["group_id"] is None]
    if ungrouped:
        echo(table(ungrouped, columns, right=right))
    for group in detail.groups.to_dicts():
        echo(f"\n[{group['id']}] {cell(group['title'])}")
        members = [line for line in lines if line["group_id"] == group["id"]]
        if members:
            echo(table(members, columns, right=right))
        echo(f"Delsum {cell(group['title'])}: {money.format_nok(group['subtotal'])}")
    t = detail.totals
    echo("")
    echo(f"Sum eks. MVA: {money.format_nok(t.net):>16}")
    for vat in t.vat:
        echo(f"MVA {vat.rate:>2} % av {money.format_nok(vat.base)}: {money.format_nok(vat.amount)}")
    echo(f"Sum MVA:      {money.format_nok(t.vat_total):>16}")
    echo(f"Totalt {cell(h['currency'])}:   {money.format_nok(t.total):>16}")


@order.command("show")
@click.argument("order_no", type=int)
@with_state
def order_show(state: State, order_no: int) -> None:
    """Show an order with groups, lines, VAT and totals."""
    detail = views.order_detail(state.con, order_no)
    emit(state, serialize.order_detail_dict(detail), lambda: _print_order(detail))


LIST_COLUMNS = [
    ("order_no", "Ordre"),
    ("order_date", "Dato"),
    ("status_label", "Status"),
    ("customer_name", "Kunde"),
    ("title", "Tittel"),
    ("our_contact_name", "Vår kontakt"),
    ("total", "Totalt"),
]


@order.command("list")
@click.option("--status", "statuses", multiple=True, help="Status key; repeat for several.")
@click.option(
    "--category", "categories", multiple=True, help="open, invoicing, invoiced or closed."
)
@click.option("--customer", "customer_id", type=int, default=None)
@click.option("--contact", "contact_id", type=int, default=None)
@click.option("--our-contact", "our_contact_id", type=int, default=None)
@click.option("--project", "project_id", type=int, default=None)
@click.option("--search", default=None, help="Order number, title, customer or reference.")
@click.option(
    "--from", "date_from", default=None, help="Order date from (dd.mm.åååå or YYYY-MM-DD)."
)
@click.option("--to", "date_to", default=None, help="Order date to (dd.mm.åååå or YYYY-MM-DD).")
@click.option("--min-total", default=None)
@click.option("--max-total", default=None)
@click.option(
    "--sort",
    default="-order_no",
    show_default=True,
    help="Column, '-' prefix for descending: " + ", ".join(views.SORT_COLUMNS),
)
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--offset", type=int, default=0, show_default=True)
@with_state
def order_list(state: State, sort: str, limit: int, offset: int, **filters: object) -> None:
    """List orders with filters, search, sorting and paging."""
    page = views.order_list(
        state.con, views.OrderFilter(**filters), sort=sort, limit=limit, offset=offset
    )

    def human() -> None:
        if page.total_count == 0:
            echo(search.wordless_search_note(filters["search"]) or "Ingen ordrer passer.")
            return
        echo(table(page.rows.to_dicts(), LIST_COLUMNS, right=("order_no", "total")))
        shown = page.rows.height
        echo(
            f"\n{shown} av {page.total_count} ordrer (fra nr. {page.offset + 1}),"
            f" sum {money.format_nok(page.total_sum, currency=True)}"
        )

    emit(state, serialize.order_page_dict(page), human)


@order.command("status")
@click.argument("order_no", type=int)
@click.argument("new_status")
@click.option("--note", default=None)
@with_state
def order_status(state: State, order_no: int, new_status: str, note: str | None) -> None:
    """Move an order to NEW_STATUS, its key or its label (following the status flow).
    Reopening a paid or cancelled order (admin) needs --note saying why."""
    previous = services.change_status(state.con, state.actor(), order_no, new_status, note=note)
    labels = {row["key"]: row["label"] for row in views.statuses(state.con).iter_rows(named=True)}
    current = views.order_detail(state.con, order_no).header["status"]
    emit(
        state,
        {"order_no": order_no, "from": previous, "to": current},
        f"Ordre {order_no}: {labels.get(previous, previous)} → {labels.get(current, current)}",
    )


@order.command("comment")
@click.argument("order_no", type=int)
@click.argument("text")
@with_state
def order_comment(state: State, order_no: int, text: str) -> None:
    """Add a comment to the order's activity log."""
    services.add_comment(state.con, state.actor(), order_no, text)
    emit(state, {"order_no": order_no, "comment": text}, "Kommentar lagret")


@order.command("log")
@click.argument("order_no", type=int)
@with_state
def order_log(state: State, order_no: int) -> None:
    """The order's activity log, oldest first."""
    log = views.order_activity(state.con, order_no)
    records = [
        {
            "at": r["occurred_at"],
            "kind": r["kind"],
            "actor": r["actor_name"],
            "message": r["message"],
        }
        for r in log.to_dicts()
    ]
    emit(
        state,
        records,
        lambda: echo(
            table(
                records,
                [("at", "Tid"), ("actor", "Hvem"), ("kind", "Type"), ("message", "Hendelse")],
            )
        ),
    )


@order.command("history")
@click.argument("order_no", type=int)
@with_state
def order_history(state: State, order_no: int) -> None:
    """The order's status history."""
    history = views.status_history(state.con, order_no).to_dicts()
    records = [
        {
            "at": r["changed_at"],
            "from": r["from_status"],
            "to": r["to_status"],
            "by": r["changed_by_name"],
            "note": r["note"],
        }
        for r in history
    ]
    emit(
        state,
        records,
        lambda: echo(
            table(
                records,
                [("at", "Tid"), ("from", "Fra"), ("to", "Til"), ("by", "Hvem"), ("note", "Notat")],
            )
        ),
    )


def register(cli: click.Group) -> None:
    from axos_data.cli.order_lines import group, line

    order.add_command(line)
    order.add_command(group)
    cli.add_command(order)
