"""The cards of «Analyse»: each chart drawn from its data (by the builders in
analytics_period_charts / analytics_breakdown_charts) as a marimo element whose clicks set the
page's pick, with its title, hint and CSV/Parquet downloads of the frame behind it.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import marimo as mo
import polars as pl

from axos_data import no, spreadsheet
from axos_data.app import analytics_breakdown_charts as breakdown
from axos_data.app import analytics_period_charts as period
from axos_data.app import ui
from axos_data.app.analytics_chart_data import ChartData
from axos_data.app.analytics_filters import Filters
from axos_data.app.analytics_picks import (
    CHART_PICKS,
    VALUE_DIMENSIONS,
    Pick,
    marked,
    values_from_selection,
)


def draw(data: ChartData, filters: Filters, pick: Pick, extra: ChartData | None = None):
    """The altair chart of `data` (extra: the open value line of the status chart)."""
    key, frame, grain = data.spec.key, data.frame, filters.grain
    assert frame is not None
    mark = marked(pick, key, grain)
    if key == "status_over_time":
        line = extra.frame if extra is not None and extra.frame is not None else frame.clear()
        return period.status_over_time(frame, line, grain, mark)
    if key == "funnel":
        return breakdown.funnel(frame, mark)
    if key == "time_in_status":
        return breakdown.time_in_status(frame, mark)
    if key == "time_in_status_trend":
        return period.time_in_status_trend(frame, grain, mark)
    if key == "quote_conversion":
        return period.quote_conversion(frame, grain)
    if key in VALUE_DIMENSIONS:
        return breakdown.value_by(frame, VALUE_DIMENSIONS[key], mark)
    if key == "cohorts":
        return breakdown.cohorts(frame, mark)
    return period.dso(frame, grain)


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


def download_buttons(data: ChartData, prefix: str = "") -> tuple:
    """CSV and Parquet of the data behind a chart (the frame it was drawn from), named after
    the chart (ChartSpec.file), with the library's column names: the same names the API and
    the analysts' notebooks see. The files are made when clicked."""
    name = data.spec.file
    frame = data.frame
    if frame is None or frame.is_empty():
        return ()
    return (
        mo.download(data=lambda: csv_bytes(frame), filename=f"{name}.csv",
                    mimetype="text/csv", label=f"{prefix}CSV"),
        mo.download(data=lambda: parquet_bytes(frame), filename=f"{name}.parquet",
                    mimetype="application/vnd.apache.parquet", label=f"{prefix}Parquet"),
    )  # fmt: skip
