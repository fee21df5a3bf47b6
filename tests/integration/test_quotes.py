"""Quotes: creation with groups and lines, and their status changes."""

from decimal import Decimal as D

import pytest

import axos_data as ax

LINES = [
    {"group": "Arbeid", "product": "KONS-T", "quantity": "10", "discount_pct": "5"},
    {"group": "Materiell", "product": "MAT-KG", "quantity": "1.333"},
    {
        "group": "Arbeid",
        "description": "Reise",
        "quantity": "1",
        "unit": "stk",
        "unit_price": "1499.99",
    },
    {
        "description": "Håndbok",
        "quantity": "2",
        "unit": "stk",
        "unit_price": "349",
        "vat_rate": "0",
    },
]


@pytest.fixture
def quote_id(con, seeded):
    return ax.create_quote(
        con,
        seeded.user,
        customer_id=seeded.customer,
        contact_id=seeded.contact,
        our_contact_id=seeded.user,
        project_id=seeded.project,
        title="Tilbud lager",
        customer_ref="RFQ-9",
        lines=LINES,
    )


def test_quote_groups_are_created_in_order_of_first_appearance(con, quote_id):
    groups = con.execute(
        "SELECT position, title FROM quote_groups WHERE quote_id = ? ORDER BY position", [quote_id]
    ).fetchall()
    assert groups == [(1, "Arbeid"), (2, "Materiell")]


def test_quote_lines_and_stored_totals(con, quote_id):
    header, lines = ax.views.quote_detail(con, quote_id)
    rows = lines.to_dicts()
    assert [(r["group_title"], r["description"], r["amount"]) for r in rows] == [
        (None, "Håndbok", D("698.00")),
        ("Arbeid", "Konsulenttime", D("11875.00")),
        ("Arbeid", "Reise", D("1499.99")),
        ("Materiell", "Kaffe", D("253.14")),
    ]
    assert header["status"] == "draft"
    assert header["net_total"] == D("14326.13")
    # 25 % of 13374.99 = 3343.7475 -> 3343.75; 15 % of 253.14 = 37.971 -> 37.97
    assert header["vat_total"] == D("3381.72")
    assert header["total"] == D("17707.85")
    assert header["contact_name"] == "Ingrid Berg"


def test_quote_line_errors_name_the_line(con, seeded, refused):
    bad = [LINES[0], {"description": "X", "quantity": "-1", "unit": "stk", "unit_price": "1"}]
    with refused(ax.InvalidQuantity, "Linje 2"):
        ax.create_quote(
            con,
            seeded.user,
            customer_id=seeded.customer,
            our_contact_id=seeded.user,
            title="T",
            lines=bad,
        )
    with refused(ax.UnknownProduct, "Linje 1", "NOPE"):
        ax.create_quote(
            con,
            seeded.user,
            customer_id=seeded.customer,
            our_contact_id=seeded.user,
            title="T",
            lines=[{"product": "NOPE", "quantity": 1}],
        )


@pytest.mark.parametrize(
    "path",
    [
        ["sent", "accepted"],
        ["accepted"],
        ["rejected", "draft", "sent"],
        ["sent", "rejected", "sent", "draft"],
        ["accepted", "sent", "rejected"],
    ],
)
def test_quote_status_paths(con, seeded, quote_id, path):
    current = "draft"
    for status in path:
        assert ax.set_quote_status(con, seeded.user, quote_id, status) == current
        current = status
    assert con.execute("SELECT status FROM quotes WHERE id = ?", [quote_id]).fetchall() == [
        (current,)
    ]


def test_quote_status_refusals(con, seeded, quote_id, refused):
    with refused(ax.InvalidQuoteStatus, "draft"):
        ax.set_quote_status(con, seeded.user, quote_id, "draft")
    with refused(ax.InvalidQuoteStatus, "converted"):
        ax.set_quote_status(con, seeded.user, quote_id, "converted")
    with refused(ax.InvalidQuoteStatus, "vunnet"):
        ax.set_quote_status(con, seeded.user, quote_id, "vunnet")
    with refused(ax.UnknownQuote, "999"):
        ax.set_quote_status(con, seeded.user, 999, "sent")


def test_a_converted_quote_cannot_change_status(con, seeded, quote_id, refused):
    ax.set_quote_status(con, seeded.user, quote_id, "accepted")
    order_no = ax.convert_quote(con, seeded.user, quote_id)
    with refused(ax.InvalidQuoteStatus, str(order_no)):
        ax.set_quote_status(con, seeded.user, quote_id, "sent")


def test_quotes_list_filters(con, seeded, quote_id):
    other = ax.create_quote(
        con,
        seeded.user,
        customer_id=seeded.other_customer,
        our_contact_id=seeded.user,
        title="Design",
    )
    ax.set_quote_status(con, seeded.user, other, "sent")
    assert ax.views.quotes(con)["id"].to_list() == [other, quote_id]
    assert ax.views.quotes(con, statuses=["sent"])["id"].to_list() == [other]
    assert ax.views.quotes(con, customer_id=seeded.customer)["id"].to_list() == [quote_id]
    assert ax.views.quotes(con, search="lager")["id"].to_list() == [quote_id]
    assert ax.views.quotes(con)["line_count"].to_list() == [0, 4]
