"""The order page's header tools: the order header, a move to another customer, and the
order's own fields. Builders take the page's `OrderDesk`; the writes are plain functions of it
(area "header": their outcome shows beside the header tools)."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import marimo as mo
import polars as pl

import axos_data as ax
from axos_data import money, views
from axos_data.app import forms, ui
from axos_data.app.order_desk import OrderDesk
from axos_data.errors import AxosError
from axos_data.model import parse_date

# header


def header_form(desk: OrderDesk) -> mo.ui.form | None:
    if not desk.view.header_open:
        return None
    h = desk.view.header
    contacts = {
        row["name"]: row["id"]
        for row in views.contacts(desk.con, h["customer_id"]).iter_rows(named=True)
    }
    projects = {
        row["name"]: row["id"]
        for row in views.projects(desk.con, h["customer_id"]).iter_rows(named=True)
    }
    staff = {row["name"]: row["id"] for row in views.employees(desk.con).iter_rows(named=True)}
    if h["our_contact_name"] not in staff:
        staff[h["our_contact_name"]] = h["our_contact_id"]
    # The order keeps a method an admin has since removed from the list.
    labels = {h["invoice_method"]: h["invoice_method"], **ax.invoice_methods(desk.con)}
    methods = {label: key for key, label in labels.items()}
    fields = {
        "title": mo.ui.text(value=h["title"], full_width=True),
        "contact_id": mo.ui.dropdown(
            contacts,
            value=h["contact_name"] if h["contact_name"] in contacts else None,
            allow_select_none=True,
            full_width=True,
        ),
        "our_contact_id": mo.ui.dropdown(
            staff,
            value=h["our_contact_name"],
            full_width=True,
        ),
        "project_id": mo.ui.dropdown(
            projects,
            value=h["project_name"] if h["project_name"] in projects else None,
            allow_select_none=True,
            full_width=True,
        ),
        "order_date": mo.ui.text(value=ui.date(h["order_date"]), full_width=True),
        "delivery_date": mo.ui.text(
            value=ui.date(h["delivery_date"]),
            placeholder="dd.mm.åååå",
            full_width=True,
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
            methods,
            value=labels[h["invoice_method"]],
            full_width=True,
        ),
    }
    template = forms.grid(
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
    return desk.form("header", template, fields, "Lagre ordrehode", lambda v: save_header(desk, v))


def save_header(desk: OrderDesk, values: dict | None) -> ui.Outcome | None:
    if not values:
        return None
    h = desk.view.header
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
    changes = {k: v for k, v in wanted.items() if forms.differs(v, current[k])}
    if not changes:
        return ui.refused("Ingen endringer å lagre.")
    return ui.attempt(
        lambda: ax.update_order(
            desk.con, desk.actor, desk.number, expected_version=desk.version, **changes
        ),
        lambda diff: "Ordrehodet er lagret." if diff else "Ingen endringer å lagre.",
    )


# customer


def customer_form(desk: OrderDesk) -> mo.ui.form | None:
    """Move the order to another customer (while its lines are open): by company id or a name
    that matches one company; the contact and project of the old customer are cleared."""
    if not (desk.view.header_open and desk.view.lines_open):
        return None
    fields = {"customer": mo.ui.text(placeholder="Firma-id eller navn", full_width=True)}
    template = forms.grid(("customer", "Ny kunde", "all"))
    return desk.form(
        "header", template, fields, "Bytt kunde", lambda v: change_customer(desk, v), clear=True
    )


def change_customer(desk: OrderDesk, values: dict | None) -> ui.Outcome | None:
    text = ((values or {}).get("customer") or "").strip()
    if not text:
        return ui.refused("Skriv firma-id eller navnet på den nye kunden.")
    # A deactivated company gets no new orders, so it only competes for the name when no
    # active one matches (then the library says why it is refused).
    matches = views.companies(desk.con, text, active_only=True, limit=6)
    if not matches.height:
        matches = views.companies(desk.con, text, limit=6)
    exact = matches.filter(
        (pl.col("name").str.to_lowercase() == text.lower()) | (pl.col("id").cast(pl.String) == text)
    )
    chosen = exact if exact.height == 1 else matches
    if chosen.height != 1:
        names = ", ".join(f"{r['name']} ({r['id']})" for r in matches.head(5).to_dicts())
        return ui.refused(
            f"«{text}» passer {'ingen' if not matches.height else 'flere'} firma"
            + (f": {names}. Skriv firma-id-en." if matches.height else ".")
        )
    company = chosen.row(0, named=True)
    return ui.attempt(
        lambda: ax.update_order(
            desk.con,
            desk.actor,
            desk.number,
            expected_version=desk.version,
            customer_id=company["id"],
            contact_id=None,
            project_id=None,
        ),
        lambda diff: f"Kunden er byttet til {company['name']}." if diff else "Samme kunde.",
    )


# custom fields


YES_NO = {"Ja": "true", "Nei": "false"}


def custom_field_widget(field: dict, value: str | None) -> Any:
    """A widget for one custom field by its type: a dropdown for choice lists and yes/no (a
    checkbox could not be left empty), text for dates (dd.mm.åååå) and numbers (typed the
    Norwegian way, 12,5; the library parses and refuses by the field's type)."""
    kind = field["field_type"]
    if kind == "choice":
        options = json.loads(field.get("options") or "[]")
        return mo.ui.dropdown(
            options,
            value=value if value in options else None,
            allow_select_none=True,
            full_width=True,
        )
    if kind == "bool":
        shown = {"true": "Ja", "false": "Nei"}.get(value or "")
        return mo.ui.dropdown(YES_NO, value=shown, allow_select_none=True, full_width=True)
    if kind == "date":
        shown = ui.date(forms.iso_date(value)) if value else ""
        return mo.ui.text(value=shown, placeholder="dd.mm.åååå", full_width=True)
    if kind == "number":
        return mo.ui.text(value=ui.custom_value(field, value), placeholder="0", full_width=True)
    return mo.ui.text(value=value or "", full_width=True)


def custom_field_label(field: dict) -> str:
    """The field's label; a required one is marked with an asterisk."""
    mark = ' <span class="axos-required" title="Påkrevd før fakturering">*</span>'
    return ui.esc(field["label"]) + (mark if field.get("required") else "")


def custom_fields_form(desk: OrderDesk) -> mo.ui.form | None:
    """The order's own fields (defined by an admin), when there are any."""
    fields_def = desk.view.detail.custom_values
    if not fields_def:
        return None
    defined = {f["key"]: f for f in ax.list_custom_fields(desk.con)}
    widgets: dict[str, Any] = {}
    cells = []
    for field in fields_def:
        full = {**field, **defined.get(field["key"], {})}
        widgets[field["key"]] = custom_field_widget(full, field["value"])
        cells.append((field["key"], custom_field_label(full), "half"))
    template = forms.grid(*cells)
    if any(f.get("required") for f in defined.values()):
        template += '<p class="axos-muted">* påkrevd før ordren kan faktureres.</p>'
    current = {f["key"]: f["value"] for f in fields_def}
    return desk.form(
        "header",
        template,
        widgets,
        "Lagre egne felt",
        lambda values: save_custom(desk, values, current),
    )


def save_custom(desk: OrderDesk, values: dict | None, current: dict) -> ui.Outcome | None:
    if not values:
        return None
    kinds = {f["key"]: f["field_type"] for f in desk.view.detail.custom_values}
    wanted = {}
    for key, value in values.items():
        if kinds[key] == "number":
            # Compared as numbers (12,5 is the stored 12.5000); refused ones go on as typed.
            with contextlib.suppress(AxosError, ValueError):
                value = value and str(money.parse_decimal(value, field="", places=4))
        elif kinds[key] == "date":
            # Compared as dates (01.03.2026 is the stored 2026-03-01); a date the library
            # refuses goes on as typed so its message quotes the user's own text.
            value = ui.input_date(value)
            with contextlib.suppress(AxosError):
                value = value and parse_date(value, "").isoformat()
        if forms.differs(value, current.get(key)):
            wanted[key] = value

    def save() -> int:
        for key, value in wanted.items():
            ax.set_custom_value(desk.con, desk.actor, desk.number, key, value)
        return len(wanted)

    return ui.attempt(save, lambda n: f"Lagret {n} felt." if n else "Ingen endringer å lagre.")
