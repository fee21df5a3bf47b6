import marimo

__generated_with = "0.25.2"
app = marimo.App(width="full", app_title="Ordre – Axos", css_file="axos.css")


@app.cell
def _():
    import marimo as mo

    from axos_data.app import (
        context,
        file_tools,
        followup_tools,
        header_tools,
        line_tools,
        order_desk,
        order_page,
        relation_tools,
        status_tools,
        ui,
    )

    return (
        context,
        file_tools,
        followup_tools,
        header_tools,
        line_tools,
        mo,
        order_desk,
        order_page,
        relation_tools,
        status_tools,
        ui,
    )


@app.cell
def _(ui):
    ui.header("ordrer")
    return


@app.cell
def _(order_page):
    order_no = order_page.order_from_url()
    return (order_no,)


@app.cell
def _(context, mo, order_desk, order_no):
    # The page's session: the order as last read and the outcome of the last action.
    desk, _problem = order_desk.open_page(context.cursor(), context.actor().id, order_no)
    mo.stop(desk is None, _problem)
    return (desk,)


@app.cell
def _(desk, mo):
    # get_data: read by the cells that show the order, bumped after every action. Self loops:
    # marimo counts a button's write as made by the cell that created the button, and would
    # not re-run that cell; the file and relation lists hold their own delete buttons.
    # The others: what each group of forms is built from, set only when it changed, so a
    # write never rebuilds (and empties) a form whose choices are still valid.
    get_data, set_data = mo.state(0, allow_self_loops=True)
    get_header, set_header = mo.state(desk.basis("header"))
    get_lines, set_lines = mo.state(desk.basis("lines"))
    get_groups, set_groups = mo.state(desk.basis("groups"))
    get_status, set_status = mo.state(desk.basis("status"))
    # «Følg» is set from its own button's click: a self loop, like the data revision.
    get_follow, set_follow = mo.state(desk.basis("follow"), allow_self_loops=True)
    desk.connect(
        set_data,
        header=set_header,
        lines=set_lines,
        groups=set_groups,
        status=set_status,
        follow=set_follow,
    )
    return get_data, get_follow, get_groups, get_header, get_lines, get_status


@app.cell
def _(desk):
    reload_button = desk.reload_button()
    pdf_download = desk.pdf_download()
    return pdf_download, reload_button


@app.cell
def _(desk, followup_tools, get_follow):
    get_follow()
    follow_button = followup_tools.follow_button(desk)
    return (follow_button,)


@app.cell
def _(desk, follow_button, get_data, order_page, pdf_download, reload_button):
    get_data()
    order_page.title_bar(desk.view, follow_button, reload_button, pdf_download)
    return


@app.cell
def _(desk, get_data):
    get_data()
    desk.outcome("pdf", "follow")
    return


@app.cell
def _(desk, get_data, order_page):
    get_data()
    view = desk.view
    order_page.order_layout(view)
    return (view,)


@app.cell
def _(desk, get_groups, line_tools, order_page):
    get_groups()
    add_line_form = line_tools.add_line_form(desk)
    group_tools = line_tools.group_tools(desk)
    order_page.line_forms_layout(add_line_form, group_tools)
    return add_line_form, group_tools


@app.cell
def _(desk, get_data):
    get_data()
    desk.outcome("lines")
    return


@app.cell
def _(desk, get_lines, line_tools):
    get_lines()
    line_choice = line_tools.line_choice(desk)
    return (line_choice,)


@app.cell
def _(desk, get_groups, line_choice, line_tools, order_page):
    get_groups()
    line_editor = line_tools.line_editor(desk, line_choice.value if line_choice else None)
    order_page.line_editor_layout(line_choice, line_editor)
    return (line_editor,)


@app.cell
def _(desk, get_data):
    get_data()
    desk.outcome("line")
    return


@app.cell
def _(desk, get_header, header_tools, order_page):
    get_header()
    header_form = header_tools.header_form(desk)
    custom_form = header_tools.custom_fields_form(desk)
    order_page.header_tools_layout(header_form, custom_form)
    return custom_form, header_form


@app.cell
def _(desk, get_status, header_tools, order_page):
    get_status()  # offered while the lines are open, which the status decides
    customer_form = header_tools.customer_form(desk)
    order_page.customer_layout(customer_form)
    return (customer_form,)


@app.cell
def _(desk, get_data):
    get_data()
    desk.outcome("header")
    return


@app.cell
def _(desk, get_status, status_tools):
    get_status()
    status_form = status_tools.status_form(desk)
    status_tools.status_layout(desk, status_form)
    return (status_form,)


@app.cell
def _(desk, get_data):
    get_data()
    desk.outcome("status")
    return


@app.cell
def _(desk, status_tools, ui):
    comment_form = status_tools.comment_form(desk)
    ui.card("Ny kommentar", comment_form)
    return (comment_form,)


@app.cell
def _(desk, get_data):
    get_data()
    desk.outcome("comment")
    return


@app.cell
def _(desk, followup_tools, get_data):
    get_data()
    task_list = followup_tools.task_list(desk)
    task_list.layout()
    return (task_list,)


@app.cell
def _(desk, followup_tools, ui):
    task_form = followup_tools.task_form(desk)
    ui.card("Ny oppgave", task_form)
    return (task_form,)


@app.cell
def _(desk, get_data):
    get_data()
    desk.outcome("tasks")
    return


@app.cell
def _(desk, followup_tools, ui):
    reminder_form = followup_tools.reminder_form(desk)
    ui.card("Påminnelse", reminder_form)
    return (reminder_form,)


@app.cell
def _(desk, followup_tools, get_data, mo):
    get_data()
    mo.vstack([desk.outcome("reminders"), followup_tools.reminder_list(desk)], gap=0.5)
    return


@app.cell
def _(desk, file_tools, get_data):
    get_data()
    file_list = file_tools.file_list(desk)
    file_list.layout()
    return (file_list,)


@app.cell
def _(desk, file_tools, get_data, ui):
    get_data()  # a picker holds no typed input: rebuilt after every action, it starts empty
    file_picker = file_tools.file_picker(desk)
    ui.card("Last opp filer", file_picker)
    return (file_picker,)


@app.cell
def _(desk, get_data):
    get_data()
    desk.outcome("files")
    return


@app.cell
def _(desk, get_data, relation_tools):
    get_data()
    relation_list = relation_tools.relation_list(desk)
    relation_list.layout()
    return (relation_list,)


@app.cell
def _(desk, relation_tools, ui):
    relation_form = relation_tools.relation_form(desk)
    ui.card("Ny relasjon", relation_form)
    return (relation_form,)


@app.cell
def _(desk, get_data):
    get_data()
    desk.outcome("relations")
    return


@app.cell
def _(desk, get_data, order_page):
    get_data()
    order_page.timeline_layout(desk.view)
    return


if __name__ == "__main__":
    app.run()
