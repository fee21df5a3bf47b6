"""The app's form wrapper: a refused write keeps the input (and says why in the form); only a
success is submitted and reported."""

from __future__ import annotations

import marimo as mo
from marimo._plugins.ui._impl.input import ValueArgs

from axos_data.app import forms, ui


def _form(write, done, clear=False):
    fields = {
        "title": mo.ui.text(value=""),
        "kind": mo.ui.dropdown({"Første": 1, "Andre": 2}, value="Første"),
    }
    template = forms.grid(("title", "Tittel", ""), ("kind", "Type", ""))
    return forms.form(template, fields, "Lagre", write, done=done, clear=clear)


def test_a_refused_write_returns_its_message_and_is_not_submitted():
    done, seen = [], []

    def write(values):
        seen.append(values)
        return ui.refused("Tittel mangler.")

    form = _form(write, done.append)
    typed = {"title": "  ", "kind": ["Andre"]}
    assert form._validate(ValueArgs(value=typed)) == "Tittel mangler."
    assert seen == [{"title": "  ", "kind": 2}]  # converted as marimo converts on submit
    assert done == []


def test_only_a_successful_write_is_reported():
    done = []
    form = _form(lambda values: ui.attempt(lambda: 7, lambda n: f"Lagret {n}."), done.append)
    assert form._validate(ValueArgs(value={"title": "Ny", "kind": ["Første"]})) is None
    assert done == []
    form._on_change(None)  # marimo calls on_change once the submit went through
    assert [o.text for o in done] == ["Lagret 7."]
    form._on_change(None)  # a repeated change event reports nothing twice
    assert len(done) == 1


def test_an_adding_form_asks_marimo_to_empty_it_after_a_successful_submit():
    """Forms that add something are not rebuilt after a write; marimo clears them itself."""
    adding = _form(lambda values: None, lambda o: None, clear=True)
    editing = _form(lambda values: None, lambda o: None)
    assert adding._component_args["clear-on-submit"] is True
    assert editing._component_args["clear-on-submit"] is False
