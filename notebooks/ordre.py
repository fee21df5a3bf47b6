import marimo

__generated_with = "0.25.2"
app = marimo.App(width="full", app_title="Ordre – Axos", css_file="axos.css")


@app.cell
def _():
    import marimo as mo

    from axos_data.app import context, order_actions, order_page, ui

    return context, mo, order_actions, order_page, ui


@app.cell
def _(ui):
    ui.header("ordrer")
    return


@app.cell
def _(order_page):
    order_no = order_page.order_from_url()
    return (order_no,)


@app.cell
def _(context, mo):
    con = context.cursor()
    actor = context.actor()
    get_revision, set_revision = mo.state(0)
    get_message, set_message = mo.state(None)
    return actor, con, get_message, get_revision, set_message, set_revision


@app.cell
def _(get_message, ui):
    ui.flash(get_message())
    return


@app.cell
def _(actor, con, get_revision, mo, order_no, order_page, ui):
    get_revision()
    mo.stop(
        not order_no,
        ui.note("Ingen ordre valgt. Åpne en ordre fra [ordrelisten](/ordrer/).", kind="info"),
    )
    try:
        view = order_page.load(con, actor.id, order_no)
        _problem = None
    except ui.AxosError as _err:
        view, _problem = None, mo.vstack([ui.error(_err), mo.md("[Til ordrelisten](/ordrer/)")])
    mo.stop(_problem is not None, _problem)
    return (view,)


@app.cell
def _(actor, con, order_actions, set_message, set_revision, view):
    actions = order_actions.Actions(con, actor.id, view, set_message, set_revision)
    return (actions,)


@app.cell
def _(actions, mo, order_page, view):
    mo.vstack([order_page.title(view), mo.hstack([actions.pdf_button()], justify="end")])
    return


@app.cell
def _(actions):
    line_choice = actions.line_choice()
    return (line_choice,)


@app.cell
def _(actions, line_choice, mo, order_page, ui, view):
    _tools = []
    if view.lines_open:
        _edit = [line_choice] if line_choice is not None else []
        if line_choice is not None and line_choice.value is not None:
            _edit.append(actions.line_editor(line_choice.value))
        _tools = [
            ui.card(
                "Rediger linjer",
                mo.accordion(
                    {
                        "Ny linje": actions.add_line_form(),
                        "Endre, flytt eller fjern linje": mo.vstack(_edit)
                        if _edit
                        else mo.md("Ingen linjer ennå."),
                        "Grupper": actions.group_tools(),
                    },
                    lazy=False,
                ),
            )
        ]
    _main = mo.vstack([order_page.lines_card(view), *_tools, order_page.totals_card(view)], gap=1)
    _side = [order_page.details_card(view)]
    if view.header_open:
        _side.append(
            ui.card("Rediger", mo.accordion({"Endre ordrehode": actions.header_form()}, lazy=False))
        )
    _custom = actions.custom_fields_form()
    if _custom is not None:
        _side.append(ui.card("Egne felt", _custom))
    _relations = order_page.relations_card(view)
    if _relations is not None:
        _side.append(_relations)
    mo.hstack([_main, mo.vstack(_side, gap=1)], widths=[2.2, 1], gap=1.25, align="start")
    return


@app.cell
def _(actions, mo, order_page, ui, view):
    _status = ui.card("Endre status", actions.status_form())
    _comment = ui.card("Ny kommentar", actions.comment_form())
    mo.hstack(
        [
            mo.vstack([_status, _comment, order_page.history_card(view)], gap=1),
            order_page.activity_card(view),
        ],
        widths=[1, 1.4],
        gap=1.25,
        align="start",
    )
    return


if __name__ == "__main__":
    app.run()
