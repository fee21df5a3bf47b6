"""«Rediger» on the overview pages (/firma/, /kontakt/, /ansatt/, /prosjekt/): a form for the
record's fields and «Deaktiver»/«Aktiver». Every write goes through the library's
`update_record`, which decides who may (employees: administrators only) and refuses bad
values; its refusal shows inside the form with the input kept, or below the card."""

from __future__ import annotations

from dataclasses import dataclass

import marimo as mo

import axos_data as ax
from axos_data import views
from axos_data.app import forms, ui
from axos_data.app.settings_desk import SettingsDesk
from axos_data.services.masterdata_edit import KINDS

INACTIVE_BADGE = '<span class="axos-badge axos-inactive">Deaktivert</span>'

# The overview's kind -> the library's kind of master data.
LIBRARY_KIND = {
    "customer": "company",
    "contact": "contact",
    "employee": "employee",
    "project": "project",
}
# key, label, width of each editable field per overview kind (dropdowns: see _widget)
FIELDS = {
    "customer": (
        ("name", "Firmanavn", "half"),
        ("orgnr", "Organisasjonsnummer", "half"),
        ("address", "Adresse", "all"),
        ("postcode", "Postnummer", "half"),
        ("city", "Poststed", "half"),
        ("country", "Land (landkode)", "half"),
        ("email", "E-post", "half"),
    ),
    "contact": (
        ("name", "Navn", "half"),
        ("email", "E-post", "half"),
        ("phone", "Telefon", "half"),
    ),
    "employee": (
        ("name", "Navn", "half"),
        ("email", "E-post", "half"),
        ("role", "Rolle", "half"),
    ),
    "project": (
        ("name", "Prosjektnavn", "half"),
        ("manager_id", "Prosjektleder", "half"),
    ),
}
# What deactivation means, said beside the button.
INACTIVE_MEANS = {
    "customer": "Et deaktivert firma får ingen nye ordrer eller tilbud, men beholder historikken.",
    "contact": "En deaktivert kontaktperson kan ikke velges på nye ordrer, men blir stående på"
    " gamle.",
    "employee": "En deaktivert ansatt kan ikke velges som vår kontakt eller prosjektleder."
    " Bare en administrator kan endre ansatte.",
    "project": "Et deaktivert prosjekt kan ikke velges på nye ordrer, men blir stående på gamle.",
}


@dataclass
class RecordDesk(SettingsDesk):
    """The overview page's session object: SettingsDesk's outcome and states, with one section
    ("record": the «Rediger» card's basis and the page's data revision). Areas are
    "record:<kind>:<id>", so an outcome shows only under the record it belongs to after another
    record is picked."""

    def section(self, area: str) -> str:
        return "record"


def area(kind: str, record_id: int) -> str:
    return f"record:{kind}:{record_id}"


def load(con, kind: str, record_id: int) -> dict:
    """The record as stored now (name, fields and whether it is active)."""
    return views.overview_record(con, kind, record_id)


def badge(record: dict) -> str:
    return "" if record.get("active", True) else INACTIVE_BADGE


def _managers(con, record: dict) -> dict[str, int]:
    options: dict[str, int] = {}
    for person_id, name in views.employees(con).select("id", "name").iter_rows():
        options[name if name not in options else f"{name} (#{person_id})"] = person_id
    if record.get("manager_id") and record["manager_id"] not in options.values():
        options[record["manager_name"] or str(record["manager_id"])] = record["manager_id"]
    return options


def _choices(con, kind: str, record: dict, key: str) -> dict[str, object] | None:
    """The options of a field shown as a dropdown (label -> stored value), or None."""
    if key == "role":
        return {label: role for role, label in ui.ROLE_LABELS.items()}
    if key == "manager_id":
        return _managers(con, record)
    return None


def _widget(con, kind: str, record: dict, key: str):
    options = _choices(con, kind, record, key)
    if options is None:
        return mo.ui.text(value=str(record.get(key) or ""), full_width=True)
    chosen = next((label for label, v in options.items() if v == record.get(key)), None)
    return mo.ui.dropdown(options, value=chosen, allow_select_none=True, full_width=True)


def edit_form(desk: SettingsDesk, kind: str, record_id: int) -> mo.ui.form:
    """The record's fields, filled in as stored; «Lagre endringer» saves what was changed."""
    record = load(desk.con, kind, record_id)
    widgets = {key: _widget(desk.con, kind, record, key) for key, _l, _w in FIELDS[kind]}
    return desk.form(
        area(kind, record_id),
        forms.grid(*FIELDS[kind]),
        widgets,
        "Lagre endringer",
        lambda values: save(desk, kind, record_id, values),
    )


def save(desk: SettingsDesk, kind: str, record_id: int, values: dict | None) -> ui.Outcome | None:
    if not values:
        return None
    record = load(desk.con, kind, record_id)
    labels = {key: label for key, label, _w in FIELDS[kind]}
    changes = {}
    for key, value in values.items():
        typed = value.strip() if isinstance(value, str) else value
        if forms.differs(typed, record.get(key)):
            changes[key] = typed
    if not changes:
        return ui.refused("Ingen endringer å lagre.")
    noun = KINDS[LIBRARY_KIND[kind]].noun
    return ui.attempt(
        lambda: ax.update_record(desk.con, desk.actor_id, LIBRARY_KIND[kind], record_id, **changes),
        lambda _diff: f"{noun} er lagret ({', '.join(labels[k] for k in changes)}).",
    )


def set_active(desk: SettingsDesk, kind: str, record_id: int, active: bool) -> None:
    """Deactivate (or activate again) through the library; the outcome shows below the card."""
    record = load(desk.con, kind, record_id)
    noun = KINDS[LIBRARY_KIND[kind]].noun
    desk.finish(
        area(kind, record_id),
        ui.attempt(
            lambda: ax.update_record(
                desk.con, desk.actor_id, LIBRARY_KIND[kind], record_id, active=active
            ),
            lambda _diff: (
                f"{noun} «{record['name']}» er {'aktivert igjen' if active else 'deaktivert'}."
            ),
        ),
    )


def active_button(desk: SettingsDesk, kind: str, record_id: int) -> mo.ui.button:
    """«Deaktiver» for an active record, «Aktiver» for a deactivated one."""
    active = bool(load(desk.con, kind, record_id).get("active", True))
    return mo.ui.button(
        label="Deaktiver" if active else "Aktiver",
        kind="danger" if active else "success",
        on_click=lambda _value: set_active(desk, kind, record_id, not active),
    )


def record_tools(desk: SettingsDesk, kind: str, record_id: int) -> tuple:
    """The card's widgets, held by the notebook cell that makes them."""
    return edit_form(desk, kind, record_id), active_button(desk, kind, record_id)


def edit_card(desk: SettingsDesk, kind: str, record_id: int, tools: tuple) -> mo.Html:
    form, button = tools
    record = load(desk.con, kind, record_id)
    state = (
        f"Status: {INACTIVE_BADGE}"
        if not record.get("active", True)
        else 'Status: <span class="axos-badge">Aktiv</span>'
    )
    return ui.card(
        "Rediger",
        mo.vstack(
            [
                form,
                mo.Html(f"<p>{state} <span class='axos-muted'>{INACTIVE_MEANS[kind]}</span></p>"),
                button,
                desk.outcome(area(kind, record_id)),
            ]
        ),
    )
