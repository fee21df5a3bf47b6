"""The «Egne analyser» card at the foot of /analyse/: links to the analysts' own notebooks
this app serves (analyst_pages.published()), so colleagues find them from the built-in page.

Kept apart from analyst_pages, which routes requests and stays free of marimo widgets. The
card is absent (None) when the app serves no notebooks (`axos app` without `--notebooks`, or
an empty folder): an empty card would only say there is nothing.
"""

from __future__ import annotations

import marimo as mo

from axos_data.app import analyst_pages, ui


def own_analyses_card() -> mo.Html | None:
    """One link per served notebook, by title (titles and links HTML-escaped)."""
    pages = analyst_pages.published()
    if not pages:
        return None
    links = "".join(
        f'<li><a href="{ui.esc(page.href)}" data-notebook="{ui.esc(page.name)}">'
        f"{ui.esc(page.title)}</a></li>"
        for page in pages
    )
    return ui.card(
        "Egne analyser",
        '<p class="axos-muted">Notatbøker analytikerne har publisert i appen.</p>'
        f'<ul class="axos-an-links">{links}</ul>',
    )
