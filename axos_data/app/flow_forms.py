"""The settings page's status flow: the statuses as a table, forms to add, change, move and
remove a status, and the transition matrix (one checkbox per allowed move).

The library guards the flow (a start status in category «Åpen», every status reachable,
no status in use removed); its refusals show inside the form that asked."""

from __future__ import annotations

import marimo as mo

import axos_data as ax
from axos_data.access import load_flow
from axos_data.app import forms, ui
from axos_data.app.settings_desk import (
    YES_NO_UNCHANGED,
    SettingsDesk,
    choice_of,
    optional_position,
)
from axos_data.model import CATEGORY_LABELS, StatusFlow
from axos_data.services.status_flow import check_flow

CATEGORY_CHOICES = {label: key for key, label in CATEGORY_LABELS.items()}


def _status_options(desk: SettingsDesk) -> dict[str, str]:
    return {row["label"]: row["key"] for row in ax.transition_matrix(desk.con)}


def flow_table(desk: SettingsDesk) -> mo.Html:
    rows = ax.transition_matrix(desk.con)
    labels = {row["key"]: row["label"] for row in rows}
    shown = [
        {
            **row,
            "category_label": CATEGORY_LABELS.get(row["category"], row["category"]),
            "final": "Ja" if row["is_final"] else "",
            "targets": ", ".join(labels[key] for key in row["to"]) or "—",
        }
        for row in rows
    ]
    return ui.simple_table(
        shown,
        [
            ("Nr.", "right", ui.text_cell("position")),
            ("Status", "left", lambda r: ui.status_badge(r["key"], r["label"], r["category"])),
            ("Nøkkel", "left", ui.text_cell("key")),
            ("Kategori", "left", ui.text_cell("category_label")),
            ("Endelig", "left", ui.text_cell("final")),
            ("Kan gå til", "left", ui.text_cell("targets")),
        ],
        css="axos-flow",
    )


def add_status_form(desk: SettingsDesk) -> mo.ui.form:
    statuses = _status_options(desk)
    widgets = {
        "label": mo.ui.text(placeholder="Venter på kunde", full_width=True),
        "key": mo.ui.text(placeholder="venter_paa_kunde", full_width=True),
        "category": mo.ui.dropdown(CATEGORY_CHOICES, value="Åpen", full_width=True),
        "position": mo.ui.text(placeholder="sist", full_width=True),
        "from_status": mo.ui.dropdown(statuses, full_width=True),
        "to_status": mo.ui.dropdown(statuses, allow_select_none=True, full_width=True),
        "is_final": mo.ui.checkbox(value=False),
    }
    template = forms.grid(
        ("label", "Navn", "half"),
        ("key", "Nøkkel (tom: laget av navnet)", "half"),
        ("category", "Kategori", "half"),
        ("position", "Plass i rekkefølgen", "half"),
        ("from_status", "Kan nås fra", "half"),
        ("to_status", "Kan gå videre til", "half"),
        ("is_final", "Endelig status", "all"),
    )
    return desk.form(
        "flow", template, widgets, "Legg til status", lambda v: add_status(desk, v), clear=True
    )


def key_from_label(label: str) -> str:
    """A status or field key from its Norwegian label: «Venter på kunde» -> venter_paa_kunde."""
    text = label.strip().lower()
    for letter, spelled in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        text = text.replace(letter, spelled)
    return "_".join("".join(c if c.isascii() and c.isalnum() else " " for c in text).split())


def add_status(desk: SettingsDesk, values: dict | None) -> ui.Outcome | None:
    if not values:
        return None
    label = (values["label"] or "").strip()
    key = (values["key"] or "").strip() or key_from_label(label)
    if not values["from_status"]:
        return ui.refused("Velg hvilken status den nye statusen kan nås fra.")
    return ui.attempt(
        lambda: ax.add_status(
            desk.con,
            desk.actor_id,
            key=key,
            label=label,
            category=values["category"],
            position=optional_position(values["position"]),
            is_final=bool(values["is_final"]),
            from_statuses=[values["from_status"]],
            to_statuses=[values["to_status"]] if values["to_status"] else [],
        ),
        lambda _: f"Statusen «{label}» er lagt til.",
    )


def change_status_form(desk: SettingsDesk) -> mo.ui.form:
    statuses = _status_options(desk)
    widgets = {
        "status": mo.ui.dropdown(statuses, full_width=True),
        "label": mo.ui.text(placeholder="uendret", full_width=True),
        "category": mo.ui.dropdown(CATEGORY_CHOICES, allow_select_none=True, full_width=True),
        "is_final": mo.ui.dropdown(YES_NO_UNCHANGED, value="Uendret", full_width=True),
        "position": mo.ui.text(placeholder="uendret", full_width=True),
    }
    template = forms.grid(
        ("status", "Status", "all"),
        ("label", "Nytt navn", "half"),
        ("category", "Ny kategori", "half"),
        ("is_final", "Endelig", "half"),
        ("position", "Ny plass", "half"),
    )
    return desk.form(
        "flow", template, widgets, "Lagre status", lambda v: change_status(desk, v, statuses)
    )


def change_status(desk: SettingsDesk, values: dict | None, statuses: dict) -> ui.Outcome | None:
    if not values:
        return None
    status = values["status"]
    if not status:
        return ui.refused("Velg statusen som skal endres.")
    label = (values["label"] or "").strip() or None
    position = optional_position(values["position"])
    changes = {"label": label, "category": values["category"], "is_final": values["is_final"]}
    changes = {k: v for k, v in changes.items() if v is not None}
    if not changes and position is None:
        return ui.refused("Ingen endringer å lagre.")

    def save() -> None:
        if changes:
            ax.update_status(desk.con, desk.actor_id, status, **changes)
        if position is not None:
            ax.move_status(desk.con, desk.actor_id, status, position)

    return ui.attempt(
        save, lambda _: f"Statusen «{label or choice_of(statuses, status)}» er lagret."
    )


def remove_status_form(desk: SettingsDesk) -> mo.ui.form:
    statuses = _status_options(desk)
    widgets = {"status": mo.ui.dropdown(statuses, full_width=True)}
    template = forms.grid(("status", "Status", "all"))

    def write(values: dict | None) -> ui.Outcome | None:
        status = (values or {}).get("status")
        if not status:
            return ui.refused("Velg statusen som skal fjernes.")
        return ui.attempt(
            lambda: ax.remove_status(desk.con, desk.actor_id, status),
            lambda _: f"Statusen «{choice_of(statuses, status)}» er fjernet.",
        )

    return desk.form("flow", template, widgets, "Fjern status", write)


# the transition matrix


def _slot(i: int, j: int) -> str:
    return f"t_{i}_{j}"


def matrix_form(desk: SettingsDesk) -> mo.ui.form:
    """Rows: from; columns: to. A ticked box allows moving orders that way."""
    rows = ax.transition_matrix(desk.con)
    keys = [row["key"] for row in rows]
    widgets = {}
    head = "".join(f'<th class="is-center">{ui.esc(row["label"])}</th>' for row in rows)
    body = []
    for i, row in enumerate(rows):
        cells = []
        for j, target in enumerate(keys):
            if i == j:
                cells.append('<td class="is-center axos-muted">—</td>')
                continue
            widgets[_slot(i, j)] = mo.ui.checkbox(value=target in row["to"])
            cells.append(f'<td class="is-center">{{{_slot(i, j)}}}</td>')
        body.append(f"<tr><th>{ui.esc(row['label'])}</th>{''.join(cells)}</tr>")
    template = (
        '<div class="axos-table-wrap"><table class="axos-table axos-matrix"><thead><tr>'
        f"<th>Fra \\ til</th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )
    return desk.form(
        "flow", template, widgets, "Lagre overganger", lambda v: save_matrix(desk, v, keys)
    )


def save_matrix(desk: SettingsDesk, values: dict | None, keys: list[str]) -> ui.Outcome | None:
    """Apply the ticked boxes as a diff. The whole new flow is checked first with the
    library's own rule, so a save that would strand a status changes nothing; then allowed
    moves are added before others are taken away."""
    if not values:
        return None
    flow = load_flow(desk.con)
    if list(flow.statuses) != keys:
        return ui.refused("Statusene er endret siden siden ble åpnet. Last siden inn på nytt.")
    wanted = {
        (keys[i], keys[j])
        for i in range(len(keys))
        for j in range(len(keys))
        if i != j and values.get(_slot(i, j))
    }
    current = {
        (source, target) for source, targets in flow.transitions.items() for target in targets
    }
    added, removed = sorted(wanted - current), sorted(current - wanted)
    if not added and not removed:
        return ui.refused("Ingen endringer å lagre.")

    def save() -> int:
        check_flow(StatusFlow(flow.statuses.values(), wanted))
        for source, target in added:
            ax.set_transition(desk.con, desk.actor_id, source, target, True)
        for source, target in removed:
            ax.set_transition(desk.con, desk.actor_id, source, target, False)
        return len(added) + len(removed)

    return ui.attempt(save, lambda n: f"Overgangene er lagret ({n} endret).")
