import marimo

__generated_with = "0.25.2"
app = marimo.App(width="full", app_title="Ordre – Axos", css_file="axos.css")


@app.cell
def _():
    import marimo as mo

    from axos_data.app import context, list_controls, lists, ui, url_state

    return context, list_controls, lists, mo, ui, url_state


@app.cell
def _(ui):
    ui.header("ordrer")
    return


@app.cell
def _(context):
    con = context.cursor()
    return (con,)


@app.cell
def _(url_state):
    start = url_state.read_query()
    return (start,)


@app.cell
def _(list_controls, start):
    customer_search = list_controls.customer_search(start)
    return (customer_search,)


@app.cell
def _(con, customer_search, list_controls, start):
    customer = list_controls.customer_picker(con, customer_search.value, start)
    return (customer,)


@app.cell
def _(con, customer, list_controls, start):
    contact = list_controls.contact_picker(con, customer.value, start)
    project = list_controls.project_picker(con, customer.value, start)
    return contact, project


@app.cell
def _(con, list_controls, start):
    controls = list_controls.list_controls(con, start)
    return (controls,)


@app.cell
def _(contact, controls, customer, customer_search, list_controls, project):
    list_controls.controls_layout(controls, (customer_search, customer), contact, project)
    return


@app.cell
def _(contact, controls, customer, lists, project):
    query = lists.ListQuery.from_controls(
        controls.value,
        customer_id=customer.value,
        contact_id=contact.value,
        project_id=project.value,
    )
    return (query,)


@app.cell
def _(lists, mo, start):
    get_position, set_position = mo.state(lists.start_position(start))
    return get_position, set_position


@app.cell
def _(con, get_position, lists, query, set_position, url_state):
    result = lists.run(con, query, get_position(), set_position)
    url_state.write_query(query.url_values(result.page.offset if result.page else 0))
    return (result,)


@app.cell
def _(con, lists, result, set_position):
    # Held by this cell (marimo tracks widgets weakly), laid out by lists.list_layout.
    downloads = lists.download_buttons(con, result)
    pager = lists.pager(result, set_position)
    lists.list_layout(con, result, downloads, pager)
    return downloads, pager


if __name__ == "__main__":
    app.run()
