"""Follow-up from the command line: tasks, reminders, following and the notifications,
through the real `axos` command in subprocesses (the clock pinned with AXOS_NOW)."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.e2e.conftest import AXOS

MORNING = {"AXOS_NOW": "2026-03-10T09:00:00+01:00"}
LATER = {"AXOS_NOW": "2026-03-12T09:00:00+01:00"}


@pytest.fixture
def cli_order(seeded_axos):
    """The CLI, the cast, and an order created by the admin with the user as vår kontakt."""
    cli, cast = seeded_axos
    order_no = int(
        cli(
            f"--as {cast.admin} order create --customer {cast.customer} --title Lager"
            f" --our-contact {cast.user}"
        ).out
    )
    return cli, cast, order_no


def test_follow_comment_and_the_followers_notification(cli_order):
    cli, cast, order_no = cli_order
    followers = cli(f"order followers {order_no} --json").json()
    assert [f["id"] for f in followers] == sorted([cast.admin, cast.user])
    assert cli(f"--as {cast.user} order unfollow {order_no} --json").json()["changed"] is True
    assert cli(f"--as {cast.user} order follow {order_no} --json").json()["changed"] is True
    assert "allerede" in cli(f"--as {cast.user} order follow {order_no}").out
    cli(f"--as {cast.user} notifications read --all")
    cli(f"--as {cast.admin} order comment {order_no} 'Kunden ringte'")
    mine = cli(f"--as {cast.user} notifications --unread --json").json()
    assert [(n["kind"], n["message"], n["order_no"]) for n in mine] == [
        ("comment", "Kunden ringte", order_no)
    ]
    assert cli(f"--as {cast.admin} notifications --unread --json").json() == []
    # someone else's notification cannot be marked read; one's own can
    cli(f"--as {cast.admin} notifications read {mine[0]['id']}").assert_user_error(
        "ikke ditt", str(mine[0]["id"])
    )
    done = cli("notifications", "read", mine[0]["id"], "--json", env={"AXOS_USER": str(cast.user)})
    assert done.json() == {"marked_read": 1}
    assert cli(f"--as {cast.user} notifications --unread --json").json() == []
    cli("notifications read").assert_user_error("--all")
    table = cli(f"--as {cast.user} notifications").out
    assert "Kunden ringte" in table


def test_tasks_add_list_done_reopen(cli_order):
    cli, cast, order_no = cli_order
    late = cli(
        f"--as {cast.admin} task add {order_no} --title Ring --assignee {cast.user}"
        " --due 09.03.2026 --json",
        env=MORNING,
    ).json()["task_id"]
    other = cli(
        f"--as {cast.user} task add {order_no} --title Fakturer --assignee {cast.admin}"
        " --due 2026-03-20",
        env=MORNING,
    ).out
    mine = cli(f"--as {cast.user} task list --mine --open --json", env=MORNING).json()
    assert [(t["id"], t["overdue"], t["state"]) for t in mine] == [(late, True, "forfalt")]
    listed = cli(f"task list --order {order_no}", env=MORNING).out
    assert "forfalt" in listed and "Fakturer" in listed and f"Oppgave {other}" not in listed
    assert cli(f"--as {cast.user} task done {late} --json").json()["changed"] is True
    assert "allerede" in cli(f"--as {cast.user} task done {late}").out
    assert cli(f"--as {cast.user} task list --mine --open --json").json() == []
    assert cli(f"task reopen {late} --json").json()["changed"] is True
    log = cli(f"order log {order_no} --json").json()
    assert [e["kind"] for e in log if e["kind"].startswith("task")] == [
        "task_added",
        "task_added",
        "task_done",
        "task_reopened",
    ]
    cli(f"task add {order_no} --title X --assignee 4242").assert_user_error("4242")
    cli(f"task add {order_no} --title X --assignee {cast.user} --due 31.02.2026").assert_user_error(
        "31.02.2026"
    )
    cli("task done 999").assert_user_error("999")


def test_reminder_add_list_and_fire(cli_order):
    cli, cast, order_no = cli_order
    made = cli(
        f"--as {cast.admin} reminder add {order_no} --at '11.03.2026 08:00' --note 'Ring Ingrid'"
        f" --for {cast.user} --json",
        env=MORNING,
    ).json()
    pending = cli(f"--as {cast.user} reminder list --mine --json").json()
    assert [(r["id"], r["fired_at"]) for r in pending] == [(made["reminder_id"], None)]
    assert cli(f"--as {cast.admin} reminder list --mine --json").json() == []
    before = cli(f"--as {cast.user} notifications --json", env=MORNING).json()
    assert all(n["kind"] != "reminder" for n in before)
    after = cli(f"--as {cast.user} notifications --json", env=LATER).json()
    assert [n["message"] for n in after if n["kind"] == "reminder"] == ["Ring Ingrid"]
    cli(
        f"reminder add {order_no} --at '2026-03-09 10:00' --note Sent", env=MORNING
    ).assert_user_error("passert")
    cli(f"reminder add {order_no} --at '2026-03-11' --note X", env=MORNING).assert_user_error(
        "TT:MM"
    )


def test_two_processes_reading_at_once_fire_a_reminder_once(cli_order):
    """Two `axos notifications` processes start together after the reminder's moment: the
    file admits one writer at a time, the other waits; the reminder fires exactly once."""
    cli, cast, order_no = cli_order
    made = cli(
        f"--as {cast.admin} reminder add {order_no} --at '11.03.2026 08:00' --note Samtidig"
        f" --for {cast.user}",
        env=MORNING,
    )
    assert made.out
    environment = {
        **{k: v for k, v in os.environ.items() if k not in ("AXOS_DB", "AXOS_USER")},
        **LATER,
        "AXOS_BUSY_TIMEOUT": "60",
    }
    command = [*AXOS, "--db", str(cli.db_path), "--as", str(cast.user), "notifications", "--json"]
    readers = [
        subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
            cwd=cli.cwd,
        )
        for _ in range(3)
    ]
    outputs = [reader.communicate(timeout=120) for reader in readers]
    assert [reader.returncode for reader in readers] == [0, 0, 0], [err for _, err in outputs]
    for out, _err in outputs:
        assert [n["message"] for n in json.loads(out) if n["kind"] == "reminder"] == ["Samtidig"]
    check = cli("check --json")
    assert check.returncode == 0, check.stdout + check.stderr
