"""Logins and grants on a real database: passwords only as scrypt hashes, who may log in,
who may grant, the last-admin rule for logins, the settings grant, and the app's credentials
and gate on that database."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

import axos_data as ax
from axos_data import passwords
from axos_data.access import load_actor
from axos_data.app import context
from axos_data.app.credentials import EmployeePasswords, single_user_rule
from axos_data.app.login_gate import LoginGate
from axos_data.app.server import login_form
from axos_data.services.audit import audit_entries
from axos_data.views import integrity

SECRET = "korrekt-hest-batteri"


def _snapshot(con) -> list:
    return [
        con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
        for table in ("user_logins", "employee_grants", "audit_log")
    ]


def test_the_password_is_stored_only_as_a_salted_scrypt_hash(con, seeded):
    ax.set_password(con, seeded.admin, seeded.user, SECRET)
    ax.set_password(con, seeded.admin, seeded.admin, SECRET)
    stored = [r[0] for r in con.execute("SELECT password_hash FROM user_logins").fetchall()]
    assert len(stored) == 2 and stored[0] != stored[1]  # same password, own salt each
    for value in stored:
        assert value.startswith("$scrypt$ln=15,r=8,p=1$") and SECRET not in value
        assert passwords.verify(SECRET, value)
    everything = str(con.execute("SELECT * FROM audit_log").fetchall())
    assert SECRET not in everything and "$scrypt$" not in everything
    users = [e["action"] for e in audit_entries(con) if e["entity"] == "user"]
    assert users == ["password set", "password set"]
    assert integrity.check(con, ["users"]) == []


def test_a_clear_text_password_in_the_table_is_found_by_the_check(con, seeded):
    con.execute("INSERT INTO user_logins (employee_id, password_hash) VALUES (?, ?)", [1, SECRET])
    assert [p.message for p in integrity.check(con, ["users"])] == [
        "Passordet til ansatt 1 er ikke lagret som en scrypt-hash."
    ]
    con.execute("DELETE FROM user_logins")  # the fixture checks every invariant afterwards


def test_right_password_logs_in_wrong_one_and_unknown_address_do_not(con, seeded):
    ax.set_password(con, seeded.admin, seeded.user, SECRET)
    assert ax.check_login(con, " OLA@nordlys.no ", SECRET).employee_id == seeded.user
    assert ax.check_login(con, "ola@nordlys.no", SECRET.upper()).employee_id is None
    assert ax.check_login(con, "ola@nordlys.no", "").employee_id is None
    assert ax.check_login(con, "ukjent@nordlys.no", SECRET).employee_id is None
    # The admin has no password at all: nothing logs in as them.
    assert ax.check_login(con, "kari@nordlys.no", "").employee_id is None


def test_a_disabled_login_or_a_deactivated_employee_is_refused(con, seeded):
    ax.set_password(con, seeded.admin, seeded.user, SECRET)
    ax.set_login_disabled(con, seeded.admin, seeded.user, True)
    assert ax.check_login(con, "ola@nordlys.no", SECRET).employee_id is None
    assert not ax.login_allowed(con, seeded.user)
    # Disabling the login leaves the employee active: the CLI and the order fields still work.
    assert load_actor(con, seeded.user).name == "Ola Hansen"
    ax.set_login_disabled(con, seeded.admin, seeded.user, False)
    assert ax.check_login(con, "ola@nordlys.no", SECRET).employee_id == seeded.user
    ax.set_employee_active(con, seeded.admin, seeded.user, False)
    assert ax.check_login(con, "ola@nordlys.no", SECRET).employee_id is None
    assert not ax.login_allowed(con, seeded.user)


def test_the_grant_gives_the_settings_right_and_reopening(con, seeded):
    assert not load_actor(con, seeded.user).may_manage_settings
    with pytest.raises(ax.PermissionDenied, match="ordreinnstillinger"):
        ax.update_settings(con, seeded.user, default_payment_terms_days=20)
    assert ax.grant_right(con, seeded.admin, seeded.user, "settings") is True
    assert ax.grant_right(con, seeded.admin, seeded.user, "Settings") is False
    actor = load_actor(con, seeded.user)
    assert actor.settings_grant and actor.may_manage_settings and not actor.is_admin
    ax.update_settings(con, seeded.user, default_payment_terms_days=20)
    assert ax.get_setting(con, "default_payment_terms_days") == 20
    assert ax.revoke_right(con, seeded.admin, seeded.user, "settings") is True
    assert not load_actor(con, seeded.user).may_manage_settings
    assert [e["changes"] for e in audit_entries(con) if e["entity"] == "user"] == [
        {"settings": [True, False]},
        {"settings": [False, True]},
    ]


def test_the_grant_lets_a_user_reopen_a_final_status(con, seeded, new_order):
    order_no = new_order()
    ax.change_status(con, seeded.admin, order_no, "kansellert")
    with pytest.raises(ax.PermissionDenied, match="gjenåpne"):
        ax.change_status(con, seeded.user, order_no, "under_arbeid", note="Feil kansellert")
    ax.grant_right(con, seeded.admin, seeded.user, "settings")
    ax.change_status(con, seeded.user, order_no, "under_arbeid", note="Feil kansellert")
    assert ax.views.order_detail(con, order_no).header["status"] == "under_arbeid"


def test_a_non_admin_cannot_grant_disable_or_set_anothers_password(con, seeded):
    before = _snapshot(con)
    with pytest.raises(ax.PermissionDenied, match="gi tilganger"):
        ax.grant_right(con, seeded.user, seeded.user, "settings")
    with pytest.raises(ax.PermissionDenied):
        ax.set_login_disabled(con, seeded.user, seeded.admin, True)
    with pytest.raises(ax.PermissionDenied, match="sette passord for andre"):
        ax.set_password(con, seeded.user, seeded.admin, SECRET)
    # Even with the settings grant: granting is an administrator's job.
    ax.grant_right(con, seeded.admin, seeded.user, "settings")
    granted = _snapshot(con)
    with pytest.raises(ax.PermissionDenied):
        ax.grant_right(con, seeded.user, seeded.admin, "settings")
    assert _snapshot(con) == granted and granted != before
    # Everyone may set their own password.
    ax.set_password(con, seeded.user, seeded.user, SECRET)


def test_bad_input_is_refused_and_leaves_nothing_behind(con, seeded):
    before = _snapshot(con)
    with pytest.raises(ax.InvalidPassword, match="minst 10 tegn"):
        ax.set_password(con, seeded.admin, seeded.user, "kort")
    with pytest.raises(ax.InvalidPassword, match="kontrolltegn"):
        ax.set_password(con, seeded.admin, seeded.user, "lang nok\nmed linjeskift")
    with pytest.raises(ax.UnknownGrant, match="«admin»"):
        ax.grant_right(con, seeded.admin, seeded.user, "admin")
    with pytest.raises(ax.UnknownEmployee, match="999"):
        ax.set_password(con, seeded.admin, 999, SECRET)
    assert _snapshot(con) == before


def test_the_last_admin_who_can_log_in_keeps_the_login(con, seeded):
    before = _snapshot(con)
    with pytest.raises(ax.LastAdmin, match="Kari Nordmann"):
        ax.set_login_disabled(con, seeded.admin, seeded.admin, True)
    assert _snapshot(con) == before
    ax.set_employee_role(con, seeded.admin, seeded.user, "admin")
    ax.set_login_disabled(con, seeded.admin, seeded.admin, True)
    with pytest.raises(ax.LastAdmin, match="Ola Hansen"):
        ax.set_login_disabled(con, seeded.user, seeded.user, True)
    # The employee-level rule still holds too.
    with pytest.raises(ax.LastAdmin):
        ax.set_employee_role(con, seeded.user, seeded.admin, "user") or ax.set_employee_active(
            con, seeded.user, seeded.user, False
        )


def test_a_weaker_stored_hash_is_replaced_on_login(con, seeded):
    weak = passwords.hash_password(SECRET, passwords.Cost(log2_n=10))
    con.execute(
        "INSERT INTO user_logins (employee_id, password_hash) VALUES (?, ?)", [seeded.user, weak]
    )
    assert ax.check_login(con, "ola@nordlys.no", SECRET).employee_id == seeded.user
    stored = con.execute(
        "SELECT password_hash FROM user_logins WHERE employee_id = ?", [seeded.user]
    ).fetchall()[0][0]
    assert stored.startswith("$scrypt$ln=15,") and passwords.verify(SECRET, stored)


def test_passwords_in_use_decides_single_user_mode(con, seeded, db_path):
    con.close()
    context.reset()
    context.configure(db_path)
    try:
        rule = single_user_rule(loopback=True)
        alone = rule()
        assert alone is not None and alone.single_user and alone.employee_id == seeded.admin
        assert single_user_rule(loopback=False)() is None
        ax.set_password(context.cursor(), seeded.admin, seeded.user, SECRET)
        assert rule() is None
        ax.clear_password(context.cursor(), seeded.admin, seeded.user)
        assert rule() is not None
    finally:
        context.reset()


def _call(gate, scope, body=b""):
    sent = []

    async def receive():
        return {"type": "http.request", "body": body}

    async def send(message):
        sent.append(message)

    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, gate(scope, receive, send)).result()
    return sent


def _scope(path, method="GET", cookie=None):
    return {
        "type": "http",
        "scheme": "http",
        "path": path,
        "query_string": b"",
        "headers": [(b"cookie", cookie)] if cookie else [],
        "method": method,
        "client": ("127.0.0.1", 5000),
    }


async def _inside(scope, receive, send):
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": str(scope["user"]).encode()})


def test_the_gate_on_the_database_ends_a_session_when_the_login_is_disabled(con, seeded, db_path):
    con.close()
    context.reset()
    context.configure(db_path)
    try:
        ax.set_password(context.cursor(), seeded.admin, seeded.user, SECRET)
        gate = LoginGate(_inside, credentials=EmployeePasswords(), login_page=login_form)
        body = f"email=ola@nordlys.no&password={SECRET}&next=/".encode()
        answer = _call(gate, _scope("/login", "POST"), body)
        cookie = dict(answer[0]["headers"])[b"set-cookie"].split(b";")[0]
        page = _call(gate, _scope("/ordrer/", cookie=cookie))
        assert (
            page[0]["status"] == 200 and f"'employee_id': {seeded.user}" in page[1]["body"].decode()
        )
        ax.set_login_disabled(context.cursor(), seeded.admin, seeded.user, True)
        assert _call(gate, _scope("/ordrer/", cookie=cookie))[0]["status"] == 303
        assert _call(gate, _scope("/login", "POST"), body)[0]["status"] == 401
    finally:
        context.reset()
