"""render_confirmation on a real database: fields, amounts, activity row, bad input."""

import hashlib
import json
import re
from decimal import Decimal

import pytest
from pdf_support import pages_text, printed_totals

import axos_data as ax
from axos_data import money, no, pdf


@pytest.fixture
def order(con, seeded):
    """A grouped order with ungrouped lines, a discount and every VAT rate."""
    order_no = ax.create_order(
        con,
        seeded.admin,
        customer_id=seeded.customer,
        title="Nytt lager – fase 1",
        our_contact_id=seeded.user,
        contact_id=seeded.contact,
        project_id=seeded.project,
        order_date="2026-03-01",
        delivery_date="2026-04-15",
        customer_ref="PO-4711",
    )
    ax.add_line(con, seeded.admin, order_no, product=seeded.product_25, quantity="2.5")
    group = ax.add_group(con, seeded.admin, order_no, "Montering")
    ax.add_line(
        con,
        seeded.admin,
        order_no,
        description="Montering av reoler",
        quantity="12",
        unit="t",
        unit_price="980",
        discount_pct="10",
        group_id=group,
    )
    ax.add_line(
        con, seeded.admin, order_no, product=seeded.product_15, quantity="1.333", group_id=group
    )
    ax.add_line(
        con,
        seeded.admin,
        order_no,
        description="Lysrør",
        quantity="40",
        unit="stk",
        unit_price="89.5",
        vat_rate=12,
        group_id=group,
    )
    other = ax.add_group(con, seeded.admin, order_no, "Bøker")
    ax.add_line(con, seeded.admin, order_no, product=seeded.product_0, quantity="2", group_id=other)
    return order_no


def text_of(document: bytes) -> str:
    return "\n".join(pages_text(document))


def test_every_field_of_seller_customer_and_order_is_printed(con, seeded, order):
    text = text_of(pdf.render_confirmation(con, order))
    for expected in [
        "Ordrebekreftelse",
        "Nordlys Systemer AS",
        "Storgata 10",
        "0155 Oslo",
        "Org.nr. NO 923 609 016 MVA",
        "Foretaksregisteret",
        "Fjordtun Bygg AS",
        "Strandgata 1",
        "5013 Bergen",
        "Org.nr. 988 077 917",
        "Deres kontakt Ingrid Berg",
        "Deres ref. PO-4711",
        f"Ordrenr. {order}",
        "Ordredato 01.03.2026",
        "Leveringsdato 15.04.2026",
        "Vår kontakt Ola Hansen",
        "E-post ola@nordlys.no",
        "Prosjekt Nytt lager",
        "Valuta NOK",
        "Gjelder: Nytt lager – fase 1",
        "Betalingsbetingelser 14 dager netto",
        "Kontonummer 1234 56 78903",
        f"Referanse Ordrenr. {order}",
        "Side 1 av 1",
    ]:
        assert expected in text
    assert "None" not in text


def test_lines_are_printed_in_their_groups_with_subtotals(con, order):
    text = text_of(pdf.render_confirmation(con, order))
    detail = ax.views.order_detail(con, order)
    assert text.index("Øvrige linjer") < text.index("Konsulenttime")
    assert text.index("Montering\n") < text.index("Montering av reoler") < text.index("Bøker")
    assert "Konsulenttime 2,5 t 1 250,00 25 3 125,00" in text
    assert "Montering av reoler 12 t 980,00 10 25 10 584,00" in text
    assert "Kaffe 1,333 kg 189,90 15 253,14" in text
    assert "Lysrør 40 stk 89,50 12 3 580,00" in text
    assert "Håndbok 2 stk 349,00 0 698,00" in text
    for group in detail.groups.to_dicts():
        subtotal = re.search(rf"Sum {group['title']} (\S+ ?\S*,\d\d)", text).group(1)
        assert Decimal(subtotal.replace(" ", "").replace(",", ".")) == group["subtotal"]
    assert "Sum Øvrige linjer 3 125,00" in text


def test_printed_totals_and_vat_per_rate_equal_the_library_totals(con, order):
    printed = printed_totals(pages_text(pdf.render_confirmation(con, order))[-1])
    totals = ax.views.order_detail(con, order).totals
    assert printed.net == totals.net
    assert printed.vat == {v.rate: (v.base, v.amount) for v in totals.vat}
    assert set(printed.vat) == {25, 15, 12, 0}
    assert printed.vat_total == totals.vat_total
    assert printed.total == totals.total
    assert printed.currency == "NOK"


def test_loaded_data_equals_the_order_detail_view(con, order):
    data = pdf.load_confirmation(con, order)
    detail = ax.views.order_detail(con, order)
    assert data.totals == detail.totals
    printed_lines = [line for section in data.sections for line in section.lines]
    assert [
        (x.description, x.quantity, x.unit_price, x.discount_pct, x.vat_rate, x.amount)
        for x in printed_lines
    ] == [
        (
            r["description"],
            r["quantity"],
            r["unit_price"],
            r["discount_pct"],
            r["vat_rate"],
            r["amount"],
        )
        for r in detail.lines.to_dicts()
    ]
    assert [s.subtotal for s in data.sections[1:]] == detail.groups["subtotal"].to_list()


@pytest.mark.parametrize("method", ["mod10", "mod11"])
def test_kid_is_made_from_the_order_number_with_a_valid_check_digit(con, seeded, order, method):
    ax.update_settings(con, seeded.admin, kid_method=method)
    text = text_of(pdf.render_confirmation(con, order))
    kid = re.search(r"KID (\S+)", text).group(1)
    assert kid == no.make_kid(order, method=method)
    assert kid[:-1] == str(order)
    assert no.is_valid_kid(kid, method)


def test_rendering_writes_an_activity_row_attributed_to_our_contact(con, seeded, order):
    document = pdf.render_confirmation(con, order)
    log = ax.views.order_activity(con, order).to_dicts()
    row = log[-1]
    totals = ax.views.order_detail(con, order).totals
    assert row["kind"] == "confirmation_rendered"
    assert row["message"] == (
        f"Ordrebekreftelse lastet ned (1 side, {money.format_nok(totals.total, currency=True)})"
    )
    assert row["actor_id"] == seeded.user
    data = json.loads(row["data"])
    assert data["total"] == str(totals.total)
    assert data["pages"] == 1
    assert data["file"] is None
    assert data["sha256"] == hashlib.sha256(document).hexdigest()


def test_an_explicit_actor_is_checked_and_recorded(con, seeded, order):
    pdf.render_confirmation(con, order, actor=seeded.admin)
    assert ax.views.order_activity(con, order)["actor_id"].to_list()[-1] == seeded.admin
    ax.set_employee_active(con, seeded.admin, seeded.user, False)
    with pytest.raises(ax.InactiveEmployee):
        pdf.render_confirmation(con, order, actor=seeded.user)


def test_a_deactivated_our_contact_still_gets_the_implicit_row(con, seeded, order):
    ax.set_employee_active(con, seeded.admin, seeded.user, False)
    pdf.render_confirmation(con, order)
    assert ax.views.order_activity(con, order)["actor_id"].to_list()[-1] == seeded.user


def test_save_writes_the_file_then_logs_the_export(con, seeded, order, tmp_path):
    target = pdf.save_confirmation(con, order, tmp_path / "bekreftelse.pdf", actor=seeded.admin)
    assert target.read_bytes().startswith(b"%PDF-")
    row = ax.views.order_activity(con, order).to_dicts()[-1]
    assert row["message"].startswith("Ordrebekreftelse eksportert til bekreftelse.pdf")
    before = ax.views.order_activity(con, order).height
    with pytest.raises(ax.CannotWriteFile, match="mangler"):
        pdf.save_confirmation(con, order, tmp_path / "mangler" / "x.pdf")
    assert ax.views.order_activity(con, order).height == before


def test_unknown_order_is_a_clear_error(con, seeded):
    with pytest.raises(ax.UnknownOrder, match="Ordre 99999 finnes ikke"):
        pdf.render_confirmation(con, 99999)
    with pytest.raises(ax.UnknownOrder, match="«abc» er ikke et ordrenummer"):
        pdf.render_confirmation(con, "abc")


def test_an_order_without_lines_says_so(con, seeded):
    order_no = ax.create_order(
        con, seeded.admin, customer_id=seeded.customer, title="Tom", our_contact_id=seeded.user
    )
    text = text_of(pdf.render_confirmation(con, order_no))
    assert "Ingen ordrelinjer" in text
    assert "Å betale (NOK) 0,00" in text


def test_missing_company_profile_fields_are_named(con):
    admin = ax.add_employee(con, None, name="Kari Nordmann", email="kari@nordlys.no")
    customer = ax.add_company(con, admin, name="Kunde AS")
    order_no = ax.create_order(con, admin, customer_id=customer, title="X", our_contact_id=admin)
    ax.update_settings(con, admin, company_name="Nordlys Systemer AS", company_city="Oslo")
    with pytest.raises(ax.IncompleteCompanyProfile) as error:
        pdf.render_confirmation(con, order_no)
    message = str(error.value)
    for label in ("Organisasjonsnummer", "Adresse", "Postnummer", "Kontonummer"):
        assert label in message
    assert "Firmanavn" not in message and "Poststed" not in message
    assert ax.views.order_activity(con, order_no)["kind"].to_list() == ["created"]


def test_seller_that_is_not_vat_registered_shows_the_plain_orgnr(con, seeded, order):
    ax.update_settings(
        con, seeded.admin, company_vat_registered=False, company_in_foretaksregisteret=False
    )
    text = text_of(pdf.render_confirmation(con, order))
    assert "Org.nr. 923 609 016\n" in text
    assert "NO 923 609 016 MVA" not in text
    assert "Foretaksregisteret" not in text


def test_sami_customer_and_contact_render(con, seeded):
    order_no = ax.create_order(
        con,
        seeded.admin,
        customer_id=seeded.other_customer,
        title="Duodji č đ ŋ š ŧ ž á",
        our_contact_id=seeded.user,
        contact_id=seeded.other_contact,
    )
    ax.add_line(
        con,
        seeded.admin,
        order_no,
        description="Gákti ŧ ŋ",
        quantity="1",
        unit="stk",
        unit_price="100",
    )
    text = text_of(pdf.render_confirmation(con, order_no))
    assert "Čáhppes Sámi Design" in text
    assert "Deres kontakt Máret Sara" in text
    assert "Gjelder: Duodji č đ ŋ š ŧ ž á" in text
    assert "Gákti ŧ ŋ" in text


def test_a_300_line_order_runs_over_pages_with_headers_numbers_and_exact_totals(con, seeded):
    order_no = ax.create_order(
        con,
        seeded.admin,
        customer_id=seeded.other_customer,
        title="Stor ordre",
        our_contact_id=seeded.user,
    )
    groups = [ax.add_group(con, seeded.admin, order_no, f"Etappe {i}") for i in (1, 2, 3)]
    for i in range(300):
        ax.add_line(
            con,
            seeded.admin,
            order_no,
            description=f"Post {i:03d} Čáhppes ŋ ŧ" + " lang" * (i % 13),
            quantity=str(1 + i % 7),
            unit="stk",
            unit_price=f"{10 + i}.{i % 100:02d}",
            discount_pct=str(i % 4 * 5),
            vat_rate=(25, 15, 12, 0)[i % 4],
            group_id=groups[i % 3] if i % 5 else None,
        )
    pages = pages_text(pdf.render_confirmation(con, order_no))
    assert len(pages) >= 8
    header = "Beskrivelse Antall Enhet Enhetspris Rabatt % MVA % Beløp"
    for number, page in enumerate(pages, start=1):
        assert page.endswith(f"Side {number} av {len(pages)}")
        assert header in page or number == len(pages)
    text = "\n".join(pages)
    assert sorted(re.findall(r"Post (\d{3})", text)) == [f"{i:03d}" for i in range(300)]
    totals = ax.views.order_detail(con, order_no).totals
    printed = printed_totals(pages[-1])
    assert (printed.net, printed.vat_total, printed.total) == (
        totals.net,
        totals.vat_total,
        totals.total,
    )
    assert printed.vat == {v.rate: (v.base, v.amount) for v in totals.vat}
