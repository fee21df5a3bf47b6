"""Point reads stay point reads: the order detail, the PDF data and the overviews each take a
fixed, small number of SQL statements (DuckDB charges about a millisecond per statement
before it reads a row), read only the rows they show, and agree with each other."""

from __future__ import annotations

from decimal import Decimal as D

import axos_data as ax
from axos_data import pdf
from axos_data.pdf.data import Seller


class CountingConnection:
    """The real connection, counting the statements a read sends through it."""

    def __init__(self, con) -> None:
        self._con = con
        self.statements: list[str] = []

    def execute(self, sql: str, *args, **kwargs):
        self.statements.append(sql)
        return self._con.execute(sql, *args, **kwargs)

    def sql(self, sql: str, *args, **kwargs):
        self.statements.append(sql)
        return self._con.sql(sql, *args, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self._con, name)


def _seller() -> Seller:
    return Seller("Oss AS", "Gate 1", "0150", "Oslo", "988 077 917", True, None, "1234", "mod10")


def _order_with_groups(con, seeded, new_order) -> int:
    order_no = new_order(contact_id=seeded.contact, project_id=seeded.project)
    group = ax.add_group(con, seeded.user, order_no, "Arbeid")
    ax.add_line(con, seeded.user, order_no, product=seeded.product_25, quantity=2, group_id=group)
    ax.add_line(con, seeded.user, order_no, product=seeded.product_0, quantity=1)
    return order_no


def test_order_detail_takes_two_statements(con, seeded, new_order):
    order_no = _order_with_groups(con, seeded, new_order)
    counting = CountingConnection(con)
    detail = ax.views.order_detail(counting, order_no)
    assert len(counting.statements) == 2  # header; groups, lines, custom fields, statuses
    assert detail.lines.height == 2
    assert detail.groups.to_dicts()[0]["subtotal"] == detail.lines.to_dicts()[1]["amount"]


def test_pdf_data_of_many_orders_takes_two_statements_whatever_their_number(con, seeded, new_order):
    orders = [_order_with_groups(con, seeded, new_order) for _ in range(5)]
    seller = _seller()
    for batch in (orders[:1], orders):
        counting = CountingConnection(con)
        datas = pdf.load_batch(counting, batch, seller)
        assert len(counting.statements) == 2
        assert [d.order_no for d in datas] == batch


def test_the_pdf_prints_the_order_pages_amounts(con, seeded, new_order):
    order_no = _order_with_groups(con, seeded, new_order)
    (data,) = pdf.load_batch(con, [order_no], _seller())
    detail = ax.views.order_detail(con, order_no)
    assert data.totals == detail.totals
    printed = {s.title: s.subtotal for s in data.sections}
    assert printed == {
        "Øvrige linjer": D("349.00"),
        **{g["title"]: g["subtotal"] for g in detail.groups.to_dicts()},
    }


def test_an_overview_takes_two_statements(con, seeded, new_order):
    for _ in range(3):
        _order_with_groups(con, seeded, new_order)
    for kind, key in (
        ("customer", seeded.customer),
        ("employee", seeded.user),
        ("contact", seeded.contact),
        ("project", seeded.project),
    ):
        counting = CountingConnection(con)
        view = ax.views.overview(counting, kind, key)
        assert len(counting.statements) == 2, kind  # the record, then everything else
        assert view.summary["order_count"] == 3
        assert view.recent.height == 3


def test_order_header_names_the_source_quote_only_when_there_is_one(con, seeded, new_order):
    quote_id = ax.create_quote(
        con,
        seeded.user,
        customer_id=seeded.customer,
        our_contact_id=seeded.user,
        title="Tilbud på lager",
        lines=[{"product": seeded.product_25, "quantity": "1"}],
        status="accepted",
    )
    from_quote = ax.convert_quote(con, seeded.admin, quote_id)
    by_hand = new_order()
    header = ax.views.order_detail(con, from_quote).header
    assert (header["quote_id"], header["quote_title"]) == (quote_id, "Tilbud på lager")
    header = ax.views.order_detail(con, by_hand).header
    assert (header["quote_id"], header["quote_title"], header["project_name"]) == (
        None,
        None,
        None,
    )


def test_an_unknown_order_number_is_refused_by_the_detail(con, seeded, refused):
    with refused(ax.UnknownOrder, "Ordre 999999 finnes ikke"):
        ax.views.order_detail(con, 999999)
    with refused(ax.UnknownOrder, "«12a» er ikke et ordrenummer"):
        ax.views.order_detail(con, "12a")
