"""Bad input: each case raises its own AxosError subclass, names the offending value and leaves
every table exactly as it was (the `refused` fixture snapshots all rows before and after)."""

# ruff: noqa: E501 - the table of cases reads best one case a line

from dataclasses import dataclass

import pytest

import axos_data as ax

UNKNOWN = 9876
PRODUCT = {"sku": "NY", "name": "Ny vare", "unit": "stk", "unit_price": 1}


@dataclass
class Scene:
    """An open order with one line, and shortcuts to act on it as the seeded user."""

    con: object
    cast: object
    order_no: int
    line_id: int

    @property
    def user(self) -> int:
        return self.cast.user

    def create(self, **overrides):
        fields = {
            "customer_id": self.cast.customer,
            "title": "Ordre",
            "our_contact_id": self.cast.user,
            **overrides,
        }
        return ax.create_order(self.con, self.user, **fields)

    def line(self, order_no=None, **overrides):
        fields = {"description": "Arbeid", "quantity": "1", "unit": "t", "unit_price": "100"}
        return ax.add_line(
            self.con, self.user, order_no or self.order_no, **{**fields, **overrides}
        )

    def change_line(self, **changes):
        return ax.update_line(self.con, self.user, self.order_no, self.line_id, **changes)

    def on_order(self, service, *args, **kwargs):
        return service(self.con, self.user, self.order_no, *args, **kwargs)

    def as_admin(self, service, *args, **kwargs):
        return service(self.con, self.cast.admin, *args, **kwargs)

    def as_user(self, service, *args, **kwargs):
        return service(self.con, self.user, *args, **kwargs)


@pytest.fixture
def scene(con, seeded, new_order) -> Scene:
    order_no = new_order()
    line_id = ax.add_line(con, seeded.user, order_no, product=seeded.product_25, quantity=1)
    return Scene(con, seeded, order_no, line_id)


CASES = [
    (ax.UnknownCompany, "9876", lambda s: s.create(customer_id=UNKNOWN)),
    (ax.UnknownContact, "9876", lambda s: s.create(contact_id=UNKNOWN)),
    (ax.UnknownEmployee, "9876", lambda s: s.create(our_contact_id=UNKNOWN)),
    (ax.UnknownEmployee, "9876", lambda s: ax.add_comment(s.con, UNKNOWN, s.order_no, "Hei")),
    (ax.UnknownProject, "9876", lambda s: s.create(project_id=UNKNOWN)),
    (ax.UnknownProduct, "SKU-X", lambda s: s.on_order(ax.add_line, product="SKU-X", quantity=1)),
    (ax.UnknownOrder, "9876", lambda s: s.line(order_no=UNKNOWN)),
    (ax.UnknownOrder, "abc", lambda s: s.as_user(ax.change_status, "abc", "kansellert")),
    (ax.UnknownCompany, "9876", lambda s: s.as_user(ax.add_contact, company_id=UNKNOWN, name="X")),
    (ax.ContactNotOfCustomer, "Máret Sara", lambda s: s.create(contact_id=s.cast.other_contact)),
    (ax.ContactNotOfCustomer, "Máret Sara", lambda s: s.on_order(ax.update_order, contact_id=s.cast.other_contact)),
    (ax.ProjectNotOfCustomer, "Nytt lager", lambda s: s.create(customer_id=s.cast.other_customer, project_id=s.cast.project)),
    (ax.InvalidQuantity, "0", lambda s: s.line(quantity="0")),
    (ax.InvalidQuantity, "-2", lambda s: s.line(quantity="-2")),
    (ax.InvalidQuantity, "-1", lambda s: s.change_line(quantity="-1")),
    (ax.InvalidDiscount, "100.5", lambda s: s.line(discount_pct="100.5")),
    (ax.InvalidDiscount, "-1", lambda s: s.change_line(discount_pct="-1")),
    (ax.InvalidVatRate, "24", lambda s: s.line(vat_rate="24")),
    (ax.InvalidVatRate, "8", lambda s: s.change_line(vat_rate=8)),
    (ax.InvalidVatRate, "30", lambda s: s.as_admin(ax.add_product, **PRODUCT, vat_rate=30)),
    (ax.TooManyDecimals, "12.345", lambda s: s.line(discount_pct="12.345")),
    (ax.TooManyDecimals, "1.0001", lambda s: s.line(quantity="1.0001")),
    (ax.TooManyDecimals, "9.99999", lambda s: s.change_line(unit_price="9.99999")),
    (ax.InvalidNumber, "tolv", lambda s: s.line(unit_price="tolv")),
    (ax.AmountOutOfRange, "er for stort", lambda s: s.line(quantity="10000", unit_price="1000000000")),
    (ax.InvalidOrgNumber, "123456789", lambda s: s.as_user(ax.add_company, name="F", orgnr="123456789")),
    (ax.InvalidOrgNumber, "98807791", lambda s: s.as_user(ax.add_company, name="F", orgnr="98807791")),
    (ax.InvalidBankAccount, "1234 56 78900", lambda s: s.as_admin(ax.update_settings, company_bank_account="1234 56 78900")),
    (ax.EmptyValue, "Tittel", lambda s: s.create(title="   ")),
    (ax.EmptyValue, "Tittel", lambda s: s.on_order(ax.update_order, title="")),
    (ax.EmptyValue, "Beskrivelse", lambda s: s.line(description="")),
    (ax.InvalidDate, "2026-13-01", lambda s: s.create(order_date="2026-13-01")),
    (ax.InvalidDate, "01.01.2026", lambda s: s.create(order_date="2026-02-01", delivery_date="2026-01-01")),
    (ax.InvalidChoice, "fax", lambda s: s.create(invoice_method="fax")),
    (ax.InvalidChoice, "colour", lambda s: s.on_order(ax.update_order, colour="red")),
    (ax.InvalidStatusTransition, "«Betalt»", lambda s: s.on_order(ax.change_status, "betalt")),
    (ax.UnknownLine, "9876", lambda s: s.on_order(ax.remove_line, UNKNOWN)),
    (ax.UnknownGroup, "9876", lambda s: s.on_order(ax.move_line, s.line_id, UNKNOWN)),
    (ax.PermissionDenied, "Ola Hansen", lambda s: s.as_user(ax.set_employee_active, s.cast.admin, False)),
    (ax.InvalidEmail, "ola.hansen", lambda s: s.as_user(ax.add_contact, company_id=s.cast.customer, name="X", email="ola.hansen")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("error", "fragment", "action"),
    CASES,
    ids=[f"{error.__name__}-{fragment}" for error, fragment, _ in CASES],
)
def test_bad_input_is_refused_and_changes_nothing(scene, refused, error, fragment, action):
    with refused(error, fragment):
        action(scene)


@pytest.mark.parametrize(
    "path",
    [["klar_til_fakturering"], ["klar_til_fakturering", "fakturert"], ["kansellert"]],
    ids=lambda path: path[-1],
)
def test_edits_to_a_locked_order_are_refused_and_change_nothing(scene, refused, path):
    for status in path:
        scene.as_admin(ax.change_status, scene.order_no, status)
    number = str(scene.order_no)
    with refused(ax.OrderLocked, number):
        scene.change_line(unit_price="1")
    with refused(ax.OrderLocked, number):
        scene.line()
    with refused(ax.OrderLocked, number):
        scene.as_user(ax.add_group, scene.order_no, "Ny gruppe")


def test_a_second_bad_line_in_a_quote_leaves_no_quote_behind(con, seeded, refused):
    lines = [
        {"description": "OK", "quantity": 1, "unit": "stk", "unit_price": 10},
        {"description": "Feil", "quantity": 1, "unit": "stk", "unit_price": 10, "vat_rate": 13},
    ]
    with refused(ax.InvalidVatRate, "Linje 2", "13"):
        ax.create_quote(
            con,
            seeded.user,
            customer_id=seeded.customer,
            our_contact_id=seeded.user,
            title="T",
            lines=lines,
        )


def test_every_error_is_an_axos_error_with_a_one_line_docstring():
    for name in ax.errors.__all__:
        error = getattr(ax, name)
        assert issubclass(error, ax.AxosError)
        assert error.__doc__, name
        assert "\n" not in error.__doc__.strip(), name
