"""Durations typed as a whole number and a unit (30s, 15m, 1h, 1d), for the app's schedules
(backups, snapshots), each with its own bounds."""

from __future__ import annotations

import re

from axos_data.errors import InvalidDuration

_DURATION = re.compile(r"^\s*(\d+)\s*([smhd])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse(text: str, *, minimum: int, maximum: int, units: str, allowed: str) -> int:
    """Seconds; `units` and `allowed` finish the Norwegian messages for a value that is not a
    duration or lies outside [minimum, maximum]."""
    match = _DURATION.match(text or "")
    if not match:
        raise InvalidDuration(
            f"«{text}» er ikke en gyldig varighet. Skriv et helt tall med {units}."
        )
    seconds = int(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    if not minimum <= seconds <= maximum:
        raise InvalidDuration(f"«{text}» er utenfor det tillatte: {allowed}.")
    return seconds
