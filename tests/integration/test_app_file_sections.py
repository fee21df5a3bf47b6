"""The order page's «Filer» and «Relasjoner» sections: built on a real database, their writes
go through the library as the acting employee and report refusals instead of raising."""

from __future__ import annotations

from dataclasses import dataclass

import axos_data as ax
from axos_data.app.file_download import file_href
from axos_data.app.files_section import FilesSection
from axos_data.app.relations_section import RelationsSection


@dataclass
class Dropped:
    name: str
    contents: bytes


class Page:
    """What the notebook gives a section: somewhere to say things and a reload counter."""

    def __init__(self):
        self.said: list = []
        self.reloads = 0

    def say(self, message) -> None:
        self.said.append(message.text)

    def reload(self, step) -> None:
        self.reloads = step(self.reloads)


def test_the_files_section_uploads_lists_and_deletes(con, seeded, new_order):
    order, page = new_order(), Page()
    section = FilesSection(con, seeded.user, order, page.say, page.reload)
    section.upload([Dropped("skisse.png", b"png"), Dropped("<b>notat</b>.txt", b"txt")])
    assert page.reloads == 1 and "skisse.png" in page.said[-1]
    files = ax.views.order_files(con, order).to_dicts()
    assert [f["name"] for f in files] == ["skisse.png", "<b>notat</b>.txt"]
    html = section.view().text
    assert f'href="{file_href(files[0]["id"])}"' in html
    assert "&lt;b&gt;notat&lt;/b&gt;.txt" in html and "<b>notat</b>" not in html
    section.remove(files[0]["id"])
    assert page.reloads == 2 and [
        f["name"] for f in ax.views.order_files(con, order).to_dicts()
    ] == ["<b>notat</b>.txt"]


def test_the_files_section_reports_refusals(con, seeded, new_order):
    order, page = new_order(), Page()
    ax.update_settings(con, seeded.admin, max_file_mb=1)
    section = FilesSection(con, seeded.user, order, page.say, page.reload)
    section.upload([Dropped("stor.bin", b"\0" * 1_000_001)])
    assert page.reloads == 0 and "max_file_mb" in page.said[-1]
    admins = ax.add_file(con, seeded.admin, order, "kari.txt", b"kari")
    section.remove(admins)
    assert page.reloads == 0 and "administrator" in page.said[-1]


def test_the_relations_section_adds_lists_and_removes(con, seeded, new_order):
    order, other, page = new_order(), new_order(title="Den andre"), Page()
    section = RelationsSection(con, seeded.user, order, page.say, page.reload)
    refused = section.add({"target_type": "quote", "target_id": "999", "kind": ""})
    assert not refused.ok and "Tilbud 999" in refused.text
    added = section.add({"target_type": "order", "target_id": str(other), "kind": "erstatter"})
    assert added.ok
    html = section.view().text
    assert f"/ordre/?order={other}" in html and "Den andre" in html and "erstatter" in html
    (relation,) = ax.views.relations_of_order(con, order).to_dicts()
    section.remove(relation["id"])
    assert page.reloads == 1 and ax.views.relations_of_order(con, order).height == 0
