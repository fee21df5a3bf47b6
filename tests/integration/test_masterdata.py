"""Companies, contacts, employees, projects and products."""

from decimal import Decimal

import pytest

import axos_data as ax


def test_the_first_employee_needs_no_actor_and_becomes_admin(con):
    first = ax.add_employee(con, None, name="Kari", email="kari@x.no", role="user")
    rows = con.execute("SELECT name, email, role, active FROM employees").fetchall()
    assert rows == [("Kari", "kari@x.no", "admin", True)]
    second = ax.add_employee(con, first, name="Ola", email="ola@x.no")
    assert con.execute("SELECT role FROM employees WHERE id = ?", [second]).fetchall() == [
        ("user",)
    ]


def test_later_employees_need_an_admin_actor(con, seeded, refused):
    with refused(ax.PermissionDenied, "Ola Hansen"):
        ax.add_employee(con, seeded.user, name="Per", email="per@x.no")
    with refused(ax.PermissionDenied):
        ax.add_employee(con, None, name="Per", email="per@x.no")


def test_employee_email_is_unique_ignoring_case(con, seeded, refused):
    with refused(ax.AlreadyExists, "OLA@nordlys.no"):
        ax.add_employee(con, seeded.admin, name="Ola 2", email="OLA@nordlys.no")


def test_deactivated_employees_cannot_act_or_be_our_contact(con, seeded, refused):
    ax.set_employee_active(con, seeded.admin, seeded.user, False)
    with refused(ax.InactiveEmployee, "Ola Hansen"):
        ax.add_company(con, seeded.user, name="Nytt AS")
    with refused(ax.InactiveEmployee, "Ola Hansen"):
        ax.create_order(
            con, seeded.admin, customer_id=seeded.customer, title="X", our_contact_id=seeded.user
        )
    ax.set_employee_active(con, seeded.admin, seeded.user, True)
    assert ax.add_company(con, seeded.user, name="Nytt AS") > 0


def test_add_company_stores_the_validated_orgnr(con, seeded):
    company = ax.add_company(
        con, seeded.user, name=" Havbris AS ", orgnr="NO 923 609 016 MVA", email="post@havbris.no"
    )
    row = con.execute(
        "SELECT name, orgnr, country, email FROM companies WHERE id = ?", [company]
    ).fetchall()
    assert row == [("Havbris AS", "923609016", "NO", "post@havbris.no")]


def test_foreign_companies_keep_their_own_registration_number(con, seeded):
    company = ax.add_company(con, seeded.user, name="Svensk AB", orgnr="556036-0793", country="se")
    assert con.execute(
        "SELECT orgnr, country FROM companies WHERE id = ?", [company]
    ).fetchall() == [("556036-0793", "SE")]


def test_contacts_and_projects_belong_to_a_company(con, seeded):
    contact = ax.add_contact(con, seeded.user, company_id=seeded.other_customer, name="Nils")
    project = ax.add_project(con, seeded.user, name="Kai", customer_id=seeded.other_customer)
    assert con.execute("SELECT company_id FROM contacts WHERE id = ?", [contact]).fetchall() == [
        (seeded.other_customer,)
    ]
    # Without a manager, the acting employee is responsible.
    assert con.execute(
        "SELECT customer_id, manager_id FROM projects WHERE id = ?", [project]
    ).fetchall() == [(seeded.other_customer, seeded.user)]


def test_products_are_found_by_sku_or_id(con, seeded):
    product = ax.add_product(
        con,
        seeded.admin,
        sku="SRV-1",
        name="Server",
        unit="stk",
        unit_price="25000.1234",
        vat_rate="25",
    )
    by_sku = ax.find_product(con, "SRV-1")
    assert by_sku["id"] == product
    assert by_sku["unit_price"] == Decimal("25000.1234")
    assert ax.find_product(con, str(product))["sku"] == "SRV-1"
    with pytest.raises(ax.UnknownProduct) as caught:
        ax.find_product(con, "NOPE")
    assert "NOPE" in str(caught.value)


def test_product_sku_is_unique(con, seeded, refused):
    with refused(ax.AlreadyExists, "KONS-T"):
        ax.add_product(con, seeded.admin, sku="KONS-T", name="X", unit="t", unit_price=1)


def test_lookups_list_and_search_master_data(con, seeded):
    assert ax.views.companies(con, "fjordtun")["id"].to_list() == [seeded.customer]
    assert ax.views.companies(con, "988077917")["id"].to_list() == [seeded.customer]
    assert ax.views.contacts(con, seeded.customer)["id"].to_list() == [seeded.contact]
    assert ax.views.employees(con, "ola")["id"].to_list() == [seeded.user]
    assert ax.views.projects(con, seeded.customer)["id"].to_list() == [seeded.project]
    assert ax.views.products(con, "kaffe")["sku"].to_list() == ["MAT-KG"]
    assert ax.views.statuses(con)["key"].to_list()[0] == "under_arbeid"
