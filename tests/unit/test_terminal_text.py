"""axos_data.terminal.visible: what a terminal would obey is shown, not obeyed."""

import pathlib

import pytest

from axos_data.terminal import visible


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b]0;tittel\x07", "\\x1b]0;tittel\\x07"),
        ("\x00\x08\x1f", "\\x00\\x08\\x1f"),
        ("a\x7fb", "a\\x7fb"),
        ("\x85\x9b\x9f", "\\x85\\x9b\\x9f"),
        ("\u202a\u202b\u202c\u202d\u202e", "\\u202a\\u202b\\u202c\\u202d\\u202e"),
        ("\u2066\u2067\u2068\u2069", "\\u2066\\u2067\\u2068\\u2069"),
        ("\u2028\u2029", "\\u2028\\u2029"),
        ("tab\there", "tab\\there"),
        ("to\nlinjer", "to\\nlinjer"),
    ],
)
def test_controls_and_bidi_overrides_are_escaped(raw, shown):
    assert visible(raw) == shown


@pytest.mark.parametrize(
    "text",
    ["Kantine", "Čáhppes Sámi ÆØÅ æøå", "שלום עולם", "مرحبا", "🙂👍🏽", "C:\\mappe", "\u200f"],
)
def test_ordinary_text_and_right_to_left_letters_are_left_alone(text):
    assert visible(text) == text


def test_newlines_can_be_kept_for_whole_lines_of_output():
    assert visible("a\nb\x1bc", keep_newlines=True) == "a\nb\\x1bc"


def test_every_cli_module_prints_through_the_one_escaping_echo():
    """click.echo directly would bypass the escaping; only _common may call it."""
    folder = pathlib.Path(__file__).resolve().parents[2] / "axos_data" / "cli"
    offenders = [
        path.name
        for path in folder.glob("*.py")
        if path.name != "_common.py"
        and ("click.echo(" in path.read_text() or "print(" in path.read_text())
    ]
    assert offenders == []
