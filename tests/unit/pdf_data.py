"""ConfirmationData built by hand, for layout tests that need no database."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import replace
from decimal import Decimal

from axos_data import money, no
from axos_data.pdf.data import ConfirmationData, Customer, Line, Section, Seller

SELLER = Seller(
    name="Nordlys Systemer AS",
    address="Storgata 10",
    postcode="0155",
    city="Oslo",
    orgnr="NO 923 609 016 MVA",
    in_foretaksregisteret=True,
    email="faktura@nordlys.no",
    bank_account="1234 56 78903",
    kid_method="mod10",
)

CUSTOMER = Customer(
    name="Fjordtun Bygg AS",
    address="Strandgata 1",
    postcode="5013",
    city="Bergen",
    country=None,
    orgnr="988 077 917",
    contact_name="Ingrid Berg",
    reference="PO-4711",
)


def line(description: str, quantity: str, price: str, rate: int = 25, discount: str = "0"):
    q, p, d = Decimal(quantity), Decimal(price), Decimal(discount)
    return Line(description, q, "stk", p, d, rate, money.line_amount(q, p, d))


def confirmation(
    sections: list[tuple[str | None, list[Line]]], order_no: int = 10042, **changes
) -> ConfirmationData:
    built = tuple(
        Section(title, tuple(lines), sum((x.amount for x in lines), Decimal("0.00")))
        for title, lines in sections
    )
    all_lines = list(itertools.chain.from_iterable(s.lines for s in built))
    data = ConfirmationData(
        order_no=order_no,
        version=3,
        updated_at=dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC),
        title="Nytt lager – fase 1",
        order_date=dt.date(2026, 3, 1),
        delivery_date=dt.date(2026, 4, 15),
        our_contact_id=2,
        our_contact_name="Ola Hansen",
        our_contact_email="ola@nordlys.no",
        project_name="Nytt lager",
        currency="NOK",
        payment_terms_days=14,
        kid=no.make_kid(order_no),
        seller=SELLER,
        customer=CUSTOMER,
        sections=built,
        totals=money.totals((x.amount, x.vat_rate) for x in all_lines),
    )
    return replace(data, **changes)


def long_order(count: int = 300) -> ConfirmationData:
    lines = [
        line(
            f"Linje {i:03d} gákti č đ ŋ š ŧ ž á"
            + (
                " med en lang beskrivelse som må brytes over flere linjer" * 2 if i % 9 == 0 else ""
            ),
            str(1 + i % 5),
            f"{100 + i}.50",
            (25, 15, 12, 0)[i % 4],
        )
        for i in range(1, count + 1)
    ]
    return confirmation([(None, lines)], order_no=10300)
