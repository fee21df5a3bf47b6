"""The reported bound cases through the real CLI: each refusal is one line on stderr, and
reads keep working afterwards."""

import os

import pytest

import axos_data as ax


@pytest.fixture
def cli(seeded_axos):
    axos, cast = seeded_axos
    con = ax.connect(axos.db_path)
    ax.create_order(con, cast.admin, customer_id=cast.customer, title="Åpen", our_contact_id=2)
    con.close()
    return axos


def test_the_overflow_line_is_refused_and_show_list_and_check_keep_working(cli):
    cli(
        "order line add 10001 --description X --unit stk --qty 70 --price 99999999999999.9999"
    ).assert_user_error("Enhetspris", "99999999999999.9999", "for stort")
    largest = "order line add 10001 --description X --unit stk --qty 100 --price 7999999999,9999"
    assert cli(largest).returncode == 0
    cli("order line add 10001 --description Y --unit stk --qty 1 --price 0,01").assert_user_error(
        "Totalsummen", "for stort"
    )
    assert "999 999 999 999,99" in cli("order show 10001").out.replace("\u00a0", " ")
    assert cli("--json order list").json()["total"] == 1
    assert cli("check").returncode == 0


def test_payment_terms_beyond_their_range_are_refused_in_one_line(cli):
    cli(
        "order create --customer 1 --title T --our-contact 2 --payment-terms 1000000000000"
    ).assert_user_error("Betalingsbetingelser", "1000000000000", "mellom 0 og 365")
    cli("order set 10001 --payment-terms -1").assert_user_error("-1", "365")


@pytest.mark.parametrize(
    ("options", "fragment"),
    [("--limit -1", "ikke -1"), ("--limit 0", "ikke 0"), ("--offset -5", "ikke -5")],
)
def test_limit_and_offset_outside_their_range_are_refused(cli, options, fragment):
    cli(f"order list {options}").assert_user_error(fragment)


def test_quantities_are_read_as_a_norwegian_user_writes_them(cli):
    base = "order line add 10001 --description X --unit stk --price 1"
    cli(f"{base} --qty 1_000").assert_user_error("«1_000» er ikke et tall")
    cli(f"{base} --qty 1e3").assert_user_error("«1e3»")
    assert cli(f"{base} --qty '1\u00a0000,5'").returncode == 0
    lines = cli("--json order show 10001").json()["lines"]
    assert [line["quantity"] for line in lines] == ["1000.500"]


def test_a_latin1_lines_file_is_read_and_a_binary_one_refused(cli):
    latin1 = cli.cwd / "linjer.csv"
    latin1.write_bytes(
        "description;quantity;unit;unit_price\nBlåbær;2;stk;49,90\n".encode("cp1252")
    )
    quote = "quote create --customer 1 --our-contact 2 --title T --lines"
    quote_id = cli(f"--json {quote} linjer.csv").json()["id"]
    detail = cli(f"--json quote show {quote_id}").json()
    assert [line["description"] for line in detail["lines"]] == ["Blåbær"]
    binary = cli.cwd / "bilde.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    cli(f"{quote} bilde.csv").assert_user_error("bilde.csv", "UTF-8", "Windows-1252")


def test_invalid_utf8_and_control_characters_on_the_command_line_are_refused(cli):
    cli("order", "comment", "10001", os.fsdecode(b"bad \xff byte")).assert_user_error(
        "Kommentar", "UTF-8"
    )
    cli("order", "set", "10001", "--title", "\x1b]0;pwned\x07").assert_user_error(
        "Tittel", "kontrolltegn"
    )
    cli("order", "set", "10001", "--title", "x" * 5000).assert_user_error(
        "Tittel", "5000 tegn", "høyst 200"
    )


def test_the_last_admin_is_kept(cli):
    cli("employee deactivate 1").assert_user_error("Kari Nordmann", "siste aktive")
    cli("employee role 1 user").assert_user_error("Kari Nordmann")
    assert cli("employee role 2 admin").returncode == 0
    assert cli("employee deactivate 1").returncode == 0
    cli("--as 2 employee role 2 user").assert_user_error("Ola Hansen")


def test_check_reports_values_an_older_version_stored_beyond_the_bounds(cli):
    con = ax.connect(cli.db_path)
    con.execute("UPDATE orders SET payment_terms_days = 100000")
    con.close()
    run = cli("check")
    assert run.returncode == 1
    assert "orders 10001 payment_terms_days: 100000" in run.stdout
