"""What a click in a chart of «Analyse» picks, and how the pick narrows the other charts
and the orders table: pure rules over views.analytics' filter, no widgets and no SQL.

A clickable chart carries one point selection (analytics_vega.PICK) over the chart data
fields `period_key`, `status` and `record_id`; marimo hands the selection back as
{"pick": {field: [values], "vlPoint": …}}. The page keeps one `Pick` in a `mo.state`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from axos_data.app.analytics_vega import PICK
from axos_data.views import analytics as an

# What a click in each chart picks (Pick fields). Charts not listed cannot be clicked.
CHART_PICKS: dict[str, tuple[str, ...]] = {
    "status_over_time": ("period", "status"),
    "funnel": ("status",),
    "time_in_status": ("status",),
    "time_in_status_trend": ("status",),
    "value_customer": ("customer_id",),
    "value_employee": ("employee_id",),
    "value_project": ("project_id",),
    "cohorts": ("period", "status"),
}
# Charts along a time axis show every period and mark the picked one instead of narrowing
# to it (a picked period narrows the other charts to its dates).
TIME_SERIES = frozenset(
    ("status_over_time", "open_value", "time_in_status_trend", "quote_conversion", "cohorts",
     "dso")
)  # fmt: skip
VALUE_DIMENSIONS = {"value_customer": "customer", "value_employee": "employee",
                    "value_project": "project"}  # fmt: skip
# Pick field -> the chart field a click hands back
_CHART_FIELDS = {"period": "period_key", "status": "status", "customer_id": "record_id",
                 "employee_id": "record_id", "project_id": "record_id"}  # fmt: skip
_ID_FIELDS = ("customer_id", "employee_id", "project_id")


# --- the pick ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pick:
    """What the user clicked in the charts. `basis` is the filter it was made under: a
    changed filter starts without a pick (the picked marks may be gone)."""

    period: dt.date | None = None
    period_grain: str | None = None
    status: str | None = None
    customer_id: int | None = None
    employee_id: int | None = None
    project_id: int | None = None
    basis: object = None

    @property
    def is_empty(self) -> bool:
        return all(getattr(self, f) is None for f in ("period", "status", *_ID_FIELDS))

    def under(self, flt: an.AnalyticsFilter | None) -> Pick:
        """This pick if it was made under `flt`, else none."""
        return self if self.basis == flt else Pick(basis=flt)

    def clicked(self, chart: str, values: dict[str, object], grain: str) -> Pick:
        """The pick after a click in `chart` that handed back `values` (Pick fields). A click
        on what is already picked takes it away again."""
        fields = CHART_PICKS[chart]
        if not any(values.get(f) is not None for f in fields):
            return self  # a click beside the marks, or on «Andre»: nothing to pick
        period_grain = "month" if chart == "cohorts" else grain
        same = all(values.get(f) == getattr(self, f) for f in fields) and (
            "period" not in fields or self.period_grain == period_grain
        )
        changes: dict[str, object] = {f: None if same else values.get(f) for f in fields}
        if "period" in fields:
            changes["period_grain"] = None if same or values.get("period") is None else period_grain
        return dataclasses.replace(self, **changes)

    def without(self, *fields: str) -> Pick:
        changes: dict[str, object] = {f: None for f in fields}
        if "period" in fields:
            changes["period_grain"] = None
        return dataclasses.replace(self, **changes)

    def behind(self) -> dict[str, object]:
        """The selection arguments of views.analytics.orders_behind."""
        return {
            "period": self.period,
            "grain": self.period_grain,
            "status": self.status,
            "customer_id": self.customer_id,
            "employee_id": self.employee_id,
            "project_id": self.project_id,
        }


def values_from_selection(chart: str, selections: dict) -> dict[str, object]:
    """The Pick fields of a chart's selection as marimo hands it back: {"pick": {field:
    [values], "vlPoint": {"or": [{field: value}]}}}; {} when nothing is selected."""
    chosen = (selections or {}).get(PICK) or {}
    if not isinstance(chosen, dict):
        return {}
    points = (chosen.get("vlPoint") or {}).get("or") or [{}]
    point = points[0] if isinstance(points[0], dict) else {}
    values: dict[str, object] = {}
    for name in CHART_PICKS.get(chart, ()):
        field = _CHART_FIELDS[name]
        raw = chosen.get(field, point.get(field))
        if isinstance(raw, list):
            raw = raw[0] if raw else None
        values[name] = _typed(name, raw)
    return values


def _typed(name: str, raw: object) -> object:
    if raw is None or raw == "":
        return None
    if name == "period":
        if isinstance(raw, int | float):  # a time axis can hand back epoch milliseconds
            return dt.datetime.fromtimestamp(raw / 1000, tz=dt.UTC).date()
        return dt.date.fromisoformat(str(raw)[:10])
    if name == "status":
        return str(raw)
    return int(raw)


def narrowed(flt: an.AnalyticsFilter, pick: Pick, chart: str) -> an.AnalyticsFilter:
    """The filter `chart` is drawn with: the page's filter narrowed by what the other charts
    picked (a chart's own pick is marked in it, not filtered). A status has no place in the
    filter: it narrows the table and is marked in the status charts."""
    own = CHART_PICKS.get(chart, ())
    changes: dict[str, object] = {}
    for name in _ID_FIELDS:
        value = getattr(pick, name)
        if value is not None and name not in own:
            changes[name] = value
    if pick.period is not None and chart not in TIME_SERIES:
        start, end = an.period_bounds(pick.period, pick.period_grain or "month")
        changes["date_from"] = max(start, flt.date_from) if flt.date_from else start
        changes["date_to"] = min(end, flt.date_to) if flt.date_to else end
        if changes["date_from"] > changes["date_to"]:  # the period lies outside the filter
            changes["date_to"] = changes["date_from"]
    return dataclasses.replace(flt, **changes) if changes else flt


def marked(pick: Pick, chart: str, grain: str) -> dict[str, object]:
    """The chart data fields and values of the marks to draw strong in `chart`."""
    fields: dict[str, object] = {}
    if chart in ("status_over_time", "cohorts"):
        period_grain = "month" if chart == "cohorts" else grain
        if pick.period is not None and pick.period_grain == period_grain:
            fields["period_key"] = pick.period.isoformat()
    if chart in ("status_over_time", "cohorts", "funnel", "time_in_status",
                 "time_in_status_trend") and pick.status is not None:  # fmt: skip
        fields["status"] = pick.status
    dimension = VALUE_DIMENSIONS.get(chart)
    if dimension is not None and getattr(pick, f"{dimension}_id") is not None:
        fields["record_id"] = getattr(pick, f"{dimension}_id")
    return fields
