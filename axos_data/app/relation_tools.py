"""The order page's «Relasjoner»: the order's links (to quotes, projects, other orders and
companies, with the kind as seen from this order; the other order lists the same link from its
side), a form to add one and a remove button per link. Links made by a quote conversion have
no remove button (the library refuses it: the conversion check relies on them).

Builders take the page's `OrderDesk`; the writes are plain functions of it (area
"relations")."""

from __future__ import annotations

from dataclasses import dataclass

import marimo as mo

import axos_data as ax
from axos_data.app import forms, pages, ui
from axos_data.app.order_desk import OrderDesk
from axos_data.relation_rules import CONVERSION_KINDS, TARGET_LABELS

TARGET_CHOICES = {label: key for key, label in TARGET_LABELS.items()}
KIND_HINT = "relatert, tilleggsordre, erstatter eller fritekst"
# Where a linked record is shown (a company's page is the customer overview).
_OVERVIEWS = {"company": "customer", "project": "project"}


def target_href(record_type: str, record_id: int) -> str | None:
    if record_type == "order":
        return pages.order_href(record_id)
    if record_type == "quote":
        return f"/ny-ordre/?quote={int(record_id)}"
    if record_type in _OVERVIEWS:
        return pages.overview_href(_OVERVIEWS[record_type], int(record_id))
    return None


def relation_form(desk: OrderDesk) -> mo.ui.form:
    """Built once per page: its choices do not depend on the order, so no write rebuilds it.
    A refusal stays in the form with the input; a success clears it."""
    fields = {
        "target_type": mo.ui.dropdown(TARGET_CHOICES, value="Ordre", full_width=True),
        "target_id": mo.ui.text(placeholder="Ordrenr. eller id", full_width=True),
        "kind": mo.ui.text(value="relatert", placeholder=KIND_HINT, full_width=True),
    }
    template = forms.grid(
        ("target_type", "Type", "half"),
        ("target_id", "Nummer", "half"),
        ("kind", f"Relasjonstype ({KIND_HINT})", "all"),
    )
    return desk.form(
        "relations",
        template,
        fields,
        "Legg til relasjon",
        lambda v: add_relation(desk, v),
        clear=True,
    )


def add_relation(desk: OrderDesk, values: dict | None) -> ui.Outcome | None:
    if not values:
        return None
    number = (values.get("target_id") or "").strip()
    if not number:
        return ui.refused("Skriv nummeret eller id-en på det ordren skal knyttes til.")
    target = f"{values.get('target_type') or 'order'}:{number}"
    return ui.attempt(
        lambda: ax.relate(desk.con, desk.actor, desk.number, target, values.get("kind")),
        lambda _id: "Relasjonen er lagt til.",
    )


def remove_relation(desk: OrderDesk, relation_id: int) -> None:
    desk.run(
        "relations",
        lambda: ax.unrelate(desk.con, desk.actor, desk.number, relation_id),
        lambda row: (
            f"Fjernet koblingen til {TARGET_LABELS.get(row['to_type'], '')} {row['to_id']}."
        ),
    )


@dataclass
class RelationList:
    """The order's links, each with its remove button (None for a conversion link)."""

    rows: list[dict]
    buttons: tuple[mo.ui.button | None, ...]

    def layout(self) -> mo.Html:
        if not self.rows:
            return ui.card("Relasjoner", mo.Html('<p class="axos-muted">Ingen relasjoner.</p>'))
        items = []
        for row, button in zip(self.rows, self.buttons, strict=True):
            text = _describe(row)
            items.append(
                text
                if button is None
                else mo.hstack([text, button], justify="space-between", align="center")
            )
        return ui.card("Relasjoner", mo.vstack(items, gap=0.25))


def _describe(row: dict) -> mo.Html:
    label = f"{TARGET_LABELS.get(row['to_type'], row['to_type'])} {row['to_id']}"
    href = target_href(row["to_type"], row["to_id"])
    shown = ui.link(href, label) if href else ui.esc(label)
    name = f" {ui.esc(row['to_name'])}" if row["to_name"] else ""
    return mo.Html(
        f'<span class="axos-relation" data-relation="{int(row["id"])}">{shown}{name}'
        f' <span class="axos-muted">({ui.esc(row["kind_label"])})</span></span>'
    )


def relation_list(desk: OrderDesk) -> RelationList:
    rows = desk.view.relations.to_dicts()
    buttons = tuple(
        None
        if row["kind"] in CONVERSION_KINDS
        else mo.ui.button(
            label="Fjern",
            kind="danger",
            tooltip="Fjern koblingen (på begge sider)",
            on_click=lambda _value, relation_id=row["id"]: remove_relation(desk, relation_id),
        )
        for row in rows
    )
    return RelationList(rows, buttons)
