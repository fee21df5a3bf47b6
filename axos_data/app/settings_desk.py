"""The settings page's session object (notebooks/innstillinger.py): who acts, the outcome of
the last action, and the marimo states that decide which cells re-run after a write.

Like the order page's OrderDesk (see docs/decisions.md, "App structure"), but each section
has two states of its own: a "basis" read by the cell that builds its forms, bumped only after
a successful write there, and a revision read by the cell that draws its card. A form in
another section is neither rebuilt nor redrawn, so it stays open and keeps what was typed. A
refused write stays inside its form with the input and the library's reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import marimo as mo

from axos_data.access import load_actor
from axos_data.app import forms, ui
from axos_data.model import Actor

SECTIONS = ("profile", "defaults", "flow", "fields", "products", "users")
NO_ACCESS = (
    "**Ingen tilgang.** Innstillingene kan bare endres av en administrator eller den som er"
    " gitt tilgangen «Ordreinnstillinger». Spør en administrator om du trenger den."
)
NO_ACCESS_ADMIN = (
    "**Ingen tilgang.** Endringsloggen kan bare ses av en administrator. [Til startsiden](/)"
)


def access_note(who: Actor, *, admin_only: bool = False) -> mo.Html | None:
    """What to show instead of the page when this employee may not use it (None: may)."""
    if admin_only and not who.is_admin:
        return ui.note(NO_ACCESS_ADMIN, kind="warn")
    if not who.may_manage_settings:
        return ui.note(NO_ACCESS + " [Til startsiden](/)", kind="warn")
    return None


@dataclass
class SettingsDesk(forms.AreaForms):
    con: Any
    actor_id: int
    last: tuple[str, ui.Outcome] | None = None
    _bases: dict[str, Callable] = field(default_factory=dict)
    _shown: dict[str, Callable] = field(default_factory=dict)

    @property
    def who(self) -> Actor:
        """The acting employee as stored now (a revoked grant counts at once)."""
        return load_actor(self.con, self.actor_id)

    def connect(self, **sections: tuple[Callable, Callable]) -> None:
        """Per section, the setters of (its forms' basis, its card's revision)."""
        self._bases = {area: pair[0] for area, pair in sections.items()}
        self._shown = {area: pair[1] for area, pair in sections.items()}

    def finish(self, area: str, outcome: ui.Outcome | None) -> None:
        """Record an action's outcome (shown below its section); after a success the
        section's forms are rebuilt from the stored settings. Only this section's card is
        redrawn, and the card of the previous outcome so it no longer shows: redrawing every
        card would close the panels, and drop the typing, of a form in use elsewhere."""
        if outcome is None:
            return
        before = self.section(self.last[0]) if self.last else None
        self.last = (area, outcome)
        section = self.section(area)
        if outcome.ok and section in self._bases:
            self._bases[section](lambda n: n + 1)
        for redrawn in {section, before} & self._shown.keys():
            self._shown[redrawn](lambda n: n + 1)

    def section(self, area: str) -> str:
        """The section (pair of states) an outcome's area belongs to."""
        return area


def choice_of(options: dict[str, Any], value: Any) -> str | None:
    """The dropdown label of a value (dropdowns are given label -> value)."""
    return next((label for label, v in options.items() if v == value), None)


YES_NO_UNCHANGED = {"Uendret": None, "Ja": True, "Nei": False}


def optional_position(text: object) -> str | None:
    """A typed position, or None when left empty (the library parses and refuses it)."""
    typed = str(text or "").strip()
    return typed or None
