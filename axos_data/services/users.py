"""App logins and grants: passwords (scrypt, see passwords.py), disabling a login, the grant
"Ordreinnstillinger", and the checks the login gate asks for.

A login is not the employee: `disable_login` shuts an employee out of the app and ends their
sessions but keeps them an active employee (still "vår kontakt", assignee, and the CLI may
still act as them: whoever runs the CLI holds the database file anyway). Deactivating the
employee (masterdata.set_employee_active) does all of that and more; it also ends app logins.

Every write here is audited (entity "user"); the audit row says "password set", never the
hash.
"""

from __future__ import annotations

from dataclasses import dataclass

from axos_data import db, passwords
from axos_data.access import Con, fetch_row, fetch_rows, find_by_id
from axos_data.errors import LastAdmin, UnknownEmployee, UnknownGrant
from axos_data.model import Actor
from axos_data.services._base import now, require_admin
from axos_data.services.activity import mutate
from axos_data.services.audit import record_audit

GRANTS = {"settings": "Ordreinnstillinger"}
MAX_EMAIL = 254  # RFC 5321: longer is never an address, only a way to fill the log


@dataclass(frozen=True)
class LoginCheck:
    """What a login attempt proved: the employee (None when refused) and the e-mail tried."""

    employee_id: int | None
    account: str


def _employee(con: Con, employee_id: object) -> dict:
    row = find_by_id(con, "employees", employee_id)
    if row is None:
        raise UnknownEmployee(f"Ansatt {employee_id} finnes ikke.")
    return row


def _login_row(con: Con, employee_id: int) -> dict | None:
    return fetch_row(con, "SELECT * FROM user_logins WHERE employee_id = ?", [employee_id])


def _ensure_login_row(con: Con, employee_id: int) -> None:
    if _login_row(con, employee_id) is None:
        con.execute("INSERT INTO user_logins (employee_id) VALUES (?)", [employee_id])


def _is_self(who: Actor, employee_id: int) -> bool:
    return who.id == employee_id


def set_password(con: Con, actor: int | Actor | None, employee_id: int, password: str) -> None:
    """Set (or replace) an employee's app password: an admin for anyone, everyone for
    themselves. The hash is made before the transaction (scrypt takes a tenth of a second)."""
    stored = passwords.hash_password(password)

    def work(c: Con, who: Actor) -> None:
        row = _employee(c, employee_id)
        if not _is_self(who, row["id"]):
            require_admin(who, "sette passord for andre ansatte")
        _ensure_login_row(c, row["id"])
        c.execute(
            "UPDATE user_logins SET password_hash = ?, password_set_at = ? WHERE employee_id = ?",
            [stored, now(), row["id"]],
        )
        record_audit(c, who, "user", row["id"], "password set")

    mutate(con, actor, work)


def clear_password(con: Con, actor: int | Actor | None, employee_id: int) -> None:
    """Remove an employee's password (admin only): they cannot log in until a new one is
    set. When no one has a password left, a loopback app is single-user again."""

    def work(c: Con, who: Actor) -> None:
        require_admin(who, "fjerne passord")
        row = _employee(c, employee_id)
        c.execute(
            "UPDATE user_logins SET password_hash = NULL, password_set_at = NULL"
            " WHERE employee_id = ?",
            [row["id"]],
        )
        record_audit(c, who, "user", row["id"], "password removed")

    mutate(con, actor, work)


def set_login_disabled(
    con: Con, actor: int | Actor | None, employee_id: int, disabled: bool
) -> None:
    """Disable or enable an employee's app login (admin only). Disabling never shuts out the
    last active admin who can log in, nor yourself (the LastAdmin rule, for logins)."""

    def work(c: Con, who: Actor) -> None:
        require_admin(who, "slå av eller på innlogging")
        row = _employee(c, employee_id)
        _ensure_login_row(c, row["id"])
        before = bool(_login_row(c, row["id"])["login_disabled"])
        if disabled and row["role"] == "admin" and row["active"]:
            _keep_an_admin_login(c, row)
        c.execute(
            "UPDATE user_logins SET login_disabled = ? WHERE employee_id = ?",
            [bool(disabled), row["id"]],
        )
        if before != bool(disabled):
            record_audit(
                c,
                who,
                "user",
                row["id"],
                "login disabled" if disabled else "login enabled",
                {"login_disabled": before},
                {"login_disabled": bool(disabled)},
            )

    mutate(con, actor, work)


def _keep_an_admin_login(con: Con, employee: dict) -> None:
    """Refuse to disable the login of the last active admin whose login is not disabled: the
    app (and its settings) would then have no administrator who can log in."""
    others = con.execute(
        "SELECT count(*) FROM employees e LEFT JOIN user_logins u ON u.employee_id = e.id"
        " WHERE e.role = 'admin' AND e.active AND e.id <> ? AND NOT coalesce(u.login_disabled,"
        " false)",
        [employee["id"]],
    ).fetchall()[0][0]
    if others == 0:
        raise LastAdmin(
            f"{employee['name']} ({employee['id']}) er den siste administratoren som kan logge"
            " inn, og innloggingen kan ikke slås av. Gi en annen ansatt administratorrollen"
            " først."
        )


def _grant_key(grant: str) -> str:
    key = str(grant).strip().casefold()
    if key not in GRANTS:
        names = ", ".join(f"{k} ({label})" for k, label in GRANTS.items())
        raise UnknownGrant(f"Tilgangen «{grant}» finnes ikke; bruk en av: {names}.")
    return key


def grant_right(con: Con, actor: int | Actor | None, employee_id: int, grant_name: str) -> bool:
    """Give an employee a grant (admin only); False when they had it already."""
    key = _grant_key(grant_name)

    def work(c: Con, who: Actor) -> bool:
        require_admin(who, "gi tilganger")
        row = _employee(c, employee_id)
        had = c.execute(
            "SELECT count(*) FROM employee_grants WHERE employee_id = ? AND grant_key = ?",
            [row["id"], key],
        ).fetchall()[0][0]
        if had:
            return False
        c.execute(
            "INSERT INTO employee_grants (employee_id, grant_key, granted_at, granted_by)"
            " VALUES (?, ?, ?, ?)",
            [row["id"], key, now(), who.id],
        )
        record_audit(c, who, "user", row["id"], "grant given", {key: False}, {key: True})
        return True

    return mutate(con, actor, work)


def revoke_right(con: Con, actor: int | Actor | None, employee_id: int, grant_name: str) -> bool:
    """Take a grant away (admin only); False when the employee did not have it."""
    key = _grant_key(grant_name)

    def work(c: Con, who: Actor) -> bool:
        require_admin(who, "ta bort tilganger")
        row = _employee(c, employee_id)
        gone = c.execute(
            "DELETE FROM employee_grants WHERE employee_id = ? AND grant_key = ? RETURNING 1",
            [row["id"], key],
        ).fetchall()
        if not gone:
            return False
        record_audit(c, who, "user", row["id"], "grant revoked", {key: True}, {key: False})
        return True

    return mutate(con, actor, work)


def list_users(con: Con) -> list[dict]:
    """Every employee with their login state and grants (never the hash)."""
    rows = fetch_rows(
        con,
        "SELECT e.id, e.name, e.email, e.role, e.active,"
        " u.password_hash IS NOT NULL AS has_password, u.password_set_at,"
        " coalesce(u.login_disabled, false) AS login_disabled,"
        " coalesce((SELECT list(g.grant_key ORDER BY g.grant_key) FROM employee_grants g"
        "   WHERE g.employee_id = e.id), []) AS grants"
        " FROM employees e LEFT JOIN user_logins u ON u.employee_id = e.id ORDER BY e.id",
    )
    for row in rows:
        row["can_log_in"] = bool(
            row["has_password"] and row["active"] and not row["login_disabled"]
        )
    return rows


# --- what the login gate asks -----------------------------------------------------------------


def passwords_in_use(con: Con) -> bool:
    """Whether any employee has a password (disabled logins count too): then the app needs a
    login even on loopback."""
    return bool(
        con.execute("SELECT count(*) FROM user_logins WHERE password_hash IS NOT NULL").fetchall()[
            0
        ][0]
    )


def check_login(con: Con, email: str, password: str) -> LoginCheck:
    """The employee an e-mail and password belong to, if they may log in (active, login not
    disabled). Unknown e-mails cost the same scrypt as known ones (passwords.verify), so the
    answer time does not tell which addresses exist. A weaker stored hash is replaced by one
    with today's parameters on a successful login."""
    account = (email or "").strip()[:MAX_EMAIL]
    row = fetch_row(
        con,
        "SELECT e.id, e.active, u.password_hash, coalesce(u.login_disabled, false) AS disabled"
        " FROM employees e LEFT JOIN user_logins u ON u.employee_id = e.id"
        " WHERE lower(e.email) = lower(?) ORDER BY e.id LIMIT 1",
        [account],
    )
    stored = row["password_hash"] if row else None
    matches = passwords.verify(password, stored)
    if not matches or not row["active"] or row["disabled"]:
        return LoginCheck(None, account)
    if passwords.needs_rehash(stored):
        _rehash(con, row["id"], password)
    return LoginCheck(row["id"], account)


def _rehash(con: Con, employee_id: int, password: str) -> None:
    stored = passwords.hash_password(password) if len(password) >= passwords.MIN_LENGTH else None
    if stored is None:
        return  # an old short password stays until its owner sets a new one

    def work(c: Con) -> None:
        c.execute(
            "UPDATE user_logins SET password_hash = ? WHERE employee_id = ?",
            [stored, employee_id],
        )
        record_audit(c, None, "user", employee_id, "password rehashed")

    db.atomic(con, work)


def login_allowed(con: Con, employee_id: int) -> bool:
    """Whether a session of this employee may go on: active, login not disabled, password
    still set. Asked on every request, so disabling ends open sessions."""
    row = con.execute(
        "SELECT e.active AND u.password_hash IS NOT NULL AND NOT u.login_disabled"
        " FROM employees e JOIN user_logins u ON u.employee_id = e.id WHERE e.id = ?",
        [employee_id],
    ).fetchall()
    return bool(row and row[0][0])
