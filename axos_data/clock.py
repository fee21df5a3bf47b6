"""The one clock every rule reads: now() and today(), movable with AXOS_NOW.

AXOS_NOW (an ISO date or date-time) pins the clock so the test suite can be run as if it
were another day, and a demo database can be dated to a chosen day. Unset, it is the real
clock.
"""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

TIMEZONE = "Europe/Oslo"
ENV = "AXOS_NOW"


def _pinned() -> dt.datetime | None:
    value = (os.environ.get(ENV) or "").strip()
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{ENV}={value!r} is not an ISO date or date-time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(TIMEZONE))
    return moment


def now() -> dt.datetime:
    """The current moment, in UTC."""
    pinned = _pinned()
    return (pinned or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)


def today() -> dt.date:
    """Today's date in Norway."""
    return now().astimezone(ZoneInfo(TIMEZONE)).date()
