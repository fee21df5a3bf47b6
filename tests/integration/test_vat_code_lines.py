"""VAT codes on products, order lines and quote lines, and migration 009's defaults."""

import duckdb
import pytest

import axos_data as ax
from axos_data import db, views
from axos_data.lines_file import read_lines_file


def _codes(con, order_no):
    return [
        (line["description"], line["vat_rate"], line["vat_code"])
        for line in views.order_detail(con, order_no).lines.to_dicts()
    ]


def test_lines_take_their_code_from_the_code_the_product_or_the_rate(con, seeded, new_order):
    order_no = new_order()
    ax.add_product(
        con, seeded.admin, sku="EXP", name="Frakt", unit="stk", unit_price=10, vat_code="eksport"
    )
    ax.add_line(con, seeded.admin, order_no, product="EXP", quantity=1)
    ax.add_line(con, seeded.admin, order_no, product="BOK", quantity=1)
    ax.add_line(
        con,
        seeded.admin,
        order_no,
        description="Leie",
        quantity=1,
        unit="mnd",
        unit_price=100,
        vat_code="6",
    )
    ax.add_line(
        con,
        seeded.admin,
        order_no,
        description="Mat",
        quantity=1,
        unit="stk",
        unit_price=100,
        vat_rate=15,
    )
    ax.add_line(
        con, seeded.admin, order_no, description="Arbeid", quantity=1, unit="t", unit_price=100
    )
    assert _codes(con, order_no) == [
        ("Frakt", 0, "eksport"),
        ("Håndbok", 0, "fritatt"),
        ("Leie", 0, "unntatt"),
        ("Mat", 15, "middels"),
        ("Arbeid", 25, "standard"),
    ]


def test_changing_the_rate_or_the_code_keeps_the_two_consistent(con, seeded, new_order):
    order_no = new_order()
    line = ax.add_line(
        con,
        seeded.admin,
        order_no,
        description="Bok",
        quantity=1,
        unit="stk",
        unit_price=100,
        vat_code="eksport",
    )
    ax.update_line(con, seeded.admin, order_no, line, vat_rate="0")  # same rate: code kept
    assert _codes(con, order_no) == [("Bok", 0, "eksport")]
    diff = ax.update_line(con, seeded.admin, order_no, line, vat_code="lav")
    assert diff == {"vat_rate": (0, 12), "vat_code": ("eksport", "lav")}
    ax.update_line(con, seeded.admin, order_no, line, vat_rate=25)
    assert _codes(con, order_no) == [("Bok", 25, "standard")]
    detail = views.order_detail(con, order_no)
    assert detail.totals.vat_total == 25


def test_a_code_that_contradicts_the_rate_is_refused_and_nothing_changes(
    con, seeded, new_order, refused
):
    order_no = new_order()
    line = ax.add_line(
        con, seeded.admin, order_no, description="Bok", quantity=1, unit="stk", unit_price=100
    )
    with refused(ax.InvalidVatRate, "«eksport»", "25 %"):
        ax.update_line(con, seeded.admin, order_no, line, vat_rate=25, vat_code="eksport")
    with refused(ax.InvalidVatCode, "«utland»"):
        ax.add_line(
            con,
            seeded.admin,
            order_no,
            description="X",
            quantity=1,
            unit="stk",
            unit_price=1,
            vat_code="utland",
        )


def test_quote_conversion_carries_the_codes_over_exactly(con, seeded):
    quote_id = ax.create_quote(
        con,
        seeded.admin,
        customer_id=seeded.customer,
        title="T",
        our_contact_id=seeded.user,
        status="accepted",
        lines=[
            {
                "description": "Eksport",
                "quantity": 1,
                "unit": "stk",
                "unit_price": 5,
                "vat_code": "eksport",
            },
            {
                "description": "Unntatt",
                "quantity": 1,
                "unit": "stk",
                "unit_price": 5,
                "vat_rate": 0,
                "vat_code": "unntatt",
            },
            {"product": "MAT-KG", "quantity": 2},
        ],
    )
    order_no = ax.convert_quote(con, seeded.admin, quote_id)
    assert [c for _, _, c in _codes(con, order_no)] == ["eksport", "unntatt", "middels"]


def test_the_lines_file_has_an_optional_vat_code_column(tmp_path):
    path = tmp_path / "linjer.csv"
    path.write_text("description;quantity;unit;unit_price;vat_code\nBok;1;stk;10;eksport\n")
    assert read_lines_file(path)[0]["vat_code"] == "eksport"


def test_product_code_follows_an_edited_rate_and_the_other_way(con, seeded):
    row = con.execute("SELECT id FROM products WHERE sku = 'BOK'").fetchall()[0][0]
    ax.update_record(con, seeded.admin, "product", row, vat_code="eksport")
    assert con.execute(
        "SELECT vat_rate, vat_code FROM products WHERE id = ?", [row]
    ).fetchall() == [(0, "eksport")]
    ax.update_record(con, seeded.admin, "product", row, vat_rate=12)
    assert con.execute(
        "SELECT vat_rate, vat_code FROM products WHERE id = ?", [row]
    ).fetchall() == [(12, "lav")]


def test_migration_009_gives_existing_zero_rate_rows_a_recorded_default(tmp_path):
    path = tmp_path / "old.duckdb"
    raw = duckdb.connect(str(path))
    raw.execute(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
        " applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)"
    )
    for version, name, sql in db._migration_files():
        if version < 9:
            raw.execute(sql)
            raw.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name]
            )
    raw.execute(
        "INSERT INTO products (sku, name, unit, unit_price, vat_rate) VALUES"
        " ('E', 'Eksportlevering (utenfor MVA-området)', 'stk', 1, 0),"
        " ('B', 'Fagbok', 'stk', 1, 0), ('K', 'Kaffe', 'kg', 1, 15)"
    )
    raw.execute(
        "INSERT INTO orders (order_no, customer_id, our_contact_id, title, status, order_date,"
        " payment_terms_days, invoice_method, created_at, updated_at) VALUES"
        " (1, 1, 1, 'x', 'under_arbeid', DATE '2026-01-01', 14, 'ehf', now(), now())"
    )
    raw.execute(
        "INSERT INTO order_lines (order_no, position, product_id, description, quantity, unit,"
        " unit_price, vat_rate, amount) VALUES"
        " (1, 1, (SELECT id FROM products WHERE sku = 'E'), 'Levering', 1, 'stk', 1, 0, 1),"
        " (1, 2, NULL, 'Fagbok', 1, 'stk', 1, 0, 1),"
        " (1, 3, NULL, 'Timer', 1, 't', 1, 25, 1),"
        " (1, 4, NULL, 'Mat', 1, 'kg', 1, 15, 1),"
        " (1, 5, NULL, 'Reise', 1, 'stk', 1, 12, 1)"
    )
    raw.close()
    con = ax.connect(path)
    try:
        assert con.execute("SELECT sku, vat_code FROM products ORDER BY sku").fetchall() == [
            ("B", "fritatt"),
            ("E", "eksport"),
            ("K", "middels"),
        ]
        assert con.execute("SELECT vat_code FROM order_lines ORDER BY position").fetchall() == [
            ("eksport",),
            ("fritatt",),
            ("standard",),
            ("middels",),
            ("lav",),
        ]
        with pytest.raises(duckdb.ConstraintException):  # no silent default is left behind
            con.execute(
                "INSERT INTO products (sku, name, unit, unit_price, vat_rate)"
                " VALUES ('N', 'n', 'stk', 1, 0)"
            )
    finally:
        con.close()
