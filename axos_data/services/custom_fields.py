"""Custom fields on orders: admins (or the settings grant) define them, users fill them in;
lists, filters and downloads can show them.

"Required" means: the field cannot be cleared once it has a value, and an order cannot move
into a status of category `invoicing` or `invoiced` while it is empty (see
missing_required_fields). Orders that existed before a field became required are not
touched; they are held at their next step towards invoicing until someone fills it in.
Definitions are audited; values go into the order's activity log."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from axos_data.access import Con, fetch_row, fetch_rows, load_order
from axos_data.errors import (
    AlreadyExists,
    InvalidChoice,
    RequiredFieldMissing,
    UnknownCustomField,
)
from axos_data.model import (
    Actor,
    parse_choice,
    parse_custom_value,
    parse_int,
    require_text,
)
from axos_data.services._base import bump_order, require_settings_right
from axos_data.services.activity import log_activity, mutate
from axos_data.services.audit import record_audit

FIELD_TYPES = ("text", "number", "date", "bool", "choice")
FIELD_TYPE_LABELS = {
    "text": "Tekst",
    "number": "Tall",
    "date": "Dato",
    "bool": "Ja/nei",
    "choice": "Valgliste",
}
# Statuses of these categories need every required field filled in.
REQUIRED_BEFORE_CATEGORIES = ("invoicing", "invoiced")
_ACTION = "definere egne felt"
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def define_custom_field(
    con: Con,
    actor: int | Actor,
    *,
    key: str,
    label: str,
    field_type: str = "text",
    options: Sequence[str] = (),
    required: bool = False,
) -> int:
    """A new order field, last on the page; `options` are the choices of a choice field."""
    key = require_text(key, "Feltnøkkel").lower()
    if not _KEY.match(key):
        raise InvalidChoice(
            f"Feltnøkkel «{key}» må starte med en bokstav og bare ha a–z, 0–9 og _."
        )
    label = require_text(label, "Feltnavn")
    field_type = parse_choice(field_type, FIELD_TYPES, "Felttype")
    choices = _choices(field_type, options)

    def work(c: Con, who: Actor) -> int:
        require_settings_right(who, _ACTION)
        existing = fetch_row(c, "SELECT active FROM custom_fields WHERE key = ?", [key])
        if existing:
            gone = "" if existing["active"] else " (fjernet; nøkkelen kan ikke brukes på nytt)"
            raise AlreadyExists(f"Feltet «{key}» finnes allerede{gone}.")
        position = c.execute("SELECT coalesce(max(position), 0) + 1 FROM custom_fields").fetchall()[
            0
        ][0]
        field_id = c.execute(
            "INSERT INTO custom_fields (key, label, field_type, options, position, required)"
            " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            [
                key,
                label,
                field_type,
                json.dumps(choices, ensure_ascii=False) if choices else None,
                position,
                bool(required),
            ],
        ).fetchall()[0][0]
        record_audit(c, who, "custom_field", key, "created", None, _definition(c, key))
        return field_id

    return mutate(con, actor, work)


def _choices(field_type: str, options: Sequence[str]) -> list[str]:
    choices = list(dict.fromkeys(require_text(o, "Valg") for o in options))
    if field_type == "choice" and not choices:
        raise InvalidChoice("Et valgfelt trenger minst ett valg.")
    if field_type != "choice" and choices:
        raise InvalidChoice(f"Bare valgfelt har valg; «{field_type}» har ingen.")
    return choices


def _definition(con: Con, key: str) -> dict | None:
    row = fetch_row(
        con,
        "SELECT key, label, field_type, options, required, position, active FROM custom_fields"
        " WHERE key = ?",
        [key],
    )
    if row is not None:
        row["options"] = json.loads(row["options"]) if row["options"] else None
    return row


def _active_field(con: Con, key: object) -> dict:
    field = fetch_row(
        con, "SELECT * FROM custom_fields WHERE key = ? AND active", [str(key).strip().lower()]
    )
    if field is None:
        known = ", ".join(f["key"] for f in list_custom_fields(con)) or "ingen"
        raise UnknownCustomField(f"Egendefinert felt «{key}» finnes ikke. Kjente: {known}.")
    return field


def list_custom_fields(con: Con) -> list[dict]:
    """Active fields in page order: id, key, label, field_type, options (JSON text),
    required, position."""
    return fetch_rows(
        con,
        "SELECT id, key, label, field_type, options, required, position FROM custom_fields"
        " WHERE active ORDER BY position",
    )


def update_custom_field(
    con: Con,
    actor: int | Actor,
    key: str,
    *,
    label: str | None = None,
    required: bool | None = None,
    options: Sequence[str] | None = None,
) -> None:
    """Change a field's label, whether it is required, or a choice field's options (values
    already stored stay as they are). The type of a field never changes: stored values would
    stop matching it."""
    new_label = None if label is None else require_text(label, "Feltnavn")

    def work(c: Con, who: Actor) -> None:
        require_settings_right(who, _ACTION)
        field = _active_field(c, key)
        choices = None if options is None else _choices(field["field_type"], options)
        before = _definition(c, field["key"])
        c.execute(
            "UPDATE custom_fields SET label = coalesce(?, label), required = coalesce(?, required),"
            " options = coalesce(?, options) WHERE id = ?",
            [
                new_label,
                required,
                None if choices is None else json.dumps(choices, ensure_ascii=False),
                field["id"],
            ],
        )
        record_audit(c, who, "custom_field", field["key"], "changed", before, _definition(c, key))

    mutate(con, actor, work)


def move_custom_field(con: Con, actor: int | Actor, key: str, position: object) -> None:
    """Put a field at `position` on the order page (1 = first)."""
    wanted = parse_int(position, "Posisjon", minimum=1)

    def work(c: Con, who: Actor) -> None:
        require_settings_right(who, _ACTION)
        field = _active_field(c, key)
        keys = [f["key"] for f in list_custom_fields(c) if f["id"] != field["id"]]
        keys.insert(min(wanted, len(keys) + 1) - 1, field["key"])
        before = field["position"]
        for number, each in enumerate(keys, start=1):
            c.execute("UPDATE custom_fields SET position = ? WHERE key = ?", [number, each])
        after = keys.index(field["key"]) + 1
        record_audit(
            c, who, "custom_field", field["key"], "moved", {"position": before}, {"position": after}
        )

    mutate(con, actor, work)


def remove_custom_field(con: Con, actor: int | Actor, key: str) -> None:
    """Take a field off orders, lists and downloads. Its stored values are kept (the activity
    log refers to them), and its key is not reused."""

    def work(c: Con, who: Actor) -> None:
        require_settings_right(who, _ACTION)
        field = _active_field(c, key)
        before = _definition(c, field["key"])
        c.execute("UPDATE custom_fields SET active = false WHERE id = ?", [field["id"]])
        record_audit(c, who, "custom_field", field["key"], "removed", before, None)

    mutate(con, actor, work)


def missing_required_fields(con: Con, order_no: int) -> list[str]:
    """Labels of required active fields the order has no value for."""
    return [
        row[0]
        for row in con.execute(
            "SELECT f.label FROM custom_fields f LEFT JOIN custom_field_values v"
            " ON v.field_id = f.id AND v.order_no = ? WHERE f.active AND f.required"
            " AND v.value IS NULL ORDER BY f.position",
            [order_no],
        ).fetchall()
    ]


def missing_required_fields_of(con: Con, order_nos: list[int]) -> dict[int, list[str]]:
    """The batched form of missing_required_fields: order → labels of its empty required
    fields, for the orders that miss any (one query for all, none when no field is required)."""
    if not order_nos:
        return {}
    result: dict[int, list[str]] = {}
    for order_no, label in con.execute(
        "SELECT o.order_no, f.label FROM (SELECT unnest($orders) AS order_no) o"
        " CROSS JOIN custom_fields f LEFT JOIN custom_field_values v"
        " ON v.field_id = f.id AND v.order_no = o.order_no"
        " WHERE f.active AND f.required AND v.value IS NULL ORDER BY o.order_no, f.position",
        {"orders": list(order_nos)},
    ).fetchall():
        result.setdefault(order_no, []).append(label)
    return result


def refuse_missing_fields(order_no: int, missing: list[str], target_label: str) -> None:
    if missing:
        raise RequiredFieldMissing(
            f"Ordre {order_no} kan ikke få status «{target_label}» før påkrevde felt er fylt"
            f" ut: {', '.join(missing)}."
        )


def require_fields_for(con: Con, order_no: int, category: str, target_label: str) -> None:
    """Refuse moving the order into an invoicing status while a required field is empty."""
    if category not in REQUIRED_BEFORE_CATEGORIES:
        return
    refuse_missing_fields(order_no, missing_required_fields(con, order_no), target_label)


def set_custom_value(con: Con, actor: int | Actor, order_no: int, key: str, value: object) -> None:
    """Fill in (or clear with None/"") a custom field on an order; logged in the activity."""

    def work(c: Con, who: Actor) -> None:
        order = load_order(c, order_no)
        field = _active_field(c, key)
        parsed = parse_custom_value(field, value)
        number = order["order_no"]
        if parsed is None and field["required"]:
            raise RequiredFieldMissing(
                f"«{field['label']}» er påkrevd og kan ikke tømmes på ordre {number}."
            )
        old = fetch_row(
            c,
            "SELECT value FROM custom_field_values WHERE order_no = ? AND field_id = ?",
            [number, field["id"]],
        )
        previous = None if old is None else old["value"]
        if previous == parsed:
            return
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
            f"{field['label']} endret fra «{previous or ''}» til «{parsed or ''}»",
            {"field": field["key"], "from": previous, "value": parsed},
        )

    mutate(con, actor, work)
