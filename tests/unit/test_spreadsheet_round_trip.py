"""Reversible neutralising for files we read back: a spreadsheet never runs our text as a
formula, and the import gets exactly the text back, telling our quote from the user's own."""

from hypothesis import given
from hypothesis import strategies as st

from axos_data import spreadsheet

# Texts built from the characters that matter here, so edge cases come up often.
texts = st.text(alphabet=st.sampled_from("'=+-@ \t\r\nA1\uff1d"), max_size=8) | st.text()


@given(texts)
def test_restore_gives_back_exactly_what_was_neutralised(text):
    written = spreadsheet.neutralise_reversibly(text)
    assert not spreadsheet.starts_like_formula(written)
    assert spreadsheet.restore(written) == text


def test_only_our_quote_comes_off():
    assert spreadsheet.neutralise_reversibly("=SUM(A1)") == "'=SUM(A1)"
    assert spreadsheet.neutralise_reversibly("'=SUM(A1)") == "''=SUM(A1)"
    assert spreadsheet.neutralise_reversibly("'apostrof") == "'apostrof"
    assert spreadsheet.restore("'apostrof") == "'apostrof"
    assert spreadsheet.restore("'-5") == "-5"
    assert spreadsheet.csv_text_reversible("a;b") == '"a;b"'
    assert spreadsheet.csv_text_reversible('=A1;"x"') == '"\'=A1;""x"""'
