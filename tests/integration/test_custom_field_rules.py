"""Custom field definitions (typed, required, ordered, removable, audited) and their values
(validated by type, logged in the order's activity, shown in lists, filters and downloads)."""

import pytest

import axos_data as ax
from axos_data.services.audit import audit_entries


@pytest.fixture
def fields(con, seeded):
    for key, kind, options in [
        ("avdeling", "choice", ["Bergen", "Oslo"]),
        ("timer", "number", []),
        ("frist", "date", []),
        ("haster", "bool", []),
        ("notat", "text", []),
    ]:
        ax.define_custom_field(
            con, seeded.admin, key=key, label=key.title(), field_type=kind, options=options
        )


@pytest.mark.parametrize(
    ("key", "value", "error", "fragment"),
    [
        ("timer", "sju", ax.InvalidNumber, "sju"),
        ("frist", "31.02.2026", ax.InvalidDate, "31.02.2026"),
        ("haster", "kanskje", ax.InvalidChoice, "kanskje"),
        ("avdeling", "Tromsø", ax.InvalidChoice, "Tromsø"),
        ("ukjent", "x", ax.UnknownCustomField, "ukjent"),
    ],
)
def test_values_are_validated_by_type(
    con, seeded, new_order, fields, refused, key, value, error, fragment
):
    order_no = new_order()
    with refused(error, fragment):
        ax.set_custom_value(con, seeded.user, order_no, key, value)


def test_values_are_stored_typed_and_logged(con, seeded, new_order, fields):
    order_no = new_order()
    ax.set_custom_value(con, seeded.user, order_no, "frist", "31.01.2026")
    ax.set_custom_value(con, seeded.user, order_no, "haster", "ja")
    ax.set_custom_value(con, seeded.user, order_no, "frist", "2026-02-01")
    ax.set_custom_value(con, seeded.user, order_no, "frist", "01.02.2026")  # same: not logged
    values = {c["key"]: c["value"] for c in ax.views.order_detail(con, order_no).custom_values}
    assert values["frist"] == "2026-02-01" and values["haster"] == "true"
    log = ax.views.order_activity(con, order_no).to_dicts()
    changes = [row for row in log if row["kind"] == "custom_field_changed"]
    assert len(changes) == 3
    assert "«2026-01-31» til «2026-02-01»" in changes[-1]["message"]


def test_definitions_are_settings_right_only(con, seeded, refused):
    with refused(ax.PermissionDenied, "Ola Hansen"):
        ax.define_custom_field(con, seeded.user, key="x", label="X")
    with refused(ax.InvalidChoice, "Valgliste"[:0] or "valg"):
        ax.define_custom_field(con, seeded.admin, key="x", label="X", field_type="choice")
    with refused(ax.InvalidChoice, "tall"):
        ax.define_custom_field(con, seeded.admin, key="x", label="X", field_type="tall")


def test_required_field_holds_the_order_before_invoicing(con, seeded, new_order, refused):
    order_no = new_order()
    ax.add_line(con, seeded.user, order_no, product=seeded.product_25, quantity=1)
    ax.define_custom_field(con, seeded.admin, key="po", label="Innkjøpsnr.", required=True)
    assert ax.missing_required_fields(con, order_no) == ["Innkjøpsnr."]
    with refused(ax.RequiredFieldMissing, "Innkjøpsnr.", str(order_no)):
        ax.change_status(con, seeded.user, order_no, "klar_til_fakturering")
    ax.set_custom_value(con, seeded.user, order_no, "po", "PO-1")
    with refused(ax.RequiredFieldMissing, "Innkjøpsnr."):
        ax.set_custom_value(con, seeded.user, order_no, "po", "")
    ax.change_status(con, seeded.user, order_no, "klar_til_fakturering")
    # Cancelling is never held back by an empty required field.
    other = new_order()
    ax.change_status(con, seeded.user, other, "kansellert")


def test_edit_move_remove_and_audit(con, seeded, fields):
    ax.update_custom_field(
        con, seeded.admin, "avdeling", label="Kontor", options=["Bergen", "Bodø"]
    )
    ax.move_custom_field(con, seeded.admin, "notat", 1)
    ax.remove_custom_field(con, seeded.admin, "timer")
    listed = ax.list_custom_fields(con)
    assert [f["key"] for f in listed] == ["notat", "avdeling", "frist", "haster"]
    assert listed[1]["label"] == "Kontor"
    with pytest.raises(ax.AlreadyExists, match="fjernet"):
        ax.define_custom_field(con, seeded.admin, key="timer", label="Timer")
    actions = [(r["entity_id"], r["action"]) for r in audit_entries(con)[:3]]
    assert actions == [("timer", "removed"), ("notat", "moved"), ("avdeling", "changed")]
    assert audit_entries(con)[2]["changes"]["label"] == ["Avdeling", "Kontor"]


def test_fields_as_list_columns_filters_and_download_columns(con, seeded, new_order, fields):
    first, second = new_order(), new_order()
    ax.set_custom_value(con, seeded.user, first, "avdeling", "Bergen")
    ax.set_custom_value(con, seeded.user, second, "avdeling", "Oslo")
    page = ax.views.order_list(
        con, ax.views.OrderFilter(custom={"avdeling": "Oslo"}), custom_fields=["avdeling"]
    )
    assert page.rows["order_no"].to_list() == [second]
    assert page.rows["cf_avdeling"].to_list() == ["Oslo"]
    export = ax.views.export_orders(con, custom_fields=["avdeling"])
    assert dict(zip(export["order_no"], export["cf_avdeling"], strict=True)) == {
        first: "Bergen",
        second: "Oslo",
    }
    with pytest.raises(ax.UnknownCustomField):
        ax.views.order_list(con, ax.views.OrderFilter(custom={"nope": "x"}))
