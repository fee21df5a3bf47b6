"""Read side: every list, detail and overview the CLI and the apps show.

Attributes load their module on first use, so `from axos_data import views` stays cheap for
commands that never read a DataFrame (polars takes a noticeable part of a second to import).
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "companies": "lookups",
    "contacts": "lookups",
    "employees": "lookups",
    "products": "lookups",
    "projects": "lookups",
    "quote_detail": "lookups",
    "quotes": "lookups",
    "statuses": "lookups",
    "DEFAULT_SORT": "sorting",
    "MAX_PAGE": "sorting",
    "SORT_COLUMNS": "sorting",
    "Sort": "sorting",
    "order_by": "sorting",
    "OrderDetail": "orders",
    "OrderFilter": "orders",
    "OrderPage": "orders",
    "export_orders": "orders",
    "order_activity": "orders",
    "order_detail": "orders",
    "order_list": "orders",
    "order_relations": "orders",
    "recomputed_totals": "orders",
    "status_history": "orders",
    "totals_mismatches": "orders",
    "values_beyond_bounds": "bounds",
    "CHECKS": "integrity",
    "Check": "integrity",
    "Problem": "integrity",
    "check": "integrity",
    "OVERVIEW_KINDS": "overviews",
    "Overview": "overviews",
    "overview": "overviews",
    "overview_record": "overviews",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'axos_data.views' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"axos_data.views.{_HOMES[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
