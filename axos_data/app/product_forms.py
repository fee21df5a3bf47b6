"""The settings page's products: the list (deactivated ones marked), «Nytt produkt», «Endre
produkt» (fields left empty stay as they are; «Status» deactivates or activates). Writes go
through the library (`add_product`, `update_record`), which validates price and VAT rate."""

from __future__ import annotations

import marimo as mo

import axos_data as ax
from axos_data import money, views
from axos_data.app import forms, ui
from axos_data.app.record_forms import INACTIVE_BADGE
from axos_data.app.settings_desk import SettingsDesk, choice_of

PRODUCT_LIMIT = 1000
VAT_RATES = {f"{rate} %": str(rate) for rate in (25, 15, 12, 0)}
VAT_UNCHANGED = {"Uendret": None, **VAT_RATES}
ACTIVE_CHOICES = {"Uendret": None, "Aktiv": True, "Deaktivert": False}


def _all(desk: SettingsDesk) -> list[dict]:
    return views.products(desk.con, active_only=False, limit=PRODUCT_LIMIT).to_dicts()


def products_table(desk: SettingsDesk) -> mo.Html:
    return ui.simple_table(
        _all(desk),
        [
            ("Varenummer", "left", ui.text_cell("sku")),
            ("Produkt", "left", ui.text_cell("name")),
            ("Enhet", "left", ui.text_cell("unit")),
            ("Enhetspris", "right", lambda r: money.format_price(r["unit_price"])),
            ("MVA", "right", lambda r: f"{r['vat_rate']} %"),
            ("Status", "left", lambda r: "Aktiv" if r["active"] else INACTIVE_BADGE),
        ],
        empty="Ingen produkter ennå.",
        css="axos-products",
    )


def add_product_form(desk: SettingsDesk) -> mo.ui.form:
    widgets = {
        "sku": mo.ui.text(placeholder="KONS-T", full_width=True),
        "name": mo.ui.text(placeholder="Konsulenttime", full_width=True),
        "unit": mo.ui.text(placeholder="t", full_width=True),
        "unit_price": mo.ui.text(placeholder="1250,00", full_width=True),
        "vat_rate": mo.ui.dropdown(VAT_RATES, value="25 %", full_width=True),
    }
    template = forms.grid(
        ("sku", "Varenummer", "half"),
        ("name", "Produktnavn", "half"),
        ("unit", "Enhet", "half"),
        ("unit_price", "Enhetspris (kr, eks. MVA)", "half"),
        ("vat_rate", "MVA-sats", "half"),
    )

    def write(values: dict | None) -> ui.Outcome | None:
        if not values:
            return None
        return ui.attempt(
            lambda: ax.add_product(
                desk.con,
                desk.actor_id,
                sku=values["sku"],
                name=values["name"],
                unit=values["unit"],
                unit_price=values["unit_price"],
                vat_rate=values["vat_rate"],
            ),
            lambda _id: f"Produktet «{(values['name'] or '').strip()}» er lagt til.",
        )

    return desk.form("products", template, widgets, "Legg til produkt", write, clear=True)


def change_product_form(desk: SettingsDesk) -> mo.ui.form:
    products = {f"{r['sku']} · {r['name']}": r["id"] for r in _all(desk)}
    widgets = {
        "product": mo.ui.dropdown(products, full_width=True),
        "name": mo.ui.text(placeholder="Uendret", full_width=True),
        "unit": mo.ui.text(placeholder="Uendret", full_width=True),
        "unit_price": mo.ui.text(placeholder="Uendret", full_width=True),
        "vat_rate": mo.ui.dropdown(VAT_UNCHANGED, value="Uendret", full_width=True),
        "active": mo.ui.dropdown(ACTIVE_CHOICES, value="Uendret", full_width=True),
    }
    template = forms.grid(
        ("product", "Produkt", "all"),
        ("name", "Nytt produktnavn", "half"),
        ("unit", "Ny enhet", "half"),
        ("unit_price", "Ny enhetspris (kr, eks. MVA)", "half"),
        ("vat_rate", "Ny MVA-sats", "half"),
        ("active", "Status", "half"),
    )

    def write(values: dict | None) -> ui.Outcome | None:
        product = (values or {}).get("product")
        if not product:
            return ui.refused("Velg produktet som skal endres.")
        changes = {
            key: value.strip() if isinstance(value, str) else value
            for key, value in values.items()
            if key != "product" and value not in (None, "") and str(value).strip()
        }
        if not changes:
            return ui.refused("Ingen endringer å lagre: fyll inn det som skal endres.")
        name = choice_of(products, product)

        def said(diff: dict) -> str:
            if not diff:
                return f"«{name}» var allerede slik."
            if diff.get("active") == [True, False]:
                return f"«{name}» er deaktivert og kan ikke velges på nye linjer."
            return f"«{name}» er lagret."

        return ui.attempt(
            lambda: ax.update_record(desk.con, desk.actor_id, "product", product, **changes),
            said,
        )

    return desk.form("products", template, widgets, "Lagre produkt", write)
