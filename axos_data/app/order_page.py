"""The order page («Ordre-side»): what it shows and the widgets that change the order.

Every write goes through the library with the acting employee and the order version the page
was rendered from; a refused write comes back as the library's Norwegian message.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import marimo as mo
import polars as pl

import axos_data as ax
from axos_data import views
from axos_data.app import pages, ui
from axos_data.errors import AxosError
from axos_data.model import INVOICE_METHODS
from axos_data.services.orders import HEADER_EDITABLE_CATEGORIES

LOG = logging.getLogger(__name__)
VAT_CHOICES = {"25 %": "25", "15 %": "15", "12 %": "12", "0 %": "0"}
FREE_TEXT = "— Fritekst —"
NO_GROUP = "Uten gruppe"


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
    relations: pl.DataFrame
    allowed: list[tuple[str, str]]

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
        return self.header["status_category"] == "open"

    @property
    def header_open(self) -> bool:
        return self.header["status_category"] in HEADER_EDITABLE_CATEGORIES


def load(con, actor_id: int, order_no: str) -> OrderView:
    detail = views.order_detail(con, order_no)
    number = detail.order_no
    return OrderView(
        detail=detail,
        activity=views.order_activity(con, number),
        history=views.status_history(con, number),
        relations=views.order_relations(con, number),
        allowed=ax.allowed_statuses(con, actor_id, number),
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
        ("Fakturametode", ui.esc(INVOICE_METHODS.get(h["invoice_method"], h["invoice_method"]))),
        ("Sist endret", f"{ui.timestamp(h['updated_at'])} (versjon {h['version']})"),
    ]
    for custom in view.detail.custom_values:
        fields.append((ui.esc(custom["label"]), ui.esc(custom["value"]) or "—"))
    body = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in fields)
    return ui.card("Ordredetaljer", f'<dl class="axos-fields">{body}</dl>')


LINE_COLUMNS = [
    ("#", "left", ui.text_cell("position")),
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
    ("Enhetspris", "right", lambda r: ui.number(r["unit_price"])),
    ("Rabatt", "right", lambda r: f"{ui.number(r['discount_pct'])} %" if r["discount_pct"] else ""),
    ("MVA", "right", lambda r: f"{r['vat_rate']} %"),
    ("Beløp", "right", ui.money_cell("amount")),
]


def lines_card(view: OrderView, tools: Any = None) -> mo.Html:
    """Lines without a group first, then each group with its subtotal."""
    lines = view.detail.lines.to_dicts()
    groups = view.detail.groups.to_dicts()
    width = len(LINE_COLUMNS)
    rows = []

    def line_rows(members: list[dict]) -> None:
        for line in members:
            cells = "".join(
                f'<td class="is-{align}">{render(line)}</td>' for _, align, render in LINE_COLUMNS
            )
            rows.append(f'<tr data-line="{line["id"]}">{cells}</tr>')

    line_rows([line for line in lines if line["group_id"] is None])
    for group in groups:
        rows.append(
            f'<tr class="axos-group-row"><td colspan="{width}">{ui.esc(group["title"])}</td></tr>'
        )
        members = [line for line in lines if line["group_id"] == group["id"]]
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


def relations_card(view: OrderView) -> mo.Html | None:
    rows = view.relations.to_dicts()
    if not rows:
        return None
    names = {"quote": "Tilbud", "order": "Ordre", "project": "Prosjekt"}
    items = []
    for row in rows:
        label = f"{names.get(row['to_type'], row['to_type'])} {row['to_id']}"
        if row["to_type"] == "order":
            label = ui.link(pages.order_href(row["to_id"]), label)
        elif row["to_type"] == "quote":
            label = ui.link(f"/ny-ordre/?quote={row['to_id']}", label)
        items.append(f"<li>{label} <span class='axos-muted'>({ui.esc(row['kind'])})</span></li>")
    return ui.card("Relasjoner", f"<ul>{''.join(items)}</ul>")


# --- what the page changes -------------------------------------------------------------------


class Actions:
    """The page's write widgets. Each runs one library call with the rendered version, then
    reports through `say` and reloads the page data through `reload`."""

    def __init__(self, con, actor_id: int, view: OrderView, say: Callable, reload: Callable):
        self.con = con
        self.actor = actor_id
        self.view = view
        self.say = say
        self.reload = reload
        # marimo holds widgets weakly: the page's `actions` variable keeps them alive.
        self.widgets: dict[str, object] = {}

    def _keep(self, name: str, element):
        self.widgets[name] = element
        return element

    @property
    def number(self) -> int:
        return self.view.order_no

    def _run(self, action: Callable[[], Any], done: Callable[[Any], str]) -> None:
        outcome = ui.attempt(action, done)
        self.say(outcome.message)
        if outcome.ok:
            self.reload(lambda n: n + 1)

    # header

    def header_form(self) -> mo.ui.form | None:
        if not self.view.header_open:
            return None
        h = self.view.header
        contacts = {
            row["name"]: row["id"]
            for row in views.contacts(self.con, h["customer_id"]).iter_rows(named=True)
        }
        projects = {
            row["name"]: row["id"]
            for row in views.projects(self.con, h["customer_id"]).iter_rows(named=True)
        }
        staff = {row["name"]: row["id"] for row in views.employees(self.con).iter_rows(named=True)}
        if h["our_contact_name"] not in staff:
            staff[h["our_contact_name"]] = h["our_contact_id"]
        methods = {label: key for key, label in INVOICE_METHODS.items()}
        fields = {
            "title": mo.ui.text(value=h["title"], full_width=True),
            "contact_id": mo.ui.dropdown(
                contacts,
                value=h["contact_name"] if h["contact_name"] in contacts else None,
                allow_select_none=True,
                full_width=True,
            ),
            "our_contact_id": mo.ui.dropdown(
                staff, value=h["our_contact_name"], searchable=True, full_width=True
            ),
            "project_id": mo.ui.dropdown(
                projects,
                value=h["project_name"] if h["project_name"] in projects else None,
                allow_select_none=True,
                full_width=True,
            ),
            "order_date": mo.ui.text(value=ui.date(h["order_date"]), full_width=True),
            "delivery_date": mo.ui.text(
                value=ui.date(h["delivery_date"]), placeholder="dd.mm.åååå", full_width=True
            ),
            "customer_ref": mo.ui.text(value=h["customer_ref"] or "", full_width=True),
            "payment_terms_days": mo.ui.number(
                start=0,
                stop=365,
                step=1,
                value=h["payment_terms_days"],
                full_width=True,
            ),
            "invoice_method": mo.ui.dropdown(
                methods, value=INVOICE_METHODS.get(h["invoice_method"]), full_width=True
            ),
        }
        template = _grid(
            ("title", "Tittel", "all"),
            ("contact_id", "Kontaktperson", "half"),
            ("our_contact_id", "Vår kontakt", "half"),
            ("project_id", "Prosjekt", "all"),
            ("order_date", "Ordredato", "half"),
            ("delivery_date", "Leveringsdato", "half"),
            ("customer_ref", "Deres referanse", "half"),
            ("payment_terms_days", "Betalingsfrist (dager)", "half"),
            ("invoice_method", "Fakturametode", "half"),
        )
        return self._keep("header", _form(template, fields, "Lagre ordrehode", self._save_header))

    def _save_header(self, values: dict | None) -> None:
        if not values:
            return
        h = self.view.header
        wanted = {
            "title": values["title"],
            "contact_id": values["contact_id"],
            "our_contact_id": values["our_contact_id"],
            "project_id": values["project_id"],
            "order_date": ui.input_date(values["order_date"]),
            "delivery_date": ui.input_date(values["delivery_date"]),
            "customer_ref": values["customer_ref"],
            "payment_terms_days": values["payment_terms_days"],
            "invoice_method": values["invoice_method"],
        }
        current = {
            "title": h["title"],
            "contact_id": h["contact_id"],
            "our_contact_id": h["our_contact_id"],
            "project_id": h["project_id"],
            "order_date": h["order_date"].isoformat(),
            "delivery_date": h["delivery_date"].isoformat() if h["delivery_date"] else None,
            "customer_ref": h["customer_ref"] or "",
            "payment_terms_days": h["payment_terms_days"],
            "invoice_method": h["invoice_method"],
        }
        changes = {k: v for k, v in wanted.items() if _differs(v, current[k])}
        if not changes:
            self.say(ui.note("Ingen endringer å lagre."))
            return
        self._run(
            lambda: ax.update_order(
                self.con, self.actor, self.number, expected_version=self.view.version, **changes
            ),
            lambda diff: "Ordrehodet er lagret." if diff else "Ingen endringer å lagre.",
        )

    # lines

    def add_line_form(self) -> mo.ui.form | None:
        if not self.view.lines_open:
            return None
        products = {FREE_TEXT: None}
        for row in views.products(self.con).iter_rows(named=True):
            products[f"{row['name']} ({row['sku']}) – kr {ui.nok(row['unit_price'])}"] = row["sku"]
        fields = {
            "product": mo.ui.dropdown(products, value=FREE_TEXT, searchable=True, full_width=True),
            "description": mo.ui.text(placeholder="Fra produktet om tom", full_width=True),
            "quantity": mo.ui.text(value="1", full_width=True),
            "unit": mo.ui.text(placeholder="stk", full_width=True),
            "unit_price": mo.ui.text(placeholder="0,00", full_width=True),
            "discount_pct": mo.ui.text(value="0", full_width=True),
            "vat_rate": mo.ui.dropdown(
                {"Fra produktet": None, **VAT_CHOICES}, value="Fra produktet", full_width=True
            ),
            "group_id": mo.ui.dropdown(self._group_options(), value=NO_GROUP, full_width=True),
        }
        template = _grid(
            ("product", "Produkt", "wide"),
            ("group_id", "Gruppe", ""),
            ("description", "Beskrivelse", "all"),
            ("quantity", "Antall", ""),
            ("unit", "Enhet", ""),
            ("unit_price", "Enhetspris", ""),
            ("discount_pct", "Rabatt %", ""),
            ("vat_rate", "MVA", ""),
        )
        return self._keep(
            "add_line", _form(template, fields, "Legg til linje", self._add_line, clear=True)
        )

    def _group_options(self) -> dict[str, int | None]:
        return {NO_GROUP: None, **self._groups()}

    def _groups(self) -> dict[str, int]:
        """Group title -> id; a repeated title gets its position to tell them apart."""
        options: dict[str, int] = {}
        for group in self.view.detail.groups.iter_rows(named=True):
            title = group["title"]
            options[title if title not in options else f"{title} ({group['position']})"] = group[
                "id"
            ]
        return options

    def _add_line(self, values: dict | None) -> None:
        if not values:
            return
        free = values["product"] is None
        self._run(
            lambda: ax.add_line(
                self.con,
                self.actor,
                self.number,
                product=values["product"],
                description=values["description"] or None,
                quantity=values["quantity"],
                unit=values["unit"] or (None if not free else ""),
                unit_price=values["unit_price"] or (None if not free else ""),
                discount_pct=values["discount_pct"] or 0,
                vat_rate=values["vat_rate"],
                group_id=values["group_id"],
                expected_version=self.view.version,
            ),
            lambda _: "Linjen er lagt til.",
        )

    def line_choice(self) -> mo.ui.dropdown | None:
        if not self.view.lines_open or self.view.detail.lines.is_empty():
            return None
        options = {
            f"#{row['position']} {row['description']} ({ui.nok(row['amount'])})": row["id"]
            for row in self.view.detail.lines.iter_rows(named=True)
        }
        return mo.ui.dropdown(options, searchable=True, label="Velg linje", full_width=True)

    def line_editor(self, line_id: int | None) -> mo.Html | None:
        if line_id is None:
            return None
        line = self.view.detail.lines.filter(pl.col("id") == line_id).row(0, named=True)
        fields = {
            "description": mo.ui.text(value=line["description"], full_width=True),
            "quantity": mo.ui.text(value=ui.number(line["quantity"]), full_width=True),
            "unit": mo.ui.text(value=line["unit"], full_width=True),
            "unit_price": mo.ui.text(value=ui.number(line["unit_price"]), full_width=True),
            "discount_pct": mo.ui.text(value=ui.number(line["discount_pct"]), full_width=True),
            "vat_rate": mo.ui.dropdown(VAT_CHOICES, value=f"{line['vat_rate']} %", full_width=True),
        }
        template = _grid(
            ("description", "Beskrivelse", "all"),
            ("quantity", "Antall", ""),
            ("unit", "Enhet", ""),
            ("unit_price", "Enhetspris", ""),
            ("discount_pct", "Rabatt %", ""),
            ("vat_rate", "MVA", ""),
        )
        form = _form(template, fields, "Lagre linje", lambda v: self._update_line(line_id, v))
        group_move = mo.ui.dropdown(
            self._group_options(),
            value=_group_label(self._group_options(), line["group_id"]),
            label="Gruppe",
        )
        buttons_list = [
            mo.ui.button(label="↑ Flytt opp", on_click=lambda _: self._shift(line_id, -1)),
            mo.ui.button(label="↓ Flytt ned", on_click=lambda _: self._shift(line_id, 1)),
            group_move,
            mo.ui.button(
                label="Flytt til gruppe", on_click=lambda _: self._move(line_id, group_move.value)
            ),
            mo.ui.button(
                label="Fjern linje", kind="danger", on_click=lambda _: self._remove(line_id)
            ),
        ]
        buttons = mo.hstack(buttons_list, justify="start", align="end", wrap=True)
        self._keep("line_editor", (form, group_move, buttons_list))
        return mo.vstack([form, buttons], gap=0.75)

    def _update_line(self, line_id: int, values: dict | None) -> None:
        if not values:
            return
        self._run(
            lambda: ax.update_line(
                self.con,
                self.actor,
                self.number,
                line_id,
                expected_version=self.view.version,
                **values,
            ),
            lambda diff: "Linjen er endret." if diff else "Ingen endringer å lagre.",
        )

    def _remove(self, line_id: int) -> None:
        self._run(
            lambda: ax.remove_line(
                self.con, self.actor, self.number, line_id, expected_version=self.view.version
            ),
            lambda _: "Linjen er fjernet.",
        )

    def _shift(self, line_id: int, step: int) -> None:
        lines = self.view.detail.lines
        group = lines.filter(pl.col("id") == line_id)["group_id"][0]
        same = lines.filter(
            pl.col("group_id").is_null() if group is None else pl.col("group_id") == group
        )["id"].to_list()
        index = same.index(line_id)
        target = index + step
        if not 0 <= target < len(same):
            self.say(ui.note("Linjen står allerede først eller sist."))
            return
        same[index], same[target] = same[target], same[index]
        self._run(
            lambda: ax.reorder_lines(
                self.con, self.actor, self.number, same, expected_version=self.view.version
            ),
            lambda _: "Rekkefølgen er endret.",
        )

    def _move(self, line_id: int, group_id: int | None) -> None:
        self._run(
            lambda: ax.move_line(
                self.con,
                self.actor,
                self.number,
                line_id,
                group_id,
                expected_version=self.view.version,
            ),
            lambda _: "Linjen er flyttet.",
        )

    # groups

    def group_tools(self) -> mo.Html | None:
        if not self.view.lines_open:
            return None
        new_title = mo.ui.text(placeholder="F.eks. «Arbeid» eller «Materiell»", full_width=True)
        add = _form(
            _grid(("title", "Ny gruppe", "wide")),
            {"title": new_title},
            "Legg til gruppe",
            lambda v: self._add_group(v and v["title"]),
            clear=True,
        )
        groups = self._groups()
        self._keep("add_group", add)
        if not groups:
            return add
        chosen = mo.ui.dropdown(groups, value=next(iter(groups)), label="Gruppe")
        rename = mo.ui.text(placeholder="Nytt navn", label="Nytt navn")
        group_buttons = [
            mo.ui.button(
                label="Gi nytt navn",
                on_click=lambda _: self._rename_group(chosen.value, rename.value),
            ),
            mo.ui.button(label="↑", on_click=lambda _: self._shift_group(chosen.value, -1)),
            mo.ui.button(label="↓", on_click=lambda _: self._shift_group(chosen.value, 1)),
            mo.ui.button(
                label="Fjern gruppe",
                kind="danger",
                on_click=lambda _: self._remove_group(chosen.value),
            ),
        ]
        self._keep("groups", (chosen, rename, group_buttons))
        controls = mo.hstack(
            [chosen, rename, *group_buttons], justify="start", align="end", wrap=True
        )
        return mo.vstack([add, controls], gap=0.75)

    def _add_group(self, title: str | None) -> None:
        if title is None:
            return
        self._run(
            lambda: ax.add_group(
                self.con, self.actor, self.number, title, expected_version=self.view.version
            ),
            lambda _: "Gruppen er lagt til.",
        )

    def _rename_group(self, group_id: int | None, title: str) -> None:
        if group_id is None:
            return
        self._run(
            lambda: ax.rename_group(
                self.con,
                self.actor,
                self.number,
                group_id,
                title,
                expected_version=self.view.version,
            ),
            lambda _: "Gruppen har fått nytt navn.",
        )

    def _shift_group(self, group_id: int | None, step: int) -> None:
        ids = self.view.detail.groups["id"].to_list()
        if group_id not in ids:
            return
        index = ids.index(group_id)
        target = index + step
        if not 0 <= target < len(ids):
            self.say(ui.note("Gruppen står allerede først eller sist."))
            return
        ids[index], ids[target] = ids[target], ids[index]
        self._run(
            lambda: ax.reorder_groups(
                self.con, self.actor, self.number, ids, expected_version=self.view.version
            ),
            lambda _: "Rekkefølgen på gruppene er endret.",
        )

    def _remove_group(self, group_id: int | None) -> None:
        if group_id is None:
            return
        self._run(
            lambda: ax.remove_group(
                self.con, self.actor, self.number, group_id, expected_version=self.view.version
            ),
            lambda moved: f"Gruppen er fjernet; {moved} linje(r) står nå uten gruppe.",
        )

    # custom fields

    def custom_fields_form(self) -> mo.ui.form | None:
        """The order's own fields (defined by an admin), when there are any."""
        fields_def = self.view.detail.custom_values
        if not fields_def:
            return None
        choices = {f["key"]: f for f in ax.list_custom_fields(self.con)}
        widgets: dict[str, Any] = {}
        for field in fields_def:
            key, value = field["key"], field["value"] or ""
            kind = field["field_type"]
            if kind == "choice":
                options = json.loads(choices.get(key, {}).get("options") or "[]")
                widgets[key] = mo.ui.dropdown(
                    options,
                    value=value if value in options else None,
                    allow_select_none=True,
                    full_width=True,
                )
            elif kind == "bool":
                widgets[key] = mo.ui.checkbox(value=value == "true")
            else:
                placeholder = "dd.mm.åååå" if kind == "date" else ""
                shown = ui.date(_iso_date(value)) if kind == "date" and value else value
                widgets[key] = mo.ui.text(value=shown, placeholder=placeholder, full_width=True)
        template = _grid(*((f["key"], ui.esc(f["label"]), "half") for f in fields_def))
        current = {f["key"]: f["value"] for f in fields_def}
        return self._keep(
            "custom",
            _form(
                template,
                widgets,
                "Lagre egne felt",
                lambda values: self._save_custom(values, current),
            ),
        )

    def _save_custom(self, values: dict | None, current: dict) -> None:
        if not values:
            return
        kinds = {f["key"]: f["field_type"] for f in self.view.detail.custom_values}
        wanted = {}
        for key, value in values.items():
            if kinds[key] == "bool":
                value = "true" if value else "false"
            elif kinds[key] == "date":
                value = ui.input_date(value)
            if _differs(value, current.get(key)):
                wanted[key] = value

        def save() -> int:
            for key, value in wanted.items():
                ax.set_custom_value(self.con, self.actor, self.number, key, value)
            return len(wanted)

        self._run(save, lambda n: f"Lagret {n} felt." if n else "Ingen endringer å lagre.")

    # status and comments

    def status_form(self) -> mo.Html:
        if not self.view.allowed:
            return ui.note("Ingen statusendringer er tillatt for deg fra denne statusen.")
        options = {label: key for key, label in self.view.allowed}
        fields = {
            "status": mo.ui.dropdown(options, allow_select_none=True, full_width=True),
            "note": mo.ui.text(placeholder="Valgfritt notat", full_width=True),
        }
        template = _grid(("status", "Ny status", "all"), ("note", "Notat", "all"))
        return self._keep(
            "status", _form(template, fields, "Endre status", self._change_status, clear=True)
        )

    def _change_status(self, values: dict | None) -> None:
        if not values:
            return
        if not values["status"]:
            self.say(ui.note("Velg en ny status først."))
            return
        labels = dict(self.view.allowed)
        self._run(
            lambda: ax.change_status(
                self.con,
                self.actor,
                self.number,
                values["status"],
                note=values["note"] or None,
                expected_version=self.view.version,
            ),
            lambda _: f"Status endret til «{labels.get(values['status'], values['status'])}».",
        )

    def comment_form(self) -> mo.Html:
        text = mo.ui.text_area(placeholder="Skriv en kommentar …", full_width=True, rows=3)
        return self._keep(
            "comment",
            _form(
                "{text}",
                {"text": text},
                "Legg til kommentar",
                lambda v: self._comment(v and v["text"]),
                clear=True,
            ),
        )

    def _comment(self, text: str | None) -> None:
        if not text:
            return
        self._run(
            lambda: ax.add_comment(self.con, self.actor, self.number, text),
            lambda _: "Kommentaren er lagt til.",
        )

    def pdf_button(self) -> mo.Html:
        """The order confirmation, rendered when clicked (the renderer logs the download)."""
        try:
            from axos_data.pdf import render_confirmation
        except ImportError:
            return mo.md(
                "<span class='axos-muted'>Ordrebekreftelse (PDF) er ikke tilgjengelig i denne"
                " versjonen ennå.</span>"
            )
        number = self.number

        def make() -> bytes:
            try:
                return bytes(render_confirmation(self.con, number, actor=self.actor))
            except AxosError as err:
                self.say(ui.error(err))
                raise
            finally:
                self.reload(lambda n: n + 1)

        return self._keep(
            "pdf",
            mo.download(
                data=make,
                filename=f"ordrebekreftelse-{number}.pdf",
                mimetype="application/pdf",
                label="Ordrebekreftelse (PDF)",
            ),
        )


def _grid(*cells: tuple[str, str, str]) -> str:
    """A form template: (slot name, label, width "", "half", "wide" or "all") per field, labels
    above the inputs."""
    parts = [
        f'<div class="axos-field axos-w-{width or "one"}"><span class="axos-field-label">{label}'
        f"</span>{{{name}}}</div>"
        for name, label, width in cells
    ]
    return f'<div class="axos-form-grid">{"".join(parts)}</div>'


def _form(
    template: str, fields: dict, label: str, on_submit: Callable, *, clear: bool = False
) -> mo.ui.form:
    """A form laid out by an HTML template with {name} slots; submitting calls `on_submit`
    with the values by name."""
    return (
        mo.Html(template)
        .batch(**fields)
        .form(
            submit_button_label=label,
            bordered=False,
            clear_on_submit=clear,
            on_change=on_submit,
        )
    )


def _iso_date(text: str):
    import datetime as dt

    with contextlib.suppress(ValueError):
        return dt.date.fromisoformat(text)
    return None


def _group_label(options: dict[str, int | None], group_id: int | None) -> str:
    return next((label for label, gid in options.items() if gid == group_id), NO_GROUP)


def _differs(new: object, old: object) -> bool:
    if new in (None, "") and old in (None, ""):
        return False
    return str(new) != str(old)


def summary_json(view: OrderView) -> str:
    """A compact description (used by tests to compare the page with the database)."""
    return json.dumps({"order_no": view.order_no, "version": view.version}, default=str)
