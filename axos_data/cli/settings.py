"""axos settings, axos status, axos field, axos order field set, axos audit."""

from __future__ import annotations

from pathlib import Path

import click

from axos_data import clock, services, views
from axos_data.cli._common import LocalPath, State, echo, emit, table, with_state
from axos_data.model import CATEGORIES, parse_date
from axos_data.services.custom_fields import FIELD_TYPES


@click.group("settings")
def settings() -> None:
    """Settings (admin or the grant «Ordreinnstillinger»)."""


@settings.command("show")
@with_state
def settings_show(state: State) -> None:
    """All settings, the invoice methods and whether a logo is stored."""
    values = services.get_settings(state.con)
    logo = services.company_logo(state.con)
    data = {
        **values,
        "company_logo": None
        if logo is None
        else {k: logo[k] for k in ("file_name", "media_type", "sha256")},
    }

    def human() -> None:
        for key, value in data.items():
            echo(f"{key}: {value}")

    emit(state, data, human)


@settings.command("set")
@click.argument("key")
@click.argument("value")
@with_state
def settings_set(state: State, key: str, value: str) -> None:
    """Change one setting (`axos settings show` lists the keys)."""
    stored = services.update_settings(state.con, state.actor(), **{key: value})
    emit(state, stored, f"{key} = {stored[key]}")


@settings.command("logo")
@click.argument("path", type=LocalPath(dir_okay=False, path_type=Path), required=False)
@click.option("--remove", is_flag=True, help="Remove the stored logo.")
@with_state
def settings_logo(state: State, path: Path | None, remove: bool) -> None:
    """Store a PNG or JPEG as the logo of order confirmations (or --remove it)."""
    if remove:
        services.remove_company_logo(state.con, state.actor())
        emit(state, {"logo": None}, "Logoen er fjernet")
        return
    if path is None:
        raise click.UsageError("Oppgi en PNG- eller JPEG-fil, eller --remove.")
    digest = services.set_company_logo(state.con, state.actor(), path.read_bytes(), path.name)
    emit(state, {"sha256": digest}, f"Logoen er lagret ({digest[:12]})")


@settings.command("invoice-method")
@click.argument("action", type=click.Choice(["add", "remove"]))
@click.argument("key")
@click.argument("label", required=False)
@with_state
def settings_invoice_method(state: State, action: str, key: str, label: str | None) -> None:
    """Add (KEY LABEL) or remove (KEY) an invoice method."""
    if action == "add":
        if not label:
            raise click.UsageError("Oppgi navnet på fakturametoden, f.eks. «Papir».")
        services.add_invoice_method(state.con, state.actor(), key, label)
    else:
        services.remove_invoice_method(state.con, state.actor(), key)
    methods = services.invoice_methods(state.con)
    emit(state, methods, ", ".join(f"{k} ({v})" for k, v in methods.items()))


@click.group("status")
def status() -> None:
    """The status flow: statuses and allowed transitions."""


def _show_flow(state: State) -> None:
    rows = services.transition_matrix(state.con)
    for row in rows:
        row["to_labels"] = ", ".join(row["to"])
    columns = [
        ("position", "#"),
        ("key", "Nøkkel"),
        ("label", "Navn"),
        ("category", "Kategori"),
        ("is_final", "Endelig"),
        ("to_labels", "Kan gå til"),
    ]
    emit(state, rows, lambda: echo(table(rows, columns, right=("position",))))


@status.command("list")
@with_state
def status_list(state: State) -> None:
    """The statuses in order with the statuses each may move to."""
    _show_flow(state)


@status.command("add")
@click.argument("key")
@click.option("--label", required=True)
@click.option("--category", type=click.Choice(CATEGORIES), required=True)
@click.option("--position", type=int, default=None, help="1 = first (default last).")
@click.option("--final", "is_final", is_flag=True, help="Only an admin may reopen it.")
@click.option("--from", "from_statuses", multiple=True, help="A status that may lead here.")
@click.option("--to", "to_statuses", multiple=True, help="A status it may lead to.")
@with_state
def status_add(state: State, key: str, **options: object) -> None:
    """Add a status; at least one --from makes it reachable."""
    services.add_status(state.con, state.actor(), key=key, **options)
    _show_flow(state)


@status.command("rename")
@click.argument("status_key")
@click.argument("label")
@with_state
def status_rename(state: State, status_key: str, label: str) -> None:
    """Give a status a new name (its key stays)."""
    services.rename_status(state.con, state.actor(), status_key, label)
    _show_flow(state)


@status.command("set")
@click.argument("status_key")
@click.option("--label", default=None)
@click.option("--category", type=click.Choice(CATEGORIES), default=None)
@click.option("--final/--not-final", "is_final", default=None)
@with_state
def status_set(state: State, status_key: str, **options: object) -> None:
    """Rename, recategorise or (un)mark a status as final."""
    services.update_status(state.con, state.actor(), status_key, **options)
    _show_flow(state)


@status.command("move")
@click.argument("status_key")
@click.argument("position", type=int)
@with_state
def status_move(state: State, status_key: str, position: int) -> None:
    """Move a status to POSITION (1 = first: the start status of new orders)."""
    services.move_status(state.con, state.actor(), status_key, position)
    _show_flow(state)


@status.command("remove")
@click.argument("status_key")
@with_state
def status_remove(state: State, status_key: str) -> None:
    """Remove a status no order has."""
    services.remove_status(state.con, state.actor(), status_key)
    _show_flow(state)


@status.command("allow")
@click.argument("from_status")
@click.argument("to_status")
@with_state
def status_allow(state: State, from_status: str, to_status: str) -> None:
    """Allow orders to move from one status to another."""
    services.set_transition(state.con, state.actor(), from_status, to_status, True)
    _show_flow(state)


@status.command("disallow")
@click.argument("from_status")
@click.argument("to_status")
@with_state
def status_disallow(state: State, from_status: str, to_status: str) -> None:
    """Forbid a transition (refused when it would strand a status)."""
    services.set_transition(state.con, state.actor(), from_status, to_status, False)
    _show_flow(state)


@click.group("field")
def field() -> None:
    """Custom fields on orders."""


def _show_fields(state: State) -> None:
    rows = services.list_custom_fields(state.con)
    columns = [
        ("position", "#"),
        ("key", "Nøkkel"),
        ("label", "Navn"),
        ("field_type", "Type"),
        ("required", "Påkrevd"),
        ("options", "Valg"),
    ]
    emit(state, rows, lambda: echo(table(rows, columns, right=("position",))))


@field.command("list")
@with_state
def field_list(state: State) -> None:
    """The active custom fields in page order."""
    _show_fields(state)


@field.command("add")
@click.argument("key")
@click.option("--label", required=True)
@click.option("--type", "field_type", type=click.Choice(FIELD_TYPES), default="text")
@click.option("--option", "options", multiple=True, help="A choice (repeat for each).")
@click.option("--required", is_flag=True, help="Must be filled in before invoicing.")
@with_state
def field_add(state: State, key: str, **options: object) -> None:
    """Define a custom field (it goes last on the order page)."""
    services.define_custom_field(state.con, state.actor(), key=key, **options)
    _show_fields(state)


@field.command("set")
@click.argument("key")
@click.option("--label", default=None)
@click.option("--required/--optional", default=None)
@click.option("--option", "options", multiple=True, help="Replaces a choice field's choices.")
@with_state
def field_set(state: State, key: str, label: str | None, required, options) -> None:
    """Change a field's label, required flag or choices."""
    services.update_custom_field(
        state.con, state.actor(), key, label=label, required=required, options=options or None
    )
    _show_fields(state)


@field.command("move")
@click.argument("key")
@click.argument("position", type=int)
@with_state
def field_move(state: State, key: str, position: int) -> None:
    """Move a field to POSITION on the order page (1 = first)."""
    services.move_custom_field(state.con, state.actor(), key, position)
    _show_fields(state)


@field.command("remove")
@click.argument("key")
@with_state
def field_remove(state: State, key: str) -> None:
    """Take a field off orders (stored values are kept)."""
    services.remove_custom_field(state.con, state.actor(), key)
    _show_fields(state)


@click.group("field")
def order_field() -> None:
    """Custom field values on one order."""


@order_field.command("set")
@click.argument("order_no", type=int)
@click.argument("key")
@click.argument("value")
@with_state
def order_field_set(state: State, order_no: int, key: str, value: str) -> None:
    """Fill in a custom field on an order ('' clears it)."""
    services.set_custom_value(state.con, state.actor(), order_no, key, value)
    values = {c["key"]: c["value"] for c in views.order_detail(state.con, order_no).custom_values}
    emit(state, {"order_no": order_no, key: values.get(key)}, f"{key} = {values.get(key) or ''}")


@click.command("audit")
@click.option("--since", default=None, help="dd.mm.åååå or YYYY-MM-DD.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=1000, show_default=True)
@with_state
def audit(state: State, since: str | None, limit: int) -> None:
    """Changes outside orders (settings, flow, fields, master data, quotes), newest first."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    day = parse_date(since, "Fra dato")
    # From midnight Norwegian time, the day people mean.
    start = None if day is None else dt.datetime.combine(day, dt.time(), ZoneInfo(clock.TIMEZONE))
    rows = services.audit_entries(state.con, start, limit)
    shown = [
        {**row, "what": "; ".join(f"{k}: {b} → {a}" for k, (b, a) in row["changes"].items())}
        for row in rows
    ]
    columns = [
        ("occurred_at", "Tid"),
        ("actor_name", "Hvem"),
        ("entity", "Hva"),
        ("entity_id", "Id"),
        ("action", "Handling"),
        ("what", "Endringer"),
    ]
    emit(state, rows, lambda: echo(table(shown, columns)))


def register(cli: click.Group) -> None:
    for command in (settings, status, field, audit):
        cli.add_command(command)
    # `axos order field set`: hung on the order group from here, so cli/orders.py (where
    # other work adds order subcommands) needs no change.
    cli.commands["order"].add_command(order_field)
