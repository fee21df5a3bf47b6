"""«Purring» on the finance page: the overdue invoiced orders, and a bulk action that sends
reminders for the chosen ones (services.dunning: a Purring PDF each, Fakturert → Purret),
offered as one zip of the PDFs. The CLI's `axos payments overdue` and `payments remind` do
the same through the same library calls.

It follows the finance page's pattern (finance_page.py): its own form basis, and its outcome
shown under its own form.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import marimo as mo

import axos_data as ax
from axos_data import no
from axos_data.app import forms, pages, ui
from axos_data.app.finance_page import (
    FinanceDesk,
    outcome_with_zip,
    typed_order_numbers,
    zip_folder,
)
from axos_data.views.payments import overdue_orders

AREA = "dunning"
SHOWN = 200  # overdue rows listed; «Alle forfalte» always covers every one
CHOICES = {"Alle forfalte": "all", "Ordrenumrene under": "listed"}
DATE_HINT = "dd.mm.åååå"


def overdue_section(con) -> mo.Html:
    rows = overdue_orders(con).to_dicts()
    table = ui.simple_table(
        rows[:SHOWN],
        [
            ("Ordre", "left", lambda r: ui.link(pages.order_href(r["order_no"]), r["order_no"])),
            ("Kunde", "left", ui.text_cell("customer_name")),
            ("Status", "left", ui.text_cell("status_label")),
            ("Forfall", "left", ui.date_cell("due_date")),
            ("Dager over", "right", ui.number_cell("days_overdue")),
            ("Totalt", "right", ui.money_cell("total")),
            ("Betalt", "right", ui.money_cell("paid")),
            ("Rest", "right", ui.money_cell("outstanding")),
        ],
        empty="Ingen fakturerte ordrer har passert forfall.",
    )
    if len(rows) <= SHOWN:
        return table
    note = f"<span class='axos-muted'>Viser de {SHOWN} eldste av {len(rows)} forfalte.</span>"
    return mo.vstack([table, mo.md(note)])


def remind_form(desk: FinanceDesk) -> mo.ui.form:
    widgets = {
        "choice": mo.ui.dropdown(CHOICES, value=next(iter(CHOICES)), full_width=True),
        "order_nos": mo.ui.text(placeholder="f.eks. 1001 1002", full_width=True),
        "new_due": mo.ui.text(placeholder=DATE_HINT, full_width=True),
    }
    template = forms.grid(
        ("choice", "Hvilke ordrer", "half"),
        ("order_nos", "Ordrenumre (mellomrom eller komma)", "half"),
        ("new_due", f"Ny forfallsdato ({DATE_HINT}, tom = om 14 dager)", "half"),
    )
    return forms.form(
        template,
        widgets,
        "Send purring",
        lambda v: send_reminders(desk, v),
        done=lambda outcome: desk.finish(outcome, AREA),
        clear=True,  # a reminder sent is not to be sent again by a second click
    )


def chosen_orders(desk: FinanceDesk, values: dict) -> list[int] | ui.Outcome:
    if values.get("choice") == "listed":
        return typed_order_numbers(values.get("order_nos"))
    numbers = overdue_orders(desk.con)["order_no"].to_list()
    if not numbers:
        return ui.refused("Ingen ordrer har passert forfall.")
    return numbers


def send_reminders(desk: FinanceDesk, values: dict | None) -> ui.Outcome | None:
    if not values:
        return None
    numbers = chosen_orders(desk, values)
    if isinstance(numbers, ui.Outcome):
        return numbers
    folder = Path(tempfile.mkdtemp(prefix="axos-purring-"))
    try:
        outcome = ui.attempt(
            lambda: ax.remind_orders(
                desk.con,
                desk.actor_id,
                numbers,
                folder,
                new_due=(values.get("new_due") or "").strip() or None,
            ),
            _describe,
        )
        if outcome.ok:
            desk.zip_name = f"purring-{ax.clock.today().isoformat()}.zip"
            desk.zip_data = zip_folder(folder)
        return outcome
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _describe(result) -> str:
    text = (
        f"Purring sendt for {len(result.reminded)} ordrer, ny forfallsdato"
        f" {no.format_date(result.new_due)}."
    )
    if result.moved:
        text += f" {len(result.moved)} er flyttet til «Purret»."
    return text


def remind_outcome(desk: FinanceDesk) -> mo.Html:
    return outcome_with_zip(desk, AREA)
