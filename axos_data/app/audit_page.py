"""The audit log page (/logg/, administrators): every write outside an order, newest first,
with who, when, what and each changed field as before → after."""

from __future__ import annotations

import datetime as dt

import marimo as mo

from axos_data.app import ui
from axos_data.errors import AxosError
from axos_data.model import parse_date
from axos_data.services.audit import audit_entries

LIMIT = 500
ENTITIES = {
    "settings": "Innstillinger",
    "status": "Status",
    "status_transition": "Statusovergang",
    "custom_field": "Eget felt",
    "company_logo": "Firmalogo",
    "user": "Bruker",
    "company": "Firma",
    "contact": "Kontakt",
    "employee": "Ansatt",
    "project": "Prosjekt",
    "product": "Produkt",
    "quote": "Tilbud",
}
ACTIONS = {
    "created": "opprettet",
    "changed": "endret",
    "moved": "flyttet",
    "removed": "fjernet",
    "allowed": "tillatt",
    "disallowed": "ikke lenger tillatt",
    "deactivated": "deaktivert",
    "activated": "aktivert",
    "reactivated": "aktivert igjen",
    "status_changed": "ny status",
    "password set": "passord satt",
    "password removed": "passord fjernet",
    "password rehashed": "passord lagret på nytt (sterkere)",
    "login disabled": "innlogging slått av",
    "login enabled": "innlogging slått på",
    "grant given": "tilgang gitt",
    "grant revoked": "tilgang tatt bort",
}


def date_filter() -> mo.ui.text:
    return mo.ui.text(placeholder="dd.mm.åååå", debounce=250, full_width=True)


def _value(value: object) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return "ja"
    if value is False:
        return "nei"
    if isinstance(value, list | tuple):
        return ", ".join(_value(v) for v in value) or "—"
    return str(value)


def changes_html(changes: dict) -> str:
    """One line per changed field: field: before → after."""
    return "<br>".join(
        f"<code>{ui.esc(field)}</code>: {ui.esc(_value(before))} → {ui.esc(_value(after))}"
        for field, (before, after) in changes.items()
    )


def entries(con, since_text: str) -> tuple[list[dict], mo.Html | None]:
    """The entries from the typed date on (all when empty), or a refusal to show."""
    try:
        since = parse_date(since_text, "Fra dato")
    except AxosError as err:
        return [], ui.error(err)
    start = None if since is None else dt.datetime.combine(since, dt.time())
    return audit_entries(con, since=start, limit=LIMIT), None


def audit_table(rows: list[dict]) -> mo.Html:
    shown = [
        {
            **row,
            "when": ui.timestamp(row["occurred_at"]),
            "who": row["actor_name"] or "systemet",
            "what": f"{ENTITIES.get(row['entity'], row['entity'])} {row['entity_id']}",
            "action_label": ACTIONS.get(row["action"], row["action"]),
        }
        for row in rows
    ]
    return ui.simple_table(
        shown,
        [
            ("Tidspunkt", "left", ui.text_cell("when")),
            ("Hvem", "left", ui.text_cell("who")),
            ("Hva", "left", ui.text_cell("what")),
            ("Handling", "left", ui.text_cell("action_label")),
            ("Før → etter", "left", lambda r: changes_html(r["changes"])),
        ],
        empty="Ingen endringer i valgt periode.",
        css="axos-audit",
    )
