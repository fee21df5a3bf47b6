"""Benchmark the analysts' read API on the 1,000,000-order database (run on demand).

    uv run python -m tests.bench.bench_api_read --source /tmp/bench1m.duckdb

Serves a COPY of the source with `axos app` (never the source itself) and reads `order_lines`
(≈5M rows) through it as Arrow, Parquet and CSV, several runs each, printing medians:
- wire: the HTTP answer read and dropped in 1 MB chunks (what the server delivers);
- client: `axos_data.remote.connect().table("order_lines", format=…)` to a polars DataFrame;
and the server's resident memory: before the first read and its peak while streaming
(sampled every 50 ms), so a growth of the size of the table would show.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

from axos_data import remote, remote_channel
from tests.bench.bench_app import _rss_mb
from tests.e2e.conftest import AppServer, free_port

TABLE = "order_lines"
FORMATS = ("arrow", "parquet", "csv")


class PeakRss(threading.Thread):
    """The highest resident memory of a process while it runs (until stop())."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = _rss_mb(pid)
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.05):
            self.peak = max(self.peak, _rss_mb(self.pid))

    def stop(self) -> float:
        self.done.set()
        self.join()
        return self.peak


def _wire(url: str, token: str, fmt: str) -> int:
    """Bytes of one answer, read and dropped."""
    request = urllib.request.Request(
        f"{url}/api/v1/tables/{TABLE}?format={fmt}", headers={"Authorization": f"Bearer {token}"}
    )
    total = 0
    with urllib.request.urlopen(request, timeout=600) as answer:
        while chunk := answer.read(1 << 20):
            total += len(chunk)
    return total


def _measure(label: str, runs: int, pid: int, work) -> tuple[float, float, object]:
    """Median seconds of `work()`, the server's peak RSS during the runs, the last result."""
    times = []
    sampler = PeakRss(pid)
    sampler.start()
    result = None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    peak = sampler.stop()
    print(f"  {label}: runs {', '.join(f'{t:.2f}' for t in times)} s", flush=True)
    return statistics.median(times), peak, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=Path("/tmp/bench1m.duckdb"))
    parser.add_argument("--copy", type=Path, default=Path("/tmp/api-read-bench-1m.duckdb"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--formats", default=",".join(FORMATS))
    args = parser.parse_args()

    shutil.copyfile(args.source, args.copy)
    server = AppServer(args.copy, free_port())
    try:
        server.start()
        app = remote_channel.find_app(args.copy)
        assert app is not None, "the app wrote no server file"
        axos = remote.connect(app.url, app.token)
        listing_s, _, listing = _measure("GET /tables", args.runs, server.process.pid, axos.tables)
        rows = listing.filter(name=TABLE)["rows"][0]
        pid = server.process.pid
        baseline = _rss_mb(pid)
        print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
        print(f"{TABLE}: {rows:,} rows; server RSS before reading {baseline:.0f} MB", flush=True)
        results = []
        for fmt in args.formats.split(","):
            wire_s, wire_peak, size = _measure(
                f"{fmt} wire", args.runs, pid, lambda f=fmt: _wire(app.url, app.token, f)
            )
            client_s, client_peak, frame = _measure(
                f"{fmt} client", args.runs, pid, lambda f=fmt: axos.table(TABLE, format=f)
            )
            assert frame.height == rows, (fmt, frame.height, rows)
            del frame
            results.append((fmt, size, wire_s, client_s, max(wire_peak, client_peak)))
        print()
        print("| format | MB on the wire | wire s | wire rows/s | wire MB/s | client s |"
              " client rows/s | server peak RSS (MB) |")  # fmt: skip
        print("|---|---|---|---|---|---|---|---|")
        for fmt, size, wire_s, client_s, peak in results:
            mb = size / 1e6
            print(
                f"| {fmt} | {mb:,.0f} | {wire_s:.2f} | {rows / wire_s:,.0f} | {mb / wire_s:,.0f}"
                f" | {client_s:.2f} | {rows / client_s:,.0f} | {peak:,.0f} |"
            )
        print(f"\nGET /api/v1/tables ({listing.height} tables with row counts): {listing_s:.3f} s")
        print(f"server RSS: {baseline:.0f} MB before, {_rss_mb(pid):.0f} MB after all reads")
        print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    finally:
        server.stop()
        for leftover in (args.copy, args.copy.with_name(args.copy.name + ".wal")):
            if leftover.exists():
                os.unlink(leftover)


if __name__ == "__main__":
    main()
