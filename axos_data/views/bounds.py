"""Stored values beyond the bounds input is held to (for `axos check`): amounts, prices,
quantities, payment terms, text lengths and settings written by an older version."""

from __future__ import annotations

from axos_data import limits, money, queries
from axos_data.access import Con, fetch_rows
from axos_data.errors import AxosError
from axos_data.services.settings import SETTINGS, get_settings


def values_beyond_bounds(con: Con) -> list[dict]:
    """One row per stored value beyond its bound: table, record, column, value."""
    low, high = limits.NUMBER_RANGES["Betalingsbetingelser"]
    found = fetch_rows(
        con,
        queries.sql("amounts_beyond_bounds"),
        {
            "max_amount": money.MAX_AMOUNT,
            "max_price": money.MAX_UNIT_PRICE,
            "max_quantity": money.MAX_QUANTITY,
            "min_terms": low,
            "max_terms": high,
        },
    )
    for table, key, column, field in limits.STORED_TEXTS:
        found += fetch_rows(
            con,
            queries.sql("texts_beyond_limit", table=table, key=key, column=column),
            {"limit": limits.TEXT_LIMITS[field].limit},
        )
    for key, value in get_settings(con).items():
        try:
            SETTINGS[key](value) if key in SETTINGS else None
        except AxosError:
            found.append({"table": "settings", "record": key, "column": "value", "value": value})
    return [{**row, "record": str(row["record"]), "value": str(row["value"])} for row in found]
