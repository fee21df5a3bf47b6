"""The order page's «Filer»: a picker to drop or choose files, the list with download links
(GET /filer/ID, behind the login gate) and a delete button per file. Whether someone may delete
a file is the library's rule (uploader, administrator or the settings grant); a refusal is
shown beside the list (area "files").

Builders take the page's `OrderDesk`; the writes are plain functions of it (headless tests
call them directly)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import marimo as mo

import axos_data as ax
from axos_data import filestore
from axos_data.app import ui
from axos_data.app.file_download import file_href
from axos_data.app.order_desk import OrderDesk


def file_picker(desk: OrderDesk) -> mo.ui.file:
    """Files are stored as soon as they are picked or dropped. The picker holds no typed
    input, so its cell may rebuild it after every action: that also clears marimo's own
    (English) "Uploaded N files" note once the upload has been answered."""
    limit = ax.max_file_bytes(desk.con)
    return mo.ui.file(
        kind="area",
        multiple=True,
        max_size=limit,
        label=f"Dra filer hit, eller klikk for å velge (høyst {filestore.human_size(limit)})",
        on_change=lambda files: upload(desk, files),
    )


def upload(desk: OrderDesk, files: Sequence) -> None:
    """The picker's write: clearing the picker sends an empty list, which stores nothing."""
    desk.finish("files", store(desk, files))


def store(desk: OrderDesk, files: Sequence) -> ui.Outcome | None:
    """Store each file (objects with .name and .contents) as the acting employee; one outcome
    for all. Files are independent: one refused file does not stop the others."""
    stored: list[ui.Outcome] = []
    refused: list[ui.Outcome] = []
    for item in files or ():
        outcome = ui.attempt(
            lambda item=item: ax.add_file(
                desk.con, desk.actor, desk.number, item.name, item.contents
            ),
            lambda _id, item=item: f"«{item.name}»",
        )
        (stored if outcome.ok else refused).append(outcome)
    if not stored and not refused:
        return None
    if not stored:
        return ui.Outcome(False, _joined(refused), text=" ".join(o.text for o in refused))
    done = f"Lastet opp {', '.join(o.text for o in stored)}."
    # Some were stored: the page reloads (ok) and also says which were not.
    message = mo.Html(ui.success(done).text + _joined(refused).text)
    text = " ".join([done, *(o.text for o in refused)])
    return ui.Outcome(True, message, [o.result for o in stored], text)


def _joined(outcomes: Sequence[ui.Outcome]) -> mo.Html:
    return mo.Html("".join(o.message.text for o in outcomes))


def remove(desk: OrderDesk, file_id: int) -> None:
    desk.run(
        "files",
        lambda: ax.remove_file(desk.con, desk.actor, file_id),
        lambda row: f"Fjernet filen «{row['name']}».",
    )


@dataclass
class FileList:
    """The order's files, each with its delete button (held by the notebook cell, so marimo
    keeps the buttons alive)."""

    rows: list[dict]
    buttons: tuple[mo.ui.button, ...]

    def layout(self) -> mo.Html:
        if not self.rows:
            listing = mo.Html('<p class="axos-muted">Ingen filer.</p>')
        else:
            listing = mo.vstack(
                [
                    mo.hstack([_describe(row), button], justify="space-between", align="center")
                    for row, button in zip(self.rows, self.buttons, strict=True)
                ],
                gap=0.25,
            )
        return ui.card("Filer", listing)


def _describe(row: dict) -> mo.Html:
    meta = (
        f'<span class="axos-muted">{ui.esc(filestore.human_size(row["size"]))} ·'
        f" {ui.esc(row['uploaded_by_name'] or '')} ·"
        f" {ui.esc(row['uploaded_at'].strftime('%d.%m.%Y %H:%M'))}</span>"
    )
    return mo.Html(
        f'<span class="axos-file" data-file="{int(row["id"])}">'
        f"{ui.link(file_href(row['id']), row['name'])} {meta}</span>"
    )


def file_list(desk: OrderDesk) -> FileList:
    rows = desk.view.files.to_dicts()
    buttons = tuple(
        mo.ui.button(
            label="Slett",
            kind="danger",
            tooltip=f"Fjern filen «{row['name']}» fra ordren",
            on_click=lambda _value, file_id=row["id"]: remove(desk, file_id),
        )
        for row in rows
    )
    return FileList(rows, buttons)
