"""The rules the app and the CLI ask of the library instead of restating them."""

import pytest

from axos_data import model, money, vat_codes, views
from axos_data.app import line_tools, pages
from axos_data.errors import OrderLocked
from axos_data.model import Status, StatusFlow


@pytest.mark.parametrize(
    ("status", "order_no", "convertible"),
    [
        ("accepted", None, True),
        ("sent", None, True),
        ("draft", None, False),
        ("rejected", None, False),
        ("converted", 10001, False),
        ("accepted", 10001, False),  # converted already, whatever the status says
    ],
)
def test_which_quotes_can_become_orders(status, order_no, convertible):
    assert model.quote_convertible(status, order_no) is convertible


@pytest.mark.parametrize(
    ("category", "lines", "header"),
    [
        ("open", True, True),
        ("invoicing", False, True),
        ("invoiced", False, False),
        ("paid", False, False),
        ("cancelled", False, False),
    ],
)
def test_which_status_categories_accept_line_and_header_changes(category, lines, header):
    assert model.lines_editable(category) is lines
    assert model.header_editable(category) is header


def test_the_flow_locks_lines_by_the_same_predicate():
    flow = StatusFlow(
        [Status("a", "Åpen", "open", 1, False), Status("b", "Fakturert", "invoiced", 2, False)],
        [("a", "b")],
    )
    flow.require_open(10001, "a")
    with pytest.raises(OrderLocked):
        flow.require_open(10001, "b")


def test_the_line_forms_offer_exactly_the_library_vat_codes_covering_every_rate():
    assert list(line_tools.VAT_CHOICES.values()) == list(vat_codes.CODES)
    rates = {vat_codes.CODES[c].rate for c in line_tools.VAT_CHOICES.values()}
    assert rates == set(money.VAT_RATES)


def test_one_registry_names_every_overview_and_its_page():
    kinds = views.OVERVIEW_KINDS
    assert set(kinds) == {"customer", "contact", "employee", "project"}
    mounted = {page.slug for page in pages.PAGES if page.file == "oversikt.py"}
    assert {kind.slug for kind in kinds.values()} == mounted
    for key, kind in kinds.items():
        assert kind.key == key
        assert pages.overview_href(key, 7) == f"/{kind.slug}/?id=7"


def test_settings_right_needs_admin_or_the_grant():
    import pytest

    from axos_data.errors import PermissionDenied
    from axos_data.model import Actor
    from axos_data.services._base import require_settings_right

    require_settings_right(Actor(1, "Admin", "admin"), "endre innstillinger")
    require_settings_right(Actor(2, "Gitt tilgang", "user", settings_grant=True), "x")
    with pytest.raises(PermissionDenied, match="har ikke tilgang"):
        require_settings_right(Actor(3, "Vanlig", "user"), "endre innstillinger")
