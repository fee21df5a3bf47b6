"""The filter and the periods every analytics function shares (views/analytics.py): which
orders (`AnalyticsFilter`, its SQL conditions from fixed blocks of queries/analytics.sql),
the period lengths and how periods are named and bounded, and the choices the page offers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from axos_data import queries
from axos_data.access import as_id
from axos_data.errors import InvalidChoice, InvalidDate
from axos_data.model import parse_date

GRAINS: dict[str, str] = {"week": "Uke", "month": "Måned", "quarter": "Kvartal"}
STATUS_CATEGORIES: dict[str, str] = {
    "open": "Åpen",
    "invoicing": "Til fakturering",
    "invoiced": "Fakturert",
    "closed": "Avsluttet",
}
DIMENSIONS: dict[str, str] = {"customer": "Kunde", "employee": "Vår kontakt", "project": "Prosjekt"}
_MONTHS = ("jan.", "feb.", "mar.", "apr.", "mai", "jun.", "jul.", "aug.", "sep.", "okt.",
           "nov.", "des.")  # fmt: skip


def optional_id(value: object, label: str) -> int | None:
    if value is None or value == "":
        return None
    number = as_id(value)
    if number is None:
        raise InvalidChoice(f"{label}: «{value}» er ikke en gyldig id.")
    return number


@dataclass(frozen=True)
class AnalyticsFilter:
    """What every analytics function is narrowed to; every field is optional.

    date_from/date_to bound the order date (inclusive; dates or text as dd.mm.åååå or
    ÅÅÅÅ-MM-DD), employee_id is our contact, status_category the category of the order's
    current status. Ids may be given as text ("42"): the API passes query strings through.
    """

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    employee_id: int | None = None
    customer_id: int | None = None
    project_id: int | None = None
    status_category: str | None = None

    def __post_init__(self) -> None:
        date_from = parse_date(self.date_from, "Fra dato")
        date_to = parse_date(self.date_to, "Til dato")
        if date_from and date_to and date_from > date_to:
            raise InvalidDate(
                f"Fra dato {date_from:%d.%m.%Y} er etter til dato {date_to:%d.%m.%Y}."
            )
        category = self.status_category or None
        if category is not None and category not in STATUS_CATEGORIES:
            raise InvalidChoice(
                f"Statuskategori «{category}» finnes ikke; bruk {', '.join(STATUS_CATEGORIES)}."
            )
        values = {
            "date_from": date_from,
            "date_to": date_to,
            "employee_id": optional_id(self.employee_id, "Vår kontakt"),
            "customer_id": optional_id(self.customer_id, "Kunde"),
            "project_id": optional_id(self.project_id, "Prosjekt"),
            "status_category": category,
        }
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def params(self) -> dict:
        """The bound parameters of the conditions the filter sets (queries/analytics.sql
        analytics_where_*), by name."""
        values = {name: getattr(self, name) for name in _FILTER_FIELDS}
        return {name: value for name, value in values.items() if value is not None}

    def where(self, blocks: str = "analytics_where") -> str:
        """The filter's conditions on the orders (alias o; on the quotes, alias q, with
        blocks="analytics_quote_where"), joined with AND: fixed blocks of
        queries/analytics.sql, one per set field; TRUE when none is set."""
        names = [f"{blocks}_{name}" for name in self.params()]
        return " AND ".join(f"({queries.sql(n)})" for n in names) or "TRUE"


_FILTER_FIELDS = (
    "date_from", "date_to", "employee_id", "customer_id", "project_id", "status_category",
)  # fmt: skip
NO_FILTER = AnalyticsFilter()


def check_grain(grain: str) -> str:
    if grain not in GRAINS:
        raise InvalidChoice(f"Periode «{grain}» finnes ikke; bruk {', '.join(GRAINS)}.")
    return grain


def period_label(period: dt.date, grain: str) -> str:
    """How a period is named on a chart axis: «Uke 5 2025», «jan. 2025», «K1 2025»."""
    if grain == "week":
        year, week, _ = period.isocalendar()
        return f"Uke {week} {year}"
    if grain == "month":
        return f"{_MONTHS[period.month - 1]} {period.year}"
    return f"K{(period.month - 1) // 3 + 1} {period.year}"


def period_bounds(period: object, grain: str) -> tuple[dt.date, dt.date]:
    """First and last day of the period (week, month or quarter) that holds `period`."""
    day = parse_date(period, "Periode")
    check_grain(grain)
    if grain == "week":
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    first_month = day.month if grain == "month" else (day.month - 1) // 3 * 3 + 1
    start = dt.date(day.year, first_month, 1)
    months = 1 if grain == "month" else 3
    following = dt.date(start.year + (first_month + months - 1) // 12,
                        (first_month + months - 1) % 12 + 1, 1)  # fmt: skip
    return start, following - dt.timedelta(days=1)
