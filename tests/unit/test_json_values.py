"""JSON-safe values: money as decimal strings, never floats; dates as ISO text."""

import datetime as dt
import json
from decimal import Decimal

from axos_data.serialize import dumps, plain


def test_decimals_become_exact_strings_with_their_scale():
    assert plain(Decimal("1234.50")) == "1234.50"
    assert plain(Decimal("2.500")) == "2.500"
    assert plain(Decimal("1E+3")) == "1000"


def test_nested_containers_dates_and_plain_values():
    value = {"a": [Decimal("0.10"), dt.date(2026, 1, 31)], "b": (1, None, "x")}
    assert plain(value) == {"a": ["0.10", "2026-01-31"], "b": [1, None, "x"]}


def test_dumps_writes_no_floats_and_keeps_norwegian_letters():
    text = dumps({"total": Decimal("0.30"), "navn": "Håndbok"})
    assert json.loads(text) == {"total": "0.30", "navn": "Håndbok"}
    assert "Håndbok" in text
