"""The plain in-memory model the fuzz test holds the library to: orders, lines, groups,
quotes, status flow, activity — Decimal money and the rules written out again, independently
of axos_data, so a rule broken in the library disagrees with the model."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext

import axos_data as ax

ORE = Decimal("0.01")

# The default status flow (migrations/001_core.sql), as a Norwegian finance team knows it.
FLOW = {
    "under_arbeid": ("klar_til_fakturering", "kansellert"),
    "klar_til_fakturering": ("under_arbeid", "fakturert", "kansellert"),
    "fakturert": ("purret", "betalt", "kansellert"),
    "purret": ("betalt", "kansellert"),
    "betalt": (),
    "kansellert": (),
}
FINAL = {"betalt", "kansellert"}
CATEGORY = {
    "under_arbeid": "open",
    "klar_til_fakturering": "invoicing",
    "fakturert": "invoiced",
    "purret": "invoiced",
    "betalt": "closed",
    "kansellert": "closed",
}
INITIAL = "under_arbeid"
INVOICE_METHODS = ("email", "ehf", "efaktura", "post")

QUOTE_TRANSITIONS = {
    "draft": {"sent", "accepted", "rejected"},
    "sent": {"accepted", "rejected", "draft"},
    "accepted": {"sent", "rejected"},
    "rejected": {"draft", "sent"},
    "converted": set(),
}
QUOTE_STATUSES = ("draft", "sent", "accepted", "rejected", "converted")

# The seeded products (tests/conftest.py): name, unit, price, VAT.
PRODUCTS = {
    "KONS-T": ("Konsulenttime", "t", Decimal("1250.0000"), 25),
    "MAT-KG": ("Kaffe", "kg", Decimal("189.9000"), 15),
    "BOK": ("Håndbok", "stk", Decimal("349.0000"), 0),
}

# Custom fields the fuzzer may define: key → (type, options).
CUSTOM_FIELDS = {
    "prioritet": ("choice", ("høy", "lav")),
    "frist": ("date", ()),
    "antall_kasser": ("number", ()),
    "godkjent": ("bool", ()),
    "region": ("text", ()),
}


def line_amount(quantity: Decimal, price: Decimal, discount: Decimal) -> Decimal:
    with localcontext() as exact:
        exact.prec = 60
        return (quantity * price * (100 - discount) / 100).quantize(ORE, rounding=ROUND_HALF_UP)


@dataclass
class Line:
    id: int
    group_id: int | None
    position: int
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    discount_pct: Decimal
    vat_rate: int

    @property
    def amount(self) -> Decimal:
        return line_amount(self.quantity, self.unit_price, self.discount_pct)

    def row(self, order_no: int) -> tuple:
        return (
            self.id,
            order_no,
            self.group_id,
            self.position,
            self.description,
            self.quantity,
            self.unit,
            self.unit_price,
            self.discount_pct,
            self.vat_rate,
            self.amount,
        )


def totals(lines) -> tuple[Decimal, Decimal, Decimal]:
    """(net, VAT, total): VAT per rate on the net sum of that rate, rounded half up."""
    bases: dict[int, Decimal] = {}
    for line in lines:
        bases[line.vat_rate] = bases.get(line.vat_rate, Decimal(0)) + line.amount
    net = sum(bases.values(), Decimal("0.00"))
    vat = sum(
        ((base * rate / 100).quantize(ORE, rounding=ROUND_HALF_UP) for rate, base in bases.items()),
        Decimal("0.00"),
    )
    return net, vat, net + vat


@dataclass
class Order:
    order_no: int
    status: str
    title: str
    customer_id: int
    contact_id: int | None
    project_id: int | None
    customer_ref: str | None
    payment_terms_days: int
    invoice_method: str
    quote_id: int | None = None
    version: int = 1
    lines: dict[int, Line] = field(default_factory=dict)
    groups: dict[int, tuple[int, str]] = field(default_factory=dict)  # id → (position, title)
    history: list[tuple] = field(default_factory=list)  # (from, to, note)
    activity: list[tuple] = field(default_factory=list)  # (kind, comment text or None)
    custom: dict[str, str] = field(default_factory=dict)

    @property
    def locked(self) -> bool:
        return CATEGORY[self.status] != "open"

    def next_line_position(self) -> int:
        return max((line.position for line in self.lines.values()), default=0) + 1

    def row(self) -> tuple:
        return (
            self.order_no,
            self.status,
            self.title,
            self.customer_id,
            self.contact_id,
            self.project_id,
            self.customer_ref,
            self.payment_terms_days,
            self.invoice_method,
            self.quote_id,
            self.version,
            *totals(self.lines.values()),
        )

    def changed(self, kind: str) -> None:
        self.version += 1
        self.activity.append((kind, None))


@dataclass
class QuoteLine:
    group: str | None
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    discount_pct: Decimal
    vat_rate: int


@dataclass
class Quote:
    id: int
    status: str
    title: str
    customer_id: int
    contact_id: int | None
    project_id: int | None
    customer_ref: str | None
    lines: list[QuoteLine]
    order_no: int | None = None


def status_error(
    current: str, target: str, is_admin: bool, note: str | None = None
) -> type[ax.AxosError] | None:
    """The error change_status must raise, or None when the move is allowed."""
    if target not in FLOW:
        return ax.UnknownStatus
    if target == current:
        return ax.InvalidStatusTransition
    if current in FINAL:
        if not is_admin:
            return ax.PermissionDenied
        if target in FINAL:
            return ax.InvalidStatusTransition
        return None if (note or "").strip() else ax.ReopenReasonRequired
    return None if target in FLOW[current] else ax.InvalidStatusTransition


_WORD = re.compile(r"[^\W_]+")


def search_terms(order: Order, customer_name: str) -> set[str]:
    """The words an order is found by: number, title, customer name, reference."""
    text = f"{order.order_no} {order.title} {customer_name} {order.customer_ref or ''}".lower()
    terms = set(_WORD.findall(text))
    if order.customer_ref:
        terms.add(order.customer_ref.lower())
    return terms


def search_words(query: str) -> list[str]:
    """The words of a search text the list looks up: distinct, longest first, at most six."""
    found = dict.fromkeys(_WORD.findall(query.lower()))
    return sorted(found, key=len, reverse=True)[:6]


def search_matches(terms: set[str], query: str) -> bool:
    words = search_words(query)
    return all(any(term.startswith(word) for term in terms) for word in words)
