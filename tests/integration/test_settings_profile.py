"""The company profile, invoice methods, defaults for new orders and the logo: settings right
only, validated, audited, and the logo reaches the PDF."""

import io

import pytest
from PIL import Image

import axos_data as ax
from axos_data import pdf
from axos_data.services.audit import audit_entries


def _image(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(buffer, format=kind)
    return buffer.getvalue()


def test_profile_changes_are_audited_with_before_and_after(con, seeded):
    ax.update_settings(con, seeded.admin, company_phone="55 12 34 56", company_name="Nordlys AS")
    ax.update_settings(con, seeded.admin, company_name="Nordlys AS")  # unchanged: no row
    entry = audit_entries(con)[0]
    assert (entry["entity"], entry["action"], entry["actor_id"]) == (
        "settings",
        "changed",
        seeded.admin,
    )
    assert entry["changes"] == {
        "company_name": ["Nordlys Systemer AS", "Nordlys AS"],
        "company_phone": ["", "55 12 34 56"],
    }
    assert len([e for e in audit_entries(con) if e["entity"] == "settings"]) == 2  # + seed


def test_invoice_methods_can_be_extended_and_are_used_for_new_orders(
    con, seeded, new_order, refused
):
    ax.add_invoice_method(con, seeded.admin, "papir", "Papir")
    ax.update_settings(
        con, seeded.admin, default_invoice_method="Papir", default_payment_terms_days=30
    )
    order_no = new_order()
    header = ax.views.order_detail(con, order_no).header
    assert (header["invoice_method"], header["payment_terms_days"]) == ("papir", 30)
    with refused(ax.InvalidChoice, "Papir", "standard"):
        ax.remove_invoice_method(con, seeded.admin, "papir")
    with refused(ax.AlreadyExists, "ehf"):
        ax.add_invoice_method(con, seeded.admin, "ehf", "EHF")
    with refused(ax.InvalidChoice, "fax"):
        new_order(invoice_method="fax")
    with refused(ax.PermissionDenied, "Ola Hansen"):
        ax.add_invoice_method(con, seeded.user, "fax", "Faks")
    ax.remove_invoice_method(con, seeded.admin, "post")
    assert list(ax.invoice_methods(con)) == ["email", "ehf", "efaktura", "papir"]


def test_a_converted_quote_gets_the_defaults(con, seeded):
    ax.update_settings(
        con, seeded.admin, default_invoice_method="ehf", default_payment_terms_days=10
    )
    quote = ax.create_quote(
        con,
        seeded.admin,
        customer_id=seeded.customer,
        our_contact_id=seeded.user,
        title="T",
        lines=[],
        status="accepted",
    )
    header = ax.views.order_detail(con, ax.convert_quote(con, seeded.admin, quote)).header
    assert (header["invoice_method"], header["payment_terms_days"]) == ("ehf", 10)


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_a_logo_is_stored_audited_and_printed(con, seeded, new_order, kind):
    content = _image(kind)
    order_no = new_order()
    ax.set_company_logo(con, seeded.admin, content, f"logo.{kind.lower()}")
    assert ax.company_logo(con)["content"] == content
    entry = audit_entries(con)[0]
    assert (entry["entity"], entry["action"]) == ("company_logo", "changed")
    assert entry["changes"]["bytes"] == [None, len(content)]
    assert b"/Subtype /Image" in pdf.render_confirmation(con, order_no)
    ax.remove_company_logo(con, seeded.admin)
    assert b"/Subtype /Image" not in pdf.render_confirmation(con, order_no)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "tom"),
        (b"GIF89a....", "verken PNG eller JPEG"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "kan ikke leses"),
    ],
)
def test_a_bad_logo_is_refused(con, seeded, refused, content, fragment):
    with refused(ax.InvalidLogo, "logo.bin", fragment):
        ax.set_company_logo(con, seeded.admin, content, "logo.bin")


def test_the_logo_is_settings_right_only(con, seeded, refused):
    with refused(ax.PermissionDenied, "Ola Hansen"):
        ax.set_company_logo(con, seeded.user, _image("PNG"), "logo.png")


def test_bad_values_are_refused_in_the_order_given_before_the_actor(con, seeded, refused):
    with refused(ax.InvalidChoice, "fax"):
        ax.update_settings(con, seeded.user, default_invoice_method="fax", order_number_start="0")
    with refused(ax.NumberOutOfRange, "0"):
        ax.update_settings(con, seeded.user, order_number_start="0", default_invoice_method="fax")
