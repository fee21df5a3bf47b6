"""Finance page benchmark: the reads behind /okonomi/ on the 1,000,000-order demo database.

    uv run python tests/bench/bench_finance.py [--db /tmp/bench1m.duckdb] [--runs 7]

Builds the database with `axos demo --orders 1000000` when it is missing. Times each section's
builder the way the page's cells call it (the library views plus the HTML tables), and the
whole page's data (all sections) per run; prints medians. Target (issue 10): under 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import axos_data as ax
from axos_data.app import finance_page
from axos_data.views import invoicing

AXOS = str(Path(sys.executable).with_name("axos"))


def sections(con) -> dict:
    def ready():
        rows = invoicing.ready_for_invoicing(con)
        finance_page.ready_section(rows)
        finance_page.sums_table(rows, "customer")
        finance_page.sums_table(rows, "employee")

    return {
        "klar til fakturering (+ summer)": ready,
        "bunter": lambda: finance_page.batches_table(con),
        "reskontro: status": lambda: finance_page.summary_table(con),
        "reskontro: aldersfordeling": lambda: finance_page.ageing_table(con),
        "reskontro: differanser": lambda: finance_page.differences_table(con),
        "reskontro: uten treff": lambda: finance_page.unmatched_section(con),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/bench1m.duckdb"))
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if not args.db.exists():
        subprocess.run(
            [AXOS, "--db", str(args.db), "demo", "--orders", str(args.orders), "--quiet"],
            check=True,
        )
    con = ax.connect(args.db)
    orders = con.execute("SELECT count(*) FROM orders").fetchone()[0]
    ready = len(invoicing.ready_for_invoicing(con))
    print(f"database: {args.db}  orders: {orders:,}  ready for invoicing: {ready:,}")
    timings: dict[str, list[float]] = {name: [] for name in sections(con)}
    timings["hele siden"] = []
    for _ in range(args.runs):
        page_start = time.perf_counter()
        for name, build in sections(con).items():
            start = time.perf_counter()
            build()
            timings[name].append(time.perf_counter() - start)
        timings["hele siden"].append(time.perf_counter() - page_start)
    con.close()
    for name, values in timings.items():
        print(f"{name:34s} median {statistics.median(values) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
