"""The views the read API serves at /api/v1/views/{view}: the order list, the overviews and
every pipeline analysis, each computed by the library's own read function (so the API gives
exactly what the pages show) from the query parameters the pages use.

- `orders`: the whole filtered order list (views.export_orders, with a `cf_<key>` column per
  active custom field), parameters as in the /ordrer/ page's URL: q, status (repeat it or
  separate with commas), category, customer, contact, our, project, from, to, min, max, sort,
  f_<custom field key>.
- `overview`: one customer/contact/employee/project overview (views.overview): kind, id (as
  the overview pages' ?id=), part = by_status (default) | recent | over_time | summary,
  recent (how many recent orders, default 10).
- every key of views.analytics.ANALYTICS (funnel, dso, …): the AnalyticsFilter fields
  (date_from, date_to, employee_id, customer_id, project_id, status_category) the analysis
  uses, and its options (grain, dimension, top_n, …). An option that shares a name with a
  filter field (orders_behind's customer_id: the chart selection) is `selected_<name>`.

A parameter a view does not take is refused (a typo would otherwise widen the result
silently); a bad value gets the library's own Norwegian message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from axos_data import services, views
from axos_data.access import Con
from axos_data.errors import InvalidChoice, UnknownView
from axos_data.model import parse_int
from axos_data.views.analytics import ANALYTICS, Analysis, AnalyticsFilter
from axos_data.views.orders import OrderFilter

if TYPE_CHECKING:
    import polars as pl

# Taken by every view: the answer's format, its columns and (unless the view has its own
# `limit`) how many rows.
COMMON_PARAMETERS = ("format", "columns", "limit")


class Params(Protocol):
    """The request's query parameters (starlette's QueryParams)."""

    def get(self, key: str, default: str | None = None) -> str | None: ...
    def getlist(self, key: str) -> list[str]: ...
    def __iter__(self): ...


@dataclass(frozen=True)
class View:
    name: str
    title: str  # Norwegian
    parameters: tuple[str, ...]
    run: Callable[[Con, Params], pl.DataFrame]
    prefix: str | None = None  # parameters starting with it are accepted too (f_<key>)


def _many(params: Params, key: str) -> list[str]:
    return [part.strip() for value in params.getlist(key) for part in value.split(",") if part]


def _one(params: Params, key: str) -> str | None:
    value = params.get(key)
    return value if value not in (None, "") else None


def _orders(con: Con, params: Params) -> pl.DataFrame:
    custom = {
        key[2:]: value for key in params if key.startswith("f_") and (value := params.get(key))
    }
    flt = OrderFilter(
        statuses=_many(params, "status") or None,
        categories=_many(params, "category") or None,
        customer_id=_one(params, "customer"),
        contact_id=_one(params, "contact"),
        our_contact_id=_one(params, "our"),
        project_id=_one(params, "project"),
        date_from=_one(params, "from"),
        date_to=_one(params, "to"),
        min_total=_one(params, "min"),
        max_total=_one(params, "max"),
        search=_one(params, "q"),
        custom=custom or None,
    )
    keys = [field["key"] for field in services.list_custom_fields(con)]
    return views.export_orders(con, flt, sort=_one(params, "sort"), custom_fields=keys)


OVERVIEW_PARTS = ("by_status", "recent", "over_time", "summary")


def _overview(con: Con, params: Params) -> pl.DataFrame:
    import polars as pl

    part = _one(params, "part") or "by_status"
    if part not in OVERVIEW_PARTS:
        raise InvalidChoice(f"Ukjent del «{part}» av oversikten; bruk {', '.join(OVERVIEW_PARTS)}.")
    recent = parse_int(_one(params, "recent") or 10, "Antall siste ordrer", minimum=1)
    found = views.overview(con, _one(params, "kind") or "", _one(params, "id"), recent=recent)
    if part == "summary":
        return pl.DataFrame([{**found.record, **found.summary}])
    return getattr(found, part)


FILTER_FIELDS = ("date_from", "date_to", "employee_id", "customer_id", "project_id",
                 "status_category")  # fmt: skip


def _option_value(text: str) -> object:
    """Whole numbers as int (top_n, limit, ids); anything else as typed, for the library to
    accept or refuse with its own message."""
    return int(text) if text.isascii() and text.isdigit() else text


def _analytics_view(analysis: Analysis) -> View:
    names = {o: f"selected_{o}" if o in FILTER_FIELDS else o for o in analysis.options}
    used = tuple(f for f in FILTER_FIELDS if f in analysis.uses)

    def run(con: Con, params: Params) -> pl.DataFrame:
        flt = AnalyticsFilter(**{f: _one(params, f) for f in used})
        options = {o: _option_value(v) for o, p in names.items() if (v := _one(params, p))}
        return analysis.run(con, flt, **options)

    return View(analysis.key, analysis.title, used + tuple(names.values()), run)


_ORDER_PARAMETERS = ("q", "status", "category", "customer", "contact", "our", "project",
                     "from", "to", "min", "max", "sort")  # fmt: skip

VIEWS: dict[str, View] = {
    "orders": View("orders", "Ordreliste", _ORDER_PARAMETERS, _orders, prefix="f_"),
    "overview": View("overview", "Oversikt", ("kind", "id", "part", "recent"), _overview),
    **{key: _analytics_view(analysis) for key, analysis in ANALYTICS.items()},
}


def view_frame(con: Con, name: str, params: Params) -> tuple[pl.DataFrame, bool]:
    """The view's frame, and whether the view applied `limit` itself."""
    view = VIEWS.get(name)
    if view is None:
        raise UnknownView(f"Visningen «{name}» finnes ikke; bruk {', '.join(VIEWS)}.")
    allowed = set(view.parameters) | set(COMMON_PARAMETERS)
    for key in params:
        if key not in allowed and not (view.prefix and key.startswith(view.prefix)):
            raise InvalidChoice(
                f"Visningen «{name}» tar ikke parameteren «{key}»; bruk "
                f"{', '.join(view.parameters + COMMON_PARAMETERS)}."
            )
    return view.run(con, params), "limit" in view.parameters
