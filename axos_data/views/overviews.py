"""Overviews per customer, contact, employee and project: counts and sums per status,
open value, recent orders and value over time, all from stored order totals."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from axos_data import queries
from axos_data.access import Con, as_id, fetch_row, fetch_rows
from axos_data.errors import (
    AxosError,
    InvalidChoice,
    UnknownCompany,
    UnknownContact,
    UnknownEmployee,
    UnknownProject,
)
from axos_data.views.frames import rows_frame

if TYPE_CHECKING:
    import polars as pl


@dataclass(frozen=True)
class OverviewKind:
    """One kind of overview; the library, the CLI and the app all read this one registry."""

    key: str  # "customer", "contact", "employee", "project"
    label: str  # Norwegian singular, e.g. "Firma"
    column: str  # the orders column that points at the record
    slug: str  # the overview page's path, /firma/
    list_param: str  # the order list's URL key that filters to the record
    search_hint: str  # what the record search matches (the search field's placeholder)
    record_query: str  # named query in queries/ that reads the record
    missing: type[AxosError]  # raised when the record does not exist
    # the named query of the overview: overview_parts for records with tens of orders,
    # overview_parts_scan for those with thousands (queries/overviews.sql says why)
    parts_query: str = "overview_parts"


OVERVIEW_KINDS: dict[str, OverviewKind] = {
    kind.key: kind
    for kind in (
        OverviewKind(
            "customer",
            "Firma",
            "customer_id",
            "firma",
            "customer",
            "Søk firma (navn eller org.nr.)",
            "company_record",
            UnknownCompany,
        ),
        OverviewKind(
            "contact",
            "Kontaktperson",
            "contact_id",
            "kontakt",
            "contact",
            "Søk kontaktperson eller firma",
            "contact_record",
            UnknownContact,
        ),
        OverviewKind(
            "employee",
            "Ansatt",
            "our_contact_id",
            "ansatt",
            "our",
            "Søk ansatt",
            "employee_record",
            UnknownEmployee,
            parts_query="overview_parts_scan",
        ),
        OverviewKind(
            "project",
            "Prosjekt",
            "project_id",
            "prosjekt",
            "project",
            "Søk prosjekt eller kunde",
            "project_record",
            UnknownProject,
        ),
    )
}


OPEN_CATEGORIES = ("open", "invoicing")
OUTSTANDING_CATEGORIES = ("invoiced",)


def summarise(by_status: pl.DataFrame | list[dict]) -> dict:
    """Totals over all statuses (Decimal sums of the per-status sums): order count, total,
    open value (not yet invoiced), outstanding (invoiced, not paid), first and last order."""
    rows = by_status if isinstance(by_status, list) else by_status.to_dicts()

    def total(categories: tuple[str, ...] | None = None) -> Decimal:
        return sum(
            (r["total_sum"] for r in rows if categories is None or r["category"] in categories),
            Decimal("0.00"),
        )

    firsts = [r["first_order_date"] for r in rows if r["first_order_date"] is not None]
    lasts = [r["last_order_date"] for r in rows if r["last_order_date"] is not None]
    return {
        "order_count": sum(r["order_count"] for r in rows),
        "total_sum": total(),
        "open_value": total(OPEN_CATEGORIES),
        "outstanding": total(OUTSTANDING_CATEGORIES),
        "first_order_date": min(firsts, default=None),
        "last_order_date": max(lasts, default=None),
    }


@dataclass
class Overview:
    kind: str
    record: dict
    summary: dict
    by_status: pl.DataFrame
    recent: pl.DataFrame
    over_time: pl.DataFrame


def overview_record(con: Con, kind: str, key: object) -> dict:
    """The customer/contact/employee/project itself (name and the like), or its NotFound."""
    if kind not in OVERVIEW_KINDS:
        raise InvalidChoice(f"Ukjent oversikt «{kind}»; bruk {', '.join(OVERVIEW_KINDS)}.")
    spec = OVERVIEW_KINDS[kind]
    missing, label = spec.missing, spec.label
    number = as_id(key)
    if number is None:
        raise missing(f"{label} «{key}» er ikke en gyldig id.")
    record = fetch_row(con, queries.sql(spec.record_query), {"key": number})
    if record is None:
        raise missing(f"{label} {number} finnes ikke.")
    return record


_BY_STATUS_SCHEMA = {
    "status": "String",
    "status_label": "String",
    "category": "String",
    "position": "Int32",
    "order_count": "Int64",
    "total_sum": "Decimal(38,2)",
}
_RECENT_SCHEMA = {
    "order_no": "Int64",
    "title": "String",
    "status": "String",
    "status_label": "String",
    "customer_name": "String",
    "order_date": "Date",
    "total": "Decimal(18,2)",
}
_OVER_TIME_SCHEMA = {
    "month": "Date",
    "status": "String",
    "status_label": "String",
    "status_position": "Int32",
    "order_count": "Int64",
    "total_sum": "Decimal(38,2)",
}


def overview(con: Con, kind: str, key: object, *, recent: int = 10) -> Overview:
    """Everything the overview page of one customer/contact/employee/project shows: the record,
    then one statement for the rest (queries/overviews.sql overview_parts)."""
    record = overview_record(con, kind, key)
    spec = OVERVIEW_KINDS[kind]
    rows = fetch_rows(
        con,
        queries.sql(spec.parts_query, key_column=spec.column),
        {"key": record["id"], "limit": recent},
    )
    parts: dict[str, list[dict]] = {"status": [], "recent": [], "over_time": []}
    for row in rows:
        parts[row["part"]].append(row)
    statuses = {s["status"]: s for s in sorted(parts["status"], key=lambda s: s["position"])}
    counted = _per_status(parts["over_time"])
    by_status = [{**status, **counted.get(key, _NO_ORDERS)} for key, status in statuses.items()]
    # Orders whose status is not in the statuses table (only a damaged database has them)
    # are left out of the recent list and the months, as the inner joins used to.
    for row in parts["recent"] + parts["over_time"]:
        status = statuses.get(row["status"], {"status_label": None, "position": None})
        row["status_label"], row["status_position"] = status["status_label"], status["position"]
    newest_first = sorted(
        (r for r in parts["recent"] if r["status_position"] is not None),
        key=lambda r: (r["order_date"], r["order_no"]),
        reverse=True,
    )
    over_time = sorted(
        (r for r in parts["over_time"] if r["status_position"] is not None),
        key=lambda r: (r["month"], r["status_position"]),
    )
    return Overview(
        kind=kind,
        record=record,
        summary=summarise(by_status),
        by_status=rows_frame(by_status, _BY_STATUS_SCHEMA),
        recent=rows_frame(newest_first, _RECENT_SCHEMA),
        over_time=rows_frame(over_time, _OVER_TIME_SCHEMA),
    )


_NO_ORDERS = {
    "order_count": 0,
    "total_sum": Decimal("0.00"),
    "first_order_date": None,
    "last_order_date": None,
}


def _per_status(months: list[dict]) -> dict[str, dict]:
    """Count, sum and first/last order date per status, from the per-month rows (one
    aggregation in SQL instead of two; Decimal sums are exact)."""
    totals: dict[str, dict] = {}
    for row in months:
        into = totals.setdefault(row["status"], dict(_NO_ORDERS))
        into["order_count"] += row["order_count"]
        into["total_sum"] += row["total_sum"]
        first, last = row["first_order_date"], row["last_order_date"]
        if into["first_order_date"] is None or first < into["first_order_date"]:
            into["first_order_date"] = first
        if into["last_order_date"] is None or last > into["last_order_date"]:
            into["last_order_date"] = last
    return totals
