"""The charts of «Analyse» along a time axis (order value per status, time in status over
time, quotes to orders, days to paid): from the frame `views.analytics` returns to an altair
chart. Presentation only: no SQL, no rules; the shared look is analytics_vega's.
"""

from __future__ import annotations

import altair as alt
import polars as pl

from axos_data.app.analytics_vega import (
    INK,
    PERIOD_TITLES,
    empty,
    finish,
    money_axis,
    money_unit,
    opacity,
    selection,
    status_scale,
    time_x,
    with_periods,
)


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
