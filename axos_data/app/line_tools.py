"""The order page's line and group tools: add, change, move, reorder and remove. Builders take
the page's `OrderDesk` and return widgets for a notebook cell to hold; the writes are plain
functions of the desk (headless tests call them directly)."""

from __future__ import annotations

from dataclasses import dataclass

import marimo as mo
import polars as pl

import axos_data as ax
from axos_data import money, views
from axos_data.app import forms, ui
from axos_data.app.order_desk import OrderDesk

# The dropdowns offer exactly the rates money.vat_rate accepts.
VAT_CHOICES = {f"{rate} %": str(rate) for rate in money.VAT_RATES}
FREE_TEXT = "— Fritekst —"
NO_GROUP = "Uten gruppe"


# --- new line --------------------------------------------------------------------------------


def add_line_form(desk: OrderDesk) -> mo.ui.form | None:
    if not desk.view.lines_open:
        return None
    products = {FREE_TEXT: None}
    for row in views.products(desk.con).iter_rows(named=True):
        products[f"{row['name']} ({row['sku']}) – kr {ui.nok(row['unit_price'])}"] = row["sku"]
    vat = {"Fra produktet": None, **VAT_CHOICES}
    fields = {
        "product": mo.ui.dropdown(products, value=FREE_TEXT, full_width=True),
        "description": mo.ui.text(placeholder="Fra produktet om tom", full_width=True),
        "quantity": mo.ui.text(value="1", full_width=True),
        "unit": mo.ui.text(placeholder="stk", full_width=True),
        "unit_price": mo.ui.text(placeholder="0,00", full_width=True),
        "discount_pct": mo.ui.text(value="0", full_width=True),
        "vat_rate": mo.ui.dropdown(vat, value="Fra produktet", full_width=True),
        "group_id": mo.ui.dropdown(group_options(desk), value=NO_GROUP, full_width=True),
    }
    template = forms.grid(
        ("product", "Produkt", "wide"),
        ("group_id", "Gruppe", ""),
        ("description", "Beskrivelse", "all"),
        ("quantity", "Antall", ""),
        ("unit", "Enhet", ""),
        ("unit_price", "Enhetspris", ""),
        ("discount_pct", "Rabatt %", ""),
        ("vat_rate", "MVA", ""),
    )
    return desk.form(
        "lines", template, fields, "Legg til linje", lambda v: add_line(desk, v), clear=True
    )


def group_options(desk: OrderDesk) -> dict[str, int | None]:
    return {NO_GROUP: None, **groups(desk)}


def groups(desk: OrderDesk) -> dict[str, int]:
    """Group title -> id; a repeated title gets its position to tell them apart."""
    options: dict[str, int] = {}
    for group in desk.view.detail.groups.iter_rows(named=True):
        title = group["title"]
        options[title if title not in options else f"{title} ({group['position']})"] = group["id"]
    return options


def add_line(desk: OrderDesk, values: dict | None) -> ui.Outcome | None:
    if not values:
        return None
    free = values["product"] is None
    return ui.attempt(
        lambda: ax.add_line(
            desk.con,
            desk.actor,
            desk.number,
            product=values["product"],
            description=values["description"] or None,
            quantity=values["quantity"],
            unit=values["unit"] or (None if not free else ""),
            unit_price=values["unit_price"] or (None if not free else ""),
            discount_pct=values["discount_pct"] or 0,
            vat_rate=values["vat_rate"],
            group_id=values["group_id"],
            expected_version=desk.version,
        ),
        lambda _: "Linjen er lagt til.",
    )


# --- one line: change, move, remove -----------------------------------------------------------


def line_choice(desk: OrderDesk) -> mo.ui.dropdown | None:
    view = desk.view
    if not view.lines_open or view.detail.lines.is_empty():
        return None
    numbers = view.line_numbers()
    shown = [line for _group, members in view.line_sections() for line in members]
    options = {
        f"#{numbers[row['id']]} {row['description']} ({ui.nok(row['amount'])})": row["id"]
        for row in shown
    }
    return mo.ui.dropdown(options, label="Velg linje", full_width=True)


@dataclass
class LineEditor:
    """The chosen line's form and its move/remove buttons (held by the notebook cell)."""

    form: mo.ui.form
    group: mo.ui.dropdown
    buttons: tuple[mo.ui.button, ...]

    def layout(self) -> mo.Html:
        row = mo.hstack(
            [*self.buttons[:2], self.group, *self.buttons[2:]],
            justify="start",
            align="end",
            wrap=True,
        )
        return mo.vstack([self.form, row], gap=0.75)


def line_editor(desk: OrderDesk, line_id: int | None) -> LineEditor | None:
    if line_id is None:
        return None
    found = desk.view.detail.lines.filter(pl.col("id") == line_id)
    if found.is_empty():
        return None
    line = found.row(0, named=True)
    fields = {
        "description": mo.ui.text(value=line["description"], full_width=True),
        "quantity": mo.ui.text(value=ui.number(line["quantity"]), full_width=True),
        "unit": mo.ui.text(value=line["unit"], full_width=True),
        "unit_price": mo.ui.text(value=ui.number(line["unit_price"]), full_width=True),
        "discount_pct": mo.ui.text(value=ui.number(line["discount_pct"]), full_width=True),
        "vat_rate": mo.ui.dropdown(VAT_CHOICES, value=f"{line['vat_rate']} %", full_width=True),
    }
    template = forms.grid(
        ("description", "Beskrivelse", "all"),
        ("quantity", "Antall", ""),
        ("unit", "Enhet", ""),
        ("unit_price", "Enhetspris", ""),
        ("discount_pct", "Rabatt %", ""),
        ("vat_rate", "MVA", ""),
    )
    form = desk.form(
        "line", template, fields, "Lagre linje", lambda v: update_line(desk, line_id, v)
    )
    options = group_options(desk)
    group = mo.ui.dropdown(options, value=_group_label(options, line["group_id"]), label="Gruppe")
    buttons = (
        mo.ui.button(label="↑ Flytt opp", on_click=lambda _: shift(desk, line_id, -1)),
        mo.ui.button(label="↓ Flytt ned", on_click=lambda _: shift(desk, line_id, 1)),
        mo.ui.button(label="Flytt til gruppe", on_click=lambda _: move(desk, line_id, group.value)),
        mo.ui.button(label="Fjern linje", kind="danger", on_click=lambda _: remove(desk, line_id)),
    )
    return LineEditor(form, group, buttons)


def update_line(desk: OrderDesk, line_id: int, values: dict | None) -> ui.Outcome | None:
    if not values:
        return None
    return ui.attempt(
        lambda: ax.update_line(
            desk.con, desk.actor, desk.number, line_id, expected_version=desk.version, **values
        ),
        lambda diff: "Linjen er endret." if diff else "Ingen endringer å lagre.",
    )


def remove(desk: OrderDesk, line_id: int) -> None:
    desk.run(
        "line",
        lambda: ax.remove_line(
            desk.con, desk.actor, desk.number, line_id, expected_version=desk.version
        ),
        lambda _: "Linjen er fjernet.",
    )


def shift(desk: OrderDesk, line_id: int, step: int) -> None:
    lines = desk.view.detail.lines
    group = lines.filter(pl.col("id") == line_id)["group_id"][0]
    same = lines.filter(
        pl.col("group_id").is_null() if group is None else pl.col("group_id") == group
    )["id"].to_list()
    order = _swapped(same, line_id, step)
    if order is None:
        desk.refuse("line", "Linjen står allerede først eller sist.")
        return
    desk.run(
        "line",
        lambda: ax.reorder_lines(
            desk.con, desk.actor, desk.number, order, expected_version=desk.version
        ),
        lambda _: "Rekkefølgen er endret.",
    )


def move(desk: OrderDesk, line_id: int, group_id: int | None) -> None:
    desk.run(
        "line",
        lambda: ax.move_line(
            desk.con, desk.actor, desk.number, line_id, group_id, expected_version=desk.version
        ),
        lambda _: "Linjen er flyttet.",
    )


# --- groups ------------------------------------------------------------------------------------


@dataclass
class GroupTools:
    """A form for a new group, and (when there are groups) rename, reorder and remove."""

    add: mo.ui.form
    group: mo.ui.dropdown | None = None
    title: mo.ui.text | None = None
    buttons: tuple[mo.ui.button, ...] = ()

    def layout(self) -> mo.Html:
        if self.group is None:
            return self.add
        row = mo.hstack(
            [self.group, self.title, *self.buttons], justify="start", align="end", wrap=True
        )
        return mo.vstack([self.add, row], gap=0.75)


def group_tools(desk: OrderDesk) -> GroupTools | None:
    if not desk.view.lines_open:
        return None
    new_title = mo.ui.text(placeholder="F.eks. «Arbeid» eller «Materiell»", full_width=True)
    add = desk.form(
        "lines",
        forms.grid(("title", "Ny gruppe", "wide")),
        {"title": new_title},
        "Legg til gruppe",
        lambda v: add_group(desk, v and v["title"]),
        clear=True,
    )
    existing = groups(desk)
    if not existing:
        return GroupTools(add)
    chosen = mo.ui.dropdown(existing, value=next(iter(existing)), label="Gruppe")
    title = mo.ui.text(placeholder="Nytt navn", label="Nytt navn")
    buttons = (
        mo.ui.button(
            label="Gi nytt navn", on_click=lambda _: rename_group(desk, chosen.value, title.value)
        ),
        mo.ui.button(label="↑", on_click=lambda _: shift_group(desk, chosen.value, -1)),
        mo.ui.button(label="↓", on_click=lambda _: shift_group(desk, chosen.value, 1)),
        mo.ui.button(
            label="Fjern gruppe", kind="danger", on_click=lambda _: remove_group(desk, chosen.value)
        ),
    )
    return GroupTools(add, chosen, title, buttons)


def add_group(desk: OrderDesk, title: str | None) -> ui.Outcome | None:
    if title is None:
        return None
    return ui.attempt(
        lambda: ax.add_group(
            desk.con, desk.actor, desk.number, title, expected_version=desk.version
        ),
        lambda _: "Gruppen er lagt til.",
    )


def rename_group(desk: OrderDesk, group_id: int | None, title: str) -> None:
    if group_id is None:
        return
    desk.run(
        "lines",
        lambda: ax.rename_group(
            desk.con, desk.actor, desk.number, group_id, title, expected_version=desk.version
        ),
        lambda _: "Gruppen har fått nytt navn.",
    )


def shift_group(desk: OrderDesk, group_id: int | None, step: int) -> None:
    ids = desk.view.detail.groups["id"].to_list()
    if group_id not in ids:
        return
    order = _swapped(ids, group_id, step)
    if order is None:
        desk.refuse("lines", "Gruppen står allerede først eller sist.")
        return
    desk.run(
        "lines",
        lambda: ax.reorder_groups(
            desk.con, desk.actor, desk.number, order, expected_version=desk.version
        ),
        lambda _: "Rekkefølgen på gruppene er endret.",
    )


def remove_group(desk: OrderDesk, group_id: int | None) -> None:
    if group_id is None:
        return
    desk.run(
        "lines",
        lambda: ax.remove_group(
            desk.con, desk.actor, desk.number, group_id, expected_version=desk.version
        ),
        lambda moved: f"Gruppen er fjernet; {moved} linje(r) står nå uten gruppe.",
    )


def _group_label(options: dict[str, int | None], group_id: int | None) -> str:
    return next((label for label, gid in options.items() if gid == group_id), NO_GROUP)


def _swapped(ids: list[int], moving: int, step: int) -> list[int] | None:
    """`ids` with `moving` swapped with its neighbour `step` away; None at either end."""
    index = ids.index(moving)
    target = index + step
    if not 0 <= target < len(ids):
        return None
    order = list(ids)
    order[index], order[target] = order[target], order[index]
    return order
