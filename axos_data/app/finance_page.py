"""The finance page (notebooks/okonomi.py): orders ready for invoicing with their blockers and
sums, making an invoice basis batch offered as a zip, the batches, and the receivables with
ageing, differences and unmatched payments.

Every figure comes from the library's views (views.invoicing, views.payments), the ones the
export and the CLI use. The page follows the settings page's pattern (docs/decisions.md,
"App structure"): one data revision read by the cells that show data, one basis state for the
export form, and the outcome shown below the form that caused it. Every logged-in employee may
view and export, as in the library and the CLI (the status flow lets anyone invoice).
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import marimo as mo

import axos_data as ax
from axos_data.app import forms, pages, ui
from axos_data.views import invoicing
from axos_data.views.payments import (
    payment_differences,
    payments,
    receivables_ageing,
    receivables_summary,
    unmatched_summary,
)

SHOWN = 200  # order rows listed; sums always cover every ready order
CHOICES = {
    "Alle klare uten hindringer": "unblocked",
    "Alle klare (også med hindringer)": "all",
    "Ordrenumrene under": "listed",
}


@dataclass
class FinanceDesk:
    """The page's state: the last outcome and the area («export» or «dunning») whose form
    caused it, the files that outcome offers, and the marimo state setters: one data revision
    for the cells that show figures, one basis per form (bumped after that form's success)."""

    con: Any
    actor_id: int
    last: ui.Outcome | None = None
    area: str = ""
    zip_name: str = ""
    zip_data: bytes = b""
    _show: Callable | None = None
    _bases: dict[str, Callable] = field(default_factory=dict)

    def connect(self, show: Callable, basis: Callable, **bases: Callable) -> None:
        self._show = show
        self._bases = {"export": basis, **bases}

    def finish(self, outcome: ui.Outcome | None, area: str = "export") -> None:
        if outcome is None:
            return
        self.last, self.area = outcome, area
        if outcome.ok and area in self._bases:
            self._bases[area](lambda n: n + 1)
        if self._show is not None:
            self._show(lambda n: n + 1)

    def outcome_for(self, area: str) -> ui.Outcome | None:
        return self.last if self.area == area else None

    def ready(self) -> list[dict]:
        return invoicing.ready_for_invoicing(self.con)


# --- «Klar til fakturering» ------------------------------------------------------------------


def _blockers_cell(row: dict) -> str:
    if not row["blockers"]:
        return '<span class="axos-muted">Klar</span>'
    return "<br>".join(ui.esc(b) for b in row["blockers"])


def ready_section(rows: list[dict]) -> mo.Html:
    totals = invoicing.invoicing_totals(rows)
    clear = [r for r in rows if not r["blockers"]]
    clear_totals = invoicing.invoicing_totals(clear)
    figures = ui.stats(
        [
            ui.stat("Ordrer klare", ui.count(totals["orders"])),
            ui.stat("Uten hindringer", ui.count(clear_totals["orders"])),
            ui.stat("Netto", ui.nok(totals["net"])),
            ui.stat("MVA", ui.nok(totals["vat"])),
            ui.stat("Totalt", ui.nok(totals["total"]), "alle klare ordrer"),
            ui.stat("Totalt uten hindringer", ui.nok(clear_totals["total"])),
        ]
    )
    table = ui.simple_table(
        rows[:SHOWN],
        [
            ("Ordre", "left", lambda r: ui.link(pages.order_href(r["order_no"]), r["order_no"])),
            ("Kunde", "left", ui.text_cell("customer_name")),
            ("Vår kontakt", "left", ui.text_cell("our_contact_name")),
            ("Metode", "left", ui.text_cell("invoice_method_label")),
            ("Linjer", "right", ui.number_cell("lines")),
            ("Totalt", "right", ui.money_cell("total")),
            ("Hindringer", "left", _blockers_cell),
        ],
        empty="Ingen ordrer har status «Klar til fakturering».",
    )
    more = (
        mo.md(f"<span class='axos-muted'>Viser de første {SHOWN} av {len(rows)} ordrer.</span>")
        if len(rows) > SHOWN
        else mo.Html("")
    )
    return mo.vstack([figures, table, more])


def sums_table(rows: list[dict], by: str) -> mo.Html:
    sums = invoicing.invoicing_sums(rows, by)
    heading = {"customer": "Kunde", "employee": "Vår kontakt"}[by]
    return ui.simple_table(
        sums,
        [
            (heading, "left", lambda g: ui.link(pages.overview_href(by, g["id"]), g["name"])),
            ("Ordrer", "right", ui.number_cell("orders")),
            ("Med hindringer", "right", ui.number_cell("blocked")),
            ("Netto", "right", ui.money_cell("net_total")),
            ("MVA", "right", ui.money_cell("vat_total")),
            ("Totalt", "right", ui.money_cell("total")),
        ],
        empty="Ingen ordrer.",
    )


# --- «Lag fakturagrunnlag» -------------------------------------------------------------------


def export_form(desk: FinanceDesk) -> mo.ui.form:
    widgets = {
        "choice": mo.ui.dropdown(CHOICES, value=next(iter(CHOICES)), full_width=True),
        "order_nos": mo.ui.text(placeholder="f.eks. 1001 1002", full_width=True),
        "reexport": mo.ui.checkbox(value=False),
        "status_change": mo.ui.checkbox(value=True),
    }
    template = forms.grid(
        ("choice", "Hvilke ordrer", "half"),
        ("order_nos", "Ordrenumre (mellomrom eller komma)", "half"),
        ("status_change", "Sett eksporterte ordrer til «Fakturert»", "half"),
        ("reexport", "Eksporter på nytt ordrer som er eksportert før", "half"),
    )
    return forms.form(
        template, widgets, "Lag fakturagrunnlag", lambda v: make_batch(desk, v), done=desk.finish
    )


def typed_order_numbers(text: object) -> list[int] | ui.Outcome:
    """Order numbers separated by spaces, commas or semicolons, or why they are refused."""
    numbers = []
    for part in filter(None, re.split(r"[\s,;]+", str(text or "").strip())):
        if not part.isdigit():
            return ui.refused(f"«{part}» er ikke et ordrenummer.")
        numbers.append(int(part))
    if not numbers:
        return ui.refused("Skriv inn minst ett ordrenummer.")
    return numbers


def chosen_orders(desk: FinanceDesk, values: dict) -> list[int] | ui.Outcome:
    choice = values.get("choice") or "unblocked"
    if choice == "listed":
        return typed_order_numbers(values.get("order_nos"))
    rows = desk.ready()
    numbers = [r["order_no"] for r in rows if choice == "all" or not r["blockers"]]
    if not numbers:
        return ui.refused("Ingen ordrer er klare til fakturering uten hindringer.")
    return numbers


def make_batch(desk: FinanceDesk, values: dict | None) -> ui.Outcome | None:
    if not values:
        return None
    numbers = chosen_orders(desk, values)
    if isinstance(numbers, ui.Outcome):
        return numbers
    folder = Path(tempfile.mkdtemp(prefix="axos-fakturagrunnlag-"))
    try:
        outcome = ui.attempt(
            lambda: ax.export_invoices(
                desk.con,
                desk.actor_id,
                folder,
                order_nos=numbers,
                status_change=bool(values.get("status_change")),
                reexport=bool(values.get("reexport")),
            ),
            _describe,
        )
        if outcome.ok:
            desk.zip_name = f"{outcome.result.folder.name}.zip"
            desk.zip_data = zip_folder(outcome.result.folder)
        return outcome
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _describe(batch) -> str:
    text = (
        f"Fakturagrunnlag {batch.id} er laget: {len(batch.order_nos)} ordrer,"
        f" totalt {ui.nok(Decimal(batch.totals['total']))} kr."
    )
    if batch.not_ehf:
        text += f" {len(batch.not_ehf)} ordrer går ikke som EHF (se manifest.json)."
    return text


def zip_folder(folder: Path) -> bytes:
    """The batch folder as zip bytes, paths relative to the folder (manifest.json at the top)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            archive.write(path, path.relative_to(folder).as_posix())
    return buffer.getvalue()


def outcome_with_zip(desk: FinanceDesk, area: str) -> mo.Html:
    """The outcome of the area's last action, with its zip file to download after a success."""
    last = desk.outcome_for(area)
    if last is None:
        return mo.Html("")
    parts = [mo.Html(f'<div class="axos-result" role="status">{last.message.text}</div>')]
    if last.ok and desk.zip_data:
        parts.append(
            mo.download(
                data=desk.zip_data,
                filename=desk.zip_name,
                mimetype="application/zip",
                label=f"Last ned {desk.zip_name}",
            )
        )
    return mo.vstack(parts)


def export_outcome(desk: FinanceDesk) -> mo.Html:
    return outcome_with_zip(desk, "export")


# --- «Bunter» --------------------------------------------------------------------------------


def batches_table(con) -> mo.Html:
    return ui.simple_table(
        invoicing.invoice_batches(con),
        [
            ("Bunt", "left", ui.number_cell("id")),
            ("Laget", "left", lambda r: ui.esc(f"{r['created_at']:%d.%m.%Y %H:%M}")),
            ("Av", "left", ui.text_cell("actor_name")),
            ("Ordrer", "right", ui.number_cell("order_count")),
            ("På nytt", "right", ui.number_cell("reexported")),
            ("Netto", "right", ui.money_cell("net_total")),
            ("MVA", "right", ui.money_cell("vat_total")),
            ("Totalt", "right", ui.money_cell("total")),
        ],
        empty="Ingen fakturagrunnlag er laget ennå.",
    )


# --- «Reskontro» -----------------------------------------------------------------------------

_AMOUNTS = [
    ("Ordrer", "right", ui.number_cell("orders")),
    ("Fakturert", "right", ui.money_cell("total")),
    ("Betalt", "right", ui.money_cell("paid")),
    ("Utestående", "right", ui.money_cell("outstanding")),
]


def summary_table(con) -> mo.Html:
    return ui.simple_table(
        receivables_summary(con).to_dicts(),
        [("Status", "left", ui.text_cell("status_label")), *_AMOUNTS],
        empty="Ingen fakturerte ordrer.",
    )


def ageing_table(con) -> mo.Html:
    return ui.simple_table(
        receivables_ageing(con).to_dicts(),
        [
            ("Alder (dager siden fakturert)", "left", ui.text_cell("bucket")),
            ("Status", "left", ui.text_cell("status_label")),
            *_AMOUNTS,
        ],
        empty="Ingen utestående fakturaer.",
    )


def differences_table(con) -> mo.Html:
    return ui.simple_table(
        payment_differences(con).to_dicts(),
        [
            ("Ordre", "left", lambda r: ui.link(pages.order_href(r["order_no"]), r["order_no"])),
            ("Kunde", "left", ui.text_cell("customer_name")),
            ("Art", "left", ui.text_cell("kind")),
            ("Fakturert", "right", ui.money_cell("total")),
            ("Betalt", "right", ui.money_cell("paid")),
            ("Differanse", "right", ui.money_cell("difference")),
            ("Sist betalt", "left", ui.date_cell("last_paid_on")),
        ],
        empty="Ingen delbetalinger eller overbetalinger.",
    )


def unmatched_section(con) -> mo.Html:
    summary = unmatched_summary(con)
    head = ui.stats(
        [
            ui.stat("Uidentifiserte innbetalinger", ui.count(int(summary["payments"] or 0))),
            ui.stat("Sum", ui.nok(summary["amount"])),
        ]
    )
    table = ui.simple_table(
        payments(con, unmatched=True, limit=50).to_dicts(),
        [
            ("Bokført", "left", ui.date_cell("booked_on")),
            ("Beløp", "right", ui.money_cell("amount")),
            ("KID", "left", ui.text_cell("kid")),
            ("Betaler", "left", ui.text_cell("payer")),
            ("Tekst", "left", ui.text_cell("text")),
        ],
        empty="Ingen innbetalinger uten treff.",
    )
    return mo.vstack([head, table])
