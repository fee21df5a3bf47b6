"""The order page's «Filer» section: drop or pick files to upload, the list with download
links (GET /filer/ID, behind the login gate), and delete for whoever may (the library decides:
uploader, administrator or the settings grant).

`FilesSection(con, actor_id, order_no, say, reload).view()` returns the card; `say` shows a
message, `reload` re-renders the page after a write (the same contract as app.order_actions).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import marimo as mo

import axos_data as ax
from axos_data import filestore, views
from axos_data.app import ui
from axos_data.app.file_download import file_href


class FilesSection:
    def __init__(self, con, actor_id: int, order_no: int, say: Callable, reload: Callable):
        self.con = con
        self.actor = actor_id
        self.order_no = order_no
        self.say = say
        self.reload = reload

    def upload(self, files: Sequence) -> None:
        """Store each dropped file (objects with .name and .contents); one message for all."""
        stored, refused = [], []
        for item in files:
            outcome = ui.attempt(
                lambda item=item: ax.add_file(
                    self.con, self.actor, self.order_no, item.name, item.contents
                ),
                lambda _id, item=item: item.name,
            )
            (stored if outcome.ok else refused).append(outcome)
        if refused:
            self.say(refused[0].message)
        elif stored:
            names = ", ".join(f"«{o.text}»" for o in stored)
            self.say(ui.success(f"Lastet opp {names}."))
        if stored:
            self.reload(lambda n: n + 1)

    def remove(self, file_id: int) -> None:
        outcome = ui.attempt(
            lambda: ax.remove_file(self.con, self.actor, file_id),
            lambda row: f"Fjernet filen «{row['name']}».",
        )
        self.say(outcome.message)
        if outcome.ok:
            self.reload(lambda n: n + 1)

    def _row(self, row: dict) -> mo.Html:
        delete = mo.ui.button(
            label="Slett",
            kind="danger",
            on_click=lambda _value, file_id=row["id"]: self.remove(file_id),
        )
        meta = (
            f'<span class="axos-muted">{ui.esc(filestore.human_size(row["size"]))} ·'
            f" {ui.esc(row['uploaded_by_name'] or '')} ·"
            f" {ui.esc(row['uploaded_at'].strftime('%d.%m.%Y %H:%M'))}</span>"
        )
        line = mo.Html(f"{ui.link(file_href(row['id']), row['name'])} {meta}")
        return ui.keep(mo.hstack([line, delete], justify="space-between"), delete)

    def view(self) -> mo.Html:
        rows = views.order_files(self.con, self.order_no).to_dicts()
        limit = ax.max_file_bytes(self.con)
        picker = mo.ui.file(
            kind="area",
            multiple=True,
            max_size=limit,
            label=f"Dra filer hit, eller klikk for å velge (høyst {filestore.human_size(limit)})",
            on_change=self.upload,
        )
        items = [self._row(row) for row in rows]
        listing = mo.vstack(items) if items else mo.Html('<p class="axos-muted">Ingen filer.</p>')
        body = mo.vstack([listing, picker])
        return ui.keep(ui.card("Filer", body), picker, *items)
