"""Benchmark: exporting 10,000 orders as one invoice basis batch (all files plus EHF).

Run: .venv/bin/python -m tests.bench.bench_invoice_export [--orders 10000]. Builds a demo
database in a temp folder, makes `--orders` orders ready for invoicing, fills in the company
profile, and exports them; prints the time, the EHF count and the peak RSS.
Target (issue 10): under 30 s with flat memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path

import axos_data as ax
from axos_data.demo.load import load_demo


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=10_000)
    count = parser.parse_args().orders
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
                }
            )
        )


if __name__ == "__main__":
    main()
