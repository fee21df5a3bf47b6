"""The order page's «Relasjoner» section: the order's links (to quotes, projects, other orders
and companies, with the kind as seen from this order), a form to add one and a button to
remove one. Links made by a quote conversion show no remove button (the library refuses it).

`RelationsSection(con, actor_id, order_no, say, reload).view()` returns the card.
"""

from __future__ import annotations

from collections.abc import Callable

import marimo as mo

import axos_data as ax
from axos_data import views
from axos_data.app import forms, pages, ui
from axos_data.relation_rules import CONVERSION_KINDS, TARGET_LABELS

TARGET_CHOICES = {label: key for key, label in TARGET_LABELS.items()}
KIND_CHOICES = ["relatert", "tilleggsordre", "erstatter"]


def target_href(record_type: str, record_id: int) -> str | None:
    if record_type == "order":
        return pages.order_href(record_id)
    if record_type == "quote":
        return f"/ny-ordre/?quote={int(record_id)}"
    return None


class RelationsSection:
    def __init__(self, con, actor_id: int, order_no: int, say: Callable, reload: Callable):
        self.con = con
        self.actor = actor_id
        self.order_no = order_no
        self.say = say
        self.reload = reload

    def add(self, values: dict) -> ui.Outcome:
        """The form's write: target type and id, and a kind (a suggestion or free text)."""
        target = f"{values.get('target_type') or ''}:{(values.get('target_id') or '').strip()}"
        return ui.attempt(
            lambda: ax.relate(self.con, self.actor, self.order_no, target, values.get("kind")),
            lambda _id: "Relasjonen er lagt til.",
        )

    def remove(self, relation_id: int) -> None:
        outcome = ui.attempt(
            lambda: ax.unrelate(self.con, self.actor, self.order_no, relation_id),
            lambda _row: "Relasjonen er fjernet.",
        )
        self.say(outcome.message)
        if outcome.ok:
            self.reload(lambda n: n + 1)

    def _done(self, outcome: ui.Outcome) -> None:
        self.say(outcome.message)
        if outcome.ok:
            self.reload(lambda n: n + 1)

    def _row(self, row: dict) -> tuple[mo.Html, list]:
        label = f"{TARGET_LABELS.get(row['to_type'], row['to_type'])} {row['to_id']}"
        href = target_href(row["to_type"], row["to_id"])
        shown = ui.link(href, label) if href else ui.esc(label)
        name = f" {ui.esc(row['to_name'])}" if row["to_name"] else ""
        text = mo.Html(
            f"{shown}{name} <span class='axos-muted'>({ui.esc(row['kind_label'])})</span>"
        )
        if row["kind"] in CONVERSION_KINDS:
            return text, []
        button = mo.ui.button(
            label="Fjern",
            kind="danger",
            on_click=lambda _value, relation_id=row["id"]: self.remove(relation_id),
        )
        return mo.hstack([text, button], justify="space-between"), [button]

    def view(self) -> mo.Html:
        rows = views.relations_of_order(self.con, self.order_no).to_dicts()
        kept: list = []
        items = []
        for row in rows:
            item, widgets = self._row(row)
            items.append(item)
            kept += widgets
        fields = {
            "target_type": mo.ui.dropdown(TARGET_CHOICES, value="Ordre"),
            "target_id": mo.ui.text(placeholder="Nr. eller id"),
            "kind": mo.ui.text(value="relatert", placeholder=" / ".join(KIND_CHOICES)),
        }
        template = forms.grid(
            ("target_type", "Type", "half"),
            ("target_id", "Nummer", "half"),
            ("kind", "Relasjonstype (tilleggsordre, erstatter eller fritekst)", "all"),
        )
        form = forms.form(template, fields, "Legg til relasjon", self.add, done=self._done)
        listing = (
            mo.vstack(items) if items else mo.Html('<p class="axos-muted">Ingen relasjoner.</p>')
        )
        return ui.keep(ui.card("Relasjoner", mo.vstack([listing, form])), form, *kept)
