"""The settings page's custom fields on orders: the defined fields as a table and forms to add,
change, move and remove one. The type of a field is fixed once made (the library's rule)."""

from __future__ import annotations

import json

import marimo as mo

import axos_data as ax
from axos_data.app import forms, ui
from axos_data.app.flow_forms import key_from_label
from axos_data.app.settings_desk import (
    YES_NO_UNCHANGED,
    SettingsDesk,
    choice_of,
    optional_position,
)
from axos_data.services.custom_fields import FIELD_TYPE_LABELS

TYPE_CHOICES = {label: key for key, label in FIELD_TYPE_LABELS.items()}


def _choices_text(field: dict) -> str:
    return ", ".join(json.loads(field["options"] or "[]"))


def _typed_choices(text: object) -> list[str]:
    """Choices typed on one line, separated by commas or semicolons."""
    raw = str(text or "").replace(";", ",")
    return [part.strip() for part in raw.split(",") if part.strip()]


def _field_options(desk: SettingsDesk) -> dict[str, str]:
    return {f"{f['label']} ({f['key']})": f["key"] for f in ax.list_custom_fields(desk.con)}


def fields_table(desk: SettingsDesk) -> mo.Html:
    rows = [
        {
            **f,
            "type_label": FIELD_TYPE_LABELS.get(f["field_type"], f["field_type"]),
            "required_label": "Ja" if f["required"] else "",
            "choices": _choices_text(f),
        }
        for f in ax.list_custom_fields(desk.con)
    ]
    return ui.simple_table(
        rows,
        [
            ("Nr.", "right", ui.text_cell("position")),
            ("Felt", "left", ui.text_cell("label")),
            ("Nøkkel", "left", ui.text_cell("key")),
            ("Type", "left", ui.text_cell("type_label")),
            ("Påkrevd", "left", ui.text_cell("required_label")),
            ("Valg", "left", ui.text_cell("choices")),
        ],
        empty="Ingen egne felt ennå.",
    )


def add_field_form(desk: SettingsDesk) -> mo.ui.form:
    widgets = {
        "label": mo.ui.text(placeholder="Avdeling", full_width=True),
        "key": mo.ui.text(placeholder="avdeling", full_width=True),
        "field_type": mo.ui.dropdown(TYPE_CHOICES, value="Tekst", full_width=True),
        "options": mo.ui.text(placeholder="Bare for valgliste: Oslo, Bergen", full_width=True),
        "required": mo.ui.checkbox(value=False),
    }
    template = forms.grid(
        ("label", "Navn", "half"),
        ("key", "Nøkkel (tom: laget av navnet)", "half"),
        ("field_type", "Type", "half"),
        ("options", "Valg (skilt med komma)", "half"),
        ("required", "Påkrevd før fakturering", "all"),
    )

    def write(values: dict | None) -> ui.Outcome | None:
        if not values:
            return None
        label = (values["label"] or "").strip()
        key = (values["key"] or "").strip() or key_from_label(label)
        return ui.attempt(
            lambda: ax.define_custom_field(
                desk.con,
                desk.actor_id,
                key=key,
                label=label,
                field_type=values["field_type"] or "text",
                options=_typed_choices(values["options"]),
                required=bool(values["required"]),
            ),
            lambda _: f"Feltet «{label}» er lagt til.",
        )

    return desk.form("fields", template, widgets, "Legg til felt", write, clear=True)


def change_field_form(desk: SettingsDesk) -> mo.ui.form:
    options = _field_options(desk)
    widgets = {
        "field": mo.ui.dropdown(options, full_width=True),
        "label": mo.ui.text(placeholder="uendret", full_width=True),
        "required": mo.ui.dropdown(YES_NO_UNCHANGED, value="Uendret", full_width=True),
        "options": mo.ui.text(placeholder="uendret (bare valgliste)", full_width=True),
        "position": mo.ui.text(placeholder="uendret", full_width=True),
    }
    template = forms.grid(
        ("field", "Felt", "all"),
        ("label", "Nytt navn", "half"),
        ("required", "Påkrevd", "half"),
        ("options", "Nye valg (skilt med komma)", "half"),
        ("position", "Ny plass", "half"),
    )

    def write(values: dict | None) -> ui.Outcome | None:
        if not values:
            return None
        key = values["field"]
        if not key:
            return ui.refused("Velg feltet som skal endres.")
        changes = {
            "label": (values["label"] or "").strip() or None,
            "required": values["required"],
            "options": _typed_choices(values["options"]) or None,
        }
        changes = {k: v for k, v in changes.items() if v is not None}
        position = optional_position(values["position"])
        if not changes and position is None:
            return ui.refused("Ingen endringer å lagre.")

        def save() -> None:
            if changes:
                ax.update_custom_field(desk.con, desk.actor_id, key, **changes)
            if position is not None:
                ax.move_custom_field(desk.con, desk.actor_id, key, position)

        return ui.attempt(save, lambda _: f"Feltet «{choice_of(options, key)}» er lagret.")

    return desk.form("fields", template, widgets, "Lagre felt", write)


def remove_field_form(desk: SettingsDesk) -> mo.ui.form:
    options = _field_options(desk)
    widgets = {"field": mo.ui.dropdown(options, full_width=True)}
    template = forms.grid(("field", "Felt (verdiene på ordrene beholdes i loggen)", "all"))

    def write(values: dict | None) -> ui.Outcome | None:
        key = (values or {}).get("field")
        if not key:
            return ui.refused("Velg feltet som skal fjernes.")
        return ui.attempt(
            lambda: ax.remove_custom_field(desk.con, desk.actor_id, key),
            lambda _: f"Feltet «{choice_of(options, key)}» er fjernet.",
        )

    return desk.form("fields", template, widgets, "Fjern felt", write)
