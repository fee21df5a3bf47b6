"""axos user: app passwords, disabling logins, grants, and who may log in."""

from __future__ import annotations

import click

from axos_data import services
from axos_data.cli import in_app
from axos_data.cli._common import State, echo, emit, table, with_state
from axos_data.errors import InvalidPassword


@click.group("user")
def user() -> None:
    """App logins: passwords, disabled logins and the grant «Ordreinnstillinger»."""


def read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = in_app.stdin().readline()
        if not line:
            raise InvalidPassword("Fant ikke noe passord på standard inn (--password-stdin).")
        return line.removesuffix("\n").removesuffix("\r")
    return click.prompt(
        "Nytt passord",
        hide_input=True,
        confirmation_prompt="Gjenta passordet",
        err=True,
    )


@user.command("set-password")
@click.argument("employee_id", type=int)
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input instead of prompting.",
)
@with_state
def set_password(state: State, employee_id: int, password_stdin: bool) -> None:
    """Set an employee's app password (admin, or the employee themselves)."""
    password = read_password(password_stdin)
    services.set_password(state.con, state.actor(), employee_id, password)
    emit(
        state,
        {"id": employee_id, "password_set": True},
        f"Passord satt for ansatt {employee_id}",
    )


@user.command("clear-password")
@click.argument("employee_id", type=int)
@with_state
def clear_password(state: State, employee_id: int) -> None:
    """Remove an employee's app password (admin only); with none left, loopback is
    single-user again."""
    services.clear_password(state.con, state.actor(), employee_id)
    emit(
        state,
        {"id": employee_id, "password_set": False},
        f"Passordet til ansatt {employee_id} er fjernet",
    )


@user.command("disable")
@click.argument("employee_id", type=int)
@with_state
def disable(state: State, employee_id: int) -> None:
    """Stop an employee logging in to the app; ends their open sessions (admin only). The
    employee stays active (use `axos employee deactivate` to retire them)."""
    services.set_login_disabled(state.con, state.actor(), employee_id, True)
    emit(
        state,
        {"id": employee_id, "login_disabled": True},
        f"Innlogging slått av for ansatt {employee_id}",
    )


@user.command("enable")
@click.argument("employee_id", type=int)
@with_state
def enable(state: State, employee_id: int) -> None:
    """Let an employee log in to the app again (admin only)."""
    services.set_login_disabled(state.con, state.actor(), employee_id, False)
    emit(
        state,
        {"id": employee_id, "login_disabled": False},
        f"Innlogging slått på for ansatt {employee_id}",
    )


@user.command("grant")
@click.argument("employee_id", type=int)
@click.argument("grant")
@with_state
def grant(state: State, employee_id: int, grant: str) -> None:
    """Give an employee a grant: `settings` (Ordreinnstillinger). Admin only."""
    changed = services.grant_right(state.con, state.actor(), employee_id, grant)
    emit(
        state,
        {"id": employee_id, "grant": grant.strip().casefold(), "granted": True, "changed": changed},
        f"Ansatt {employee_id} har tilgangen {grant}" + ("" if changed else " (fra før)"),
    )


@user.command("revoke")
@click.argument("employee_id", type=int)
@click.argument("grant")
@with_state
def revoke(state: State, employee_id: int, grant: str) -> None:
    """Take a grant away again. Admin only."""
    changed = services.revoke_right(state.con, state.actor(), employee_id, grant)
    emit(
        state,
        {
            "id": employee_id,
            "grant": grant.strip().casefold(),
            "granted": False,
            "changed": changed,
        },
        f"Ansatt {employee_id} har ikke tilgangen {grant}"
        + ("" if changed else " (hadde den ikke)"),
    )


def _yes(value: bool) -> str:
    return "ja" if value else "nei"


@user.command("list")
@with_state
def list_users(state: State) -> None:
    """Every employee: role, active, password set, login disabled, grants."""
    rows = services.list_users(state.con)

    def human() -> None:
        shown = [
            {
                **row,
                "active": _yes(row["active"]),
                "has_password": _yes(row["has_password"]),
                "login_disabled": _yes(row["login_disabled"]),
                "grants": ", ".join(row["grants"]),
            }
            for row in rows
        ]
        echo(
            table(
                shown,
                [
                    ("id", "Id"),
                    ("name", "Navn"),
                    ("email", "E-post"),
                    ("role", "Rolle"),
                    ("active", "Aktiv"),
                    ("has_password", "Passord"),
                    ("login_disabled", "Innlogging av"),
                    ("grants", "Tilganger"),
                ],
                right=("id",),
            )
        )

    emit(state, rows, human)


def register(cli: click.Group) -> None:
    cli.add_command(user)
