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
    # get_data: read by the cells that show settings, bumped after every action. The others:
    # one per section, bumped after a success there, so other sections keep their input.
    get_data, set_data = mo.state(0)
    get_profile, set_profile = mo.state(0)
    get_defaults, set_defaults = mo.state(0)
    get_flow, set_flow = mo.state(0)
    get_fields, set_fields = mo.state(0)
    get_users, set_users = mo.state(0)
    desk.connect(
        set_data,
        profile=set_profile,
        defaults=set_defaults,
        flow=set_flow,
        fields=set_fields,
        users=set_users,
    )
    return get_data, get_defaults, get_fields, get_flow, get_profile, get_users


@app.cell
def _(desk, get_profile, settings_forms):
    get_profile()
    profile_form = settings_forms.profile_form(desk)
    logo_picker = settings_forms.logo_picker(desk)
    return logo_picker, profile_form


@app.cell
def _(desk, get_data, logo_picker, mo, profile_form, settings_forms, ui):
    get_data()
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
    get_data,
    mo,
    remove_method_form,
    settings_forms,
    ui,
):
    get_data()
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
    get_data,
    matrix_form,
    mo,
    remove_status_form,
    ui,
):
    get_data()
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
    get_data,
    mo,
    remove_field_form,
    ui,
):
    get_data()
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
def _(desk, get_data, user_forms, user_tools):
    get_data()
    user_forms.users_card(desk, user_tools)
    return


if __name__ == "__main__":
    app.run()
