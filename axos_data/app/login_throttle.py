"""Failed-login limits: per client and for the whole server, with a growing delay.

Per client (IP address): after `per_client` failures within `window_seconds` that client is
refused (429) until the oldest of them leaves the window, even with the right password, so
guessing costs a window per few tries. Overall: after `overall` failures from all clients
within the window, every login is refused the same way, which stops a guess spread over many
addresses (at the price that such an attack also locks colleagues out for a while; they keep
sessions they already have). Each failure also waits a little longer than the one before.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

DEFAULT_PER_CLIENT = 5
DEFAULT_OVERALL = 100
DEFAULT_WINDOW_SECONDS = 15 * 60
FIRST_DELAY_SECONDS = 0.1
MAX_DELAY_SECONDS = 3.0


class LoginThrottle:
    def __init__(
        self,
        per_client: int = DEFAULT_PER_CLIENT,
        overall: int = DEFAULT_OVERALL,
        window_seconds: float = DEFAULT_WINDOW_SECONDS,
        now: Callable[[], float] = time.monotonic,
    ):
        self.per_client = per_client
        self.overall = overall
        self.window_seconds = window_seconds
        self.now = now
        self._by_client: dict[str, deque[float]] = {}
        self._all: deque[float] = deque()
        self._lock = threading.Lock()

    def retry_after(self, client: str) -> int | None:
        """Whole seconds until `client` may try again; None when it may try now."""
        moment = self.now()
        with self._lock:
            self._forget_old(moment)
            waits = []
            mine = self._by_client.get(client)
            if mine is not None and len(mine) >= self.per_client:
                waits.append(mine[-self.per_client] + self.window_seconds - moment)
            if len(self._all) >= self.overall:
                waits.append(self._all[-self.overall] + self.window_seconds - moment)
        return max(1, math.ceil(max(waits))) if waits else None

    def failed(self, client: str) -> float:
        """Record a failure; returns how long to hold the answer (grows with each failure)."""
        moment = self.now()
        with self._lock:
            self._forget_old(moment)
            mine = self._by_client.setdefault(client, deque())
            mine.append(moment)
            self._all.append(moment)
            count = len(mine)
        return min(FIRST_DELAY_SECONDS * 2 ** (count - 1), MAX_DELAY_SECONDS)

    def succeeded(self, client: str) -> None:
        """A good login clears that client's own failures (not the overall count)."""
        with self._lock:
            self._by_client.pop(client, None)

    def _forget_old(self, moment: float) -> None:
        horizon = moment - self.window_seconds
        while self._all and self._all[0] <= horizon:
            self._all.popleft()
        for client in list(self._by_client):
            failures = self._by_client[client]
            while failures and failures[0] <= horizon:
                failures.popleft()
            if not failures:
                del self._by_client[client]
