"""Custom fields on orders: admins define them, users fill them in; lists can show them."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from axos_data import money
from axos_data.access import Con, fetch_row, fetch_rows, load_order
from axos_data.errors import AlreadyExists, InvalidChoice, UnknownCustomField
from axos_data.model import (
    Actor,
    optional_text,
    parse_choice,
    parse_date,
    parse_flag,
    require_text,
)
from axos_data.services._base import bump_order, require_settings_right
from axos_data.services.activity import log_activity, mutate

FIELD_TYPES = ("text", "number", "date", "bool", "choice")
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def define_custom_field(
    con: Con,
    actor: int | Actor,
    *,
    key: str,
    label: str,
    field_type: str = "text",
    options: Sequence[str] = (),
) -> int:
    """A new order field (admin only); `options` are the choices of a choice field."""
    key = require_text(key, "Feltnøkkel").lower()
    if not _KEY.match(key):
        raise InvalidChoice(
            f"Feltnøkkel «{key}» må starte med en bokstav og bare ha a–z, 0–9 og _."
        )
    label = require_text(label, "Feltnavn")
    field_type = parse_choice(field_type, FIELD_TYPES, "Felttype")
    choices = [require_text(o, "Valg") for o in options]
    if field_type == "choice" and not choices:
        raise InvalidChoice("Et valgfelt trenger minst ett valg.")

    def work(c: Con, who: Actor) -> int:
        require_settings_right(who, "definere egne felt")
        if fetch_row(c, "SELECT id FROM custom_fields WHERE key = ?", [key]):
            raise AlreadyExists(f"Feltet «{key}» finnes allerede.")
        position = c.execute("SELECT coalesce(max(position), 0) + 1 FROM custom_fields").fetchall()[
            0
        ][0]
        return c.execute(
            "INSERT INTO custom_fields (key, label, field_type, options, position)"
            " VALUES (?, ?, ?, ?, ?) RETURNING id",
            [
                key,
                label,
                field_type,
                json.dumps(choices, ensure_ascii=False) if choices else None,
                position,
            ],
        ).fetchall()[0][0]

    return mutate(con, actor, work)


def list_custom_fields(con: Con) -> list[dict]:
    return fetch_rows(
        con,
        "SELECT id, key, label, field_type, options FROM custom_fields WHERE active"
        " ORDER BY position",
    )


def _parse_value(field: dict, value: object) -> str | None:
    if optional_text(value, "Feltverdi") is None:
        return None
    kind, label = field["field_type"], field["label"]
    if kind == "number":
        return str(money.parse_decimal(value, field=label, places=4))
    if kind == "date":
        return parse_date(value, label).isoformat()
    if kind == "bool":
        return "true" if parse_flag(value) else "false"
    if kind == "choice":
        return parse_choice(value, json.loads(field["options"] or "[]"), label)
    return require_text(value, "Feltverdi")


def set_custom_value(con: Con, actor: int | Actor, order_no: int, key: str, value: object) -> None:
    """Fill in (or clear with None/"") a custom field on an order; logged in the activity."""

    def work(c: Con, who: Actor) -> None:
        order = load_order(c, order_no)
        field = fetch_row(c, "SELECT * FROM custom_fields WHERE key = ? AND active", [key])
        if field is None:
            raise UnknownCustomField(f"Egendefinert felt «{key}» finnes ikke.")
        parsed = _parse_value(field, value)
        number = order["order_no"]
        if parsed is None:
            c.execute(
                "DELETE FROM custom_field_values WHERE order_no = ? AND field_id = ?",
                [number, field["id"]],
            )
        else:
            c.execute(
                "INSERT OR REPLACE INTO custom_field_values VALUES (?, ?, ?)",
                [number, field["id"], parsed],
            )
        bump_order(c, number)
        log_activity(
            c,
            number,
            who,
            "custom_field_changed",
            f"{field['label']} satt til «{parsed or ''}»",
            {"field": key, "value": parsed},
        )

    mutate(con, actor, work)
