"""`axos user …` through the real command: passwords, disabled logins, grants, the list."""

from __future__ import annotations

import subprocess

from click.testing import CliRunner

import axos_data as ax
from axos_data.cli import cli
from tests.e2e.conftest import AXOS, free_port, server_env

SECRET = "korrekt-hest-batteri"


def _stored_hashes(path) -> list[str]:
    con = ax.connect(path)
    try:
        return [r[0] for r in con.execute("SELECT password_hash FROM user_logins").fetchall()]
    finally:
        con.close()


def _with_stdin(axos, text: str, *args: object) -> subprocess.CompletedProcess:
    command = [*AXOS, "--db", str(axos.db_path), *map(str, args)]
    return subprocess.run(
        command, input=text, capture_output=True, text=True, env=server_env(), timeout=120
    )


def test_set_password_from_stdin_stores_a_hash_and_lists_the_user(seeded_axos):
    axos, cast = seeded_axos
    done = _with_stdin(axos, SECRET + "\n", "user", "set-password", cast.user, "--password-stdin")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Passord satt for ansatt {cast.user}"
    (stored,) = _stored_hashes(axos.db_path)
    assert stored.startswith("$scrypt$") and SECRET not in stored
    users = axos("user", "list", "--json").json()
    ola = next(u for u in users if u["id"] == cast.user)
    assert ola["has_password"] and ola["can_log_in"] and "password_hash" not in ola
    assert SECRET not in str(users) and "$scrypt$" not in str(users)
    audit = axos("user", "list").out
    assert "Ola Hansen" in audit and "$scrypt$" not in audit


def test_the_prompt_asks_twice_and_refuses_a_mismatch(seeded_axos):
    axos, cast = seeded_axos
    runner = CliRunner()
    args = ["--db", str(axos.db_path), "user", "set-password", str(cast.user)]
    mismatch = runner.invoke(cli, args, input=f"{SECRET}\nannet-passord\n")
    assert mismatch.exit_code != 0 and _stored_hashes(axos.db_path) == []
    assert "Gjenta passordet" in mismatch.output
    ok = runner.invoke(cli, args, input=f"{SECRET}\n{SECRET}\n")
    assert ok.exit_code == 0, ok.output
    assert SECRET not in ok.output
    assert len(_stored_hashes(axos.db_path)) == 1


def test_a_short_password_is_refused_with_the_rule(seeded_axos):
    axos, cast = seeded_axos
    done = _with_stdin(axos, "kort\n", "user", "set-password", cast.user, "--password-stdin")
    assert done.returncode == 1 and done.stderr.startswith("feil: ")
    assert "minst 10 tegn" in done.stderr and "Traceback" not in done.stderr
    assert _stored_hashes(axos.db_path) == []


def test_disable_enable_grant_revoke_as_json(seeded_axos):
    axos, cast = seeded_axos
    assert axos("user", "disable", cast.user, "--json").json() == {
        "id": cast.user,
        "login_disabled": True,
    }
    assert axos("user", "enable", cast.user, "--json").json()["login_disabled"] is False
    assert axos("user", "grant", cast.user, "settings", "--json").json() == {
        "id": cast.user,
        "grant": "settings",
        "granted": True,
        "changed": True,
    }
    assert axos("user", "grant", cast.user, "settings", "--json").json()["changed"] is False
    users = axos("--json", "user", "list").json()
    assert next(u for u in users if u["id"] == cast.user)["grants"] == ["settings"]
    assert axos("user", "revoke", cast.user, "settings", "--json").json()["granted"] is False


def test_a_user_cannot_grant_or_disable(seeded_axos):
    axos, cast = seeded_axos
    axos("--as", cast.user, "user", "grant", cast.user, "settings").assert_user_error(
        "Bare en administrator kan gi tilganger", "Ola Hansen"
    )
    axos("--as", cast.user, "user", "disable", cast.admin).assert_user_error("administrator")
    axos("user", "grant", cast.user, "admin").assert_user_error("«admin»", "settings")


def test_the_last_admin_keeps_the_login(seeded_axos):
    axos, cast = seeded_axos
    axos("user", "disable", cast.admin).assert_user_error("siste administratoren")


def test_the_shared_app_password_is_refused_at_start(seeded_axos):
    axos, _ = seeded_axos
    result = axos("app", "--port", free_port(), env={"AXOS_APP_PASSWORD": "gammelt-felles"})
    result.assert_user_error("felles passordet", "axos user set-password")
