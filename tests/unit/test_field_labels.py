"""Activity messages speak Norwegian: field labels from one table, numbers as Norwegians write
them (12, 89,90, 10 %), dates as dd.mm.åååå."""

import datetime as dt
from decimal import Decimal

from axos_data import labels
from axos_data.model import LINE_FIELDS
from axos_data.services.orders import HEADER_LABELS


def test_line_change_reads_like_the_issue_asks():
    diff = {
        "quantity": (Decimal("12.000"), Decimal("14.000")),
        "unit_price": (Decimal("89.9000"), Decimal("92.5000")),
        "discount_pct": (Decimal("10.00"), Decimal("5.00")),
    }
    assert labels.describe_changes(diff) == (
        "Antall 12 → 14, Enhetspris 89,90 → 92,50, Rabatt 10\u00a0% → 5\u00a0%"
    )


def test_values_keep_their_meaningful_decimals_and_norwegian_forms():
    assert labels.describe_change("quantity", Decimal("1.500"), Decimal("2.250")) == (
        "Antall 1,5 → 2,25"
    )
    assert labels.describe_change("unit_price", Decimal("12.3456"), Decimal("1499.9900")) == (
        "Enhetspris 12,3456 → 1\u00a0499,99"
    )
    assert labels.describe_change("vat_rate", 25, 15) == "MVA-sats 25\u00a0% → 15\u00a0%"
    assert labels.describe_change("description", "Reise", "Reise Oslo") == (
        "Beskrivelse «Reise» → «Reise Oslo»"
    )
    assert labels.describe_change("delivery_date", None, dt.date(2026, 3, 15)) == (
        "Leveringsdato (tom) → 15.03.2026"
    )
    assert labels.describe_change("payment_terms_days", 14, 30) == (
        "Betalingsbetingelser 14 dager → 30 dager"
    )
    assert labels.describe_change("invoice_method", "email", "ehf") == "Fakturametode E-post → EHF"
    assert labels.describe_change("customer_id", 3, 7) == "Kunde endret"


def test_every_line_and_header_field_has_a_norwegian_label():
    for field in (*LINE_FIELDS, *HEADER_LABELS):
        assert labels.label(field) != field
        assert "_" not in labels.label(field)
    assert HEADER_LABELS["delivery_date"] == "Leveringsdato"
