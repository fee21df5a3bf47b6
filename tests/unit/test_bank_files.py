"""Reading bank files without a database: KID check digits, the fast parsers agree with the
general ones, CSV shapes, camt.054 fields, and stable identities."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

import pytest

from axos_data import money, no
from axos_data.bank import read_payment_file
from axos_data.bank.records import _amount, _date, check_digit, identities, order_no_for_kid
from axos_data.errors import InvalidColumnMapping, InvalidDate, InvalidPaymentFile, UnreadableFile

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.mark.parametrize("method", no.KID_METHODS)
def test_fast_check_digit_equals_the_kid_rule(method):
    rng = random.Random(1)
    bases = [str(n) for n in range(1, 3000)]
    bases += [
        str(rng.randrange(10 ** rng.randint(1, 23))).zfill(rng.randint(1, 24)) for _ in range(3000)
    ]
    for base in bases:
        assert check_digit(base, method) == no.kid_check_digit(base, method), base


def test_order_no_for_kid():
    assert order_no_for_kid(no.make_kid(10042), "mod10") == 10042
    assert order_no_for_kid(no.make_kid(10042, length=12), "mod10") == 10042  # zero-padded
    assert order_no_for_kid(no.make_kid(10042, method="mod11"), "mod11") == 10042
    wrong = str(10042) + str((int(no.make_kid(10042)[-1]) + 1) % 10)
    for kid in (wrong, None, "", "7", "ABC12", "1004２", "0" * 10 + "0", "1" * 30):
        assert order_no_for_kid(kid, "mod10") is None, kid


@pytest.mark.parametrize(
    "text", ["1,00", "12500,00", "12500.50", "999999999999,99", "0,01", "1 234,50", "12,5", "7"]
)
def test_fast_amount_equals_parse_amount(text):
    assert _amount(text) == money.parse_amount(text)
    assert str(_amount(text)) == str(money.parse_amount(text))


@pytest.mark.parametrize("text", ["03.12.2026", "3.12.2026", "2026-12-03", " 03.12.2026 "])
def test_fast_date_equals_parse_date(text):
    assert _date(text) == dt.date(2026, 12, 3)


def test_impossible_dates_are_refused_with_the_text():
    with pytest.raises(InvalidDate, match=r"31\.02\.2026"):
        _date("31.02.2026")


def test_identities_are_stable_and_count_repeats(tmp_path):
    file = tmp_path / "b.csv"
    file.write_text("Dato;Beløp;KID\n03.12.2026;10,00;1\n03.12.2026;10,00;1\n", encoding="utf-8")
    first = read_payment_file(file).identities
    assert len(set(first)) == 2
    assert read_payment_file(file).identities == first
    assert identities(read_payment_file(file).payments) == first


def test_duplicate_bank_references_in_one_file_are_refused(tmp_path):
    file = tmp_path / "b.csv"
    file.write_text("Dato;Beløp;Ref\n03.12.2026;10,00;A\n04.12.2026;20,00;A\n", encoding="utf-8")
    with pytest.raises(InvalidPaymentFile, match="«A»"):
        read_payment_file(file)


def test_csv_shapes_tab_bom_quoted_comma(tmp_path):
    tab = tmp_path / "tab.csv"
    tab.write_bytes("\ufeffDato\tBeløp\tKID\n03.12.2026\t1 234,50\t 1000 9 \n".encode())
    (p,) = read_payment_file(tab).payments
    assert (p.amount, p.kid, p.source) == (Decimal("1234.50"), "10009", "tab.csv, linje 2")
    comma = tmp_path / "comma.csv"
    comma.write_text('date,amount\n2026-12-03,"12,50"\n', encoding="utf-8")
    assert read_payment_file(comma).payments[0].amount == Decimal("12.50")
    unquoted = tmp_path / "unquoted.csv"
    unquoted.write_text("date,amount\n2026-12-03,12,50\n", encoding="utf-8")
    with pytest.raises(InvalidPaymentFile, match=r"linje 2.*anførselstegn"):
        read_payment_file(unquoted)
    binary = tmp_path / "bin.csv"
    binary.write_bytes(b"\x00\x01\x02")
    with pytest.raises(UnreadableFile):
        read_payment_file(binary)


def test_missing_columns_name_what_was_found(tmp_path):
    file = tmp_path / "b.csv"
    file.write_text("Når;Hvor mye\n03.12.2026;10,00\n", encoding="utf-8")
    with pytest.raises(InvalidColumnMapping, match="Når, Hvor mye"):
        read_payment_file(file)
    (p,) = read_payment_file(file, "date=når,amount=HVOR MYE").payments
    assert p.amount == Decimal("10.00")


def test_camt054_fields():
    from axos_data.bank.camt054 import read_camt054

    data = (FIXTURES / "camt054_kid.xml").read_text(encoding="utf-8")
    parsed = read_camt054(data.replace("{KID1}", "100016").encode(), "camt.xml")
    assert parsed.file_format == "camt.054"
    assert [(p.amount, p.bank_ref, p.booked_on) for p in parsed.payments] == [
        (Decimal("12500.00"), "20261203-0001-01", dt.date(2026, 12, 3)),
        (Decimal("5000.00"), "20261203-0001-02", dt.date(2026, 12, 3)),
        (Decimal("990.00"), "20261204-0002", dt.date(2026, 12, 4)),
    ]  # the DBIT entry is left out
    assert parsed.payments[0].kid == "100016"
    assert parsed.payments[2].text == "Faktura mars"


def test_camt054_version_8_shapes():
    xml = """<?xml version="1.0"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn>
<Ntfctn><Ntry><Amt Ccy="NOK">300.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
<BookgDt><DtTm>2026-12-05T08:00:00</DtTm></BookgDt><NtryDtls><TxDtls>
<Amt Ccy="NOK">300.00</Amt><RltdPties><Dbtr><Pty><Nm>Åse</Nm></Pty></Dbtr></RltdPties>
<RmtInf><Strd><CdtrRefInf><Ref>100016</Ref></CdtrRefInf></Strd></RmtInf>
</TxDtls></NtryDtls></Ntry>
<Ntry><Amt Ccy="NOK">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>PDNG</Cd></Sts>
<BookgDt><Dt>2026-12-05</Dt></BookgDt></Ntry></Ntfctn></BkToCstmrDbtCdtNtfctn></Document>""".encode()
    from axos_data.bank.camt054 import read_camt054

    (p,) = read_camt054(xml, "v8.xml").payments
    assert (p.amount, p.payer, p.kid, p.booked_on) == (
        Decimal("300.00"),
        "Åse",
        "100016",
        dt.date(2026, 12, 5),
    )
    assert p.bank_ref is None  # no reference: the identity is the hash
