"""Admin settings, the editable status flow and custom fields on orders."""

import axos_data as ax


def test_settings_are_typed_and_validated(con, seeded):
    settings = ax.get_settings(con)
    assert settings["order_number_start"] == 10001
    assert settings["company_vat_registered"] is True
    assert settings["company_bank_account"] == "12345678903"
    ax.update_settings(
        con, seeded.admin, default_payment_terms_days="30", company_vat_registered="nei"
    )
    assert ax.get_setting(con, "default_payment_terms_days") == 30
    assert ax.get_setting(con, "company_vat_registered") is False


def test_settings_are_admin_only_and_refuse_bad_values(con, seeded, refused):
    with refused(ax.PermissionDenied, "Ola Hansen"):
        ax.update_settings(con, seeded.user, company_name="Annet AS")
    with refused(ax.InvalidOrgNumber, "123456789"):
        ax.update_settings(con, seeded.admin, company_name="Annet AS", company_orgnr="123456789")
    with refused(ax.InvalidBankAccount, "1234 56 78904"):
        ax.update_settings(con, seeded.admin, company_bank_account="1234 56 78904")
    with refused(ax.UnknownSetting, "colour"):
        ax.update_settings(con, seeded.admin, colour="blue")


def test_missing_company_profile_lists_empty_fields(con, seeded):
    assert ax.missing_company_profile(con) == []
    ax.update_settings(con, seeded.admin, company_city="", company_bank_account="")
    assert ax.missing_company_profile(con) == ["Poststed", "Kontonummer"]


def test_an_admin_can_extend_the_status_flow(con, seeded, new_order):
    ax.add_status(
        con,
        seeded.admin,
        key="venter",
        label="Venter på kunde",
        category="open",
        from_statuses=["under_arbeid"],
    )
    ax.set_transition(con, seeded.admin, "venter", "under_arbeid")
    ax.set_transition(con, seeded.admin, "klar_til_fakturering", "venter")
    order_no = new_order()
    assert ("venter", "Venter på kunde") in ax.allowed_statuses(con, seeded.user, order_no)
    ax.change_status(con, seeded.user, order_no, "venter")
    # "venter" is an open status: lines may still change.
    ax.add_line(con, seeded.user, order_no, product=seeded.product_25, quantity=1)
    ax.set_transition(con, seeded.admin, "under_arbeid", "venter", allowed=False)  # via klar
    ax.change_status(con, seeded.user, order_no, "under_arbeid")
    assert ("venter", "Venter på kunde") not in ax.allowed_statuses(con, seeded.user, order_no)


def test_status_flow_changes_are_admin_only(con, seeded, refused):
    with refused(ax.PermissionDenied):
        ax.add_status(con, seeded.user, key="venter", label="Venter", category="open")
    with refused(ax.PermissionDenied):
        ax.set_transition(con, seeded.user, "under_arbeid", "fakturert")
    with refused(ax.UnknownStatus, "nope"):
        ax.set_transition(con, seeded.admin, "under_arbeid", "nope")
    with refused(ax.AlreadyExists, "betalt"):
        ax.add_status(con, seeded.admin, key="betalt", label="Betalt", category="closed")


def test_custom_fields_are_defined_by_admins_and_filled_in_on_orders(con, seeded, new_order):
    ax.define_custom_field(
        con,
        seeded.admin,
        key="avdeling",
        label="Avdeling",
        field_type="choice",
        options=["Bergen", "Oslo"],
    )
    ax.define_custom_field(con, seeded.admin, key="timer", label="Timer", field_type="number")
    assert [(f["key"], f["field_type"]) for f in ax.list_custom_fields(con)] == [
        ("avdeling", "choice"),
        ("timer", "number"),
    ]
    order_no = new_order()
    ax.set_custom_value(con, seeded.user, order_no, "avdeling", "Bergen")
    ax.set_custom_value(con, seeded.user, order_no, "timer", "7,5")
    detail = ax.views.order_detail(con, order_no)
    assert {c["key"]: c["value"] for c in detail.custom_values} == {
        "avdeling": "Bergen",
        "timer": "7.5000",
    }
    page = ax.views.order_list(con, custom_fields=["avdeling"])
    assert page.rows.filter(page.rows["order_no"] == order_no)["cf_avdeling"].to_list() == [
        "Bergen"
    ]
    kinds = ax.views.order_activity(con, order_no)["kind"].to_list()
    assert kinds.count("custom_field_changed") == 2
    ax.set_custom_value(con, seeded.user, order_no, "timer", "")
    assert con.execute("SELECT count(*) FROM custom_field_values").fetchall() == [(1,)]


def test_custom_field_values_are_validated(con, seeded, new_order, refused):
    ax.define_custom_field(
        con, seeded.admin, key="avdeling", label="Avdeling", field_type="choice", options=["Bergen"]
    )
    order_no = new_order()
    with refused(ax.InvalidChoice, "Trondheim"):
        ax.set_custom_value(con, seeded.user, order_no, "avdeling", "Trondheim")
    with refused(ax.UnknownCustomField, "farge"):
        ax.set_custom_value(con, seeded.user, order_no, "farge", "rød")
    with refused(ax.PermissionDenied):
        ax.define_custom_field(con, seeded.user, key="x", label="X")
