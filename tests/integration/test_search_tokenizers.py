"""The two tokenizers of the search agree: the SQL that fills the index (queries/search.sql)
and search.words (what the user types), on random text with decomposed accents, Greek,
Sami and Turkish letters, digits and punctuation."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import axos_data as ax
from axos_data import search

# Stored texts never hold control characters (limits.clean_text refuses them). Letters
# Python 3.11 does not know yet (Unicode 15, e.g. CJK extension H) are left out: its
# unicodedata would call them unassigned where DuckDB's tables call them letters.
_ANY = st.characters(blacklist_categories=("Cs", "Cc", "Cn"))
_TRICKY = st.sampled_from(
    "aeiouAEIOUæøåÆØÅčđŋšŧžáÁÇß İıΣσςΟΔ0123456789"
    "\u0300\u0301\u0302\u0308\u030a\u0327\u0307"  # combining accents: e + U+0301 is é
    " -_%'/.,!?*"
)
TEXTS = st.text(st.one_of(_TRICKY, _ANY), min_size=1, max_size=40).map(str.strip).filter(bool)


@pytest.fixture
def order(con, seeded):
    return ax.create_order(
        con, seeded.admin, customer_id=seeded.customer, title="Start", our_contact_id=seeded.admin
    )


def stored_words(con, order_no: int) -> set[str]:
    rows = con.execute("SELECT term FROM order_search_terms WHERE order_no = ?", [order_no])
    return {row[0] for row in rows.fetchall()}


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(title=TEXTS)
@example(title="E\u0301CLAIR")
@example(title="İSTANBUL ΟΔΟΣ")
@example(title="Čáhppes_Sámi-kantine!")
@example(title="%_'")
def test_python_and_sql_split_a_title_alike(con, seeded, order, title):
    con.execute("UPDATE orders SET title = ? WHERE order_no = ?", [title, order])
    search.refresh_orders(con, [order])
    customer = con.execute("SELECT name FROM companies WHERE id = ?", [seeded.customer])
    texts = f"{order} {title} {customer.fetchall()[0][0]}"
    assert stored_words(con, order) == set(search.normal_words(texts))
    # What the user types finds the order, whichever way the accents were typed.
    for typed in (title, unicodedata.normalize("NFD", title)):
        typed_words = search.words(typed)
        if typed_words:
            page = ax.views.order_list(con, ax.views.OrderFilter(search=typed))
            assert order in page.rows["order_no"].to_list()
