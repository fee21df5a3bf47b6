"""The confirmation layout on hand-built data: every field, page breaks, wrapping, references.

The reference texts below are what pypdf extracts from the renders that were checked by eye
(pdftoppm → PNG); a layout change shows up here as a diff to look at, then to update.
"""

import re
from dataclasses import replace

from pdf_data import CUSTOMER, SELLER, confirmation, line, long_order
from pdf_support import pages_text, printed_totals

from axos_data import no
from axos_data.pdf import layout, render

HEADER = "Beskrivelse Antall Enhet Enhetspris Rabatt % MVA % Beløp"

REFERENCE_GROUPED = """\
OrdrebekreftelseNordlys Systemer AS
Storgata 10
0155 Oslo
Org.nr. NO 923 609 016 MVA
Foretaksregisteret
faktura@nordlys.no
KUNDE
Fjordtun Bygg AS
Strandgata 1
5013 Bergen
Org.nr. 988 077 917
Deres kontakt Ingrid Berg
Deres ref. PO-4711
Ordrenr. 10042
Ordredato 01.03.2026
Leveringsdato 15.04.2026
Vår kontakt Ola Hansen
E-post ola@nordlys.no
Prosjekt Nytt lager
Valuta NOK
Gjelder: Nytt lager – fase 1
Beskrivelse Antall Enhet Enhetspris Rabatt % MVA % Beløp
Øvrige linjer
Konsulenttime 2,5 stk 1 250,00 25 3 125,00
Sum Øvrige linjer 3 125,00
Montering
Montering av reoler, inkludert transport
og rigging på byggeplassen i
Kárášjohka
12 stk 980,00 10 25 10 584,00
Kaffe 1,333 stk 189,90 15 253,14
Sum Montering 10 837,14
Bøker
Håndbok 2 stk 349,00 0 698,00
Sum Bøker 698,00
Sum eks. MVA 14 660,14
Grunnlag MVA
MVA 25 % 13 709,00 3 427,25
MVA 15 % 253,14 37,97
MVA 0 % 698,00 0,00
Sum MVA 3 465,22
Å betale (NOK) 18 125,36
Betalingsinformasjon
Betalingsbetingelser 14 dager netto
Kontonummer 1234 56 78903
KID 100420
Referanse Ordrenr. 10042
Faktura sendes separat. Oppgi KID ved betaling.
Ordrebekreftelse 10042 · Nordlys Systemer AS · Org.nr. NO 923 609 016 MVA · \
Foretaksregisteret Side 1 av 1"""

REFERENCE_EMPTY_TAIL = """\
Gjelder: Nytt lager – fase 1
Beskrivelse Antall Enhet Enhetspris Rabatt % MVA % Beløp
Ingen ordrelinjer
Sum eks. MVA 0,00
Sum MVA 0,00
Å betale (NOK) 0,00
Betalingsinformasjon
Betalingsbetingelser 14 dager netto
Kontonummer 1234 56 78903
KID 100420
Referanse Ordrenr. 10042
Faktura sendes separat. Oppgi KID ved betaling.
Ordrebekreftelse 10042 · Nordlys Systemer AS · Org.nr. NO 923 609 016 MVA · \
Foretaksregisteret Side 1 av 1"""


def grouped():
    return confirmation(
        [
            ("Øvrige linjer", [line("Konsulenttime", "2.5", "1250")]),
            (
                "Montering",
                [
                    line(
                        "Montering av reoler, inkludert transport og rigging på byggeplassen"
                        " i Kárášjohka",
                        "12",
                        "980",
                        25,
                        "10",
                    ),
                    line("Kaffe", "1.333", "189.9", 15),
                ],
            ),
            ("Bøker", [line("Håndbok", "2", "349", 0)]),
        ]
    )


def test_reference_render_of_a_grouped_order():
    document = render(grouped())
    assert document.pages == 1
    assert pages_text(document.pdf) == [REFERENCE_GROUPED]


def test_reference_render_of_an_order_without_lines():
    text = pages_text(render(confirmation([(None, [])])).pdf)
    assert len(text) == 1
    assert text[0].endswith(REFERENCE_EMPTY_TAIL)


def test_same_data_gives_the_same_bytes():
    assert render(grouped()).pdf == render(grouped()).pdf


def test_printed_totals_are_the_data_totals():
    data = grouped()
    printed = printed_totals(pages_text(render(data).pdf)[-1])
    assert printed.net == data.totals.net
    assert printed.vat_total == data.totals.vat_total
    assert printed.total == data.totals.total
    assert printed.vat == {v.rate: (v.base, v.amount) for v in data.totals.vat}
    assert printed.currency == "NOK"


def test_seller_without_vat_registration_or_register_entry():
    seller = replace(SELLER, orgnr="923 609 016", in_foretaksregisteret=False, email=None)
    text = pages_text(render(replace(grouped(), seller=seller)).pdf)[0]
    assert "Org.nr. 923 609 016\n" in text
    assert "MVA\n" not in text.split("KUNDE")[0]
    assert "Foretaksregisteret" not in text
    assert "faktura@nordlys.no" not in text


def test_optional_fields_are_left_out_not_printed_as_none():
    customer = replace(
        CUSTOMER,
        address=None,
        postcode=None,
        city=None,
        orgnr=None,
        contact_name=None,
        reference=None,
    )
    data = replace(
        grouped(),
        customer=customer,
        delivery_date=None,
        project_name=None,
        our_contact_email=None,
    )
    text = pages_text(render(data).pdf)[0]
    for label in ("Deres kontakt", "Deres ref.", "Leveringsdato", "Prosjekt", "E-post"):
        assert label not in text
    assert "None" not in text
    assert "Strandgata" not in text
    assert "Org.nr. 988" not in text


def test_foreign_customer_shows_country_and_orgnr_as_given():
    customer = replace(CUSTOMER, country="SE", orgnr="SE556036079301")
    text = pages_text(render(replace(grouped(), customer=customer)).pdf)[0]
    assert "5013 Bergen\nSE\nOrg.nr. SE556036079301" in text


def test_kid_is_printed_with_a_valid_check_digit():
    text = pages_text(render(grouped()).pdf)[0]
    kid = re.search(r"KID (\S+)", text).group(1)
    assert kid.startswith("10042")
    assert no.is_valid_kid(kid, "mod10")


def test_300_lines_run_over_pages_numbered_x_of_y_with_the_header_on_each():
    data = long_order(300)
    document = render(data)
    pages = pages_text(document.pdf)
    assert document.pages == len(pages) > 5
    for number, text in enumerate(pages, start=1):
        assert text.endswith(f"Side {number} av {len(pages)}")
        if number > 1:
            assert text.startswith(f"Ordrebekreftelse {data.order_no} (forts.)")
        if number < len(pages):
            assert HEADER in text
    everything = "\n".join(pages)
    for i in range(1, 301):
        assert everything.count(f"Linje {i:03d} gákti č đ ŋ š ŧ ž á") == 1
    printed = printed_totals(pages[-1])
    assert printed.total == data.totals.total
    assert printed.vat == {v.rate: (v.base, v.amount) for v in data.totals.vat}


def test_long_descriptions_wrap_and_keep_every_word():
    words = [f"ord{i}æøå" for i in range(120)]
    data = confirmation([(None, [line(" ".join(words), "1", "10")])])
    text = "\n".join(pages_text(render(data).pdf))
    body = text.split(HEADER)[1]
    found = re.findall(r"ord\d+æøå", body)
    assert found == words
    wrapped = [row for row in body.splitlines() if row.startswith("ord")]
    assert len(wrapped) > 10  # many lines in the description column, none cut off


def test_a_description_longer_than_a_page_continues_on_the_next_page():
    paragraphs = "\n".join(f"Avsnitt {i}: detaljer om leveransen" for i in range(150))
    data = confirmation([(None, [line(paragraphs, "1", "10"), line("Neste linje", "1", "5")])])
    document = render(data)
    pages = pages_text(document.pdf)
    assert document.pages >= 3
    everything = "\n".join(pages)
    for i in range(150):
        assert f"Avsnitt {i}: detaljer om leveransen" in everything
    assert "Neste linje" in pages[-1] or "Neste linje" in pages[-2]
    assert all(HEADER in page for page in pages[:-1])


def test_a_word_wider_than_the_column_is_split_not_cut():
    word = "Ø" * 80
    text = "\n".join(pages_text(render(confirmation([(None, [line(word, "1", "1")])])).pdf))
    body = text.split(HEADER)[1].split("Sum eks. MVA")[0]
    assert "".join(re.findall(r"Ø+", body)) == word


def test_sami_greek_and_cyrillic_text_round_trips():
    names = "Máret Ŋuolla Čáhppes Đ ŧ ž š á ǥ ǩ ʒ — Ἀθῆναι — Мурманск"
    data = replace(grouped(), customer=replace(CUSTOMER, name=names))
    text = pages_text(render(data).pdf)[0]
    assert " ".join(names.split()) in " ".join(text.split())  # the long name wraps


def test_the_largest_amounts_shrink_to_fit_their_column():
    # The largest price and a line amount one øre below the bound, for 25 % VAT on top.
    data = confirmation([(None, [line("Stor post", "79.999", "9999999999.9999")])])
    text = pages_text(render(data).pdf)[0]
    assert "9 999 999 999,9999" in text
    assert data.sections[0].lines[0].amount > 7 * 10**11
    assert printed_totals(text).total == data.totals.total


def test_table_columns_fill_the_text_width():
    assert sum(width for _, _, width, _ in layout.COLUMNS) == layout.RIGHT - layout.LEFT


def test_a_very_long_title_continues_on_the_next_page_before_the_table():
    title = " ".join(f"tittel{i}" for i in range(1500))
    data = replace(grouped(), title=title)
    pages = pages_text(render(data).pdf)
    assert re.findall(r"tittel\d+", "\n".join(pages)) == title.split()
    assert all(page.endswith(f"Side {i} av {len(pages)}") for i, page in enumerate(pages, 1))
    assert HEADER in pages[-1] or HEADER in pages[-2]


def test_a_group_running_over_a_page_break_is_named_again():
    lines = [line(f"Post {i}", "1", "10") for i in range(60)]
    pages = pages_text(render(confirmation([("Etappe 1", lines)])).pdf)
    assert len(pages) >= 2
    assert f"{HEADER}\nEtappe 1 (forts.)\n" in pages[1]
    assert "(forts.)\n" not in pages[0].split(HEADER)[1]
