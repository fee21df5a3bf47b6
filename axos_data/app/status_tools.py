"""The order page's status change (with the confirmed reopen of a final status) and comments,
as a part of `order_actions.Actions` (which supplies `_form`, `_draft`, `view` and the rest)."""

from __future__ import annotations

import marimo as mo

import axos_data as ax
from axos_data.app import forms, ui


class StatusTools:
    """Status and comment forms of the order page."""

    def _status_fields(self, options: dict[str, str], note_hint: str) -> dict:
        """The new status and its note, starting from what a refused attempt left."""
        d = self._draft("status")
        return {
            "status": mo.ui.dropdown(
                options,
                value=d.choice("status", options, None),
                allow_select_none=True,
                full_width=True,
            ),
            "note": mo.ui.text(value=d.text("note", ""), placeholder=note_hint, full_width=True),
        }

    def status_form(self) -> mo.Html:
        if not self.view.allowed:
            return ui.note("Ingen statusendringer er tillatt for deg fra denne statusen.")
        options = {label: key for key, label in self.view.allowed}
        if self.view.header["status_is_final"]:
            return self._reopen_form(options)
        fields = self._status_fields(options, "Valgfritt notat")
        template = forms.grid(("status", "Ny status", "all"), ("note", "Notat", "all"))
        return self._form("status", template, fields, "Endre status", self._change_status)

    def _reopen_form(self, options: dict[str, str]) -> mo.Html:
        """A paid or cancelled order is reopened only on purpose: the admin gives a reason
        (the library requires it) and confirms, since it undoes a payment or a cancellation."""
        label = ui.esc(self.view.header["status_label"])
        fields = self._status_fields(options, "Hvorfor gjenåpnes ordren?")
        fields["confirm"] = mo.ui.checkbox(
            value=bool(self._draft("status").text("confirm", False)),
            label=f"Ja, gjenåpne ordren selv om den er {label.lower()}",
        )
        warning = mo.Html(
            f'<p class="axos-warning">Ordren har status <b>{label}</b>, som er endelig.'
            " Gjenåpning krever en begrunnelse og logges.</p>"
        )
        template = forms.grid(
            ("status", "Gjenåpne til status", "all"),
            ("note", "Begrunnelse (påkrevd)", "all"),
            ("confirm", "Bekreft", "all"),
        )
        form = self._form("status", template, fields, "Gjenåpne ordren", self._reopen)
        return mo.vstack([warning, form], gap=0.25)

    def _reopen(self, values: dict | None) -> ui.Outcome | None:
        if not values:
            return None
        if values["status"] and not values["confirm"]:
            return ui.refused("Kryss av for at du vil gjenåpne ordren, og send på nytt.")
        return self._change_status(values)

    def _change_status(self, values: dict | None) -> ui.Outcome | None:
        if not values:
            return None
        if not values["status"]:
            return ui.refused("Velg en ny status først.")
        labels = dict(self.view.allowed)
        return ui.attempt(
            lambda: ax.change_status(
                self.con,
                self.actor,
                self.number,
                values["status"],
                note=values["note"] or None,
                expected_version=self.view.version,
            ),
            lambda _: f"Status endret til «{labels.get(values['status'], values['status'])}».",
        )

    def comment_form(self) -> mo.Html:
        text = mo.ui.text_area(
            value=self._draft("comment").text("text", ""),
            placeholder="Skriv en kommentar …",
            full_width=True,
            rows=3,
        )
        return self._form(
            "comment",
            "{text}",
            {"text": text},
            "Legg til kommentar",
            lambda v: self._comment(v and v["text"]),
        )

    def _comment(self, text: str | None) -> ui.Outcome | None:
        if not text:
            return None
        return ui.attempt(
            lambda: ax.add_comment(self.con, self.actor, self.number, text),
            lambda _: "Kommentaren er lagt til.",
        )
