"""Every user error: exactly one line on stderr starting with "feil:", exit 1, no traceback."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import axos_data as ax

HOLDER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])
print("holding", flush=True)
sys.stdin.readline()
"""


@pytest.fixture(scope="module")
def locked_template(tmp_path_factory, seeded_template):
    """The seeded file plus order 10001 with one line, ready for invoicing (so locked)."""
    template, cast = seeded_template
    path = tmp_path_factory.mktemp("errors") / "locked.duckdb"
    shutil.copyfile(template, path)
    con = ax.connect(path)
    order_no = ax.create_order(
        con, cast.admin, customer_id=cast.customer, title="Låst", our_contact_id=cast.user
    )
    ax.add_line(con, cast.admin, order_no, product=cast.product_25, quantity=1)
    ax.change_status(con, cast.admin, order_no, "klar_til_fakturering")
    con.close()
    return path


@pytest.fixture
def cli(locked_template, tmp_path, axos_on):
    path = tmp_path / "cli.duckdb"
    shutil.copyfile(locked_template, path)
    return axos_on(path, tmp_path)


@pytest.mark.parametrize(
    ("command", "fragments"),
    [
        ("order list --bogus", ["--bogus"]),
        ("order frobnicate", ["frobnicate"]),
        ("order create --title X --our-contact 2", ["--customer"]),
        ("order show abc", ["abc"]),
        ("order show 99999", ["Ordre 99999 finnes ikke"]),
        ("company add --name Feil --orgnr 123456789", ["123456789", "Organisasjonsnummer"]),
        ("order status 10001 betalt", ["«Betalt»", "Tillatt herfra"]),
        ("order line add 10001 --product KONS-T --qty 1", ["10001", "låst"]),
        ("order create --customer 1 --title X --our-contact 2 --contact 2", ["Máret Sara"]),
        ("order create --customer 77 --title X --our-contact 2", ["Firma 77 finnes ikke"]),
        ("--as 999 order comment 10001 Hei", ["999"]),
        ("order list --sort price", ["price"]),
        ("order list --min-total 1.005", ["1.005"]),
        (
            "quote create --customer 1 --our-contact 2 --title T --lines nowhere.csv",
            ["nowhere.csv"],
        ),
        ("quote convert 42", ["42"]),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_user_errors_are_one_line_on_stderr(cli, command, fragments):
    cli(command).assert_user_error(*fragments)


def test_bad_numbers_in_a_new_order_line(cli):
    # An open order, made through the library to keep the test short.
    con = ax.connect(cli.db_path)
    order_no = ax.create_order(con, 1, customer_id=1, title="Åpen", our_contact_id=2)
    con.close()
    base = f"order line add {order_no} --description X --unit stk"
    cli(f"{base} --qty 0 --price 1").assert_user_error("Antall", "0")
    cli(f"{base} --qty 1 --price 1e30").assert_user_error("1e30", "ikke et tall")
    cli(f"{base} --qty 1 --price 10000000000").assert_user_error("10000000000", "for stort")
    cli(f"{base} --qty 1 --price 1 --discount 12.345").assert_user_error("12.345")


def test_a_database_without_an_admin(axos):
    axos("init")
    axos("order create --customer 1 --title X --our-contact 1").assert_user_error("administrator")


def test_an_unusable_database_path(axos, tmp_path):
    blocker = tmp_path / "fil"
    blocker.write_text("")
    run = axos("--db", blocker / "axos.duckdb", "order", "list", db=False)
    run.assert_user_error("axos.duckdb")


def test_a_database_held_by_another_process_gives_database_busy(cli):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(cli.db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        run = cli("order show 10001", env={"AXOS_BUSY_TIMEOUT": "0.3"})
        run.assert_user_error(str(cli.db_path), "i bruk av en annen prosess", "0.3 sekunder")
    finally:
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)


def test_axos_alone_shows_help(axos):
    run = axos(db=False)
    assert run.returncode == 0
    assert run.stdout.startswith("Usage: axos")
    assert run.stderr == ""


def test_the_installed_axos_script_runs(tmp_path):
    script = Path(sys.executable).with_name("axos")
    assert script.exists(), "run `uv sync` to install the axos command"
    done = subprocess.run(
        [str(script), "--db", str(tmp_path / "a.duckdb"), "order", "show", "1"],
        capture_output=True,
        text=True,
        env={**os.environ, "AXOS_BUSY_TIMEOUT": "5"},
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr == "feil: Ordre 1 finnes ikke.\n"
