import marimo

__generated_with = "0.25.2"
app = marimo.App(width="full", app_title="Innstillinger – Axos", css_file="axos.css")


@app.cell
def _():
    import marimo as mo

    from axos_data.app import (
        context,
        field_forms,
        flow_forms,
        product_forms,
        settings_desk,
        settings_forms,
        ui,
        user_forms,
    )

    return (
        context,
        field_forms,
        flow_forms,
        mo,
        product_forms,
        settings_desk,
        settings_forms,
        ui,
        user_forms,
    )


@app.cell
def _(ui):
    ui.header("innstillinger")
    return


@app.cell
def _(context, mo, settings_desk, ui):
    # Admin or the grant «Ordreinnstillinger»; the library refuses everyone else anyway.
    who = context.actor()
    mo.stop(
        settings_desk.access_note(who) is not None,
        settings_desk.access_note(who),
    )
    desk = settings_desk.SettingsDesk(context.cursor(), who.id)
    _log = " · [Endringslogg](/logg/)" if who.is_admin else ""
    ui.page_title("Innstillinger", kicker="Ordre", side=mo.md(f"Administrasjon{_log}").text)
    return desk, who


@app.cell
def _(desk, mo):
    # Per section: get_X, read by the cell building its forms and bumped after a success
    # there; shown_X, read by the cell drawing its card and bumped after any action there.
    # Other sections are left alone, so their forms stay open and keep what was typed.
    get_profile, set_profile = mo.state(0)
    shown_profile, set_shown_profile = mo.state(0)
    get_defaults, set_defaults = mo.state(0)
    shown_defaults, set_shown_defaults = mo.state(0)
    get_flow, set_flow = mo.state(0)
    shown_flow, set_shown_flow = mo.state(0)
    get_fields, set_fields = mo.state(0)
    shown_fields, set_shown_fields = mo.state(0)
    get_products, set_products = mo.state(0)
    shown_products, set_shown_products = mo.state(0)
    get_users, set_users = mo.state(0)
    shown_users, set_shown_users = mo.state(0)
    desk.connect(
        profile=(set_profile, set_shown_profile),
        defaults=(set_defaults, set_shown_defaults),
        flow=(set_flow, set_shown_flow),
        fields=(set_fields, set_shown_fields),
        products=(set_products, set_shown_products),
        users=(set_users, set_shown_users),
    )
    return (
        get_defaults,
        get_fields,
        get_flow,
        get_products,
        get_profile,
        get_users,
        shown_defaults,
        shown_fields,
        shown_flow,
        shown_products,
        shown_profile,
        shown_users,
    )


@app.cell
def _(desk, get_profile, settings_forms):
    get_profile()
    profile_form = settings_forms.profile_form(desk)
    logo_picker = settings_forms.logo_picker(desk)
    return logo_picker, profile_form


@app.cell
def _(desk, shown_profile, logo_picker, mo, profile_form, settings_forms, ui):
    shown_profile()
    ui.card(
        "Firmaprofil",
        mo.vstack(
            [
                profile_form,
                mo.md("**Logo på ordrebekreftelsen**"),
                settings_forms.logo_note(desk),
                logo_picker,
                desk.outcome("profile"),
            ]
        ),
    )
    return


@app.cell
def _(desk, get_defaults, settings_forms):
    get_defaults()
    defaults_form = settings_forms.defaults_form(desk)
    add_method_form = settings_forms.add_method_form(desk)
    remove_method_form = settings_forms.remove_method_form(desk)
    return add_method_form, defaults_form, remove_method_form


@app.cell
def _(
    add_method_form,
    defaults_form,
    desk,
    shown_defaults,
    mo,
    remove_method_form,
    settings_forms,
    ui,
):
    shown_defaults()
    ui.card(
        "Nye ordrer og fakturametoder",
        mo.vstack(
            [
                defaults_form,
                mo.md("**Fakturametoder**"),
                settings_forms.invoice_method_list(desk),
                mo.accordion(
                    {
                        "Legg til fakturametode": add_method_form,
                        "Fjern fakturametode": remove_method_form,
                    },
                    lazy=False,
                ),
                desk.outcome("defaults"),
            ]
        ),
    )
    return


@app.cell
def _(desk, flow_forms, get_flow):
    get_flow()
    matrix_form = flow_forms.matrix_form(desk)
    add_status_form = flow_forms.add_status_form(desk)
    change_status_form = flow_forms.change_status_form(desk)
    remove_status_form = flow_forms.remove_status_form(desk)
    return add_status_form, change_status_form, matrix_form, remove_status_form


@app.cell
def _(
    add_status_form,
    change_status_form,
    desk,
    flow_forms,
    shown_flow,
    matrix_form,
    mo,
    remove_status_form,
    ui,
):
    shown_flow()
    ui.card(
        "Statusflyt",
        mo.vstack(
            [
                flow_forms.flow_table(desk),
                mo.accordion(
                    {
                        "Ny status": add_status_form,
                        "Endre eller flytt status": change_status_form,
                        "Fjern status": remove_status_form,
                    },
                    lazy=False,
                ),
                mo.md("**Tillatte overganger** (rad: fra, kolonne: til)"),
                matrix_form,
                desk.outcome("flow"),
            ]
        ),
    )
    return


@app.cell
def _(desk, field_forms, get_fields):
    get_fields()
    add_field_form = field_forms.add_field_form(desk)
    change_field_form = field_forms.change_field_form(desk)
    remove_field_form = field_forms.remove_field_form(desk)
    return add_field_form, change_field_form, remove_field_form


@app.cell
def _(
    add_field_form,
    change_field_form,
    desk,
    field_forms,
    shown_fields,
    mo,
    remove_field_form,
    ui,
):
    shown_fields()
    ui.card(
        "Egne felt på ordrer",
        mo.vstack(
            [
                field_forms.fields_table(desk),
                mo.accordion(
                    {
                        "Nytt felt": add_field_form,
                        "Endre eller flytt felt": change_field_form,
                        "Fjern felt": remove_field_form,
                    },
                    lazy=False,
                ),
                desk.outcome("fields"),
            ]
        ),
    )
    return


@app.cell
def _(desk, get_products, product_forms):
    get_products()
    add_product_form = product_forms.add_product_form(desk)
    change_product_form = product_forms.change_product_form(desk)
    return add_product_form, change_product_form


@app.cell
def _(add_product_form, change_product_form, desk, shown_products, mo, product_forms, ui):
    shown_products()
    ui.card(
        "Produkter",
        mo.vstack(
            [
                product_forms.products_table(desk),
                mo.accordion(
                    {
                        "Nytt produkt": add_product_form,
                        "Endre, deaktiver eller aktiver produkt": change_product_form,
                    },
                    lazy=False,
                ),
                desk.outcome("products"),
            ]
        ),
    )
    return


@app.cell
def _(desk, get_users, user_forms, who):
    get_users()
    # Passwords, logins and grants: administrators only (the grant does not give them).
    if who.is_admin:
        user_tools = (
            user_forms.password_form(desk),
            user_forms.login_form(desk),
            user_forms.grant_form(desk),
        )
    else:
        user_tools = ()
    return (user_tools,)


@app.cell
def _(desk, shown_users, user_forms, user_tools):
    shown_users()
    user_forms.users_card(desk, user_tools)
    return


if __name__ == "__main__":
    app.run()
