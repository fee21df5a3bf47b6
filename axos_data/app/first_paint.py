"""A server-rendered first paint for the pages people open most: the order list and an order.

marimo's frontend is several megabytes of JavaScript that every tab parses and runs before it
opens its websocket; only then does the session's kernel run the notebook and send the first
output. On a busy 2-core machine with a few tabs opening at once that alone takes seconds
(measured with tests/bench/bench_pages.py), while the server has the answer in milliseconds.
So the page's HTML carries a preview of its main content, rendered here with the same library
and page helpers the notebook cells use: the top bar and the order's heading and details, or
the first page of the default order list. It is inert (nothing in it can be half-used) and
hidden from assistive technology, and a few lines of script remove it in the same task in
which marimo's own rendering of that content appears, so the two never show at once.

A page whose URL the preview cannot reproduce exactly (a filtered list, an unknown order)
gets no preview and simply waits for marimo, as before.
"""

from __future__ import annotations

import functools
import html

import polars as pl

import axos_data as ax
from axos_data import views
from axos_data.app import context, lists, order_page, pages, ui
from axos_data.errors import AxosError

PREVIEW_ID = "axos-first-paint"

# Removes the preview once marimo has rendered the same content inside its own root (a
# MutationObserver callback runs before the browser paints again), or after a minute at most
# so a page whose session failed shows marimo's message.
_SCRIPT = (
    f"<script>(()=>{{const p=document.getElementById('{PREVIEW_ID}');if(!p)return;"
    "const sel='#root '+p.dataset.until;let o;"
    "const drop=()=>{p.remove();if(o)o.disconnect();};"
    "o=new MutationObserver(()=>{if(document.querySelector(sel))drop();});"
    "o.observe(document.documentElement,{subtree:true,childList:true});"
    "setTimeout(drop,60000);})();</script>"
)

_STYLE = (
    # Where marimo's run page puts the cells (measured at 700-1440 px wide), in its font.
    f"<style>#{PREVIEW_ID}{{position:absolute;inset:0 0 auto 0;min-height:100vh;z-index:50;"
    "background:#f5f7fa;padding:43px clamp(72px,calc(4vw + 44px),120px) 2rem;"
    'box-sizing:border-box;font-family:"PT Sans",sans-serif;color:#1c2433}'
    f"#{PREVIEW_ID} .axos-fp-gap{{margin-top:35px}}"
    f"#{PREVIEW_ID} .axos-fp-cols{{display:grid;grid-template-columns:2.2fr 1fr;gap:1.25rem;"
    "align-items:start;margin-top:60px}"
    f"#{PREVIEW_ID} .axos-fp-stack{{display:flex;flex-direction:column;gap:1rem}}"
    # The base rules of marimo's stylesheet that the app's own CSS builds on (that sheet comes
    # after the first paint), at no specificity so the app's rules still win as on the page.
    f"#{PREVIEW_ID}{{line-height:1.5}}:where(#{PREVIEW_ID}) *{{box-sizing:border-box}}"
    f":where(#{PREVIEW_ID}) a{{color:inherit;text-decoration:inherit}}"
    f":where(#{PREVIEW_ID}) table{{border-collapse:collapse}}"
    f":where(#{PREVIEW_ID}) :is(h1,h2,h3,h4,p){{margin:0;font-size:inherit;font-weight:inherit}}"
    "</style>"
)


def _css() -> str:
    """The app's stylesheet, inlined: a stylesheet to fetch would hold up the first paint."""
    return (pages.notebooks_dir() / "axos.css").read_text(encoding="utf-8")


@functools.cache
def _fonts() -> str:
    """marimo's PT Sans, declared as marimo's stylesheet does (which comes after the first
    paint) and fetched at once, so the preview shows in the font the live page has."""
    assets = pages.marimo_static() / "assets"
    links, faces = [], []
    for weight, stem in ((400, "PTSans-Regular"), (700, "PTSans-Bold")):
        for font in sorted(assets.glob(f"{stem}-*.woff2"))[:1]:
            url = f"/_marimo/assets/{font.name}"
            links.append(
                f'<link rel="preload" href="{url}" as="font" type="font/woff2" crossorigin>'
            )
            faces.append(
                '@font-face{font-display:block;font-family:"PT Sans";font-style:normal;'
                f'font-weight:{weight};src:url({url}) format("woff2")}}'
            )
    return "".join(links) + f"<style>{''.join(faces)}</style>"


def _wrap(until: str, body: str) -> str:
    """The start of the page: its own head (nothing in it to fetch but marimo's PT Sans) and
    the preview. marimo's whole document follows it; an HTML parser folds that second
    document's doctype, <html>, <head> and <body> tags into this one and keeps their contents
    (page_html.after_first_paint holds marimo's styles and scripts back until this preview has
    been drawn)."""
    return (
        '<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"{_fonts()}<style>{_css()}</style>{_STYLE}</head><body>"
        f'<div id="{PREVIEW_ID}" inert aria-hidden="true" data-until="{html.escape(until)}">'
        f"{body}</div>{_SCRIPT}"
    )


def order_preview(order_no: str) -> str | None:
    """The top bar, heading and details of one order, or None when it cannot be shown."""
    if not order_no.strip():
        return None
    try:
        con = context.cursor()
        detail = views.order_detail(con, order_no.strip())
    except AxosError:
        return None  # the notebook explains it; a preview would only flash the top bar
    # The order's own cards read `detail` (and the invoice method names); activity, history,
    # relations and files come with the live page.
    empty = pl.DataFrame()
    view = order_page.OrderView(
        detail=detail,
        activity=empty,
        history=empty,
        relations=empty,
        files=empty,
        allowed=[],
        invoice_methods=ax.invoice_methods(con),
    )
    body = (
        ui.header("ordrer").text
        + f'<div class="axos-fp-gap">{order_page.title(view).text}</div>'
        + '<div class="axos-fp-cols"><div class="axos-fp-stack">'
        + order_page.lines_card(view).text
        + order_page.totals_card(view).text
        + f"</div><div>{order_page.details_card(view).text}</div></div>"
    )
    return _wrap(".axos-page-title .axos-h1", body)


def list_preview(query_string: str) -> str | None:
    """The top bar and the first page of the unfiltered order list, or None."""
    if query_string:
        return None  # filters, sort and paging are restored by the notebook's widgets
    con = context.cursor()
    result = lists.run(con, lists.ListQuery(), (None, 0), lambda _position: None)
    if result.page is None:
        return None
    body = (
        ui.header("ordrer").text
        # Holds the filters' place (they are widgets, so they come live) to spare a jump.
        + '<div class="axos-fp-gap axos-card axos-muted" style="min-height:280px">'
        + "Filtrene lastes …</div>"
        + '<div class="axos-fp-gap">'
        + lists.summary(result).text
        + lists.table(con, result).text
        + "</div>"
    )
    return _wrap("table.axos-orders", body)


def preview_for(
    path: str, query: dict[str, list[str]], query_string: str, user: dict | None = None
) -> str | None:
    """The preview for a page path (`/ordre/`, `/ordrer/`), or None for every other page."""
    with context.acting_as(user):
        return _preview(path, query, query_string)


def _preview(path: str, query: dict[str, list[str]], query_string: str) -> str | None:
    if path == "/ordre/":
        numbers = query.get("order") or [""]
        return order_preview(numbers[0]) if len(query) == 1 else None
    if path == "/ordrer/":
        return list_preview(query_string)
    return None
