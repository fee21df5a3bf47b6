"""Benchmark: exporting 10,000 orders as one invoice basis batch (all files plus EHF).

Run: .venv/bin/python -m tests.bench.bench_invoice_export [--orders 1000 10000] [--runs 3].
For each count and run, in a fresh process: builds a demo database in a temp folder, makes the
orders ready for invoicing, fills in the company profile, and exports them; prints the time,
the CPU seconds of the export (this process and the validation workers: on a shared machine
the wall time follows the load, the CPU time much less), the load average, the EHF count and
the peak RSS before and after the export (and of the workers). Then prints the medians per
count and the peak RSS growth side by side: flat memory means the growth does not follow the
order count. Target (issue 10): 10,000 orders under 30 s with flat memory.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
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
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run(args.one)
        return
    runs: dict[int, list[dict]] = {count: [] for count in args.orders}
    for _ in range(args.runs):  # counts interleaved, so a change of load hits both
        for count in args.orders:
            output = subprocess.run(
                [sys.executable, "-m", "tests.bench.bench_invoice_export", "--one", str(count)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            runs[count].append(json.loads(output.strip().splitlines()[-1]))
            print(json.dumps(runs[count][-1]), flush=True)

    def median(key: str) -> dict:
        return {n: round(statistics.median(r[key] for r in rs), 2) for n, rs in runs.items()}

    print(
        json.dumps(
            {
                "median_seconds": median("seconds"),
                "median_cpu_seconds": median("cpu_seconds"),
                "median_load": median("load_before"),
                "peak_rss_growth_mb": {
                    n: max(r["peak_rss_mb"] - r["peak_rss_mb_before"] for r in rs)
                    for n, rs in runs.items()
                },
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
        load_before = os.getloadavg()[0]
        cpu_before = _cpu()
        start = time.perf_counter()
        batch = ax.export_invoices(con, admin, Path(tmp) / "out")
        seconds = time.perf_counter() - start
        cpu_seconds = _cpu() - cpu_before
        ehf_files = sum(1 for name in batch.files if name.startswith("ehf/"))
        print(
            json.dumps(
                {
                    "orders": len(batch.order_nos),
                    "ehf_files": ehf_files,
                    "seconds": round(seconds, 2),
                    "cpu_seconds": round(cpu_seconds, 2),
                    "load_before": round(load_before, 2),
                    "peak_rss_mb_before": round(rss_before / 1024),
                    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                    "worker_peak_rss_mb": round(
                        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
                    ),
                }
            )
        )


def _cpu() -> float:
    """User + system CPU seconds of this process and its finished children (the workers)."""
    own, workers = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


if __name__ == "__main__":
    main()
