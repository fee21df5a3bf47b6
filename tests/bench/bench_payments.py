"""Payment import benchmark: 100,000 payments from one CSV against a demo database.

    uv run python tests/bench/bench_payments.py [--db /tmp/payments-bench.duckdb]
        [--orders 300000] [--payments 100000] [--runs 3] [--reuse]

The CSV is generated against the database's invoiced orders: about two thirds pay an order in
full (the order moves to Betalt), some pay part, some over, and the rest carry unknown KIDs.
Each run imports into a fresh copy of the database (an import changes it) and measures the
whole `import_payments` call: reading and parsing the file, matching, and the transaction.
Prints the median. Target (issue 10): under 10 s.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import axos_data as ax
from axos_data import no

AXOS = str(Path(sys.executable).with_name("axos"))


def build(path: Path, orders: int) -> None:
    for suffix in ("", ".wal"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    subprocess.run(
        [AXOS, "--db", str(path), "demo", "--orders", str(orders), "--quiet"],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def write_csv(path: Path, db: Path, count: int) -> dict[str, int]:
    con = ax.connect(db)
    rows = con.execute(
        "SELECT o.order_no, o.total FROM orders o JOIN statuses s ON s.key = o.status"
        " WHERE s.category = 'invoiced' AND o.total > 0 ORDER BY o.order_no"
    ).fetchall()
    con.close()
    rng = random.Random(7)
    kinds = {"full": 0, "part": 0, "over": 0, "unknown": 0}
    lines = ["Dato;Beløp;KID;Betaler;Tekst"]
    for i in range(count):
        day = f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.2026"
        if i < len(rows) and i < count * 0.9:
            order_no, total = rows[i]
            kind = rng.choices(["full", "part", "over"], [8, 1, 1])[0]
            amount = {"full": total, "part": total / 2, "over": total + 100}[kind]
            kid = no.make_kid(order_no)
        else:
            kind, amount, kid = "unknown", rng.randint(100, 99_999), no.make_kid(10**9 + i)
        kinds[kind] += 1
        text = f"{amount:.2f}".replace(".", ",")
        lines.append(f"{day};{text};{kid};Betaler {i};Faktura {i}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"invoiced_orders": len(rows), **kinds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/payments-bench.duckdb"))
    parser.add_argument("--orders", type=int, default=300_000)
    parser.add_argument("--payments", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="Use --db as it is.")
    args = parser.parse_args()
    if not (args.reuse and args.db.exists()):
        start = time.perf_counter()
        build(args.db, args.orders)
        print(f"demo database: {args.orders:,} orders in {time.perf_counter() - start:.1f} s")
    with tempfile.TemporaryDirectory() as folder:
        csv = Path(folder) / "innbetalinger.csv"
        mix = write_csv(csv, args.db, args.payments)
        print(f"CSV: {args.payments:,} payments, {csv.stat().st_size / 1e6:.1f} MB, {mix}")
        times = []
        for run in range(args.runs):
            copy = Path(folder) / f"run{run}.duckdb"
            shutil.copyfile(args.db, copy)
            con = ax.connect(copy)
            start, cpu = time.perf_counter(), time.process_time()
            result = ax.import_payments(con, _admin(con), csv)
            times.append(time.perf_counter() - start)
            cpu = time.process_time() - cpu
            con.close()
            copy.unlink()
            print(
                f"run {run + 1}: {times[-1]:.2f} s (CPU {cpu:.2f} s) — {result.new:,} new,"
                f" {result.matched:,} matched, {len(result.paid_orders):,} to Betalt,"
                f" {len(result.differences):,} differences, {len(result.unmatched):,} unmatched"
            )
    print(f"median import of {args.payments:,} payments: {statistics.median(times):.2f} s")


def _admin(con) -> int:
    return ax.access.acting_employee(con).id


if __name__ == "__main__":
    main()
