"""The order page's «Filer» and «Relasjoner», driven headless through the page's `OrderDesk`
on a real database: the writes go through the library as the acting employee, a success
reloads the order (bumps the data state), a refusal is reported beside its area instead of
raising, and the lists show what the library holds."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

import axos_data as ax
from axos_data.app import file_tools, order_desk, relation_tools
from axos_data.app.file_download import file_href


@dataclass
class Dropped:
    """What marimo's file picker gives its on_change: objects with .name and .contents."""

    name: str
    contents: bytes


class Recorder:
    """The page's state setters, recorded: which cells a write would re-run."""

    def __init__(self, desk: order_desk.OrderDesk):
        self.shown = 0
        self.rebuilt: list[str] = []
        desk.connect(self.show, **{name: self.setter(name) for name in order_desk.BASES})

    def show(self, _update) -> None:
        self.shown += 1

    def setter(self, name):
        return lambda _value: self.rebuilt.append(name)


def _desk(con, actor, number) -> tuple[order_desk.OrderDesk, Recorder]:
    desk = order_desk.OrderDesk.open(con, actor, str(number))
    return desk, Recorder(desk)


def _names(con, order) -> list[str]:
    return [f["name"] for f in ax.views.order_files(con, order).to_dicts()]


def test_uploads_list_with_download_links_and_delete(con, seeded, new_order):
    order = new_order()
    desk, recorder = _desk(con, seeded.user, order)
    file_tools.upload(desk, [Dropped("skisse.png", b"png"), Dropped("<b>notat</b>.txt", b"txt")])
    assert recorder.shown == 1 and recorder.rebuilt == []  # no form group depends on files
    assert "«skisse.png», «<b>notat</b>.txt»" in desk.last[1].text
    assert _names(con, order) == ["skisse.png", "<b>notat</b>.txt"]

    listing = file_tools.file_list(desk)
    assert [row["name"] for row in listing.rows] == _names(con, order)
    assert len(listing.buttons) == 2
    html = listing.layout().text
    first = listing.rows[0]["id"]
    assert f'href="{file_href(first)}"' in html
    assert "&lt;b&gt;notat&lt;/b&gt;.txt" in html and "<b>notat</b>" not in html

    file_tools.remove(desk, first)
    assert recorder.shown == 2 and "Fjernet filen «skisse.png»" in desk.outcome("files").text
    assert _names(con, order) == ["<b>notat</b>.txt"]
    assert [row["name"] for row in file_tools.file_list(desk).rows] == ["<b>notat</b>.txt"]


def test_the_picker_allows_the_size_setting(con, seeded, new_order):
    desk, _ = _desk(con, seeded.user, new_order())
    ax.update_settings(con, seeded.admin, max_file_mb=3)
    picker = file_tools.file_picker(desk)
    html = picker.text  # what the browser receives
    assert "data-max_size='3000000'" in html and "data-multiple='true'" in html
    assert "data-kind='&quot;area&quot;'" in html and "høyst 3" in html


def test_refused_uploads_and_deletes_are_reported_and_change_nothing(con, seeded, new_order):
    order = new_order()
    ax.update_settings(con, seeded.admin, max_file_mb=1)
    admins = ax.add_file(con, seeded.admin, order, "kari.txt", b"kari")
    desk, recorder = _desk(con, seeded.user, order)

    file_tools.upload(desk, [Dropped("stor.bin", b"\0" * 1_000_001)])
    assert not desk.last[1].ok and "max_file_mb" in desk.outcome("files").text
    file_tools.remove(desk, admins)
    assert not desk.last[1].ok and "administrator" in desk.outcome("files").text
    assert _names(con, order) == ["kari.txt"]
    assert recorder.shown == 2  # the outcome cell shows why; nothing else changed

    # One refused file among good ones: the good ones are stored, the page says which failed.
    file_tools.upload(desk, [Dropped("liten.txt", b"ok"), Dropped("stor.bin", b"\0" * 1_000_001)])
    outcome = desk.last[1]
    assert outcome.ok and "«liten.txt»" in outcome.text and "stor.bin" in outcome.text
    assert _names(con, order) == ["kari.txt", "liten.txt"]


def test_clearing_the_picker_stores_nothing(con, seeded, new_order):
    order = new_order()
    desk, recorder = _desk(con, seeded.user, order)
    file_tools.upload(desk, [])
    assert desk.last is None and recorder.shown == 0 and _names(con, order) == []


def test_relations_are_added_listed_on_both_orders_and_removed(con, seeded, new_order):
    order, other = new_order(), new_order(title="Den andre")
    desk, recorder = _desk(con, seeded.user, order)

    refused = relation_tools.add_relation(
        desk, {"target_type": "quote", "target_id": "999", "kind": ""}
    )
    assert not refused.ok and "Tilbud 999" in refused.text  # stays in the form
    empty = relation_tools.add_relation(desk, {"target_type": "order", "target_id": " "})
    assert not empty.ok and "nummeret" in empty.text
    assert recorder.shown == 0

    added = relation_tools.add_relation(
        desk, {"target_type": "order", "target_id": str(other), "kind": "erstatter"}
    )
    assert added.ok
    desk.finish("relations", added)
    assert recorder.shown == 1 and recorder.rebuilt == []
    html = relation_tools.relation_list(desk).layout().text
    assert f"/ordre/?order={other}" in html and "Den andre" in html and "(erstatter)" in html

    other_desk, _ = _desk(con, seeded.user, other)
    other_html = relation_tools.relation_list(other_desk).layout().text
    assert f"/ordre/?order={order}" in other_html and "(erstattet av)" in other_html

    listing = relation_tools.relation_list(desk)
    relation_tools.remove_relation(desk, listing.rows[0]["id"])
    assert recorder.shown == 2 and "Fjernet koblingen til Ordre" in desk.outcome("relations").text
    assert ax.views.relations_of_order(con, order).height == 0
    assert ax.views.relations_of_order(con, other).height == 0
    assert "Ingen relasjoner" in relation_tools.relation_list(desk).layout().text


@pytest.mark.parametrize(
    ("target_type", "label", "href"),
    [("company", "Firma", "/firma/?id="), ("project", "Prosjekt", "/prosjekt/?id=")],
)
def test_companies_and_projects_are_labelled_and_linked(
    con, seeded, new_order, target_type, label, href
):
    order = new_order()
    target = {"company": seeded.other_customer, "project": seeded.project}[target_type]
    ax.relate(con, seeded.user, order, (target_type, target))
    desk, _ = _desk(con, seeded.user, order)
    html = relation_tools.relation_list(desk).layout().text
    assert f"{label} {target}" in html and f"{href}{target}" in html


def test_a_conversion_link_has_no_remove_button(con, seeded):
    quote = ax.create_quote(
        con,
        seeded.admin,
        customer_id=seeded.customer,
        title="Tilbud",
        our_contact_id=seeded.user,
        lines=[{"product": "KONS-T", "quantity": "1"}],
    )
    ax.set_quote_status(con, seeded.admin, quote, "sent")
    order = ax.convert_quote(con, seeded.admin, quote)
    desk, _ = _desk(con, seeded.user, order)
    other = ax.create_order(
        con, seeded.admin, customer_id=seeded.customer, title="Annen", our_contact_id=seeded.user
    )
    ax.relate(con, seeded.user, order, f"order:{other}")
    desk.refresh()
    listing = relation_tools.relation_list(desk)
    kinds = [row["kind"] for row in listing.rows]
    assert kinds == ["converted_from", "relatert"]
    assert listing.buttons[0] is None and listing.buttons[1] is not None
    html = listing.layout().text
    assert f"Tilbud {quote}" in html and "konvertert fra" in html
