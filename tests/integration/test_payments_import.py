"""Importing bank payments: identity, matching by KID, Betalt through the flow, one
transaction per file."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import axos_data as ax
from tests.conftest import table_snapshot
from tests.integration.payment_support import INVOICED_AT, invoiced_order, kid, write_csv

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(autouse=True)
def pinned(monkeypatch):
    monkeypatch.setenv("AXOS_NOW", INVOICED_AT)


def test_full_payment_moves_the_order_to_betalt_with_history_and_activity(
    con, seeded, tmp_path, invariants
):
    order_no = invoiced_order(con, seeded)
    file = write_csv(
        tmp_path / "bank.csv", [("03.12.2026", "12 500,00", kid(order_no), "Fjordtun", "")]
    )
    result = ax.import_payments(con, seeded.user, file)
    assert result.paid_orders == [order_no]
    assert (result.new, result.matched, result.differences, result.unmatched) == (1, 1, [], [])
    assert con.execute("SELECT status FROM orders WHERE order_no = ?", [order_no]).fetchall() == [
        ("betalt",)
    ]
    history = con.execute(
        "SELECT from_status, to_status, changed_by, note FROM order_status_history"
        " WHERE order_no = ? ORDER BY id DESC LIMIT 1",
        [order_no],
    ).fetchall()
    note = f"Betalt 12 500,00 (KID {kid(order_no)}) 03.12.2026"
    assert history[0][:3] == ("fakturert", "betalt", seeded.user)
    assert history[0][3].replace("\u00a0", " ") == note
    messages = [
        m.replace("\u00a0", " ")
        for (m,) in con.execute(
            "SELECT message FROM order_activity WHERE order_no = ? AND actor_id = ? ORDER BY id",
            [order_no, seeded.user],
        ).fetchall()
    ]
    assert f"Status endret fra «Fakturert» til «Betalt»: {note}" in messages
    assert f"Innbetaling 12 500,00 (KID {kid(order_no)}) 03.12.2026" in messages
    invariants(con)


def test_importing_the_same_file_twice_changes_nothing(con, seeded, tmp_path):
    paid, partial = invoiced_order(con, seeded), invoiced_order(con, seeded)
    rows = [
        ("03.12.2026", "12500,00", kid(paid), "Fjordtun", ""),
        ("03.12.2026", "100,00", kid(partial), "Fjordtun", "a conto"),
        ("03.12.2026", "100,00", kid(partial), "Fjordtun", "a conto"),  # same again: counts
        ("04.12.2026", "55,00", "12345678903", "Ukjent", ""),
    ]
    file = write_csv(tmp_path / "bank.csv", rows)
    first = ax.import_payments(con, seeded.admin, file)
    assert (first.new, first.matched, len(first.unmatched)) == (4, 3, 1)
    assert first.differences[0]["paid"] == Decimal("200.00")
    before = table_snapshot(con)
    again = ax.import_payments(con, seeded.admin, file)
    assert (again.new, again.already_imported, again.import_id) == (0, 4, None)
    assert table_snapshot(con) == before


def test_part_and_over_payments_are_recorded_and_listed_as_differences(con, seeded, tmp_path):
    part, over = invoiced_order(con, seeded), invoiced_order(con, seeded)
    file = write_csv(
        tmp_path / "bank.csv",
        [
            ("03.12.2026", "5000,00", kid(part), "Fjordtun", ""),
            ("03.12.2026", "13000,00", kid(over), "Fjordtun", ""),
        ],
    )
    result = ax.import_payments(con, seeded.admin, file)
    assert result.paid_orders == []
    kinds = {d["order_no"]: (d["kind"], d["difference"]) for d in result.differences}
    assert kinds == {
        part: ("delbetalt", Decimal("-7500.00")),
        over: ("overbetalt", Decimal("500.00")),
    }
    statuses = con.execute(
        "SELECT DISTINCT status FROM orders WHERE order_no IN (?, ?)", [part, over]
    ).fetchall()
    assert statuses == [("fakturert",)]
    listed = ax.views.payment_differences(con)
    assert sorted(listed["order_no"].to_list()) == sorted([part, over])
    # The rest arrives in a second file: now the part-paid order is paid in full.
    rest = write_csv(
        tmp_path / "bank2.csv", [("05.12.2026", "7 500,00", kid(part), "Fjordtun", "")]
    )
    assert ax.import_payments(con, seeded.admin, rest).paid_orders == [part]
    assert ax.views.payment_differences(con)["order_no"].to_list() == [over]


def test_unknown_kid_and_wrong_check_digit_land_in_the_unmatched_list(con, seeded, tmp_path):
    order_no = invoiced_order(con, seeded)
    wrong_digit = str(order_no) + str((int(kid(order_no)[-1]) + 1) % 10)
    file = write_csv(
        tmp_path / "bank.csv",
        [
            ("03.12.2026", "12500,00", wrong_digit, "Fjordtun", ""),
            ("03.12.2026", "10,00", kid(99999), "Noen", ""),
            ("03.12.2026", "20,00", "", "Uten KID", "gave"),
        ],
    )
    result = ax.import_payments(con, seeded.admin, file)
    assert (result.matched, len(result.unmatched), result.paid_orders) == (0, 3, [])
    unmatched = ax.views.payments(con, unmatched=True)
    assert sorted(unmatched["amount"].to_list()) == [
        Decimal("10.00"),
        Decimal("20.00"),
        Decimal("12500.00"),
    ]
    assert con.execute("SELECT status FROM orders WHERE order_no = ?", [order_no]).fetchall() == [
        ("fakturert",)
    ]


@pytest.mark.parametrize(
    ("row", "fragments"),
    [
        (("31.02.2026", "10,00", "", "", ""), ["linje 3", "31.02.2026"]),
        (("03.12.2026", "ti kroner", "", "", ""), ["linje 3", "ti kroner"]),
        (("03.12.2026", "-10,00", "", "", ""), ["linje 3", "større enn 0"]),
        (("03.12.2026", "10,001", "", "", ""), ["linje 3", "desimaler"]),
    ],
)
def test_a_file_with_one_bad_row_writes_nothing(con, seeded, tmp_path, row, fragments):
    order_no = invoiced_order(con, seeded)
    good = ("03.12.2026", "12500,00", kid(order_no), "Fjordtun", "")
    file = write_csv(tmp_path / "bank.csv", [good, row, good])
    before = table_snapshot(con)
    with pytest.raises(ax.InvalidPaymentFile) as caught:
        ax.import_payments(con, seeded.admin, file)
    for fragment in fragments:
        assert fragment in str(caught.value)
    assert table_snapshot(con) == before


def test_dry_run_reports_and_writes_nothing(con, seeded, tmp_path):
    order_no = invoiced_order(con, seeded)
    file = write_csv(tmp_path / "bank.csv", [("03.12.2026", "12500,00", kid(order_no), "", "")])
    before = table_snapshot(con)
    result = ax.import_payments(con, seeded.admin, file, dry_run=True)
    assert result.paid_orders == [order_no] and result.import_id is None
    assert table_snapshot(con) == before


def test_column_mapping_comma_separator_and_cp1252(con, seeded, tmp_path):
    order_no = invoiced_order(con, seeded)
    text = (
        "Bokført,Inn på konto,Referanse KID,Fra,Forklaring,Arkivref\n"
        f'03.12.2026,"12 500,00",{kid(order_no)},Ærlig Øystein Ås,Betaling,A-1\n'
    )
    file = tmp_path / "nettbank.csv"
    file.write_bytes(text.encode("cp1252"))
    result = ax.import_payments(
        con,
        seeded.admin,
        file,
        mapping="date=Bokført,amount=Inn på konto,kid=Referanse KID,payer=Fra,ref=Arkivref",
    )
    assert result.paid_orders == [order_no]
    stored = con.execute("SELECT payment_id, payer FROM payments").fetchall()
    assert stored == [("ref:A-1", "Ærlig Øystein Ås")]


def test_a_mapping_naming_a_missing_column_is_refused(con, seeded, tmp_path, refused):
    file = write_csv(tmp_path / "bank.csv", [("03.12.2026", "1,00", "", "", "")])
    with refused(ax.InvalidColumnMapping, "Bokført", "Dato, Beløp"):
        ax.import_payments(con, seeded.admin, file, mapping="date=Bokført")
    with refused(ax.InvalidColumnMapping, "belop"):
        ax.import_payments(con, seeded.admin, file, mapping="belop=Beløp")


def test_camt054_payments_are_matched(con, seeded, tmp_path, invariants):
    paid, partial = invoiced_order(con, seeded), invoiced_order(con, seeded)
    xml = (FIXTURES / "camt054_kid.xml").read_text(encoding="utf-8")
    xml = xml.replace("{KID1}", kid(paid)).replace("{KID2}", kid(partial))
    file = tmp_path / "camt054.xml"
    file.write_text(xml.replace("{KID3}", "000000000017"), encoding="utf-8")
    result = ax.import_payments(con, seeded.admin, file)
    assert result.file_format == "camt.054"
    assert (result.read, result.paid_orders) == (3, [paid])
    rows = con.execute(
        "SELECT payment_id, booked_on::VARCHAR, amount, kid, payer, text, order_no FROM payments"
        " ORDER BY payment_id"
    ).fetchall()
    assert rows == [
        (
            "ref:20261203-0001-01",
            "2026-12-03",
            Decimal("12500.00"),
            kid(paid),
            "FJORDTUN BYGG AS",
            None,
            paid,
        ),
        (
            "ref:20261203-0001-02",
            "2026-12-03",
            Decimal("5000.00"),
            kid(partial),
            "Čáhppes Sámi Design",
            None,
            partial,
        ),
        (
            "ref:20261204-0002",
            "2026-12-04",
            Decimal("990.00"),
            "000000000017",
            "Ukjent Betaler",
            "Faktura mars",
            None,
        ),
    ]
    before = table_snapshot(con)
    assert ax.import_payments(con, seeded.admin, file).new == 0
    assert table_snapshot(con) == before
    invariants(con)


HOSTILE = {
    "billion laughs": """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Document><BkToCstmrDbtCdtNtfctn>&lol3;</BkToCstmrDbtCdtNtfctn></Document>""",
    "external entity": """<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Document><BkToCstmrDbtCdtNtfctn>&xxe;</BkToCstmrDbtCdtNtfctn></Document>""",
    "external dtd": """<?xml version="1.0"?>
<!DOCTYPE Document SYSTEM "http://example.invalid/camt.dtd">
<Document><BkToCstmrDbtCdtNtfctn/></Document>""",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_xml_is_refused_before_any_entity_is_expanded(con, seeded, tmp_path, refused, name):
    file = tmp_path / "camt.xml"
    file.write_text(HOSTILE[name], encoding="utf-8")
    with refused(ax.UnsafeXml, "camt.xml, linje 2", "DTD"):
        ax.import_payments(con, seeded.admin, file)


def test_malformed_or_foreign_xml_names_the_place(con, seeded, tmp_path, refused):
    broken = tmp_path / "broken.xml"
    broken.write_text("<Document>\n<BkToCstmrDbtCdtNtfctn>\n</Document>", encoding="utf-8")
    with refused(ax.InvalidPaymentFile, "broken.xml, linje 3"):
        ax.import_payments(con, seeded.admin, broken)
    other = tmp_path / "pain.xml"
    other.write_text("<Document><CstmrCdtTrfInitn/></Document>", encoding="utf-8")
    with refused(ax.InvalidPaymentFile, "ikke en camt.054-fil"):
        ax.import_payments(con, seeded.admin, other)
    foreign = (FIXTURES / "camt054_kid.xml").read_text(encoding="utf-8")
    euro = tmp_path / "euro.xml"
    euro.write_text(foreign.replace('Ccy="NOK">5000.00', 'Ccy="EUR">5000.00'), encoding="utf-8")
    with refused(ax.InvalidPaymentFile, "Ntry 1/TxDtls 2", "EUR"):
        ax.import_payments(con, seeded.admin, euro)
