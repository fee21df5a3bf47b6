"""Login sessions of the app server: random, expiring, revocable, kept in memory.

A session lives in this process only: a restart logs everyone out, which is what a
workbench on one machine wants (no session table to leak or clean up). The cookie holds a
random token; the store keeps only its SHA-256, so a dump of the process's memory or a
debug print does not hand out live cookies. Each session belongs to one employee (the
identity the login proved); the gate ends it when that employee may no longer log in.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

DEFAULT_IDLE_SECONDS = 2 * 3600  # a lunch break, not a night
DEFAULT_LIFETIME_SECONDS = 12 * 3600  # one working day, then log in again
TOKEN_BYTES = 32
# What secrets.token_urlsafe(TOKEN_BYTES) can produce; anything else in the cookie is garbage.
TOKEN_LENGTH = 43
TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


@dataclass(frozen=True)
class Identity:
    """Who a login proved to be. `single_user`: nobody logged in; the app acts as one
    employee because it runs on loopback and no one has a password (Enkeltbrukermodus)."""

    employee_id: int | None = None
    single_user: bool = False


@dataclass
class Session:
    identity: Identity
    client: str
    created: float
    last_seen: float

    @property
    def employee_id(self) -> int | None:
        return self.identity.employee_id


def is_token_shaped(value: str) -> bool:
    """Whether a cookie value could be a token this store made (ASCII, right length)."""
    return len(value) == TOKEN_LENGTH and set(value) <= TOKEN_CHARS


def _key(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


class SessionStore:
    """Sessions by token; a session ends after `idle_seconds` without a request, after
    `lifetime_seconds` in all, or when revoked (log-out)."""

    def __init__(
        self,
        idle_seconds: float = DEFAULT_IDLE_SECONDS,
        lifetime_seconds: float = DEFAULT_LIFETIME_SECONDS,
        now: Callable[[], float] = time.monotonic,
    ):
        if idle_seconds <= 0 or lifetime_seconds <= 0:
            raise ValueError("session lifetimes must be positive")
        self.idle_seconds = idle_seconds
        self.lifetime_seconds = lifetime_seconds
        self.now = now
        self._sessions: dict[str, Session] = {}
        # Pages, websockets and the login handler touch the store from several threads.
        self._lock = threading.Lock()

    def create(self, identity: Identity, client: str) -> tuple[str, Session]:
        """A new session; returns the token for the cookie (not stored) and the session."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        moment = self.now()
        session = Session(identity, client, moment, moment)
        with self._lock:
            self._drop_expired(moment)
            self._sessions[_key(token)] = session
        return token, session

    def get(self, token: str) -> Session | None:
        """The live session for a token, marked as used now; None when unknown or expired."""
        if not is_token_shaped(token):
            return None
        key = _key(token)
        moment = self.now()
        with self._lock:
            session = self._sessions.get(key)
            if session is None:
                return None
            if self._expired(session, moment):
                del self._sessions[key]
                return None
            session.last_seen = moment
            return session

    def revoke(self, token: str) -> bool:
        """End a session (log-out); True when there was one."""
        if not is_token_shaped(token):
            return False
        with self._lock:
            return self._sessions.pop(_key(token), None) is not None

    def __len__(self) -> int:
        with self._lock:
            self._drop_expired(self.now())
            return len(self._sessions)

    def _expired(self, session: Session, moment: float) -> bool:
        return (
            moment - session.last_seen >= self.idle_seconds
            or moment - session.created >= self.lifetime_seconds
        )

    def _drop_expired(self, moment: float) -> None:
        for key in [k for k, s in self._sessions.items() if self._expired(s, moment)]:
            del self._sessions[key]
