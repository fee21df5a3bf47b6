"""axos app: serve the workbench notebooks from one process."""

from __future__ import annotations

import os
from pathlib import Path

import click

from axos_data.app import sessions
from axos_data.cli._common import State, echo, with_state

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 2718


@click.command("app")
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=DEFAULT_PORT, show_default=True)
@click.option(
    "--password",
    envvar="AXOS_APP_PASSWORD",
    default=None,
    hidden=True,
    help="Gone: the shared app password was replaced by passwords per employee.",
)
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME[:PORT]",
    help="Another name the app may be reached by (repeatable; also $AXOS_ALLOWED_HOSTS,"
    " comma-separated). Loopback names are always allowed.",
)
@click.option(
    "--trusted-proxy",
    "trusted_proxies",
    multiple=True,
    metavar="IP",
    help="Address of a reverse proxy whose X-Forwarded-Proto/-For are believed (repeatable);"
    " without it those headers are ignored.",
)
@click.option(
    "--session-idle",
    type=click.FloatRange(min=0, min_open=True),
    envvar="AXOS_SESSION_IDLE",
    default=sessions.DEFAULT_IDLE_SECONDS,
    show_default=True,
    help="Seconds without a request before a login session ends.",
)
@click.option(
    "--session-lifetime",
    type=click.FloatRange(min=0, min_open=True),
    envvar="AXOS_SESSION_LIFETIME",
    default=sessions.DEFAULT_LIFETIME_SECONDS,
    show_default=True,
    help="Seconds a login session lasts at most.",
)
@click.option(
    "--demo-orders",
    type=click.IntRange(min=1),
    default=20_000,
    show_default=True,
    help="Orders in the demo database made when the database file does not exist yet.",
)
@click.option(
    "--backup-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for scheduled backups (with --backup-every).",
)
@click.option("--backup-every", default=None, help="Backup interval: 30m, 1h, 1d …")
@click.option(
    "--notebooks",
    "analyst_notebooks",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of analysts' marimo notebooks, each served at /analyse/<name>/ with live data"
    " (axos_data.analyst); new files are picked up without a restart.",
)
@click.option(
    "--keep",
    type=click.IntRange(min=1),
    default=7,
    show_default=True,
    help="Scheduled backups to keep; older ones are deleted.",
)
@click.option(
    "--snapshot-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder for a fresh snapshot (Parquet + manifest, see `axos snapshot`); with"
    " --snapshot-every.",
)
@click.option("--snapshot-every", default=None, help="Snapshot interval: 30s, 15m, 1h …")
@with_state
def app(
    state: State,
    host: str,
    port: int,
    password: str | None,
    allowed_hosts: tuple[str, ...],
    trusted_proxies: tuple[str, ...],
    session_idle: float,
    session_lifetime: float,
    demo_orders: int,
    backup_dir: Path | None,
    backup_every: str | None,
    analyst_notebooks: Path | None,
    keep: int,
    snapshot_dir: Path | None,
    snapshot_every: str | None,
) -> None:
    """Serve every notebook (order list, order page, new order, overviews) in the browser.

    While it runs, `axos backup` and other clients reach the database through the app.
    """
    from axos_data import remote_channel
    from axos_data.app import context, serve, server
    from axos_data.app.origin_guard import allowed_hosts_for

    names = [*allowed_hosts, *server.hosts_from_env(os.environ.get("AXOS_ALLOWED_HOSTS"))]
    try:
        allowed = allowed_hosts_for(host, port, names)
    except ValueError as error:
        raise click.UsageError(
            f"--allowed-host/AXOS_ALLOWED_HOSTS: «{error}» er ikke et vertsnavn"
            " (NAVN eller NAVN:PORT, uten http:// og sti)."
        ) from None

    if password:
        # Refused rather than ignored: whoever set it believes the app is locked.
        raise click.UsageError(
            "Det felles passordet (--password/AXOS_APP_PASSWORD) finnes ikke lenger: hver ansatt"
            " logger inn med e-post og eget passord. Sett passord med «axos user set-password"
            " ANSATT_ID» og fjern AXOS_APP_PASSWORD."
        )
    loopback = server.is_loopback(host)
    plan = _backup_plan(backup_dir, backup_every, keep)
    if analyst_notebooks is not None and not analyst_notebooks.is_dir():
        raise click.UsageError(f"Mappen for analysenotatbøker finnes ikke: {analyst_notebooks}")
    snapshots = _snapshot_plan(snapshot_dir, snapshot_every)
    if not state.db_path.exists():
        from axos_data.demo import load_demo

        echo(f"Lager demodatabase {state.db_path} med {demo_orders} ordrer …", err=True)
        load_demo(state.con, demo_orders, progress=False)
    from axos_data import services

    logins = services.passwords_in_use(state.con)
    if not loopback and not logins:
        raise click.UsageError(
            f"Å lytte på {host} gjør appen synlig på nettverket og krever innlogging, men ingen"
            " ansatt har passord. Sett et med «axos user set-password ANSATT_ID» først."
        )
    state.close()
    ctx = context.configure(state.db_path, state.actor_id)
    token = remote_channel.new_token()
    asgi = server.build_app(
        loopback=loopback,
        allowed_hosts=allowed,
        sessions=sessions.SessionStore(session_idle, session_lifetime),
        api_token=token,
        analyst_notebooks=analyst_notebooks.absolute() if analyst_notebooks else None,
    )
    shown = f"[{host}]" if ":" in host else host
    who = (
        "innlogging med e-post og passord"
        if logins or not loopback
        else f"Enkeltbrukermodus, endringer logges på {ctx.actor.name}"
    )
    echo(
        f"Axos Ordre: http://{shown}:{port}/  (database {state.db_path}, {who}; Ctrl+C avslutter)",
        err=True,
    )
    echo(f"Svarer bare for vertsnavnene: {allowed}", err=True)
    if plan:
        echo(f"Sikkerhetskopi hvert {backup_every} til {plan.folder} (beholder {keep})", err=True)
    if snapshots:
        echo(f"Øyeblikksbilde hvert {snapshot_every} til {snapshots.folder}/current", err=True)
    serve.serve(
        asgi,
        host=host,
        port=port,
        db_path=state.db_path,
        token=token,
        backups=plan,
        snapshots=snapshots,
        # uvicorn would otherwise believe X-Forwarded-* from any local process, which
        # makes a plain-http login look like https and lets one client pose as many.
        proxy_headers=bool(trusted_proxies),
        forwarded_allow_ips=list(trusted_proxies) or None,
    )


def _backup_plan(folder: Path | None, every: str | None, keep: int):
    from axos_data import backup
    from axos_data.app.serve import BackupPlan

    if folder is None and every is None:
        return None
    if folder is None or every is None:
        raise click.UsageError("--backup-dir og --backup-every må brukes sammen.")
    seconds = backup.parse_duration(every)
    if not folder.is_dir():
        raise click.UsageError(f"Mappen for sikkerhetskopier finnes ikke: {folder}")
    return BackupPlan(folder.absolute(), seconds, keep)


def _snapshot_plan(folder: Path | None, every: str | None):
    from axos_data import snapshot
    from axos_data.app.snapshots import SnapshotPlan

    if folder is None and every is None:
        return None
    if folder is None or every is None:
        raise click.UsageError("--snapshot-dir og --snapshot-every må brukes sammen.")
    seconds = snapshot.parse_interval(every)
    if folder.exists() and not folder.is_dir():
        raise click.UsageError(f"{folder} er en fil; --snapshot-dir må være en mappe.")
    return SnapshotPlan(folder.absolute(), seconds)


def register(cli: click.Group) -> None:
    cli.add_command(app)
