"""Concurrency inside one process, as the app runs it: 8 threads share one connection (one
cursor each) and mix reads and writes for a bounded time. The only errors allowed are the
domain's own answers to a race (locked order, transition no longer allowed, someone else's
change); afterwards the invariants hold and order numbers are consecutive."""

from __future__ import annotations

import random
import threading
import time
import traceback

from invariants import assert_invariants, order_numbers_consecutive

import axos_data as ax

THREADS = 8
SECONDS = 3.0  # how long the threads keep going (the work is bounded, not asserted on)
# What a user racing others may be told; anything else (or a raw exception) fails the test.
EXPECTED = (
    ax.OrderLocked,
    ax.InvalidStatusTransition,
    ax.ConcurrentModification,
    ax.PermissionDenied,  # a user trying to reopen an order another thread closed
)
TARGETS = ["klar_til_fakturering", "under_arbeid", "fakturert", "betalt", "kansellert"]


def test_eight_threads_reading_and_writing_keep_the_database_consistent(con, seeded):
    cursors = ax.ThreadCursors(con)
    seed_orders = [
        ax.create_order(
            con,
            seeded.admin,
            customer_id=seeded.customer,
            title=f"Start {i}",
            our_contact_id=seeded.user,
        )
        for i in range(4)
    ]
    known = list(seed_orders)
    known_lock = threading.Lock()
    unexpected: list[str] = []
    counts = {"created": 0, "writes": 0, "reads": 0, "refused": 0}
    count_lock = threading.Lock()
    deadline = time.monotonic() + SECONDS
    start = threading.Barrier(THREADS)

    def count(key: str) -> None:
        with count_lock:
            counts[key] += 1

    def worker(index: int) -> None:
        rng = random.Random(index)
        cur = cursors.cursor()
        actor = seeded.admin if index % 2 else seeded.user
        start.wait()
        while time.monotonic() < deadline:
            with known_lock:
                order_no = rng.choice(known)
            action = rng.choice(
                [
                    "create",
                    "line",
                    "line",
                    "status",
                    "status",
                    "comment",
                    "list",
                    "detail",
                    "overview",
                ]
            )
            try:
                if action == "create":
                    number = ax.create_order(
                        cur,
                        actor,
                        customer_id=seeded.customer,
                        title=f"Tråd {index}",
                        our_contact_id=seeded.user,
                    )
                    with known_lock:
                        known.append(number)
                    count("created")
                elif action == "line":
                    ax.add_line(
                        cur,
                        actor,
                        order_no,
                        description="Arbeid",
                        quantity="2",
                        unit="t",
                        unit_price="1250.50",
                        vat_rate=rng.choice([25, 15, 0]),
                    )
                elif action == "status":
                    ax.change_status(
                        cur, actor, order_no, rng.choice(TARGETS), note=f"Tråd {index}"
                    )
                elif action == "comment":
                    ax.add_comment(cur, actor, order_no, f"Tråd {index} var her")
                elif action == "list":
                    ax.views.order_list(cur, ax.views.OrderFilter(search="tråd"), limit=20)
                elif action == "detail":
                    ax.views.order_detail(cur, order_no)
                else:
                    ax.views.overview(cur, "customer", seeded.customer)
                count("reads" if action in ("list", "detail", "overview") else "writes")
            except EXPECTED:
                count("refused")
            except Exception:
                unexpected.append(
                    f"thread {index}, {action} on {order_no}:\n" + traceback.format_exc()
                )

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SECONDS + 120)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    assert not unexpected, "\n".join(unexpected[:3])
    assert counts["created"] > 0 and counts["writes"] > 0 and counts["reads"] > 0, counts
    assert_invariants(con)
    assert order_numbers_consecutive(con)
    total = con.execute("SELECT count(*) FROM orders").fetchall()[0][0]
    assert total == len(seed_orders) + counts["created"]
    print("concurrency:", counts)
