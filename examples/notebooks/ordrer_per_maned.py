"""Ordrer per måned: an analyst's own notebook, written against a snapshot and published to
colleagues by dropping the file in the folder `axos app --notebooks DIR` serves.

Develop it on your own machine against a snapshot (no running app needed):

    axos snapshot --out ~/axos-snapshot
    AXOS_SNAPSHOT=~/axos-snapshot marimo edit examples/notebooks/ordrer_per_maned.py

Publish it: copy the file into the app's notebook folder; it is served at
/analyse/ordrer_per_maned/ behind the app's login, where `analyst.source()` reads the live
database instead. Nothing in the file changes between the two.
"""

import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium", app_title="Ordrer per måned – Axos")


@app.cell
def _():
    import altair as alt
    import marimo as mo
    import polars as pl

    from axos_data import analyst
    from axos_data.money import format_nok

    return alt, analyst, format_nok, mo, pl


@app.cell
def _(analyst, mo):
    data = analyst.source()
    mo.md(f"# Ordrer per måned\n\n<small>Kilde: {data.label}</small>")
    return (data,)


@app.cell
def _(data):
    # Read what the notebook needs (only the columns it uses: the order table is large), then
    # write SQL on it in a DuckDB of its own.
    con = data.duckdb(
        "statuses", orders=data.table("orders", columns=["order_date", "status", "total"])
    )
    return (con,)


@app.cell
def _(mo):
    kategori = mo.ui.dropdown(
        {
            "Alle": "",
            "Åpne (under arbeid)": "open",
            "Til fakturering": "invoicing",
            "Fakturert": "invoiced",
            "Avsluttet": "closed",
        },
        value="Alle",
        label="Statuskategori",
    )
    return (kategori,)


@app.cell
def _(con, kategori):
    # Amounts are summed in DuckDB (exact DECIMAL); the chart gets them as numbers to draw.
    per_status = con.sql(
        """
        SELECT strftime(date_trunc('month', o.order_date), '%Y-%m') AS maned,
               s.label AS status, s.position AS rekkefolge,
               count(*) AS antall, sum(o.total) AS total
        FROM orders o JOIN statuses s ON s.key = o.status
        WHERE $kategori = '' OR s.category = $kategori
        GROUP BY ALL ORDER BY maned, rekkefolge
        """,
        params={"kategori": kategori.value},
    ).pl()
    per_maned = con.sql(
        """
        SELECT strftime(date_trunc('month', o.order_date), '%Y-%m') AS maned,
               count(*) AS antall, sum(o.total) AS total
        FROM orders o JOIN statuses s ON s.key = o.status
        WHERE $kategori = '' OR s.category = $kategori
        GROUP BY maned ORDER BY maned DESC
        """,
        params={"kategori": kategori.value},
    ).pl()
    return per_maned, per_status


@app.cell
def _(alt, kategori, mo, per_status, pl):
    chart = (
        alt.Chart(per_status.with_columns(pl.col("total").cast(pl.Float64).alias("kroner")))
        .mark_bar()
        .encode(
            x=alt.X("maned:O", title="Måned"),
            y=alt.Y(
                "sum(kroner):Q",
                title="Ordreverdi (kr, inkl. mva)",
                # Norwegian digit groups (1 600 000) rather than vega's English commas.
                axis=alt.Axis(labelExpr="replace(format(datum.value, ',.0f'), /,/g, ' ')"),
            ),
            color=alt.Color("status:N", title="Status", sort=alt.SortField("rekkefolge")),
            order=alt.Order("rekkefolge:Q"),
            tooltip=["maned", "status", "antall", alt.Tooltip("kroner:Q", format=",.2f")],
        )
        .properties(height=320, width="container")
    )
    mo.vstack([kategori, mo.ui.altair_chart(chart)])
    return


@app.cell
def _(format_nok, mo, per_maned):
    rows = [
        {
            "Måned": r["maned"],
            "Antall ordrer": r["antall"],
            "Ordreverdi (kr)": format_nok(r["total"]),
        }
        for r in per_maned.iter_rows(named=True)
    ]
    count = f"{sum(r['Antall ordrer'] for r in rows):,}".replace(",", "\u00a0")
    total = sum(r["total"] for r in per_maned.iter_rows(named=True))
    mo.vstack(
        [
            mo.md(f"**{count} ordrer, til sammen kr {format_nok(total)}**"),
            mo.ui.table(rows, selection=None, page_size=12, label="Per måned, nyeste først"),
        ]
    )
    return


if __name__ == "__main__":
    app.run()
