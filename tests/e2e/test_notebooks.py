"""Each notebook runs headless against a small demo database and produces its main outputs."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest

import axos_data as ax
from axos_data import services, views
from axos_data.app import header_tools, line_tools, order_desk, status_tools

from .conftest import DEMO_ORDERS, html_of, load_notebook


def _order_in(con, status: str) -> int:
    page = views.order_list(con, views.OrderFilter(statuses=[status]), limit=1)
    return page.rows["order_no"][0]


def test_order_list_pages_the_whole_database(app_context):
    outputs, defs = load_notebook("ordrer").run()
    result = defs["result"]
    assert result.error is None
    assert result.page.total_count == DEMO_ORDERS
    assert result.page.rows.height == 50
    html = html_of(outputs)
    assert "axos-orders" in html and "Ordrenr." in html
    assert f"/ordre/?order={result.page.rows['order_no'][0]}" in html


def test_order_list_restores_filters_from_the_url(app_context):
    con = app_context.cursor()
    expected = views.order_list(
        con, views.OrderFilter(statuses=["under_arbeid"], search="kurs"), sort="-total"
    )
    start = {"q": ["kurs"], "status": ["under_arbeid"], "sort": ["-total"], "size": ["25"]}
    outputs, defs = load_notebook("ordrer").run(defs={"start": start})
    page = defs["result"].page
    assert page.total_count == expected.total_count
    assert page.total_sum == expected.total_sum
    assert page.rows["order_no"].to_list() == expected.rows["order_no"].to_list()[:25]
    assert "Totalt" in html_of(outputs)


def test_order_list_shows_a_bad_filter_as_a_message(app_context):
    outputs, defs = load_notebook("ordrer").run(defs={"start": {"min": ["mange"]}})
    assert defs["result"].error is not None
    assert "er ikke et tall" in html_of(outputs)
    assert "Traceback" not in html_of(outputs)


def test_order_page_shows_lines_vat_and_timeline(app_context):
    con = app_context.cursor()
    number = _order_in(con, "under_arbeid")
    outputs, defs = load_notebook("ordre").run(defs={"order_no": str(number)})
    view = defs["desk"].view
    assert view.order_no == number
    html = html_of(outputs)
    detail = views.order_detail(con, number)
    assert ax.money.format_nok(detail.totals.total) in html
    for text in ("Ordrelinjer", "Sum og MVA", "Aktivitetslogg", "Statushistorikk"):
        assert text in html
    assert {key for key, _ in view.allowed} == {"klar_til_fakturering", "kansellert"}


def test_order_page_for_a_missing_order_says_so(app_context):
    outputs, defs = load_notebook("ordre").run(defs={"order_no": "99999999"})
    assert "desk" not in defs or defs.get("desk") is None
    assert "finnes ikke" in html_of(outputs)


def test_new_order_notebook_previews_a_quote(app_context):
    con = app_context.cursor()
    quote = views.quotes(con, ["accepted"], limit=1)["id"][0]
    outputs, defs = load_notebook("ny_ordre").run(defs={"wanted_quote": str(quote)})
    assert defs["quote"].value == quote
    assert f"Tilbud {quote}" in html_of(outputs)


@pytest.mark.parametrize(
    ("name", "kind", "column"),
    [
        ("firma", "customer", "customer_id"),
        ("kontakt", "contact", "contact_id"),
        ("ansatt", "employee", "our_contact_id"),
        ("prosjekt", "project", "project_id"),
    ],
)
def test_overviews_show_figures_chart_and_orders(app_context, name, kind, column):
    con = app_context.cursor()
    record = views.order_list(con, limit=1000).rows.filter(
        ~views.order_list(con, limit=1000).rows[column].is_null()
    )[column][0]
    outputs, defs = load_notebook("oversikt").run(
        defs={"start": {"id": [str(record)]}, "KIND": kind}
    )
    overview = defs["overview"]
    expected = views.overview(con, kind, record)
    assert overview.summary == expected.summary
    assert defs["result"].page.total_count == expected.summary["order_count"]
    html = html_of(outputs)
    assert "Per status" in html and "Åpen verdi" in html
    assert ax.money.format_nok(expected.summary["total_sum"]) in html
    assert f'is-active" href="/{name}/"' in html  # the menu marks this kind's page


class Recorder:
    """The page's state setters, recorded: which cells a write would re-run."""

    def __init__(self, desk):
        self.shown = 0
        self.rebuilt: list[str] = []
        desk.connect(self.show, **{name: self.setter(name) for name in order_desk.BASES})

    def show(self, _update) -> None:
        self.shown += 1

    def setter(self, name):
        return lambda _value: self.rebuilt.append(name)


def _open(con, actor, number) -> order_desk.OrderDesk:
    return order_desk.OrderDesk.open(con, actor, str(number))


FREE_LINE = {
    "product": None,
    "description": "X",
    "quantity": "1",
    "unit": "stk",
    "unit_price": "10",
    "discount_pct": "0",
    "vat_code": "standard",
    "group_id": None,
}


def test_actions_report_library_errors_as_messages(app_context):
    """A refused write (locked order, stale version) comes back as the library's message."""
    con = app_context.cursor()
    actor = app_context.actor.id
    locked = _open(con, actor, _order_in(con, "fakturert"))
    recorder = Recorder(locked)
    # A form's write returns its outcome: a refusal stays in the form (marimo's validate
    # shows outcome.text there); only a success reports and reloads, through finish.
    refused = line_tools.add_line(locked, FREE_LINE)
    assert not refused.ok and "låst" in refused.text and recorder.shown == 0

    number = _order_in(con, "under_arbeid")
    stale = _open(con, actor, number)
    recorder = Recorder(stale)
    ax.add_comment(con, actor, number, "bumps nothing")
    ax.update_order(con, actor, number, title="Endret av en annen")
    refused = line_tools.add_line(stale, {**FREE_LINE, "description": "Y"})
    assert not refused.ok and "endret av noen andre" in refused.text
    stale.finish("comment", status_tools.comment(stale, "Hei"))
    assert recorder.shown == 1, "a comment does not need the version"
    assert "Kommentaren er lagt til" in stale.outcome("comment").text
    assert stale.outcome("lines").text == ""  # shown beside the comment form only


def test_a_write_rebuilds_only_the_forms_whose_basis_changed(app_context):
    """A new line re-runs the data cells and the line chooser, never the header, group or
    status forms (which keep what the user typed); a header save rebuilds only the header."""
    con = app_context.cursor()
    actor = app_context.actor.id
    desk = _open(con, actor, _order_in(con, "under_arbeid"))
    recorder = Recorder(desk)
    desk.finish("lines", line_tools.add_line(desk, FREE_LINE))
    assert recorder.shown == 1 and recorder.rebuilt == ["lines"]
    recorder.rebuilt.clear()
    desk.finish(
        "header", header_tools.save_header(desk, {**_header_values(desk), "title": "Ny tittel"})
    )
    assert recorder.rebuilt == ["header"]
    assert desk.view.header["title"] == "Ny tittel"


def _header_values(desk) -> dict:
    h = desk.view.header
    return {
        "title": h["title"],
        "contact_id": h["contact_id"],
        "our_contact_id": h["our_contact_id"],
        "project_id": h["project_id"],
        "order_date": h["order_date"].isoformat(),
        "delivery_date": h["delivery_date"].isoformat() if h["delivery_date"] else None,
        "customer_ref": h["customer_ref"] or "",
        "payment_terms_days": h["payment_terms_days"],
        "invoice_method": h["invoice_method"],
    }


def test_actions_add_change_and_reorder_lines(app_context):
    con = app_context.cursor()
    actor = app_context.actor.id
    number = _order_in(con, "under_arbeid")
    desk = _open(con, actor, number)
    Recorder(desk)

    added_line = line_tools.add_line(
        desk,
        {
            "product": None,
            "description": "Ekstra",
            "quantity": "3",
            "unit": "t",
            "unit_price": "1 000,50",
            "discount_pct": "10",
            "vat_code": "standard",
            "group_id": None,
        },
    )
    assert added_line.ok, added_line.text
    desk.finish("lines", added_line)
    lines = desk.view.detail.lines
    added = lines.filter(lines["description"] == "Ekstra").row(0, named=True)
    assert added["amount"] == Decimal("2701.35")
    changed = line_tools.update_line(
        desk,
        added["id"],
        {
            "description": "Ekstra arbeid",
            "quantity": "4",
            "unit": "t",
            "unit_price": "1000,50",
            "discount_pct": "10",
            "vat_code": "standard",
        },
    )
    assert changed.ok and changed.text == "Linjen er endret.", changed.text
    desk.finish("line", changed)
    # The form's VAT choice is a code: choosing export makes the line 0 % for that reason.
    exported = line_tools.update_line(desk, added["id"], {"vat_code": "eksport"})
    assert exported.ok, exported.text
    desk.finish("line", exported)
    again = desk.view.detail.lines.filter(pl.col("id") == added["id"]).row(0, named=True)
    assert (again["vat_rate"], again["vat_code"]) == (0, "eksport")
    line_tools.shift(desk, added["id"], -1)
    assert desk.last[1].ok, desk.last[1].text
    lines = views.order_detail(con, number).lines
    ungrouped = lines.filter(lines["group_id"].is_null())["description"].to_list()
    assert ungrouped.index("Ekstra arbeid") == len(ungrouped) - 2 or len(ungrouped) == 1


def test_custom_fields_in_the_column_chooser_and_on_the_order_page(app_context):
    con = app_context.cursor()
    admin = app_context.actor.id
    ax.define_custom_field(
        con, admin, key="region", label="Region", field_type="choice", options=["Nord", "Sør"]
    )
    number = _order_in(con, "under_arbeid")
    desk = _open(con, admin, number)
    assert header_tools.custom_fields_form(desk) is not None
    saved = header_tools.save_custom(desk, {"region": "Nord"}, {"region": None})
    assert saved.ok and "Lagret 1 felt" in saved.text

    start = {"q": [str(number)], "cols": ["order_no", "title", "cf_region"]}
    outputs, defs = load_notebook("ordrer").run(defs={"start": start})
    rows = defs["result"].page.rows
    assert rows.filter(rows["order_no"] == number)["cf_region"][0] == "Nord"
    html = html_of(outputs)
    assert "Region" in html and "Nord" in html


def test_pdf_button_renders_the_confirmation_and_logs_it(app_context):
    con = app_context.cursor()
    actor = app_context.actor.id
    number = _order_in(con, "under_arbeid")
    desk = _open(con, actor, number)
    recorder = Recorder(desk)
    data = desk.pdf_download()._data()
    assert isinstance(data, bytes) and data.startswith(b"%PDF")
    kinds = views.order_activity(con, number)["kind"].to_list()
    assert kinds[-1] == "confirmation_rendered"
    assert recorder.shown == 1, "the page reloads to show the log entry"
    assert desk.view.activity["kind"].to_list()[-1] == "confirmation_rendered"


def test_moving_an_order_skips_deactivated_companies_of_the_same_name(app_context):
    con = app_context.cursor()
    actor = app_context.actor.id
    number = _order_in(con, "under_arbeid")
    desk = _open(con, actor, number)
    old_customer = desk.view.header["customer_id"]
    active, inactive = (
        r[0]
        for r in con.execute(
            "SELECT id FROM companies WHERE id <> ? ORDER BY id LIMIT 2", [old_customer]
        ).fetchall()
    )
    services.update_record(con, actor, "company", active, name="Tvillingbyggeriet Nord AS")
    services.update_record(con, actor, "company", inactive, name="Tvillingbyggeriet Sør AS")
    services.update_record(con, actor, "company", inactive, active=False)
    desk = _open(con, actor, number)
    desk.finish("header", header_tools.change_customer(desk, {"customer": "tvillingbygg"}))
    assert "Tvillingbyggeriet Nord AS" in desk.outcome("header").text
    assert views.order_detail(con, number).header["customer_id"] == active

    # Only a deactivated company matches: the library's refusal says why.
    desk = _open(con, actor, number)
    refused = header_tools.change_customer(desk, {"customer": "Tvillingbyggeriet Sør"})
    assert not refused.ok and "deaktivert" in refused.text
    assert views.order_detail(con, number).header["customer_id"] == active


def test_actions_move_an_open_order_to_another_customer(app_context):
    con = app_context.cursor()
    actor = app_context.actor.id
    number = _order_in(con, "under_arbeid")
    desk = _open(con, actor, number)
    old_customer = desk.view.header["customer_id"]
    target = con.execute(
        "SELECT id, name FROM companies WHERE id <> ? ORDER BY id LIMIT 1", [old_customer]
    ).fetchall()[0]
    recorder = Recorder(desk)
    assert header_tools.customer_form(desk) is not None
    refused = header_tools.change_customer(desk, {"customer": "zz-ingen-slik-kunde"})
    assert not refused.ok and "ingen" in refused.text
    desk.finish("header", header_tools.change_customer(desk, {"customer": str(target[0])}))
    assert recorder.shown == 1 and target[1] in desk.outcome("header").text
    header = views.order_detail(con, number).header
    assert (header["customer_id"], header["contact_id"], header["project_id"]) == (
        target[0],
        None,
        None,
    )
