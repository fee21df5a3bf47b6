"""axos app: serve the workbench notebooks from one process."""

from __future__ import annotations

import click

from axos_data.cli._common import State, with_state

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 2718


@click.command("app")
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=DEFAULT_PORT, show_default=True)
@click.option(
    "--password",
    envvar="AXOS_APP_PASSWORD",
    default=None,
    help="Password for the app (default $AXOS_APP_PASSWORD); required off localhost.",
)
@click.option(
    "--demo-orders",
    type=click.IntRange(min=1),
    default=20_000,
    show_default=True,
    help="Orders in the demo database made when the database file does not exist yet.",
)
@with_state
def app(state: State, host: str, port: int, password: str | None, demo_orders: int) -> None:
    """Serve every notebook (order list, order page, new order, overviews) in the browser."""
    import uvicorn

    from axos_data.app import context, server

    if not server.is_loopback(host) and not password:
        raise click.UsageError(
            f"Å lytte på {host} gjør appen synlig på nettverket og krever et passord:"
            " sett AXOS_APP_PASSWORD eller bruk --password."
        )
    if not state.db_path.exists():
        from axos_data.demo import load_demo

        click.echo(f"Lager demodatabase {state.db_path} med {demo_orders} ordrer …", err=True)
        load_demo(state.con, demo_orders, progress=False)
    state.close()
    ctx = context.configure(state.db_path, state.actor_id)
    asgi = server.build_app(password=password)
    shown = f"[{host}]" if ":" in host else host
    click.echo(
        f"Axos Ordre: http://{shown}:{port}/  (database {state.db_path}, endringer logges på"
        f" {ctx.actor.name}; Ctrl+C avslutter)",
        err=True,
    )
    try:
        uvicorn.run(asgi, host=host, port=port, log_level="warning")
    finally:
        context.reset()


def register(cli: click.Group) -> None:
    cli.add_command(app)
