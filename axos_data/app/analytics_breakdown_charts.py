"""The charts of «Analyse» that break the orders down by status or by record (funnel,
time in status, value per customer/employee/project, cohorts): from the frame
`views.analytics` returns to an altair chart. Presentation only: no SQL, no rules; the
shared look is analytics_vega's.
"""

from __future__ import annotations

import altair as alt
import polars as pl

from axos_data.app.analytics_vega import (
    empty,
    finish,
    money_unit,
    opacity,
    selection,
    status_scale,
    with_periods,
)


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
