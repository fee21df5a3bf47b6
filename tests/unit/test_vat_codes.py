"""VAT codes: the mapping to SAF-T and EN 16931, parsing, and sums per code."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from axos_data import money, vat_codes
from axos_data.errors import InvalidVatCode, InvalidVatRate


def test_the_mapping_table_is_the_documented_one():
    table = {c.code: (c.rate, c.saft, c.category) for c in vat_codes.CODES.values()}
    assert table == {
        "standard": (25, "3", "S"),
        "middels": (15, "31", "S"),
        "lav": (12, "33", "S"),
        "fritatt": (0, "5", "Z"),
        "eksport": (0, "52", "G"),
        "unntatt": (0, "6", "E"),
    }


def test_exemption_reasons_follow_the_category_rules():
    for code in vat_codes.CODES.values():
        has_reason = bool(code.reason_code or code.reason_text)
        # BR-Z-10 forbids a reason on Z, BR-E-10 / BR-G-10 require one, S has none.
        assert has_reason == (code.category in ("E", "G")), code.code
        assert (code.note is not None) == (code.rate == 0)


def test_parse_accepts_codes_saft_numbers_and_defaults_by_rate():
    assert vat_codes.parse_vat_code("Eksport") == "eksport"
    assert vat_codes.parse_vat_code("52") == "eksport"
    assert vat_codes.parse_vat_code("", 0) == "fritatt"
    assert vat_codes.parse_vat_code(None, 15) == "middels"


def test_unknown_code_and_a_code_of_another_rate_are_refused_by_name():
    with pytest.raises(InvalidVatCode, match="«utland»"):
        vat_codes.parse_vat_code("utland")
    with pytest.raises(InvalidVatRate, match="«eksport» gjelder 0 %"):
        vat_codes.resolve(25, "eksport")


def test_a_code_alone_decides_the_rate():
    assert vat_codes.resolve(None, "lav") == (12, "lav")
    assert vat_codes.resolve("0", None) == (0, "fritatt")


lines = st.lists(
    st.tuples(
        st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False),
        st.sampled_from(list(vat_codes.CODES)),
    ),
    max_size=30,
)


@given(lines)
def test_sums_per_code_equal_the_order_totals(pairs):
    triples = [(amount, vat_codes.CODES[code].rate, code) for amount, code in pairs]
    totals = money.breakdown((a, r) for a, r, _ in triples)
    by_code = vat_codes.breakdown_by_code(triples)
    assert sum((c.base for c in by_code), Decimal("0.00")) == totals.net
    assert sum((c.amount for c in by_code), Decimal("0.00")) == totals.vat_total
    assert len({c.code for c in by_code}) == len(by_code)
