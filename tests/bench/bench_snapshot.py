"""Benchmark snapshots on a large demo database (run on demand).

    uv run python -m tests.bench.bench_snapshot --db /tmp/bench1m.duckdb

Opens the database read-only (a snapshot only reads) and prints: the median time of writing a
whole snapshot (every table to Parquet in one transaction, SHA-256 of every file, fsync,
rename, link swap), its size on disk, the rows written, the median time of `snapshot.open`
(manifest checked, views made) plus a first query, and the machine's load (`uptime`), since
the machine may be shared.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import duckdb

from axos_data import snapshot

QUERY = (
    "SELECT status, count(*), sum(total) FROM orders"
    " WHERE order_date >= DATE '2025-01-01' GROUP BY status ORDER BY status"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, default=Path("/tmp/bench1m.duckdb"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=None, help="Folder (default: a temp one)")
    args = parser.parse_args()
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    out = args.out or Path(tempfile.mkdtemp(prefix="axos-bench-snapshot-"))
    con = duckdb.connect(str(args.db), read_only=True)
    try:
        times, result = [], None
        for _ in range(args.runs):
            result = snapshot.write_snapshot(con, out, keep=1)
            times.append(result.seconds)
    finally:
        con.close()
    assert result is not None
    print(
        f"write_snapshot: median {statistics.median(times):.2f} s over {args.runs} runs"
        f" (min {min(times):.2f}, max {max(times):.2f});"
        f" {len(result.tables)} tables, {result.rows:,} rows, {result.bytes / 1e6:.1f} MB"
        f" (orders {result.tables['orders']:,}, order_lines {result.tables['order_lines']:,});"
        f" database file {args.db.stat().st_size / 1e6:.1f} MB"
    )
    for table in ("order_lines", "orders", "order_activity", "order_status_history"):
        size = (Path(result.path) / f"{table}.parquet").stat().st_size
        print(f"  {table}.parquet: {size / 1e6:.1f} MB")
    opens, queries, verified = [], [], []
    for _ in range(args.runs):
        started = time.perf_counter()
        s = snapshot.open(out)
        opened = time.perf_counter()
        s.execute(QUERY).fetchall()
        queried = time.perf_counter()
        s.close()
        opens.append(opened - started)
        queries.append(queried - opened)
    for _ in range(min(args.runs, 3)):
        started = time.perf_counter()
        snapshot.open(out, verify=True).close()
        verified.append(time.perf_counter() - started)
    print(
        f"open: median {statistics.median(opens) * 1000:.1f} ms; first query (orders by"
        f" status since 2025) median {statistics.median(queries) * 1000:.1f} ms;"
        f" open(verify=True) median {statistics.median(verified):.2f} s"
    )
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    if args.out is None:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
