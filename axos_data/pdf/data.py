"""Everything an order confirmation prints, loaded from the database into plain values.

ConfirmationData holds only str, int, Decimal, date and tuples, so it pickles cheaply to the
worker processes of a bulk export, and the layout needs no database. One order and a batch of
orders load the same way, with the order detail's read (views/order_rows.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from axos_data import money, no
from axos_data.access import Con, load_order
from axos_data.errors import IncompleteCompanyProfile
from axos_data.pdf import format as fmt
from axos_data.services.company_logo import company_logo
from axos_data.services.settings import get_settings, missing_company_profile
from axos_data.views.order_rows import load_order_rows

UNGROUPED_TITLE = "Øvrige linjer"


@dataclass(frozen=True)
class Seller:
    name: str
    address: str
    postcode: str
    city: str
    orgnr: str  # formatted: NO 988 077 917 MVA, or 988 077 917 when not VAT-registered
    in_foretaksregisteret: bool
    email: str | None
    bank_account: str  # formatted: 1234 56 78903
    kid_method: str
    logo: bytes | None = None  # PNG or JPEG, checked when stored (services.company_logo)


@dataclass(frozen=True)
class Customer:
    name: str
    address: str | None
    postcode: str | None
    city: str | None
    country: str | None  # None for Norway
    orgnr: str | None
    contact_name: str | None
    reference: str | None  # their PO number


@dataclass(frozen=True)
class Line:
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    discount_pct: Decimal
    vat_rate: int
    amount: Decimal


@dataclass(frozen=True)
class Section:
    """A group of lines with its heading; title None for the lines of an order without groups."""

    title: str | None
    lines: tuple[Line, ...]
    subtotal: Decimal


@dataclass(frozen=True)
class ConfirmationData:
    order_no: int
    version: int
    updated_at: dt.datetime
    title: str
    order_date: dt.date
    delivery_date: dt.date | None
    our_contact_id: int
    our_contact_name: str
    our_contact_email: str | None
    project_name: str | None
    currency: str
    payment_terms_days: int
    kid: str
    seller: Seller
    customer: Customer
    sections: tuple[Section, ...]
    totals: money.Totals

    @property
    def line_count(self) -> int:
        return sum(len(section.lines) for section in self.sections)

    def texts(self) -> list[str]:
        """Every text the document prints from the data (to choose the fonts' characters)."""
        s, c = self.seller, self.customer
        values = [self.title, self.our_contact_name, self.our_contact_email, self.project_name]
        values += [s.name, s.address, s.postcode, s.city, s.email]
        values += [c.name, c.address, c.postcode, c.city, c.country, c.orgnr]
        values += [c.contact_name, c.reference, self.currency]
        for section in self.sections:
            values.append(section.title)
            values.extend(line.description for line in section.lines)
            values.extend(line.unit for line in section.lines)
        return [v for v in values if v]


def load_seller(con: Con) -> Seller:
    """The company profile from settings; IncompleteCompanyProfile names any empty field."""
    missing = missing_company_profile(con)
    if missing:
        raise IncompleteCompanyProfile(
            "Firmaprofilen mangler " + ", ".join(missing) + ". Fyll ut feltene under"
            " Innstillinger før du lager ordrebekreftelser."
        )
    settings = get_settings(con)
    logo = company_logo(con)
    vat_registered = bool(settings.get("company_vat_registered"))
    return Seller(
        name=fmt.clean(settings["company_name"]),
        address=fmt.clean(settings["company_address"]),
        postcode=fmt.clean(settings["company_postcode"]),
        city=fmt.clean(settings["company_city"]),
        orgnr=no.format_orgnr(str(settings["company_orgnr"]), vat_registered=vat_registered),
        in_foretaksregisteret=bool(settings.get("company_in_foretaksregisteret")),
        email=fmt.optional(settings.get("company_email")),
        bank_account=no.format_bank_account(str(settings["company_bank_account"])),
        kid_method=str(settings.get("kid_method") or "mod10"),
        logo=None if logo is None else bytes(logo["content"]),
    )


def load_confirmation(con: Con, order_no: object) -> ConfirmationData:
    """One order (UnknownOrder when there is none); the company profile must be complete."""
    number = load_order(con, order_no)["order_no"]
    return load_batch(con, [number], load_seller(con))[0]


def load_batch(con: Con, order_nos: Sequence[int], seller: Seller) -> list[ConfirmationData]:
    """Many orders in two statements, in the order given; order numbers that do not exist
    are left out. The same read and totals as views.order_detail (views/order_rows.py), so
    the printed amounts are the order page's to the øre."""
    rows = load_order_rows(con, order_nos)
    return [
        build(rows[n].header, rows[n].groups, rows[n].lines, rows[n].totals, seller)
        for n in order_nos
        if n in rows
    ]


def _line(row: dict) -> Line:
    return Line(
        description=fmt.clean(row["description"]),
        quantity=row["quantity"],
        unit=fmt.clean(row["unit"]),
        unit_price=row["unit_price"],
        discount_pct=row["discount_pct"],
        vat_rate=int(row["vat_rate"]),
        amount=row["amount"],
    )


def sections(groups: Sequence[dict], lines: Sequence[dict]) -> tuple[Section, ...]:
    """Ungrouped lines first, then each group in order with its subtotal (empty ones too)."""
    ungrouped = tuple(_line(r) for r in lines if r["group_id"] is None)
    result = []
    if ungrouped or not groups:
        result.append(
            Section(
                title=UNGROUPED_TITLE if groups else None,
                lines=ungrouped,
                subtotal=sum((line.amount for line in ungrouped), Decimal("0.00")),
            )
        )
    for group in groups:
        members = tuple(_line(r) for r in lines if r["group_id"] == group["id"])
        result.append(Section(fmt.clean(group["title"]), members, group["subtotal"]))
    return tuple(result)


def build(
    header: dict,
    groups: Sequence[dict],
    lines: Sequence[dict],
    totals: money.Totals,
    seller: Seller,
) -> ConfirmationData:
    """ConfirmationData from an order_header-shaped row, its groups, lines and totals."""
    order_no = int(header["order_no"])
    country = fmt.optional(header["customer_country"])
    country = None if country is None or country.upper() == "NO" else country
    return ConfirmationData(
        order_no=order_no,
        version=int(header["version"]),
        updated_at=header["updated_at"],
        title=fmt.clean(header["title"]),
        order_date=header["order_date"],
        delivery_date=header["delivery_date"],
        our_contact_id=int(header["our_contact_id"]),
        our_contact_name=fmt.clean(header["our_contact_name"]),
        our_contact_email=fmt.optional(header["our_contact_email"]),
        project_name=fmt.optional(header["project_name"]),
        currency=fmt.clean(header["currency"]) or "NOK",
        payment_terms_days=int(header["payment_terms_days"]),
        kid=no.make_kid(order_no, method=seller.kid_method),
        seller=seller,
        customer=Customer(
            name=fmt.clean(header["customer_name"]),
            address=fmt.optional(header["customer_address"]),
            postcode=fmt.optional(header["customer_postcode"]),
            city=fmt.optional(header["customer_city"]),
            country=country,
            orgnr=fmt.customer_orgnr(header["customer_orgnr"], country),
            contact_name=fmt.optional(header["contact_name"]),
            reference=fmt.optional(header["customer_ref"]),
        ),
        sections=sections(groups, lines),
        totals=totals,
    )
