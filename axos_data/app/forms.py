"""Form building for the notebooks: labelled fields on the app's grid, submitted as one."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable

import marimo as mo

from axos_data.app.ui import Outcome


def grid(*cells: tuple[str, str, str]) -> str:
    """A form template: (slot name, label, width "", "half", "wide" or "all") per field, labels
    above the inputs."""
    parts = [
        f'<div class="axos-field axos-w-{width or "one"}"><span class="axos-field-label">{label}'
        f"</span>{{{name}}}</div>"
        for name, label, width in cells
    ]
    return f'<div class="axos-form-grid">{"".join(parts)}</div>'


def form(
    template: str,
    fields: dict,
    label: str,
    write: Callable[[dict], Outcome | None],
    *,
    done: Callable[[Outcome], None],
    drafts: dict | None = None,
    key: str = "",
) -> mo.ui.form:
    """A form laid out by an HTML template with {name} slots.

    Submitting runs `write(values)` in marimo's `validate` hook, before the form gives up its
    input: a refused write (an Outcome that is not ok) returns its message, which marimo shows
    inside the form above the fields, and the form keeps what the user typed (and, with
    `drafts`, remembers it under `key` so a rebuilt form can show it again). Only a write
    that succeeded lets the submit through; `done(outcome)` then runs from `on_change`, where
    the page may report and reload (which rebuilds, and so empties, the form)."""
    succeeded: list[Outcome] = []

    def validate(raw: object) -> str | None:
        if not isinstance(raw, dict):
            return None
        # The frontend value of the batch, converted the way marimo converts it on submit
        # (dropdown labels become their ids …). Read through `_value`: `.value` is refused
        # here, since validate runs in the context of the cell that created the form.
        built.element._update_value(raw)
        outcome = write(built.element._value)
        if outcome is None:
            return None
        if not outcome.ok:
            if drafts is not None:
                drafts[key] = raw
            return outcome.text
        if drafts is not None:
            drafts.pop(key, None)
        succeeded.append(outcome)
        return None

    def submitted(_values: object) -> None:
        while succeeded:
            done(succeeded.pop(0))

    built = (
        mo.Html(template)
        .batch(**fields)
        .form(
            submit_button_label=label,
            bordered=False,
            validate=validate,
            on_change=submitted,
        )
    )
    return built


class Draft:
    """What the user typed into a form whose write was refused (the form's frontend values),
    so a form rebuilt by a reload starts from it instead of the stored data."""

    def __init__(self, raw: dict | None):
        self.raw = raw or {}

    def text(self, name: str, default: object) -> object:
        return self.raw.get(name, default)

    def choice(self, name: str, options: dict | list, default: str | None) -> str | None:
        """A dropdown's label: the typed choice while it is still on offer."""
        if name not in self.raw:
            return default
        picked = self.raw[name]
        label = picked[0] if isinstance(picked, list) and picked else None
        if label is None:
            return None
        return label if label in options else default


def iso_date(text: str):
    with contextlib.suppress(ValueError):
        return dt.date.fromisoformat(text)
    return None


def differs(new: object, old: object) -> bool:
    if new in (None, "") and old in (None, ""):
        return False
    return str(new) != str(old)
