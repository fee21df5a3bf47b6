"""Password hashing with scrypt (hashlib, standard library): memory-hard, salted, versioned.

A stored hash is one string, "$scrypt$ln=15,r=8,p=1$<salt>$<key>" (salt and key in unpadded
base64): the cost parameters travel with the hash, so raising DEFAULT_* later leaves old
hashes readable, and `needs_rehash` tells the login to store a stronger one. n = 2^15, r = 8
takes 32 MiB and ≈0.1 s per check on this machine's hardware: cheap for one login, costly
for a guesser with a stolen database. Comparison is constant-time (hmac.compare_digest).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from axos_data.errors import InvalidPassword

DEFAULT_LOG2_N = 15
DEFAULT_R = 8
DEFAULT_P = 1
SALT_BYTES = 16
KEY_BYTES = 32
MIN_LENGTH = 10
MAX_LENGTH = 1024  # scrypt reads all of it; a megabyte "password" would only cost CPU
PREFIX = "$scrypt$"
_FORMAT = re.compile(
    r"\$scrypt\$ln=(?P<ln>[0-9]{1,2}),r=(?P<r>[0-9]{1,2}),p=(?P<p>[0-9]{1,2})"
    r"\$(?P<salt>[A-Za-z0-9+/]+)\$(?P<key>[A-Za-z0-9+/]+)"
)


@dataclass(frozen=True)
class Cost:
    log2_n: int = DEFAULT_LOG2_N
    r: int = DEFAULT_R
    p: int = DEFAULT_P

    @property
    def maxmem(self) -> int:
        # scrypt needs 128·r·n bytes; hashlib refuses above 32 MiB unless told more.
        return 128 * self.r * (2**self.log2_n) * 2 + 1024 * 1024

    def weaker_than(self, other: Cost) -> bool:
        return (self.log2_n, self.r, self.p) < (other.log2_n, other.r, other.p)


DEFAULT_COST = Cost()


def check_new_password(password: str) -> str:
    """The password as given, or InvalidPassword naming the rule it breaks."""
    if not isinstance(password, str) or len(password) < MIN_LENGTH:
        raise InvalidPassword(
            f"Passordet er for kort ({len(password or '')} tegn): bruk minst {MIN_LENGTH} tegn."
        )
    if len(password) > MAX_LENGTH:
        raise InvalidPassword(
            f"Passordet er for langt ({len(password)} tegn): bruk høyst {MAX_LENGTH} tegn."
        )
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in password):
        raise InvalidPassword("Passordet inneholder kontrolltegn (linjeskift, tab …); fjern dem.")
    return password


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


def _derive(password: str, salt: bytes, cost: Cost) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=2**cost.log2_n,
        r=cost.r,
        p=cost.p,
        maxmem=cost.maxmem,
        dklen=KEY_BYTES,
    )


def hash_password(password: str, cost: Cost = DEFAULT_COST) -> str:
    """A new hash with a fresh random salt (checks the password rules first)."""
    check_new_password(password)
    salt = secrets.token_bytes(SALT_BYTES)
    key = _derive(password, salt, cost)
    return f"{PREFIX}ln={cost.log2_n},r={cost.r},p={cost.p}${_b64(salt)}${_b64(key)}"


def parse(stored: str) -> tuple[Cost, bytes, bytes] | None:
    """(cost, salt, key) of a stored hash; None when it is not one of ours."""
    match = _FORMAT.fullmatch(stored or "")
    if match is None:
        return None
    cost = Cost(int(match["ln"]), int(match["r"]), int(match["p"]))
    if not (1 <= cost.log2_n <= 24 and 1 <= cost.r <= 32 and 1 <= cost.p <= 16):
        return None
    return cost, _unb64(match["salt"]), _unb64(match["key"])


def is_hash(stored: str | None) -> bool:
    return stored is not None and parse(stored) is not None


def verify(password: str, stored: str | None) -> bool:
    """Whether `password` matches `stored`. Without a usable hash, a dummy hash is computed
    anyway, so the time an answer takes does not tell whether an account has a password."""
    parsed = parse(stored) if stored else None
    if parsed is None or not isinstance(password, str) or len(password) > MAX_LENGTH:
        _derive("x", b"\0" * SALT_BYTES, DEFAULT_COST)
        return False
    cost, salt, key = parsed
    return hmac.compare_digest(_derive(password, salt, cost), key)


def needs_rehash(stored: str, cost: Cost = DEFAULT_COST) -> bool:
    parsed = parse(stored)
    return parsed is None or parsed[0].weaker_than(cost)
