"""The settings page's builders on a real database: forms submitted the way marimo submits
them (through the form's validate hook with the frontend's values), refusals returned as the
library's message with nothing stored, the settings link only for those with the right, the
audit page, and custom fields on the order page, in the list and in the downloads."""

from __future__ import annotations

import io
import json
import zipfile

import axos_data as ax
from axos_data import views
from axos_data.access import load_actor
from axos_data.app import (
    audit_page,
    downloads,
    field_forms,
    flow_forms,
    header_tools,
    lists,
    order_desk,
    pages,
    settings_desk,
    settings_forms,
    ui,
    user_forms,
)


def submit(form, values: dict) -> str | None:
    """Submit a form as the browser does: None when the write went through, else the text
    marimo shows inside the form."""
    return form.validate(values)


def _desk(con, actor: int) -> settings_desk.SettingsDesk:
    return settings_desk.SettingsDesk(con, actor)


def test_only_admins_and_the_grant_see_settings(con, seeded):
    user = load_actor(con, seeded.user)
    admin = load_actor(con, seeded.admin)
    assert "innstillinger" not in [p.slug for p in pages.menu_for(user)]
    assert "Ingen tilgang" in settings_desk.access_note(user).text
    assert "innstillinger" in [p.slug for p in pages.menu_for(admin)]
    assert settings_desk.access_note(admin) is None

    ax.grant_right(con, seeded.admin, seeded.user, "settings")
    granted = load_actor(con, seeded.user)
    assert "innstillinger" in [p.slug for p in pages.menu_for(granted)]
    assert settings_desk.access_note(granted) is None
    # The audit log is for administrators; the grant does not open it.
    assert "Ingen tilgang" in settings_desk.access_note(granted, admin_only=True).text
    assert settings_desk.access_note(admin, admin_only=True) is None


def test_a_user_without_the_right_is_refused_by_the_library_too(con, seeded):
    desk = _desk(con, seeded.user)
    form = field_forms.add_field_form(desk)
    said = submit(
        form,
        {
            "label": "Avdeling",
            "key": "",
            "field_type": ["Tekst"],
            "options": "",
            "required": False,
        },
    )
    assert said and "administrator" in said.lower()
    assert ax.list_custom_fields(con) == []


def test_profile_saves_changes_and_refuses_a_bad_orgnr(con, seeded):
    desk = _desk(con, seeded.admin)
    form = settings_forms.profile_form(desk)
    values = dict(form.element._value)
    assert values["company_name"] == "Nordlys Systemer AS"
    assert submit(form, {**values, "company_phone": "22 33 44 55"}) is None
    assert ax.get_settings(con)["company_phone"] == "22 33 44 55"

    said = submit(settings_forms.profile_form(desk), {**values, "company_orgnr": "123456789"})
    assert said and "123456789" in said
    assert ax.get_settings(con)["company_orgnr"] == "923609016"
    nothing = settings_forms.save_profile(
        desk, dict(settings_forms.profile_form(desk).element._value)
    )
    assert not nothing.ok and "Ingen endringer" in nothing.text


def test_defaults_and_invoice_methods(con, seeded):
    desk = _desk(con, seeded.admin)
    assert submit(settings_forms.add_method_form(desk), {"label": "Papir", "key": ""}) is None
    assert ax.invoice_methods(con)["papir"] == "Papir"
    form = settings_forms.defaults_form(desk)
    assert (
        submit(form, {"default_payment_terms_days": 30, "default_invoice_method": ["Papir"]})
        is None
    )
    assert ax.get_settings(con)["default_invoice_method"] == "papir"
    assert ax.get_settings(con)["default_payment_terms_days"] == 30
    # The default cannot be removed: the reason stays in the form, the list is unchanged.
    said = submit(settings_forms.remove_method_form(desk), {"method": ["Papir"]})
    assert said and "standard fakturametode" in said
    assert "papir" in ax.invoice_methods(con)


def test_an_action_redraws_only_its_section_and_the_one_whose_result_it_replaces(con, seeded):
    """Redrawing a card while someone types in it closes its panels and can drop the input,
    so an action in one section leaves the other sections' cards alone."""
    desk = _desk(con, seeded.admin)
    bumped: list[str] = []

    def setters(area: str) -> tuple:
        return (lambda _f: bumped.append(f"forms:{area}"), lambda _f: bumped.append(area))

    desk.connect(**{area: setters(area) for area in settings_desk.SECTIONS})

    desk.finish("fields", ui.attempt(lambda: None, lambda _r: "Feltet er lagt til"))
    assert sorted(bumped) == ["fields", "forms:fields"]
    assert "Feltet er lagt til" in desk.outcome("fields").text

    bumped.clear()
    refused = ui.attempt(
        lambda: ax.update_settings(con, seeded.admin, default_payment_terms_days=9999), str
    )
    desk.finish("defaults", refused)
    assert not refused.ok and "365" in refused.text
    # A refusal keeps the section's forms; the field result moves away from its card.
    assert sorted(bumped) == ["defaults", "fields"]
    assert desk.outcome("fields").text == ""
    assert desk.outcome("defaults").text


def test_status_flow_add_matrix_and_refusals(con, seeded, new_order):
    desk = _desk(con, seeded.admin)
    add = flow_forms.add_status_form(desk)
    said = submit(
        add,
        {
            "label": "Venter på kunde",
            "key": "",
            "category": ["Åpen"],
            "position": "2",
            "from_status": ["Under arbeid"],
            "to_status": ["Under arbeid"],
            "is_final": False,
        },
    )
    assert said is None
    matrix = {row["key"]: row for row in ax.transition_matrix(con)}
    assert matrix["venter_paa_kunde"]["position"] == 2
    assert "venter_paa_kunde" in matrix["under_arbeid"]["to"]

    # The matrix: allow Klar til fakturering -> Venter på kunde (a box ticked).
    form = flow_forms.matrix_form(desk)
    keys = [row["key"] for row in ax.transition_matrix(con)]
    ticked = dict(form.element._value)
    ticked[f"t_{keys.index('klar_til_fakturering')}_{keys.index('venter_paa_kunde')}"] = True
    assert submit(form, ticked) is None
    assert (
        "venter_paa_kunde"
        in {r["key"]: r for r in ax.transition_matrix(con)}["klar_til_fakturering"]["to"]
    )

    # Untick every way into «Venter på kunde»: refused whole, nothing changes.
    before = ax.transition_matrix(con)
    form = flow_forms.matrix_form(desk)
    stranded = dict(form.element._value)
    target = keys.index("venter_paa_kunde")
    for i in range(len(keys)):
        if i != target:
            stranded[f"t_{i}_{target}"] = False
    said = submit(form, stranded)
    assert said and "Venter på kunde" in said and "ikke kan nås" in said
    assert ax.transition_matrix(con) == before

    # A status in use cannot be removed; the count is in the message.
    number = new_order()
    ax.change_status(con, seeded.admin, number, "venter_paa_kunde")
    said = submit(flow_forms.remove_status_form(desk), {"status": ["Venter på kunde"]})
    assert said and "1 ordre" in said
    # Rename and recategorise.
    change = flow_forms.change_status_form(desk)
    assert (
        submit(
            change,
            {
                "status": ["Venter på kunde"],
                "label": "Venter på svar",
                "category": [],
                "is_final": ["Uendret"],
                "position": "",
            },
        )
        is None
    )
    assert {r["key"]: r for r in ax.transition_matrix(con)}["venter_paa_kunde"][
        "label"
    ] == "Venter på svar"


def test_custom_fields_defined_on_the_page_reach_the_order_page(con, seeded, new_order):
    desk = _desk(con, seeded.admin)
    add = field_forms.add_field_form(desk)
    base = {"key": "", "options": "", "required": False}
    assert (
        submit(
            add,
            {
                **base,
                "label": "Avdeling",
                "field_type": ["Valgliste"],
                "options": "Oslo, Bergen",
                "required": True,
            },
        )
        is None
    )
    assert (
        submit(field_forms.add_field_form(desk), {**base, "label": "Timer", "field_type": ["Tall"]})
        is None
    )
    assert (
        submit(field_forms.add_field_form(desk), {**base, "label": "Frist", "field_type": ["Dato"]})
        is None
    )
    assert (
        submit(
            field_forms.add_field_form(desk), {**base, "label": "Haster", "field_type": ["Ja/nei"]}
        )
        is None
    )
    said = submit(
        field_forms.add_field_form(desk), {**base, "label": "Tom", "field_type": ["Valgliste"]}
    )
    assert said and "minst ett valg" in said
    fields = {f["key"]: f for f in ax.list_custom_fields(con)}
    assert json.loads(fields["avdeling"]["options"]) == ["Oslo", "Bergen"]
    assert fields["avdeling"]["required"] and fields["timer"]["field_type"] == "number"
    assert "tom" not in fields

    number = new_order()
    page = order_desk.OrderDesk.open(con, seeded.admin, str(number))
    form = header_tools.custom_fields_form(page)
    assert 'Avdeling <span class="axos-required"' in form.text
    widgets = form.element._elements
    assert type(widgets["avdeling"]).__name__ == "dropdown"
    assert type(widgets["haster"]).__name__ == "dropdown"
    assert "dd.mm.åååå" in widgets["frist"].text

    values = {"avdeling": ["Bergen"], "timer": "12,5", "frist": "31.12.2031", "haster": ["Ja"]}
    refused = submit(form, {**values, "frist": "31.13.2031"})
    assert refused and "31.13.2031" in refused
    assert submit(form, values) is None
    stored = {c["key"]: c["value"] for c in views.order_detail(con, number).custom_values}
    assert stored == {
        "avdeling": "Bergen",
        "timer": "12.5000",
        "frist": "2031-12-31",
        "haster": "true",
    }
    page.refresh()
    from axos_data.app import order_page

    shown = order_page.order_layout(page.view).text
    assert "31.12.2031" in shown and "12,5" in shown and "Ja" in shown


def test_custom_fields_as_list_columns_filters_and_download_columns(con, seeded, new_order):
    ax.define_custom_field(
        con,
        seeded.admin,
        key="avdeling",
        label="Avdeling",
        field_type="choice",
        options=["Oslo", "Bergen"],
    )
    ax.define_custom_field(con, seeded.admin, key="frist", label="Frist", field_type="date")
    bergen, oslo = new_order(), new_order()
    ax.set_custom_value(con, seeded.admin, bergen, "avdeling", "Bergen")
    ax.set_custom_value(con, seeded.admin, bergen, "frist", "01.03.2031")
    ax.set_custom_value(con, seeded.admin, oslo, "avdeling", "Oslo")

    from axos_data.app import list_controls

    controls = list_controls.list_controls(con, {"f_avdeling": ["Bergen"]})
    assert set(controls["custom"]) == {"avdeling", "frist"}
    values = dict(controls.value)
    values["columns"] = {**values["columns"], "cf_avdeling": True, "cf_frist": True}
    query = lists.ListQuery.from_controls(values)
    assert dict(query.custom)["avdeling"] == "Bergen"
    assert query.url_values(0)["f_avdeling"] == "Bergen"
    result = lists.run(con, query, (None, 0), lambda _position: None)
    assert result.page.rows["order_no"].to_list() == [bergen]
    table = lists.table(con, result).text
    assert "Avdeling" in table and "01.03.2031" in table

    assert len(lists.download_buttons(con, result)) == 2
    custom = lists.custom_columns(con)
    frame = lists.export_frame(con, query, custom)
    text = downloads.csv_bytes(frame, ax.invoice_methods(con), custom).decode("utf-8-sig")
    head, row = text.splitlines()[:2]
    assert head.endswith(";Avdeling;Frist") and row.endswith(";Bergen;01.03.2031")
    with zipfile.ZipFile(io.BytesIO(downloads.xlsx_bytes(frame, {}, custom))) as book:
        sheet = "".join(
            book.read(name).decode() for name in book.namelist() if name.startswith("xl/")
        )
    assert "Avdeling" in sheet and "Frist" in sheet and "Bergen" in sheet
    assert "cf_frist" not in sheet


def test_users_card_is_for_admins_and_grants_the_right(con, seeded):
    desk = _desk(con, seeded.admin)
    form = user_forms.grant_form(desk)
    people = form.element._elements["employee"].options
    ola = next(k for k in people if "Ola" in k)
    kari = next(k for k in people if "Kari" in k)
    assert submit(form, {"employee": [ola], "give": ["Gi «Ordreinnstillinger»"]}) is None
    assert load_actor(con, seeded.user).settings_grant
    said = submit(
        user_forms.login_form(desk), {"employee": [kari], "disabled": ["Slå av innlogging"]}
    )
    assert said and "siste administratoren" in said
    # The grant holder cannot manage users: the library refuses the form's write.
    other = _desk(con, seeded.user)
    said = submit(
        user_forms.password_form(other), {"employee": [kari], "password": "et-langt-passord"}
    )
    assert said and "administrator" in said.lower()


def test_audit_page_lists_changes_newest_first_and_filters_by_date(con, seeded):
    ax.update_settings(con, seeded.admin, company_phone="22 33 44 55")
    rows, problem = audit_page.entries(con, "")
    assert problem is None and rows[0]["entity"] == "settings"
    html = audit_page.audit_table(rows).text
    assert "Innstillinger" in html and "endret" in html
    assert "company_phone</code>: — → 22 33 44 55" in html
    later, problem = audit_page.entries(con, "01.01.2999")
    assert problem is None and later == []
    rows, problem = audit_page.entries(con, "31.02.2031")
    assert rows == [] and "31.02.2031" in problem.text
