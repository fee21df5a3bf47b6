"""Norwegian labels and display formats of the order and line fields, for the messages that
users read (the activity log in the app, the CLI and the PDF). One table: services, the app and
the CLI name a field through FIELD_LABELS and show a changed value through `describe_change`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from axos_data import money, no, vat_codes
from axos_data.model import INVOICE_METHODS

FIELD_LABELS = {
    # order and quote lines
    "description": "Beskrivelse",
    "quantity": "Antall",
    "unit": "Enhet",
    "unit_price": "Enhetspris",
    "discount_pct": "Rabatt",
    "vat_rate": "MVA-sats",
    "vat_code": "MVA-kode",
    # order header
    "title": "Tittel",
    "customer_id": "Kunde",
    "contact_id": "Kontaktperson",
    "our_contact_id": "Vår kontakt",
    "project_id": "Prosjekt",
    "order_date": "Ordredato",
    "delivery_date": "Leveringsdato",
    "customer_ref": "Deres referanse",
    "payment_terms_days": "Betalingsbetingelser",
    "invoice_method": "Fakturametode",
}

# Fields whose stored value is an id: the log names the field, not the number behind it.
_ID_FIELDS = {"customer_id", "contact_id", "our_contact_id", "project_id"}
_PERCENT_FIELDS = {"discount_pct", "vat_rate"}


def label(field: str) -> str:
    return FIELD_LABELS.get(field, field)


def format_value(field: str, value: object) -> str:
    """A stored value as a Norwegian user reads it: 12 (not 12.000), 89,90, 10 %, 01.03.2026."""
    if value is None or value == "":
        return "(tom)"
    if field in _PERCENT_FIELDS:
        return f"{money.format_decimal(Decimal(str(value)))}\u00a0%"
    if field == "unit_price":
        return money.format_price(Decimal(str(value)))
    if field == "quantity":
        return money.format_decimal(Decimal(str(value)))
    if field == "payment_terms_days":
        days = int(value)  # type: ignore[call-overload]
        return f"{days} {'dag' if days == 1 else 'dager'}"
    if field == "vat_code":
        known = vat_codes.CODES.get(str(value))
        return known.label if known else str(value)
    if field == "invoice_method":
        return INVOICE_METHODS.get(str(value), str(value))
    if isinstance(value, dt.datetime):
        return no.format_timestamp(value)
    if isinstance(value, dt.date):
        return no.format_date(value)
    return f"«{value}»"


def describe_change(field: str, old: object, new: object) -> str:
    """ "Antall 12 → 14"; an id field only by its label ("Kunde endret")."""
    if field in _ID_FIELDS:
        return f"{label(field)} endret"
    return f"{label(field)} {format_value(field, old)} → {format_value(field, new)}"


def describe_changes(diff: Mapping[str, tuple[object, object]]) -> str:
    """ "Antall 12 → 14, Enhetspris 89,90 → 92,50, Rabatt 10 % → 5 %"."""
    return ", ".join(describe_change(field, old, new) for field, (old, new) in diff.items())
