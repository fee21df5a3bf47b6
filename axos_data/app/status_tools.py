"""The order page's status change (with the confirmed reopen of a final status) and comments:
builders take the page's `OrderDesk`, the writes are plain functions of it."""

from __future__ import annotations

import marimo as mo

import axos_data as ax
from axos_data.app import forms, ui
from axos_data.app.order_desk import OrderDesk


def _status_fields(options: dict[str, str], note_hint: str) -> dict:
    return {
        "status": mo.ui.dropdown(options, allow_select_none=True, full_width=True),
        "note": mo.ui.text(placeholder=note_hint, full_width=True),
    }


def status_form(desk: OrderDesk) -> mo.ui.form | None:
    """None when this employee may not change the status from here (see `status_layout`)."""
    view = desk.view
    if not view.allowed:
        return None
    options = {label: key for key, label in view.allowed}
    if view.header["status_is_final"]:
        return _reopen_form(desk, options)
    fields = _status_fields(options, "Valgfritt notat")
    template = forms.grid(("status", "Ny status", "all"), ("note", "Notat", "all"))
    return desk.form(
        "status", template, fields, "Endre status", lambda v: change_status(desk, v), clear=True
    )


def _reopen_form(desk: OrderDesk, options: dict[str, str]) -> mo.ui.form:
    """A paid or cancelled order is reopened only on purpose: the admin gives a reason
    (the library requires it) and confirms, since it undoes a payment or a cancellation."""
    label = ui.esc(desk.view.header["status_label"])
    fields = _status_fields(options, "Hvorfor gjenåpnes ordren?")
    fields["confirm"] = mo.ui.checkbox(label=f"Ja, gjenåpne ordren selv om den er {label.lower()}")
    template = forms.grid(
        ("status", "Gjenåpne til status", "all"),
        ("note", "Begrunnelse (påkrevd)", "all"),
        ("confirm", "Bekreft", "all"),
    )
    return desk.form(
        "status", template, fields, "Gjenåpne ordren", lambda v: reopen(desk, v), clear=True
    )


def status_layout(desk: OrderDesk, form: mo.ui.form | None) -> mo.Html:
    view = desk.view
    if form is None:
        body = ui.note("Ingen statusendringer er tillatt for deg fra denne statusen.")
    elif view.header["status_is_final"]:
        label = ui.esc(view.header["status_label"])
        warning = mo.Html(
            f'<p class="axos-warning">Ordren har status <b>{label}</b>, som er endelig.'
            " Gjenåpning krever en begrunnelse og logges.</p>"
        )
        body = mo.vstack([warning, form], gap=0.25)
    else:
        body = form
    return ui.card("Endre status", body)


def reopen(desk: OrderDesk, values: dict | None) -> ui.Outcome | None:
    if not values:
        return None
    if values["status"] and not values["confirm"]:
        return ui.refused("Kryss av for at du vil gjenåpne ordren, og send på nytt.")
    return change_status(desk, values)


def change_status(desk: OrderDesk, values: dict | None) -> ui.Outcome | None:
    if not values:
        return None
    if not values["status"]:
        return ui.refused("Velg en ny status først.")
    labels = dict(desk.view.allowed)
    return ui.attempt(
        lambda: ax.change_status(
            desk.con,
            desk.actor,
            desk.number,
            values["status"],
            note=values["note"] or None,
            expected_version=desk.version,
        ),
        lambda _: f"Status endret til «{labels.get(values['status'], values['status'])}».",
    )


def comment_form(desk: OrderDesk) -> mo.ui.form:
    text = mo.ui.text_area(placeholder="Skriv en kommentar …", full_width=True, rows=3)
    return desk.form(
        "comment",
        "{text}",
        {"text": text},
        "Legg til kommentar",
        lambda v: comment(desk, v and v["text"]),
        clear=True,
    )


def comment(desk: OrderDesk, text: str | None) -> ui.Outcome | None:
    if not text:
        return None
    return ui.attempt(
        lambda: ax.add_comment(desk.con, desk.actor, desk.number, text),
        lambda _: "Kommentaren er lagt til.",
    )
