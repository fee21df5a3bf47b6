"""«Analyse» (/analyse/): the filter widgets, the charts' data, widgets, cards and
downloads, the pick bar and the orders behind the pick.

The data comes from `views.analytics` (all aggregation in DuckDB); the charts are drawn by
`analytics_charts`. A click in a chart becomes a `Pick` (analytics_picks: period, status,
customer, employee or project) held in one `mo.state` of the page: every chart is drawn again
narrowed by what the other charts picked, and the table below lists the orders behind the
whole pick.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

import marimo as mo
import polars as pl

from axos_data import no, spreadsheet, views
from axos_data.app import analytics_charts as charts
from axos_data.app import ui
from axos_data.app.analytics_picks import (
    CHART_PICKS,
    VALUE_DIMENSIONS,
    Pick,
    marked,
    narrowed,
    values_from_selection,
)
from axos_data.app.list_controls import filter_text
from axos_data.app.url_state import first
from axos_data.errors import AxosError
from axos_data.views import analytics as an

GRAIN_OPTIONS = {"Uke": "week", "Måned": "month", "Kvartal": "quarter"}
TOP_N_OPTIONS = ("5", "10", "15", "20")
BEHIND_LIMIT = 50  # rows of the table; the count and sum cover the whole pick

# --- filters -------------------------------------------------------------------------------


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


# --- the charts' data ----------------------------------------------------------------------


@dataclass(frozen=True)
class ChartSpec:
    key: str  # CHART_PICKS / TIME_SERIES key
    title: str
    hint: str  # what a click does, or what the chart measures
    file: str  # download file name (without extension)
    load: Callable[[object, an.AnalyticsFilter, Filters], pl.DataFrame]


def _value(dimension: str):
    return lambda con, flt, f: an.value_by(con, flt, dimension, f.top_n)


SPECS: dict[str, ChartSpec] = {
    s.key: s
    for s in (
        ChartSpec("status_over_time", "Ordreverdi per status over tid",
                  "Klikk en stolpe for å velge periode og status.", "ordreverdi-per-status",
                  lambda con, flt, f: an.status_over_time(con, flt, f.grain)),
        ChartSpec("open_value", "Åpen verdi ved periodeslutt", "", "apen-verdi",
                  lambda con, flt, f: an.open_value(con, flt, f.grain)),
        ChartSpec("funnel", "Trakt fra Under arbeid til Betalt",
                  "Ordrer som har nådd hver status. Klikk for å velge status.", "trakt",
                  lambda con, flt, f: an.funnel(con, flt)),
        ChartSpec("time_in_status", "Tid i status",
                  "Median (mørk) og 90-persentil (lys), dager. Klikk for å velge status.",
                  "tid-i-status", lambda con, flt, f: an.time_in_status(con, flt)),
        ChartSpec("time_in_status_trend", "Tid i status over tid",
                  "Median dager per status, etter dagen oppholdet sluttet.",
                  "tid-i-status-over-tid",
                  lambda con, flt, f: an.time_in_status_trend(con, flt, f.grain)),
        ChartSpec("quote_conversion", "Tilbud til ordre",
                  "Tilbud (lys), ble ordre (mørk) og konvertering (linje) etter tilbudsdato.",
                  "tilbud-til-ordre",
                  lambda con, flt, f: an.quote_conversion(con, flt, f.grain)),
        ChartSpec("value_customer", "Verdi per kunde", "Klikk for å velge kunden.",
                  "verdi-per-kunde", _value("customer")),
        ChartSpec("value_employee", "Verdi per ansatt (vår kontakt)",
                  "Klikk for å velge den ansatte.", "verdi-per-ansatt", _value("employee")),
        ChartSpec("value_project", "Verdi per prosjekt", "Klikk for å velge prosjektet.",
                  "verdi-per-prosjekt", _value("project")),
        ChartSpec("cohorts", "Kohorter: ordremåned × status nå",
                  "Andel av månedens ordrer i hver status. Klikk for å velge måned og status.",
                  "kohorter", lambda con, flt, f: an.cohorts(con, flt)),
        ChartSpec("dso", "Dager fra Fakturert til Betalt",
                  "Median (linje) og opp til 90-persentil (felt), etter betalingsdag.",
                  "dager-til-betalt", lambda con, flt, f: an.dso(con, flt, f.grain)),
    )
}  # fmt: skip


@dataclass
class ChartData:
    spec: ChartSpec
    frame: pl.DataFrame | None
    error: AxosError | None = None


class Memo:
    """The frames read under the page's current filter, per chart and narrowed filter: a
    click that does not narrow a chart (a status narrows none) draws it from what was read,
    so only the table is read again. A changed filter (or a reload) reads everything anew."""

    def __init__(self) -> None:
        self.basis: Filters | None = None
        self.frames: dict[tuple, pl.DataFrame] = {}

    def get(self, filters: Filters, key: tuple, read: Callable[[], pl.DataFrame]):
        if filters != self.basis:
            self.basis, self.frames = filters, {}
        if key not in self.frames:
            self.frames[key] = read()
        return self.frames[key]


def load(con, key: str, filters: Filters, pick: Pick, memo: Memo | None = None) -> ChartData:
    """The chart's frame under the page filter narrowed by the other charts' picks."""
    spec = SPECS[key]
    if filters.flt is None:
        return ChartData(spec, None, filters.error)
    flt = narrowed(filters.flt, pick, key)
    try:
        if memo is None:
            return ChartData(spec, spec.load(con, flt, filters))
        return ChartData(spec, memo.get(filters, (key, flt), lambda: spec.load(con, flt, filters)))
    except AxosError as err:
        return ChartData(spec, None, err)


def draw(data: ChartData, filters: Filters, pick: Pick, extra: ChartData | None = None):
    """The altair chart of `data` (extra: the open value line of the status chart)."""
    key, frame, grain = data.spec.key, data.frame, filters.grain
    assert frame is not None
    mark = marked(pick, key, grain)
    if key == "status_over_time":
        line = extra.frame if extra is not None and extra.frame is not None else frame.clear()
        return charts.status_over_time(frame, line, grain, mark)
    if key == "funnel":
        return charts.funnel(frame, mark)
    if key == "time_in_status":
        return charts.time_in_status(frame, mark)
    if key == "time_in_status_trend":
        return charts.time_in_status_trend(frame, grain, mark)
    if key == "quote_conversion":
        return charts.quote_conversion(frame, grain)
    if key in VALUE_DIMENSIONS:
        return charts.value_by(frame, VALUE_DIMENSIONS[key], mark)
    if key == "cohorts":
        return charts.cohorts(frame, mark)
    return charts.dso(frame, grain)


def chart_widget(data: ChartData, filters: Filters, pick: Pick, set_pick, extra=None):
    """The chart as a marimo element whose clicks update the page's pick (None when there is
    nothing to draw: the card shows why)."""
    if data.frame is None:
        return None
    chart = draw(data, filters, pick, extra)
    key = data.spec.key
    if key not in CHART_PICKS:
        return mo.ui.altair_chart(chart, chart_selection=False, legend_selection=False)
    holder: list = []

    def picked(_value) -> None:
        values = values_from_selection(key, holder[0].selections)
        if all(value is None for value in values.values()):
            return  # a click beside the marks: nothing to draw again
        set_pick(lambda current: current.under(filters.flt).clicked(key, values, filters.grain))

    widget = mo.ui.altair_chart(
        chart, chart_selection=False, legend_selection=False, on_change=picked
    )
    holder.append(widget)
    return widget


def chart_card(data: ChartData, widget, buttons: tuple, *, wide: bool = False) -> mo.Html:
    """Title, what a click does, the chart (or why there is none) and its downloads."""
    spec = data.spec
    body = widget if widget is not None else ui.error(data.error) if data.error else mo.md("")
    head = mo.Html(
        f'<div class="axos-an-head"><div class="axos-h2" role="heading" aria-level="2">'
        f"{ui.esc(spec.title)}</div></div>"
        + (f'<div class="axos-an-hint">{ui.esc(spec.hint)}</div>' if spec.hint else "")
    )
    parts = [head, body]
    if buttons:
        parts.append(mo.hstack(list(buttons), justify="end", gap=0.5))
    classes = "axos-card axos-an-card" + (" axos-an-wide" if wide else "")
    return mo.Html(
        f'<section class="{classes}" data-chart="{spec.key}">'
        f"{mo.vstack(parts, gap=0.25).text}</section>"
    )


# --- downloads -----------------------------------------------------------------------------


def csv_bytes(frame: pl.DataFrame) -> bytes:
    """Semicolon CSV the way Norwegian Excel opens it: BOM, decimal comma, dd.mm.åååå, text
    that could be a formula neutralised (as the order list's downloads)."""
    out = io.StringIO()
    out.write(";".join(spreadsheet.csv_text(c) for c in frame.columns) + "\r\n")
    for row in frame.iter_rows():
        out.write(";".join(_csv_cell(v) for v in row) + "\r\n")
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ja" if value else "Nei"
    if isinstance(value, float):
        return repr(round(value, 6)).replace(".", ",")
    if isinstance(value, Decimal):
        return f"{value:f}".replace(".", ",")
    if isinstance(value, dt.date):
        return no.format_date(value)
    if isinstance(value, int):
        return str(value)
    return spreadsheet.csv_text(str(value))


def parquet_bytes(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    return buffer.getvalue()


def download_buttons(data: ChartData, name: str, prefix: str = "") -> tuple:
    """CSV and Parquet of the data behind a chart (the frame it was drawn from), with the
    library's column names: the same names the API and the analysts' notebooks see. The
    files are made when clicked."""
    frame = data.frame
    if frame is None or frame.is_empty():
        return ()
    return (
        mo.download(data=lambda: csv_bytes(frame), filename=f"{name}.csv",
                    mimetype="text/csv", label=f"{prefix}CSV"),
        mo.download(data=lambda: parquet_bytes(frame), filename=f"{name}.parquet",
                    mimetype="application/vnd.apache.parquet", label=f"{prefix}Parquet"),
    )  # fmt: skip


# --- the pick bar and the orders behind it -------------------------------------------------


def pick_labels(con, pick: Pick) -> list[tuple[str, str]]:
    """(field, Norwegian text) of each picked value, for the pick bar."""
    labels: list[tuple[str, str]] = []
    if pick.period is not None:
        text = an.period_label(pick.period, pick.period_grain or "month")
        labels.append(("period", f"Periode: {text}"))
    if pick.status is not None:
        names = dict(views.statuses(con).select("key", "label").iter_rows())
        labels.append(("status", f"Status: {names.get(pick.status, pick.status)}"))
    for name, kind, title in (
        ("customer_id", "customer", "Kunde"),
        ("employee_id", "employee", "Vår kontakt"),
        ("project_id", "project", "Prosjekt"),
    ):
        value = getattr(pick, name)
        if value is not None:
            try:
                record = views.overview_record(con, kind, value)
                labels.append((name, f"{title}: {record.get('name', value)}"))
            except AxosError:
                labels.append((name, f"{title}: {value}"))
    return labels


def pick_buttons(con, pick: Pick, flt, set_pick) -> tuple[tuple[str, mo.ui.button], ...]:
    """One «✕» button per picked value and one to clear the whole pick."""
    buttons = []
    for name, text in pick_labels(con, pick):
        buttons.append(
            (
                text,
                mo.ui.button(
                    label=f"{text} ✕",
                    on_click=lambda _, name=name: set_pick(
                        lambda current: current.under(flt).without(name)
                    ),
                ),
            )
        )
    if buttons:
        buttons.append(
            ("", mo.ui.button(label="Fjern utvalget", on_click=lambda _: set_pick(Pick(basis=flt))))
        )
    return tuple(buttons)


def pick_bar(buttons: tuple) -> mo.Html:
    if not buttons:
        return mo.Html(
            '<div class="axos-an-pick axos-muted">Klikk i diagrammene for å velge periode,'
            " status, kunde, ansatt eller prosjekt; de andre diagrammene og ordrelisten under"
            " følger utvalget.</div>"
        )
    return mo.hstack(
        [mo.Html('<span class="axos-an-pick"><b>Utvalg:</b></span>'), *[b for _, b in buttons]],
        justify="start",
        gap=0.5,
        wrap=True,
    )


@dataclass
class Behind:
    rows: pl.DataFrame | None
    count: int = 0
    total: Decimal = Decimal(0)
    list_href: str = ""
    error: AxosError | None = None


def behind(con, filters: Filters, pick: Pick) -> Behind:
    """The newest orders behind the pick (the table), and the count and sum of all of them
    from the order list's query over the same conditions (with the link that opens them
    all in «Ordre»)."""
    flt = filters.flt
    if flt is None:
        return Behind(None, error=filters.error)
    try:
        rows = an.orders_behind(con, flt, **pick.behind(), limit=BEHIND_LIMIT)
        order_filter, link = _as_order_list(con, flt, pick)
        page = views.order_list(con, order_filter, limit=1)
    except AxosError as err:
        return Behind(None, error=err)
    return Behind(rows, page.total_count, page.total_sum, link)


def _as_order_list(con, flt: an.AnalyticsFilter, pick: Pick) -> tuple[views.OrderFilter, str]:
    """The same orders as views.OrderFilter (for count and sum) and as a link to «Ordre»."""
    date_from, date_to = flt.date_from, flt.date_to
    if pick.period is not None:
        start, end = an.period_bounds(pick.period, pick.period_grain or "month")
        date_from = max(start, date_from) if date_from else start
        date_to = min(end, date_to) if date_to else end
    customer = pick.customer_id if pick.customer_id is not None else flt.customer_id
    employee = pick.employee_id if pick.employee_id is not None else flt.employee_id
    project = pick.project_id if pick.project_id is not None else flt.project_id
    order_filter = views.OrderFilter(
        statuses=[pick.status] if pick.status else None,
        categories=[flt.status_category] if flt.status_category else None,
        customer_id=customer,
        our_contact_id=employee,
        project_id=project,
        date_from=date_from,
        date_to=date_to,
    )
    statuses = [pick.status] if pick.status else []
    if flt.status_category:
        table = views.statuses(con)
        in_category = table.filter(pl.col("category") == flt.status_category)["key"].to_list()
        statuses = [s for s in statuses if s in in_category] if statuses else in_category
    params = {
        "status": statuses,
        "customer": customer,
        "our": employee,
        "project": project,
        "from": date_from and no.format_date(date_from),
        "to": date_to and no.format_date(date_to),
    }
    present = {k: v for k, v in params.items() if v not in (None, "", [])}
    return order_filter, "/ordrer/?" + urlencode(present, doseq=True)


def behind_card(result: Behind) -> mo.Html:
    """«Ordrene bak utvalget»: count and sum, the newest orders, each a link to its page."""
    title = (
        '<div class="axos-an-head"><div class="axos-h2" role="heading" aria-level="2">'
        "Ordrene bak utvalget</div></div>"
    )
    if result.rows is None:
        body = ui.error(result.error) if result.error else mo.md("")
        return mo.Html(f'<section class="axos-card" data-chart="orders_behind">{title}'
                       f"{body.text}</section>")  # fmt: skip
    shown = result.rows.height
    more = (
        f"Viser de {ui.count(shown)} nyeste. "
        f'<a href="{ui.esc(result.list_href)}">Åpne alle i ordrelisten</a>'
        if result.count > shown
        else f'<a href="{ui.esc(result.list_href)}">Åpne i ordrelisten</a>'
    )
    summary = (
        '<div class="axos-summary axos-an-summary">'
        f'<span><b data-count="{result.count}">{ui.count(result.count)}</b> ordrer</span>'
        f"<span>Sum totalt <b>kr {ui.nok(result.total)}</b></span>"
        f"<span>{more}</span></div>"
    )
    table = ui.order_table(
        result.rows.to_dicts(),
        ("order_no", "title", "status", "customer", "our_contact", "project", "order_date",
         "total"),
    )  # fmt: skip
    return mo.Html(
        f'<section class="axos-card" data-chart="orders_behind">{title}{summary}{table.text}'
        "</section>"
    )
