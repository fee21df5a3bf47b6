"""The filter of «Analyse» (/analyse/): its widgets restored from the URL, their values read
back as the library's AnalyticsFilter (a mistyped date comes back as the error), and the
filter card's layout with the page's own CSS. Kept apart from the charts so the page's
filter is one small thing the charts, the table and the URL all take.
"""

from __future__ import annotations

from dataclasses import dataclass

import marimo as mo

from axos_data import views
from axos_data.app import ui
from axos_data.app.list_controls import filter_text
from axos_data.app.url_state import first
from axos_data.errors import AxosError
from axos_data.views import analytics as an

GRAIN_OPTIONS = {"Uke": "week", "Måned": "month", "Kvartal": "quarter"}
TOP_N_OPTIONS = ("5", "10", "15", "20")


def filter_controls(con, start: dict[str, list[str]]) -> mo.ui.dictionary:
    """Dates, our contact, status category, period length and top N, restored from the URL.
    Customer and project have pickers of their own (list_controls), as on the order list."""
    staff = views.employees(con, active_only=False)
    employees: dict[str, int] = {}
    for row in staff.iter_rows(named=True):
        label = row["name"] if row["name"] not in employees else f"{row['name']} (#{row['id']})"
        employees[label] = row["id"]
    categories = {label: key for key, label in an.STATUS_CATEGORIES.items()}
    wanted_grain = first(start, "grain", "month")
    top = first(start, "top", "10")
    return mo.ui.dictionary(
        {
            "date_from": filter_text(first(start, "from"), "dd.mm.åååå"),
            "date_to": filter_text(first(start, "to"), "dd.mm.åååå"),
            "employee": mo.ui.dropdown(
                employees,
                value=_label_of(employees, first(start, "our")),
                allow_select_none=True,
                full_width=True,
            ),
            "category": mo.ui.dropdown(
                categories,
                value=_label_of(categories, first(start, "cat")),
                allow_select_none=True,
                full_width=True,
            ),
            "grain": mo.ui.dropdown(
                GRAIN_OPTIONS,
                value=_label_of(GRAIN_OPTIONS, wanted_grain) or "Måned",
                full_width=True,
            ),
            "top_n": mo.ui.dropdown(
                list(TOP_N_OPTIONS), value=top if top in TOP_N_OPTIONS else "10", full_width=True
            ),
        }
    )


def _label_of(options: dict[str, object], wanted: str) -> str | None:
    return next((label for label, value in options.items() if str(value) == wanted), None)


@dataclass(frozen=True)
class Filters:
    """The page's filter as the library takes it (None with the reason when it is refused),
    the period length and how many customers, employees and projects the value charts show."""

    flt: an.AnalyticsFilter | None
    grain: str
    top_n: int
    error: AxosError | None = None
    texts: tuple[tuple[str, str], ...] = ()  # URL key -> value, as typed

    def url_values(self) -> dict[str, str | None]:
        return {key: value or None for key, value in self.texts}


def read_filters(values: dict, customer_id: int | None, project_id: int | None) -> Filters:
    """The widgets' values as an AnalyticsFilter; a mistyped date comes back as the error."""
    grain = values.get("grain") or "month"
    top_n = int(values.get("top_n") or 10)
    texts = (
        ("from", (values.get("date_from") or "").strip()),
        ("to", (values.get("date_to") or "").strip()),
        ("our", "" if values.get("employee") is None else str(values["employee"])),
        ("customer", "" if customer_id is None else str(customer_id)),
        ("project", "" if project_id is None else str(project_id)),
        ("cat", values.get("category") or ""),
        ("grain", "" if grain == "month" else grain),
        ("top", "" if top_n == 10 else str(top_n)),
    )
    try:
        flt = an.AnalyticsFilter(
            date_from=ui.input_date(values.get("date_from")),
            date_to=ui.input_date(values.get("date_to")),
            employee_id=values.get("employee"),
            customer_id=customer_id,
            project_id=project_id,
            status_category=values.get("category"),
        )
    except AxosError as err:
        return Filters(None, grain, top_n, err, texts)
    return Filters(flt, grain, top_n, None, texts)


def _field(label: str, *elements, width: str = "one") -> str:
    """A labelled filter cell on the app's form grid (as the order list lays out its own)."""
    inner = "".join(e.text for e in elements)
    if len(elements) > 1:
        inner = f'<div class="axos-field-pair">{inner}</div>'
    return (
        f'<div class="axos-field axos-w-{width}"><span class="axos-field-label">{label}</span>'
        f"{inner}</div>"
    )


def filters_layout(controls: mo.ui.dictionary, customer: tuple, project) -> mo.Html:
    c = controls
    project_hint = "" if getattr(project, "_axos_options", True) else (
        ' <span class="axos-muted">(velg kunde først)</span>'
    )  # fmt: skip
    cells = [
        _field("Ordredato fra – til", c["date_from"], c["date_to"], width="two"),
        _field("Kunde", *customer, width="two"),
        _field("Prosjekt" + project_hint, project, width="two"),
        _field("Vår kontakt", c["employee"], width="two"),
        _field("Statuskategori", c["category"]),
        _field("Periode", c["grain"]),
        _field("Vis topp", c["top_n"]),
        '<div class="axos-field"><span class="axos-field-label">&nbsp;</span>'
        '<a class="axos-reset" href="?">Nullstill filtre</a></div>',
    ]
    return mo.Html(
        f'<section class="axos-card axos-filters">{STYLE}<div class="axos-form-grid">'
        f"{''.join(cells)}</div></section>"
    )


STYLE = """<style>
.axos-an-grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 14px; }
.axos-an-grid > * { min-width: 0; }
.axos-an-wide { grid-column: 1 / -1; }
.axos-an-head { display: flex; justify-content: space-between; align-items: baseline; gap: 12px; }
.axos-an-head .axos-h2 { margin: 0; }
.axos-an-hint { color: var(--axos-muted); font-size: 12.5px; margin: 2px 0 8px; }
.axos-an-pick { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; font-size: 13.5px; }
.axos-an-chip { background: #e3efff; color: #1d4f91; border-radius: 999px; padding: 3px 10px; }
@media (max-width: 1100px) { .axos-an-grid { grid-template-columns: minmax(0, 1fr); } }
</style>"""
