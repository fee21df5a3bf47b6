"""The page's query parameters: read once when a session starts, written back as filters
change, so a link restores the same view."""

from __future__ import annotations

import contextlib

import marimo as mo


def read_query() -> dict[str, list[str]]:
    """The page's query parameters at load time (empty when run without a browser)."""
    with contextlib.suppress(Exception):
        params = mo.query_params()
        result = {}
        for key in params:
            value = params.get_all(key)
            result[key] = [str(v) for v in value]
        return result
    return {}


def first(start: dict[str, list[str]], key: str, default: str = "") -> str:
    values = start.get(key) or []
    return values[0] if values else default


def write_query(values: dict[str, str | list[str] | None]) -> None:
    """Put the list's state in the URL (without reloading the page) so it can be shared."""
    with contextlib.suppress(Exception):
        params = mo.query_params()
        for key, value in values.items():
            empty = value in (None, "", [])
            current = params.get_all(key) if key in params else []
            if empty:
                if key in params:
                    params.remove(key)
                continue
            wanted = value if isinstance(value, list) else [value]
            if current != wanted:
                params[key] = value
