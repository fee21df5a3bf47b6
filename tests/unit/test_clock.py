"""The clock every rule reads can be pinned with AXOS_NOW, so the suite can run 'on' any day."""

import datetime as dt

import pytest

from axos_data import clock


def test_real_clock_when_unset(monkeypatch):
    monkeypatch.delenv("AXOS_NOW", raising=False)
    before = dt.datetime.now(dt.UTC)
    assert before <= clock.now() <= dt.datetime.now(dt.UTC)


def test_pinned_date_is_midnight_in_norway(monkeypatch):
    monkeypatch.setenv("AXOS_NOW", "2031-06-15")
    assert clock.today() == dt.date(2031, 6, 15)
    assert clock.now() == dt.datetime(2031, 6, 14, 22, 0, tzinfo=dt.UTC)


def test_late_evening_utc_is_the_next_day_in_norway(monkeypatch):
    monkeypatch.setenv("AXOS_NOW", "2026-12-31T23:30:00+00:00")
    assert clock.today() == dt.date(2027, 1, 1)


def test_nonsense_is_refused(monkeypatch):
    monkeypatch.setenv("AXOS_NOW", "i morgen")
    with pytest.raises(ValueError, match="AXOS_NOW"):
        clock.now()
