import marimo

__generated_with = "0.25.2"
app = marimo.App(width="full", app_title="Økonomi – Axos", css_file="axos.css")


@app.cell
def _():
    import marimo as mo

    from axos_data.app import context, dunning_forms, finance_page, ui

    return context, dunning_forms, finance_page, mo, ui


@app.cell
def _(ui):
    ui.header("okonomi")
    return


@app.cell
def _(context, finance_page, ui):
    # Every logged-in employee: the library lets anyone export, as the CLI does.
    who = context.actor()
    desk = finance_page.FinanceDesk(context.cursor(), who.id)
    ui.page_title("Økonomi", kicker="Fakturering og betaling")
    return (desk,)


@app.cell
def _(desk, mo):
    # get_data: read by the cells that show figures, bumped after every export. get_form:
    # bumped after a successful export only, so a refused one keeps its input.
    get_data, set_data = mo.state(0)
    get_form, set_form = mo.state(0)
    get_dunning_form, set_dunning_form = mo.state(0)
    desk.connect(set_data, set_form, dunning=set_dunning_form)
    return get_data, get_dunning_form, get_form


@app.cell
def _(desk, finance_page, get_data, mo, ui):
    get_data()
    ready = desk.ready()
    ui.card(
        "Klar til fakturering",
        mo.vstack(
            [
                finance_page.ready_section(ready),
                mo.md("**Per kunde**"),
                finance_page.sums_table(ready, "customer"),
                mo.md("**Per ansatt (vår kontakt)**"),
                finance_page.sums_table(ready, "employee"),
            ]
        ),
    )
    return


@app.cell
def _(desk, finance_page, get_form):
    get_form()
    export_form = finance_page.export_form(desk)
    return (export_form,)


@app.cell
def _(desk, export_form, finance_page, get_data, mo, ui):
    get_data()
    ui.card(
        "Lag fakturagrunnlag",
        mo.vstack(
            [
                mo.md(
                    "Lager filene til regnskapssystemet (lines.csv, lines.parquet, lines.xlsx,"
                    " orders.csv, EHF og manifest.json) som én bunt, og gir den som zip-fil."
                ),
                export_form,
                finance_page.export_outcome(desk),
            ]
        ),
    )
    return


@app.cell
def _(desk, finance_page, get_data, ui):
    get_data()
    ui.card("Bunter", finance_page.batches_table(desk.con))
    return


@app.cell
def _(desk, finance_page, get_data, mo, ui):
    get_data()
    ui.card(
        "Reskontro",
        mo.vstack(
            [
                mo.md("**Fakturert, purret og betalt**"),
                finance_page.summary_table(desk.con),
                mo.md("**Aldersfordeling (0–14, 15–30, 31–60, over 60 dager)**"),
                finance_page.ageing_table(desk.con),
                mo.md("**Delbetalinger og overbetalinger**"),
                finance_page.differences_table(desk.con),
                mo.md("**Innbetalinger uten treff**"),
                finance_page.unmatched_section(desk.con),
            ]
        ),
    )
    return


@app.cell
def _(desk, dunning_forms, get_dunning_form):
    get_dunning_form()
    remind_form = dunning_forms.remind_form(desk)
    return (remind_form,)


@app.cell
def _(desk, dunning_forms, get_data, mo, remind_form, ui):
    get_data()
    ui.card(
        "Purring",
        mo.vstack(
            [
                mo.md(
                    "Fakturerte ordrer som har passert forfall. «Send purring» lager en"
                    " purring (PDF) per ordre med ny forfallsdato, setter ordrene til"
                    " «Purret» og gir PDF-ene som zip-fil."
                ),
                dunning_forms.overdue_section(desk.con),
                remind_form,
                dunning_forms.remind_outcome(desk),
            ]
        ),
    )
    return


if __name__ == "__main__":
    app.run()
