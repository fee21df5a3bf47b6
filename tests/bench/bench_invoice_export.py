"""Benchmark: exporting 10,000 orders as one invoice basis batch (all files plus EHF).

Run: .venv/bin/python -m tests.bench.bench_invoice_export [--orders 1000 10000]. For each
count, in a fresh process: builds a demo database in a temp folder, makes the orders ready
for invoicing, fills in the company profile, and exports them; prints the time, the EHF count
and the peak RSS before and after the export (and of the validation workers). Then prints the
peak RSS growth of each run side by side: flat memory means the growth does not follow the
order count. Target (issue 10): 10,000 orders under 30 s with flat memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import axos_data as ax
from axos_data.demo.load import load_demo


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run(args.one)
        return
    runs = []
    for count in args.orders:
        output = subprocess.run(
            [sys.executable, "-m", "tests.bench.bench_invoice_export", "--one", str(count)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        runs.append(json.loads(output.strip().splitlines()[-1]))
        print(json.dumps(runs[-1]), flush=True)
    print(
        json.dumps(
            {
                "peak_rss_growth_mb": {
                    r["orders"]: r["peak_rss_mb"] - r["peak_rss_mb_before"] for r in runs
                },
                "seconds": {r["orders"]: r["seconds"] for r in runs},
            }
        )
    )


def run(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        con = ax.connect(Path(tmp) / "bench.duckdb")
        load_demo(con, count, progress=False)
        admin = con.execute("SELECT min(id) FROM employees WHERE role = 'admin'").fetchone()[0]
        ax.update_settings(
            con,
            admin,
            company_name="Nordlys Systemer AS",
            company_orgnr="923609016",
            company_address="Storgata 10",
            company_postcode="0155",
            company_city="Oslo",
            company_bank_account="12345678903",
        )
        # Bench setup, not a service: every order ready for invoicing.
        con.execute("UPDATE orders SET status = 'klar_til_fakturering'")
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        batch = ax.export_invoices(con, admin, Path(tmp) / "out")
        seconds = time.perf_counter() - start
        ehf_files = sum(1 for name in batch.files if name.startswith("ehf/"))
        print(
            json.dumps(
                {
                    "orders": len(batch.order_nos),
                    "ehf_files": ehf_files,
                    "seconds": round(seconds, 2),
                    "peak_rss_mb_before": round(rss_before / 1024),
                    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                    "worker_peak_rss_mb": round(
                        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
                    ),
                }
            )
        )


if __name__ == "__main__":
    main()
