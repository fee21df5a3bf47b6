"""The order page's line and group tools: add, change, move, reorder and remove."""

from __future__ import annotations

import marimo as mo
import polars as pl

import axos_data as ax
from axos_data import money, views
from axos_data.app import forms, ui

# The dropdowns offer exactly the rates money.vat_rate accepts.
VAT_CHOICES = {f"{rate} %": str(rate) for rate in money.VAT_RATES}
FREE_TEXT = "— Fritekst —"
NO_GROUP = "Uten gruppe"


class LineTools:
    """Mixed into `order_actions.Actions`: needs its con, actor, view, number, drafts, _run,
    _form, _draft, _keep, say."""

    def add_line_form(self) -> mo.ui.form | None:
        if not self.view.lines_open:
            return None
        products = {FREE_TEXT: None}
        for row in views.products(self.con).iter_rows(named=True):
            products[f"{row['name']} ({row['sku']}) – kr {ui.nok(row['unit_price'])}"] = row["sku"]
        vat = {"Fra produktet": None, **VAT_CHOICES}
        groups = self._group_options()
        d = self._draft("add_line")
        fields = {
            "product": mo.ui.dropdown(
                products, value=d.choice("product", products, FREE_TEXT), full_width=True
            ),
            "description": mo.ui.text(
                value=d.text("description", ""),
                placeholder="Fra produktet om tom",
                full_width=True,
            ),
            "quantity": mo.ui.text(value=d.text("quantity", "1"), full_width=True),
            "unit": mo.ui.text(value=d.text("unit", ""), placeholder="stk", full_width=True),
            "unit_price": mo.ui.text(
                value=d.text("unit_price", ""), placeholder="0,00", full_width=True
            ),
            "discount_pct": mo.ui.text(value=d.text("discount_pct", "0"), full_width=True),
            "vat_rate": mo.ui.dropdown(
                vat, value=d.choice("vat_rate", vat, "Fra produktet"), full_width=True
            ),
            "group_id": mo.ui.dropdown(
                groups, value=d.choice("group_id", groups, NO_GROUP), full_width=True
            ),
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
        return self._form("add_line", template, fields, "Legg til linje", self._add_line)

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

    def _add_line(self, values: dict | None) -> ui.Outcome | None:
        if not values:
            return None
        free = values["product"] is None
        return ui.attempt(
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
        numbers = self.view.line_numbers()
        shown = [line for _group, members in self.view.line_sections() for line in members]
        options = {
            f"#{numbers[row['id']]} {row['description']} ({ui.nok(row['amount'])})": row["id"]
            for row in shown
        }
        # The line whose change was refused stays chosen across a reload, with its draft.
        refused = self.drafts.get("line_choice", {}).get("line_id")
        chosen = next((label for label, lid in options.items() if lid == refused), None)
        return mo.ui.dropdown(options, value=chosen, label="Velg linje", full_width=True)

    def line_editor(self, line_id: int | None) -> mo.Html | None:
        if line_id is None:
            return None
        found = self.view.detail.lines.filter(pl.col("id") == line_id)
        if found.is_empty():
            return None
        line = found.row(0, named=True)
        d = self._draft(f"line:{line_id}")
        fields = {
            "description": mo.ui.text(
                value=d.text("description", line["description"]), full_width=True
            ),
            "quantity": mo.ui.text(
                value=d.text("quantity", ui.number(line["quantity"])), full_width=True
            ),
            "unit": mo.ui.text(value=d.text("unit", line["unit"]), full_width=True),
            "unit_price": mo.ui.text(
                value=d.text("unit_price", ui.number(line["unit_price"])), full_width=True
            ),
            "discount_pct": mo.ui.text(
                value=d.text("discount_pct", ui.number(line["discount_pct"])), full_width=True
            ),
            "vat_rate": mo.ui.dropdown(
                VAT_CHOICES,
                value=d.choice("vat_rate", VAT_CHOICES, f"{line['vat_rate']} %"),
                full_width=True,
            ),
        }
        template = forms.grid(
            ("description", "Beskrivelse", "all"),
            ("quantity", "Antall", ""),
            ("unit", "Enhet", ""),
            ("unit_price", "Enhetspris", ""),
            ("discount_pct", "Rabatt %", ""),
            ("vat_rate", "MVA", ""),
        )
        form = self._form(
            f"line:{line_id}",
            template,
            fields,
            "Lagre linje",
            lambda v: self._update_line(line_id, v),
        )
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

    def _update_line(self, line_id: int, values: dict | None) -> ui.Outcome | None:
        if not values:
            return None
        outcome = ui.attempt(
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
        if outcome.ok:
            self.drafts.pop("line_choice", None)
        else:
            self.drafts["line_choice"] = {"line_id": line_id}
        return outcome

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
        order = _swapped(same, line_id, step)
        if order is None:
            self.say(ui.note("Linjen står allerede først eller sist."))
            return
        self._run(
            lambda: ax.reorder_lines(
                self.con, self.actor, self.number, order, expected_version=self.view.version
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

    def group_tools(self) -> mo.Html | None:
        if not self.view.lines_open:
            return None
        new_title = mo.ui.text(
            value=self._draft("add_group").text("title", ""),
            placeholder="F.eks. «Arbeid» eller «Materiell»",
            full_width=True,
        )
        add = self._form(
            "add_group",
            forms.grid(("title", "Ny gruppe", "wide")),
            {"title": new_title},
            "Legg til gruppe",
            lambda v: self._add_group(v and v["title"]),
        )
        groups = self._groups()
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

    def _add_group(self, title: str | None) -> ui.Outcome | None:
        if title is None:
            return None
        return ui.attempt(
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
        order = _swapped(ids, group_id, step)
        if order is None:
            self.say(ui.note("Gruppen står allerede først eller sist."))
            return
        self._run(
            lambda: ax.reorder_groups(
                self.con, self.actor, self.number, order, expected_version=self.view.version
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
