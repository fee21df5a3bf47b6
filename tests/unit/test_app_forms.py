"""The app's form wrapper: a refused write keeps the input (and says why in the form); only a
success is submitted and reported."""

from __future__ import annotations

import marimo as mo
from marimo._plugins.ui._impl.input import ValueArgs

from axos_data.app import forms, ui


def _form(write, done, drafts):
    fields = {
        "title": mo.ui.text(value=""),
        "kind": mo.ui.dropdown({"Første": 1, "Andre": 2}, value="Første"),
    }
    template = forms.grid(("title", "Tittel", ""), ("kind", "Type", ""))
    return forms.form(template, fields, "Lagre", write, done=done, drafts=drafts, key="f")


def test_a_refused_write_returns_its_message_and_keeps_the_draft():
    done, drafts, seen = [], {}, []

    def write(values):
        seen.append(values)
        return ui.refused("Tittel mangler.")

    form = _form(write, done.append, drafts)
    typed = {"title": "  ", "kind": ["Andre"]}
    assert form._validate(ValueArgs(value=typed)) == "Tittel mangler."
    assert seen == [{"title": "  ", "kind": 2}]  # converted as marimo converts on submit
    assert drafts == {"f": typed} and done == []
    draft = forms.Draft(drafts["f"])
    assert draft.text("title", "x") == "  "
    assert draft.choice("kind", {"Første": 1, "Andre": 2}, "Første") == "Andre"
    assert draft.choice("kind", {"Første": 1}, "Første") == "Første"  # no longer offered


def test_only_a_successful_write_is_reported_and_forgets_the_draft():
    done, drafts = [], {"f": {"title": "gammelt"}}
    form = _form(
        lambda values: ui.attempt(lambda: 7, lambda n: f"Lagret {n}."), done.append, drafts
    )
    assert form._validate(ValueArgs(value={"title": "Ny", "kind": ["Første"]})) is None
    assert drafts == {} and done == []
    form._on_change(None)  # marimo calls on_change once the submit went through
    assert [o.text for o in done] == ["Lagret 7."]
    form._on_change(None)  # a repeated change event reports nothing twice
    assert len(done) == 1
