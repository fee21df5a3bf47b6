"""Orders from the command line: create, lines, groups, status, comments, log, show, list.

The order is built once through the CLI; each test works on its own copy of that file."""

import json
import re
import shutil
from dataclasses import dataclass

import pytest

import axos_data as ax

AMOUNT = re.compile(r"^-?\d+\.\d{2}$")


def no_floats(value) -> None:
    """Money and quantities travel as decimal strings; a float anywhere is a bug."""
    assert not isinstance(value, float), value
    if isinstance(value, dict):
        for item in value.values():
            no_floats(item)
    elif isinstance(value, list):
        for item in value:
            no_floats(item)


@dataclass
class Built:
    cli: object
    cast: object
    order_no: int
    groups: dict[str, int]
    lines: dict[str, int]


@pytest.fixture(scope="module")
def built_order(tmp_path_factory, seeded_template, axos_on):
    """A seeded file plus one order with two groups and three lines, all made with the CLI."""
    template, cast = seeded_template
    folder = tmp_path_factory.mktemp("cli-order")
    cli = axos_on(folder / "order.duckdb", folder)
    shutil.copyfile(template, cli.db_path)
    c = cast
    order_no = cli(
        f"order create --customer {c.customer} --title 'Nytt lager' --our-contact {c.user}"
        f" --contact {c.contact} --reference PO-77"
    ).out
    work = cli(f"order group add {order_no} --title Arbeid").out
    stuff = cli(f"order group add {order_no} --title Materiell --json").json()["id"]
    consult = cli(
        f"order line add {order_no} --product {c.product_25} --qty 2,5 --group {work}"
    ).out
    coffee = cli(f"order line add {order_no} --product {c.product_15} --qty 1.333 --group {stuff}")
    travel = cli(
        f"order line add {order_no} --description Reise --qty 1 --unit stk --price '1 499,99'"
        " --discount 10 --vat 12 --json"
    ).json()["id"]
    groups = {"work": int(work), "stuff": stuff}
    lines = {"consult": int(consult), "coffee": int(coffee.out), "travel": travel}
    return Built(cli, cast, int(order_no), groups, lines)


@pytest.fixture
def built(built_order, tmp_path, axos_on) -> Built:
    cli = axos_on(tmp_path / "order.duckdb", tmp_path)
    shutil.copyfile(built_order.cli.db_path, cli.db_path)
    return Built(cli, built_order.cast, built_order.order_no, built_order.groups, built_order.lines)


def test_order_create_prints_the_order_number(built):
    assert built.order_no == 10001
    second = built.cli(f"order create --customer 1 --title Neste --our-contact {built.cast.user}")
    assert second.out == "10002"


def test_order_show_json_shape(built):
    cast, groups, lines = built.cast, built.groups, built.lines
    shown = built.cli(f"order show {built.order_no} --json").json()
    no_floats(shown)
    assert shown["order_no"] == built.order_no
    assert (shown["title"], shown["status"]) == ("Nytt lager", "under_arbeid")
    assert shown["customer"] == {
        "id": cast.customer,
        "name": "Fjordtun Bygg AS",
        "orgnr": "988077917",
    }
    assert (shown["our_contact"]["id"], shown["our_contact"]["name"]) == (cast.user, "Ola Hansen")
    assert shown["customer_ref"] == "PO-77"
    assert shown["groups"] == [
        {"id": groups["work"], "title": "Arbeid", "position": 1, "subtotal": "3125.00"},
        {"id": groups["stuff"], "title": "Materiell", "position": 2, "subtotal": "253.14"},
    ]
    by_id = {line["id"]: line for line in shown["lines"]}
    assert set(by_id) == set(lines.values())
    keys = {"id", "group_id", "description", "quantity", "unit", "unit_price"}
    keys |= {"discount_pct", "vat_rate", "amount"}
    assert all(keys <= set(line) for line in shown["lines"])
    travel = by_id[lines["travel"]]
    assert travel["group_id"] is None
    assert (travel["description"], travel["unit"], travel["vat_rate"]) == ("Reise", "stk", 12)
    assert (travel["quantity"], travel["unit_price"]) == ("1.000", "1499.9900")
    assert (travel["discount_pct"], travel["amount"]) == ("10.00", "1349.99")  # 1349.991
    assert by_id[lines["consult"]]["group_id"] == groups["work"]
    assert by_id[lines["consult"]]["amount"] == "3125.00"
    assert shown["totals"] == {
        "net": "4728.13",
        "vat": [
            {"rate": 25, "base": "3125.00", "amount": "781.25"},
            {"rate": 15, "base": "253.14", "amount": "37.97"},
            {"rate": 12, "base": "1349.99", "amount": "162.00"},
        ],
        "vat_total": "981.22",
        "total": "5709.35",
    }
    assert all(AMOUNT.match(line["amount"]) for line in shown["lines"])


def test_order_show_for_people(built):
    text = built.cli(f"order show {built.order_no}").out
    assert "Ordre 10001: Nytt lager" in text
    assert "Delsum Arbeid: 3\u00a0125,00" in text
    assert "MVA 25 % av 3\u00a0125,00: 781,25" in text


def test_line_set_remove_and_move(built):
    cli, order_no, groups, lines = built.cli, built.order_no, built.groups, built.lines
    changed = cli(f"order line set {order_no} {lines['coffee']} --qty 2 --discount 5 --json").json()
    assert changed == {"id": lines["coffee"], "changed": ["discount_pct", "quantity"]}
    moved = cli(f"order line set {order_no} {lines['travel']} --group {groups['stuff']}").out
    assert moved.endswith("(flyttet)")
    removed = cli(f"order line remove {order_no} {lines['consult']}").out
    assert removed == f"Linje {lines['consult']} fjernet"
    shown = cli(f"order show {order_no} --json").json()
    assert [line["id"] for line in shown["lines"]] == [lines["coffee"], lines["travel"]]
    assert [g["subtotal"] for g in shown["groups"]] == ["0.00", "1710.80"]  # 360.81 + 1349.99
    assert shown["totals"]["net"] == "1710.80"


def test_status_comment_log_history_and_lock(built):
    cli, cast, order_no = built.cli, built.cast, built.order_no
    moved = cli(
        f"--as {cast.user} order status {order_no} klar_til_fakturering --note Ferdig --json"
    ).json()
    assert moved == {"order_no": order_no, "from": "under_arbeid", "to": "klar_til_fakturering"}
    assert cli(f"order comment {order_no} 'Sendt til regnskap'").out == "Kommentar lagret"
    log = cli(f"order log {order_no} --json").json()
    assert [entry["kind"] for entry in log] == [
        "created",
        "group_added",
        "group_added",
        "line_added",
        "line_added",
        "line_added",
        "status_changed",
        "comment",
    ]
    assert (log[-1]["message"], log[-1]["actor"]) == ("Sendt til regnskap", "Kari Nordmann")
    assert log[-2]["actor"] == "Ola Hansen"
    history = cli(f"order history {order_no} --json").json()
    assert [(h["from"], h["to"], h["note"]) for h in history] == [
        (None, "under_arbeid", None),
        ("under_arbeid", "klar_til_fakturering", "Ferdig"),
    ]
    locked = cli(f"order line set {order_no} {built.lines['travel']} --price 1")
    locked.assert_user_error(str(order_no), "låst")


def test_order_list_json_with_filters(built):
    cli, cast = built.cli, built.cast
    con = ax.connect(cli.db_path)
    other = ax.create_order(
        con,
        cast.admin,
        customer_id=cast.other_customer,
        title="Logo",
        our_contact_id=cast.admin,
        order_date="2026-02-10",
    )
    ax.add_line(con, cast.admin, other, product=cast.product_0, quantity=2)
    con.close()
    everything = cli("order list --json").json()
    no_floats(everything)
    assert (everything["total"], everything["total_sum"]) == (2, "6407.35")
    assert [o["order_no"] for o in everything["orders"]] == [other, built.order_no]
    assert {"order_no", "title", "status", "customer_name", "total"} <= set(everything["orders"][0])
    assert everything["orders"][0]["total"] == "698.00"
    filtered = cli(
        f"--json order list --customer {cast.other_customer} --from 2026-02-01 --to 2026-02-28"
        f" --min-total 100 --max-total 698 --search LOGO --status under_arbeid --sort total"
        f" --our-contact {cast.admin}"
    ).json()
    assert (filtered["total"], [o["order_no"] for o in filtered["orders"]]) == (1, [other])
    paged = cli("order list --json --sort order_no --limit 1 --offset 1").json()
    assert (paged["total"], [o["order_no"] for o in paged["orders"]]) == (2, [other])
    human = cli("order list --category open").out
    assert "2 av 2 ordrer" in human
    assert "Logo" in human


@pytest.mark.parametrize("typed", ["%", "_", "'", " - "])
def test_order_list_search_of_punctuation_only_lists_no_order(built, typed):
    assert built.cli("--json", "order", "list").json()["total"] == 1
    found = built.cli("--json", "order", "list", "--search", typed).json()
    assert (found["total"], found["orders"]) == (0, [])
    human = built.cli("order", "list", "--search", typed).out
    assert f"Søket «{typed.strip()}» har ingen bokstaver eller tall" in human
    assert str(built.order_no) not in human


def test_check_reports_consistent_totals_and_fails_on_a_mismatch(built):
    sound = built.cli("check --json").json()
    assert (sound["orders"], sound["ok"], sound["problems"], sound["mismatches"]) == (
        1,
        True,
        [],
        [],
    )
    assert sound["checks"] == [c.name for c in ax.views.CHECKS]
    con = ax.connect(built.cli.db_path)
    con.execute("UPDATE orders SET total = total + 1 WHERE order_no = ?", [built.order_no])
    con.close()
    broken = built.cli("check")
    assert broken.returncode == 1
    assert "1 ordrer kontrollert, 1 avvik" in broken.stdout
    assert f"Ordre {built.order_no}: lagret total" in broken.stdout
    as_json = built.cli("check --json")
    assert as_json.returncode == 1
    (problem,) = json.loads(as_json.stdout)["problems"]
    assert (problem["check"], problem["order_no"]) == ("totals", built.order_no)


def test_check_names_a_stale_search_index_and_a_history_row_without_activity(built):
    con = ax.connect(built.cli.db_path)
    con.execute("UPDATE orders SET title = 'Omdøpt' WHERE order_no = ?", [built.order_no])
    con.execute(
        "INSERT INTO order_status_history (order_no, from_status, to_status, changed_at,"
        " changed_by) VALUES (?, 'under_arbeid', 'under_arbeid', now(), 1)",
        [built.order_no],
    )
    con.close()
    broken = built.cli("check")
    assert broken.returncode == 1
    assert "FEIL Søkeindeksen i takt med ordrene" in broken.stdout
    assert "FEIL Statushistorikk og aktivitetslogg for hver endring" in broken.stdout
    assert "OK   Lagrede summer stemmer med linjene" in broken.stdout
    only = built.cli("check --only totals --json")
    assert (only.returncode, only.json()["problems"]) == (0, [])


def test_line_change_is_logged_with_norwegian_labels_and_numbers(built):
    cli, order_no, travel = built.cli, built.order_no, built.lines["travel"]
    assert cli(f"order line set {order_no} {travel} --qty 2 --price '1 500,5' --discount 5").out
    expected = (
        "Endret linje «Reise»: Antall 1 → 2, Enhetspris 1\u00a0499,99 → 1\u00a0500,50,"
        " Rabatt 10\u00a0% → 5\u00a0%"
    )
    assert cli(f"order log {order_no} --json").json()[-1]["message"] == expected
    human = cli(f"order log {order_no}").out
    assert "Antall 1 → 2" in human
    assert "quantity" not in human and "unit_price" not in human and "1.000" not in human


def test_header_change_is_logged_with_norwegian_labels(built):
    cli, order_no = built.cli, built.order_no
    assert cli(f"order set {order_no} --delivery-date 15.03.2031 --title 'Nytt lager B'").out
    message = cli(f"order log {order_no} --json").json()[-1]["message"]
    assert message.startswith("Endret ordrehodet: ")
    assert "Tittel «Nytt lager» → «Nytt lager B»" in message
    assert "Leveringsdato (tom) → 15.03.2031" in message


def test_refused_status_names_statuses_by_label_and_a_label_is_accepted(built):
    cli, cast, order_no = built.cli, built.cast, built.order_no
    refused = cli(f"--as {cast.user} order status {order_no} fakturert")
    line = refused.assert_user_error("Tillatt herfra: Klar til fakturering, Kansellert.")
    assert "klar_til_fakturering" not in line
    moved = cli(f"--as {cast.user} order status {order_no} 'Klar til fakturering' --json").json()
    assert moved == {"order_no": order_no, "from": "under_arbeid", "to": "klar_til_fakturering"}


def test_reopening_a_cancelled_order_needs_a_note(built):
    cli, cast, order_no = built.cli, built.cast, built.order_no
    assert cli(f"--as {cast.user} order status {order_no} kansellert").out == (
        f"Ordre {order_no}: Under arbeid → Kansellert"
    )
    cli(f"--as {cast.admin} order status {order_no} under_arbeid").assert_user_error(
        "«Kansellert»", "endelig", "hvorfor"
    )
    reopened = cli(f"--as {cast.admin} order status {order_no} under_arbeid --note 'Kunden angret'")
    assert reopened.out == f"Ordre {order_no}: Kansellert → Under arbeid"
    history = cli(f"order history {order_no} --json").json()
    assert (history[-1]["to"], history[-1]["note"]) == ("under_arbeid", "Kunden angret")


def test_dates_are_read_as_typed_and_refused_as_typed(built):
    cli, cast = built.cli, built.cast
    created = cli(
        f"order create --customer {cast.customer} --title Datotest --our-contact {cast.user}"
        " --order-date 01.02.2031 --delivery-date 2031-02-15"
    ).out
    header = cli(f"order show {created} --json").json()
    assert (header["order_date"], header["delivery_date"]) == ("2031-02-01", "2031-02-15")
    refused = cli(
        f"order create --customer {cast.customer} --title Datotest --our-contact {cast.user}"
        " --delivery-date 31.02.2031"
    )
    line = refused.assert_user_error("«31.02.2031»", "dd.mm.åååå")
    assert "2031-02-31" not in line
