import marimo

__generated_with = "0.25.2"
app = marimo.App(width="full", app_title="Ny ordre – Axos", css_file="axos.css")


@app.cell
def _():
    import marimo as mo

    from axos_data.app import context, list_controls, new_order, ui

    return context, list_controls, mo, new_order, ui


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
    get_result, set_result = mo.state(None)
    return actor, con, get_result, set_result


@app.cell
def _(get_result, ui):
    ui.flash(get_result())
    return


@app.cell
def _(list_controls):
    customer_search = list_controls.customer_search({})
    return (customer_search,)


@app.cell
def _(con, customer_search, list_controls):
    customer = list_controls.customer_picker(con, customer_search.value, {})
    return (customer,)


@app.cell
def _(actor, con, customer, new_order, set_result):
    order_form = new_order.order_form(con, actor, customer.value, on_created=set_result)
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
def _(actor, con, mo, new_order, quote, set_result, ui):
    convert_button = mo.ui.button(
        label="Konverter til ordre",
        kind="success",
        on_click=lambda _: set_result(new_order.convert_and_open(con, actor.id, quote.value)),
        disabled=quote.value is None or not new_order.quote_is_open(con, quote.value),
    )
    quote_view = (
        ui.note("Velg et akseptert eller sendt tilbud.", kind="info")
        if quote.value is None
        else new_order.quote_preview(con, quote.value)
    )
    return convert_button, quote_view


@app.cell
def _(
    convert_button,
    customer,
    customer_search,
    mo,
    order_form,
    quote,
    quote_search,
    quote_view,
    ui,
    wanted_quote,
):
    _by_hand = ui.card(
        "Opprett ordre",
        mo.vstack(
            [
                mo.Html(
                    '<div class="axos-form-grid"><div class="axos-field axos-w-all">'
                    '<span class="axos-field-label">Kunde *</span><div class="axos-field-pair">'
                    f"{customer_search.text}{customer.text}</div></div></div>"
                ),
                order_form,
            ]
        ),
    )
    _from_quote = ui.card(
        "Konverter tilbud",
        mo.vstack(
            [
                mo.Html(
                    '<div class="axos-form-grid"><div class="axos-field axos-w-all">'
                    '<span class="axos-field-label">Tilbud</span><div class="axos-field-pair">'
                    f"{quote_search.text}{quote.text}</div></div></div>"
                ),
                quote_view,
                mo.hstack([convert_button], justify="end"),
            ]
        ),
    )
    # Both on one page (no tabs): a tab bar rebuilt by a re-run would jump back to its first tab.
    _cards = [_from_quote, _by_hand] if wanted_quote else [_by_hand, _from_quote]
    mo.vstack(
        [
            ui.page_title("Ny ordre", kicker="Opprett en ordre for hånd, eller fra et tilbud"),
            *_cards,
        ],
        gap=1,
    )
    return


if __name__ == "__main__":
    app.run()
