"""«Purring» on the finance page: the overdue orders are listed, «Send purring» reminds the
chosen ones through the library (Purret, one PDF each, offered as a zip), and a refusal keeps
the form's input and changes nothing."""

from __future__ import annotations

import io
import zipfile

import pytest

import axos_data as ax
from axos_data.app import dunning_forms, finance_page
from tests.conftest import table_snapshot
from tests.integration.payment_support import INVOICED_AT, invoiced_order


@pytest.fixture
def overdue(con, seeded, monkeypatch):
    """Two orders invoiced 20.11.2026 (due 04.12.2026) and one still being worked on; the
    clock then stands at 15.12.2026."""
    monkeypatch.setenv("AXOS_NOW", INVOICED_AT)
    first, second = invoiced_order(con, seeded), invoiced_order(con, seeded)
    monkeypatch.setenv("AXOS_NOW", "2026-12-15T09:00:00")
    return first, second


def _desk(con, seeded) -> finance_page.FinanceDesk:
    desk = finance_page.FinanceDesk(con, seeded.user)
    bumps: list[str] = []
    desk.connect(
        lambda _f: bumps.append("data"),
        lambda _f: bumps.append("export"),
        dunning=lambda _f: bumps.append("dunning"),
    )
    desk.bumps = bumps
    return desk


def _values(**over) -> dict:
    return {"choice": ["Alle forfalte"], "order_nos": "", "new_due": "", **over}


def test_the_overdue_orders_are_listed_with_what_is_left(con, seeded, overdue):
    text = dunning_forms.overdue_section(con).text
    for order_no in overdue:
        assert f"?order={order_no}" in text
    assert "12\xa0500,00" in text and "Dager over" in text


def test_send_reminders_for_all_overdue_moves_them_and_offers_the_pdfs(con, seeded, overdue):
    desk = _desk(con, seeded)
    form = dunning_forms.remind_form(desk)
    # As marimo submits it: the write runs in validate, None lets the submit through.
    assert form.validate(_values(new_due="05.01.2027")) is None
    for order_no in overdue:
        assert ax.views.order_detail(con, order_no).header["status"] == "purret"
    assert ax.views.overdue_orders(con).height == 0  # the new due date is ahead


def test_the_outcome_names_the_orders_and_the_zip_holds_one_pdf_each(con, seeded, overdue):
    desk = _desk(con, seeded)
    first, second = overdue
    outcome = dunning_forms.send_reminders(desk, _values(choice="listed", order_nos=f"{first}"))
    desk.finish(outcome, dunning_forms.AREA)
    assert outcome.ok and "Purring sendt for 1 ordrer" in outcome.text
    assert "29.12.2026" in outcome.text  # 14 days after 15.12.2026
    assert desk.bumps == ["dunning", "data"]  # only this form is rebuilt
    with zipfile.ZipFile(io.BytesIO(desk.zip_data)) as archive:
        names = archive.namelist()
        assert names == [f"purring-{first}-1.pdf"]
        assert archive.read(names[0]).startswith(b"%PDF")
    shown = dunning_forms.remind_outcome(desk).text
    assert "Purring sendt" in shown and desk.zip_name in shown
    assert finance_page.export_outcome(desk).text == ""  # not under the export form
    assert ax.views.order_detail(con, second).header["status"] == "fakturert"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"choice": ["Ordrenumrene under"], "order_nos": "12x"}, "«12x» er ikke et ordrenummer"),
        ({"choice": ["Ordrenumrene under"], "order_nos": " "}, "minst ett ordrenummer"),
        ({"new_due": "01.12.2026"}, "må være etter i dag"),
        ({"new_due": "31.02.2027"}, "31.02.2027"),
    ],
)
def test_a_refusal_keeps_the_input_and_changes_nothing(con, seeded, overdue, values, message):
    desk = _desk(con, seeded)
    before = table_snapshot(con)
    form = dunning_forms.remind_form(desk)
    refused = form.validate(_values(**values))
    assert refused is not None and message in refused
    assert table_snapshot(con) == before
    assert desk.bumps == [] and desk.zip_data == b""


def test_an_order_not_yet_due_is_refused_by_the_library(con, seeded, overdue, new_order):
    desk = _desk(con, seeded)
    open_order = new_order()
    outcome = dunning_forms.send_reminders(
        desk, _values(choice="listed", order_nos=f"{overdue[0]} {open_order}")
    )
    assert not outcome.ok and str(open_order) in outcome.text
    assert ax.views.order_detail(con, overdue[0]).header["status"] == "fakturert"


def test_nothing_overdue_is_said_plainly(con, seeded):
    desk = _desk(con, seeded)
    outcome = dunning_forms.send_reminders(desk, {"choice": "all"})
    assert not outcome.ok and "Ingen ordrer har passert forfall" in outcome.text
    assert "Ingen fakturerte ordrer har passert forfall" in dunning_forms.overdue_section(con).text
