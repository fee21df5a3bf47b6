"""`axos app --snapshot-every`: durations with s, m, h or d; anything else is refused in
Norwegian, naming the value."""

from __future__ import annotations

import pytest

import axos_data as ax
from axos_data import snapshot


@pytest.mark.parametrize(
    ("text", "seconds"), [("30s", 30), ("1s", 1), ("15m", 900), ("1h", 3600), (" 2d ", 172800)]
)
def test_snapshot_intervals(text, seconds):
    assert snapshot.parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "15", "ofte", "1x", "-1h", "1.5h", "1 time", "15 m m"])
def test_nonsense_intervals_are_refused_naming_the_value(text):
    with pytest.raises(ax.InvalidDuration, match="ikke en gyldig varighet") as refused:
        snapshot.parse_interval(text)
    assert f"«{text}»" in str(refused.value)


@pytest.mark.parametrize("text", ["0s", "0m", "8d", "100000h"])
def test_intervals_outside_a_second_to_a_week_are_refused(text):
    with pytest.raises(ax.InvalidDuration, match="utenfor det tillatte"):
        snapshot.parse_interval(text)
