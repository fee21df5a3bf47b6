"""The charts of «Analyse» (/analyse/): one builder per chart, from the frame the library's
`views.analytics` function returns to an altair chart. Presentation only: no SQL, no rules.

Every chart is drawn as SVG with a Norwegian number and date locale (Vega-Embed's
`formatLocale`/`timeFormatLocale`) and without Vega-Embed's English actions menu. A chart the
user can click carries one point selection named `pick` over the fields `analytics_page`
reads back (`period_key`, `status`, `record_id`); what is already picked is drawn strong and
the rest faded, from the page's selection (not from Vega's own state, which is lost when the
chart is drawn again).
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


# --- the charts --------------------------------------------------------------------------


def status_over_time(frame: pl.DataFrame, open_value: pl.DataFrame, grain: str,
                     picked: dict[str, object]):  # fmt: skip
    """Order value per period of the order date, stacked by current status, with the open
    value at each period's end as a line. A click picks a period and status."""
    if frame.is_empty():
        return empty()
    totals = frame.group_by("period").agg(pl.col("total_value").sum())["total_value"]
    largest = max(
        totals.max() or 0, open_value["open_value"].max() or 0 if open_value.height else 0
    )
    divisor, unit = money_unit(largest)
    # Stacked here, not by Vega-Lite: a bar spanning its period (x to x2) is a ranged bar,
    # which Vega-Lite does not stack.
    bars_data = (
        with_periods(frame, grain)
        .sort("period", "status_position")
        .with_columns((pl.col("total_value") / divisor).alias("value"))
        .with_columns(pl.col("value").cum_sum().over("period").alias("top"))
        .with_columns(
            (pl.col("top") - pl.col("value")).alias("base"),
            pl.format("{} {}", "status_label", "period_label").alias("mark_label"),
        )
    )
    scale = status_scale(frame)
    bars = (
        alt.Chart(bars_data)
        .mark_bar(xOffset=1, x2Offset=-1, cursor="pointer")
        .encode(
            x=time_x(),
            x2="period_next:T",
            y=alt.Y("top:Q", axis=money_axis(unit)),
            y2="base:Q",
            color=alt.Color("status_label:N", scale=scale, sort=scale.domain),
            opacity=opacity(picked),
            description=alt.Description("mark_label:N"),
            tooltip=[
                alt.Tooltip("period_label:N", title=PERIOD_TITLES[grain]),
                alt.Tooltip("status_label:N", title="Status"),
                alt.Tooltip("order_count:Q", title="Ordrer", format=",d"),
                alt.Tooltip("total_value:Q", title="Verdi (kr)", format=",.0f"),
            ],
        )
        .add_params(selection("period_key", "status"))
    )
    layers = [bars]
    if open_value.height:
        line_data = with_periods(open_value, grain).with_columns(
            (pl.col("open_value") / divisor).alias("value"),
            pl.lit("Åpen verdi ved periodeslutt").alias("series"),
        )
        line = (
            alt.Chart(line_data)
            .mark_line(
                aria=False, point=alt.OverlayMarkDef(size=22, filled=True), color=INK, strokeWidth=2
            )
            .encode(
                x=time_x("period_next"),
                y=alt.Y("value:Q"),
                strokeDash=alt.StrokeDash("series:N", legend=alt.Legend(title=None)),
                tooltip=[
                    alt.Tooltip("period_label:N", title=PERIOD_TITLES[grain]),
                    alt.Tooltip("open_count:Q", title="Åpne ordrer", format=",d"),
                    alt.Tooltip("open_value:Q", title="Åpen verdi (kr)", format=",.0f"),
                ],
            )
        )
        layers.append(line)
    return finish(alt.layer(*layers), height=280)


def funnel(frame: pl.DataFrame, picked: dict[str, object]):
    """Orders that reached each status (flow order), with the conversion from the step
    before. A click picks the status."""
    if frame.is_empty() or frame["reached"].sum() == 0:
        return empty()
    data = frame.with_columns(
        pl.when(pl.col("conversion").is_not_null())
        .then(
            pl.format(
                "{} % fra {}",
                (pl.col("conversion") * 100).round(0).cast(pl.Int64),
                pl.col("previous_status_label"),
            )
        )
        # The first step has nothing before it; a step whose previous step no order reached
        # has no rate (not 0 %).
        .when(pl.col("previous_status").is_null())
        .then(pl.lit("første steg"))
        .otherwise(pl.lit(""))
        .alias("step_text"),
    )
    scale = status_scale(frame)
    y = alt.Y("status_label:N", sort=scale.domain, title=None, axis=alt.Axis(labelLimit=160))
    bars = (
        alt.Chart(data)
        .mark_bar(cornerRadiusEnd=3, cursor="pointer")
        .encode(
            y=y,
            x=alt.X(
                "reached:Q",
                title="Ordrer som har nådd statusen",
                axis=alt.Axis(format=",d"),
                # room for the conversion text right of the longest bar
                scale=alt.Scale(domain=[0, int(frame["reached"].max() * 1.4) + 1], nice=False),
            ),
            color=alt.Color("status_label:N", scale=scale, legend=None),
            opacity=opacity(picked),
            description=alt.Description("status_label:N"),
            tooltip=[
                alt.Tooltip("status_label:N", title="Status"),
                alt.Tooltip("reached:Q", title="Ordrer", format=",d"),
                alt.Tooltip("reached_value:Q", title="Verdi (kr)", format=",.0f"),
                alt.Tooltip("step_text:N", title="Konvertering"),
                alt.Tooltip("share_of_first:Q", title="Andel av første steg", format=".0%"),
            ],
        )
        .add_params(selection("status"))
    )
    labels = (
        alt.Chart(data)
        .mark_text(aria=False, align="left", dx=6, fontSize=11, color="#44546f")
        .encode(y=y, x="reached:Q", text="step_text:N")
    )
    return finish(alt.layer(bars, labels), height=max(160, 34 * frame.height))


def time_in_status(frame: pl.DataFrame, picked: dict[str, object]):
    """Median (strong) and 90th percentile (light) days per status. A click picks the
    status."""
    data = frame.filter(pl.col("stints") > 0)
    if data.is_empty():
        return empty()
    scale = status_scale(frame)
    y = alt.Y("status_label:N", sort=scale.domain, title=None, axis=alt.Axis(labelLimit=160))
    tooltip = [
        alt.Tooltip("status_label:N", title="Status"),
        alt.Tooltip("median_days:Q", title="Median (dager)", format=",.1f"),
        alt.Tooltip("p90_days:Q", title="90-persentil (dager)", format=",.1f"),
        alt.Tooltip("stints:Q", title="Opphold", format=",d"),
        alt.Tooltip("ongoing:Q", title="Pågår nå", format=",d"),
    ]
    p90 = (
        alt.Chart(data)
        .mark_bar(cornerRadiusEnd=3, cursor="pointer", height={"band": 0.7})
        .encode(
            y=y,
            x=alt.X("p90_days:Q", title="Dager i statusen (median og 90-persentil)"),
            color=alt.Color("status_label:N", scale=scale, legend=None),
            opacity=opacity(picked, 0.35),
            description=alt.Description("status_label:N"),
            tooltip=tooltip,
        )
        .add_params(selection("status"))
    )
    median = (
        alt.Chart(data)
        .mark_bar(aria=False, cornerRadiusEnd=3, height={"band": 0.4})
        .encode(
            y=y,
            x="median_days:Q",
            color=alt.Color("status_label:N", scale=scale, legend=None),
            opacity=opacity(picked),
            tooltip=tooltip,
        )
    )
    return finish(alt.layer(p90, median), height=max(150, 38 * data.height))


def time_in_status_trend(frame: pl.DataFrame, grain: str, picked: dict[str, object]):
    """Median days per status over time (of the day the stay ended). A click on a point
    picks the status."""
    if frame.is_empty():
        return empty()
    scale = status_scale(frame)
    data = frame.with_columns(pl.col("period").cast(pl.Date))
    chart = (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=36, filled=True, cursor="pointer"), strokeWidth=2)
        .encode(
            x=time_x(),
            y=alt.Y("median_days:Q", title="Median dager i statusen"),
            color=alt.Color("status_label:N", scale=scale, sort=scale.domain),
            opacity=opacity(picked),
            description=alt.Description("status_label:N"),
            tooltip=[
                alt.Tooltip("period_label:N", title=PERIOD_TITLES[grain]),
                alt.Tooltip("status_label:N", title="Status"),
                alt.Tooltip("median_days:Q", title="Median (dager)", format=",.1f"),
                alt.Tooltip("p90_days:Q", title="90-persentil (dager)", format=",.1f"),
                alt.Tooltip("stints:Q", title="Avsluttede opphold", format=",d"),
            ],
        )
        .add_params(selection("status"))
    )
    return finish(chart)


def quote_conversion(frame: pl.DataFrame, grain: str):
    """Quotes per period (light) and how many became orders (strong), with the conversion
    rate as a line on its own axis."""
    if frame.is_empty():
        return empty("Ingen tilbud i utvalget.")
    data = with_periods(frame, grain)
    x = time_x()
    tooltip = [
        alt.Tooltip("period_label:N", title=PERIOD_TITLES[grain]),
        alt.Tooltip("quotes:Q", title="Tilbud", format=",d"),
        alt.Tooltip("converted:Q", title="Ble ordre", format=",d"),
        alt.Tooltip("conversion_rate:Q", title="Konvertering", format=".0%"),
        alt.Tooltip("median_lead_days:Q", title="Ledetid, median (dager)", format=",.1f"),
        alt.Tooltip("p90_lead_days:Q", title="Ledetid, 90-persentil (dager)", format=",.1f"),
    ]
    quotes = (
        alt.Chart(data)
        .mark_bar(aria=False, xOffset=1, x2Offset=-1, color="#c9d8ef")
        .encode(
            x=x,
            x2="period_next:T",
            y=alt.Y("quotes:Q", title="Tilbud", axis=alt.Axis(format=",d", tickMinStep=1)),
            y2=alt.datum(0),
            tooltip=tooltip,
        )
    )
    converted = (
        alt.Chart(data)
        .mark_bar(aria=False, xOffset=1, x2Offset=-1, color="#3f78c9")
        .encode(x=x, x2="period_next:T", y="converted:Q", y2=alt.datum(0), tooltip=tooltip)
    )
    rate = (
        alt.Chart(data)
        .mark_line(aria=False, color="#e76f51", strokeWidth=2, point=alt.OverlayMarkDef(size=18))
        .encode(
            x=time_x(),
            y=alt.Y(
                "conversion_rate:Q",
                title="Konvertering",
                axis=alt.Axis(format=".0%", grid=False),
                scale=alt.Scale(domain=[0, 1]),
            ),
            tooltip=tooltip,
        )
    )
    chart = alt.layer(alt.layer(quotes, converted), rate).resolve_scale(y="independent")
    return finish(chart)


VALUE_TITLES = {"customer": "Kunde", "employee": "Vår kontakt", "project": "Prosjekt"}


def value_by(frame: pl.DataFrame, dimension: str, picked: dict[str, object]):
    """The top N by value and «Andre» for the rest. A click on a named bar picks it."""
    if frame.is_empty():
        return empty()
    divisor, unit = money_unit(frame["total_value"].max())
    data = frame.with_columns(
        (pl.col("total_value") / divisor).alias("value"),
        pl.col("id").alias("record_id"),
        # Two records can share a name: the axis needs unique labels.
        pl.when(pl.col("name").is_duplicated() & pl.col("id").is_not_null())
        .then(pl.format("{} (#{})", "name", "id"))
        .otherwise(pl.col("name"))
        .alias("label"),
    )
    chart = (
        alt.Chart(data)
        .mark_bar(cornerRadiusEnd=3, cursor="pointer")
        .encode(
            y=alt.Y("label:N", sort=alt.SortField("rank"), title=None,
                    axis=alt.Axis(labelLimit=190)),
            x=alt.X("value:Q", title=f"Ordreverdi ({unit})",
                    axis=alt.Axis(format=",.1~f", tickCount=5)),
            color=alt.condition("datum.is_other", alt.value("#b7c0cd"), alt.value("#3f78c9")),
            opacity=opacity(picked),
            description=alt.Description("label:N"),
            tooltip=[
                alt.Tooltip("label:N", title=VALUE_TITLES[dimension]),
                alt.Tooltip("order_count:Q", title="Ordrer", format=",d"),
                alt.Tooltip("total_value:Q", title="Verdi (kr)", format=",.0f"),
                alt.Tooltip("share:Q", title="Andel", format=".1%"),
            ],
        )
        .add_params(selection("record_id"))
    )  # fmt: skip
    return finish(chart, height=max(140, 24 * frame.height))


def cohorts(frame: pl.DataFrame, picked: dict[str, object]):
    """Months of the order date × current status, coloured by the share of the month's
    orders. A click picks the month and status."""
    if frame.is_empty():
        return empty()
    scale = status_scale(frame)
    data = with_periods(frame.rename({"cohort_month": "period"}), "month").with_columns(
        pl.format("{} {}", "status_label", "cohort_label").alias("mark_label")
    )
    chart = (
        alt.Chart(data)
        .mark_rect(cursor="pointer", stroke="#ffffff", strokeWidth=1)
        .encode(
            x=alt.X("period:O", timeUnit="utcyearmonth", title=None,
                    axis=alt.Axis(format="%b %y", labelAngle=-45,
                                  labelOverlap=True)),
            y=alt.Y("status_label:N", sort=scale.domain, title=None),
            color=alt.Color("share_of_cohort:Q", title="Andel av måneden",
                            scale=alt.Scale(scheme="blues"),
                            legend=alt.Legend(format=".0%", orient="right", title=None)),
            opacity=opacity(picked),
            description=alt.Description("mark_label:N"),
            tooltip=[
                alt.Tooltip("cohort_label:N", title="Måned"),
                alt.Tooltip("status_label:N", title="Status nå"),
                alt.Tooltip("order_count:Q", title="Ordrer", format=",d"),
                alt.Tooltip("share_of_cohort:Q", title="Andel av måneden", format=".0%"),
                alt.Tooltip("total_value:Q", title="Verdi (kr)", format=",.0f"),
            ],
        )
        .add_params(selection("period_key", "status"))
    )  # fmt: skip
    return finish(chart, height=max(150, 30 * frame["status"].n_unique()))


def dso(frame: pl.DataFrame, grain: str):
    """Days from Fakturert to Betalt per period of the payment: median line, band up to the
    90th percentile."""
    if frame.is_empty():
        return empty("Ingen betalte ordrer i utvalget.")
    data = frame.with_columns(pl.col("period").cast(pl.Date))
    x = time_x()
    tooltip = [
        alt.Tooltip("period_label:N", title=PERIOD_TITLES[grain]),
        alt.Tooltip("paid_count:Q", title="Betalte ordrer", format=",d"),
        alt.Tooltip("median_days:Q", title="Median (dager)", format=",.1f"),
        alt.Tooltip("p90_days:Q", title="90-persentil (dager)", format=",.1f"),
        alt.Tooltip("mean_days:Q", title="Snitt (dager)", format=",.1f"),
    ]
    band = (
        alt.Chart(data)
        .mark_area(aria=False, color="#d9c8f2", opacity=0.6)
        .encode(x=x, y=alt.Y("median_days:Q", title="Dager fra Fakturert til Betalt"),
                y2="p90_days:Q", tooltip=tooltip)
    )  # fmt: skip
    line = (
        alt.Chart(data)
        .mark_line(aria=False, color="#8a5cd1", strokeWidth=2, point=alt.OverlayMarkDef(size=22))
        .encode(x=x, y="median_days:Q", tooltip=tooltip)
    )
    return finish(alt.layer(band, line))
