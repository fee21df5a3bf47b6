"""The order list: every filter, every sort column both ways, paging with count and sum.

The orders are built once for the module; every test here only reads."""

from dataclasses import dataclass
from decimal import Decimal as D

import pytest

import axos_data as ax
from axos_data.views import OrderFilter


@dataclass
class Listing:
    con: object
    cast: object
    orders: dict[str, int]
    rows: list[dict]


@pytest.fixture(scope="module")
def listing(tmp_path_factory, seeding):
    con = ax.connect(tmp_path_factory.mktemp("list") / "axos.duckdb")
    cast = seeding(con)
    a, b = cast.customer, cast.other_customer

    def order(
        title,
        customer,
        our,
        date,
        *,
        contact=None,
        project=None,
        ref=None,
        delivery=None,
        lines=(),
        path=(),
    ):
        number = ax.create_order(
            con,
            cast.admin,
            customer_id=customer,
            title=title,
            our_contact_id=our,
            contact_id=contact,
            project_id=project,
            order_date=date,
            delivery_date=delivery,
            customer_ref=ref,
        )
        for product, quantity in lines:
            ax.add_line(con, cast.admin, number, product=product, quantity=quantity)
        for status in path:
            ax.change_status(con, cast.admin, number, status)
        return number

    orders = {
        "hall": order(
            "Lagerhall",
            a,
            cast.user,
            "2026-01-10",
            contact=cast.contact,
            project=cast.project,
            ref="PO-100",
            delivery="2026-02-01",
            lines=[("KONS-T", 1)],
        ),
        "logo": order(
            "Logo og profil",
            b,
            cast.admin,
            "2026-02-15",
            contact=cast.other_contact,
            lines=[("BOK", 2)],
            path=["klar_til_fakturering"],
        ),
        "server": order(
            "Serverrom",
            a,
            cast.admin,
            "2026-03-01",
            ref="ABC-7",
            delivery="2026-03-05",
            lines=[("KONS-T", 10)],
            path=["klar_til_fakturering", "fakturert"],
        ),
        "coffee": order(
            "Kaffeavtale",
            b,
            cast.user,
            "2026-03-20",
            contact=cast.other_contact,
            ref="po-200",
            lines=[("MAT-KG", "1.333")],
            path=["kansellert"],
        ),
        "empty": order(
            "Tom ordre", a, cast.user, "2026-04-05", contact=cast.contact, project=cast.project
        ),
    }
    rows = ax.views.order_list(con, limit=100).rows.to_dicts()
    yield Listing(con, cast, orders, rows)
    con.close()


def numbers(listing, filters=None, **options):
    page = ax.views.order_list(listing.con, filters, **options)
    return page.rows["order_no"].to_list()


def names(listing, *keys):
    return sorted(listing.orders[k] for k in keys)


def listed(listing, **filters):
    return sorted(numbers(listing, OrderFilter(**filters), limit=100))


def test_stored_totals_of_the_listing(listing):
    totals = {row["order_no"]: row["total"] for row in listing.rows}
    o = listing.orders
    assert totals == {
        o["hall"]: D("1562.50"),
        o["logo"]: D("698.00"),
        o["server"]: D("15625.00"),
        o["coffee"]: D("291.11"),
        o["empty"]: D("0.00"),
    }


def test_no_filter_lists_everything_newest_first(listing):
    assert numbers(listing) == sorted(listing.orders.values(), reverse=True)


def test_filter_by_status(listing):
    assert listed(listing, statuses=["under_arbeid"]) == names(listing, "hall", "empty")
    assert listed(listing, statuses=["fakturert", "kansellert"]) == names(
        listing, "server", "coffee"
    )


def test_filter_by_category(listing):
    assert listed(listing, categories=["open"]) == names(listing, "hall", "empty")
    assert listed(listing, categories=["invoicing"]) == names(listing, "logo")
    assert listed(listing, categories=["invoiced", "closed"]) == names(listing, "server", "coffee")
    assert listed(listing, statuses=["fakturert"], categories=["closed"]) == []


def test_filter_by_customer_contact_our_contact_and_project(listing):
    cast = listing.cast
    assert listed(listing, customer_id=cast.customer) == names(listing, "hall", "server", "empty")
    assert listed(listing, contact_id=cast.other_contact) == names(listing, "logo", "coffee")
    assert listed(listing, our_contact_id=cast.admin) == names(listing, "logo", "server")
    assert listed(listing, project_id=cast.project) == names(listing, "hall", "empty")
    assert listed(listing, customer_id=cast.customer, our_contact_id=cast.admin) == names(
        listing, "server"
    )


def test_filter_by_order_date_range_is_inclusive(listing):
    assert listed(listing, date_from="2026-02-15", date_to="2026-03-20") == names(
        listing, "logo", "server", "coffee"
    )
    assert listed(listing, date_from="2026-03-21") == names(listing, "empty")
    assert listed(listing, date_to="2026-01-10") == names(listing, "hall")


def test_filter_by_amount_range_is_inclusive(listing):
    assert listed(listing, min_total="698") == names(listing, "hall", "logo", "server")
    assert listed(listing, max_total="1 562,50") == names(
        listing, "hall", "logo", "coffee", "empty"
    )
    assert listed(listing, min_total="698.00", max_total="1562.50") == names(
        listing, "hall", "logo"
    )
    assert listed(listing, min_total="1562.51") == names(listing, "server")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10003", ["server"]),
        ("lager", ["hall"]),
        ("FJORDTUN", ["hall", "server", "empty"]),
        ("sámi", ["logo", "coffee"]),
        ("SÁMI", ["logo", "coffee"]),
        ("po-", ["hall", "coffee"]),
        ("abc-7", ["server"]),
        ("  kaffe  ", ["coffee"]),
        ("finnes ikke", []),
    ],
)
def test_free_text_search(listing, text, expected):
    assert listed(listing, search=text) == names(listing, *expected)


def expected_order(rows, key, descending, positions):
    def value(row):
        return positions[row["status"]] if key == "status" else row[key]

    present = [r for r in rows if value(r) is not None]
    missing = [r for r in rows if value(r) is None]
    present.sort(key=lambda r: (value(r), r["order_no"]), reverse=descending)
    missing.sort(key=lambda r: r["order_no"], reverse=descending)
    return [r["order_no"] for r in present + missing]


@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
@pytest.mark.parametrize("column", list(ax.views.SORT_COLUMNS))
def test_every_sort_column_both_ways(listing, column, descending):
    positions = dict(ax.views.statuses(listing.con).select("key", "position").rows())
    sort = ("-" if descending else "") + column
    assert numbers(listing, sort=sort, limit=100) == expected_order(
        listing.rows, column, descending, positions
    )


def test_sorting_ties_are_broken_by_order_number_in_the_same_direction(listing):
    o = listing.orders
    assert numbers(listing, sort="customer_name", limit=100)[:3] == [
        o["hall"],
        o["server"],
        o["empty"],
    ]
    assert numbers(listing, sort="-customer_name", limit=100)[-3:] == [
        o["empty"],
        o["server"],
        o["hall"],
    ]


def test_unknown_sort_column_is_refused_naming_it(listing):
    with pytest.raises(ax.InvalidChoice) as caught:
        ax.views.order_list(listing.con, sort="-price")
    assert "price" in str(caught.value)


def test_paging_keeps_count_and_sum_of_the_whole_filtered_set(listing):
    everything = sorted(listing.orders.values())
    total = sum((row["total"] for row in listing.rows), D("0"))
    pages = []
    for offset in (0, 2, 4):
        page = ax.views.order_list(listing.con, sort="order_no", limit=2, offset=offset)
        assert (page.total_count, page.total_sum, page.limit, page.offset) == (5, total, 2, offset)
        pages.append(page.rows["order_no"].to_list())
    assert pages == [everything[0:2], everything[2:4], everything[4:]]
    beyond = ax.views.order_list(listing.con, limit=2, offset=10)
    assert (beyond.rows.height, beyond.total_count) == (0, 5)


def test_filtered_count_and_sums(listing):
    page = ax.views.order_list(listing.con, OrderFilter(customer_id=listing.cast.customer), limit=1)
    assert page.total_count == 3
    assert page.total_sum == D("1562.50") + D("15625.00")
    assert page.net_sum == D("1250.00") + D("12500.00")
    assert page.rows.height == 1


@pytest.mark.parametrize(
    ("paging", "fragment"),
    [
        ({"limit": 0}, "Antall per side må være mellom 1 og 1\u00a0000, ikke 0"),
        ({"limit": -1}, "ikke -1"),
        ({"limit": 10**6}, "ikke 1000000"),
        ({"limit": "1_000"}, "«1_000» er ikke et heltall"),
        ({"offset": -5}, "Fra rad må være mellom 0 og"),
        ({"offset": 10**20}, "ikke 100000000000000000000"),
    ],
)
def test_page_size_and_offset_outside_their_range_are_refused_not_clamped(
    listing, paging, fragment
):
    with pytest.raises(ax.InvalidNumber) as caught:
        ax.views.order_list(listing.con, **paging)
    assert fragment in str(caught.value)


def test_the_largest_page_size_is_accepted(listing):
    assert ax.views.order_list(listing.con, limit=ax.views.MAX_PAGE).limit == 1000


def test_export_lists_the_whole_filtered_set_in_order(listing):
    frame = ax.views.export_orders(
        listing.con, OrderFilter(statuses=["under_arbeid"]), sort="order_no"
    )
    assert frame["order_no"].to_list() == names(listing, "hall", "empty")
    assert frame["status_label"].to_list() == ["Under arbeid", "Under arbeid"]


@pytest.mark.parametrize(
    ("filters", "error", "fragment"),
    [
        ({"statuses": ["ferdig"]}, ax.UnknownStatus, "ferdig"),
        ({"categories": ["lukket"]}, ax.InvalidChoice, "lukket"),
        ({"customer_id": "abc"}, ax.InvalidChoice, "abc"),
        ({"date_from": "31.02.2026"}, ax.InvalidDate, "«31.02.2026»"),
        ({"min_total": "10.005"}, ax.TooManyDecimals, "10.005"),
        ({"max_total": "mye"}, ax.InvalidNumber, "mye"),
    ],
)
def test_bad_filters_raise_named_errors(listing, filters, error, fragment):
    with pytest.raises(error) as caught:
        ax.views.order_list(listing.con, OrderFilter(**filters))
    assert fragment in str(caught.value)
