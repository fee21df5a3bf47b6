"""The invariant check (`ax.views.check`, `axos check`): a sound database passes, and each
invariant, broken with raw SQL in the test's own database, is named by its check."""

import pytest

import axos_data as ax
from axos_data.demo import load_demo

pytestmark = pytest.mark.breaks_invariants


@pytest.fixture
def world(con, seeded):
    """Two orders (one with a group and lines, moved one status on) and a converted quote."""
    first = ax.create_order(
        con, seeded.admin, customer_id=seeded.customer, title="Kantine", our_contact_id=seeded.user
    )
    group = ax.add_group(con, seeded.admin, first, "Arbeid")
    ax.add_line(con, seeded.admin, first, product="KONS-T", quantity="2", group_id=group)
    ax.add_line(con, seeded.admin, first, product="BOK", quantity="1")
    ax.change_status(con, seeded.admin, first, "klar_til_fakturering")
    second = ax.create_order(
        con, seeded.admin, customer_id=seeded.customer, title="Lager", our_contact_id=seeded.user
    )
    quote = ax.create_quote(
        con,
        seeded.user,
        customer_id=seeded.customer,
        our_contact_id=seeded.user,
        title="Tilbud",
        lines=[{"product": "MAT-KG", "quantity": "3"}],
        status="accepted",
    )
    converted = ax.convert_quote(con, seeded.admin, quote)
    assert ax.views.check(con) == []
    return {
        "first": first,
        "second": second,
        "converted": converted,
        "quote": quote,
        "group": group,
    }


def problems(con, name):
    found = ax.views.check(con)
    assert found, "the check found nothing"
    assert {p.check for p in found} == {name}, found
    return found


def without_foreign_keys(con, table):
    """Recreate `table` without its constraints, so raw SQL can break what the FK guards."""
    con.execute(f"CREATE TABLE {table}_copy AS SELECT * FROM {table}")
    con.execute(f"DROP TABLE {table}")
    con.execute(f"ALTER TABLE {table}_copy RENAME TO {table}")


def test_a_sound_database_passes_every_check(world, con):
    assert ax.views.check(con) == []
    assert [c.name for c in ax.views.CHECKS] == [
        "order_numbers",
        "statuses",
        "status_records",
        "totals",
        "references",
        "conversions",
        "search_index",
        "bounds",
        "followup",
        "file_blobs",
        "users",
        "payments",
        "invoices",
    ]


def test_the_demo_database_passes(con):
    load_demo(con, 400, seed=3, progress=False, chunk_size=150)
    assert ax.views.check(con) == []


def test_a_gap_in_the_numbering_is_named(world, con):
    # Renumber the last order everywhere it is referenced, leaving only the gap behind.
    last = world["converted"]
    for table in (
        "order_status_history",
        "order_activity",
        "order_search_terms",
        "order_followers",
        "notifications",
    ):
        con.execute(f"UPDATE {table} SET order_no = 10009 WHERE order_no = ?", [last])
    con.execute("UPDATE order_search_terms SET term = '10009' WHERE term = ?", [str(last)])
    without_foreign_keys(con, "order_lines")
    con.execute("UPDATE order_lines SET order_no = 10009 WHERE order_no = ?", [last])
    con.execute("UPDATE orders SET order_no = 10009 WHERE order_no = ?", [last])
    con.execute("UPDATE quotes SET order_no = 10009 WHERE order_no = ?", [last])
    con.execute("UPDATE relations SET from_id = 10009 WHERE from_type = 'order'")
    con.execute("UPDATE relations SET to_id = 10009 WHERE to_type = 'order'")
    con.execute("UPDATE counters SET next_value = 10010 WHERE name = 'order_no'")
    (found,) = problems(con, "order_numbers")
    assert found.order_no == 10009
    assert "10003–10008 mangler" in found.message


def test_numbers_handed_out_and_not_used_are_named(world, con):
    con.execute("UPDATE counters SET next_value = next_value + 2 WHERE name = 'order_no'")
    (found,) = problems(con, "order_numbers")
    assert "10004–10005" in found.message
    assert "delt ut" in found.message


def test_a_counter_behind_the_orders_is_named(world, con):
    con.execute("UPDATE counters SET next_value = 10002 WHERE name = 'order_no'")
    (found,) = problems(con, "order_numbers")
    assert "10003" in found.message


def test_raising_the_start_setting_is_not_a_gap(world, con, seeded):
    ax.update_settings(con, seeded.admin, order_number_start=20001)
    number = ax.create_order(
        con, seeded.admin, customer_id=seeded.customer, title="Etter", our_contact_id=seeded.user
    )
    assert number == 20001
    assert ax.views.check(con) == []


def test_an_unknown_status_is_named(world, con):
    con.execute("UPDATE orders SET status = 'borte' WHERE order_no = ?", [world["second"]])
    con.execute(
        "UPDATE order_status_history SET to_status = 'borte' WHERE order_no = ?",
        [world["second"]],
    )
    (found,) = problems(con, "statuses")
    assert found.order_no == world["second"]
    assert "«borte», som ikke finnes" in found.message


def test_a_status_that_cannot_be_reached_is_named(world, con):
    # Final, and no transition leads to it: neither the flow nor an admin's reopen reaches it.
    con.execute("INSERT INTO statuses VALUES ('arkiv', 'Arkiv', 'closed', 9, true)")
    # A consistent history into the unreachable status, so only the flow check objects.
    con.execute(
        "UPDATE order_status_history SET to_status = 'arkiv'"
        " WHERE order_no = ? AND from_status IS NULL",
        [world["second"]],
    )
    con.execute("UPDATE orders SET status = 'arkiv' WHERE order_no = ?", [world["second"]])
    (found,) = problems(con, "statuses")
    assert found.order_no == world["second"]
    assert "ikke kan nås i statusflyten" in found.message


def delete_notifications_of(con, kind: str, order_no: int) -> None:
    """The notifications of the activity rows a test deletes (their own check would object)."""
    con.execute(
        "DELETE FROM notifications WHERE activity_id IN"
        " (SELECT id FROM order_activity WHERE order_no = ? AND kind = ?)",
        [order_no, kind],
    )


def test_a_status_change_without_its_activity_row_is_named(world, con):
    delete_notifications_of(con, "status_changed", world["first"])
    con.execute(
        "DELETE FROM order_activity WHERE order_no = ? AND kind = 'status_changed'",
        [world["first"]],
    )
    (found,) = problems(con, "status_records")
    assert found.order_no == world["first"]
    assert "1 rad(er) i statushistorikken og 0 i aktivitetsloggen" in found.message


def test_a_status_change_with_two_history_rows_is_named(world, con):
    con.execute(
        "INSERT INTO order_status_history (order_no, from_status, to_status, changed_at,"
        " changed_by) SELECT order_no, from_status, to_status, changed_at, changed_by"
        " FROM order_status_history WHERE order_no = ? AND from_status IS NOT NULL",
        [world["first"]],
    )
    found = problems(con, "status_records")
    assert any("2 rad(er) i statushistorikken og 1" in p.message for p in found), found


def test_an_order_without_its_creation_record_is_named(world, con):
    delete_notifications_of(con, "created", world["second"])
    con.execute(
        "DELETE FROM order_activity WHERE order_no = ? AND kind = 'created'", [world["second"]]
    )
    (found,) = problems(con, "status_records")
    assert found.order_no == world["second"]
    assert "opprettelsen" in found.message


def test_a_status_the_history_does_not_end_in_is_named(world, con):
    con.execute("UPDATE orders SET status = 'fakturert' WHERE order_no = ?", [world["first"]])
    (found,) = problems(con, "status_records")
    assert "ender i «klar_til_fakturering»" in found.message


def test_stored_totals_that_disagree_with_the_lines_are_named(world, con):
    con.execute("UPDATE orders SET total = total + 1 WHERE order_no = ?", [world["first"]])
    (found,) = problems(con, "totals")
    assert found.order_no == world["first"]


def test_a_line_of_a_missing_order_is_named(world, con):
    without_foreign_keys(con, "order_lines")
    con.execute(
        "INSERT INTO order_lines (id, order_no, position, description, quantity, unit,"
        " unit_price, vat_rate, amount) VALUES (777, 99999, 1, 'Foreldreløs', 1, 'stk', 0, 25, 0)"
    )
    found = problems(con, "references")
    assert any("ordre 99999, som ikke finnes" in p.message for p in found), found


def test_a_line_of_a_missing_group_is_named(world, con):
    con.execute(
        "UPDATE order_lines SET group_id = 424242 WHERE order_no = ? AND group_id IS NOT NULL",
        [world["first"]],
    )
    (found,) = problems(con, "references")
    assert "gruppe 424242, som ikke finnes" in found.message


def test_a_line_in_another_orders_group_is_named(world, con):
    con.execute(
        "UPDATE order_lines SET group_id = ? WHERE order_no = ?",
        [world["group"], world["converted"]],
    )
    found = problems(con, "references")
    assert all("hører til en annen ordre" in p.message for p in found)
    assert {p.order_no for p in found} == {world["converted"]}


def test_a_group_of_a_missing_order_is_named(world, con):
    without_foreign_keys(con, "order_groups")
    con.execute("UPDATE order_groups SET order_no = 88888")
    found = problems(con, "references")
    assert any("gruppe" in p.message and "ordre 88888" in p.message for p in found), found


def test_a_conversion_linked_one_way_only_is_named(world, con):
    con.execute("UPDATE quotes SET order_no = NULL WHERE id = ?", [world["quote"]])
    found = problems(con, "conversions")
    assert any(
        p.order_no == world["converted"] and "peker ikke tilbake" in p.message for p in found
    )


def test_a_conversion_without_its_relation_rows_is_named(world, con):
    con.execute("DELETE FROM relations WHERE kind = 'converted_to'")
    (found,) = problems(con, "conversions")
    assert found.order_no == world["converted"]
    assert "relasjonen" in found.message


def test_an_order_that_forgot_its_quote_is_named(world, con):
    con.execute("UPDATE orders SET quote_id = NULL WHERE order_no = ?", [world["converted"]])
    found = problems(con, "conversions")
    assert any("tilbud" in p.message for p in found)


def test_a_stale_search_index_is_named(world, con):
    con.execute("UPDATE orders SET title = 'Omdøpt' WHERE order_no = ?", [world["second"]])
    (found,) = problems(con, "search_index")
    assert found.order_no == world["second"]
    assert "axos reindex" in found.message
    ax.atomic(con, lambda c: ax.search.rebuild(c))
    assert ax.views.check(con) == []


def test_one_check_can_run_alone(world, con):
    con.execute("UPDATE orders SET total = total + 1 WHERE order_no = ?", [world["first"]])
    assert ax.views.check(con, ["search_index"]) == []
    assert [p.check for p in ax.views.check(con, ["totals"])] == ["totals"]


@pytest.fixture
def exported(world, con, seeded, tmp_path):
    """The world's ready order exported once: one batch row and one invoice number."""
    ax.update_settings(
        con,
        seeded.admin,
        company_name="Nordlys Systemer AS",
        company_orgnr="923609016",
        company_address="Storgata 10",
        company_postcode="0155",
        company_city="Oslo",
        company_bank_account="12345678903",
    )
    batch = ax.export_invoices(con, seeded.admin, tmp_path / "out", order_nos=[world["first"]])
    assert ax.views.check(con) == []
    return batch


def test_a_batch_row_with_another_invoice_number_is_named(exported, con, world):
    con.execute("UPDATE invoice_batch_orders SET invoice_no = invoice_no + 7")
    (found,) = problems(con, "invoices")
    assert found.order_no == world["first"]
    assert f"fakturagrunnlag {exported.id}".lower() in found.message.lower()


def test_an_invoice_number_given_to_two_orders_is_named(exported, con, world):
    without_foreign_keys(con, "order_invoices")
    con.execute(
        "INSERT INTO order_invoices SELECT ?, invoice_no, issue_date, batch_id FROM order_invoices",
        [world["second"]],
    )
    (found,) = problems(con, "invoices")
    number = exported.invoice_nos[world["first"]]
    assert f"Fakturanummer {number} er gitt til 2 ordrer" in found.message


def test_an_invoice_counter_behind_the_numbers_is_named(exported, con):
    con.execute("UPDATE counters SET next_value = 1 WHERE name = 'invoice_no'")
    (found,) = problems(con, "invoices")
    assert "Telleren for fakturanumre" in found.message


def test_a_history_row_with_the_wrong_previous_moment_is_named(world, con):
    # previous_at (migration 014) must be the changed_at of the order's previous row.
    con.execute(
        "UPDATE order_status_history SET previous_at = previous_at - INTERVAL 1 HOUR"
        " WHERE order_no = ? AND from_status IS NOT NULL",
        [world["first"]],
    )
    (found,) = problems(con, "status_records")
    assert found.order_no == world["first"]
    assert "forrige rad er fra" in found.message


def test_every_writer_fills_previous_at(world, con, seeded):
    """change_status, a batch move (dunning/payments), creation and conversion: each history
    row after the first carries the previous row's moment, the first none."""
    ax.change_status(con, seeded.admin, world["first"], "fakturert")
    rows = con.execute(
        "SELECT order_no, previous_at, lag(changed_at) OVER (PARTITION BY order_no ORDER BY id)"
        " FROM order_status_history ORDER BY id"
    ).fetchall()
    assert {n for n, _, _ in rows} >= {world["first"], world["second"], world["converted"]}
    assert all(previous == expected for _, previous, expected in rows if expected is not None)
    assert all(previous is None for _, previous, expected in rows if expected is None)
    assert sum(previous is not None for _, previous, _ in rows) == 2
