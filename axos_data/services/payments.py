"""Importing the bank's incoming payments and matching them to orders by KID.

Rules (issue 10, "følge status på betaling"):
- Each payment has a stable identity (bank/records.py); a payment already stored is left
  alone, so importing the same file twice changes nothing.
- The KID points at an order (no.make_kid: order number + check digit under the company's
  KID method). A KID with a wrong check digit or no such order: the payment is unmatched.
- When the payments on an invoiced order (status category 'invoiced') add up to exactly its
  total, the order moves to Betalt through the status flow (history and activity), noted as
  "Betalt 12 500,00 (KID …) 03.12.2026". Less (part payment) or more (overpayment): the
  payment is recorded, the order stays, and it is listed as a difference.
- One transaction per file: a file with one bad row writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from axos_data import bank, money, no, queries
from axos_data.access import Con, fetch_rows, load_flow
from axos_data.bank.records import IncomingPayment, PaymentFile, order_no_for_kid
from axos_data.model import Actor
from axos_data.services._base import now
from axos_data.services.activity import log_activities, mutate
from axos_data.services.audit import record_audit
from axos_data.services.settings import get_setting
from axos_data.services.status_batch import move_orders

PAID_STATUS = "betalt"
PAYMENT_KIND = "payment_received"


@dataclass
class ImportResult:
    file_name: str
    file_format: str
    dry_run: bool
    read: int = 0
    new: int = 0
    already_imported: int = 0
    matched: int = 0
    amount_new: Decimal = Decimal("0.00")
    import_id: int | None = None
    paid_orders: list[int] = field(default_factory=list)
    differences: list[dict] = field(default_factory=list)
    unmatched: list[dict] = field(default_factory=list)
    not_moved: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class _OrderPlan:
    order_no: int
    status: str
    total: Decimal
    paid_before: Decimal
    payments: list[IncomingPayment] = field(default_factory=list)

    @property
    def paid_after(self) -> Decimal:
        return self.paid_before + sum((p.amount for p in self.payments), Decimal(0))


def import_payments(
    con: Con,
    actor: int | Actor | None,
    path: str | Path,
    *,
    mapping: str | dict[str, str] | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Read a bank file (CSV or camt.054) and store its new payments, matched by KID.

    With dry_run nothing is written; the result says what an import would do.
    """
    payment_file = bank.read_payment_file(path, mapping)
    return mutate(con, actor, lambda c, who: _import(c, who, payment_file, dry_run))


def _import(c: Con, who: Actor, file: PaymentFile, dry_run: bool) -> ImportResult:
    result = ImportResult(file.name, file.file_format, dry_run, read=len(file.payments))
    known = _stored_identities(c, list(file.identities))
    new = [
        (identity, p)
        for identity, p in zip(file.identities, file.payments, strict=True)
        if identity not in known
    ]
    result.already_imported = result.read - len(new)
    result.new = len(new)
    result.amount_new = sum((p.amount for _, p in new), Decimal("0.00"))
    if not new:
        return result
    method = str(get_setting(c, "kid_method") or "mod10")
    targets = [order_no_for_kid(p.kid, method) for _, p in new]
    plans = _order_plans(c, {t for t in targets if t is not None})
    order_of: list[int | None] = []
    for (_, p), target in zip(new, targets, strict=True):
        plan = plans.get(target) if target is not None else None
        order_of.append(None if plan is None else plan.order_no)
        if plan is None:
            result.unmatched.append(_payment_row(p))
        else:
            plan.payments.append(p)
    result.matched = result.new - len(result.unmatched)
    flow = load_flow(c)
    moves = []
    for plan in plans.values():
        if not plan.payments:
            continue
        after = plan.paid_after
        if after != plan.total:
            result.differences.append(_difference(plan, flow.label(plan.status)))
            continue
        if flow.statuses[plan.status].category != "invoiced" or plan.paid_before == plan.total:
            continue
        if PAID_STATUS not in flow.allowed(plan.status, who):
            result.not_moved.append(
                {
                    "order_no": plan.order_no,
                    "status": plan.status,
                    "reason": f"Statusflyten tillater ikke «{flow.label(plan.status)}» →"
                    f" «{flow.label(PAID_STATUS)}»",
                }
            )
            continue
        last = max(plan.payments, key=lambda p: p.booked_on)
        amount, day = money.format_nok(plan.total), no.format_date(last.booked_on)
        note = f"Betalt {amount} (KID {last.kid}) {day}"
        moves.append((plan.order_no, plan.status, note))
        result.paid_orders.append(plan.order_no)
    result.paid_orders.sort()
    if dry_run:
        return result
    stamp = now()
    result.import_id = _store(c, who, file, new, order_of, stamp)
    log_activities(
        c,
        [
            (order_no, who, PAYMENT_KIND, _payment_message(p), {"payment_id": identity})
            for (identity, p), order_no in zip(new, order_of, strict=True)
            if order_no is not None
        ],
        stamp,
    )
    move_orders(c, who, flow, moves, PAID_STATUS, stamp)
    record_audit(
        c,
        who,
        "payment_import",
        result.import_id,
        "imported",
        None,
        {
            "file": file.name,
            "sha256": file.sha256,
            "new": result.new,
            "matched": result.matched,
            "paid_orders": len(result.paid_orders),
        },
    )
    return result


def _stored_identities(c: Con, identities: list[str]) -> set[str]:
    rows = c.execute(
        "SELECT p.payment_id FROM payments p"
        " SEMI JOIN (SELECT unnest($ids) AS id) f ON f.id = p.payment_id",
        {"ids": identities},
    ).fetchall()
    return {row[0] for row in rows}


def _order_plans(c: Con, order_nos: set[int]) -> dict[int, _OrderPlan]:
    if not order_nos:
        return {}
    rows = fetch_rows(
        c, queries.sql("payments_orders_for_matching"), {"order_nos": sorted(order_nos)}
    )
    return {
        r["order_no"]: _OrderPlan(r["order_no"], r["status"], r["total"], r["paid"]) for r in rows
    }


def _store(
    c: Con,
    who: Actor,
    file: PaymentFile,
    new: list[tuple[str, IncomingPayment]],
    order_of: list[int | None],
    stamp: dt.datetime,
) -> int:
    import_id = c.execute(
        "INSERT INTO payment_imports (file_name, file_sha256, file_format, imported_at,"
        " imported_by, payments_read, payments_new) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [file.name, file.sha256, file.file_format, stamp, who.id, len(file.payments), len(new)],
    ).fetchall()[0][0]
    import pyarrow as pa  # here: pyarrow takes a while to import and only imports need it

    payments = [p for _, p in new]
    # One Arrow table, not unnested Python lists: DuckDB reads 100,000 rows of Arrow in
    # milliseconds and converts Python lists element by element.
    frame = pa.table(
        {
            "payment_id": pa.array([identity for identity, _ in new], pa.string()),
            "booked_on": pa.array([p.booked_on for p in payments], pa.date32()),
            "amount": pa.array([p.amount for p in payments], pa.decimal128(18, 2)),
            "kid": pa.array([p.kid for p in payments], pa.string()),
            "payer": pa.array([p.payer for p in payments], pa.string()),
            "text": pa.array([p.text for p in payments], pa.string()),
            "bank_ref": pa.array([p.bank_ref for p in payments], pa.string()),
            "source": pa.array([p.source for p in payments], pa.string()),
            "order_no": pa.array(order_of, pa.int64()),
        }
    )
    c.register("axos_incoming_payments", frame)
    try:
        c.execute(
            "INSERT INTO payments (payment_id, import_id, booked_on, amount, kid, payer, text,"
            " bank_ref, source, order_no) SELECT payment_id, $import, booked_on, amount, kid,"
            " payer, text, bank_ref, source, order_no FROM axos_incoming_payments",
            {"import": import_id},
        )
    finally:
        c.unregister("axos_incoming_payments")
    return import_id


def _payment_message(p: IncomingPayment) -> str:
    kid = f" (KID {p.kid})" if p.kid else ""
    return f"Innbetaling {money.format_nok(p.amount)}{kid} {no.format_date(p.booked_on)}"


def _payment_row(p: IncomingPayment) -> dict:
    return {
        "booked_on": p.booked_on,
        "amount": p.amount,
        "kid": p.kid,
        "payer": p.payer,
        "source": p.source,
    }


def _difference(plan: _OrderPlan, status_label: str) -> dict:
    paid = plan.paid_after
    return {
        "order_no": plan.order_no,
        "status": status_label,
        "total": plan.total,
        "paid": paid,
        "difference": paid - plan.total,
        "kind": "delbetalt" if paid < plan.total else "overbetalt",
    }
