"""Order confirmation PDF benchmark (run on demand, prints medians; no assertions).

    uv run python tests/bench/bench_pdf.py            # all three measurements
    uv run python tests/bench/bench_pdf.py --quick    # fewer repetitions, 1,000 vs 2,000 orders

1. Rendering a 30-line confirmation: layout only (data → bytes) and the whole library call
   render_confirmation (load, render, activity row).
2. Bulk export of 1,000 orders (PDFs per second, median of runs).
3. Peak RSS of exporting 1,000 and 10,000 orders, each export in a fresh process: the exporting
   process itself, its largest worker, and the whole process tree (sampled from /proc).

Orders are written with bulk SQL (the services would take minutes for 10,000 orders); their
stored totals come from the money module and are checked against views.totals_mismatches.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path

import polars as pl

import axos_data as ax
from axos_data import money, pdf

WORDS = (
    "konsulenttime",
    "montering",
    "lift",
    "stillas",
    "kabel",
    "rør",
    "lysrør",
    "sikringsskap",
    "betong",
    "armering",
    "gips",
    "isolasjon",
    "maling",
    "transport",
    "rigg",
    "prosjektledelse",
    "befaring",
    "dokumentasjon",
    "kaffe",
    "håndbok",
    "gákti",
    "duodji",
    "čuoldin",
    "ŋuolga",
    "šilju",
    "ŧuolla",
    "žiehkke",
    "áhkku",
)
UNITS = ("stk", "t", "m", "m²", "kg", "dag", "pakke")
RATES = (25, 25, 25, 15, 12, 0)


def seed(path: Path, orders: int, *, seed_value: int = 7) -> list[int]:
    """A database with master data and `orders` orders in status klar_til_fakturering."""
    con = ax.connect(path)
    admin = ax.add_employee(con, None, name="Kari Nordmann", email="kari@nordlys.no")
    staff = [admin] + [
        ax.add_employee(con, admin, name=f"Selger {i}", email=f"selger{i}@nordlys.no")
        for i in range(1, 5)
    ]
    customers = []
    for i in range(40):
        company = ax.add_company(
            con,
            admin,
            name=f"Kunde {i} {'Sámi Čáhppes' if i % 5 == 0 else 'Bygg'} AS",
            address=f"Storgata {i}",
            postcode=f"{1000 + i}",
            city="Tromsø" if i % 2 else "Bergen",
        )
        contact = ax.add_contact(con, admin, company_id=company, name=f"Kontakt {i}")
        customers.append((company, contact))
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
    rng = random.Random(seed_value)
    now = dt.datetime.now(dt.UTC)
    order_rows, group_rows, line_rows, line_id, group_id = [], [], [], 1, 1
    for n in range(orders):
        order_no = 10001 + n
        company, contact = customers[n % len(customers)]
        count = rng.randint(1, 30)
        groups = []
        for position in range(1, rng.choice((0, 0, 1, 2, 3)) + 1):
            groups.append(group_id)
            group_rows.append(
                (group_id, order_no, position, f"Del {position}: {rng.choice(WORDS)}")
            )
            group_id += 1
        pairs = []
        for position in range(1, count + 1):
            quantity = Decimal(rng.randint(1, 40000)) / 1000
            price = Decimal(rng.randint(100, 5_000_000)) / 100
            discount = Decimal(rng.choice((0, 0, 0, 5, 10, 12.5)))
            rate = rng.choice(RATES)
            amount = money.line_amount(quantity, price, discount)
            pairs.append((amount, rate))
            words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 18)))
            line_rows.append(
                (
                    line_id,
                    order_no,
                    rng.choice(groups) if groups and rng.random() < 0.8 else None,
                    position,
                    words.capitalize(),
                    quantity,
                    rng.choice(UNITS),
                    price,
                    discount,
                    rate,
                    amount,
                )
            )
            line_id += 1
        totals = money.totals(pairs)
        order_rows.append(
            (
                order_no,
                company,
                contact,
                rng.choice(staff),
                f"Ordre {order_no}: {rng.choice(WORDS)}",
                dt.date(2026, 1, 1) + dt.timedelta(days=n % 300),
                f"PO-{n}",
                totals.net,
                totals.vat_total,
                totals.total,
                now,
            )
        )
    _insert(con, order_rows, group_rows, line_rows)
    assert ax.views.totals_mismatches(con).height == 0
    con.close()
    return [row[0] for row in order_rows]


def _insert(con, order_rows, group_rows, line_rows) -> None:
    dec = pl.Decimal
    orders = pl.DataFrame(
        order_rows,
        schema={
            "order_no": pl.Int64,
            "customer_id": pl.Int64,
            "contact_id": pl.Int64,
            "our_contact_id": pl.Int64,
            "title": pl.String,
            "order_date": pl.Date,
            "customer_ref": pl.String,
            "net_total": dec(18, 2),
            "vat_total": dec(18, 2),
            "total": dec(18, 2),
            "stamp": pl.Datetime("us", "UTC"),
        },
        orient="row",
    )
    groups = pl.DataFrame(
        group_rows,
        schema={"id": pl.Int64, "order_no": pl.Int64, "position": pl.Int32, "title": pl.String},
        orient="row",
    )
    lines = pl.DataFrame(
        line_rows,
        schema={
            "id": pl.Int64,
            "order_no": pl.Int64,
            "group_id": pl.Int64,
            "position": pl.Int32,
            "description": pl.String,
            "quantity": dec(18, 3),
            "unit": pl.String,
            "unit_price": dec(18, 4),
            "discount_pct": dec(5, 2),
            "vat_rate": pl.Int16,
            "amount": dec(18, 2),
        },
        orient="row",
    )
    con.register("bench_orders", orders)
    con.register("bench_groups", groups)
    con.register("bench_lines", lines)
    con.execute(
        "INSERT INTO orders (order_no, customer_id, contact_id, our_contact_id, title, status,"
        " order_date, customer_ref, payment_terms_days, invoice_method, net_total, vat_total,"
        " total, created_at, updated_at)"
        " SELECT order_no, customer_id, contact_id, our_contact_id, title,"
        " 'klar_til_fakturering', order_date, customer_ref, 14, 'email', net_total, vat_total,"
        " total, stamp, stamp FROM bench_orders"
    ).fetchall()
    con.execute("INSERT INTO order_groups SELECT * FROM bench_groups").fetchall()
    con.execute(
        "INSERT INTO order_lines (id, order_no, group_id, position, description, quantity,"
        " unit, unit_price, discount_pct, vat_rate, amount)"
        " SELECT * FROM bench_lines"
    ).fetchall()
    con.execute(
        "UPDATE counters SET next_value = (SELECT max(order_no) + 1 FROM orders)"
        " WHERE name = 'order_no'"
    ).fetchall()
    con.execute("SELECT setval('order_line_id_seq', (SELECT max(id) FROM order_lines))").fetchall()
    con.execute(
        "SELECT setval('order_group_id_seq', (SELECT coalesce(max(id), 1) FROM order_groups))"
    ).fetchall()


def bench_single(path: Path, repeat: int) -> dict:
    con = ax.connect(path)
    order_no = ax.create_order(
        con, 1, customer_id=1, title="Tretti linjer", our_contact_id=2, contact_id=1
    )
    for i in range(30):
        ax.add_line(
            con,
            1,
            order_no,
            description=f"Linje {i + 1}: {' '.join(WORDS[i % 20 : i % 20 + 6])}",
            quantity=str(1 + i % 4),
            unit="t",
            unit_price="1250.50",
            vat_rate=RATES[i % len(RATES)],
        )
    data = pdf.load_confirmation(con, order_no)
    pdf.render(data)  # builds the working fonts once per process
    layout_ms = []
    for _ in range(repeat):
        started = time.perf_counter()
        pdf.render(data)
        layout_ms.append((time.perf_counter() - started) * 1000)
    call_ms = []
    for _ in range(repeat):
        started = time.perf_counter()
        pdf.render_confirmation(con, order_no)
        call_ms.append((time.perf_counter() - started) * 1000)
    con.close()
    return {
        "render_30_lines_ms": statistics.median(layout_ms),
        "render_confirmation_30_lines_ms": statistics.median(call_ms),
    }


def bench_bulk(path: Path, runs: int) -> dict:
    rates = []
    for run in range(runs):
        con = ax.connect(path)
        with tempfile.TemporaryDirectory() as out:
            result = pdf.export_confirmations(con, out, statuses=["klar_til_fakturering"])
            rates.append(result.count / result.seconds)
            assert result.count == len(list(Path(out).glob("*.pdf")))
        con.close()
        print(f"  bulk run {run + 1}: {result.count} PDFs in {result.seconds:.2f} s", flush=True)
    return {"bulk_pdfs_per_s": statistics.median(rates), "bulk_orders": result.count}


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _status_kb(pid: int, key: str) -> int:
    try:
        for row in Path(f"/proc/{pid}/status").read_text().splitlines():
            if row.startswith(key + ":"):
                return int(row.split()[1])
    except OSError:
        pass
    return 0


class TreeMemory:
    """Samples the RSS of this process and its descendants (pool workers, fork server)."""

    def __init__(self):
        self.worker_peak_kb = 0
        self.tree_peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        me = os.getpid()
        while not self._stop.wait(0.05):
            others = _descendants(me)
            for pid in others:
                self.worker_peak_kb = max(self.worker_peak_kb, _status_kb(pid, "VmHWM"))
            total = _status_kb(me, "VmRSS") + sum(_status_kb(pid, "VmRSS") for pid in others)
            self.tree_peak_kb = max(self.tree_peak_kb, total)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def export_and_measure(path: str) -> None:
    """Child process: export every order, print peak RSS of itself, its workers, the tree."""
    con = ax.connect(path)
    with TreeMemory() as memory, tempfile.TemporaryDirectory() as out:
        result = pdf.export_confirmations(con, out)
    con.close()
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the (large) benchmark process
    # this one was forked from.
    own = _status_kb(os.getpid(), "VmHWM") / 1024
    print(
        json.dumps(
            {
                "count": result.count,
                "seconds": result.seconds,
                "parent_mb": own,
                "worker_mb": memory.worker_peak_kb / 1024,
                "tree_mb": memory.tree_peak_kb / 1024,
            }
        )
    )


def measure_rss(path: Path) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--child", str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--skip-rss", action="store_true")
    args = parser.parse_args()
    if args.child:
        export_and_measure(args.child)
        return
    small, large = (1000, 2000) if args.quick else (1000, 10000)
    with tempfile.TemporaryDirectory() as folder:
        small_db = Path(folder) / "small.duckdb"
        started = time.perf_counter()
        seed(small_db, small)
        print(f"seeded {small} orders in {time.perf_counter() - started:.1f} s", flush=True)
        results = bench_single(small_db, 20 if args.quick else 100)
        print(f"30-line render (layout only):      {results['render_30_lines_ms']:.1f} ms median")
        print(
            "30-line render_confirmation (all): "
            f"{results['render_confirmation_30_lines_ms']:.1f} ms median",
            flush=True,
        )
        results.update(bench_bulk(small_db, 1 if args.quick else 3))
        print(f"bulk export of {small}: {results['bulk_pdfs_per_s']:.0f} PDFs/s median", flush=True)
        if args.skip_rss:
            return
        large_db = Path(folder) / "large.duckdb"
        seed(large_db, large)
        for label, db_file in ((small, small_db), (large, large_db)):
            rss = measure_rss(db_file)
            print(
                f"export of {label} orders: {rss['count'] / rss['seconds']:.0f} PDFs/s,"
                f" peak RSS: exporter {rss['parent_mb']:.0f} MB, largest worker"
                f" {rss['worker_mb']:.0f} MB, whole process tree {rss['tree_mb']:.0f} MB",
                flush=True,
            )


if __name__ == "__main__":
    main()
