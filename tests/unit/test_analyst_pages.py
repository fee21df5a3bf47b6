"""Which analyst notebooks the app serves at /analyse/<name>/: URL-safe names only, never a
name the built-in /analyse/ page's own routes use, never a broken or world-writable file."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from axos_data.app import analyst_pages
from axos_data.app.analyst_pages import RESERVED, Published, file_problem, name_problem

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "notebooks" / "ordrer_per_maned.py"


@pytest.mark.parametrize("name", ["ordrer_per_maned", "dso-2026", "a", "x" * 64])
def test_url_safe_names_are_accepted(name):
    assert name_problem(name) is None


@pytest.mark.parametrize(
    "name",
    ["Ordrer", "ordre rapport", "_hjelper", "-x", "rapport.v2", "ørret", "..", "a/b", "x" * 65, ""],
)
def test_names_that_are_no_url_segment_are_refused_in_norwegian(name):
    assert "kan ikke brukes i en adresse" in name_problem(name)


@pytest.mark.parametrize("name", sorted(RESERVED))
def test_names_of_the_builtin_page_routes_are_reserved(name):
    assert "reservert for appens egen /analyse/-side" in name_problem(name)


def test_the_marimo_routes_below_a_notebook_are_reserved():
    # marimo serves these below every notebook; /analyse/ws is the built-in page's websocket.
    assert {"api", "ws", "assets", "public", "auth", "ws_sync", "sse"} <= RESERVED


def test_the_example_notebook_is_servable(tmp_path):
    path = tmp_path / EXAMPLE.name
    shutil.copyfile(EXAMPLE, path)
    os.chmod(path, 0o644)
    assert file_problem(path) is None


def test_a_syntax_error_is_named_with_its_line(tmp_path):
    path = tmp_path / "i_stykker.py"
    path.write_text("import marimo\napp = marimo.App()\n\n@app.cell\ndef _(:\n    return\n")
    assert "syntaksfeil på linje 5" in file_problem(path)


def test_a_plain_script_is_not_served(tmp_path):
    path = tmp_path / "skript.py"
    path.write_text("print('hei')\n")
    assert "er ikke en marimo-notatbok" in file_problem(path)


def test_a_file_everyone_may_change_is_not_served(tmp_path):
    path = tmp_path / "rapport.py"
    shutil.copyfile(EXAMPLE, path)
    os.chmod(path, 0o666)
    assert "kan endres av alle brukere" in file_problem(path)


def test_published_lists_the_servable_notebooks_by_title(tmp_path, monkeypatch):
    monkeypatch.setattr(analyst_pages, "_folder", None)
    assert analyst_pages.published() == []
    shutil.copyfile(EXAMPLE, tmp_path / EXAMPLE.name)
    shutil.copyfile(EXAMPLE, tmp_path / "Stor Bokstav.py")
    shutil.copyfile(EXAMPLE, tmp_path / "_hjelper.py")
    (tmp_path / "skript.py").write_text("print('hei')\n")

    async def inner(scope, receive, send):
        raise AssertionError("not called")

    analyst_pages.AnalystNotebooks(inner, tmp_path, asset_url="/_marimo")
    assert analyst_pages.published() == [Published("ordrer_per_maned", "Ordrer per måned – Axos")]
    assert analyst_pages.published()[0].href == "/analyse/ordrer_per_maned/"
