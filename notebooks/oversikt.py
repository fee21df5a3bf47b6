import marimo

__generated_with = "0.25.2"
app = marimo.App(width="full", app_title="Oversikt – Axos", css_file="axos.css")


@app.cell
def _():
    import marimo as mo

    from axos_data.app import (
        context,
        list_controls,
        lists,
        overview_page,
        record_forms,
        ui,
        url_state,
    )

    return context, list_controls, lists, mo, overview_page, record_forms, ui, url_state


@app.cell
def _(overview_page):
    # Firma, Kontakt, Ansatt or Prosjekt: this notebook serves all four (see current_kind).
    KIND = overview_page.current_kind()
    return (KIND,)


@app.cell
def _(KIND, overview_page, ui):
    ui.header(overview_page.slug(KIND))
    return


@app.cell
def _(context):
    con = context.cursor()
    return (con,)


@app.cell
def _(con, context, mo, record_forms):
    # «Rediger»: get_data is read by the cells that show the record (title, card, list) and
    # bumped after every action; get_record rebuilds the card's form after a saved change.
    # Self-loops: the «Deaktiver» button's write counts as made by the cell that made it.
    desk = record_forms.RecordDesk(con, context.actor().id)
    get_data, set_data = mo.state(0, allow_self_loops=True)
    get_record, set_record = mo.state(0, allow_self_loops=True)
    desk.connect(record=(set_record, set_data))
    return desk, get_data, get_record


@app.cell
def _(url_state):
    start = url_state.read_query()
    return (start,)


@app.cell
def _(KIND, overview_page):
    record_search = overview_page.search_input(KIND)
    return (record_search,)


@app.cell
def _(KIND, con, overview_page, record_search, start, url_state):
    record = overview_page.picker(con, KIND, record_search.value, url_state.first(start, "id"))
    return (record,)


@app.cell
def _(KIND, con, mo, overview_page, record, record_search, start, url_state):
    _chooser = overview_page.chooser(KIND, record_search, record)
    # No record chosen (or the link's record does not exist): an empty state, no list tools.
    overview = None
    if record.value is None:
        _shown = mo.vstack(
            [_chooser, overview_page.empty_state(con, KIND, record_search.value, start)], gap=1
        )
    else:
        url_state.write_query({"id": str(record.value)})
        overview = overview_page.load(con, KIND, record.value)
        _shown = _chooser
    _shown  # noqa: B018 - the cell shows its last expression
    return (overview,)


@app.cell
def _(KIND, con, get_data, mo, overview, overview_page, record_forms):
    mo.stop(overview is None)
    get_data()
    # Read again after an edit: a new name or «Deaktivert» shows at once.
    overview_page.title(KIND, record_forms.load(con, KIND, overview.record["id"]))
    return


@app.cell
def _(KIND, con, mo, overview, overview_page, ui):
    mo.stop(overview is None)
    mo.vstack(
        [
            overview_page.key_figures(overview),
            mo.hstack(
                [
                    overview_page.by_status(KIND, overview),
                    ui.card("", overview_page.value_chart(con, overview)),
                ],
                widths=[1, 2],
                gap=1,
                align="start",
            ),
        ],
        gap=1,
    )
    return


@app.cell
def _(KIND, desk, get_record, mo, overview, record_forms):
    mo.stop(overview is None)
    get_record()
    record_tools = record_forms.record_tools(desk, KIND, overview.record["id"])
    return (record_tools,)


@app.cell
def _(KIND, desk, get_data, mo, overview, record_forms, record_tools):
    mo.stop(overview is None)
    get_data()
    record_forms.edit_card(desk, KIND, overview.record["id"], record_tools)
    return


@app.cell
def _(KIND, con, list_controls, mo, overview, start):
    mo.stop(overview is None)
    controls = list_controls.list_controls(con, start, our_contact=KIND != "employee")
    return (controls,)


@app.cell
def _(controls, list_controls, mo, overview):
    mo.stop(overview is None)
    list_controls.controls_layout(controls, title="Ordrer")
    return


@app.cell
def _(KIND, controls, lists, mo, overview, overview_page):
    mo.stop(overview is None)
    query = lists.ListQuery.from_controls(
        controls.value, fixed=overview_page.fixed_filter(KIND, overview.record["id"])
    )
    return (query,)


@app.cell
def _(lists, mo, start):
    get_position, set_position = mo.state(lists.start_position(start))
    return get_position, set_position


@app.cell
def _(con, get_data, get_position, lists, query, set_position, url_state):
    get_data()  # a renamed record shows its new name in the list at once
    result = lists.run(con, query, get_position(), set_position)
    url_state.write_query(query.url_values(result.page.offset if result.page else 0))
    return (result,)


@app.cell
def _(con, lists, overview, result, set_position):
    # Held by this cell (marimo tracks widgets weakly), laid out by lists.list_layout.
    downloads = lists.download_buttons(con, result, name="ordrer")
    pager = lists.pager(result, set_position)
    lists.list_layout(con, result, downloads, pager, keep={"id": str(overview.record["id"])})
    return downloads, pager


if __name__ == "__main__":
    app.run()
