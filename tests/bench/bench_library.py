"""Library benchmark on a 1,000,000-order demo database (run on demand, prints medians).

    uv run python tests/bench/bench_library.py [--db /tmp/bench1m.duckdb] [--orders 1000000]
        [--reuse]

Measures: the demo load (wall time, peak memory of the loading process, file size), the
order list with a filter and a search term (first page + total count), status-filter paging,
the overview of a big and a small customer and of an employee, the order detail, a status
change, and converting a 20-line quote.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import axos_data as ax

AXOS = str(Path(sys.executable).with_name("axos"))


def median_ms(action: Callable[[int], object], runs: int, warmup: int = 2) -> float:
    for i in range(warmup):
        action(i)
    times = []
    for i in range(runs):
        start = time.perf_counter()
        action(warmup + i)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def load(path: Path, orders: int) -> None:
    for suffix in ("", ".wal"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    start = time.perf_counter()
    subprocess.run(
        [AXOS, "--db", str(path), "demo", "--orders", str(orders), "--quiet"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    size_mb = path.stat().st_size / 1e6
    print(
        f"demo load of {orders:,} orders: {seconds:.1f} s, peak RSS {peak_mb:.0f} MB,"
        f" file {size_mb:.0f} MB"
    )


def _keys(con, sql: str) -> list[int]:
    return [r[0] for r in con.execute(sql).fetchall()]


def bench_reads(con, runs: int) -> None:
    searches = ["bygg", "kantine", "fjord", "po-1234", "server", "nett", "helse", "10500"]
    by_size = "SELECT customer_id FROM orders GROUP BY 1 ORDER BY count(*) {}, 1 LIMIT 40"
    big_customers = _keys(con, by_size.format("DESC"))
    # Small customers: the typical one (median ≈ 20 orders), not the few giants.
    small_customers = _keys(
        con,
        "SELECT customer_id FROM orders GROUP BY 1 HAVING count(*) BETWEEN 10 AND 30"
        " ORDER BY 1 LIMIT 40",
    )
    employees = _keys(con, "SELECT id FROM employees ORDER BY id LIMIT 40")
    first, last = con.execute("SELECT min(order_no), max(order_no) FROM orders").fetchall()[0]
    # Spread over the whole range: a point read must not depend on where the order is.
    order_nos = [first + (last - first) * k // 97 for k in range(97)]

    def listing(i: int) -> None:
        page = ax.views.order_list(
            con, ax.views.OrderFilter(categories=["closed"], search=searches[i % len(searches)])
        )
        assert page.total_count >= page.rows.height

    def plain_filter(i: int) -> None:
        ax.views.order_list(con, ax.views.OrderFilter(statuses=["fakturert"]), offset=i * 50)

    def overview(kind: str, keys: list[int]) -> Callable[[int], object]:
        return lambda i: ax.views.overview(con, kind, keys[i % len(keys)])

    def detail(i: int) -> None:
        ax.views.order_detail(con, order_nos[i % len(order_nos)])

    print(f"order list, filter + search, first page + count: {median_ms(listing, runs):.1f} ms")
    print(f"order list, status filter, paging: {median_ms(plain_filter, runs):.1f} ms")
    print(
        "per-customer overview, big customer:"
        f" {median_ms(overview('customer', big_customers), runs):.1f} ms"
    )
    print(
        "per-customer overview, small customer:"
        f" {median_ms(overview('customer', small_customers), runs):.1f} ms"
    )
    print(f"employee overview: {median_ms(overview('employee', employees), runs):.1f} ms")
    print(f"order detail: {median_ms(detail, runs):.1f} ms")


def bench_writes(con, runs: int) -> None:
    admin = con.execute("SELECT min(id) FROM employees WHERE role = 'admin'").fetchall()[0][0]
    open_orders = [
        r[0]
        for r in con.execute(
            "SELECT order_no FROM orders WHERE status = 'under_arbeid' ORDER BY order_no LIMIT ?",
            [runs + 2],
        ).fetchall()
    ]

    def change(i: int) -> None:
        order_no = open_orders[i % len(open_orders)]
        ax.change_status(con, admin, order_no, "klar_til_fakturering", note="benchmark")
        ax.change_status(con, admin, order_no, "under_arbeid")

    print(f"status change (history + activity): {median_ms(change, runs) / 2:.1f} ms")

    customer = con.execute("SELECT min(id) FROM companies").fetchall()[0][0]
    lines = [
        {
            "product": f"P{(k % 40) + 1:04d}",
            "quantity": str(k + 1),
            "discount_pct": "5",
            "group": f"Del {k // 7 + 1}",
        }
        for k in range(20)
    ]
    quotes = []
    for _ in range(runs + 2):
        quote_id = ax.create_quote(
            con,
            admin,
            customer_id=customer,
            title="Benchmark-tilbud",
            our_contact_id=admin,
            lines=lines,
            status="accepted",
        )
        quotes.append(quote_id)
    print(
        f"convert a 20-line quote: "
        f"{median_ms(lambda i: ax.convert_quote(con, admin, quotes[i]), runs):.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/bench1m.duckdb"))
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--reuse", action="store_true", help="Keep an existing database.")
    parser.add_argument("--runs", type=int, default=25)
    args = parser.parse_args()
    if not (args.reuse and args.db.exists()):
        load(args.db, args.orders)
    con = ax.connect(args.db)
    bench_reads(con, args.runs)
    bench_writes(con, args.runs)
    con.close()


if __name__ == "__main__":
    main()
