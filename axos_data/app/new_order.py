"""«Ny ordre»: an order by hand, or from an accepted quote. Both land on the new order."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import marimo as mo

import axos_data as ax
from axos_data import money, views
from axos_data.app import forms, pages, ui
from axos_data.app.list_controls import filter_text
from axos_data.model import CONVERTIBLE_QUOTE_STATUSES, QUOTE_STATUS_LABELS


def quote_from_url() -> str:
    with contextlib.suppress(Exception):
        return str(mo.query_params().get("quote") or "").strip()
    return ""


def go_to_order(order_no: int, message: str) -> mo.Html:
    """Say what happened and open the new order (with a link if the browser stays)."""
    href = pages.order_href(order_no)
    return mo.Html(
        f'<meta http-equiv="refresh" content="0; url={href}">'
        + ui.success(message).text
        + f'<p><a class="axos-sublink" href="{href}">Åpne ordre {order_no} →</a></p>'
    )


# --- by hand ---------------------------------------------------------------------------------


def order_form(
    con, actor, customer_id: int | None, *, on_created: Callable[[mo.Html], None]
) -> mo.ui.form | mo.Html:
    """Title, our contact and the optional fields; the customer is picked above it. A refused
    order keeps what was typed and says why inside the form; a created one calls
    `on_created` with the page that opens it."""
    if customer_id is None:
        return ui.note("Velg kunden først.", kind="info")
    staff = {r["name"]: r["id"] for r in views.employees(con).iter_rows(named=True)}
    labels = ax.invoice_methods(con)
    methods = {label: key for key, label in labels.items()}
    settings = ax.get_settings(con)
    fields = {
        "title": mo.ui.text(placeholder="Hva ordren gjelder", full_width=True),
        "our_contact_id": mo.ui.dropdown(
            staff,
            value=actor.name if actor.name in staff else next(iter(staff)),
            full_width=True,
        ),
        "contact_id": mo.ui.dropdown(
            _options(views.contacts(con, customer_id)), allow_select_none=True, full_width=True
        ),
        "project_id": mo.ui.dropdown(
            _options(views.projects(con, customer_id)), allow_select_none=True, full_width=True
        ),
        "order_date": mo.ui.text(placeholder="I dag", full_width=True),
        "delivery_date": mo.ui.text(placeholder="dd.mm.åååå", full_width=True),
        "customer_ref": mo.ui.text(placeholder="Kundens bestillingsnr.", full_width=True),
        "payment_terms_days": mo.ui.number(
            start=0,
            stop=365,
            step=1,
            value=settings["default_payment_terms_days"],
            full_width=True,
        ),
        "invoice_method": mo.ui.dropdown(
            methods, value=labels[settings["default_invoice_method"]], full_width=True
        ),
    }
    template = forms.grid(
        ("title", "Tittel *", "wide"),
        ("our_contact_id", "Vår kontakt *", "two"),
        ("contact_id", "Kontaktperson", "two"),
        ("project_id", "Prosjekt", "two"),
        ("customer_ref", "Deres referanse", "two"),
        ("order_date", "Ordredato", "one"),
        ("delivery_date", "Leveringsdato", "one"),
        ("payment_terms_days", "Betalingsfrist (dager)", "two"),
        ("invoice_method", "Fakturametode", "two"),
    )
    return forms.form(
        template,
        fields,
        "Opprett ordre",
        lambda values: create(con, actor.id, customer_id, values),
        done=lambda outcome: on_created(go_to_order(outcome.result, outcome.text)),
    )


def _options(frame) -> dict[str, int]:
    return {r["name"]: r["id"] for r in frame.iter_rows(named=True)}


def create(con, actor_id: int, customer_id: int, values: dict | None) -> ui.Outcome | None:
    if not values:
        return None
    return ui.attempt(
        lambda: _create(con, actor_id, customer_id, values),
        lambda number: f"Ordre {number} er opprettet.",
    )


def _create(con, actor_id: int, customer_id: int, values: dict) -> int:
    return ax.create_order(
        con,
        actor_id,
        customer_id=customer_id,
        title=values["title"],
        our_contact_id=values["our_contact_id"],
        contact_id=values["contact_id"],
        project_id=values["project_id"],
        order_date=ui.input_date(values["order_date"]),
        delivery_date=ui.input_date(values["delivery_date"]),
        customer_ref=values["customer_ref"] or None,
        payment_terms_days=values["payment_terms_days"],
        invoice_method=values["invoice_method"],
    )


# --- from a quote ----------------------------------------------------------------------------


def quote_search() -> mo.ui.text:
    return filter_text("", "Tilbudsnr., tittel eller kunde")


def quote_picker(con, search: str, wanted: str) -> mo.ui.dropdown:
    """Accepted and sent quotes (the ones that can become orders), plus one from the URL."""
    # Newest first (the query's order), and the date leads each entry so the order shows.
    frame = views.quotes(con, CONVERTIBLE_QUOTE_STATUSES, search=search or None, limit=50)
    rows = sorted(
        frame.iter_rows(named=True), key=lambda r: (r["quote_date"], r["id"]), reverse=True
    )
    options = {
        f"{ui.date(r['quote_date'])} · Tilbud {r['id']} · {r['title']} – {r['customer_name']}"
        f" (kr {ui.nok(r['total'])})": r["id"]
        for r in rows
    }
    if wanted and not search and wanted not in {str(v) for v in options.values()}:
        with contextlib.suppress(ax.AxosError):
            header, _ = views.quote_detail(con, wanted)
            options = {
                f"{header['id']} · {header['title']} – {header['customer_name']}": header["id"],
                **options,
            }
    # Typing only narrows the list; the user picks (never the first match silently).
    chosen = next((k for k, v in options.items() if str(v) == wanted), None)
    return mo.ui.dropdown(options, value=chosen, allow_select_none=True, full_width=True)


def quote_preview(con, quote_id: int) -> mo.Html:
    """What a conversion copies: customer, contacts, reference, groups and lines, totals."""
    header, lines = views.quote_detail(con, quote_id)
    status = QUOTE_STATUS_LABELS.get(header["status"], header["status"])
    facts = [
        ("Kunde", ui.esc(header["customer_name"])),
        ("Kontaktperson", ui.esc(header["contact_name"]) or "—"),
        ("Vår kontakt", ui.esc(header["our_contact_name"])),
        ("Prosjekt", ui.esc(header["project_name"]) or "—"),
        ("Deres referanse", ui.esc(header["customer_ref"]) or "—"),
        ("Tilbudsdato", ui.date(header["quote_date"])),
        ("Gyldig til", ui.date(header["valid_until"]) or "—"),
        ("Status", ui.esc(status)),
    ]
    if header["order_no"] is not None:
        facts.append(
            ("Ordre", ui.link(pages.order_href(header["order_no"]), f"Ordre {header['order_no']}"))
        )
    dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
    table = ui.simple_table(
        lines.to_dicts(),
        [
            ("Gruppe", "left", ui.text_cell("group_title")),
            ("Beskrivelse", "left", ui.text_cell("description")),
            ("Antall", "right", ui.number_cell("quantity")),
            ("Enhet", "left", ui.text_cell("unit")),
            ("Enhetspris", "right", lambda row: money.format_price(row.get("unit_price"))),
            (
                "Rabatt",
                "right",
                lambda r: f"{ui.number(r['discount_pct'])} %" if r["discount_pct"] else "",
            ),
            ("MVA", "right", lambda r: f"{r['vat_rate']} %"),
            ("Beløp", "right", ui.money_cell("amount")),
        ],
        empty="Tilbudet har ingen linjer.",
        footer=["", "Sum eks. MVA", "", "", "", "", "", ui.nok(header["net_total"])],
    )
    totals = (
        f'<p style="text-align:right;margin:8px 0 0">MVA kr {ui.nok(header["vat_total"])} · '
        f"<b>Totalt kr {ui.nok(header['total'])}</b></p>"
    )
    return ui.card(
        f"Tilbud {header['id']} · {header['title']}",
        f'<dl class="axos-fields">{dl}</dl><div style="height:12px"></div>{table.text}{totals}',
    )


def convert_and_open(con, actor_id: int, quote_id: int | None) -> mo.Html | None:
    if quote_id is None:
        return None
    outcome = ui.attempt(
        lambda: ax.convert_quote(con, actor_id, quote_id),
        lambda number: f"Tilbud {quote_id} er konvertert til ordre {number}.",
    )
    if not outcome.ok:
        return outcome.message
    return go_to_order(
        outcome.result, f"Tilbud {quote_id} er konvertert til ordre {outcome.result}."
    )


def convert_button(
    con, actor_id: int, quote_id: int | None, on_done: Callable[[mo.Html | None], None]
) -> mo.ui.button:
    """«Konverter til ordre»: live only for a quote the library lets convert."""
    return mo.ui.button(
        label="Konverter til ordre",
        kind="success",
        on_click=lambda _: on_done(convert_and_open(con, actor_id, quote_id)),
        disabled=quote_id is None or not quote_is_open(con, quote_id),
    )


def outcome(message: mo.Html | None) -> mo.Html:
    """What the card's last action did, below its form."""
    if message is None:
        return mo.Html("")
    return mo.Html(f'<div class="axos-result" role="status">{message}</div>')


def quote_is_open(con, quote_id: int) -> bool:
    """Whether the «Konverter til ordre» button is live: the library's rule, asked here."""
    return ax.can_convert_quote(con, quote_id)
