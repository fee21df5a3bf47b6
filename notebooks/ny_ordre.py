import marimo

__generated_with = "0.25.2"
app = marimo.App(width="full", app_title="Ny ordre – Axos", css_file="axos.css")


@app.cell
def _():
    import marimo as mo

    from axos_data.app import context, forms, list_controls, new_order, ui

    return context, forms, list_controls, mo, new_order, ui


@app.cell
def _(ui):
    ui.header("ny-ordre")
    return


@app.cell
def _(new_order):
    wanted_quote = new_order.quote_from_url()
    return (wanted_quote,)


@app.cell
def _(context, mo):
    con = context.cursor()
    actor = context.actor()
    # What the last «Opprett ordre» / «Konverter til ordre» did, shown beside that form; read
    # only by the cells that lay the cards out, never by the cells that hold the input.
    get_created, set_created = mo.state(None)
    get_converted, set_converted = mo.state(None)
    return actor, con, get_converted, get_created, set_converted, set_created


@app.cell
def _(list_controls):
    customer_search = list_controls.customer_search({})
    return (customer_search,)


@app.cell
def _(con, customer_search, list_controls):
    customer = list_controls.customer_picker(con, customer_search.value, {})
    return (customer,)


@app.cell
def _(actor, con, customer, new_order, set_created):
    order_form = new_order.order_form(con, actor, customer.value, on_created=set_created)
    return (order_form,)


@app.cell
def _(new_order):
    quote_search = new_order.quote_search()
    return (quote_search,)


@app.cell
def _(con, new_order, quote_search, wanted_quote):
    quote = new_order.quote_picker(con, quote_search.value, wanted_quote)
    return (quote,)


@app.cell
def _(actor, con, new_order, quote, set_converted, ui):
    convert_button = new_order.convert_button(con, actor.id, quote.value, set_converted)
    quote_view = (
        ui.note("Velg et akseptert eller sendt tilbud.", kind="info")
        if quote.value is None
        else new_order.quote_preview(con, quote.value)
    )
    return convert_button, quote_view


@app.cell
def _(customer, customer_search, forms, get_created, mo, new_order, order_form, ui):
    by_hand = ui.card(
        "Opprett ordre",
        mo.vstack(
            [
                forms.labelled("Kunde *", customer_search, customer),
                order_form,
                new_order.outcome(get_created()),
            ]
        ),
    )
    return (by_hand,)


@app.cell
def _(convert_button, forms, get_converted, mo, new_order, quote, quote_search, quote_view, ui):
    from_quote = ui.card(
        "Konverter tilbud",
        mo.vstack(
            [
                forms.labelled("Tilbud", quote_search, quote),
                quote_view,
                mo.hstack([convert_button], justify="end"),
                new_order.outcome(get_converted()),
            ]
        ),
    )
    return (from_quote,)


@app.cell
def _(by_hand, from_quote, mo, ui, wanted_quote):
    # Both on one page (no tabs): a tab bar rebuilt by a re-run would jump back to its first tab.
    mo.vstack(
        [
            ui.page_title("Ny ordre", kicker="Opprett en ordre for hånd, eller fra et tilbud"),
            *([from_quote, by_hand] if wanted_quote else [by_hand, from_quote]),
        ],
        gap=1,
    )
    return


if __name__ == "__main__":
    app.run()
