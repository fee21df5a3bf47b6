"""First paint of the order list and the order page with several sessions at once (on demand).

    uv run axos bench pages                       # builds /tmp/bench1m.duckdb once if missing
    uv run axos bench pages --rounds 8 --sessions 4
    uv run axos bench pages --project /work/main --project .   # two code bases side by side
    uv run axos bench pages --tabs same           # each user opens every page in one tab

Starts the real app (`axos app`, one process, as a user would) on the 1,000,000-order demo
database and opens pages in headless Chromium: every round, `--sessions` browser tabs open the
same kind of page at the same moment (first the reference page, then the order list, then each
an order page of its own), and the round waits until all of them are live. By default every
page opens in a new tab; with `--tabs same` each user keeps one tab and opens the pages in it.

The reference page is the app's «Siden finnes ikke» (no marimo, no data, one small card): what
it takes to show is what the browser and the machine cost before anything of the pages
measured here, so read the other rows against it.

"First paint" is measured inside the page, from the navigation's start (performance.now() = 0)
to the first animation frame after the page's main content is in the DOM with a size:
- order list (/ordrer/): the first data row of the order table (`table.axos-orders tbody tr`
  that is not the «no orders» row);
- order page (/ordre/?order=N): the page heading (`.axos-h1`) that starts with the order number;
- reference page: its card (first paint and live are the same there).
So HTML, JavaScript, the websocket, marimo's session start, the notebook's cells and the
rendering are all in it; Playwright's own round trips are not. A tab that is not live within
--timeout counts with the timeout (a lower bound) and is reported as "never live".

Each simulated user keeps one browser profile (its cache) across rounds, as a person would;
the first round of each page kind therefore has a cold cache and is reported apart ("cold").
With several `--project` folders the servers take turns round by round on the same database
(one process may hold the file at a time), so a busy machine's noise falls on both alike.
Prints medians and p95 (nearest rank) per page kind and project, and `uptime` before/after.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, AppServer, free_port

# The reference: the app's «Siden finnes ikke» page (no marimo, no data), opened under the
# same conditions, shows what the browser and the machine cost before any page of ours.
EMPTY_PAGE = "/finnes-ikke/"
KINDS = ("empty", "list", "order")

# Installed before the page's scripts: notes the first frame in which the main content shows.
PAGE_PROBE = """
window.__axosPaint = null;
window.__axosLive = null;
(() => {
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const find = (scope) => {
    const want = window.__axosWant;
    if (!want) return null;
    if (want.kind === 'empty') {  // a page without marimo: live as soon as it shows
      const card = document.querySelector('.axos-card');
      return card && shown(card) ? card : null;
    }
    if (want.kind === 'list') {
      for (const row of document.querySelectorAll(scope + 'table.axos-orders tbody tr')) {
        if (!row.classList.contains('is-empty') && shown(row)) return row;
      }
      return null;
    }
    for (const h of document.querySelectorAll(scope + '.axos-h1')) {
      if (h.textContent.startsWith(want.prefix) && shown(h)) return h;
    }
    return null;
  };
  const pending = {};
  const note = (name, scope) => {
    if (window[name] !== null || pending[name] || !find(scope)) return;
    pending[name] = true;
    // The frame after the one that drew it has begun; never earlier than the first
    // contentful paint the browser reports (its raster may lag on a busy machine).
    requestAnimationFrame(() => requestAnimationFrame(() => {
      const at = performance.now();
      const settle = () => {
        const fcp = performance.getEntriesByName('first-contentful-paint')[0];
        if (fcp) window[name] = Math.max(at, fcp.startTime);
        else setTimeout(settle, 20);
      };
      settle();
    }));
  };
  const check = () => { note('__axosPaint', ''); note('__axosLive', '#root '); };
  new MutationObserver(check).observe(document, {subtree: true, childList: true,
                                                 characterData: true, attributes: true});
})();
"""


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def ensure_database(path: Path, orders: int) -> None:
    if path.exists():
        return
    print(f"building {path} with {orders:,} orders (once) …", flush=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "axos_data.cli",
            "--db",
            str(path),
            "demo",
            "--orders",
            str(orders),
            "--quiet",
        ],
        check=True,
    )


def order_numbers(db: Path, count: int) -> list[int]:
    import axos_data as ax

    con = ax.connect(db)
    try:
        low, high = con.execute("SELECT min(order_no), max(order_no) FROM orders").fetchone()
    finally:
        con.close()
    return random.Random(11).sample(range(low, high + 1), count)


@dataclass
class ProjectServer(AppServer):
    """`axos app` started from another checkout's own environment (its .venv, its code)."""

    project: Path = field(default_factory=Path.cwd)

    def start(self) -> ProjectServer:
        python = self.project / ".venv" / "bin" / "python"
        if self.project.resolve() == Path.cwd().resolve() or not python.exists():
            return super().start()  # this checkout: the interpreter running the bench
        saved = sys.executable, os.getcwd()
        try:
            sys.executable = str(python)
            os.chdir(self.project)
            return super().start()
        finally:
            sys.executable = saved[0]
            os.chdir(saved[1])


async def open_page(context, url: str, want: dict, timeout_s: float, page=None) -> dict:
    """Open `url` in a new tab of `context`, or in `page` (a tab the user keeps open)."""
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    own_tab = page is None
    if own_tab:
        page = await context.new_page()
    try:
        await page.add_init_script(f"window.__axosWant = {json.dumps(want)};")
        await page.goto(url, wait_until="commit")
        # A tab that never goes live counts with the timeout and is reported, not a crash.
        # Polled every 50 ms, not every frame: the harness should not add frames of its own.
        with contextlib.suppress(PlaywrightTimeout):
            await page.wait_for_function(
                "() => window.__axosLive !== null", timeout=timeout_s * 1000, polling=50
            )
        paint, live = await page.evaluate("() => [window.__axosPaint, window.__axosLive]")
        paint = timeout_s * 1000 if paint is None else paint
        timed_out = live is None
        live = timeout_s * 1000 if live is None else live
        transferred = await page.evaluate(
            """() => performance.getEntriesByType('navigation').concat(
                 performance.getEntriesByType('resource'))
               .reduce((sum, e) => sum + (e.transferSize || 0), 0)"""
        )
        return {
            "paint": paint / 1000,
            "live": live / 1000,
            "bytes": transferred,
            "timed_out": timed_out,
        }
    finally:
        if own_tab:
            await page.close()


async def run_rounds(args, servers: dict[str, AppServer], numbers: list[int]) -> dict:
    from playwright.async_api import async_playwright

    results: dict[tuple[str, str, bool], list[float]] = {}
    live: dict[tuple[str, str, bool], list[float]] = {}
    sizes: dict[tuple[str, str, bool], list[int]] = {}
    timeouts: dict[tuple[str, str, bool], int] = {}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        users = {
            name: [
                await browser.new_context(viewport={"width": 1440, "height": 1000})
                for _ in range(args.sessions)
            ]
            for name in servers
        }
        for contexts in users.values():
            for c in contexts:
                await c.add_init_script(PAGE_PROBE)
        # --tabs same: each user keeps one tab and opens every page in it, as by a link.
        tabs = {
            name: [await c.new_page() if args.tabs == "same" else None for c in contexts]
            for name, contexts in users.items()
        }
        number = iter(numbers)
        for server in servers.values():  # not measured: the process's first page
            warm = await browser.new_context()
            await warm.add_init_script(PAGE_PROBE)
            await open_page(warm, server.url + "/ordrer/", {"kind": "list"}, args.timeout)
            await warm.close()
        for round_no in range(args.rounds):
            for name, server in servers.items():
                for kind in KINDS:
                    jobs = []
                    for c, tab in zip(users[name], tabs[name], strict=True):
                        if kind == "empty":
                            url, want = server.url + EMPTY_PAGE, {"kind": "empty"}
                        elif kind == "list":
                            url, want = server.url + "/ordrer/", {"kind": "list"}
                        else:
                            n = next(number)
                            url = f"{server.url}/ordre/?order={n}"
                            want = {"kind": "order", "prefix": f"{n} ·"}
                        jobs.append(open_page(c, url, want, args.timeout, tab))
                    done = await asyncio.gather(*jobs)
                    key = (name, kind, round_no == 0)
                    results.setdefault(key, []).extend(d["paint"] for d in done)
                    live.setdefault(key, []).extend(d["live"] for d in done)
                    sizes.setdefault(key, []).extend(d["bytes"] for d in done)
                    timeouts[key] = timeouts.get(key, 0) + sum(d["timed_out"] for d in done)
                    print(
                        f"round {round_no + 1} {name:>10s} {kind:5s}: "
                        + " ".join(
                            f"{d['paint'] * 1000:5.0f}/{d['live'] * 1000:<5.0f}" for d in done
                        )
                        + " ms (paint/live)",
                        flush=True,
                    )
        await browser.close()
    return {"times": results, "live": live, "sizes": sizes, "timeouts": timeouts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/bench1m.duckdb"))
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=6, help="Rounds; the first is cold.")
    parser.add_argument("--sessions", type=int, default=4, help="Tabs opening at once.")
    parser.add_argument("--timeout", type=float, default=60, help="Seconds to wait per page.")
    parser.add_argument(
        "--tabs",
        choices=("new", "same"),
        default="new",
        help="Open every page in a new tab (default), or in each user's one open tab.",
    )
    parser.add_argument(
        "--project",
        type=Path,
        action="append",
        help="Checkout whose code serves (its .venv); repeat to compare. Default: this one.",
    )
    args = parser.parse_args()
    ensure_database(args.db, args.orders)
    projects = args.project or [Path.cwd()]
    numbers = order_numbers(args.db, args.rounds * args.sessions * len(projects))
    servers: dict[str, AppServer] = {}
    for index, project in enumerate(projects):
        name = project.resolve().name
        # One process holds a database file: every further server gets its own copy.
        db = args.db
        if index:
            db = args.db.with_name(f"{args.db.stem}.{name}{args.db.suffix}")
            shutil.copyfile(args.db, db)
        servers[name] = ProjectServer(db, free_port(), project=project)

    print(
        f"database: {args.db}   sessions at once: {args.sessions}   rounds: {args.rounds}"
        f"   tabs: {args.tabs}"
    )
    print(f"before: {uptime()}", flush=True)
    started = time.perf_counter()
    try:
        for server in servers.values():
            server.start()
        measured = asyncio.run(run_rounds(args, servers, numbers))
    finally:
        for server in servers.values():
            server.stop()
            if server.db_path != args.db:
                server.db_path.unlink(missing_ok=True)
                Path(str(server.db_path) + ".wal").unlink(missing_ok=True)
    print(f"after:  {uptime()}   ({time.perf_counter() - started:.0f} s)")
    print()
    print(
        f"{'project':>14s} {'page':6s} {'cache':5s} {'n':>3s}   first paint: {'median':>7s}"
        f" {'p95':>7s} {'max':>7s}   live: {'median':>7s} {'p95':>7s} {'max':>7s} {'KB/page':>8s}"
    )
    for key, values in sorted(measured["times"].items()):
        name, kind, cold = key
        kb = statistics.median(measured["sizes"][key]) / 1024
        alive = measured["live"][key]
        print(
            f"{name:>14s} {kind:6s} {'cold' if cold else 'warm':5s} {len(values):3d}"
            f"   {'':13s}{_ms(statistics.median(values))} {_ms(p95(values))} {_ms(max(values))}"
            f"   {'':6s}{_ms(statistics.median(alive))} {_ms(p95(alive))} {_ms(max(alive))}"
            f" {kb:8.0f}"
            + (f"   ({measured['timeouts'][key]} never live)" if measured["timeouts"][key] else "")
        )


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:5.0f}ms"


if __name__ == "__main__":
    main()
