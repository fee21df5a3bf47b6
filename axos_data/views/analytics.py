"""Pipeline analytics: one read function per chart of /analyse/, each
`(con, flt, ...) -> polars.DataFrame` with the columns its `*_SCHEMA` names, in that order.

All aggregation runs in DuckDB (queries/analytics.sql); money is summed exactly there and
handed to the frames as float kroner for the charts (orders_behind keeps exact Decimal
totals). Every function reads the orders through one `AnalyticsFilter`; the registry
`ANALYTICS` lets the page, the downloads and the API enumerate the functions. The filter and
the periods are in views/analytics_filter.py (offered here as well).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from axos_data import clock, queries
from axos_data.access import Con, fetch_rows
from axos_data.errors import InvalidChoice
from axos_data.views.analytics_filter import (
    DIMENSIONS,
    GRAINS,
    NO_FILTER,
    STATUS_CATEGORIES,
    AnalyticsFilter,
    check_grain,
    optional_id,
    period_bounds,
    period_label,
)
from axos_data.views.frames import rows_frame

if TYPE_CHECKING:
    import polars as pl

# (orders column, table holding the names, label of the group without one)
_DIMENSION_SQL = {
    "customer": ("customer_id", "companies", "Uten kunde"),
    "employee": ("our_contact_id", "employees", "Uten vår kontakt"),
    "project": ("project_id", "projects", "Uten prosjekt"),
}
OTHERS_LABEL = "Andre"
MAX_TOP_N = 100
MAX_BEHIND = 10_000
# The statuses DSO measures between (the default flow's keys; the invoice export marks
# orders `fakturert` too, settings key invoice_export_status).
INVOICED_STATUS = "fakturert"
PAID_STATUS = "betalt"

_ALL_HISTORY = "TRUE"
_FILTERED_HISTORY = "h.order_no IN (SELECT order_no FROM mine)"


def _query(name: str, flt: AnalyticsFilter, **identifiers: str) -> str:
    """The named query with the filter's conditions and the history scope filled in."""
    scope = _FILTERED_HISTORY if flt.params() else _ALL_HISTORY
    return queries.sql(name, where=flt.where(), history_scope=scope, **identifiers)


def _frame(sql: str, con: Con, params: dict, schema: dict[str, str], grain: str | None = None):
    rows = fetch_rows(con, sql, params)
    if grain is not None:
        for row in rows:
            row["period_label"] = period_label(row["period"], grain)
    return rows_frame(rows, schema)


_STATUS_COLUMNS = {
    "status": "String",
    "status_label": "String",
    "status_category": "String",
    "status_position": "Int32",
}

STATUS_OVER_TIME_SCHEMA = {
    "period": "Date",
    "period_label": "String",
    **_STATUS_COLUMNS,
    "order_count": "Int64",
    "total_value": "Float64",
}


def status_over_time(con: Con, flt: AnalyticsFilter, grain: str = "month") -> pl.DataFrame:
    """Orders per period of their order date and current status: count and value (total
    incl. VAT). One row per period and status that has orders; sorted by period, position."""
    sql = _query("analytics_status_over_time", flt, grain=check_grain(grain))
    return _frame(sql, con, flt.params(), STATUS_OVER_TIME_SCHEMA, grain)


OPEN_VALUE_SCHEMA = {
    "period": "Date",
    "period_end": "Date",
    "period_label": "String",
    "open_count": "Int64",
    "open_value": "Float64",
}


def open_value(con: Con, flt: AnalyticsFilter, grain: str = "month") -> pl.DataFrame:
    """The value (and count) of the filtered orders that were open — status category open or
    invoicing, not yet invoiced — at the end of each period, for every period from the first
    to the last order date, rebuilt from the status history (at the orders' current totals)."""
    sql = _query("analytics_open_value", flt, grain=check_grain(grain))
    return _frame(sql, con, flt.params(), OPEN_VALUE_SCHEMA, grain)


FUNNEL_SCHEMA = {
    **_STATUS_COLUMNS,
    "reached": "Int64",
    "reached_value": "Float64",
    "previous_status": "String",
    "previous_status_label": "String",
    "conversion": "Float64",
    "share_of_first": "Float64",
}


def funnel(con: Con, flt: AnalyticsFilter) -> pl.DataFrame:
    """Every status of the configured flow, by position: the filtered orders that ever
    entered it (status history, each order once), their value, and the conversion from the
    previous step — the earliest status (by position) with a transition into it, so Betalt
    counts from Fakturert and Kansellert from Under arbeid; None for the first status.
    share_of_first = reached ÷ reached of the first status."""
    rows = fetch_rows(con, _query("analytics_funnel", flt), flt.params())
    reached = {r["status"]: r["reached"] for r in rows}
    first = rows[0]["reached"] if rows else 0
    for row in rows:
        before = reached.get(row["previous_status"]) if row["previous_status"] else None
        row["conversion"] = row["reached"] / before if before else None
        row["share_of_first"] = row["reached"] / first if first else None
    return rows_frame(rows, FUNNEL_SCHEMA)


TIME_IN_STATUS_SCHEMA = {
    **_STATUS_COLUMNS,
    "stints": "Int64",
    "ongoing": "Int64",
    "median_days": "Float64",
    "p90_days": "Float64",
}


def time_in_status(con: Con, flt: AnalyticsFilter) -> pl.DataFrame:
    """Per non-final status: how many stays (stints) the filtered orders had in it, how many
    are still going on, and the median and 90th percentile of their length in days. A stay
    lasts from the history row that entered the status to the next row of the order; one
    still going on counts until now (axos_data.clock) — the waiting orders belong to how
    long orders wait. Final statuses (Betalt, Kansellert) are left out."""
    params = {**flt.params(), "now": clock.now()}
    return _frame(_query("analytics_time_in_status", flt), con, params, TIME_IN_STATUS_SCHEMA)


TIME_IN_STATUS_TREND_SCHEMA = {
    "period": "Date",
    "period_label": "String",
    "status": "String",
    "status_label": "String",
    "status_position": "Int32",
    "stints": "Int64",
    "median_days": "Float64",
    "p90_days": "Float64",
}


def time_in_status_trend(con: Con, flt: AnalyticsFilter, grain: str = "month") -> pl.DataFrame:
    """time_in_status over time: the finished stays, per period of the day they ended."""
    sql = _query("analytics_time_in_status_trend", flt, grain=check_grain(grain))
    return _frame(sql, con, flt.params(), TIME_IN_STATUS_TREND_SCHEMA, grain)


QUOTE_CONVERSION_SCHEMA = {
    "period": "Date",
    "period_label": "String",
    "quotes": "Int64",
    "converted": "Int64",
    "conversion_rate": "Float64",
    "median_lead_days": "Float64",
    "p90_lead_days": "Float64",
}


def quote_conversion(con: Con, flt: AnalyticsFilter, grain: str = "month") -> pl.DataFrame:
    """Quotes per period of the quote date, how many were converted to an order, the rate,
    and the lead time quote date → order date in days (median, 90th percentile). The filter
    reads the quote's date, customer, our contact and project; status_category does not
    apply (a quote has no order status)."""
    quote_filter = replace(flt, status_category=None)
    sql = queries.sql(
        "analytics_quote_conversion",
        quote_where=quote_filter.where("analytics_quote_where"),
        grain=check_grain(grain),
    )
    params = quote_filter.params()
    return _frame(sql, con, params, QUOTE_CONVERSION_SCHEMA, grain)


VALUE_BY_SCHEMA = {
    "rank": "Int64",
    "id": "Int64",
    "name": "String",
    "order_count": "Int64",
    "total_value": "Float64",
    "share": "Float64",
    "is_other": "Boolean",
}


def value_by(
    con: Con, flt: AnalyticsFilter, dimension: str = "customer", top_n: int = 10
) -> pl.DataFrame:
    """Order count and value per customer, employee (our contact) or project: the top_n
    largest by value (rank 1…), then one «Andre» row (rank top_n + 1, id None, is_other) for
    all the rest when there are more. Orders without a project are one group «Uten
    prosjekt» (id None). share = the row's part of the filtered value."""
    if dimension not in _DIMENSION_SQL:
        raise InvalidChoice(f"Dimensjon «{dimension}» finnes ikke; bruk {', '.join(DIMENSIONS)}.")
    if isinstance(top_n, bool) or not isinstance(top_n, int) or not 1 <= top_n <= MAX_TOP_N:
        raise InvalidChoice(f"Antall «{top_n}» må være et heltall fra 1 til {MAX_TOP_N}.")
    column, table, no_key = _DIMENSION_SQL[dimension]
    sql = _query("analytics_value_by", flt, key_column=column, name_table=table)
    params = {**flt.params(), "top_n": top_n, "no_key_label": no_key}
    return _frame(sql, con, params, VALUE_BY_SCHEMA)


COHORTS_SCHEMA = {
    "cohort_month": "Date",
    "cohort_label": "String",
    **_STATUS_COLUMNS,
    "order_count": "Int64",
    "total_value": "Float64",
    "share_of_cohort": "Float64",
}


def cohorts(con: Con, flt: AnalyticsFilter) -> pl.DataFrame:
    """Orders per month of their order date × current status: count, value and the part of
    the month's orders in that status."""
    rows = fetch_rows(con, _query("analytics_cohorts", flt), flt.params())
    for row in rows:
        row["cohort_label"] = period_label(row["cohort_month"], "month")
    return rows_frame(rows, COHORTS_SCHEMA)


DSO_SCHEMA = {
    "period": "Date",
    "period_label": "String",
    "paid_count": "Int64",
    "median_days": "Float64",
    "p90_days": "Float64",
    "mean_days": "Float64",
}


def dso(con: Con, flt: AnalyticsFilter, grain: str = "month") -> pl.DataFrame:
    """Days from invoiced to paid: per period of the day an order was paid (first entered
    Betalt), the days since it first entered Fakturert — count, median, p90, mean."""
    params = {**flt.params(), "invoiced_status": INVOICED_STATUS, "paid_status": PAID_STATUS}
    sql = _query("analytics_dso", flt, grain=check_grain(grain))
    return _frame(sql, con, params, DSO_SCHEMA, grain)


ORDERS_BEHIND_SCHEMA = {
    "order_no": "Int64",
    "title": "String",
    "customer_id": "Int64",
    "customer_name": "String",
    "our_contact_id": "Int64",
    "our_contact_name": "String",
    "project_id": "Int64",
    "project_name": "String",
    "status": "String",
    "status_label": "String",
    "order_date": "Date",
    "total": "Decimal(18,2)",
}


def orders_behind(
    con: Con,
    flt: AnalyticsFilter,
    *,
    period: object = None,
    grain: str | None = None,
    status: str | None = None,
    customer_id: object = None,
    employee_id: object = None,
    project_id: object = None,
    limit: int = 200,
) -> pl.DataFrame:
    """The filtered orders behind a chart selection, newest order date first, at most
    `limit`: `period` (any day in it) with `grain` selects the period of the order date,
    `status` the current status, the ids a customer, our contact or project (on top of the
    filter's). Without a selection: the filtered orders."""
    if period is not None and period != "":
        if grain is None:
            raise InvalidChoice("Velg periode (week, month eller quarter) sammen med perioden.")
        period_start, period_end = period_bounds(period, grain)
    else:
        period_start = period_end = None
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_BEHIND:
        raise InvalidChoice(f"Antall ordrer «{limit}» må være et heltall fra 1 til {MAX_BEHIND}.")
    params = {
        **flt.params(),
        "period_start": period_start,
        "period_end": period_end,
        "status": status or None,
        "selected_customer_id": optional_id(customer_id, "Kunde"),
        "selected_employee_id": optional_id(employee_id, "Vår kontakt"),
        "selected_project_id": optional_id(project_id, "Prosjekt"),
        "limit": limit,
    }
    return _frame(_query("analytics_orders_behind", flt), con, params, ORDERS_BEHIND_SCHEMA)


@dataclass(frozen=True)
class Analysis:
    """One analytics function for the page, the downloads and the API: `run(con, flt,
    **options)`; `options` names the keyword arguments it takes besides the filter."""

    key: str
    title: str  # Norwegian, for headings and download names
    run: Callable[..., pl.DataFrame]
    schema: dict[str, str]
    options: tuple[str, ...] = ()
    uses: frozenset[str] = field(
        default=frozenset(
            ("date_from", "date_to", "employee_id", "customer_id", "project_id", "status_category")
        )
    )


ANALYTICS: dict[str, Analysis] = {
    a.key: a
    for a in (
        Analysis("status_over_time", "Ordrer per status over tid", status_over_time,
                 STATUS_OVER_TIME_SCHEMA, ("grain",)),
        Analysis("open_value", "Åpen verdi ved periodeslutt", open_value, OPEN_VALUE_SCHEMA,
                 ("grain",)),
        Analysis("funnel", "Trakt fra Under arbeid til Betalt", funnel, FUNNEL_SCHEMA),
        Analysis("time_in_status", "Tid i status", time_in_status, TIME_IN_STATUS_SCHEMA),
        Analysis("time_in_status_trend", "Tid i status over tid", time_in_status_trend,
                 TIME_IN_STATUS_TREND_SCHEMA, ("grain",)),
        Analysis("quote_conversion", "Tilbud til ordre", quote_conversion,
                 QUOTE_CONVERSION_SCHEMA, ("grain",),
                 frozenset(("date_from", "date_to", "employee_id", "customer_id",
                            "project_id"))),
        Analysis("value_by", "Verdi per kunde, ansatt og prosjekt", value_by, VALUE_BY_SCHEMA,
                 ("dimension", "top_n")),
        Analysis("cohorts", "Kohorter: måned × status", cohorts, COHORTS_SCHEMA),
        Analysis("dso", "Dager fra Fakturert til Betalt", dso, DSO_SCHEMA, ("grain",)),
        Analysis("orders_behind", "Ordrene bak utvalget", orders_behind, ORDERS_BEHIND_SCHEMA,
                 ("period", "grain", "status", "customer_id", "employee_id", "project_id",
                  "limit")),
    )
}  # fmt: skip


__all__ = [
    "ANALYTICS",
    "DIMENSIONS",
    "GRAINS",
    "NO_FILTER",
    "STATUS_CATEGORIES",
    "Analysis",
    "AnalyticsFilter",
    "check_grain",
    "cohorts",
    "dso",
    "funnel",
    "open_value",
    "orders_behind",
    "period_bounds",
    "period_label",
    "quote_conversion",
    "status_over_time",
    "time_in_status",
    "time_in_status_trend",
    "value_by",
]
