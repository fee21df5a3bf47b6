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
    # What the user typed into a refused form, by form: this cell never re-runs on a write.
    drafts = {}
    return actor, con, drafts, get_message, get_revision, set_message, set_revision


@app.cell
def _(order_page, set_message, set_revision):
    # Re-reads the order (after someone else changed it); refused input comes back from drafts.
    reload_button = order_page.reload_button(set_message, set_revision)
    return (reload_button,)


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
def _(actor, con, drafts, order_actions, set_message, set_revision, view):
    actions = order_actions.Actions(con, actor.id, view, set_message, set_revision, drafts)
    return (actions,)


@app.cell
def _(actions, mo, order_page, reload_button, view):
    mo.vstack(
        [
            order_page.title(view),
            mo.hstack([reload_button, actions.pdf_button()], justify="end", gap=0.5),
        ]
    )
    return


@app.cell
def _(actions):
    line_choice = actions.line_choice()
    return (line_choice,)


@app.cell
def _(actions, line_choice, order_page, view):
    order_page.main_layout(view, actions, line_choice)
    return


@app.cell
def _(actions, order_page, view):
    order_page.activity_layout(view, actions)
    return


if __name__ == "__main__":
    app.run()
