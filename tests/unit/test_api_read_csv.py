"""The read API's CSV answers neutralise formula-like text exactly as the spreadsheet module
does (one regular expression over Arrow columns instead of a Python call per cell)."""

from __future__ import annotations

import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from axos_data import spreadsheet
from axos_data.app.api_read_encode import neutralised

# Text made mostly of the characters that matter: quotes, blanks, formula starts, letters.
_ALPHABET = st.sampled_from(
    ["'", " ", "\n", "\u00a0", "\t", "a", "1", "ø", *spreadsheet.FORMULA_STARTS]
)
texts = st.one_of(st.none(), st.text(alphabet=_ALPHABET, max_size=6), st.text(max_size=8))


@given(st.lists(texts, max_size=20))
def test_same_cells_as_neutralise_reversibly(cells):
    batch = pa.RecordBatch.from_arrays(
        [pa.array(cells, pa.string()), pa.array(range(len(cells)), pa.int64())], ["t", "n"]
    )
    out = neutralised(batch)
    expected = [None if c is None else spreadsheet.neutralise_reversibly(c) for c in cells]
    assert out.column(0).to_pylist() == expected
    assert out.column(1).to_pylist() == list(range(len(cells)))  # numbers untouched


def test_examples():
    batch = pa.RecordBatch.from_arrays([pa.array(["=1+2", "-5", "''@x", "ok", " \n+"])], ["t"])
    assert neutralised(batch).column(0).to_pylist() == ["'=1+2", "'-5", "'''@x", "ok", "' \n+"]
