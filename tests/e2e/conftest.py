"""Fixtures for the end-to-end tests: the real `axos` command in a subprocess against a temp
database file; a small demo database, notebooks run headless, and `axos app` started on a
free port for the browser tests."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shlex
import shutil
import socket
import subprocess
import sys
import time
import traceback
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import axos_data as ax
from axos_data.app import context, pages
from axos_data.demo import load_demo

AXOS = [sys.executable, "-m", "axos_data.cli"]


@dataclass
class Run:
    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str

    def json(self):
        assert self.returncode == 0, self.stderr
        return json.loads(self.stdout)

    @property
    def out(self) -> str:
        assert self.returncode == 0, f"axos {' '.join(self.args)} failed: {self.stderr}"
        return self.stdout.strip()

    def assert_user_error(self, *fragments: str) -> str:
        """Exactly one line on stderr starting with "feil:", exit 1, no traceback."""
        assert self.returncode == 1, (self.returncode, self.stdout, self.stderr)
        lines = self.stderr.splitlines()
        assert len(lines) == 1, self.stderr
        assert lines[0].startswith("feil: "), lines[0]
        assert "Traceback" not in self.stderr
        for fragment in fragments:
            assert fragment in lines[0], (fragment, lines[0])
        return lines[0]


class Axos:
    """`axos --db FILE …`; `env` adds environment variables.

    A call runs the CLI's real entry point (`axos_data.cli.main`: argument parsing, the
    one-line errors, exit codes) inside the test process, with its own stdout, stderr, empty
    stdin, environment and working directory, as click's CliRunner does: starting a Python
    process that imports the whole library costs a second or more a call. `process=True` (and
    `axos app`, which serves until stopped) runs `python -m axos_data.cli` in a subprocess
    instead: for what only a separate process shows (file locks between processes, the real
    entry point). A test that holds the file open itself and expects the CLI to find it busy
    needs `process=True`: inside one process DuckDB shares the open database."""

    def __init__(self, db_path: Path, cwd: Path):
        self.db_path = db_path
        self.cwd = cwd

    def __call__(
        self,
        *args: object,
        env: dict[str, str] | None = None,
        db: bool = True,
        process: bool = False,
    ) -> Run:
        """`axos("order", "show", 1)`, or one string split like a shell: `axos("order show 1")`."""
        if len(args) == 1 and isinstance(args[0], str):
            words = shlex.split(args[0])
        else:
            words = [str(a) for a in args]
        argv = [*(["--db", str(self.db_path)] if db else []), *words]
        if process or "app" in words:
            return self._in_subprocess(words, argv, env)
        return self._in_process(words, argv, env)

    def _in_subprocess(self, words: list[str], argv: list[str], env: dict | None) -> Run:
        environment = {
            key: value for key, value in os.environ.items() if key not in CALLER_SETTINGS
        }
        environment.update(env or {})
        done = subprocess.run(
            [*AXOS, *argv],
            capture_output=True,
            text=True,
            cwd=self.cwd,
            env=environment,
            timeout=120,
        )
        return Run(tuple(words), done.returncode, done.stdout, done.stderr)

    def _in_process(self, words: list[str], argv: list[str], env: dict | None) -> Run:
        from click.testing import CliRunner

        from axos_data.cli import main

        environment: dict[str, str | None] = dict.fromkeys(CALLER_SETTINGS)
        environment.update(env or {})
        runner = CliRunner()
        code = 0
        with contextlib.chdir(self.cwd), runner.isolation(env=environment) as (out, err, _):
            try:
                main(argv)
            except SystemExit as stop:
                if isinstance(stop.code, str):
                    print(stop.code, file=sys.stderr)
                code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
            except Exception:  # what the interpreter prints for an uncaught error
                traceback.print_exc(file=sys.stderr)
                code = 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
            stdout, stderr = _as_text(out.getvalue()), _as_text(err.getvalue())
        return Run(tuple(words), code, stdout, stderr)


# The caller's own settings a CLI run must not inherit.
CALLER_SETTINGS = ("AXOS_DB", "AXOS_USER", "AXOS_BUSY_TIMEOUT")


def _as_text(output: bytes) -> str:
    """Bytes as `subprocess.run(text=True)` gives them: UTF-8 with universal newlines."""
    return output.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


@pytest.fixture(scope="session")
def axos_on() -> type[Axos]:
    """`axos_on(db_path, cwd)`: the CLI on a given file (for module-scoped databases)."""
    return Axos


@pytest.fixture
def axos(tmp_path: Path) -> Axos:
    """The CLI on a file that does not exist yet."""
    return Axos(tmp_path / "cli.duckdb", tmp_path)


@pytest.fixture
def seeded_axos(tmp_path: Path, seeded_template) -> tuple[Axos, object]:
    """The CLI on a copy of the seeded database, and the seeded cast's ids."""
    template, cast = seeded_template
    path = tmp_path / "cli.duckdb"
    shutil.copyfile(template, path)
    return Axos(path, tmp_path), cast


ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
DEMO_ORDERS = 400


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """One demo database per test run; tests work on copies of it."""
    path = tmp_path_factory.mktemp("demo") / "template.duckdb"
    con = ax.connect(path)
    try:
        load_demo(con, DEMO_ORDERS, seed=7, progress=False)
    finally:
        con.close()
    return path


@pytest.fixture
def demo_db(demo_template, tmp_path) -> Path:
    path = tmp_path / "axos.duckdb"
    shutil.copy(demo_template, path)
    return path


@pytest.fixture
def app_context(demo_db):
    """The app's process-wide connection, on the test's database."""
    context.reset()
    ctx = context.configure(demo_db)
    yield ctx
    context.reset()


def load_notebook(name: str):
    path = pages.notebooks_dir() / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"notebook_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.app


def html_of(outputs) -> str:
    return "\n".join(getattr(o, "text", "") or "" for o in outputs if o is not None)


# --- the server --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env() -> dict[str, str]:
    """The environment for a server the test starts: no AXOS_* settings of the caller's, but
    the test's clock (AXOS_NOW), so the server and the test agree on what "now" is."""
    return {k: v for k, v in os.environ.items() if not k.startswith("AXOS_") or k == "AXOS_NOW"}


@dataclass
class AppServer:
    """`axos app` in a subprocess. With `password`, that password is set for `login_employee`
    (default 1, the demo's first admin) before the start, so the app requires logins."""

    db_path: Path
    port: int
    password: str | None = None
    login_employee: int = 1
    login_email: str | None = None
    process: subprocess.Popen | None = None
    log: Path | None = None
    extra_env: dict = field(default_factory=dict)
    extra_args: list = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> AppServer:
        env = server_env()
        env.update(self.extra_env)
        args = [
            sys.executable,
            "-c",
            "from axos_data.cli import main; main()",
            "--db",
            str(self.db_path),
            "app",
            "--port",
            str(self.port),
        ]
        if self.password:
            con = ax.connect(self.db_path)
            try:
                ax.set_password(con, self.login_employee, self.login_employee, self.password)
                self.login_email = con.execute(
                    "SELECT email FROM employees WHERE id = ?", [self.login_employee]
                ).fetchall()[0][0]
            finally:
                con.close()
        args += self.extra_args
        self.log = self.db_path.with_suffix(".log")
        self.process = subprocess.Popen(
            args, env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"axos app stopped: {self.log.read_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"axos app did not start: {self.log.read_text()}")

    def stop(self) -> None:
        """Stop the server (it holds the database file; tests read it afterwards)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


@pytest.fixture
def app_server(demo_db):
    server = AppServer(demo_db, free_port()).start()
    yield server
    server.stop()


# Debian's chromium (.ci/run installs it); never a browser that Playwright downloads.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    # A shared 2-core machine (and CI) can be slow to run a session's cells: wait longer than
    # Playwright's 5 s default before calling a page wrong.
    expect.set_options(timeout=20_000)

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context_ = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    page_ = context_.new_page()
    page_.set_default_timeout(20_000)
    yield page_
    context_.close()


def shot(page, name: str) -> None:
    """A screenshot of the whole page: marimo scrolls inside its own container, so the window
    is made as tall as that content for the picture."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    height = page.evaluate(
        "() => Math.max(document.body.scrollHeight, ...[...document.querySelectorAll("
        "'.overflow-y-auto')].map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": size["width"], "height": min(max(height, 600), 5000)})
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    page.set_viewport_size(size)
