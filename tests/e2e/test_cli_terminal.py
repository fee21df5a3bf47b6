"""Human CLI output shows control characters and bidi overrides escaped (a title cannot
retitle the terminal or reorder what is shown); --json keeps every stored string exact."""

from __future__ import annotations

import json

import pytest

import axos_data as ax
from axos_data.terminal import visible

# Retitles the window (OSC … BEL), clears the screen (CSI), a C1 CSI, DEL, a right-to-left
# override, an isolate, a line separator, a tab and a newline.
TITLE = "\x1b]0;pwned\x07Kantine\x1b[2J\x9b31m\x7f\u202egnirts\u2066x\u2069\u2028\tny\nlinje"
CUSTOMER = "Firma \x1b[31mRØD\x1b[0m AS \u202e"
COMMENT = "Ring kunden \x1b[1A\x1b[2Kslettet linje"
RAW_DANGER = ["\x1b", "\x07", "\x9b", "\x7f", "\u202e", "\u2066", "\u2069", "\u2028", "\t"]


@pytest.fixture
def hostile(seeded_axos):
    """An order whose texts hold escape sequences. The services refuse control characters
    now, so they are written the way an older version or a direct SQL import could have
    stored them: the CLI must still print them harmlessly."""
    cli, cast = seeded_axos
    con = ax.connect(cli.db_path)
    try:
        customer = ax.add_company(con, cast.admin, name="Firma", country="SE")
        order_no = ax.create_order(
            con, cast.admin, customer_id=customer, title="Tittel", our_contact_id=cast.user
        )
        line = ax.add_line(
            con,
            cast.admin,
            order_no,
            description="Linje",
            quantity="1",
            unit="stk",
            unit_price="-10",
            vat_rate=25,
        )
        ax.add_comment(con, cast.admin, order_no, "Kommentar")
        con.execute("UPDATE companies SET name = ? WHERE id = ?", [CUSTOMER, customer])
        con.execute("UPDATE orders SET title = ? WHERE order_no = ?", [TITLE, order_no])
        con.execute(
            "UPDATE order_lines SET description = ? WHERE id = ?", ["Linje\x1b[8m skjult", line]
        )
        con.execute(
            "UPDATE order_activity SET message = ? WHERE order_no = ? AND kind = 'comment'",
            [COMMENT, order_no],
        )
        ax.search.rebuild(con)
    finally:
        con.close()
    return cli, order_no


def assert_escaped(text: str) -> None:
    for char in RAW_DANGER:
        assert char not in text, f"raw {char!r} in output: {text!r}"


def test_order_show_prints_the_title_escaped(hostile):
    cli, order_no = hostile
    out = cli(f"order show {order_no}").out
    assert_escaped(out)
    assert f"Ordre {order_no}: {visible(TITLE)}" in out
    assert "\\x1b]0;pwned\\x07Kantine\\x1b[2J\\x9b31m\\x7f\\u202egnirts" in out
    assert "\\tny\\nlinje" in out  # a newline in a title cannot fake an extra output line
    assert "Firma \\x1b[31mRØD\\x1b[0m AS \\u202e" in out
    assert "Linje\\x1b[8m skjult" in out


@pytest.mark.parametrize(
    "command",
    ["order list", "order log {n}", "order history {n}", "check"],
)
def test_every_human_listing_escapes_what_the_data_holds(hostile, command):
    cli, order_no = hostile
    run = cli(command.format(n=order_no))
    assert run.returncode == 0, run.stderr
    assert_escaped(run.stdout)
    assert_escaped(run.stderr)


def test_the_log_shows_the_comment_escaped(hostile):
    cli, order_no = hostile
    assert visible(COMMENT) in cli(f"order log {order_no}").out


def test_an_error_line_echoing_user_input_is_escaped(hostile):
    cli, _ = hostile
    line = cli("order", "show", "12\x1b]0;x\x07").assert_user_error()
    assert_escaped(line)
    assert "\\x1b]0;x\\x07" in line
    comment = cli("order", "status", "10001", "\u202efakturert\x1b[0m").assert_user_error()
    assert_escaped(comment)
    assert "\\u202efakturert\\x1b[0m" in comment


def test_json_output_round_trips_to_the_exact_stored_strings(hostile):
    cli, order_no = hostile
    run = cli(f"order show {order_no} --json")
    assert run.returncode == 0, run.stderr
    assert "\x1b" not in run.stdout  # json.dumps writes C0 controls as \u001b
    shown = json.loads(run.stdout)
    assert shown["title"] == TITLE
    assert json.dumps(shown, ensure_ascii=False).count("\\u001b") >= 2
    log = cli(f"order log {order_no} --json").json()
    assert COMMENT in [entry["message"] for entry in log]
    listed = cli("order list --json").json()
    assert TITLE in [o["title"] for o in listed["orders"]]
