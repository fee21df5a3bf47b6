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
    clear: bool = False,
) -> mo.ui.form:
    """A form laid out by an HTML template with {name} slots (`mo.Html(...).batch(...).form()`).

    Submitting runs `write(values)` in marimo's `validate` hook, before the form gives up its
    input: a refused write (an Outcome that is not ok) returns its message, which marimo shows
    inside the form above the fields, and the form keeps what the user typed. Only a write
    that succeeded lets the submit through; `done(outcome)` then runs from `on_change`, where
    the page reports and reloads its data. With `clear`, marimo empties the form after a
    successful submit (for forms that add something; forms that edit a record are rebuilt
    from the saved record instead)."""
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
            return outcome.text
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
            clear_on_submit=clear,
            validate=validate,
            on_change=submitted,
        )
    )
    return built


def labelled(label: str, *elements: object, width: str = "all") -> mo.Html:
    """One labelled cell of the app's form grid holding widgets made by the calling cell
    (embedded by marimo's own formatting of UI elements in HTML)."""
    inner = "".join(f"{element}" for element in elements)
    if len(elements) > 1:
        inner = f'<div class="axos-field-pair">{inner}</div>'
    return mo.Html(
        f'<div class="axos-form-grid"><div class="axos-field axos-w-{width}">'
        f'<span class="axos-field-label">{label}</span>{inner}</div></div>'
    )


def iso_date(text: str):
    with contextlib.suppress(ValueError):
        return dt.date.fromisoformat(text)
    return None


def differs(new: object, old: object) -> bool:
    if new in (None, "") and old in (None, ""):
        return False
    return str(new) != str(old)


class AreaForms:
    """What a page "desk" (order_desk.OrderDesk, settings_desk.SettingsDesk) shares: forms
    grouped in areas, and the last outcome shown under the area that caused it. The desk
    provides `last` ((area, outcome) or None) and `finish(area, outcome)`."""

    last: tuple[str, Outcome] | None

    def finish(self, area: str, outcome: Outcome | None) -> None:
        raise NotImplementedError

    def form(
        self,
        area: str,
        template: str,
        fields: dict,
        label: str,
        write: Callable[[dict], Outcome | None],
        *,
        clear: bool = False,
    ) -> mo.ui.form:
        """A form whose write runs on submit; a refusal stays in the form with the input."""
        return form(
            template, fields, label, write, done=lambda o: self.finish(area, o), clear=clear
        )

    def outcome(self, *areas: str) -> mo.Html:
        """The last action's outcome, when it belongs to one of these areas (a form refused
        by the library says why inside the form itself)."""
        if self.last is None or self.last[0] not in areas:
            return mo.Html("")
        return mo.Html(f'<div class="axos-result" role="status">{self.last[1].message.text}</div>')
