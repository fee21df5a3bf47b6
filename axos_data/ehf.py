"""EHF / Peppol BIS Billing 3.0: one UBL Invoice per order.

`invoice_xml(con, order_no, invoice_no, issue_date)` builds the document from the same read
and totals as the order page and the confirmation PDF (views/order_rows.py), so its amounts
are the library's to the øre; `ehf_blockers(con, order_no)` says why an order cannot go as
EHF. Choices the rules leave open:
- a line discount is a line allowance (reason code 95 «Rabatt»), the price stays the list
  price: quantity × price − allowance = the line amount, which rule PEPPOL-EN16931-R120
  checks (to 0.02);
- a line with a negative price (a credit line) is sent as a negative quantity at a positive
  price (BR-27 forbids a negative price); its discount becomes a line charge;
- the VAT breakdown has one group per (category, rate): S per taxed rate, and the 0 % base
  split by category (Z, G, E) with VAT 0, so the sums equal money.breakdown's;
- a seller that is not VAT-registered sends every line as category O without a VAT id
  (BR-O-*), which is only possible when no line carries VAT (a blocker otherwise).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from xml.etree import ElementTree as ET

from axos_data import ehf_xml, no, vat_codes
from axos_data.access import Con, load_order
from axos_data.errors import EhfNotPossible
from axos_data.money import ORE
from axos_data.services.settings import get_settings, missing_company_profile
from axos_data.views.order_rows import OrderRows, load_order_rows

UBL = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
NORWEGIAN_ORGNR_SCHEME = "0192"
NOT_SUBJECT_REASON = ("VATEX-EU-O", "Selger er ikke registrert i Merverdiavgiftsregisteret")

# Our units (lower-cased) → UN/ECE Recommendation 20 codes. Anything else is "EA" (each).
UNIT_CODES = {
    "stk": "H87",
    "stk.": "H87",
    "st": "H87",
    "pcs": "H87",
    "t": "HUR",
    "time": "HUR",
    "timer": "HUR",
    "min": "MIN",
    "døgn": "DAY",
    "dag": "DAY",
    "dager": "DAY",
    "natt": "DAY",
    "uke": "WEE",
    "mnd": "MON",
    "måned": "MON",
    "år": "ANN",
    "m": "MTR",
    "km": "KMT",
    "m2": "MTK",
    "m²": "MTK",
    "m3": "MTQ",
    "m³": "MTQ",
    "l": "LTR",
    "kg": "KGM",
    "tonn": "TNE",
    "gb": "E34",
    "pakke": "XPK",
    "eske": "XBX",
}
DEFAULT_UNIT_CODE = "EA"

NAMESPACES = {"": UBL, "cac": CAC, "cbc": CBC}
for _prefix, _uri in NAMESPACES.items():
    ET.register_namespace(_prefix, _uri)

# Characters XML 1.0 cannot carry at all; stored texts never hold them (limits.py), but a
# document that cannot be parsed must not be produced whatever the database holds.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def unit_code(unit: str) -> str:
    return UNIT_CODES.get(unit.strip().lower(), DEFAULT_UNIT_CODE)


def ehf_blockers(con: Con, order_no: object) -> list[str]:
    """Why this order cannot be sent as EHF (Norwegian sentences; empty when it can).
    UnknownOrder when there is no such order."""
    number = load_order(con, order_no)["order_no"]
    rows = load_order_rows(con, [number])[number]
    return _blockers(get_settings(con), missing_company_profile(con), rows)


def _blockers(settings: dict, missing_profile: list[str], rows: OrderRows) -> list[str]:
    header = rows.header
    reasons = []
    if missing_profile:
        reasons.append("Firmaprofilen mangler " + ", ".join(missing_profile) + ".")
    country = (header["customer_country"] or "NO").strip().upper()
    if country != "NO":
        reasons.append(
            f"Kunden «{header['customer_name']}» er registrert i {country}; EHF sendes bare"
            " til norske mottakere med organisasjonsnummer."
        )
    elif not (header["customer_orgnr"] or "").strip():
        reasons.append(f"Kunden «{header['customer_name']}» mangler organisasjonsnummer.")
    if not rows.lines:
        reasons.append("Ordren har ingen linjer.")
    elif rows.totals.total <= 0:
        reasons.append(
            f"Ordren har totalbeløp {rows.totals.total}; en faktura må ha et beløp over 0"
            " (et negativt beløp må sendes som kreditnota)."
        )
    if not settings.get("company_vat_registered") and rows.totals.vat_total != 0:
        reasons.append(
            "Firmaet er ikke MVA-registrert, men ordren har linjer med MVA;"
            " sett MVA-satsen til 0 eller registrer firmaet som MVA-pliktig."
        )
    return reasons


def blockers_of(rows: OrderRows, settings: dict, missing_profile: list[str]) -> list[str]:
    """ehf_blockers for an order already read (bulk exports read many orders at once)."""
    return _blockers(settings, missing_profile, rows)


def document_of(rows: OrderRows, settings: dict, invoice_no: str, issue_date: dt.date) -> bytes:
    """invoice_xml for an order already read whose blockers_of is empty."""
    invoice_id = _clean(str(invoice_no)).strip()
    if not invoice_id:
        raise EhfNotPossible(f"Ordre {rows.header['order_no']}: fakturanummeret er tomt.")
    return _document(rows, settings, invoice_id, issue_date)


def invoice_xml(con: Con, order_no: object, invoice_no: str, issue_date: dt.date) -> bytes:
    """The EHF invoice of an order as UTF-8 XML bytes. EhfNotPossible lists the blockers
    (see ehf_blockers); UnknownOrder when there is no such order. Writes nothing."""
    number = load_order(con, order_no)["order_no"]
    rows = load_order_rows(con, [number])[number]
    settings = get_settings(con)
    blockers = _blockers(settings, missing_company_profile(con), rows)
    if blockers:
        raise EhfNotPossible(f"Ordre {number} kan ikke sendes som EHF: " + " ".join(blockers))
    invoice_id = _clean(str(invoice_no)).strip()
    if not invoice_id:
        raise EhfNotPossible(f"Ordre {number}: fakturanummeret er tomt.")
    return _document(rows, settings, invoice_id, issue_date)


def _document(rows: OrderRows, settings: dict, invoice_no: str, issue_date: dt.date) -> bytes:
    return ehf_xml.serialize(document_tree(rows, settings, invoice_no, issue_date), NAMESPACES)


def document_tree(
    rows: OrderRows, settings: dict, invoice_no: str, issue_date: dt.date
) -> ET.Element:
    """The invoice as an element tree (serialised by ehf_xml, as ElementTree would)."""
    header = rows.header
    currency = header["currency"] or "NOK"
    vat_registered = bool(settings.get("company_vat_registered"))
    root = ET.Element(f"{{{UBL}}}Invoice")
    _cbc(root, "CustomizationID", CUSTOMIZATION_ID)
    _cbc(root, "ProfileID", PROFILE_ID)
    _cbc(root, "ID", invoice_no)
    _cbc(root, "IssueDate", issue_date.isoformat())
    due = issue_date + dt.timedelta(days=int(header["payment_terms_days"]))
    _cbc(root, "DueDate", due.isoformat())
    _cbc(root, "InvoiceTypeCode", "380")
    _cbc(root, "Note", header["title"])
    _cbc(root, "DocumentCurrencyCode", currency)
    reference = (header["customer_ref"] or "").strip() or (header["contact_name"] or "").strip()
    if reference:
        _cbc(root, "BuyerReference", reference)
    order_ref = _cac(root, "OrderReference")
    _cbc(order_ref, "ID", str(header["order_no"]))
    _seller(_cac(_cac(root, "AccountingSupplierParty"), "Party"), settings, vat_registered)
    _buyer(_cac(_cac(root, "AccountingCustomerParty"), "Party"), header)
    if header["delivery_date"] is not None:
        _cbc(_cac(root, "Delivery"), "ActualDeliveryDate", header["delivery_date"].isoformat())
    means = _cac(root, "PaymentMeans")
    _cbc(means, "PaymentMeansCode", "30", name="Credit transfer")
    kid = no.make_kid(header["order_no"], method=str(settings.get("kid_method") or "mod10"))
    _cbc(means, "PaymentID", kid)
    account = _cac(means, "PayeeFinancialAccount")
    _cbc(account, "ID", re.sub(r"\D", "", str(settings["company_bank_account"])))
    _cbc(account, "Name", settings["company_name"])
    days = int(header["payment_terms_days"])
    _cbc(
        _cac(root, "PaymentTerms"),
        "Note",
        f"Betalingsbetingelser: {days} {'dag' if days == 1 else 'dager'} netto,"
        f" forfall {no.format_date(due)}. Bruk KID {kid}.",
    )
    _tax_total(root, rows, currency, vat_registered)
    totals = _cac(root, "LegalMonetaryTotal")
    _amount(totals, "LineExtensionAmount", rows.totals.net, currency)
    _amount(totals, "TaxExclusiveAmount", rows.totals.net, currency)
    _amount(totals, "TaxInclusiveAmount", rows.totals.total, currency)
    _amount(totals, "PayableAmount", rows.totals.total, currency)
    for position, line in enumerate(rows.lines, start=1):
        _line(root, position, line, currency, vat_registered)
    return root


def _seller(party: ET.Element, settings: dict, vat_registered: bool) -> None:
    orgnr = no.validate_orgnr(str(settings["company_orgnr"]))
    _cbc(party, "EndpointID", orgnr, schemeID=NORWEGIAN_ORGNR_SCHEME)
    _cbc(_cac(party, "PartyName"), "Name", settings["company_name"])
    _address(
        party,
        settings["company_address"],
        settings["company_city"],
        settings["company_postcode"],
        "NO",
    )
    if vat_registered:
        _tax_scheme(party, f"NO{orgnr}MVA", "VAT")
    if settings.get("company_in_foretaksregisteret"):
        _tax_scheme(party, "Foretaksregisteret", "TAX")
    legal = _cac(party, "PartyLegalEntity")
    _cbc(legal, "RegistrationName", settings["company_name"])
    _cbc(legal, "CompanyID", orgnr, schemeID=NORWEGIAN_ORGNR_SCHEME)
    if settings.get("company_email"):
        _cbc(_cac(party, "Contact"), "ElectronicMail", settings["company_email"])


def _buyer(party: ET.Element, header: dict) -> None:
    orgnr = re.sub(r"\D", "", header["customer_orgnr"])
    _cbc(party, "EndpointID", orgnr, schemeID=NORWEGIAN_ORGNR_SCHEME)
    _cbc(_cac(party, "PartyName"), "Name", header["customer_name"])
    _address(
        party,
        header["customer_address"],
        header["customer_city"],
        header["customer_postcode"],
        (header["customer_country"] or "NO").strip().upper(),
    )
    legal = _cac(party, "PartyLegalEntity")
    _cbc(legal, "RegistrationName", header["customer_name"])
    _cbc(legal, "CompanyID", orgnr, schemeID=NORWEGIAN_ORGNR_SCHEME)
    contact_fields = [
        ("Name", header["contact_name"]),
        ("Telephone", header["contact_phone"]),
        ("ElectronicMail", header["contact_email"]),
    ]
    if any(value for _, value in contact_fields):
        contact = _cac(party, "Contact")
        for name, value in contact_fields:
            if value:
                _cbc(contact, name, value)


def _address(party: ET.Element, street: object, city: object, postcode: object, country: str):
    address = _cac(party, "PostalAddress")
    for name, value in (("StreetName", street), ("CityName", city), ("PostalZone", postcode)):
        if value:
            _cbc(address, name, value)
    _cbc(_cac(address, "Country"), "IdentificationCode", country)


def _tax_scheme(party: ET.Element, company_id: str, scheme: str) -> None:
    element = _cac(party, "PartyTaxScheme")
    _cbc(element, "CompanyID", company_id)
    _cbc(_cac(element, "TaxScheme"), "ID", scheme)


def _category(line: dict, vat_registered: bool) -> vat_codes.VatCode | None:
    """The line's VAT code, or None for category O (seller not VAT-registered)."""
    return vat_codes.vat_code(line["vat_code"]) if vat_registered else None


def _tax_total(root: ET.Element, rows: OrderRows, currency: str, vat_registered: bool) -> None:
    total = _cac(root, "TaxTotal")
    _amount(total, "TaxAmount", rows.totals.vat_total, currency)
    if not vat_registered:
        subtotal = _cac(total, "TaxSubtotal")
        _amount(subtotal, "TaxableAmount", rows.totals.net, currency)
        _amount(subtotal, "TaxAmount", Decimal("0.00"), currency)
        _tax_category(subtotal, "TaxCategory", None, with_reason=True)
        return
    by_code = vat_codes.breakdown_by_code(
        (line["amount"], int(line["vat_rate"]), line["vat_code"]) for line in rows.lines
    )
    # One group per (category, rate): taxed codes are one per rate; 0 % codes one per category.
    for entry in by_code:
        subtotal = _cac(total, "TaxSubtotal")
        _amount(subtotal, "TaxableAmount", entry.base, currency)
        _amount(subtotal, "TaxAmount", entry.amount, currency)
        _tax_category(subtotal, "TaxCategory", vat_codes.vat_code(entry.code), with_reason=True)


def _tax_category(
    parent: ET.Element, tag: str, code: vat_codes.VatCode | None, *, with_reason: bool
) -> None:
    category = _cac(parent, tag)
    if code is None:
        _cbc(category, "ID", "O")
        if with_reason:
            _cbc(category, "TaxExemptionReasonCode", NOT_SUBJECT_REASON[0])
            _cbc(category, "TaxExemptionReason", NOT_SUBJECT_REASON[1])
    else:
        _cbc(category, "ID", code.category)
        _cbc(category, "Percent", str(code.rate))
        if with_reason and code.reason_code:
            _cbc(category, "TaxExemptionReasonCode", code.reason_code)
        if with_reason and code.reason_text:
            _cbc(category, "TaxExemptionReason", code.reason_text)
    _cbc(_cac(category, "TaxScheme"), "ID", "VAT")


def _line(root: ET.Element, position: int, line: dict, currency: str, vat_registered: bool) -> None:
    quantity, price = line["quantity"], line["unit_price"]
    if price < 0:  # BR-27: the price may not be negative; the quantity may
        quantity, price = -quantity, -price
    gross = (quantity * price).quantize(ORE, rounding=ROUND_HALF_UP)
    adjustment = gross - line["amount"]
    element = _cac(root, "InvoiceLine")
    _cbc(element, "ID", str(position))
    _cbc(element, "InvoicedQuantity", _plain(quantity), unitCode=unit_code(line["unit"]))
    _amount(element, "LineExtensionAmount", line["amount"], currency)
    if adjustment != 0:
        allowance = _cac(element, "AllowanceCharge")
        _cbc(allowance, "ChargeIndicator", "false" if adjustment > 0 else "true")
        if adjustment > 0:
            _cbc(allowance, "AllowanceChargeReasonCode", "95")
        percent = str(line["discount_pct"].normalize()).replace(".", ",")
        _cbc(allowance, "AllowanceChargeReason", f"Rabatt {percent} %")
        _amount(allowance, "Amount", abs(adjustment), currency)
    item = _cac(element, "Item")
    _cbc(item, "Name", line["description"])
    if line.get("product_sku"):
        _cbc(_cac(item, "SellersItemIdentification"), "ID", line["product_sku"])
    _tax_category(item, "ClassifiedTaxCategory", _category(line, vat_registered), with_reason=False)
    _amount(_cac(element, "Price"), "PriceAmount", price, currency, places=None)


def _plain(value: Decimal) -> str:
    """A decimal without exponent or needless trailing zeros (2.500 → 2.5)."""
    text = format(value.normalize(), "f")
    return text if text != "-0" else "0"


def _amount(
    parent: ET.Element, name: str, value: Decimal, currency: str, places: int | None = 2
) -> None:
    text = f"{value.quantize(ORE, rounding=ROUND_HALF_UP):f}" if places == 2 else _plain(value)
    _cbc(parent, name, text, currencyID=currency)


def _cac(parent: ET.Element, name: str) -> ET.Element:
    return ET.SubElement(parent, f"{{{CAC}}}{name}")


def _cbc(parent: ET.Element, tag: str, text: object, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{CBC}}}{tag}", attributes)
    element.text = _clean(str(text))
    return element


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)
