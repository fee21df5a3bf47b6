"""«Rediger» on the overview pages and «Produkter» on the settings page, on a real database:
forms submitted the way marimo submits them (the form's validate hook with the frontend's
values), refusals returned as the library's message with nothing stored, deactivated records
marked «Deaktivert» and left out of «Ny ordre»'s pickers but kept in the overview."""

from __future__ import annotations

import axos_data as ax
from axos_data import views
from axos_data.access import load_actor
from axos_data.app import list_controls, overview_page, product_forms, record_forms
from axos_data.app import new_order as new_order_page
from tests.conftest import table_snapshot


def submit(form, values: dict) -> str | None:
    """None when the write went through, else the text marimo shows inside the form; after a
    success marimo calls on_change, where the page reports and rebuilds."""
    said = form.validate(values)
    if said is None:
        form._on_change(None)
    return said


class Recorder:
    """The page's states as the notebook connects them: counts of bumps per state."""

    def __init__(self, desk):
        self.shown = 0
        self.rebuilt = 0
        desk.connect(record=(self._rebuild, self._show))

    def _show(self, _update) -> None:
        self.shown += 1

    def _rebuild(self, _update) -> None:
        self.rebuilt += 1


def _desk(con, actor) -> tuple[record_forms.RecordDesk, Recorder]:
    desk = record_forms.RecordDesk(con, actor)
    return desk, Recorder(desk)


def _frontend(form) -> dict:
    """The form's current values as the browser sends them (dropdowns as label lists)."""
    values = {}
    for key, element in form.element._elements.items():
        values[key] = element._value_frontend if hasattr(element, "_value_frontend") else None
    return values


def _search(con, words: str) -> list[int]:
    page = views.order_list(con, views.OrderFilter(search=words), limit=50)
    return sorted(page.rows["order_no"].to_list())


def test_renaming_a_customer_refreshes_the_search_for_its_orders(con, seeded, new_order):
    order = new_order()
    desk, recorder = _desk(con, seeded.user)
    form = record_forms.edit_form(desk, "customer", seeded.customer)
    values = dict(form.element._value)
    assert values["name"] == "Fjordtun Bygg AS" and values["orgnr"] == "988077917"

    assert submit(form, {**values, "name": "Havgløtt Eiendom AS"}) is None
    assert recorder.rebuilt == 1  # the form is rebuilt from the saved record
    assert (
        "Firma er lagret (Firmanavn)"
        in desk.outcome(record_forms.area("customer", seeded.customer)).text
    )
    assert _search(con, "havgløtt") == [order]
    assert _search(con, "fjordtun") == []
    assert views.overview_record(con, "customer", seeded.customer)["name"] == "Havgløtt Eiendom AS"
    # The title reads the record again: the new name shows.
    title = overview_page.title("customer", record_forms.load(con, "customer", seeded.customer))
    assert "Havgløtt Eiendom AS" in title.text and "Deaktivert" not in title.text


def test_a_refused_edit_keeps_the_input_and_stores_nothing(con, seeded):
    desk, recorder = _desk(con, seeded.user)
    before = table_snapshot(con)
    form = record_forms.edit_form(desk, "customer", seeded.customer)
    values = dict(form.element._value)
    said = submit(form, {**values, "orgnr": "123456789", "city": "Askøy"})
    assert said and "123456789" in said
    assert recorder.rebuilt == 0 and recorder.shown == 0
    assert table_snapshot(con) == before
    nothing = record_forms.save(desk, "customer", seeded.customer, values)
    assert not nothing.ok and "Ingen endringer" in nothing.text


def test_deactivated_customer_is_marked_kept_in_its_overview_and_not_offered(
    con, seeded, new_order
):
    order = new_order()
    desk, recorder = _desk(con, seeded.user)
    button = record_forms.active_button(desk, "customer", seeded.customer)
    assert "Deaktiver" in button.text

    record_forms.set_active(desk, "customer", seeded.customer, False)
    assert recorder.rebuilt == 1
    assert "er deaktivert" in desk.outcome(record_forms.area("customer", seeded.customer)).text
    record = record_forms.load(con, "customer", seeded.customer)
    assert record["active"] is False
    assert "Deaktivert" in overview_page.title("customer", record).text
    assert "Aktiver" in record_forms.active_button(desk, "customer", seeded.customer).text
    tools = record_forms.record_tools(desk, "customer", seeded.customer)
    assert "Deaktivert" in record_forms.edit_card(desk, "customer", seeded.customer, tools).text

    # Its history stays: the overview still counts the order; the list filter still finds it.
    overview = overview_page.load(con, "customer", seeded.customer)
    assert overview.summary["order_count"] == 1
    assert _search(con, "fjordtun") == [order]
    all_customers = list_controls.customer_picker(con, "fjordtun", {})
    assert seeded.customer in all_customers.options.values()
    # «Ny ordre» does not offer it; its overview picker says it is deactivated.
    offered = list_controls.customer_picker(con, "fjordtun", {}, active_only=True)
    assert seeded.customer not in offered.options.values()
    chooser = overview_page.picker(con, "customer", "fjordtun", "")
    assert any("(deaktivert)" in label for label in chooser.options)

    # The library refuses a new order anyway, and the form shows its message.
    actor = load_actor(con, seeded.user)
    form = new_order_page.order_form(con, actor, seeded.customer, on_created=lambda _page: None)
    said = submit(form, {**_frontend(form), "title": "Enda en"})
    assert said and "deaktivert" in said and "Fjordtun Bygg AS" in said

    record_forms.set_active(desk, "customer", seeded.customer, True)
    assert record_forms.load(con, "customer", seeded.customer)["active"] is True
    again = list_controls.customer_picker(con, "fjordtun", {}, active_only=True)
    assert seeded.customer in again.options.values()


def test_new_order_offers_only_active_contacts_and_projects(con, seeded):
    desk, _ = _desk(con, seeded.admin)
    record_forms.set_active(desk, "contact", seeded.contact, False)
    record_forms.set_active(desk, "project", seeded.project, False)
    form = new_order_page.order_form(
        con, load_actor(con, seeded.admin), seeded.customer, on_created=lambda _p: None
    )
    assert seeded.contact not in form.element._elements["contact_id"].options.values()
    assert seeded.project not in form.element._elements["project_id"].options.values()
    contact = record_forms.load(con, "contact", seeded.contact)
    assert contact["active"] is False
    assert "Deaktivert" in overview_page.title("contact", contact).text


def test_employee_edits_are_for_administrators_and_the_refusal_shows(con, seeded):
    desk, recorder = _desk(con, seeded.user)
    form = record_forms.edit_form(desk, "employee", seeded.user)
    values = dict(form.element._value)
    assert values["role"] == "user"
    said = submit(form, {**_frontend(form), "name": "Ola H. Hansen"})
    assert said and "administrator" in said.lower()
    assert views.overview_record(con, "employee", seeded.user)["name"] == "Ola Hansen"

    record_forms.set_active(desk, "employee", seeded.admin, False)
    assert recorder.rebuilt == 0
    refusal = desk.outcome(record_forms.area("employee", seeded.admin)).text
    assert "administrator" in refusal.lower()
    assert views.overview_record(con, "employee", seeded.admin)["active"] is True

    admin_desk, _ = _desk(con, seeded.admin)
    form = record_forms.edit_form(admin_desk, "employee", seeded.user)
    assert submit(form, {**_frontend(form), "role": ["administrator"]}) is None
    assert views.overview_record(con, "employee", seeded.user)["role"] == "admin"
    # The last active admin stays: the library's reason shows below the card.
    record_forms.set_active(admin_desk, "employee", seeded.user, False)
    record_forms.set_active(admin_desk, "employee", seeded.admin, False)
    said = admin_desk.outcome(record_forms.area("employee", seeded.admin)).text
    assert "administrator" in said.lower()
    assert views.overview_record(con, "employee", seeded.admin)["active"] is True


def test_project_manager_is_picked_from_employees(con, seeded):
    desk, _ = _desk(con, seeded.user)
    form = record_forms.edit_form(desk, "project", seeded.project)
    values = _frontend(form)
    assert values["name"] == "Nytt lager"
    assert submit(form, {**values, "manager_id": ["Ola Hansen"]}) is None
    assert views.overview_record(con, "project", seeded.project)["manager_id"] == seeded.user


def test_products_are_listed_added_changed_and_deactivated(con, seeded):
    desk, recorder = _desk(con, seeded.admin)
    add = product_forms.add_product_form(desk)
    said = submit(
        add,
        {"sku": "KONS-T", "name": "Dobbel", "unit": "t", "unit_price": "10", "vat_rate": ["25 %"]},
    )
    assert said and "KONS-T" in said
    assert (
        submit(
            add,
            {
                "sku": "REISE",
                "name": "Reisetid",
                "unit": "t",
                "unit_price": "650,50",
                "vat_rate": ["25 %"],
            },
        )
        is None
    )
    assert recorder.rebuilt == 1
    assert "«Reisetid» er lagt til" in desk.outcome("products").text
    reise = ax.find_product(con, "REISE")
    assert str(reise["unit_price"]) == "650.5000"

    change = product_forms.change_product_form(desk)
    base = {
        "product": ["REISE · Reisetid"],
        "name": "",
        "unit": "",
        "unit_price": "",
        "vat_rate": ["Uendret"],
        "active": ["Uendret"],
    }
    said = submit(change, {**base, "unit_price": "mye"})
    assert said and "mye" in said
    assert submit(change, base) is not None  # nothing filled in: nothing to save
    assert submit(change, {**base, "unit_price": "700", "vat_rate": ["15 %"]}) is None
    reise = ax.find_product(con, "REISE")
    assert (str(reise["unit_price"]), reise["vat_rate"]) == ("700.0000", 15)

    change = product_forms.change_product_form(desk)
    assert submit(change, {**base, "active": ["Deaktivert"]}) is None
    assert "er deaktivert" in desk.outcome("products").text
    assert ax.find_product(con, "REISE")["active"] is False
    # Listed with the badge, not offered for new lines.
    table = product_forms.products_table(desk).text
    assert "Reisetid" in table and "Deaktivert" in table
    assert "REISE" not in views.products(con)["sku"].to_list()
    assert "REISE" in views.products(con, active_only=False)["sku"].to_list()
