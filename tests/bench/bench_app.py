"""Benchmark the workbench in headless Chromium on a large demo database (run on demand).

    uv run axos --db /tmp/bench1m.duckdb demo --orders 1000000     # once, ~40-60 s
    uv run python -m tests.bench.bench_app --db /tmp/bench1m.duckdb

Prints medians of: typing a search term -> updated table visible; changing the status filter
-> updated table visible; opening an order page -> lines visible; and the server's resident
memory with 10 open sessions. Times are taken inside the page: from the user's input or click
event (or the navigation's start) to the moment the new numbers are in the DOM, so debounce,
request, query, websocket and rendering are all included, Playwright's own round trips not.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

import axos_data as ax
from axos_data import views
from axos_data.app import ui
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, AppServer, free_port

SEARCH_BOX = "Ordrenr., tittel, kunde eller deres referanse"
STATUSES = ["Under arbeid", "Klar til fakturering", "Fakturert", "Purret", "Betalt"]


def _rss_mb(pid: int) -> float:
    """Resident memory of the process and its children (marimo runs sessions as threads)."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for each in pids:
        for line in Path(f"/proc/{each}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def _expected(db: Path, terms: list[str]) -> tuple[dict[str, int], dict[tuple, int], list[int]]:
    con = ax.connect(db)
    try:
        searches = {
            t: views.order_list(con, views.OrderFilter(search=t)).total_count for t in terms
        }
        keys = dict(zip(STATUSES, [r["key"] for r in views.statuses(con).to_dicts()], strict=False))
        combos = {}
        chosen: list[str] = []
        for label in STATUSES:
            chosen.append(label)
            flt = views.OrderFilter(statuses=[keys[c] for c in chosen])
            combos[tuple(chosen)] = views.order_list(con, flt).total_count
        sample = random.Random(4).sample(range(10_001, 10_001 + 900_000), 12)
        return searches, combos, sample
    finally:
        con.close()


# Installed before the page's own scripts: remembers when the user's last input/click event
# happened and when the list summary / the order lines last changed, in the page's own clock,
# so the numbers are what a person sees (no Playwright round trips in them).
PAGE_PROBE = """
window.__axos = {};
document.addEventListener('input', () => { window.__axos.input = performance.now(); }, true);
document.addEventListener('click', () => { window.__axos.click = performance.now(); }, true);
new MutationObserver(() => {
  const s = document.querySelector('.axos-summary');
  const text = s ? s.textContent : null;
  if (text !== window.__axos.summary) {
    window.__axos.summary = text;
    window.__axos.summaryAt = performance.now();
  }
  if (!window.__axos.linesAt && document.querySelector('.axos-lines')) {
    window.__axos.linesAt = performance.now();
  }
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


def _wait_count(page, count: int, since: str) -> float:
    """Seconds from the user's event (`since`: input or click) to the new count on screen."""
    text = f"{ui.count(count)} ordrer"
    page.wait_for_function(
        "t => (window.__axos.summary || '').startsWith(t)", arg=text, timeout=30_000
    )
    probe = page.evaluate("() => window.__axos")
    return (probe["summaryAt"] - probe[since]) / 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=Path("/tmp/bench1m.duckdb"))
    parser.add_argument("--sessions", type=int, default=10)
    args = parser.parse_args()
    terms = [
        "server",
        "kurs",
        "10042",
        "lager",
        "hms",
        "bygg",
        "vedlikehold",
        "po-123",
        "energi",
        "kontor",
        "ventilasjon",
        "varmepumpe",
    ]
    searches, combos, orders = _expected(args.db, terms)
    from playwright.sync_api import sync_playwright

    server = AppServer(args.db, free_port()).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 1000})
            page.add_init_script(PAGE_PROBE)
            page.goto(server.url + "/ordrer/")
            page.wait_for_selector(".axos-orders", timeout=60_000)

            search_times = []
            box = page.get_by_placeholder(SEARCH_BOX)
            previous = None
            for term in terms:
                if searches[term] == previous:
                    continue
                box.fill(term)
                search_times.append(_wait_count(page, searches[term], "input"))
                previous = searches[term]
            box.fill("")
            page.wait_for_timeout(1500)

            filter_times = []
            filters = page.locator("section.axos-filters")
            for chosen, count in combos.items():
                filters.get_by_role("checkbox", name=chosen[-1], exact=True).check()
                filter_times.append(_wait_count(page, count, "click"))

            open_times = []
            for number in orders:
                # From the navigation's start (the click on a row) to the lines on screen.
                page.goto(f"{server.url}/ordre/?order={number}")
                page.wait_for_selector(".axos-lines", timeout=60_000)
                open_times.append(page.evaluate("() => window.__axos.linesAt") / 1000)

            sessions = []
            for index in range(args.sessions):
                tab = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
                path = "/ordrer/" if index % 2 == 0 else f"/ordre/?order={orders[index]}"
                tab.goto(server.url + path)
                tab.wait_for_selector(".axos-orders, .axos-lines", timeout=60_000)
                sessions.append(tab)
            for index, tab in enumerate(sessions):
                if index % 2 == 0:
                    tab.get_by_placeholder(SEARCH_BOX).fill(terms[index % len(terms)])
            time.sleep(3)
            rss = _rss_mb(server.process.pid)
            browser.close()
    finally:
        server.stop()

    def report(name: str, values: list[float]) -> None:
        print(
            f"{name:48s} median {statistics.median(values) * 1000:7.0f} ms"
            f"  (n={len(values)}, min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})"
        )

    print(f"database: {args.db}")
    report("search typed -> updated table visible", search_times)
    report("status filter changed -> updated table visible", filter_times)
    report("order page opened -> lines visible", open_times)
    print(f"{'server RSS with ' + str(args.sessions) + ' open sessions':48s} {rss:7.0f} MB")


if __name__ == "__main__":
    main()
