"""axos init, axos demo, axos check."""

from __future__ import annotations

import click
import duckdb

from axos_data import db, views
from axos_data.cli._common import State, echo, emit, with_state
from axos_data.serialize import frame_records
from axos_data.views import integrity


@click.command("init")
@with_state
def init(state: State) -> None:
    """Create the database file (or bring its schema up to date)."""
    if state.served:
        applied = db.apply_migrations(state.con)  # the app migrated when it opened the file
    else:
        con = db.connect(state.db_path, migrate=False)
        try:
            applied = db.apply_migrations(con)
        finally:
            con.close()
    emit(
        state,
        {"db": str(state.db_path), "applied": applied},
        f"{state.db_path}: " + (f"la inn {', '.join(applied)}" if applied else "oppdatert"),
    )


def _mismatches(con) -> list[dict]:
    try:
        return frame_records(views.totals_mismatches(con))
    except duckdb.Error as error:
        # Only values far beyond the bounds (the bounds check names them) overflow this.
        return [{"error": str(error).splitlines()[0]}]


@click.command("check")
@click.option(
    "--only",
    "only",
    multiple=True,
    type=click.Choice([c.name for c in integrity.CHECKS]),
    help="Run only this check (repeatable).",
)
@with_state
def check(state: State, only: tuple[str, ...]) -> None:
    """Check every invariant (numbering, statuses, history, totals, references, conversions,
    search index, values within the bounds); exit 1 if anything is wrong."""
    con = state.con
    problems = integrity.check(con, only or None)
    count = con.execute("SELECT count(*) FROM orders").fetchall()[0][0]
    run = [c for c in integrity.CHECKS if not only or c.name in only]
    data = {
        "orders": count,
        "ok": not problems,
        "checks": [c.name for c in run],
        "problems": [p.as_dict() for p in problems],
        # The rows behind the totals and bounds checks in full, as before the named checks.
        "mismatches": _mismatches(con) if any(c.name == "totals" for c in run) else [],
        "beyond_bounds": views.values_beyond_bounds(con)
        if any(c.name == "bounds" for c in run)
        else [],
    }

    def human() -> None:
        for item in run:
            found = [p for p in problems if p.check == item.name]
            echo(f"{'OK  ' if not found else 'FEIL'} {item.label}")
            for problem in found:
                echo(f"     {problem.message}")
        echo(f"{count} ordrer kontrollert, {len(problems)} avvik")

    emit(state, data, human)
    if problems:
        raise SystemExit(1)


@click.command("demo")
@click.option("--orders", type=click.IntRange(min=1), default=1000, show_default=True)
@click.option("--seed", type=int, default=42, show_default=True)
@click.option(
    "--end-date",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Last day of the three years of history (default yesterday).",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
@with_state
def demo(state: State, orders: int, seed: int, end_date, quiet: bool) -> None:
    """Fill an empty database with realistic orders (deterministic for a seed and end date)."""
    from axos_data.demo import load_demo

    counts = load_demo(
        state.con, orders, seed=seed, end=end_date.date() if end_date else None, progress=not quiet
    )
    emit(
        state,
        counts,
        lambda: echo(", ".join(f"{name}: {count}" for name, count in counts.items())),
    )


@click.command("bench", context_settings={"ignore_unknown_options": True})
@click.argument("name", required=False)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def bench(name: str | None, args: tuple[str, ...]) -> None:
    """Run a benchmark from tests/bench (NAME: library, pdf, app …; no NAME lists them).

    Extra arguments go to the benchmark, e.g. `axos bench library --reuse`.
    """
    import subprocess
    import sys
    from pathlib import Path

    from axos_data.errors import InvalidChoice

    folder = Path("tests") / "bench"
    scripts = {p.stem.removeprefix("bench_"): p for p in sorted(folder.glob("bench_*.py"))}
    if not scripts:
        raise InvalidChoice("Fant ingen benchmarks i tests/bench; kjør fra prosjektmappen.")
    if name is None:
        echo("Benchmarks: " + ", ".join(scripts))
        return
    if name not in scripts:
        raise InvalidChoice(f"Ukjent benchmark «{name}»; velg en av {', '.join(scripts)}.")
    # As a module from the project folder, so benchmarks can share the tests' helpers.
    module = f"tests.bench.{scripts[name].stem}"
    raise SystemExit(subprocess.call([sys.executable, "-m", module, *args]))


@click.command("reindex")
@with_state
def reindex(state: State) -> None:
    """Rebuild the order search index and sort it (maintenance after very many new orders)."""
    from axos_data import search

    with db.transaction(state.con):
        words = search.rebuild(state.con)
    emit(state, {"words": words}, f"Søkeindeksen har {words} ord")


def register(cli: click.Group) -> None:
    cli.add_command(reindex)
    cli.add_command(bench)
    cli.add_command(init)
    cli.add_command(check)
    cli.add_command(demo)
