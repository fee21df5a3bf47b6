"""The audit log of writes outside orders. Callers write it inside their own transaction, so
a refused write leaves no audit row and an accepted one never lacks it."""

from __future__ import annotations

import datetime as dt
import json

from axos_data.access import Con, fetch_rows
from axos_data.model import Actor
from axos_data.services._base import now


def changed_fields(before: dict | None, after: dict | None) -> dict[str, list]:
    """{"field": [before, after]} for every field whose value differs (None when absent)."""
    old, new = before or {}, after or {}
    return {
        key: [old.get(key), new.get(key)]
        for key in sorted(set(old) | set(new))
        if old.get(key) != new.get(key)
    }


def record_audit(
    con: Con,
    actor: Actor | None,
    entity: str,
    entity_id: object,
    action: str,
    before: dict | None = None,
    after: dict | None = None,
) -> None:
    """One audit row: `entity` names the kind of record ("company", "setting", "user" …),
    `action` what happened ("created", "changed", "deactivated" …)."""
    changes = changed_fields(before, after)
    con.execute(
        "INSERT INTO audit_log (occurred_at, actor_id, entity, entity_id, action, changes)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [
            now(),
            None if actor is None else actor.id,
            entity,
            str(entity_id),
            action,
            json.dumps(changes, default=str, ensure_ascii=False),
        ],
    )


def audit_entries(con: Con, since: dt.datetime | None = None, limit: int = 1000) -> list[dict]:
    """Newest first, with the actor's name; `changes` parsed back into a dict."""
    rows = fetch_rows(
        con,
        "SELECT a.id, a.occurred_at, a.actor_id, e.name AS actor_name, a.entity, a.entity_id,"
        " a.action, a.changes FROM audit_log a LEFT JOIN employees e ON e.id = a.actor_id"
        " WHERE ? IS NULL OR a.occurred_at >= ? ORDER BY a.id DESC LIMIT ?",
        [since, since, limit],
    )
    for row in rows:
        row["changes"] = json.loads(row["changes"]) if row["changes"] else {}
    return rows
