"""EHF invoices: built from the order's own totals, valid against the official rules."""

import datetime as dt
import os
from decimal import Decimal
from xml.etree import ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import axos_data as ax
from axos_data import ehf, ehf_validate, vat_codes, views
from axos_data.services.settings import get_settings
from axos_data.views.order_rows import load_order_rows

NS = {"cbc": ehf.CBC, "cac": ehf.CAC}
ISSUED = dt.date(2026, 3, 2)
SAMI = "ŋŧáčđšž ŊŦÁČĐŠŽ"


def _valid(xml: bytes) -> ET.Element:
    result = ehf_validate.validate_bytes(xml)
    assert result.valid, [(f.id, f.message) for f in result.fatal]
    return ET.fromstring(xml)


def _as_elementtree_writes(con, order_no: int, invoice_no: str) -> bytes:
    """The order's invoice serialised by ElementTree itself (ehf_xml must give these bytes)."""
    rows = load_order_rows(con, [order_no])[order_no]
    tree = ehf.document_tree(rows, get_settings(con), invoice_no, ISSUED)
    return ET.tostring(tree, encoding="utf-8", xml_declaration=True)


def _text(root: ET.Element, path: str) -> str:
    return root.find(path, NS).text


def _order_with_every_code(con, seeded, new_order) -> int:
    order_no = new_order(contact_id=seeded.contact, customer_ref="PO-4711")
    admin = seeded.admin
    ax.add_line(con, admin, order_no, product="KONS-T", quantity="7.5", discount_pct="12.5")
    ax.add_line(con, admin, order_no, product="MAT-KG", quantity="1.333")
    ax.add_line(con, admin, order_no, product="BOK", quantity="3")
    ax.add_line(
        con,
        admin,
        order_no,
        description="Reise",
        quantity=1,
        unit="stk",
        unit_price="1499.9951",
        vat_rate=12,
    )
    ax.add_line(
        con,
        admin,
        order_no,
        description="Frakt til Sverige",
        quantity=1,
        unit="stk",
        unit_price=800,
        vat_code="eksport",
    )
    ax.add_line(
        con,
        admin,
        order_no,
        description="Husleie",
        quantity=1,
        unit="mnd",
        unit_price=1200,
        vat_code="unntatt",
    )
    ax.add_line(
        con,
        admin,
        order_no,
        description="Kreditt " + SAMI,
        quantity=2,
        unit="stk",
        unit_price="-100.005",
        discount_pct=10,
    )
    return order_no


def test_every_vat_code_a_discount_and_a_credit_line_give_a_valid_invoice(con, seeded, new_order):
    order_no = _order_with_every_code(con, seeded, new_order)
    root = _valid(ehf.invoice_xml(con, order_no, "F-2026-1", ISSUED))
    totals = views.order_detail(con, order_no).totals
    money_total = root.find("cac:LegalMonetaryTotal", NS)
    assert Decimal(_text(money_total, "cbc:PayableAmount")) == totals.total
    assert Decimal(_text(money_total, "cbc:TaxExclusiveAmount")) == totals.net
    assert Decimal(_text(root, "cac:TaxTotal/cbc:TaxAmount")) == totals.vat_total
    groups = {
        (_text(s, "cac:TaxCategory/cbc:ID"), _text(s, "cac:TaxCategory/cbc:Percent"))
        for s in root.findall("cac:TaxTotal/cac:TaxSubtotal", NS)
    }
    assert groups == {("S", "25"), ("S", "15"), ("S", "12"), ("Z", "0"), ("G", "0"), ("E", "0")}
    assert _text(root, "cbc:BuyerReference") == "PO-4711"
    assert _text(root, "cac:OrderReference/cbc:ID") == str(order_no)
    assert _text(root, "cbc:DueDate") == "2026-03-16"
    supplier = root.find("cac:AccountingSupplierParty/cac:Party", NS)
    assert _text(supplier, "cbc:EndpointID") == "923609016"
    assert supplier.find("cbc:EndpointID", NS).get("schemeID") == "0192"
    tax_ids = [_text(p, "cbc:CompanyID") for p in supplier.findall("cac:PartyTaxScheme", NS)]
    assert tax_ids == ["NO923609016MVA", "Foretaksregisteret"]
    buyer = root.find("cac:AccountingCustomerParty/cac:Party", NS)
    assert _text(buyer, "cac:PartyLegalEntity/cbc:CompanyID") == "988077917"
    means = root.find("cac:PaymentMeans", NS)
    assert _text(means, "cbc:PaymentID") == ax.no.make_kid(order_no)
    assert _text(means, "cac:PayeeFinancialAccount/cbc:ID") == "12345678903"
    units = [q.get("unitCode") for q in root.iterfind("cac:InvoiceLine/cbc:InvoicedQuantity", NS)]
    assert units == ["HUR", "KGM", "H87", "H87", "H87", "MON", "H87"]
    credit = root.findall("cac:InvoiceLine", NS)[-1]
    assert _text(credit, "cbc:InvoicedQuantity") == "-2"  # BR-27: positive price
    assert SAMI in _text(credit, "cac:Item/cbc:Name")


def test_the_contact_is_the_buyer_reference_when_there_is_no_customer_reference(
    con, seeded, new_order
):
    order_no = new_order(contact_id=seeded.contact)
    ax.add_line(con, seeded.admin, order_no, product="KONS-T", quantity=1)
    root = _valid(ehf.invoice_xml(con, order_no, "F-2", ISSUED))
    assert _text(root, "cbc:BuyerReference") == "Ingrid Berg"


def test_a_seller_without_vat_registration_sends_category_o_without_vat_id(con, seeded, new_order):
    ax.update_settings(con, seeded.admin, company_vat_registered=False)
    order_no = new_order()
    ax.add_line(con, seeded.admin, order_no, product="BOK", quantity=2)
    root = _valid(ehf.invoice_xml(con, order_no, "F-3", ISSUED))
    assert {c.text for c in root.iterfind(".//cac:ClassifiedTaxCategory/cbc:ID", NS)} == {"O"}
    assert "MVA" not in ET.tostring(root, encoding="unicode")


def test_blockers_name_what_stops_an_order(con, seeded, new_order):
    order_no = ax.create_order(
        con,
        seeded.admin,
        customer_id=seeded.other_customer,
        title="X",
        our_contact_id=seeded.user,
    )
    blockers = ehf.ehf_blockers(con, order_no)
    assert any("Čáhppes Sámi Design" in b and "organisasjonsnummer" in b for b in blockers)
    assert any("ingen linjer" in b for b in blockers)
    with pytest.raises(ax.EhfNotPossible, match="organisasjonsnummer"):
        ehf.invoice_xml(con, order_no, "F-4", ISSUED)
    fine = new_order()
    ax.add_line(con, seeded.admin, fine, product="KONS-T", quantity=1)
    assert ehf.ehf_blockers(con, fine) == []
    ax.update_settings(con, seeded.admin, company_bank_account="")
    assert any("Firmaprofilen mangler" in b for b in ehf.ehf_blockers(con, fine))


def test_a_zero_or_negative_total_is_a_blocker(con, seeded, new_order):
    order_no = new_order()
    ax.add_line(
        con, seeded.admin, order_no, description="Kreditt", quantity=1, unit="stk", unit_price=-10
    )
    assert any("kreditnota" in b for b in ehf.ehf_blockers(con, order_no))


def test_vat_on_lines_of_a_seller_without_vat_registration_is_a_blocker(con, seeded, new_order):
    ax.update_settings(con, seeded.admin, company_vat_registered=False)
    order_no = new_order()
    ax.add_line(con, seeded.admin, order_no, product="KONS-T", quantity=1)
    assert any("ikke MVA-registrert" in b for b in ehf.ehf_blockers(con, order_no))


def test_five_hundred_lines_give_a_valid_invoice_with_the_orders_totals(con, seeded, new_order):
    order_no = new_order()
    codes = list(vat_codes.CODES)
    for i in range(500):
        ax.add_line(
            con,
            seeded.admin,
            order_no,
            description=f"Linje {i} {SAMI}",
            quantity=f"{1 + i % 7}.{i % 1000:03d}",
            unit=["stk", "t", "m", "kg", "m3", "GB", "pakke"][i % 7],
            unit_price=f"{(i * 37) % 5000}.{i % 10000:04d}",
            discount_pct=str(i % 3 * 12.5),
            vat_code=codes[i % len(codes)],
        )
    xml = ehf.invoice_xml(con, order_no, "F-500", ISSUED)
    assert xml == _as_elementtree_writes(con, order_no, "F-500")
    root = _valid(xml)
    assert len(root.findall("cac:InvoiceLine", NS)) == 500
    totals = views.order_detail(con, order_no).totals
    assert Decimal(_text(root, "cac:LegalMonetaryTotal/cbc:PayableAmount")) == totals.total


# Hypothesis: random orders through the real services, every EHF validated. The count is
# modest so the suite stays fast; AXOS_EHF_EXAMPLES raises it.
EXAMPLES = int(os.environ.get("AXOS_EHF_EXAMPLES", "15"))

text = st.text(
    alphabet=st.sampled_from(list("abcæøåÆØÅ ŋŧáčđšžŊŦÁČĐŠŽ&<>\"'-.,0123456789")),
    min_size=1,
    max_size=300,
).filter(lambda s: s.strip())
line = st.fixed_dictionaries(
    {
        "description": text,
        "quantity": st.decimals(min_value="0.001", max_value="10000", places=3),
        "unit": st.sampled_from(["stk", "t", "m", "kg", "m3", "GB", "døgn", "pakke", "lass"]),
        "unit_price": st.decimals(min_value="-5000", max_value="100000", places=4),
        "discount_pct": st.sampled_from(["0", "5", "12.5", "33.33", "99.99", "100"]),
        "vat_code": st.sampled_from(list(vat_codes.CODES)),
    }
)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(lines=st.lists(line, min_size=1, max_size=25), reference=st.one_of(st.none(), text))
def test_random_orders_give_valid_invoices_with_the_orders_totals(
    con, seeded, new_order, lines, reference
):
    order_no = new_order(customer_ref=reference, contact_id=seeded.contact)
    for spec in lines:
        ax.add_line(con, seeded.admin, order_no, **spec)
    totals = views.order_detail(con, order_no).totals
    if totals.total <= 0:
        assert ehf.ehf_blockers(con, order_no)
        return
    xml = ehf.invoice_xml(con, order_no, f"F-{order_no}", ISSUED)
    assert xml == _as_elementtree_writes(con, order_no, f"F-{order_no}")
    root = _valid(xml)
    assert Decimal(_text(root, "cac:LegalMonetaryTotal/cbc:PayableAmount")) == totals.total
    assert Decimal(_text(root, "cac:TaxTotal/cbc:TaxAmount")) == totals.vat_total
