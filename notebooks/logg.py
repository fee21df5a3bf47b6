import marimo

__generated_with = "0.25.2"
app = marimo.App(width="full", app_title="Endringslogg – Axos", css_file="axos.css")


@app.cell
def _():
    import marimo as mo

    from axos_data.app import audit_page, context, settings_desk, ui

    return audit_page, context, mo, settings_desk, ui


@app.cell
def _(ui):
    ui.header("innstillinger")
    return


@app.cell
def _(context, mo, settings_desk, ui):
    # Administrators only: the log shows who changed what for the whole company.
    who = context.actor()
    mo.stop(
        settings_desk.access_note(who, admin_only=True) is not None,
        settings_desk.access_note(who, admin_only=True),
    )
    con = context.cursor()
    ui.page_title(
        "Endringslogg",
        kicker="Innstillinger",
        side='<a href="/innstillinger/">Til innstillingene</a>',
    )
    return (con,)


@app.cell
def _(audit_page):
    since = audit_page.date_filter()
    return (since,)


@app.cell
def _(audit_page, con, mo, since, ui):
    rows, problem = audit_page.entries(con, since.value)
    ui.card(
        "Endringer i innstillinger, stamdata, tilbud og brukere",
        mo.vstack(
            [
                mo.Html(
                    '<div class="axos-form-grid"><div class="axos-field axos-w-one">'
                    f'<span class="axos-field-label">Fra og med dato</span>{since}</div></div>'
                ),
                problem or audit_page.audit_table(rows),
                mo.md(
                    f"<span class='axos-muted'>Nyeste først, høyst {audit_page.LIMIT} rader.</span>"
                ),
            ]
        ),
    )
    return (rows,)


if __name__ == "__main__":
    app.run()
