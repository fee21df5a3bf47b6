"""Page speed (issue 8 item 11): the server-rendered first paint of the order list and the
order page, marimo's page HTML kept until its notebook changes, and marimo's frontend files
served compressed with cache headers. The ASGI app is driven in-process (the whole app as
`axos app` builds it, on the demo database); the last tests use the real server in Chromium."""

from __future__ import annotations

import asyncio
import gzip
import html
import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from playwright.sync_api import expect

from axos_data import views
from axos_data.app import context, page_html, pages, server, ui
from axos_data.app.first_paint import PREVIEW_ID
from axos_data.app.origin_guard import allowed_hosts_for

from .conftest import AppServer, free_port

HOST = "127.0.0.1:2718"


def _get(app, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
    """One GET through the ASGI app, as uvicorn would pass it."""
    target, _, query = path.partition("?")
    raw = [(b"host", HOST.encode())] + [
        (k.lower().encode(), v.encode()) for k, v in (headers or {}).items()
    ]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": target,
        "raw_path": target.encode(),
        "root_path": "",
        "query_string": query.encode(),
        "headers": raw,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 2718),
    }
    answer: dict = {"body": b""}

    async def run() -> None:
        done = asyncio.Event()
        requested = False

        async def receive() -> dict:
            nonlocal requested
            if not requested:
                requested = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await done.wait()  # file responses listen for the client leaving meanwhile
            return {"type": "http.disconnect"}

        async def send(message: dict) -> None:
            if message["type"] == "http.response.start":
                answer["status"] = message["status"]
                answer["headers"] = {k.decode().lower(): v.decode() for k, v in message["headers"]}
            elif message["type"] == "http.response.body":
                answer["body"] += message.get("body", b"")
                if not message.get("more_body", False):
                    done.set()

        await app(scope, receive, send)

    # In a thread of its own: Playwright's sync API keeps an event loop in the test's thread.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, run()).result()
    return answer["status"], answer["headers"], answer["body"]


def _app(notebooks: Path | None = None):
    return server.build_app(notebooks=notebooks, allowed_hosts=allowed_hosts_for("127.0.0.1", 2718))


def _preview(body: bytes) -> str | None:
    text = body.decode("utf-8")
    match = re.search(rf'<div id="{PREVIEW_ID}".*?</div><script>', text, re.S)
    return match.group(0) if match else None


def test_order_page_html_opens_with_the_order_and_marimo_follows(app_context):
    con = app_context.cursor()
    number = con.execute("SELECT min(order_no) FROM orders").fetchone()[0]
    detail = views.order_detail(con, str(number))
    status, headers, body = _get(_app(), f"/ordre/?order={number}")
    assert status == 200
    text = body.decode("utf-8")
    assert text.startswith('<!DOCTYPE html><html lang="nb">')
    preview = _preview(body)
    assert preview is not None
    assert f"{number} · {ui.esc(detail.header['title'])}" in preview
    assert "Ordrelinjer" in preview and "Sum og MVA" in preview and "Ordredetaljer" in preview
    assert " inert " in preview and 'aria-hidden="true"' in preview
    # marimo's own document is all there after it, so the frontend starts as before.
    assert '<div id="root"></div>' in text and text.index(PREVIEW_ID) < text.index('id="root"')
    # The preview shows data as it is now: never kept or revalidated by the browser.
    assert headers["cache-control"] == "no-store" and "etag" not in headers


def _starts_work(text: str) -> list[str]:
    return re.findall(
        r"<script\b[^>]*>.*?</script>|<link\b[^>]*rel=\"(?:stylesheet|modulepreload|preload)\"[^>]*>",
        text,
        re.S,
    )


def _signature(element: str) -> str:
    """What a script or link is, the same for every notebook: its file, or how its text starts."""
    source = re.search(r'(?:src|href)="([^"]+)"', element)
    if source:
        return source.group(1)
    return " ".join(re.sub(r"<[^>]+>", " ", element).split())[:30]


def test_marimo_is_held_back_until_the_preview_is_drawn(app_context):
    con = app_context.cursor()
    number = con.execute("SELECT min(order_no) FROM orders").fetchone()[0]
    app = _app()
    _, _, plain = _get(app, "/ny-ordre/")  # a page without a preview: marimo as it comes
    marimo_parts = _starts_work(plain.decode("utf-8"))
    assert any('type="module"' in p for p in marimo_parts)
    assert any("modulepreload" in p for p in marimo_parts)
    assert any("__MARIMO_MOUNT_CONFIG__" in p for p in marimo_parts)
    for path in (f"/ordre/?order={number}", "/ordrer/"):
        text = _get(app, path)[2].decode("utf-8")
        before, _, rest = text.partition(f'<template id="{page_html.LATER_ID}">')
        held, _, after = rest.partition("</template>")
        # In front of the template only the preview's own: its font, the bell, translations
        # and its removal; every script, stylesheet and preload of marimo's is held, in the
        # order marimo wrote them, and the script that starts them comes last.
        own = ("PTSans-", "bell.js", "nb.js", PREVIEW_ID)
        assert all(any(mark in p for mark in own) for p in _starts_work(before)), path
        held_parts = _starts_work(held)
        assert [_signature(p) for p in held_parts] == [_signature(p) for p in marimo_parts]
        assert any('type="module"' in p for p in held_parts), path
        assert after.startswith("<script>") and page_html.LATER_ID in after, path
        assert '<div id="root"></div>' in before, path


def test_pages_the_preview_cannot_reproduce_get_none(app_context):
    app = _app()
    for path in ("/ordre/?order=99999999", "/ordre/?order=abc", "/ordre/", "/ordrer/?q=kurs"):
        status, _, body = _get(app, path)
        assert status == 200, path
        assert PREVIEW_ID not in body.decode("utf-8"), path
        assert b'<div id="root"></div>' in body, path
    _, _, body = _get(app, "/ny-ordre/")
    assert PREVIEW_ID.encode() not in body


def test_order_list_preview_is_the_first_page_of_the_default_list(app_context):
    con = app_context.cursor()
    first_page = views.order_list(con, views.OrderFilter(), sort=views.DEFAULT_SORT, limit=50)
    numbers = first_page.rows["order_no"].to_list()
    status, _, body = _get(_app(), "/ordrer/")
    preview = _preview(body)
    assert status == 200 and preview is not None
    shown = [int(n) for n in re.findall(r'<tr data-order="(\d+)"', preview)]
    assert shown == numbers
    assert f"<b>{ui.count(first_page.total_count)}</b> ordrer" in preview


def test_marimo_page_html_is_kept_until_the_notebook_changes(app_context, tmp_path):
    folder = tmp_path / "notebooks"
    shutil.copytree(pages.notebooks_dir(), folder)
    app = _app(folder)
    _, _, first = _get(app, "/ny-ordre/")
    _, _, again = _get(app, "/ny-ordre/", {"if-none-match": "*"})
    assert first == again and b"<title>" in first
    notebook = folder / "ny_ordre.py"
    source = notebook.read_text(encoding="utf-8")
    title = re.search(r'app_title="([^"]+)"', source).group(1)
    notebook.write_text(source.replace(title, "Endret tittel"), encoding="utf-8")
    stamp = notebook.stat().st_mtime + 5
    os.utime(notebook, (stamp, stamp))
    _, _, changed = _get(app, "/ny-ordre/")
    assert b"Endret tittel" in changed and html.escape(title).encode() not in changed


def _an_asset(suffix: str) -> Path:
    import marimo

    folder = Path(marimo.__file__).parent / "_static" / "assets"
    return max(folder.glob(f"*{suffix}"), key=lambda p: p.stat().st_size)


def test_frontend_files_come_compressed_and_cached_for_good(app_context):
    app = _app()
    script = _an_asset(".js")
    status, headers, body = _get(
        app, f"/_marimo/assets/{script.name}", {"accept-encoding": "gzip, deflate, br"}
    )
    assert status == 200
    assert headers["content-encoding"] == "gzip" and "javascript" in headers["content-type"]
    assert gzip.decompress(body) == script.read_bytes()
    assert len(body) < script.stat().st_size / 2
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    # A client that does not take gzip gets the file as it is.
    status, headers, body = _get(app, f"/_marimo/assets/{script.name}")
    assert status == 200 and body == script.read_bytes() and "content-encoding" not in headers
    font = _an_asset(".woff2")
    status, headers, body = _get(app, f"/_marimo/assets/{font.name}", {"accept-encoding": "gzip"})
    assert body == font.read_bytes() and "content-encoding" not in headers
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    status, _, _ = _get(app, "/_marimo/assets/../../__init__.py", {"accept-encoding": "gzip"})
    assert status == 404


# --- in the browser ------------------------------------------------------------------------


def _expected(db: Path) -> tuple[int, str, str]:
    context.reset()
    ctx = context.configure(db)
    try:
        con = ctx.cursor()
        number = con.execute("SELECT min(order_no) + 3 FROM orders").fetchone()[0]
        _, _, order_body = _get(_app(), f"/ordre/?order={number}")
        _, _, list_body = _get(_app(), "/ordrer/")
        return number, _preview(order_body), _preview(list_body)
    finally:
        context.reset()


def _texts(page, selector: str) -> list[str]:
    return page.locator(selector).evaluate_all("els => els.map(e => e.textContent.trim())")


def test_live_page_replaces_the_preview_with_the_same_content(demo_db, page):
    number, order_preview, list_preview = _expected(demo_db)
    heading = re.search(r'class="axos-h1"[^>]*>([^<]+)<', order_preview).group(1)
    first_row = re.search(r"<tbody><tr[^>]*>(.*?)</tr>", list_preview, re.S).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", first_row, re.S)
    first_cells = [html.unescape(re.sub("<[^>]+>", "", c)).strip() for c in cells]
    srv = AppServer(demo_db, free_port()).start()
    try:
        page.goto(f"{srv.url}/ordre/?order={number}")
        expect(page.locator("#root .axos-h1")).to_have_text(html.unescape(heading))
        expect(page.locator(f"#{PREVIEW_ID}")).to_have_count(0)
        expect(page.locator(".axos-h1")).to_have_count(1)
        page.goto(f"{srv.url}/ordrer/")
        expect(page.locator("#root table.axos-orders tbody tr").first).to_be_visible()
        expect(page.locator(f"#{PREVIEW_ID}")).to_have_count(0)
        assert _texts(page, "#root table.axos-orders tbody tr:first-child td") == first_cells
        assert page.evaluate("document.documentElement.lang") == "nb"
        assert page.title() == "Ordre – Axos"
    finally:
        srv.stop()


def test_marimo_starts_after_the_preview_is_on_screen(demo_db, page):
    number, order_preview, _ = _expected(demo_db)
    heading = html.unescape(re.search(r'class="axos-h1"[^>]*>([^<]+)<', order_preview).group(1))
    srv = AppServer(demo_db, free_port()).start()
    try:
        for path in (f"/ordre/?order={number}", "/ordrer/"):
            page.goto(f"{srv.url}{path}")
            if path.startswith("/ordre/"):
                expect(page.locator("#root .axos-h1")).to_have_text(heading)
            else:
                expect(page.locator("#root table.axos-orders tbody tr").first).to_be_visible()
            painted, first_asset, css_applied = page.evaluate(
                """() => {
                  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
                  const frontend = performance.getEntriesByType('resource')
                    .filter(e => e.name.includes('/_marimo/assets/') && !e.name.endsWith('.woff2'));
                  const sheets = [...document.styleSheets].map(s => s.href || '');
                  return [fcp.startTime, Math.min(...frontend.map(e => e.startTime)),
                          sheets.some(href => href.includes('/_marimo/'))];
                }"""
            )
            # Nothing of marimo's frontend (only its PT Sans, for the preview) is even requested
            # before the preview has been drawn; then its stylesheets and scripts load, and the
            # live page replaces the preview.
            assert first_asset >= painted, (path, painted, first_asset)
            assert css_applied, path
            expect(page.locator(f"#{PREVIEW_ID}")).to_have_count(0)
            expect(page.locator(f"#{page_html.LATER_ID}")).to_have_count(0)
    finally:
        srv.stop()
