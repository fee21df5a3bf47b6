"""The order page («Ordre-side»): what it shows of one order, and the layout of each of its
cells (the widgets are made by header_tools, line_tools, status_tools, file_tools and
relation_tools, held by the cells)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any

import marimo as mo
import polars as pl

import axos_data as ax
from axos_data import model, money, views
from axos_data.app import pages, ui
from axos_data.views import followup


def order_from_url() -> str:
    with contextlib.suppress(Exception):
        return str(mo.query_params().get("order") or "").strip()
    return ""


@dataclass
class OrderView:
    """Everything the page shows of one order, read in one go."""

    detail: views.OrderDetail
    activity: pl.DataFrame
    history: pl.DataFrame
    relations: pl.DataFrame  # the links as this order lists them (views.relations_of_order)
    files: pl.DataFrame
    allowed: list[tuple[str, str]]
    invoice_methods: dict[str, str]
    # Follow-up (views.followup): who follows the order, its tasks (open ones first) and its
    # reminders not yet fired.
    followers: list[dict] = field(default_factory=list)
    tasks: list[dict] = field(default_factory=list)
    reminders: list[dict] = field(default_factory=list)

    @property
    def header(self) -> dict:
        return self.detail.header

    @property
    def order_no(self) -> int:
        return self.detail.order_no

    @property
    def version(self) -> int:
        return self.header["version"]

    @property
    def lines_open(self) -> bool:
        return model.lines_editable(self.header["status_category"])

    def line_sections(self) -> list[tuple[dict | None, list[dict]]]:
        """The lines as the page shows them: those without a group first, then each group
        (in its order) with its lines."""
        lines = self.detail.lines.to_dicts()
        sections: list[tuple[dict | None, list[dict]]] = [
            (None, [line for line in lines if line["group_id"] is None])
        ]
        for group in self.detail.groups.to_dicts():
            sections.append((group, [line for line in lines if line["group_id"] == group["id"]]))
        return sections

    def line_numbers(self) -> dict[int, int]:
        """Line id -> the number the page shows (1, 2, 3 … top to bottom), so the numbers read
        in order whatever the stored positions are."""
        shown = [line["id"] for _group, members in self.line_sections() for line in members]
        return {line_id: number for number, line_id in enumerate(shown, start=1)}

    @property
    def header_open(self) -> bool:
        return model.header_editable(self.header["status_category"])


def load(con, actor_id: int, order_no: str) -> OrderView:
    detail = views.order_detail(con, order_no)
    number = detail.order_no
    return OrderView(
        detail=detail,
        activity=views.order_activity(con, number),
        history=views.status_history(con, number),
        relations=views.relations_of_order(con, number),
        files=views.order_files(con, number),
        allowed=ax.allowed_statuses(con, actor_id, number),
        invoice_methods=ax.invoice_methods(con),
        followers=followup.followers(con, number),
        tasks=followup.tasks(con, order_no=number),
        reminders=followup.reminders(con, order_no=number, pending_only=True, limit=50),
    )


# --- what the page shows ---------------------------------------------------------------------


def title(view: OrderView) -> mo.Html:
    h = view.header
    badge = ui.status_badge(h["status"], h["status_label"], h["status_category"])
    kicker = (
        f'<a href="{pages.overview_href("customer", h["customer_id"])}">'
        f"{ui.esc(h['customer_name'])}</a> · Ordre {h['order_no']}"
    )
    side = f'{badge}<span class="axos-total-pill">kr {ui.nok(h["total"])}</span>'
    return ui.page_title(f"{h['order_no']} · {h['title']}", kicker=kicker, side=side)


def _ref(kind: str, record_id: object, name: object, extra: str = "") -> str:
    if record_id is None:
        return '<span class="axos-muted">—</span>'
    return (
        f'<a class="axos-sublink" href="{pages.overview_href(kind, record_id)}">'
        f"{ui.esc(name)}</a>{extra}"
    )


def details_card(view: OrderView) -> mo.Html:
    h = view.header
    quote = '<span class="axos-muted">—</span>'
    if h["quote_id"] is not None:
        quote = (
            f'<a class="axos-sublink" href="/ny-ordre/?quote={h["quote_id"]}">'
            f"Tilbud {h['quote_id']} «{ui.esc(h['quote_title'])}»</a>"
        )
    orgnr = (
        f' <span class="axos-muted">org.nr. {ui.esc(h["customer_orgnr"])}</span>'
        if h["customer_orgnr"]
        else ""
    )
    fields = [
        ("Kunde", _ref("customer", h["customer_id"], h["customer_name"], orgnr)),
        ("Kontaktperson", _ref("contact", h["contact_id"], h["contact_name"])),
        ("Vår kontakt", _ref("employee", h["our_contact_id"], h["our_contact_name"])),
        ("Prosjekt", _ref("project", h["project_id"], h["project_name"])),
        ("Fra tilbud", quote),
        ("Ordredato", ui.date(h["order_date"])),
        ("Leveringsdato", ui.date(h["delivery_date"]) or '<span class="axos-muted">—</span>'),
        ("Deres referanse", ui.esc(h["customer_ref"]) or '<span class="axos-muted">—</span>'),
        ("Betalingsfrist", f"{h['payment_terms_days']} dager"),
        (
            "Fakturametode",
            ui.esc(view.invoice_methods.get(h["invoice_method"], h["invoice_method"])),
        ),
        ("Sist endret", f"{ui.timestamp(h['updated_at'])} (versjon {h['version']})"),
    ]
    for custom in view.detail.custom_values:
        fields.append(
            (ui.esc(custom["label"]), ui.esc(ui.custom_value(custom, custom["value"])) or "—")
        )
    body = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in fields)
    return ui.card("Ordredetaljer", f'<dl class="axos-fields">{body}</dl>')


LINE_COLUMNS = [
    ("#", "left", ui.text_cell("shown_no")),
    (
        "Beskrivelse",
        "left",
        lambda r: (
            ui.esc(r["description"])
            + (
                f' <span class="axos-muted">{ui.esc(r["product_sku"])}</span>'
                if r["product_sku"]
                else ""
            )
        ),
    ),
    ("Antall", "right", ui.number_cell("quantity")),
    ("Enhet", "left", ui.text_cell("unit")),
    ("Enhetspris", "right", lambda r: money.format_price(r["unit_price"])),
    ("Rabatt", "right", lambda r: f"{ui.number(r['discount_pct'])} %" if r["discount_pct"] else ""),
    ("MVA", "right", lambda r: f"{r['vat_rate']} %"),
    ("Beløp", "right", ui.money_cell("amount")),
]


def lines_card(view: OrderView) -> mo.Html:
    """Lines without a group first, then each group with its subtotal."""
    width = len(LINE_COLUMNS)
    numbers = view.line_numbers()
    rows = []

    def line_rows(members: list[dict]) -> None:
        for line in members:
            line = {**line, "shown_no": numbers[line["id"]]}
            cells = "".join(
                f'<td class="is-{align}">{render(line)}</td>' for _, align, render in LINE_COLUMNS
            )
            rows.append(f'<tr data-line="{line["id"]}">{cells}</tr>')

    for group, members in view.line_sections():
        if group is None:
            line_rows(members)
            continue
        rows.append(
            f'<tr class="axos-group-row"><td colspan="{width}">{ui.esc(group["title"])}</td></tr>'
        )
        if not members:
            rows.append(
                f'<tr class="is-empty"><td colspan="{width}">Ingen linjer i gruppen.</td></tr>'
            )
        line_rows(members)
        rows.append(
            f'<tr class="axos-subtotal-row"><td colspan="{width - 1}">Delsum '
            f'{ui.esc(group["title"])}</td><td class="is-right">{ui.nok(group["subtotal"])}</td>'
            "</tr>"
        )
    if not rows:
        rows.append(
            f'<tr class="is-empty"><td colspan="{width}">Ordren har ingen linjer ennå.</td></tr>'
        )
    head = "".join(f'<th class="is-{a}">{ui.esc(h)}</th>' for h, a, _ in LINE_COLUMNS)
    table = (
        f'<div class="axos-table-wrap"><table class="axos-table axos-lines"><thead><tr>{head}'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )
    locked = (
        ""
        if view.lines_open
        else '<p class="axos-muted" style="margin:8px 0 0">Linjene er låst i denne statusen.</p>'
    )
    return ui.card("Ordrelinjer", table + locked)


def totals_card(view: OrderView) -> mo.Html:
    t = view.detail.totals
    rows = [f"<tr><td>Sum eks. MVA</td><td>{ui.nok(t.net)}</td></tr>"]
    for vat in t.vat:
        rows.append(
            f"<tr><td>MVA {vat.rate} % av {ui.nok(vat.base)}</td><td>{ui.nok(vat.amount)}</td></tr>"
        )
    rows.append(f"<tr><td>Sum MVA</td><td>{ui.nok(t.vat_total)}</td></tr>")
    rows.append(
        f'<tr class="is-grand"><td>Totalt {ui.esc(view.header["currency"])}</td>'
        f"<td>{ui.nok(t.total)}</td></tr>"
    )
    return ui.card("Sum og MVA", f'<table class="axos-totals">{"".join(rows)}</table>')


def activity_card(view: OrderView) -> mo.Html:
    items = []
    for row in reversed(view.activity.to_dicts()):
        kind = row["kind"]
        css = "is-comment" if kind == "comment" else "is-status" if kind == "status_changed" else ""
        who = ui.esc(row["actor_name"] or "System")
        if kind == "comment":
            what = f'<b>{who}</b> kommenterte<div class="comment">{ui.esc(row["message"])}</div>'
        else:
            what = f"{ui.esc(row['message'])} <span class='axos-muted'>– {who}</span>"
        items.append(
            f'<li class="{css}"><div class="when">{ui.timestamp(row["occurred_at"])}</div>'
            f'<div class="what">{what}</div></li>'
        )
    body = f'<ul class="axos-timeline">{"".join(items)}</ul>' if items else "Ingen aktivitet."
    return ui.card("Aktivitetslogg", body)


def history_card(view: OrderView) -> mo.Html:
    items = []
    for row in reversed(view.history.to_dicts()):
        step = (
            f"{ui.esc(row['from_label'])} → <b>{ui.esc(row['to_label'])}</b>"
            if row["from_status"]
            else f"Opprettet som <b>{ui.esc(row['to_label'])}</b>"
        )
        note = f'<div class="comment">{ui.esc(row["note"])}</div>' if row["note"] else ""
        items.append(
            f'<li class="is-status"><div class="when">{ui.timestamp(row["changed_at"])} · '
            f'{ui.esc(row["changed_by_name"])}</div><div class="what">{step}</div>{note}</li>'
        )
    return ui.card("Statushistorikk", f'<ul class="axos-timeline">{"".join(items)}</ul>')


# --- layout: one function per notebook cell ---------------------------------------------------


def followers_note(view: OrderView) -> mo.Html:
    """Who follows the order (they get a notification for every change made by others)."""
    names = [row["name"] for row in view.followers]
    if not names:
        text = "Ingen følger ordren."
    else:
        who = "følger" if len(names) == 1 else "følgere"
        text = f"{len(names)} {who}: {', '.join(names)}"
    return mo.Html(f'<span class="axos-muted axos-followers">{ui.esc(text)}</span>')


def title_bar(view: OrderView, *buttons: object) -> mo.Html:
    tools = mo.hstack([followers_note(view), *buttons], justify="end", gap=0.5, align="center")
    return mo.vstack([title(view), tools])


def order_layout(view: OrderView) -> mo.Html:
    """Lines and totals on the left; details on the right (files and relations have their
    own cells further down, with their forms)."""
    main = mo.vstack([lines_card(view), totals_card(view)], gap=1)
    return mo.hstack([main, details_card(view)], widths=[2.2, 1], gap=1.25, align="start")


def line_forms_layout(add_line: Any, groups: Any) -> mo.Html:
    """«Ny linje» and «Grupper» (absent while the lines are locked)."""
    if add_line is None:
        return mo.Html("")
    sections = {"Ny linje": add_line, "Grupper": groups.layout()}
    return ui.card("Rediger linjer", mo.accordion(sections, lazy=False))


def line_editor_layout(choice: Any, editor: Any) -> mo.Html:
    """The line chooser and the chosen line's form and buttons."""
    if choice is None:
        return mo.Html("")
    parts = [choice] if editor is None else [choice, editor.layout()]
    sections = {"Endre, flytt eller fjern linje": mo.vstack(parts, gap=0.75)}
    return ui.card("Endre linje", mo.accordion(sections, lazy=False))


def header_tools_layout(header: Any, custom: Any) -> mo.Html:
    """The header form (while the order is open) and the order's own fields."""
    cards = []
    if header is not None:
        cards.append(ui.card("Rediger", mo.accordion({"Endre ordrehode": header}, lazy=False)))
    if custom is not None:
        cards.append(ui.card("Egne felt", custom))
    if not cards:
        return mo.Html("")
    return mo.hstack(cards, widths="equal", gap=1, align="start")


def customer_layout(customer: Any) -> mo.Html:
    if customer is None:
        return mo.Html("")
    return ui.card("Kunde", mo.accordion({"Bytt kunde": customer}, lazy=False))


def timeline_layout(view: OrderView) -> mo.Html:
    """Status history beside the activity timeline."""
    return mo.hstack(
        [history_card(view), activity_card(view)], widths=[1, 1.4], gap=1.25, align="start"
    )
