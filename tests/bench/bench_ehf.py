"""Benchmark: validating one EHF file against both rule sets, after the rules are compiled.

Run: .venv/bin/python -m tests.bench.bench_ehf [--runs 30]. Prints the compile time and the
median / max time of validating the official Norwegian example and a 500-line invoice built
by axos_data.ehf. Target (issue 10): median under 0.2 s per file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path

import axos_data as ax
from axos_data import ehf, ehf_validate

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from conftest import seed


def _five_hundred_lines() -> bytes:
    con = ax.connect(":memory:")
    cast = seed(con)
    order_no = ax.create_order(
        con, cast.admin, customer_id=cast.customer, title="Bench", our_contact_id=cast.user
    )
    for i in range(500):
        ax.add_line(
            con,
            cast.admin,
            order_no,
            product=["KONS-T", "MAT-KG", "BOK"][i % 3],
            quantity=1 + i % 5,
            discount_pct=i % 2 * 10,
        )
    return ehf.invoice_xml(con, order_no, "B-1", dt.date(2026, 3, 2))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    start = time.perf_counter()
    ehf_validate.validator()
    compile_s = time.perf_counter() - start
    files = {
        "norwegian_example": (
            ehf_validate.peppol_dir() / "examples" / "Norwegian-example-1.xml"
        ).read_bytes(),
        "invoice_500_lines": _five_hundred_lines(),
    }
    report = {"compile_s": round(compile_s, 3)}
    for name, data in files.items():
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            assert ehf_validate.validate_bytes(data).valid
            times.append(time.perf_counter() - t)
        report[name] = {
            "median_s": round(statistics.median(times), 4),
            "max_s": round(max(times), 4),
        }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
