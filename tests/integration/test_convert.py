"""Converting a quote into an order: everything copied exactly, once."""

import pytest

import axos_data as ax

LINES = [
    {"group": "Arbeid", "product": "KONS-T", "quantity": "7.5", "discount_pct": "12.5"},
    {"group": "Materiell", "product": "MAT-KG", "quantity": "1.333"},
    {
        "group": "Arbeid",
        "description": "Reise",
        "quantity": "1",
        "unit": "stk",
        "unit_price": "1499.9951",
    },
    {
        "description": "Kreditt",
        "quantity": "1",
        "unit": "stk",
        "unit_price": "-100.005",
        "vat_rate": 12,
    },
    {
        "description": "Håndbok",
        "quantity": "3",
        "unit": "stk",
        "unit_price": "349",
        "vat_rate": "0",
    },
]
LINE_KEYS = (
    "description",
    "quantity",
    "unit",
    "unit_price",
    "discount_pct",
    "vat_rate",
    "amount",
    "product_id",
)


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
        status="accepted",
    )


def test_conversion_copies_header_groups_lines_and_totals_exactly(
    con, seeded, quote_id, totals_consistent
):
    order_no = ax.convert_quote(con, seeded.admin, quote_id)
    assert order_no == 10001
    quote, quote_lines = ax.views.quote_detail(con, quote_id)
    detail = ax.views.order_detail(con, order_no)
    header = detail.header
    for key in (
        "customer_id",
        "contact_id",
        "our_contact_id",
        "project_id",
        "title",
        "customer_ref",
    ):
        assert header[key] == quote[key], key
    assert header["quote_id"] == quote_id
    assert header["status"] == "under_arbeid"
    assert [g["title"] for g in detail.groups.to_dicts()] == ["Arbeid", "Materiell"]
    quote_rows = con.execute(
        f"SELECT g.title, {', '.join('l.' + k for k in LINE_KEYS)} FROM quote_lines l"
        " LEFT JOIN quote_groups g ON g.id = l.group_id WHERE l.quote_id = ? ORDER BY l.position",
        [quote_id],
    ).fetchall()
    order_rows = con.execute(
        f"SELECT g.title, {', '.join('l.' + k for k in LINE_KEYS)} FROM order_lines l"
        " LEFT JOIN order_groups g ON g.id = l.group_id WHERE l.order_no = ? ORDER BY l.position",
        [order_no],
    ).fetchall()
    assert order_rows == quote_rows
    assert len(order_rows) == len(LINES)
    assert (header["net_total"], header["vat_total"], header["total"]) == (
        quote["net_total"],
        quote["vat_total"],
        quote["total"],
    )
    assert detail.totals.total == quote["total"]
    assert quote_lines.height == len(LINES)
    totals_consistent(con)


def test_conversion_marks_the_quote_and_links_both_ways(con, seeded, quote_id):
    order_no = ax.convert_quote(con, seeded.admin, quote_id)
    assert con.execute(
        "SELECT status, order_no FROM quotes WHERE id = ?", [quote_id]
    ).fetchall() == [("converted", order_no)]
    relations = con.execute(
        "SELECT from_type, from_id, to_type, to_id, kind, created_by FROM relations ORDER BY id"
    ).fetchall()
    assert relations == [
        ("order", order_no, "quote", quote_id, "converted_from", seeded.admin),
        ("quote", quote_id, "order", order_no, "converted_to", seeded.admin),
    ]
    assert ax.views.order_relations(con, order_no).select("to_type", "to_id", "kind").rows() == [
        ("quote", quote_id, "converted_from")
    ]


def test_conversion_is_logged_with_history(con, seeded, quote_id):
    order_no = ax.convert_quote(con, seeded.admin, quote_id)
    activity = ax.views.order_activity(con, order_no).to_dicts()
    assert [(a["kind"], a["actor_id"]) for a in activity] == [("converted", seeded.admin)]
    assert str(quote_id) in activity[0]["message"]
    history = ax.views.status_history(con, order_no).to_dicts()
    assert [(h["from_status"], h["to_status"]) for h in history] == [(None, "under_arbeid")]


def test_a_sent_quote_can_be_converted(con, seeded, quote_id):
    ax.set_quote_status(con, seeded.user, quote_id, "sent")
    assert ax.convert_quote(con, seeded.user, quote_id) == 10001


def test_converting_twice_names_the_existing_order(con, seeded, quote_id, refused):
    order_no = ax.convert_quote(con, seeded.admin, quote_id)
    with refused(ax.QuoteAlreadyConverted, str(quote_id), str(order_no)):
        ax.convert_quote(con, seeded.admin, quote_id)


@pytest.mark.parametrize(("status", "label"), [("draft", "Utkast"), ("rejected", "Avslått")])
def test_draft_and_rejected_quotes_are_not_convertible(
    con, seeded, quote_id, refused, status, label
):
    if status == "draft":
        ax.set_quote_status(con, seeded.user, quote_id, "sent")
        ax.set_quote_status(con, seeded.user, quote_id, "draft")
    else:
        ax.set_quote_status(con, seeded.user, quote_id, "rejected")
    with refused(ax.QuoteNotConvertible, str(quote_id), label):
        ax.convert_quote(con, seeded.admin, quote_id)


def test_a_quote_with_tampered_totals_is_not_converted(con, seeded, quote_id, refused):
    con.execute("UPDATE quotes SET total = total + 0.01 WHERE id = ?", [quote_id])
    with refused(ax.QuoteNotConvertible, str(quote_id)):
        ax.convert_quote(con, seeded.admin, quote_id)


def test_converting_an_unknown_quote(con, seeded, refused):
    with refused(ax.UnknownQuote, "4242"):
        ax.convert_quote(con, seeded.admin, 4242)


def test_converted_orders_take_the_next_order_number(con, seeded, quote_id, new_order):
    assert new_order() == 10001
    assert ax.convert_quote(con, seeded.admin, quote_id) == 10002
    assert new_order() == 10003


def test_the_app_asks_the_same_rule_the_conversion_enforces(con, seeded, quote_id):
    assert ax.can_convert_quote(con, quote_id)
    ax.set_quote_status(con, seeded.user, quote_id, "rejected")
    assert not ax.can_convert_quote(con, quote_id)
    ax.set_quote_status(con, seeded.user, quote_id, "sent")
    ax.convert_quote(con, seeded.admin, quote_id)
    assert not ax.can_convert_quote(con, quote_id)
    assert not ax.can_convert_quote(con, 4242)
    assert not ax.can_convert_quote(con, "x")
