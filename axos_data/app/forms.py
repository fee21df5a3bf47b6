"""Form building for the notebooks: labelled fields on the app's grid, submitted as one."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable

import marimo as mo


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
    template: str, fields: dict, label: str, on_submit: Callable, *, clear: bool = False
) -> mo.ui.form:
    """A form laid out by an HTML template with {name} slots; submitting calls `on_submit`
    with the values by name."""
    return (
        mo.Html(template)
        .batch(**fields)
        .form(
            submit_button_label=label,
            bordered=False,
            clear_on_submit=clear,
            on_change=on_submit,
        )
    )


def iso_date(text: str):
    with contextlib.suppress(ValueError):
        return dt.date.fromisoformat(text)
    return None


def differs(new: object, old: object) -> bool:
    if new in (None, "") and old in (None, ""):
        return False
    return str(new) != str(old)
