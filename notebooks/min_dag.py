import marimo

__generated_with = "0.25.2"
app = marimo.App(width="full", app_title="Min dag – Axos", css_file="axos.css")


@app.cell
def _():
    import marimo as mo

    from axos_data.app import context, my_day, ui

    return context, mo, my_day, ui


@app.cell
def _(ui):
    ui.header("min-dag")
    return


@app.cell
def _(context):
    con = context.cursor()
    actor = context.actor()
    return actor, con


@app.cell
def _(mo):
    # The page reads again every 30 s (and on click), so it follows what others do.
    refresh = mo.ui.refresh(options=["30s"], default_interval="30s", label="Oppdater")
    return (refresh,)


@app.cell
def _(actor, con, mo, my_day, refresh):
    _ = refresh.value  # read again on every tick
    mo.vstack([my_day.page(con, actor), refresh])
    return


if __name__ == "__main__":
    app.run()
