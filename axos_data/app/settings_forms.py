"""The settings page's company profile, logo, defaults for new orders and the list of invoice
methods. Builders take the page's SettingsDesk and return widgets to a notebook cell; every
write goes through the library (which checks the settings right again)."""

from __future__ import annotations

import marimo as mo

import axos_data as ax
from axos_data.app import forms, ui
from axos_data.app.settings_desk import SettingsDesk, choice_of

# key, label, width; flags are checkboxes, the rest text
PROFILE_FIELDS = (
    ("company_name", "Firmanavn", "half"),
    ("company_orgnr", "Organisasjonsnummer", "half"),
    ("company_address", "Adresse", "all"),
    ("company_postcode", "Postnummer", "half"),
    ("company_city", "Poststed", "half"),
    ("company_email", "E-post", "half"),
    ("company_phone", "Telefon", "half"),
    ("company_bank_account", "Kontonummer", "half"),
    ("company_vat_registered", "MVA-registrert", "half"),
    ("company_in_foretaksregisteret", "Registrert i Foretaksregisteret", "all"),
)
FLAGS = ("company_vat_registered", "company_in_foretaksregisteret")


def profile_form(desk: SettingsDesk) -> mo.ui.form:
    stored = ax.get_settings(desk.con)
    widgets = {}
    for key, _label, _width in PROFILE_FIELDS:
        if key in FLAGS:
            widgets[key] = mo.ui.checkbox(value=bool(stored.get(key)))
        else:
            widgets[key] = mo.ui.text(value=str(stored.get(key) or ""), full_width=True)
    template = forms.grid(*PROFILE_FIELDS)
    return desk.form(
        "profile", template, widgets, "Lagre firmaprofil", lambda v: save_profile(desk, v)
    )


def save_profile(desk: SettingsDesk, values: dict | None) -> ui.Outcome | None:
    if not values:
        return None
    stored = ax.get_settings(desk.con)
    changes = {}
    for key, value in values.items():
        if key in FLAGS:
            if bool(value) != bool(stored.get(key)):
                changes[key] = bool(value)
        elif forms.differs((value or "").strip(), stored.get(key)):
            changes[key] = value
    if not changes:
        return ui.refused("Ingen endringer å lagre.")
    return ui.attempt(
        lambda: ax.update_settings(desk.con, desk.actor_id, **changes),
        lambda _: "Firmaprofilen er lagret.",
    )


def logo_picker(desk: SettingsDesk) -> mo.ui.file:
    """Upload (or replace) the logo printed on order confirmations."""

    def upload(files) -> None:
        for item in files or ():
            desk.finish(
                "profile",
                ui.attempt(
                    lambda item=item: ax.set_company_logo(
                        desk.con, desk.actor_id, item.contents, item.name
                    ),
                    lambda _digest, item=item: f"Logoen «{item.name}» er lagret.",
                ),
            )

    return mo.ui.file(
        filetypes=[".png", ".jpg", ".jpeg"],
        kind="button",
        label="Last opp logo (PNG eller JPEG)",
        on_change=upload,
    )


def logo_note(desk: SettingsDesk) -> mo.Html:
    logo = ax.company_logo(desk.con)
    if logo is None:
        return mo.Html('<p class="axos-muted">Ingen logo. Ordrebekreftelsen skrives uten.</p>')
    return mo.Html(
        f"<p>Logo: <b>{ui.esc(logo['file_name'] or 'uten navn')}</b>"
        f' <span class="axos-muted">({len(logo["content"]) // 1024} kB,'
        f" {ui.esc(logo['media_type'])})</span></p>"
    )


# defaults and invoice methods


def defaults_form(desk: SettingsDesk) -> mo.ui.form:
    stored = ax.get_settings(desk.con)
    methods = {label: key for key, label in ax.invoice_methods(desk.con).items()}
    widgets = {
        "default_payment_terms_days": mo.ui.number(
            start=0,
            stop=365,
            step=1,
            value=int(stored.get("default_payment_terms_days") or 0),
            full_width=True,
        ),
        "default_invoice_method": mo.ui.dropdown(
            methods,
            value=choice_of(methods, stored.get("default_invoice_method")),
            full_width=True,
        ),
    }
    template = forms.grid(
        ("default_payment_terms_days", "Betalingsfrist for nye ordrer (dager)", "half"),
        ("default_invoice_method", "Fakturametode for nye ordrer", "half"),
    )
    return desk.form(
        "defaults", template, widgets, "Lagre standardverdier", lambda v: save_defaults(desk, v)
    )


def save_defaults(desk: SettingsDesk, values: dict | None) -> ui.Outcome | None:
    if not values:
        return None
    stored = ax.get_settings(desk.con)
    changes = {k: v for k, v in values.items() if v is not None and forms.differs(v, stored.get(k))}
    if not changes:
        return ui.refused("Ingen endringer å lagre.")
    return ui.attempt(
        lambda: ax.update_settings(desk.con, desk.actor_id, **changes),
        lambda _: "Standardverdiene er lagret.",
    )


def invoice_method_list(desk: SettingsDesk) -> mo.Html:
    stored = ax.get_settings(desk.con)
    items = "".join(
        f"<li>{ui.esc(label)} <span class='axos-muted'>({ui.esc(key)})</span>"
        + (" · <b>standard</b>" if key == stored.get("default_invoice_method") else "")
        + "</li>"
        for key, label in ax.invoice_methods(desk.con).items()
    )
    return mo.Html(f"<ul class='axos-list'>{items}</ul>")


def add_method_form(desk: SettingsDesk) -> mo.ui.form:
    widgets = {
        "label": mo.ui.text(placeholder="Papir", full_width=True),
        "key": mo.ui.text(placeholder="papir", full_width=True),
    }
    template = forms.grid(("label", "Navn", "half"), ("key", "Nøkkel (a–z, 0–9, _)", "half"))

    def write(values: dict | None) -> ui.Outcome | None:
        if not values:
            return None
        label = (values["label"] or "").strip()
        key = (values["key"] or "").strip() or label.lower()
        return ui.attempt(
            lambda: ax.add_invoice_method(desk.con, desk.actor_id, key, label),
            lambda _: f"Fakturametoden «{label}» er lagt til.",
        )

    return desk.form("defaults", template, widgets, "Legg til fakturametode", write, clear=True)


def remove_method_form(desk: SettingsDesk) -> mo.ui.form:
    methods = {label: key for key, label in ax.invoice_methods(desk.con).items()}
    widgets = {"method": mo.ui.dropdown(methods, full_width=True)}
    template = forms.grid(("method", "Fakturametode", "all"))

    def write(values: dict | None) -> ui.Outcome | None:
        method = (values or {}).get("method")
        if not method:
            return ui.refused("Velg fakturametoden som skal fjernes.")
        return ui.attempt(
            lambda: ax.remove_invoice_method(desk.con, desk.actor_id, method),
            lambda _: f"Fakturametoden «{choice_of(methods, method)}» er fjernet.",
        )

    return desk.form("defaults", template, widgets, "Fjern fakturametode", write)
