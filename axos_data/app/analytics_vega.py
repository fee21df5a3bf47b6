"""How every chart of «Analyse» looks and reads: the Norwegian number and date locale
Vega-Embed draws with, the shared look (`finish`), status colours, money units, the period
axis, and how a picked mark is drawn strong and the rest faded. Presentation only.

Kept apart from the chart builders (analytics_period_charts, analytics_breakdown_charts) so
both families share one look and one locale. Every chart is drawn as SVG with a Norwegian
number and date locale (Vega-Embed's `formatLocale`/`timeFormatLocale`) and without
Vega-Embed's English actions menu. A chart the user can click carries one point selection
named `pick` over the fields the page reads back (`period_key`, `status`, `record_id`); what
is already picked is drawn strong and the rest faded, from the page's selection (not from
Vega's own state, which is lost when the chart is drawn again).
"""

from __future__ import annotations

import json

import altair as alt
import polars as pl

PICK = "pick"  # the selection parameter of every clickable chart
MONTHS = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
          "oktober", "november", "desember"]  # fmt: skip
SHORT_MONTHS = ["jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov",
                "des"]  # fmt: skip
# d3's locale definitions (nb-NO): space as thousands separator, decimal comma, Norwegian
# month and day names on time axes.
FORMAT_LOCALE = {
    "decimal": ",",
    "thousands": "\u00a0",
    "grouping": [3],
    "currency": ["", " kr"],
    "percent": "\u00a0%",
}
TIME_LOCALE = {
    "dateTime": "%A %e. %B %Y kl. %X",
    "date": "%d.%m.%Y",
    "time": "%H:%M:%S",
    "periods": ["", ""],
    "days": ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"],
    "shortDays": ["søn", "man", "tir", "ons", "tor", "fre", "lør"],
    "months": MONTHS,
    "shortMonths": SHORT_MONTHS,
}
EMBED = {
    # No actions menu: its entries ("Save as SVG", "View Source", …) are English.
    "actions": False,
    # SVG marks are elements (with aria labels): a user's screen reader and the browser
    # tests can find and click a bar; there are at most a few thousand marks per chart.
    "renderer": "svg",
    "formatLocale": FORMAT_LOCALE,
    "timeFormatLocale": TIME_LOCALE,
}
# Colours of the default statuses (the badges use the same families); others get a palette.
STATUS_COLOURS = {
    "under_arbeid": "#3f78c9",
    "klar_til_fakturering": "#e0a100",
    "fakturert": "#8a5cd1",
    "purret": "#d4553f",
    "betalt": "#3b9a5d",
    "kansellert": "#a5a9b0",
}
PALETTE = ["#2a9d8f", "#e76f51", "#264653", "#f4a261", "#6d597a", "#b5838d"]
INK = "#1f3a68"
FADED = 0.28
GRAIN_OFFSETS = {"week": "1w", "month": "1mo", "quarter": "3mo"}
PERIOD_TITLES = {"week": "Uke", "month": "Måned", "quarter": "Kvartal"}
HEIGHT = 250


def finish(chart, *, height: int = HEIGHT):
    """The look every chart of the page shares."""
    return (
        chart.properties(height=height, width="container", usermeta={"embedOptions": EMBED})
        # configure() replaces the whole config: first, before the parts.
        .configure(font="PT Sans, system-ui, sans-serif")
        # Vega's own aria texts ("X-axis titled …") are English: axes and legends get
        # none; clickable marks are described by their status or name.
        .configure_axis(aria=False, labelOverlap="greedy", labelFontSize=11, titleFontSize=12,
                        titleColor="#5b6b85", grid=True, gridColor="#eef1f5", domainColor="#c9d2df",
                        tickColor="#c9d2df")
        .configure_view(strokeWidth=0)
        .configure_legend(aria=False, orient="bottom", title=None, labelFontSize=12,
                          symbolType="square")
    )  # fmt: skip


def empty(text: str = "Ingen data i utvalget."):
    """A chart with nothing to draw says so where the chart would be."""
    data = pl.DataFrame({"text": [text]})
    chart = (
        alt.Chart(data)
        .mark_text(aria=False, fontSize=14, color="#6b778c")
        .encode(text="text:N")
        .properties(height=120)
    )
    return finish(chart, height=120)


def status_scale(statuses: pl.DataFrame) -> alt.Scale:
    """Status labels in flow order with their colours (statuses: key, label by position)."""
    rows = statuses.sort("status_position").unique("status", keep="first", maintain_order=True)
    labels = rows["status_label"].to_list()
    colours = [
        STATUS_COLOURS.get(key, PALETTE[i % len(PALETTE)])
        for i, key in enumerate(rows["status"].to_list())
    ]
    return alt.Scale(domain=labels, range=colours)


def money_unit(largest: float | None) -> tuple[float, str]:
    """Divisor and axis unit that keep the axis labels short: kr, tusen kr or mill. kr."""
    largest = abs(largest or 0)
    if largest >= 10_000_000:
        return 1_000_000.0, "mill. kr"
    if largest >= 10_000:
        return 1_000.0, "tusen kr"
    return 1.0, "kr"


def literal(value: object) -> str:
    """A value as a Vega expression literal (JSON is valid Vega expression syntax)."""
    return json.dumps(value, default=str)


def picked_test(conditions: dict[str, object]) -> str | None:
    """A Vega expression that is true for the marks of the current pick (None: no pick)."""
    parts = [f"datum[{literal(k)}] === {literal(v)}" for k, v in conditions.items()]
    return " && ".join(parts) if parts else None


def opacity(conditions: dict[str, object], base: float = 1.0):
    """Strong for the picked marks, faded for the rest; all strong without a pick."""
    test = picked_test(conditions)
    if test is None:
        return alt.value(base)
    return alt.condition(test, alt.value(base), alt.value(FADED))


def selection(*fields: str):
    return alt.selection_point(name=PICK, fields=list(fields), on="click", clear=False)


def with_periods(frame: pl.DataFrame, grain: str, column: str = "period") -> pl.DataFrame:
    """The period as an ISO text key (what a click hands back) and the next period's start
    (the bar's right edge)."""
    return frame.with_columns(
        pl.col(column).cast(pl.Date).dt.to_string("%Y-%m-%d").alias("period_key"),
        pl.col(column).cast(pl.Date).dt.offset_by(GRAIN_OFFSETS[grain]).alias("period_next"),
    )


def time_x(field: str = "period"):
    # UTC: the frames' dates are days, and Vega reads "2025-03-01" as UTC midnight; a local
    # time scale would put a period on the day before west of Greenwich.
    return alt.X(
        f"{field}:T",
        title=None,
        scale=alt.Scale(type="utc"),
        # «jan 2025»: the default multi-format names the year only on January ticks.
        axis=alt.Axis(format="%b %Y", labelOverlap=True, grid=False),
    )


def money_axis(unit: str) -> alt.Axis:
    return alt.Axis(title=f"Ordreverdi ({unit})", format=",.1~f")
