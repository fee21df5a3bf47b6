"""Editing the status flow: a status in use stays, the flow stays reachable from an open start,
and only an admin or the settings grant may change it."""

import pytest

import axos_data as ax
from axos_data.services.audit import audit_entries


def _keys(con) -> list[str]:
    return [row["key"] for row in ax.transition_matrix(con)]


def test_add_rename_move_recategorise_and_remove(con, seeded):
    ax.add_status(
        con,
        seeded.admin,
        key="venter",
        label="Venter på kunde",
        category="open",
        position=2,
        from_statuses=["under_arbeid"],
        to_statuses=["Under arbeid"],  # a label works as well as a key
    )
    assert _keys(con)[:3] == ["under_arbeid", "venter", "klar_til_fakturering"]
    ax.rename_status(con, seeded.admin, "venter", "Venter på svar")
    ax.update_status(con, seeded.admin, "venter", category="invoicing")
    ax.move_status(con, seeded.admin, "venter", 6)
    matrix = {row["key"]: row for row in ax.transition_matrix(con)}
    assert matrix["venter"]["label"] == "Venter på svar"
    assert matrix["venter"]["category"] == "invoicing"
    assert matrix["venter"]["position"] == 6
    assert matrix["venter"]["to"] == ["under_arbeid"]
    assert [row["position"] for row in ax.transition_matrix(con)] == list(range(1, 8))
    ax.remove_status(con, seeded.admin, "venter")
    assert "venter" not in _keys(con)
    assert "venter" not in ax.transition_matrix(con)[0]["to"]


def test_a_status_in_use_cannot_be_removed(con, seeded, new_order, refused):
    new_order()
    new_order()
    with refused(ax.StatusInUse, "«Under arbeid»", "2 ordre"):
        ax.remove_status(con, seeded.admin, "under_arbeid")


def test_the_flow_keeps_every_status_reachable(con, seeded, refused):
    with refused(ax.StatusFlowBroken, "«Purret»"):
        ax.set_transition(con, seeded.admin, "fakturert", "purret", allowed=False)
    with refused(ax.StatusFlowBroken, "«Venter»"):
        ax.add_status(con, seeded.admin, key="venter", label="Venter", category="open")
    # Removing the only way to "fakturert" strands it and everything after it.
    with refused(ax.StatusFlowBroken, "«Fakturert»", "«Purret»", "«Betalt»"):
        ax.set_transition(con, seeded.admin, "klar_til_fakturering", "fakturert", allowed=False)
    with refused(ax.StatusFlowBroken, "«Under arbeid»"):
        ax.remove_status(con, seeded.admin, "klar_til_fakturering")


def test_the_start_status_must_be_open(con, seeded, refused):
    with refused(ax.StatusFlowBroken, "«Fakturert»", "Åpen"):
        ax.move_status(con, seeded.admin, "fakturert", 1)
    with refused(ax.StatusFlowBroken, "«Under arbeid»"):
        ax.update_status(con, seeded.admin, "under_arbeid", category="closed")


def test_a_moved_open_start_status_is_used_for_new_orders(con, seeded, new_order):
    ax.add_status(
        con,
        seeded.admin,
        key="mottatt",
        label="Mottatt",
        category="open",
        position=1,
        to_statuses=["under_arbeid"],
    )
    order_no = new_order()
    assert ax.views.order_detail(con, order_no).header["status"] == "mottatt"


@pytest.mark.parametrize(
    "change",
    [
        lambda c, s: ax.add_status(c, s.user, key="x", label="X", category="open"),
        lambda c, s: ax.rename_status(c, s.user, "betalt", "Oppgjort"),
        lambda c, s: ax.move_status(c, s.user, "betalt", 2),
        lambda c, s: ax.remove_status(c, s.user, "purret"),
        lambda c, s: ax.set_transition(c, s.user, "under_arbeid", "fakturert"),
    ],
)
def test_only_an_admin_or_the_grant_may_edit_the_flow(con, seeded, refused, change):
    with refused(ax.PermissionDenied, "Ola Hansen"):
        change(con, seeded)


def test_every_flow_edit_is_audited(con, seeded):
    ax.add_status(
        con,
        seeded.admin,
        key="venter",
        label="Venter",
        category="open",
        from_statuses=["under_arbeid"],
    )
    ax.rename_status(con, seeded.admin, "venter", "Venter på kunde")
    ax.move_status(con, seeded.admin, "venter", 2)
    ax.set_transition(con, seeded.admin, "venter", "under_arbeid")
    ax.set_transition(con, seeded.admin, "venter", "under_arbeid")  # no change, no row
    ax.remove_status(con, seeded.admin, "venter")
    rows = [(r["entity"], r["entity_id"], r["action"]) for r in audit_entries(con)][:5][::-1]
    assert rows == [
        ("status", "venter", "created"),
        ("status", "venter", "changed"),
        ("status", "venter", "moved"),
        ("status_transition", "venter->under_arbeid", "allowed"),
        ("status", "venter", "removed"),
    ]
    renamed = audit_entries(con)[3]
    assert renamed["changes"] == {"label": ["Venter", "Venter på kunde"]}
    assert renamed["actor_id"] == seeded.admin
