"""Overdue orders, ageing, and reminders (Purret + the Purring PDF), on a pinned clock."""

from __future__ import annotations

import datetime as dt
import subprocess
from decimal import Decimal

import pytest

import axos_data as ax
from tests.conftest import table_snapshot
from tests.integration.payment_support import INVOICED_AT, invoiced_order, kid, write_csv


@pytest.fixture
def orders(con, seeded, monkeypatch, tmp_path):
    """Three orders invoiced on 20.11.2026 with 14 days' terms (due 04.12.2026); one of them
    part-paid with 5 000,00. The clock then moves to 15.12.2026: 11 days overdue."""
    monkeypatch.setenv("AXOS_NOW", INVOICED_AT)
    first, second, third = (invoiced_order(con, seeded) for _ in range(3))
    file = write_csv(tmp_path / "bank.csv", [("01.12.2026", "5000,00", kid(second), "", "")])
    ax.import_payments(con, seeded.admin, file)
    monkeypatch.setenv("AXOS_NOW", "2026-12-15T09:00:00")
    return first, second, third


def test_overdue_lists_days_past_the_due_date(con, seeded, orders, monkeypatch):
    first, second, third = orders
    overdue = ax.views.overdue_orders(con)
    assert overdue["order_no"].to_list() == [first, second, third]
    row = overdue.filter(overdue["order_no"] == second).to_dicts()[0]
    assert row["invoiced_on"] == dt.date(2026, 11, 20)
    assert row["due_date"] == dt.date(2026, 12, 4)
    assert row["days_overdue"] == 11
    assert (row["total"], row["paid"], row["outstanding"]) == (
        Decimal("12500.00"),
        Decimal("5000.00"),
        Decimal("7500.00"),
    )
    monkeypatch.setenv("AXOS_NOW", "2026-12-04T23:00:00")  # the due date itself: not overdue
    assert ax.views.overdue_orders(con).height == 0


def test_ageing_and_summary(con, seeded, orders, monkeypatch):
    ageing = ax.views.receivables_ageing(con).to_dicts()
    assert [(r["bucket"], r["status"], r["orders"], r["outstanding"]) for r in ageing] == [
        ("15–30 dager", "fakturert", 3, Decimal("32500.00"))
    ]
    monkeypatch.setenv("AXOS_NOW", "2026-12-04T09:00:00")
    assert ax.views.receivables_ageing(con)["bucket"].to_list() == ["0–14 dager"]
    monkeypatch.setenv("AXOS_NOW", "2027-01-20T09:00:00")
    assert ax.views.receivables_ageing(con)["bucket"].to_list() == ["over 60 dager"]
    summary = ax.views.receivables_summary(con).to_dicts()
    assert [(r["status"], r["orders"], r["paid"]) for r in summary] == [
        ("fakturert", 3, Decimal("5000.00"))
    ]


def test_remind_moves_to_purret_and_renders_the_purring(con, seeded, orders, tmp_path, invariants):
    _first, second, _third = orders
    out = tmp_path / "purringer"
    result = ax.remind_orders(con, seeded.user, [second], out)
    assert result.moved == [second]
    assert result.new_due == dt.date(2026, 12, 29)  # today + 14 days
    pdf = out / f"purring-{second}-1.pdf"
    assert result.files == [str(pdf)]
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.replace("\u00a0", " ")
    for fragment in (
        "Purring",
        "Fjordtun Bygg AS",
        "12 500,00",
        "5 000,00",
        "7 500,00",
        "29.12.2026",
        "04.12.2026",
        kid(second),
        "1234 56 78903",
    ):
        assert fragment in text, fragment
    assert con.execute("SELECT status FROM orders WHERE order_no = ?", [second]).fetchall() == [
        ("purret",)
    ]
    history = con.execute(
        "SELECT from_status, to_status, changed_by FROM order_status_history"
        " WHERE order_no = ? ORDER BY id DESC LIMIT 1",
        [second],
    ).fetchall()
    assert history == [("fakturert", "purret", seeded.user)]
    # The new due date is the order's due date now: not overdue until after 29.12.
    assert second not in ax.views.overdue_orders(con)["order_no"].to_list()
    invariants(con)


def test_reminded_order_paid_in_full_moves_from_purret_to_betalt(
    con, seeded, orders, tmp_path, invariants
):
    _, second, _ = orders
    ax.remind_orders(con, seeded.admin, [second], tmp_path, new_due="2027-01-05")
    rest = write_csv(tmp_path / "rest.csv", [("20.12.2026", "7500,00", kid(second), "", "")])
    assert ax.import_payments(con, seeded.admin, rest).paid_orders == [second]
    assert ax.views.receivables_summary(con).filter(
        ax.views.receivables_summary(con)["status"] == "betalt"
    )["orders"].to_list() == [1]
    invariants(con)


def test_a_second_reminder_keeps_purret_and_counts(con, seeded, orders, tmp_path, monkeypatch):
    first = orders[0]
    ax.remind_orders(con, seeded.admin, [first], tmp_path)
    monkeypatch.setenv("AXOS_NOW", "2027-01-10T09:00:00")
    result = ax.remind_orders(con, seeded.admin, [first], tmp_path)
    assert (result.moved, result.reminded) == ([], [first])
    assert (tmp_path / f"purring-{first}-2.pdf").exists()


def test_refused_reminders_write_nothing(con, seeded, orders, tmp_path, refused, monkeypatch):
    first, _second, third = orders
    open_order = ax.create_order(
        con, seeded.admin, customer_id=seeded.customer, title="Ny", our_contact_id=seeded.user
    )
    out = tmp_path / "ut"
    with refused(ax.ReminderNotAllowed, f"Ordre {open_order}", "Under arbeid"):
        ax.remind_orders(con, seeded.admin, [first, open_order], out)
    with refused(ax.InvalidDate, "15.12.2026"):
        ax.remind_orders(con, seeded.admin, [first], out, new_due="2026-12-15")
    monkeypatch.setenv("AXOS_NOW", "2026-12-01T09:00:00")
    with refused(ax.ReminderNotAllowed, "ikke forfalt", "04.12.2026"):
        ax.remind_orders(con, seeded.admin, [third], out)
    assert not out.exists() or list(out.iterdir()) == []


def test_a_failed_transaction_removes_the_files_it_wrote(con, seeded, orders, tmp_path):
    first = orders[0]
    # A required custom field blocks the move to Purret (an invoiced status) at write time.
    ax.define_custom_field(
        con,
        seeded.admin,
        key="prosjektkode",
        label="Prosjektkode",
        field_type="text",
        required=True,
    )
    before = table_snapshot(con)
    with pytest.raises(ax.RequiredFieldMissing):
        ax.remind_orders(con, seeded.admin, [first], tmp_path / "ut")
    assert list((tmp_path / "ut").iterdir()) == []
    assert table_snapshot(con) == before


@pytest.mark.breaks_invariants
def test_integrity_names_a_payment_of_a_missing_order(con, seeded, orders):
    con.execute("UPDATE payments SET order_no = 999999")
    found = ax.views.check(con)
    assert [(p.check, p.order_no) for p in found] == [("payments", 999999)]
