"""The CLI's error line is Norwegian also when click itself refuses the command line (a missing
argument, an unknown option or command, a value of the wrong type), and when the operating
system refuses a file: the English texts of click and of `strerror` never reach the user."""

from __future__ import annotations

import errno
import re

import pytest

from axos_data import cli, os_errors
from axos_data.cli.usage_nb import norwegian

ENGLISH = re.compile(
    r"Missing|No such|Invalid|unexpected|requires|does not|is not|Did you mean|valid|"
    r"directory|Error",
)


def _error_line(argv: list[str], capsys, tmp_path, monkeypatch) -> str:
    monkeypatch.setenv("AXOS_DB", str(tmp_path / "axos.duckdb"))
    with pytest.raises(SystemExit) as done:
        cli.main(argv)
    assert done.value.code == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["order", "show"], "feil: Mangler ORDER_NO."),
        (["order", "shw"], "feil: Ukjent kommando «shw». Mente du «show»? Se --help."),
        (["order", "list", "--bogus"], "feil: Ukjent valg «--bogus»."),
        (
            ["order", "list", "--limit", "x"],
            "feil: Ugyldig verdi for «--limit»: «x» er ikke et gyldig heltall.",
        ),
        (["order", "list", "--status"], "feil: Valget --status trenger en verdi."),
        (["export", "invoices"], "feil: Mangler valget --out-dir."),
        (["order", "show", "1", "2"], "feil: Uventet ekstra argument: 2."),
    ],
)
def test_click_refusals_are_norwegian(argv, expected, capsys, tmp_path, monkeypatch):
    line = _error_line(argv, capsys, tmp_path, monkeypatch)
    assert line == expected
    assert not ENGLISH.search(line), line


def test_a_file_the_system_refuses_is_explained_in_norwegian(capsys, tmp_path, monkeypatch):
    missing = tmp_path / "finnes-ikke.xml"
    line = _error_line(["export", "validate", str(missing)], capsys, tmp_path, monkeypatch)
    assert line.endswith(f"{missing}: finnes ikke.")
    assert "No such file" not in line


def test_an_unknown_message_is_kept_rather_than_lost():
    assert norwegian("Something click may say one day.") == "Something click may say one day."


def test_system_reasons():
    assert os_errors.reason(FileNotFoundError(errno.ENOENT, "No such file or directory")) == (
        "finnes ikke"
    )
    assert os_errors.reason(PermissionError(errno.EACCES, "Permission denied")) == "ingen tilgang"
    assert os_errors.reason(OSError(errno.ENOSPC, "No space left on device")) == "disken er full"
    assert os_errors.reason(OSError(9999, "Strange")) == "Strange"  # no mapping: the system's
