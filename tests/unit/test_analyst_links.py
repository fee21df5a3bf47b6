"""The «Egne analyser» card of /analyse/: a link per served analyst notebook, titles
escaped, and no card at all when the app serves none."""

from __future__ import annotations

import os
from pathlib import Path

from axos_data.app import analyst_links, analyst_pages

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "notebooks" / "ordrer_per_maned.py"


def test_the_card_links_each_served_notebook_with_its_title_escaped(tmp_path, monkeypatch):
    text = EXAMPLE.read_text()
    assert 'app_title="Ordrer per måned – Axos"' in text
    path = tmp_path / "salg_og_margin.py"
    path.write_text(text.replace("Ordrer per måned – Axos", "Salg & <margin>"))
    os.chmod(path, 0o644)
    monkeypatch.setattr(analyst_pages, "_folder", tmp_path)
    html = analyst_links.own_analyses_card().text
    assert "Egne analyser" in html
    assert '<a href="/analyse/salg_og_margin/"' in html
    assert "Salg &amp; &lt;margin&gt;" in html and "<margin>" not in html


def test_no_card_without_served_notebooks(tmp_path, monkeypatch):
    monkeypatch.setattr(analyst_pages, "_folder", None)  # axos app without --notebooks
    assert analyst_links.own_analyses_card() is None
    monkeypatch.setattr(analyst_pages, "_folder", tmp_path)  # a folder with none in it
    assert analyst_links.own_analyses_card() is None
