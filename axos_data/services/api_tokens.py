"""API tokens per employee: how a script on another machine reaches the app's /api/v1.

A token is 256 random bits (`axos_` + URL-safe base64); only its SHA-256 is stored, so the
table leaks nothing usable and the token is shown once, when it is made. A request with the
token acts as its employee, with that employee's rights (the same Actor checks as the app),
for as long as the token is not revoked, the employee is active and their login not disabled.

Everyone may make and revoke tokens for themselves; for others it takes an administrator.
Every change is audited (entity "api_token"); the audit row never holds the token.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from axos_data.access import Con, fetch_row, fetch_rows
from axos_data.errors import InvalidInput, UnknownApiToken, UnknownEmployee
from axos_data.model import Actor
from axos_data.services._base import now, require_admin
from axos_data.services.activity import mutate
from axos_data.services.audit import record_audit

TOKEN_PREFIX = "axos_"
MAX_NAME = 100
DEFAULT_NAME = "API-nøkkel"


@dataclass(frozen=True)
class NewToken:
    id: int
    employee_id: int
    employee_name: str
    name: str
    token: str  # shown once; never stored

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "employee_id": self.employee_id,
            "employee_name": self.employee_name,
            "name": self.name,
            "token": self.token,
        }


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _for_self_or_admin(who: Actor, employee_id: int, action: str) -> None:
    if who.id != employee_id:
        require_admin(who, f"{action} for andre ansatte")


def create_api_token(
    con: Con, actor: int | Actor | None, employee_id: int, name: str | None = None
) -> NewToken:
    """Make a token for `employee_id` (an active employee); the token is in the answer only."""
    label = (name or DEFAULT_NAME).strip()
    if not label or len(label) > MAX_NAME:
        raise InvalidInput(f"Navnet på API-nøkkelen må ha 1–{MAX_NAME} tegn (fikk {len(label)}).")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)

    def work(c: Con, who: Actor) -> NewToken:
        _for_self_or_admin(who, employee_id, "lage API-nøkler")
        employee = fetch_row(
            c, "SELECT id, name, active FROM employees WHERE id = ?", [employee_id]
        )
        if employee is None:
            raise UnknownEmployee(f"Ansatt {employee_id} finnes ikke.")
        if not employee["active"]:
            raise UnknownEmployee(f"Ansatt {employee['name']} ({employee_id}) er deaktivert.")
        row = fetch_row(
            c,
            "INSERT INTO api_tokens (employee_id, name, token_hash, created_at, created_by)"
            " VALUES (?, ?, ?, ?, ?) RETURNING id",
            [employee_id, label, token_hash(token), now(), who.id],
        )
        record_audit(
            c,
            who,
            "api_token",
            row["id"],
            "created",
            None,
            {"employee_id": employee_id, "name": label},
        )
        return NewToken(row["id"], employee_id, employee["name"], label, token)

    return mutate(con, actor, work)


_LIST = (
    "SELECT t.id, t.employee_id, e.name AS employee_name, t.name, t.created_at, t.revoked_at"
    " FROM api_tokens t LEFT JOIN employees e ON e.id = t.employee_id"
)


def list_api_tokens(con: Con, actor: int | Actor | None) -> list[dict]:
    """Every token for an administrator, otherwise the actor's own (never the token)."""

    def work(c: Con, who: Actor) -> list[dict]:
        if who.is_admin:
            return fetch_rows(c, f"{_LIST} ORDER BY t.id")
        return fetch_rows(c, f"{_LIST} WHERE t.employee_id = ? ORDER BY t.id", [who.id])

    return mutate(con, actor, work)


def revoke_api_token(con: Con, actor: int | Actor | None, token_id: int) -> bool:
    """Revoke a token (its own employee or an administrator); False when it already was."""

    def work(c: Con, who: Actor) -> bool:
        row = fetch_row(c, "SELECT * FROM api_tokens WHERE id = ?", [token_id])
        if row is None or (row["employee_id"] != who.id and not who.is_admin):
            raise UnknownApiToken(f"API-nøkkel {token_id} finnes ikke (se «axos token list»).")
        if row["revoked_at"] is not None:
            return False
        c.execute(
            "UPDATE api_tokens SET revoked_at = ?, revoked_by = ? WHERE id = ?",
            [now(), who.id, token_id],
        )
        record_audit(
            c, who, "api_token", token_id, "revoked", {"revoked": False}, {"revoked": True}
        )
        return True

    return mutate(con, actor, work)


def employee_for_api_token(con: Con, token: str) -> dict | None:
    """The employee a presented token acts as, or None (unknown, revoked, employee inactive or
    login disabled)."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    return fetch_row(
        con,
        "SELECT t.id AS token_id, t.employee_id, e.name"
        " FROM api_tokens t JOIN employees e ON e.id = t.employee_id"
        " LEFT JOIN user_logins l ON l.employee_id = t.employee_id"
        " WHERE t.token_hash = ? AND t.revoked_at IS NULL AND e.active"
        " AND NOT coalesce(l.login_disabled, false)",
        [token_hash(token)],
    )
