"""Failed-login limits: per client and for the whole server, with a growing delay.

Per client (IP address): after `per_client` failures within `window_seconds` that client is
refused (429) until the oldest of them leaves the window, even with the right password, so
guessing costs a window per few tries. Overall: after `overall` failures from all clients
within the window, every login is refused the same way, which stops a guess spread over many
addresses (at the price that such an attack also locks colleagues out for a while; they keep
sessions they already have). Per account (the e-mail typed, case-insensitive): after
`per_account` failures within the window that account is refused the same way from every
address, which stops a guess at one colleague's password spread over many addresses without
reaching the overall limit. It is higher than the per-client limit, so a colleague who
mistypes from their own machine meets the client limit first, and someone who knows an
address needs twice as many tries to lock its owner out for a while (the owner keeps the
sessions they have). Each failure also waits a little longer than the one before.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

DEFAULT_PER_CLIENT = 5
DEFAULT_PER_ACCOUNT = 10
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
        per_account: int = DEFAULT_PER_ACCOUNT,
    ):
        self.per_client = per_client
        self.per_account = per_account
        self.overall = overall
        self.window_seconds = window_seconds
        self.now = now
        self._by_client: dict[str, deque[float]] = {}
        self._all: deque[float] = deque()
        self._lock = threading.Lock()

    def retry_after(self, client: str, account: str | None = None) -> int | None:
        """Whole seconds until `client` (trying `account`) may try again; None when it may
        try now."""
        moment = self.now()
        with self._lock:
            self._forget_old(moment)
            waits = []
            for key, limit in self._keys(client, account):
                mine = self._by_client.get(key)
                if mine is not None and len(mine) >= limit:
                    waits.append(mine[-limit] + self.window_seconds - moment)
            if len(self._all) >= self.overall:
                waits.append(self._all[-self.overall] + self.window_seconds - moment)
        return max(1, math.ceil(max(waits))) if waits else None

    def failed(self, client: str, account: str | None = None) -> float:
        """Record a failure; returns how long to hold the answer (grows with each failure)."""
        moment = self.now()
        with self._lock:
            self._forget_old(moment)
            for key, _ in self._keys(client, account):
                self._by_client.setdefault(key, deque()).append(moment)
            self._all.append(moment)
            count = len(self._by_client[client])
        return min(FIRST_DELAY_SECONDS * 2 ** (count - 1), MAX_DELAY_SECONDS)

    def succeeded(self, client: str, account: str | None = None) -> None:
        """A good login clears that client's and that account's own failures (not the
        overall count)."""
        with self._lock:
            for key, _ in self._keys(client, account):
                self._by_client.pop(key, None)

    def _keys(self, client: str, account: str | None) -> list[tuple[str, int]]:
        keys = [(client, self.per_client)]
        if account:
            # A prefix no client address has, so an account never shares a client's count.
            keys.append(("konto\0" + account.casefold(), self.per_account))
        return keys

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
