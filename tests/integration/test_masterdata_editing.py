"""Editing and deactivating master data: audited, renaming a customer refreshes its orders'
search words, a deactivated customer gets no new orders but keeps its history."""

import pytest

import axos_data as ax
from axos_data.services.audit import audit_entries


def _found(con, text: str) -> list[int]:
    page = ax.views.order_list(con, ax.views.OrderFilter(search=text))
    return page.rows["order_no"].to_list()


def test_renaming_a_customer_refreshes_the_search(con, seeded, new_order):
    first, second = new_order(), new_order()
    other = new_order(customer_id=seeded.other_customer, contact_id=None, project_id=None)
    ax.update_record(con, seeded.user, "company", seeded.customer, name="Havbris Eiendom AS")
    assert set(_found(con, "havbris")) == {first, second}
    assert _found(con, "fjordtun") == []
    assert other not in _found(con, "havbris")
    assert ax.views.check(con) == []


def test_a_deactivated_customer_gets_no_new_orders_but_keeps_its_history(
    con, seeded, new_order, refused
):
    old = new_order()
    quote = ax.create_quote(
        con,
        seeded.admin,
        customer_id=seeded.customer,
        our_contact_id=seeded.user,
        title="Tilbud",
        lines=[{"product": seeded.product_25, "quantity": 1}],
        status="accepted",
    )
    ax.update_record(con, seeded.admin, "company", seeded.customer, active="nei")
    with refused(ax.InactiveCustomer, "Fjordtun Bygg AS", "deaktivert"):
        new_order()
    with refused(ax.InactiveCustomer, "Fjordtun Bygg AS"):
        ax.convert_quote(con, seeded.admin, quote)
    # History stays and can still be worked on.
    ax.add_line(con, seeded.user, old, product=seeded.product_25, quantity=2)
    assert ax.views.order_detail(con, old).header["customer_name"] == "Fjordtun Bygg AS"
    ax.update_record(con, seeded.admin, "company", seeded.customer, active=True)
    assert ax.convert_quote(con, seeded.admin, quote) > old


def test_deactivated_contact_and_project_are_refused_for_new_orders(
    con, seeded, new_order, refused
):
    ax.update_record(con, seeded.user, "contact", seeded.contact, active=False)
    with refused(ax.InactiveCustomer, "Ingrid Berg"):
        new_order(contact_id=seeded.contact)
    ax.update_record(con, seeded.user, "project", seeded.project, active=False)
    with refused(ax.InactiveCustomer, "Nytt lager"):
        new_order(project_id=seeded.project)


def test_edits_are_validated_and_audited(con, seeded, refused):
    with refused(ax.InvalidOrgNumber, "123456789"):
        ax.update_record(con, seeded.user, "company", seeded.customer, orgnr="123456789")
    with refused(ax.InvalidChoice, "colour"):
        ax.update_record(con, seeded.user, "company", seeded.customer, colour="blue")
    with refused(ax.UnknownProduct, "999"):
        ax.update_record(con, seeded.user, "product", 999, name="X")
    product = ax.find_product(con, seeded.product_25)["id"]
    ax.update_record(con, seeded.user, "product", product, unit_price="1300", active=False)
    entry = audit_entries(con)[0]
    assert (entry["entity"], entry["entity_id"], entry["action"]) == (
        "product",
        str(product),
        "deactivated",
    )
    assert entry["changes"]["active"] == [True, False]
    assert entry["changes"]["unit_price"][1] == "1300.0000"


def test_employees_are_admin_only_and_the_last_admin_stays(con, seeded, refused):
    with refused(ax.PermissionDenied, "Ola Hansen"):
        ax.update_record(con, seeded.user, "employee", seeded.user, name="Ola H.")
    with refused(ax.LastAdmin, "Kari Nordmann"):
        ax.update_record(con, seeded.admin, "employee", seeded.admin, role="user")
    ax.update_record(con, seeded.admin, "employee", seeded.user, name="Ola H.", email="oh@x.no")
    assert audit_entries(con)[0]["changes"]["name"] == ["Ola Hansen", "Ola H."]


@pytest.mark.parametrize(
    ("entity", "make"),
    [
        ("company", lambda c, s: ax.add_company(c, s.user, name="Ny AS")),
        ("contact", lambda c, s: ax.add_contact(c, s.user, company_id=s.customer, name="Per")),
        ("employee", lambda c, s: ax.add_employee(c, s.admin, name="Per", email="per@x.no")),
        ("project", lambda c, s: ax.add_project(c, s.user, name="P", customer_id=s.customer)),
        (
            "product",
            lambda c, s: ax.add_product(c, s.user, sku="N", name="N", unit="stk", unit_price=1),
        ),
        (
            "quote",
            lambda c, s: ax.create_quote(
                c, s.user, customer_id=s.customer, our_contact_id=s.user, title="T", lines=[]
            ),
        ),
    ],
)
def test_every_new_record_is_audited(con, seeded, entity, make):
    new_id = make(con, seeded)
    entry = audit_entries(con)[0]
    assert (entry["entity"], entry["entity_id"], entry["action"]) == (
        entity,
        str(new_id),
        "created",
    )
