# ruff: noqa: E501 - the table of text cases reads best one case a line
"""Bounds on every value, against a real DuckDB file: amounts beyond the bounds are refused
where the line amount or the new order total is known (inside the transaction), sums over many
orders cannot overflow, settings and numbers keep their ranges, texts their limits, and the
last active admin stays. Every refusal leaves the database exactly as it was."""

from decimal import Decimal as D

import pytest

import axos_data as ax
from axos_data import money

LARGEST = D("999999999999.99")  # one øre below money.MAX_AMOUNT


def add(con, actor, order_no, price, quantity="1", vat=25):
    return ax.add_line(
        con, actor, order_no, description="Post", quantity=quantity, unit="stk",
        unit_price=price, vat_rate=vat,
    )  # fmt: skip


def test_the_reported_overflow_line_is_refused_and_reads_keep_working(
    con, seeded, new_order, refused
):
    order_no = new_order()
    with refused(ax.AmountOutOfRange, "99999999999999.9999", "Enhetspris"):
        add(con, seeded.user, order_no, "99999999999999.9999", quantity="70")
    assert ax.views.order_detail(con, order_no).header["order_no"] == order_no
    assert ax.views.order_list(con).total_count == 1


def test_a_line_that_pushes_the_order_total_over_the_bound_is_refused(
    con, seeded, new_order, refused, totals_consistent
):
    order_no = new_order()
    add(con, seeded.user, order_no, "7999999999.9999", quantity="100")  # net 799 999 999 999,99
    assert ax.views.order_detail(con, order_no).totals.total == LARGEST
    with refused(ax.AmountOutOfRange, "Totalsummen", "1\u00a0000\u00a0000\u00a0000\u00a0000,00"):
        add(con, seeded.user, order_no, "0.01", vat=0)
    line_id = ax.views.order_detail(con, order_no).lines.row(0, named=True)["id"]
    with refused(ax.AmountOutOfRange, "Totalsummen"):
        ax.update_line(con, seeded.user, order_no, line_id, quantity="100.001")
    totals_consistent(con)


@pytest.mark.breaks_invariants  # stores rows the services would refuse
def test_a_quote_beyond_the_bound_cannot_be_created_or_converted(con, seeded, refused):
    line = {"description": "Post", "quantity": "100", "unit": "stk", "unit_price": "8e9"}
    fields = {"customer_id": seeded.customer, "our_contact_id": seeded.user, "title": "T"}
    with refused(ax.InvalidNumber, "8e9"):
        ax.create_quote(con, seeded.user, lines=[line], **fields)
    line["unit_price"] = "8000000000"
    with refused(ax.AmountOutOfRange, "Totalsummen"):
        ax.create_quote(con, seeded.user, lines=[line], **fields)
    # A quote an older version stored beyond the bound: its conversion is refused too.
    line["unit_price"] = "1"
    quote_id = ax.create_quote(con, seeded.user, lines=[line], status="accepted", **fields)
    con.execute(
        "UPDATE quote_lines SET unit_price = 80000000000, amount = 8000000000000 WHERE quote_id = ?",
        [quote_id],
    )
    with refused(ax.AmountOutOfRange, "er for stort"):
        ax.convert_quote(con, seeded.user, quote_id)


@pytest.mark.breaks_invariants  # stores rows the services would refuse
def test_a_million_orders_at_the_bound_sum_exactly_in_lists_and_overviews(con, seeded):
    count = 1_000_000
    con.execute(
        "INSERT INTO orders (order_no, customer_id, our_contact_id, title, status, order_date,"
        " payment_terms_days, invoice_method, net_total, vat_total, total, created_at,"
        " updated_at) SELECT 100000 + i, ?, ?, 'Stor', 'under_arbeid', DATE '2026-01-01', 14,"
        " 'email', ?, ?, ?, TIMESTAMPTZ '2026-01-01', TIMESTAMPTZ '2026-01-01' FROM range(?) t(i)",
        [seeded.customer, seeded.user, D("799999999999.99"), D("200000000000.00"), LARGEST, count],
    )
    # One line each, so the stored totals are also what the lines recompute to.
    con.execute(
        "INSERT INTO order_lines (order_no, position, description, quantity, unit, unit_price,"
        " vat_rate, vat_code, amount) SELECT 100000 + i, 1, 'Post', 100, 'stk',"
        " 7999999999.9999, 25, 'standard',"
        " 799999999999.99 FROM range(?) t(i)",
        [count],
    )
    page = ax.views.order_list(con, limit=1)
    assert page.total_count == count
    assert page.total_sum == LARGEST * count  # 999 999 999 999 990 000,00: beyond DECIMAL(18)
    assert page.net_sum == D("799999999999.99") * count
    overview = ax.views.overview(con, "customer", seeded.customer)
    assert overview.summary["total_sum"] == LARGEST * count
    assert (
        overview.by_status.filter(overview.by_status["status"] == "under_arbeid")[
            "total_sum"
        ].item()
        == LARGEST * count
    )
    assert overview.over_time["total_sum"].sum() == LARGEST * count


def test_the_sum_type_holds_every_order_a_bigint_order_number_can_name(con):
    # The widest possible list sum: 2^63 orders (every BIGINT order number) at the bound.
    widest = (2**63) * LARGEST
    assert widest < D(10) ** 34  # DECIMAL(38, 2) keeps 36 digits before the point
    value, kind = con.execute(
        f"SELECT CAST(? AS {money.SUM_SQL_TYPE}), typeof(sum(CAST(1 AS DECIMAL(18, 2))))",
        [str(widest)],
    ).fetchall()[0]
    assert value == widest
    assert kind == "DECIMAL(38,2)"


@pytest.mark.parametrize(
    ("settings", "fragment"),
    [
        ({"order_number_start": 10**20}, "100000000000000000000"),
        ({"order_number_start": 2**63 - 2}, str(2**63 - 2)),
        ({"order_number_start": "0"}, "mellom 1 og 1\u00a0000\u00a0000\u00a0000"),
        ({"default_payment_terms_days": "1000000000000"}, "mellom 0 og 365"),
        ({"default_payment_terms_days": "1_000"}, "«1_000» er ikke et heltall"),
    ],
)
def test_settings_outside_their_range_are_refused(con, seeded, refused, settings, fragment):
    error = ax.InvalidNumber if "heltall" in fragment else ax.NumberOutOfRange
    with refused(error, fragment):
        ax.update_settings(con, seeded.admin, **settings)


def test_order_creation_works_up_to_the_largest_order_number_start(con, seeded, new_order):
    ax.update_settings(con, seeded.admin, order_number_start=10**9)
    assert new_order() == 10**9
    assert new_order() == 10**9 + 1


def test_payment_terms_outside_0_to_365_are_refused_everywhere(con, seeded, new_order, refused):
    order_no = new_order()
    with refused(ax.NumberOutOfRange, "1000000000000", "mellom 0 og 365"):
        new_order(payment_terms_days=1000000000000)
    with refused(ax.NumberOutOfRange, "366"):
        ax.update_order(con, seeded.user, order_no, payment_terms_days="366")


LONG = "x" * 201

TEXT_CASES = [
    (ax.TextTooLong, "Tittel", lambda c, s, o: ax.create_order(c, s.user, customer_id=s.customer, our_contact_id=s.user, title="T" * 5000)),
    (ax.TextTooLong, "Tittel", lambda c, s, o: ax.update_order(c, s.user, o, title=LONG)),
    (ax.TextTooLong, "Deres referanse", lambda c, s, o: ax.update_order(c, s.user, o, customer_ref="r" * 101)),
    (ax.TextTooLong, "Beskrivelse", lambda c, s, o: add_text_line(c, s, o, description="d" * 2001)),
    (ax.TextTooLong, "Enhet", lambda c, s, o: add_text_line(c, s, o, unit="u" * 21)),
    (ax.TextTooLong, "Kommentar", lambda c, s, o: ax.add_comment(c, s.user, o, "k" * 10001)),
    (ax.TextTooLong, "Gruppetittel", lambda c, s, o: ax.add_group(c, s.user, o, LONG)),
    (ax.TextTooLong, "Statusnotat", lambda c, s, o: ax.change_status(c, s.user, o, "kansellert", note="n" * 2001)),
    (ax.TextTooLong, "Tittel", lambda c, s, o: ax.create_quote(c, s.user, customer_id=s.customer, our_contact_id=s.user, title=LONG)),
    (ax.TextTooLong, "Firmanavn", lambda c, s, o: ax.add_company(c, s.user, name="F" * 5000)),
    (ax.TextTooLong, "Navn", lambda c, s, o: ax.add_contact(c, s.user, company_id=s.customer, name=LONG)),
    (ax.TextTooLong, "Navn", lambda c, s, o: ax.add_employee(c, s.admin, name=LONG, email="ny@nordlys.no")),
    (ax.TextTooLong, "Prosjektnavn", lambda c, s, o: ax.add_project(c, s.user, name=LONG, customer_id=s.customer)),
    (ax.TextTooLong, "Varenummer", lambda c, s, o: ax.add_product(c, s.admin, sku="S" * 51, name="P", unit="stk", unit_price=1)),
    (ax.TextTooLong, "Firmanavn", lambda c, s, o: ax.update_settings(c, s.admin, company_name=LONG)),
    (ax.TextTooLong, "Feltnavn", lambda c, s, o: ax.define_custom_field(c, s.admin, key="avd", label="l" * 101)),
    (ax.TextTooLong, "Statusnavn", lambda c, s, o: ax.add_status(c, s.admin, key="ny", label="l" * 51, category="open")),
    (ax.InvalidText, "U+DCFF", lambda c, s, o: ax.update_order(c, s.user, o, title="Ordre \udcff")),
    (ax.InvalidText, "U+0000", lambda c, s, o: ax.add_comment(c, s.user, o, "før\x00etter")),
    (ax.InvalidText, "U+001B", lambda c, s, o: ax.add_company(c, s.user, name="\x1b]0;pwned\x07")),
    (ax.InvalidText, "U+000A", lambda c, s, o: ax.add_group(c, s.user, o, "to\nlinjer")),
    (ax.EmptyValue, "Tittel", lambda c, s, o: ax.update_order(c, s.user, o, title="\u200b\ufeff")),
    (ax.EmptyValue, "Kommentar", lambda c, s, o: ax.add_comment(c, s.user, o, "\u200b \u2060")),
]  # fmt: skip


def add_text_line(con, cast, order_no, **text):
    fields = {"description": "Post", "quantity": 1, "unit": "stk", "unit_price": 1, **text}
    return ax.add_line(con, cast.user, order_no, **fields)


@pytest.mark.parametrize(
    ("error", "field", "action"),
    TEXT_CASES,
    ids=[f"{e.__name__}-{f}-{i}" for i, (e, f, _) in enumerate(TEXT_CASES)],
)
def test_texts_beyond_their_limit_or_with_bad_characters_are_refused(
    con, seeded, new_order, refused, error, field, action
):
    order_no = new_order()
    with refused(error, field):
        action(con, seeded, order_no)


def test_a_custom_text_value_has_a_limit_and_what_fits_is_kept_intact(
    con, seeded, new_order, refused
):
    order_no = new_order()
    ax.define_custom_field(con, seeded.admin, key="notat", label="Notat")
    with refused(ax.TextTooLong, "Feltverdi", "1001"):
        ax.set_custom_value(con, seeded.user, order_no, "notat", "v" * 1001)
    value = "Linje 1\nLinje 2 " + "v" * 980
    ax.set_custom_value(con, seeded.user, order_no, "notat", value)
    stored = con.execute("SELECT value FROM custom_field_values").fetchall()[0][0]
    assert stored == value


def test_text_at_the_limit_is_stored_and_read_back_exactly(con, seeded, new_order):
    title = "Å" * 199 + "😀"
    order_no = new_order(title=title)
    assert ax.views.order_detail(con, order_no).header["title"] == title


def test_search_text_beyond_its_limit_or_with_bad_utf8_is_refused(con, seeded):
    with pytest.raises(ax.TextTooLong):
        ax.views.order_list(con, ax.views.OrderFilter(search="s" * 201))
    with pytest.raises(ax.InvalidText):
        ax.views.order_list(con, ax.views.OrderFilter(search="\udcff"))


def test_the_last_active_admin_can_be_neither_deactivated_nor_demoted(con, seeded, refused):
    with refused(ax.LastAdmin, "Kari Nordmann", "siste aktive administratoren"):
        ax.set_employee_active(con, seeded.admin, seeded.admin, False)
    with refused(ax.LastAdmin, "Kari Nordmann"):
        ax.set_employee_role(con, seeded.admin, seeded.admin, "user")
    # With a second admin, either may go; the one left may not.
    ax.set_employee_role(con, seeded.admin, seeded.user, "admin")
    ax.set_employee_active(con, seeded.user, seeded.admin, False)
    with refused(ax.LastAdmin, "Ola Hansen"):
        ax.set_employee_role(con, seeded.user, seeded.user, "user")
    ax.set_employee_active(con, seeded.user, seeded.admin, True)
    ax.set_employee_role(con, seeded.admin, seeded.user, "user")
    roles = dict(con.execute("SELECT name, role FROM employees WHERE active").fetchall())
    assert roles == {"Kari Nordmann": "admin", "Ola Hansen": "user"}


@pytest.mark.breaks_invariants  # stores rows the services would refuse
def test_stored_values_beyond_the_bounds_are_reported(con, seeded, new_order):
    order_no = new_order()
    add(con, seeded.user, order_no, "100")
    assert ax.views.values_beyond_bounds(con) == []
    # What an older version could store (consistent with itself, so only the bounds fail):
    con.execute("UPDATE order_lines SET unit_price = 99999999999999.9999, amount = 100000000000000")
    con.execute(
        "UPDATE orders SET net_total = 100000000000000, vat_total = 25000000000000,"
        " total = 125000000000000, payment_terms_days = 100000, title = repeat('t', 5000)"
    )
    con.execute(
        "UPDATE settings SET value = '100000000000000000000' WHERE key = 'order_number_start'"
    )
    found = {(r["table"], r["column"], r["value"]) for r in ax.views.values_beyond_bounds(con)}
    assert found == {
        ("order_lines", "unit_price", "99999999999999.9999"),
        ("order_lines", "amount", "100000000000000.00"),
        ("orders", "net_total", "100000000000000.00"),
        ("orders", "vat_total", "25000000000000.00"),
        ("orders", "total", "125000000000000.00"),
        ("orders", "payment_terms_days", "100000"),
        ("orders", "title", "5000 tegn"),
        ("settings", "value", "100000000000000000000"),
    }
