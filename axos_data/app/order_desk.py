"""The order page's session object: the order as last read, the outcome of the last action, and
the marimo states that decide which cells re-run after a write.

marimo re-runs every cell that reads a state whenever its setter is called. The page keeps two
kinds of state apart (see notebooks/ordre.py):
- the data revision, read only by the cells that *show* the order (title, lines, totals,
  details, timeline, the outcome beside each form): bumped after every action;
- one "basis" state per group of forms (header, lines, groups, status, follow), holding the
  facts the forms of that group are built from. After a write it is set only when those facts
  changed, so a form whose choices are still valid is never rebuilt and keeps what the user
  typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import marimo as mo

from axos_data.app import forms, order_page, ui
from axos_data.app.order_page import OrderView
from axos_data.errors import AxosError
from axos_data.services.orders import HEADER_FIELDS

BASES = ("header", "lines", "groups", "status", "follow")


def _rows(frame) -> tuple:
    return tuple(tuple(row.items()) for row in frame.iter_rows(named=True))


def basis(view: OrderView, name: str, actor: int | None = None) -> tuple:
    """What the forms of one group are built from (compared before and after a write)."""
    if name == "follow":  # «Følg» or «Slutt å følge»
        return (any(row["id"] == actor for row in view.followers),)
    if name == "header":
        h = view.header
        custom = tuple((c["key"], c["value"]) for c in view.detail.custom_values)
        return (view.header_open, tuple(h[key] for key in HEADER_FIELDS), custom)
    if name == "lines":
        return (view.lines_open, _rows(view.detail.lines))
    if name == "groups":
        return (view.lines_open, _rows(view.detail.groups.select("id", "title", "position")))
    if name == "status":
        h = view.header
        return (h["status"], h["status_is_final"], tuple(view.allowed))
    raise KeyError(name)


@dataclass
class OrderDesk(forms.AreaForms):
    """One user's order page: writes go through `finish`, which reloads the order after a
    success and tells marimo which cells to re-run."""

    con: Any
    actor: int
    view: OrderView
    last: tuple[str, ui.Outcome] | None = None
    _show: Callable | None = None
    _bases: dict[str, Callable] = field(default_factory=dict)

    @classmethod
    def open(cls, con, actor_id: int, order_no: str) -> OrderDesk:
        return cls(con, actor_id, order_page.load(con, actor_id, order_no))

    @property
    def number(self) -> int:
        return self.view.order_no

    @property
    def version(self) -> int:
        """The version the user is looking at: every write sends it, so a change made by someone
        else since the page was last read is refused ("endret av noen andre")."""
        return self.view.version

    def basis(self, name: str) -> tuple:
        return basis(self.view, name, self.actor)

    def connect(self, show: Callable, **bases: Callable) -> None:
        """The setters of the page's states (made in the notebook, where marimo tracks them)."""
        self._show = show
        self._bases = bases

    # --- after an action ------------------------------------------------------------------

    def finish(self, area: str, outcome: ui.Outcome | None) -> None:
        """Record what an action did (shown beside its form); reload after a success."""
        if outcome is None:
            return
        self.last = (area, outcome)
        if outcome.ok:
            self.refresh()
        elif self._show is not None:
            self._show(lambda n: n + 1)

    def refresh(self) -> None:
        """Re-read the order; rebuild only the form groups whose basis changed."""
        before = {name: self.basis(name) for name in BASES}
        self.view = order_page.load(self.con, self.actor, str(self.number))
        for name, setter in self._bases.items():
            now = self.basis(name)
            if now != before[name]:
                setter(now)
        if self._show is not None:
            self._show(lambda n: n + 1)

    def run(self, area: str, action: Callable[[], Any], done: Callable[[Any], str]) -> None:
        """A button's write."""
        self.finish(area, ui.attempt(action, done))

    def refuse(self, area: str, message: str) -> None:
        self.finish(area, ui.refused(message))

    # --- widgets that belong to the whole page ----------------------------------------------

    def reload_button(self) -> mo.ui.button:
        """«Last inn på nytt»: re-reads the order (the answer to "endret av noen andre"). The
        forms are not rebuilt unless what they offer changed, so typed input stays."""

        def clicked(_value: object) -> None:
            self.last = None  # the conflict message belongs to the state being left
            self.refresh()

        return mo.ui.button(
            label="↻ Last inn på nytt",
            on_click=clicked,
            tooltip="Hent ordren på nytt; det du har skrevet i skjemaene beholdes",
        )

    def pdf_download(self) -> mo.ui.download:
        """The order confirmation, rendered when clicked (the renderer logs the download)."""
        number = self.number

        def make() -> bytes:
            # Imported on click: fpdf2 takes half a second to import, the page should not wait.
            from axos_data.pdf import render_confirmation

            try:
                data = bytes(render_confirmation(self.con, number, actor=self.actor))
            except AxosError as err:
                self.finish("pdf", ui.Outcome(False, ui.error(err), text=str(err)))
                raise
            self.refresh()  # the activity log shows the download
            return data

        return mo.download(
            data=make,
            filename=f"ordrebekreftelse-{number}.pdf",
            mimetype="application/pdf",
            label="Ordrebekreftelse (PDF)",
        )


def open_page(con, actor_id: int, order_no: str) -> tuple[OrderDesk | None, mo.Html | None]:
    """The desk for the order in the URL, or what to show instead."""
    if not order_no:
        return None, ui.note(
            "Ingen ordre valgt. Åpne en ordre fra [ordrelisten](/ordrer/).", kind="info"
        )
    try:
        return OrderDesk.open(con, actor_id, order_no), None
    except AxosError as err:
        return None, mo.vstack([ui.error(err), mo.md("[Til ordrelisten](/ordrer/)")])
