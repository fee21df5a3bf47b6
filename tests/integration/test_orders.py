"""Creating orders, order numbers and editing the order header."""

import datetime as dt
import threading

import pytest

import axos_data as ax


def test_create_order_stores_the_header_with_defaults(con, seeded):
    order_no = ax.create_order(
        con,
        seeded.admin,
        customer_id=seeded.customer,
        contact_id=seeded.contact,
        our_contact_id=seeded.user,
        project_id=seeded.project,
        title="  Nytt lager, fase 1 ",
        order_date="2026-03-02",
        delivery_date="2026-04-01",
        customer_ref="PO-778",
    )
    header = ax.views.order_detail(con, order_no).header
    assert header["order_no"] == 10001
    assert header["title"] == "Nytt lager, fase 1"
    assert header["status"] == "under_arbeid"
    assert (header["customer_id"], header["contact_id"], header["our_contact_id"]) == (
        seeded.customer,
        seeded.contact,
        seeded.user,
    )
    assert header["project_id"] == seeded.project
    assert header["order_date"] == dt.date(2026, 3, 2)
    assert header["delivery_date"] == dt.date(2026, 4, 1)
    assert header["customer_ref"] == "PO-778"
    assert header["payment_terms_days"] == 14
    assert header["invoice_method"] == "email"
    assert header["currency"] == "NOK"
    assert header["total"] == 0
    assert header["version"] == 1


def test_creation_writes_initial_status_history_and_activity(con, seeded, new_order):
    order_no = new_order()
    history = ax.views.status_history(con, order_no).to_dicts()
    assert [(h["from_status"], h["to_status"], h["changed_by"]) for h in history] == [
        (None, "under_arbeid", seeded.admin)
    ]
    activity = ax.views.order_activity(con, order_no).to_dicts()
    assert [(a["kind"], a["actor_id"]) for a in activity] == [("created", seeded.admin)]
    assert "Fjordtun Bygg AS" in activity[0]["message"]


def test_order_numbers_are_sequential_from_the_start_setting(con, seeded, new_order):
    assert [new_order() for _ in range(3)] == [10001, 10002, 10003]


def test_a_higher_start_setting_moves_numbering_forward(con, seeded, new_order):
    ax.update_settings(con, seeded.admin, order_number_start=50000)
    assert [new_order(), new_order()] == [50000, 50001]


def test_order_numbers_are_never_reused_even_when_the_start_is_lowered(con, seeded, new_order):
    first = [new_order(), new_order()]
    ax.update_settings(con, seeded.admin, order_number_start=1)
    assert new_order() == 10003
    assert first == [10001, 10002]


def test_a_refused_creation_does_not_use_up_a_number(con, seeded, new_order):
    assert new_order() == 10001
    with pytest.raises(ax.ContactNotOfCustomer):
        new_order(contact_id=seeded.other_contact)
    assert new_order() == 10002


def test_order_numbers_are_unique_when_threads_create_orders_at_once(con, seeded):
    threads_count, per_thread = 6, 10
    created: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(threads_count)

    def create_many():
        cursor = con.cursor()
        start.wait()
        for i in range(per_thread):
            try:
                number = ax.create_order(
                    cursor,
                    seeded.user,
                    customer_id=seeded.customer,
                    title=f"Parallell {i}",
                    our_contact_id=seeded.user,
                )
            except BaseException as error:  # collected and asserted below
                with lock:
                    errors.append(error)
            else:
                with lock:
                    created.append(number)

    threads = [threading.Thread(target=create_many) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    total = threads_count * per_thread
    assert sorted(created) == list(range(10001, 10001 + total))
    stored = con.execute("SELECT order_no FROM orders ORDER BY order_no").fetchall()
    assert [row[0] for row in stored] == sorted(created)
    activity = con.execute("SELECT count(*) FROM order_activity WHERE kind = 'created'").fetchall()
    assert activity == [(total,)]


def test_update_order_changes_header_fields_and_logs_them(con, seeded, new_order):
    order_no = new_order()
    diff = ax.update_order(
        con,
        seeded.user,
        order_no,
        title="Ny tittel",
        contact_id=seeded.contact,
        customer_ref="PO-1",
        payment_terms_days="30",
        invoice_method="ehf",
    )
    assert set(diff) == {
        "title",
        "contact_id",
        "customer_ref",
        "payment_terms_days",
        "invoice_method",
    }
    header = ax.views.order_detail(con, order_no).header
    assert (header["title"], header["contact_id"], header["customer_ref"]) == (
        "Ny tittel",
        seeded.contact,
        "PO-1",
    )
    assert (header["payment_terms_days"], header["invoice_method"], header["version"]) == (
        30,
        "ehf",
        2,
    )
    last = ax.views.order_activity(con, order_no).to_dicts()[-1]
    assert last["kind"] == "header_changed"
    assert ax.update_order(con, seeded.user, order_no, title="Ny tittel") == {}


def test_update_order_clears_optional_fields(con, seeded, new_order):
    order_no = new_order(contact_id=seeded.contact, project_id=seeded.project)
    ax.update_order(con, seeded.user, order_no, contact_id="", project_id=None)
    header = ax.views.order_detail(con, order_no).header
    assert (header["contact_id"], header["project_id"]) == (None, None)


def test_changing_customer_rechecks_contact_and_project(con, seeded, new_order, refused):
    order_no = new_order(contact_id=seeded.contact, project_id=seeded.project)
    with refused(ax.ContactNotOfCustomer, "Ingrid Berg"):
        ax.update_order(con, seeded.user, order_no, customer_id=seeded.other_customer)
    ax.update_order(
        con,
        seeded.user,
        order_no,
        customer_id=seeded.other_customer,
        contact_id=seeded.other_contact,
        project_id=None,
    )
    assert ax.views.order_detail(con, order_no).header["customer_name"] == "Čáhppes Sámi Design"


def test_header_is_editable_while_invoicing_but_not_after(con, seeded, new_order, refused):
    order_no = new_order()
    ax.change_status(con, seeded.user, order_no, "klar_til_fakturering")
    ax.update_order(con, seeded.user, order_no, customer_ref="PO-2")
    with refused(ax.OrderLocked, str(order_no)):
        ax.update_order(con, seeded.user, order_no, customer_id=seeded.other_customer)
    ax.change_status(con, seeded.user, order_no, "fakturert")
    with refused(ax.OrderLocked, "Fakturert"):
        ax.update_order(con, seeded.user, order_no, customer_ref="PO-3")


def test_stale_version_is_refused(con, seeded, new_order, refused):
    order_no = new_order()
    ax.update_order(con, seeded.user, order_no, title="Endret av en annen")
    with refused(ax.ConcurrentModification, "versjon 2"):
        ax.update_order(con, seeded.admin, order_no, expected_version=1, title="Min endring")


def test_customer_of_an_order_with_lines_can_change(con, seeded, new_order):
    order_no = new_order()
    ax.add_line(con, seeded.user, order_no, product=seeded.product_25, quantity=2)
    ax.add_comment(con, seeded.user, order_no, "Feil kunde, rettes")
    ax.update_order(con, seeded.user, order_no, customer_id=seeded.other_customer)
    detail = ax.views.order_detail(con, order_no)
    assert detail.header["customer_id"] == seeded.other_customer
    assert detail.lines.height == 1
    found = ax.views.order_list(con, ax.views.OrderFilter(search="čáhppes"))
    assert order_no in found.rows["order_no"].to_list()
