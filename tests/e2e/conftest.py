"""Running the real `axos` command in a subprocess against a temp database file."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

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
    """`axos --db FILE …` as a subprocess; `env` adds environment variables."""

    def __init__(self, db_path: Path, cwd: Path):
        self.db_path = db_path
        self.cwd = cwd

    def __call__(self, *args: object, env: dict[str, str] | None = None, db: bool = True) -> Run:
        """`axos("order", "show", 1)`, or one string split like a shell: `axos("order show 1")`."""
        if len(args) == 1 and isinstance(args[0], str):
            words = shlex.split(args[0])
        else:
            words = [str(a) for a in args]
        command = [*AXOS, *(["--db", str(self.db_path)] if db else []), *words]
        environment = {
            key: value
            for key, value in os.environ.items()
            if key not in ("AXOS_DB", "AXOS_USER", "AXOS_BUSY_TIMEOUT")
        }
        environment.update(env or {})
        done = subprocess.run(
            command, capture_output=True, text=True, cwd=self.cwd, env=environment, timeout=120
        )
        return Run(tuple(words), done.returncode, done.stdout, done.stderr)


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
