"""The order page's write widgets. Each runs one library call with the acting employee and the
order version the page was rendered from, says what happened, and reloads the page data."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from typing import Any

import marimo as mo
import polars as pl

import axos_data as ax
from axos_data import views
from axos_data.app import forms, ui
from axos_data.app.line_tools import LineTools
from axos_data.app.order_page import OrderView
from axos_data.app.status_tools import StatusTools
from axos_data.errors import AxosError
from axos_data.model import INVOICE_METHODS, parse_date


class Actions(LineTools, StatusTools):
    """The page's write widgets. Each runs one library call with the rendered version, then
    reports through `say` and reloads the page data through `reload`."""

    def __init__(
        self,
        con,
        actor_id: int,
        view: OrderView,
        say: Callable,
        reload: Callable,
        drafts: dict | None = None,
    ):
        self.con = con
        self.actor = actor_id
        self.view = view
        self.say = say
        self.reload = reload
        # Refused input by form name; owned by a cell that a reload does not re-run, so a form
        # rebuilt after a write elsewhere (or a reload after a conflict) shows it again.
        self.drafts: dict[str, dict] = {} if drafts is None else drafts
        # marimo holds widgets weakly: the page's `actions` variable keeps them alive.
        self.widgets: dict[str, object] = {}

    def _keep(self, name: str, element):
        self.widgets[name] = element
        return element

    @property
    def number(self) -> int:
        return self.view.order_no

    def _run(self, action: Callable[[], Any], done: Callable[[Any], str]) -> None:
        """A button's write: report it, and reload the page data when it went through."""
        self._done(ui.attempt(action, done))

    def _done(self, outcome: ui.Outcome) -> None:
        self.say(outcome.message)
        if outcome.ok:
            self.reload(lambda n: n + 1)

    def _form(
        self,
        name: str,
        template: str,
        fields: dict,
        label: str,
        write: Callable[[dict], ui.Outcome | None],
    ) -> mo.ui.form:
        """A form whose refused write keeps the input and shows the message in the form."""
        built = forms.form(
            template, fields, label, write, done=self._done, drafts=self.drafts, key=name
        )
        return self._keep(name, built)

    def _draft(self, name: str) -> forms.Draft:
        return forms.Draft(self.drafts.get(name))

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
        d = self._draft("header")
        fields = {
            "title": mo.ui.text(value=d.text("title", h["title"]), full_width=True),
            "contact_id": mo.ui.dropdown(
                contacts,
                value=d.choice(
                    "contact_id",
                    contacts,
                    h["contact_name"] if h["contact_name"] in contacts else None,
                ),
                allow_select_none=True,
                full_width=True,
            ),
            "our_contact_id": mo.ui.dropdown(
                staff,
                value=d.choice("our_contact_id", staff, h["our_contact_name"]),
                full_width=True,
            ),
            "project_id": mo.ui.dropdown(
                projects,
                value=d.choice(
                    "project_id",
                    projects,
                    h["project_name"] if h["project_name"] in projects else None,
                ),
                allow_select_none=True,
                full_width=True,
            ),
            "order_date": mo.ui.text(
                value=d.text("order_date", ui.date(h["order_date"])), full_width=True
            ),
            "delivery_date": mo.ui.text(
                value=d.text("delivery_date", ui.date(h["delivery_date"])),
                placeholder="dd.mm.åååå",
                full_width=True,
            ),
            "customer_ref": mo.ui.text(
                value=d.text("customer_ref", h["customer_ref"] or ""), full_width=True
            ),
            "payment_terms_days": mo.ui.number(
                start=0,
                stop=365,
                step=1,
                value=d.text("payment_terms_days", h["payment_terms_days"]),
                full_width=True,
            ),
            "invoice_method": mo.ui.dropdown(
                methods,
                value=d.choice("invoice_method", methods, INVOICE_METHODS.get(h["invoice_method"])),
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
        return self._form("header", template, fields, "Lagre ordrehode", self._save_header)

    def _save_header(self, values: dict | None) -> ui.Outcome | None:
        if not values:
            return None
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
        changes = {k: v for k, v in wanted.items() if forms.differs(v, current[k])}
        if not changes:
            return ui.refused("Ingen endringer å lagre.")
        return ui.attempt(
            lambda: ax.update_order(
                self.con, self.actor, self.number, expected_version=self.view.version, **changes
            ),
            lambda diff: "Ordrehodet er lagret." if diff else "Ingen endringer å lagre.",
        )

    # customer

    def customer_form(self) -> mo.ui.form:
        """Move the order to another customer (while open): by company id or a name that
        matches one company; the contact and project of the old customer are cleared."""
        typed = self._draft("customer").text("customer", "")
        fields = {
            "customer": mo.ui.text(value=typed, placeholder="Firma-id eller navn", full_width=True)
        }
        template = forms.grid(("customer", "Ny kunde", "all"))
        return self._form("customer", template, fields, "Bytt kunde", self._change_customer)

    def _change_customer(self, values: dict | None) -> ui.Outcome | None:
        text = ((values or {}).get("customer") or "").strip()
        if not text:
            return ui.refused("Skriv firma-id eller navnet på den nye kunden.")
        matches = views.companies(self.con, text, limit=6)
        exact = matches.filter(
            (pl.col("name").str.to_lowercase() == text.lower())
            | (pl.col("id").cast(pl.String) == text)
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
                self.con,
                self.actor,
                self.number,
                expected_version=self.view.version,
                customer_id=company["id"],
                contact_id=None,
                project_id=None,
            ),
            lambda diff: f"Kunden er byttet til {company['name']}." if diff else "Samme kunde.",
        )

    # custom fields

    def custom_fields_form(self) -> mo.ui.form | None:
        """The order's own fields (defined by an admin), when there are any."""
        fields_def = self.view.detail.custom_values
        if not fields_def:
            return None
        choices = {f["key"]: f for f in ax.list_custom_fields(self.con)}
        d = self._draft("custom")
        widgets: dict[str, Any] = {}
        for field in fields_def:
            key, value = field["key"], field["value"] or ""
            kind = field["field_type"]
            if kind == "choice":
                options = json.loads(choices.get(key, {}).get("options") or "[]")
                widgets[key] = mo.ui.dropdown(
                    options,
                    value=d.choice(key, options, value if value in options else None),
                    allow_select_none=True,
                    full_width=True,
                )
            elif kind == "bool":
                widgets[key] = mo.ui.checkbox(value=bool(d.text(key, value == "true")))
            else:
                placeholder = "dd.mm.åååå" if kind == "date" else ""
                shown = ui.date(forms.iso_date(value)) if kind == "date" and value else value
                widgets[key] = mo.ui.text(
                    value=d.text(key, shown), placeholder=placeholder, full_width=True
                )
        template = forms.grid(*((f["key"], ui.esc(f["label"]), "half") for f in fields_def))
        current = {f["key"]: f["value"] for f in fields_def}
        return self._form(
            "custom",
            template,
            widgets,
            "Lagre egne felt",
            lambda values: self._save_custom(values, current),
        )

    def _save_custom(self, values: dict | None, current: dict) -> ui.Outcome | None:
        if not values:
            return None
        kinds = {f["key"]: f["field_type"] for f in self.view.detail.custom_values}
        wanted = {}
        for key, value in values.items():
            if kinds[key] == "bool":
                value = "true" if value else "false"
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
                ax.set_custom_value(self.con, self.actor, self.number, key, value)
            return len(wanted)

        return ui.attempt(save, lambda n: f"Lagret {n} felt." if n else "Ingen endringer å lagre.")

    def pdf_button(self) -> mo.Html:
        """The order confirmation, rendered when clicked (the renderer logs the download)."""
        number = self.number

        def make() -> bytes:
            # Imported on click: fpdf2 takes half a second to import, the page should not wait.
            from axos_data.pdf import render_confirmation

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
