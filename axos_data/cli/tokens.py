"""axos token: API tokens per employee, for scripts on other machines (`axos --url … --token …`)."""

from __future__ import annotations

import click

from axos_data import services
from axos_data.cli._common import State, echo, emit, table, with_state


@click.group("token")
def token() -> None:
    """API tokens: a script elsewhere acts as an employee through the running app."""


@token.command("create")
@click.argument("employee_id", type=int)
@click.option("--name", default=None, help="What the token is for (shown in `token list`).")
@with_state
def create(state: State, employee_id: int, name: str | None) -> None:
    """Make a token for EMPLOYEE_ID (yourself, or anyone as an admin); it is shown only now."""
    made = services.create_api_token(state.con, state.actor(), employee_id, name)

    def human() -> None:
        echo(f"API-nøkkel {made.id} «{made.name}» for {made.employee_name} ({made.employee_id}):")
        echo(made.token)
        echo("Ta vare på den nå: den vises ikke igjen. Bruk: axos --url URL --token NØKKEL …")

    emit(state, made.as_dict(), human)


@token.command("list")
@with_state
def list_tokens(state: State) -> None:
    """Tokens (all for an admin, otherwise your own); the tokens themselves are never shown."""
    rows = services.list_api_tokens(state.con, state.actor())
    shown = [{**row, "state": "trukket tilbake" if row["revoked_at"] else "aktiv"} for row in rows]
    columns = [
        ("id", "Id"),
        ("employee_name", "Ansatt"),
        ("name", "Navn"),
        ("created_at", "Laget"),
        ("state", "Status"),
    ]
    emit(state, rows, lambda: echo(table(shown, columns, right=("id",))))


@token.command("revoke")
@click.argument("token_id", type=int)
@with_state
def revoke(state: State, token_id: int) -> None:
    """Revoke token TOKEN_ID: requests with it are refused from now on."""
    changed = services.revoke_api_token(state.con, state.actor(), token_id)
    emit(
        state,
        {"id": token_id, "revoked": True, "changed": changed},
        f"API-nøkkel {token_id} er trukket tilbake"
        if changed
        else f"API-nøkkel {token_id} var allerede trukket tilbake",
    )


def register(cli: click.Group) -> None:
    cli.add_command(token)
