"""Who may read what through the read API (app/api_read.py), against the identity contract of
the API's auth: scope["api_user"] is None for the local owner token (every right), otherwise a
dict with the "employee_id"."""

from __future__ import annotations

import pytest

import axos_data as ax
from axos_data.app.api_read_tables import READABLE_TABLES, may_read_restricted, readable_columns


def test_owner_token_reads_everything_allowed(con, seeded):
    assert may_read_restricted(con, None)
    for name in READABLE_TABLES:
        assert readable_columns(con, name, None)


def test_audit_log_only_for_admin_or_the_settings_grant(con, seeded):
    admin, user = {"employee_id": seeded.admin}, {"employee_id": seeded.user}
    assert may_read_restricted(con, admin)
    assert not may_read_restricted(con, user)
    with pytest.raises(ax.PermissionDenied, match="«audit_log»"):
        readable_columns(con, "audit_log", user)
    with pytest.raises(ax.PermissionDenied, match="«employee_grants»"):
        readable_columns(con, "employee_grants", user)
    assert readable_columns(con, "orders", user)[0][0] == "order_no"

    ax.grant_right(con, seeded.admin, seeded.user, "settings")
    assert may_read_restricted(con, user)
    assert readable_columns(con, "audit_log", user)


def test_a_deactivated_employee_reads_nothing_restricted(con, seeded):
    ax.set_employee_active(con, seeded.admin, seeded.user, False)
    with pytest.raises(ax.InactiveEmployee):
        may_read_restricted(con, {"employee_id": seeded.user})


@pytest.mark.parametrize("name", ["user_logins", "login_attempts", "nope", "api_tokens"])
def test_withheld_and_unknown_tables_are_not_found(con, seeded, name):
    with pytest.raises(ax.UnknownTable, match=f"«{name}»"):
        readable_columns(con, name, None)


def test_the_api_withholds_what_snapshots_and_analysts_leave_out(con):
    """One list of secrets: every table exposure.py excludes that exists is withheld by the
    read API, and the API withholds nothing exposure.py would hand out."""
    from axos_data import exposure
    from axos_data.app.api_read_tables import WITHHELD_TABLES

    present = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert set(WITHHELD_TABLES) <= exposure.EXCLUDED_TABLES
    assert exposure.EXCLUDED_TABLES & present <= set(WITHHELD_TABLES)
