"""Relations (Relasjoner): an order linked to a quote, project, order or company, seen from
both sides, logged on the order(s), and removable except for a quote conversion's link."""

from __future__ import annotations

import pytest

import axos_data as ax


@pytest.fixture
def quote_id(con, seeded) -> int:
    return ax.create_quote(
        con,
        seeded.admin,
        customer_id=seeded.customer,
        title="Tilbud på lager",
        our_contact_id=seeded.user,
        lines=[{"product": "KONS-T", "quantity": "2"}],
    )


def _links(con, record_type, record_id):
    return [
        (r["to_type"], r["to_id"], r["kind"])
        for r in ax.views.record_relations(con, record_type, record_id).to_dicts()
    ]


def test_an_order_to_order_link_shows_on_both_sides_with_its_direction(con, seeded, new_order):
    main, extra = new_order(title="Hovedordre"), new_order(title="Ekstra arbeid")
    relation = ax.relate(con, seeded.user, extra, f"order:{main}", "Tilleggsordre")
    listed = ax.views.relations_of_order(con, extra).to_dicts()
    assert [(r["id"], r["to_id"], r["kind_label"], r["to_name"]) for r in listed] == [
        (relation, main, "tilleggsordre til", "Hovedordre")
    ]
    assert _links(con, "order", main) == [("order", extra, "har_tilleggsordre")]
    related = ax.views.related_orders(con, "order", main).to_dicts()
    assert [(r["order_no"], r["kind_label"]) for r in related] == [(extra, "har tilleggsordre")]


@pytest.mark.parametrize("target_type", ["quote", "project", "company"])
def test_a_quote_project_or_company_lists_its_related_orders(
    con, seeded, new_order, quote_id, target_type
):
    order = new_order(title="Lageret")
    target_id = {"quote": quote_id, "project": seeded.project, "company": seeded.other_customer}[
        target_type
    ]
    ax.relate(con, seeded.user, order, (target_type, target_id), "erstatter")
    assert _links(con, "order", order) == [(target_type, target_id, "erstatter")]
    related = ax.views.related_orders(con, target_type, target_id).to_dicts()
    assert [(r["order_no"], r["title"], r["kind_label"]) for r in related] == [
        (order, "Lageret", "erstattet av")
    ]


def test_links_and_unlinks_are_logged_on_each_order(con, seeded, new_order):
    a, b = new_order(), new_order()
    relation = ax.relate(con, seeded.user, a, f"order:{b}")
    removed = ax.unrelate(con, seeded.admin, a, relation)
    assert removed["kind"] == "relatert"
    for order, other in ((a, b), (b, a)):
        log = ax.views.order_activity(con, order).to_dicts()[-2:]
        assert [(r["kind"], r["actor_id"], r["message"]) for r in log] == [
            ("relation_added", seeded.user, f"Knyttet til Ordre {other} (relatert)"),
            ("relation_removed", seeded.admin, f"Fjernet koblingen til Ordre {other} (relatert)"),
        ]
    assert _links(con, "order", a) == _links(con, "order", b) == []


def test_unrelating_removes_both_rows_and_only_that_link(con, seeded, new_order, quote_id):
    a, b = new_order(), new_order()
    first = ax.relate(con, seeded.user, a, f"order:{b}", "erstatter")
    ax.relate(con, seeded.user, a, f"order:{b}", "fritekst: samme kunde")
    ax.relate(con, seeded.user, a, f"quote:{quote_id}")
    ax.unrelate(con, seeded.user, a, first)
    assert _links(con, "order", a) == [
        ("order", b, "fritekst: samme kunde"),
        ("quote", quote_id, "relatert"),
    ]
    assert _links(con, "order", b) == [("order", a, "fritekst: samme kunde")]
    assert _links(con, "quote", quote_id) == [("order", a, "relatert")]


def test_unknown_targets_raise_their_not_found_errors(con, seeded, new_order, refused):
    order = new_order()
    cases = [
        ("quote:999", ax.UnknownQuote),
        ("project:999", ax.UnknownProject),
        ("order:99999", ax.UnknownOrder),
        ("company:999", ax.UnknownCompany),
    ]
    for target, error in cases:
        with refused(error, "999"):
            ax.relate(con, seeded.user, order, target)
        assert issubclass(error, ax.NotFound)
    with refused(ax.UnknownOrder, "55555"):
        ax.relate(con, seeded.user, 55555, f"order:{order}")


@pytest.mark.parametrize("target", ["quote", "quote:", "tilbud:1", "order:abc", "order:-1", ""])
def test_malformed_targets_are_refused(con, seeded, new_order, refused, target):
    order = new_order()
    with refused(ax.InvalidRelation, "quote:ID", "company:ID"):
        ax.relate(con, seeded.user, order, target)


def test_self_links_duplicates_and_reserved_kinds_are_refused(con, seeded, new_order, refused):
    a, b = new_order(), new_order()
    with refused(ax.InvalidRelation, "seg selv"):
        ax.relate(con, seeded.user, a, f"order:{a}")
    ax.relate(con, seeded.user, a, f"order:{b}", "tilleggsordre")
    with refused(ax.InvalidRelation, "allerede", "tilleggsordre til"):
        ax.relate(con, seeded.user, a, f"order:{b}", "TILLEGGSORDRE")
    with refused(ax.InvalidRelation, "allerede", "har tilleggsordre"):
        ax.relate(con, seeded.user, b, f"order:{a}", "har tilleggsordre")
    with refused(ax.InvalidRelation, "forbeholdt"):
        ax.relate(con, seeded.user, a, f"order:{b}", "converted_from")
    with refused(ax.TextTooLong, "Relasjonstype"):
        ax.relate(con, seeded.user, a, f"order:{b}", "x" * 101)
    with refused(ax.InvalidText, "Relasjonstype"):
        ax.relate(con, seeded.user, a, f"order:{b}", "linje\nskift")


def test_a_conversion_link_cannot_be_removed(con, seeded, quote_id, refused):
    ax.set_quote_status(con, seeded.admin, quote_id, "sent")
    order = ax.convert_quote(con, seeded.admin, quote_id)
    (row,) = ax.views.relations_of_order(con, order).to_dicts()
    assert row["kind_label"] == "konvertert fra"
    with refused(ax.RelationNotRemovable, f"Tilbud {quote_id}"):
        ax.unrelate(con, seeded.admin, order, row["id"])
    assert [
        r["kind_label"] for r in ax.views.related_orders(con, "quote", quote_id).to_dicts()
    ] == ["konvertert til"]


def test_a_relation_id_of_another_order_is_unknown(con, seeded, new_order, refused):
    a, b, c = new_order(), new_order(), new_order()
    relation = ax.relate(con, seeded.user, a, f"order:{b}")
    with refused(ax.UnknownRelation, str(c), str(relation)):
        ax.unrelate(con, seeded.user, c, relation)
    with refused(ax.UnknownRelation, "tull"):
        ax.unrelate(con, seeded.user, a, "tull")
