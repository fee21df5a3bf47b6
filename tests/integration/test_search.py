"""The order list's free-text search: word prefixes of number, title, customer, reference."""

from __future__ import annotations

import pytest

import axos_data as ax
from axos_data import search


@pytest.fixture
def orders(con, seeded):
    def make(title, customer=seeded.customer, ref=None):
        return ax.create_order(
            con,
            seeded.admin,
            customer_id=customer,
            title=title,
            our_contact_id=seeded.admin,
            customer_ref=ref,
        )

    return {
        "kantine": make("Utvidelse av kantine", ref="PO-4711"),
        "server": make("Ny server til lageret"),
        "sami": make("Duodji-utstilling", customer=seeded.other_customer, ref="Bongo/88"),
    }


def found(con, text, **filters):
    page = ax.views.order_list(con, ax.views.OrderFilter(search=text, **filters))
    assert page.total_count == page.rows.height
    return set(page.rows["order_no"].to_list())


def test_matches_word_prefixes_of_the_title_in_any_case(con, orders):
    assert found(con, "kantine") == {orders["kantine"]}
    assert found(con, "KANT") == {orders["kantine"]}
    assert found(con, "lager") == {orders["server"]}
    assert found(con, "antine") == set()


def test_matches_customer_names_with_sami_letters(con, orders):
    assert found(con, "fjordtun") == {orders["kantine"], orders["server"]}
    assert found(con, "čáhppes") == {orders["sami"]}
    assert found(con, "SÁMI") == {orders["sami"]}


def test_matches_the_reference_whole_or_by_its_parts(con, orders):
    assert found(con, "PO-4711") == {orders["kantine"]}
    assert found(con, "4711") == {orders["kantine"]}
    assert found(con, "bongo/88") == {orders["sami"]}


def test_matches_the_order_number(con, orders):
    assert found(con, str(orders["server"])) == {orders["server"]}


def test_every_word_must_match(con, orders):
    assert found(con, "fjordtun server") == {orders["server"]}
    assert found(con, "fjordtun duodji") == set()


def test_search_combines_with_other_filters(con, seeded, orders):
    ax.change_status(con, seeded.admin, orders["server"], "klar_til_fakturering")
    assert found(con, "fjordtun", statuses=["under_arbeid"]) == {orders["kantine"]}
    assert found(con, "fjordtun", categories=["invoicing"]) == {orders["server"]}


def test_blank_search_does_not_filter(con, orders):
    assert found(con, "   ") == set(orders.values())


@pytest.mark.parametrize("typed", ["%", "_", "'", " - ", "%_'", "-/", "*"])
def test_search_of_punctuation_only_finds_no_order(con, orders, typed):
    # No order has a word without letters or digits; dropping the filter would show all.
    page = ax.views.order_list(con, ax.views.OrderFilter(search=typed))
    assert (page.total_count, page.rows.height, page.total_sum) == (0, 0, 0)


def test_changed_title_and_reference_are_found_at_once(con, seeded, orders):
    ax.update_order(
        con, seeded.admin, orders["server"], title="Nytt kjølerom", customer_ref="INN-2026-7"
    )
    assert found(con, "kjølerom") == {orders["server"]}
    assert found(con, "server") == set()
    assert found(con, "inn-2026") == {orders["server"]}


def test_converted_quote_is_searchable(con, seeded):
    quote = ax.create_quote(
        con,
        seeded.admin,
        customer_id=seeded.customer,
        title="Varmepumper",
        our_contact_id=seeded.admin,
        status="accepted",
        lines=[{"product": seeded.product_25, "quantity": 1}],
    )
    order_no = ax.convert_quote(con, seeded.admin, quote)
    assert found(con, "varmepumpe") == {order_no}


def test_rebuild_gives_the_same_index(con, orders):
    before = con.execute("SELECT * FROM order_search_terms ORDER BY ALL").fetchall()
    con.execute("DELETE FROM order_search_terms")
    assert found(con, "kantine") == set()
    search.rebuild(con)
    assert con.execute("SELECT * FROM order_search_terms ORDER BY ALL").fetchall() == before


def test_words_are_split_like_the_sql_does():
    assert search.words("PO-4711  Čáhppes_Sámi kantine!") == [
        "čáhppes",
        "kantine",
        "4711",
        "sámi",
        "po",
    ]


def test_decomposed_accents_are_the_composed_letters(con, seeded, orders):
    composed = ax.create_order(
        con,
        seeded.admin,
        customer_id=seeded.customer,
        title="Éclair til møtet",
        our_contact_id=seeded.admin,
    )
    decomposed = ax.create_order(
        con,
        seeded.admin,
        customer_id=seeded.customer,
        title="Cre\u0300me bru\u0302le\u0301e",
        our_contact_id=seeded.admin,
    )
    assert found(con, "e\u0301") == {composed}
    assert found(con, "E\u0301CLAIR") == {composed}
    assert found(con, "brûlée") == {decomposed}
    assert found(con, "crème") == {decomposed}
    assert ax.views.integrity.search_index(con) == []


def test_renamed_company_is_found_by_its_new_name_through_the_hook(con, seeded, orders):
    con.execute("UPDATE companies SET name = 'Nordlys Bakeri AS' WHERE id = ?", [seeded.customer])
    assert ax.views.integrity.search_index(con) != []  # stale until the hook runs
    refreshed = search.refresh_orders_of(con, "company", seeded.customer)
    assert refreshed == 2
    assert found(con, "nordlys bakeri") == {orders["kantine"], orders["server"]}
    assert found(con, "fjordtun") == set()
    assert ax.views.integrity.search_index(con) == []


def test_renames_of_records_whose_names_are_not_indexed_refresh_nothing(con, seeded, orders):
    before = con.execute("SELECT * FROM order_search_terms ORDER BY ALL").fetchall()
    for kind, record in (("employee", seeded.admin), ("contact", seeded.contact)):
        assert search.refresh_orders_of(con, kind, record) == 0
    assert con.execute("SELECT * FROM order_search_terms ORDER BY ALL").fetchall() == before


def test_the_hook_refuses_an_unknown_record_kind(con):
    with pytest.raises(ax.InvalidChoice, match="«kunde»"):
        search.refresh_orders_of(con, "kunde", 1)


def test_refresh_of_scattered_orders_touches_only_them(con, seeded, orders):
    con.execute("UPDATE orders SET title = 'Helt nytt' WHERE order_no <> ?", [orders["server"]])
    search.refresh_orders(con, [orders["kantine"], orders["sami"]])
    assert found(con, "helt nytt") == {orders["kantine"], orders["sami"]}
    assert found(con, "server") == {orders["server"]}
    assert ax.views.integrity.search_index(con) == []
