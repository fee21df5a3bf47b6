"""Property: for random orders, the library's Decimal totals, the stored order row and the SQL
views agree to the øre (quantities ≤ 3 decimals, prices ≤ 4 incl. negatives, discounts ≤ 2,
every VAT rate, random groups).

One database per test; every example adds a new order to it."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import axos_data as ax
from axos_data import money


def scaled(low: int, high: int, places: int) -> st.SearchStrategy[Decimal]:
    return st.integers(low, high).map(lambda n: Decimal(n).scaleb(-places))


line_specs = st.fixed_dictionaries(
    {
        "quantity": scaled(1, 5_000_000, 3),  # 0.001 … 5 000.000
        "unit_price": st.one_of(
            scaled(-2_000_000_000, 2_000_000_000, 4),  # −200 000.0000 … 200 000.0000
            scaled(-10_000, 10_000, 4),  # small prices, where half-øre rounding happens most
        ),
        "discount_pct": st.one_of(st.just(Decimal(0)), scaled(0, 10_000, 2)),
        "vat_rate": st.sampled_from(money.VAT_RATES),
        "group": st.one_of(st.none(), st.integers(0, 2)),
    }
)
orders = st.tuples(st.integers(0, 3), st.lists(line_specs, max_size=10))

PROPERTY_SETTINGS = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def database(tmp_path_factory, seeding):
    con = ax.connect(tmp_path_factory.mktemp("property") / "axos.duckdb")
    cast = seeding(con)
    yield con, cast
    con.close()


def assert_views_agree(con, order_no, expected: money.Totals, expected_groups: dict[int, Decimal]):
    detail = ax.views.order_detail(con, order_no)
    header = detail.header
    # The stored order row.
    assert (header["net_total"], header["vat_total"], header["total"]) == (
        expected.net,
        expected.vat_total,
        expected.total,
    )
    # The SQL VAT breakdown per rate.
    sql_vat = [(row["rate"], row["base"], row["amount"]) for row in detail.vat.to_dicts()]
    assert sql_vat == [(v.rate, v.base, v.amount) for v in expected.vat]
    assert detail.totals == expected
    # The SQL recomputation from the lines, line amounts included.
    [recomputed] = ax.views.recomputed_totals(con, [order_no]).to_dicts()
    assert (recomputed["net"], recomputed["vat"], recomputed["total"]) == (
        expected.net,
        expected.vat_total,
        expected.total,
    )
    assert recomputed["amounts_ok"]
    assert ax.views.totals_mismatches(con, [order_no]).height == 0
    # Group subtotals.
    subtotals = {g["id"]: g["subtotal"] for g in detail.groups.to_dicts()}
    assert subtotals == expected_groups


@PROPERTY_SETTINGS
@given(order=orders)
def test_order_totals_agree_everywhere(database, order):
    con, cast = database
    group_count, specs = order
    order_no = ax.create_order(
        con, cast.user, customer_id=cast.customer, title="Egenskap", our_contact_id=cast.user
    )
    groups = [ax.add_group(con, cast.user, order_no, f"Gruppe {i}") for i in range(group_count)]
    pairs = []
    subtotals = {group: Decimal("0.00") for group in groups}
    for spec in specs:
        group = (
            groups[spec["group"] % len(groups)] if groups and spec["group"] is not None else None
        )
        line_id = ax.add_line(
            con,
            cast.user,
            order_no,
            description="Linje",
            quantity=spec["quantity"],
            unit="stk",
            unit_price=spec["unit_price"],
            discount_pct=spec["discount_pct"],
            vat_rate=spec["vat_rate"],
            group_id=group,
        )
        amount = money.line_amount(spec["quantity"], spec["unit_price"], spec["discount_pct"])
        stored = con.execute("SELECT amount FROM order_lines WHERE id = ?", [line_id]).fetchall()
        assert stored == [(amount,)]
        pairs.append((amount, spec["vat_rate"]))
        if group is not None:
            subtotals[group] += amount
    assert_views_agree(con, order_no, money.totals(pairs), subtotals)


quote_lines = st.lists(line_specs, min_size=1, max_size=10)


@settings(PROPERTY_SETTINGS, max_examples=25)
@given(specs=quote_lines, change=st.data())
def test_converted_quotes_and_changed_lines_agree_everywhere(database, specs, change):
    con, cast = database
    lines = [
        {
            "description": f"Linje {i}",
            "quantity": spec["quantity"],
            "unit": "stk",
            "unit_price": spec["unit_price"],
            "discount_pct": spec["discount_pct"],
            "vat_rate": spec["vat_rate"],
            "group": None if spec["group"] is None else f"Gruppe {spec['group']}",
        }
        for i, spec in enumerate(specs)
    ]
    quote_id = ax.create_quote(
        con,
        cast.user,
        customer_id=cast.customer,
        our_contact_id=cast.user,
        title="Tilbud",
        lines=lines,
        status="accepted",
    )
    order_no = ax.convert_quote(con, cast.user, quote_id)
    rows = ax.views.order_detail(con, order_no).lines.to_dicts()
    # Change one line and remove another, then everything must still agree.
    changed = change.draw(st.sampled_from(rows))
    new_values = change.draw(line_specs)
    ax.update_line(
        con,
        cast.user,
        order_no,
        changed["id"],
        quantity=new_values["quantity"],
        unit_price=new_values["unit_price"],
        discount_pct=new_values["discount_pct"],
        vat_rate=new_values["vat_rate"],
    )
    if len(rows) > 1:
        removed = change.draw(st.sampled_from([r for r in rows if r["id"] != changed["id"]]))
        ax.remove_line(con, cast.user, order_no, removed["id"])
    final = ax.views.order_detail(con, order_no).lines.to_dicts()
    expected = money.totals(
        (
            money.line_amount(r["quantity"], r["unit_price"], r["discount_pct"]),
            r["vat_rate"],
        )
        for r in final
    )
    groups: dict[int, Decimal] = {}
    for group in ax.views.order_detail(con, order_no).groups.to_dicts():
        groups[group["id"]] = sum(
            (r["amount"] for r in final if r["group_id"] == group["id"]), Decimal("0.00")
        )
    assert_views_agree(con, order_no, expected, groups)
