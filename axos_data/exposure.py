"""What never leaves the database for readers outside the app: secrets and the login log.

Snapshots (and, once unified, the live table API) hand every table to analysts except these.
Credentials are left out whole (a password hash or token digest is worth attacking offline,
and nothing in them is analysis); the login log is left out because it names client
addresses and the e-mail addresses people tried, which is security data, not order data.

A column whose name looks like a secret is dropped from any other table as a safety net, so
a later migration that adds, say, `api_tokens.token_hash` or a `webhook_secret` setting does
not leak before someone adds it here.
"""

from __future__ import annotations

import re

# Whole tables never exported. `user_logins` holds scrypt password hashes; `login_attempts`
# client addresses and tried e-mails; the rest are names other parts may give their session
# and token tables (sessions live in memory today).
EXCLUDED_TABLES: frozenset[str] = frozenset(
    {
        "user_logins",
        "login_attempts",
        "api_tokens",
        "employee_tokens",
        "sessions",
        "user_sessions",
    }
)

# Not secret, just not data: derived tables the program rebuilds (the search index: 8M rows
# on the 1M-order database, a tenth of a snapshot's time). Bulk exports (snapshots) skip them.
DERIVED_TABLES: frozenset[str] = frozenset({"order_search_terms"})

# Column names dropped from every exported table.
_SECRET_COLUMN = re.compile(r"password|secret|token|salt|credential", re.IGNORECASE)


def table_exported(name: str) -> bool:
    """Whether a table may be handed to readers outside the app."""
    return name.lower() not in EXCLUDED_TABLES


def column_exported(name: str) -> bool:
    """Whether a column (of an exported table) may be handed out."""
    return _SECRET_COLUMN.search(name) is None
