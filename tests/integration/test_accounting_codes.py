"""The accounting system's codes for invoice methods and payment terms (setting
`accounting_codes`): mapped by an admin or the settings grant, audited, read back by
`accounting_code` for the invoice basis."""

import axos_data as ax
from axos_data.services.audit import audit_entries


def test_codes_are_set_read_and_removed(con, seeded, refused):
    assert ax.accounting_codes(con) == {"invoice_method": {}, "payment_terms": {}}
    assert ax.accounting_code(con, "invoice_method", "ehf") is None
    assert ax.set_accounting_code(con, seeded.admin, "invoice_method", "EHF", "3") == ("ehf", "3")
    ax.set_accounting_code(con, seeded.admin, "payment_terms", "30", "K30")
    ax.set_accounting_code(con, seeded.admin, "payment_terms", 14, 10)
    assert ax.accounting_code(con, "invoice_method", "ehf") == "3"
    assert ax.accounting_code(con, "payment_terms", 14) == "10"
    assert ax.accounting_code(con, "payment_terms", "30") == "K30"
    assert list(ax.accounting_codes(con)["payment_terms"]) == ["14", "30"]  # by days
    assert ax.require_accounting_code(con, "payment_terms", 30) == "K30"
    entry = audit_entries(con)[0]
    assert (entry["entity"], entry["entity_id"], entry["actor_id"]) == (
        "settings",
        "accounting_codes",
        seeded.admin,
    )
    assert entry["changes"] == {"payment_terms.14": [None, "10"]}
    ax.remove_accounting_code(con, seeded.admin, "payment_terms", 14)
    assert ax.accounting_code(con, "payment_terms", 14) is None
    with refused(ax.MissingAccountingCode, "14", "accounting-code set payment_terms 14"):
        ax.require_accounting_code(con, "payment_terms", 14)


def test_bad_codes_are_refused(con, seeded, refused):
    with refused(ax.InvalidChoice, "«papir»", "ehf"):
        ax.set_accounting_code(con, seeded.admin, "invoice_method", "papir", "1")
    with refused(ax.InvalidNumber, "«fjorten»"):
        ax.set_accounting_code(con, seeded.admin, "payment_terms", "fjorten", "1")
    with refused(ax.NumberOutOfRange):
        ax.set_accounting_code(con, seeded.admin, "payment_terms", 400, "1")
    with refused(ax.InvalidChoice, "«vat»"):
        ax.set_accounting_code(con, seeded.admin, "vat", "25", "3")
    with refused(ax.EmptyValue):
        ax.set_accounting_code(con, seeded.admin, "invoice_method", "ehf", " ")
    with refused(ax.TextTooLong):
        ax.set_accounting_code(con, seeded.admin, "invoice_method", "ehf", "x" * 31)


def test_only_admins_or_the_settings_grant_map_codes(con, seeded, refused):
    with refused(ax.PermissionDenied, "Ola Hansen"):
        ax.set_accounting_code(con, seeded.user, "invoice_method", "ehf", "3")
    ax.grant_right(con, seeded.admin, seeded.user, "settings")
    ax.set_accounting_code(con, seeded.user, "invoice_method", "ehf", "3")
    assert ax.accounting_code(con, "invoice_method", "ehf") == "3"
