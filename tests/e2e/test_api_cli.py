"""Every `axos` command gives the same result through a running app as on the file.

Two identical copies of the demo database: one the CLI opens itself ("direkte"), one held by
the real app (server.build_app under uvicorn, in this process, announced by its server file
like `axos app` does). Each case runs on both, in its own identical folder, and stdout,
stderr and the exit code must be equal (paths in the output name the folder, so the two
folder names are replaced by one placeholder). Both databases get the same commands in the
same order, so they stay identical whatever order the cases run in. A case list that misses a
command of the click tree fails (test_every_command_has_a_case).

The CLI runs in this process (its output caught like a terminal's): the app answers from
worker threads that write only to their own buffers, so anything it wrote to the process's
stdout would show up here as a difference.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import sys
import threading
import time
from pathlib import Path

import click
import pytest

from axos_data import remote_channel
from axos_data.app import context, server
from axos_data.app.origin_guard import allowed_hosts_for
from axos_data.cli import cli, remote, run
from tests.e2e.conftest import free_port

NOW = "2026-11-20T10:00:00"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
LINES_CSV = "description;quantity;unit;unit_price;vat_rate\nArbeid;2;t;950;25\n"
DB = "axos.duckdb"

# (command line after `--db axos.duckdb`, how to compare): "same" = byte for byte; "shape" =
# same exit code and the same JSON keys (random tokens, measured seconds); "refused" = the
# app refuses it (see cli/remote.py REFUSED), the file runs it.
CASES: list[tuple[str, str]] = [
    ("init", "same"),
    ("check", "same"),
    ("check --only totals --json", "same"),
    ("reindex", "same"),
    ("gc --json", "same"),
    ("audit --limit 5", "same"),
    ("bench", "same"),
    ("restore finnes-ikke.duckdb --to ny.duckdb", "same"),
    ("--json backup kopi.duckdb", "shape"),
    ("snapshot --out utdrag --json", "shape"),
    ("app --port 1", "refused"),
    ("demo --orders 5 --quiet", "refused"),
    ("order list --limit 5", "same"),
    ("--json order list --status under_arbeid --limit 3", "same"),
    ("order show {open}", "same"),
    ("order show 99999", "same"),
    ("order show x", "same"),
    ("order list --bogus", "same"),
    ("order", "same"),
    ("order create --customer 1 --title 'Fra CLI' --our-contact 1", "same"),
    ("order set {open} --reference PO-77 --json", "same"),
    ("order comment {open} 'Hei fra terminalen'", "same"),
    ("order log {open} --json", "same"),
    ("order history {open}", "same"),
    ("order status {open} klar_til_fakturering --note Klar", "same"),
    ("order status {open} under_arbeid", "same"),
    ("order status {open} betalt", "same"),
    ("order line add {open} --description Timer --qty 3 --unit t --price 800", "same"),
    ("order line set {open} {line} --qty 4", "same"),
    ("order line move {open} {line2} {line}", "same"),
    ("order line remove {open} {line2}", "same"),
    ("order group add {open} --title Montasje --json", "same"),
    ("order group rename {open} 999 --title X", "same"),
    ("order group move {open} 999", "same"),
    ("order group remove {open} 999", "same"),
    ("order field set {open} nope verdi", "same"),
    ("order follow {open}", "same"),
    ("order followers {open}", "same"),
    ("order unfollow {open}", "same"),
    ("order relate {open} --to order:{invoiced}", "same"),
    ("order relations {open} --json", "same"),
    ("order unrelate {open} 999", "same"),
    ("order file add {open} vedlegg.txt --json", "same"),
    ("order file list {open}", "same"),
    ("file get 1 -o hentet.txt", "same"),
    ("file remove 999", "same"),
    ("order pdf {invoiced}", "same"),
    ("order pdf {invoiced} --out-dir pdf --json", "shape"),
    ("order pdf 99999 -o -", "same"),
    ("task add {open} --title Ring --assignee 3 --due 2026-12-01", "same"),
    ("task list --json", "same"),
    ("task done 1", "same"),
    ("task reopen 1", "same"),
    ("reminder add {open} --at '2026-12-01 08:00' --note Purr", "same"),
    ("reminder list", "same"),
    ("notifications read --all", "same"),
    ("company add --name 'Nytt Firma AS' --orgnr 123456785", "same"),
    ("company set 1 --city Bergen", "same"),
    ("contact add --company 1 --name 'Kari Kontakt'", "same"),
    ("contact set 1 --phone 99999999", "same"),
    ("employee add --name 'Ola Ny' --email ola.ny@example.no", "same"),
    ("employee set 7 --name 'Ny Navn'", "same"),
    ("employee deactivate 7", "same"),
    ("employee activate 7", "same"),
    ("employee role 7 user", "same"),
    ("project add --name Prosjekt --customer 1", "same"),
    ("project set 1 --name 'Nytt navn'", "same"),
    ("product add --sku NY-1 --name Ny --unit stk --price 100", "same"),
    ("product set 1 --name 'Nytt produkt'", "same"),
    ("quote create --customer 1 --our-contact 2 --title Tilbud --lines linjer.csv", "same"),
    ("quote list --json --limit 3", "same"),
    ("quote show {quote}", "same"),
    ("quote status {quote} sent", "same"),
    ("quote convert {quote}", "same"),
    ("settings show", "same"),
    ("settings set default_payment_terms_days 20", "same"),
    ("settings logo --remove", "same"),
    ("settings invoice-method add kontant Kontant", "same"),
    ("settings accounting-code show --json", "same"),
    ("settings accounting-code set payment_terms 14 10", "same"),
    ("settings accounting-code remove payment_terms 14", "same"),
    ("status list", "same"),
    ("status add venter --label Venter --category open --from under_arbeid", "same"),
    ("status rename venter 'Venter på kunde'", "same"),
    ("status set venter --label Venter", "same"),
    ("status move venter 2", "same"),
    ("status allow klar_til_fakturering venter", "same"),
    ("status disallow klar_til_fakturering venter", "same"),
    ("status remove venter", "same"),
    ("field add farge --label Farge --type text", "same"),
    ("field list --json", "same"),
    ("field set farge --label Fargekode", "same"),
    ("field move farge 1", "same"),
    ("field remove farge", "same"),
    ("export customers -o kunder.csv", "same"),
    ("export products -o produkter.xlsx", "same"),
    ("export employees -o ansatte.csv --json", "same"),
    ("import customers kunder.csv --dry-run", "same"),
    ("import products produkter.xlsx --dry-run --json", "same"),
    ("import employees ansatte.csv --dry-run", "same"),
    ("export invoices --out-dir faktura --order {ready} --json", "shape"),
    ("export validate finnes-ikke.xml", "same"),
    ("payments import camt054.xml --dry-run --json", "same"),
    ("payments list --json", "same"),
    ("payments overdue", "same"),
    ("payments remind {invoiced} --out-dir purringer --json", "shape"),
    ("user list", "same"),
    ("user set-password 4 --password-stdin", "same"),
    ("user clear-password 4", "same"),
    ("user disable 5", "same"),
    ("user enable 5", "same"),
    ("user grant 5 settings", "same"),
    ("user revoke 5 settings", "same"),
    ("--as 3 settings set default_payment_terms_days 30", "same"),
    ("token create 3 --name skript --json", "shape"),
    ("token list", "same"),
    ("token revoke 1", "same"),
]

STDIN = {"user set-password 4 --password-stdin": "hemmelig-passord-123\n"}


def _words(case: str, facts: dict) -> list[str]:
    import shlex

    return shlex.split(case.format(**facts))


@contextlib.contextmanager
def _terminal(stdin: str):
    """sys.stdout/err/in swapped for buffers, like a terminal the test can read."""
    out, err = io.BytesIO(), io.BytesIO()
    saved = sys.stdout, sys.stderr, sys.stdin
    sys.stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    sys.stderr = io.TextIOWrapper(err, encoding="utf-8", write_through=True)
    sys.stdin = io.StringIO(stdin)
    try:
        yield out, err
    finally:
        sys.stdout.detach()  # keeps the buffers open for reading
        sys.stderr.detach()
        sys.stdout, sys.stderr, sys.stdin = saved


def axos(folder: Path, words: list[str], stdin: str = "") -> tuple[int, str, str]:
    """`axos --db axos.duckdb WORDS` from `folder`, as `main` runs it (app first, else file)."""
    args = ["--db", DB, *words]
    previous = os.getcwd()
    os.chdir(folder)
    try:
        with _terminal(stdin) as (out, err):
            code = remote.dispatch(args)
            if code is None:
                code = run(args)
    finally:
        os.chdir(previous)
    placeholder = "<MAPPE>"
    text = [
        b.getvalue().decode("utf-8", "surrogateescape").replace(str(folder), placeholder)
        for b in (out, err)
    ]
    return code, text[0], text[1]


class InProcessApp:
    """The real app (build_app) under uvicorn in a thread of this process."""

    def __init__(self, db_path: Path, throttle=None):
        self.db_path = db_path
        self.throttle = throttle
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = remote_channel.new_token()

    def start(self, *, announce: bool = True) -> InProcessApp:
        import uvicorn

        if context._current is None or context._current.db_path != self.db_path:
            context.reset()
            context.configure(self.db_path)
        asgi = server.build_app(
            api_token=self.token,
            allowed_hosts=allowed_hosts_for("127.0.0.1", self.port),
            throttle=self.throttle,
        )
        config = uvicorn.Config(asgi, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        while not self.server.started:
            if not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        if announce:
            remote_channel.write_server_file(self.db_path, self.url, self.token)
        return self

    def stop(self, *, close: bool = True) -> None:
        remote_channel.remove_server_file(self.db_path, self.token)
        self.server.should_exit = True
        self.thread.join(10)
        if close:
            context.reset()


def _facts(db_path: Path) -> dict:
    import axos_data as ax

    con = ax.connect(db_path)
    try:

        def one(sql: str):
            return con.execute(sql).fetchall()[0][0]

        open_order = one("SELECT min(order_no) FROM orders WHERE status = 'under_arbeid'")
        lines = [
            r[0]
            for r in con.execute(
                "SELECT id FROM order_lines WHERE order_no = ? ORDER BY position", [open_order]
            ).fetchall()
        ]
        return {
            "open": open_order,
            "line": lines[0],
            "line2": lines[1],
            "invoiced": one("SELECT min(order_no) FROM orders WHERE status = 'fakturert'"),
            "ready": one("SELECT min(order_no) FROM orders WHERE status = 'klar_til_fakturering'"),
            "quote": one("SELECT coalesce(max(id), 0) + 1 FROM quotes"),
        }
    finally:
        con.close()


@pytest.fixture(scope="module")
def twins(tmp_path_factory, demo_template):
    """Two identical folders with the database and input files; the app holds the second."""
    root = tmp_path_factory.mktemp("api-cli")
    folders = {"direkte": root / "direkte", "app": root / "via-app"}
    for folder in folders.values():
        folder.mkdir()
        shutil.copyfile(demo_template, folder / DB)
        (folder / "vedlegg.txt").write_text("vedlegg\n", encoding="utf-8")
        (folder / "linjer.csv").write_text(LINES_CSV, encoding="utf-8")
        shutil.copyfile(FIXTURES / "camt054_kid.xml", folder / "camt054.xml")
    saved = {k: os.environ.get(k) for k in ("AXOS_NOW", "AXOS_DB", "AXOS_USER")}
    os.environ["AXOS_NOW"] = NOW
    os.environ.pop("AXOS_DB", None)
    os.environ.pop("AXOS_USER", None)
    facts = _facts(folders["direkte"] / DB)
    app = InProcessApp(folders["app"] / DB).start()
    try:
        yield folders, facts, app
    finally:
        app.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _command_paths() -> set[tuple[str, ...]]:
    found = set()

    def walk(group: click.Group, prefix: tuple[str, ...]) -> None:
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                walk(command, (*prefix, name))
            else:
                found.add((*prefix, name))

    walk(cli, ())
    return found


def _case_path(case: str) -> tuple[str, ...]:
    words = [w for w in _words(case, dict.fromkeys(("open", "line", "line2"), 1) | _NOFACTS)]
    while words and words[0].startswith("-"):
        words = words[2:] if words[0] == "--as" else words[1:]
    return remote.command_path(words)


_NOFACTS = {"invoiced": 1, "ready": 1, "quote": 1}


def test_every_command_has_a_case():
    covered = {_case_path(case) for case, _ in CASES}
    missing = sorted(" ".join(p) for p in _command_paths() - covered)
    assert not missing, f"commands without a case in CASES: {missing}"


def _keys(value):
    if isinstance(value, dict):
        return {k: _keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_keys(v) for v in value[:1]]
    return type(value).__name__


@pytest.mark.parametrize(("case", "how"), CASES, ids=[c for c, _ in CASES])
def test_same_result_through_the_app(twins, case, how):
    folders, facts, _app = twins
    words = _words(case, facts)
    stdin = STDIN.get(case, "")
    if how == "refused":  # on the file it would start a server or fill the database
        code, out, err = served = axos(folders["app"], words, stdin)
        assert (code, out) == (1, ""), served
        assert err.startswith("feil: Appen kjører mot denne databasen"), err
        assert err.count("\n") == 1 and "stopp den først" in err
        return
    direct = axos(folders["direkte"], words, stdin)
    served = axos(folders["app"], words, stdin)
    if how == "shape":
        assert direct[0] == served[0] == 0, (direct, served)
        assert _keys(json.loads(direct[1])) == _keys(json.loads(served[1]))
        assert direct[2] == served[2]
        return
    assert served == direct
