"""Orders ready for invoicing with what blocks them, their sums, and the export batches: the
reads behind the finance page. Amounts are the orders' stored totals, the same figures the
invoice basis export writes (a test holds the page and the manifest together to the øre).

Blockers (`readiness_blockers`) are the EHF rules of `ehf.blockers_of` for EHF orders, plus
rules for every invoice: the company profile must be complete, the order must have lines and
an amount above 0, and an EHF order needs a buyer reference (the customer's reference or a
contact), because many receivers — all public ones — reject an EHF without one.
"""

from __future__ import annotations

from decimal import Decimal

from axos_data.access import Con, fetch_rows
from axos_data.services.settings import get_settings, missing_company_profile

READY_STATUS = "klar_til_fakturering"
ZERO = Decimal("0.00")

_READY_SQL = """
SELECT o.order_no, o.customer_id, c.name AS customer_name, c.orgnr AS customer_orgnr,
       c.country AS customer_country, o.our_contact_id, e.name AS our_contact_name,
       o.invoice_method, o.customer_ref, k.name AS contact_name,
       coalesce(l.lines, 0) AS lines, o.net_total, o.vat_total, o.total
FROM orders o
JOIN companies c ON c.id = o.customer_id
JOIN employees e ON e.id = o.our_contact_id
LEFT JOIN contacts k ON k.id = o.contact_id
LEFT JOIN (
    SELECT order_no, count(*) AS lines FROM order_lines GROUP BY order_no
) l ON l.order_no = o.order_no
WHERE o.status = $status
ORDER BY o.order_no
"""


def readiness_blockers(row: dict, settings: dict, missing_profile: list[str]) -> list[str]:
    """Why this order should not be invoiced as it stands (Norwegian; empty when ready)."""
    reasons = []
    if missing_profile:
        reasons.append("Firmaprofilen mangler " + ", ".join(missing_profile) + ".")
    total = Decimal(row["total"])
    if not row["lines"]:
        reasons.append("Ordren har ingen linjer.")
    elif total <= 0:
        reasons.append(
            f"Ordren har totalbeløp {total}; en faktura må ha et beløp over 0"
            " (et negativt beløp må sendes som kreditnota)."
        )
    if not settings.get("company_vat_registered") and Decimal(row["vat_total"]) != 0:
        reasons.append(
            "Firmaet er ikke MVA-registrert, men ordren har linjer med MVA;"
            " sett MVA-satsen til 0 eller registrer firmaet som MVA-pliktig."
        )
    if row["invoice_method"] != "ehf":
        return reasons
    country = (row["customer_country"] or "NO").strip().upper()
    if country != "NO":
        reasons.append(
            f"Kunden «{row['customer_name']}» er registrert i {country}; EHF sendes bare"
            " til norske mottakere med organisasjonsnummer."
        )
    elif not (row["customer_orgnr"] or "").strip():
        reasons.append(f"Kunden «{row['customer_name']}» mangler organisasjonsnummer.")
    if not (row["customer_ref"] or "").strip() and not (row["contact_name"] or "").strip():
        reasons.append(
            "EHF-fakturaen får ingen bestillerreferanse: fyll inn kundens referanse eller"
            " velg en kontaktperson."
        )
    return reasons


def ready_for_invoicing(con: Con, *, status: str = READY_STATUS) -> list[dict]:
    """Every order in the status (default «Klar til fakturering»), by order number, with its
    totals, line count, `blockers` (a list; empty when the order is ready) and the invoice
    method's label as the settings name it (`invoice_method_label`)."""
    settings = get_settings(con)
    missing = missing_company_profile(con)
    methods = dict(settings["invoice_methods"])
    rows = fetch_rows(con, _READY_SQL, {"status": status})
    for row in rows:
        row["blockers"] = readiness_blockers(row, settings, missing)
        row["invoice_method_label"] = methods.get(row["invoice_method"], row["invoice_method"])
    return rows


def invoicing_sums(rows: list[dict], by: str) -> list[dict]:
    """Orders and net/VAT/total per customer (`by="customer"`) or our contact
    (`by="employee"`), largest total first; `blocked` counts orders with blockers."""
    id_key, name_key = {
        "customer": ("customer_id", "customer_name"),
        "employee": ("our_contact_id", "our_contact_name"),
    }[by]
    groups: dict[int, dict] = {}
    for row in rows:
        group = groups.setdefault(
            row[id_key],
            {
                "id": row[id_key],
                "name": row[name_key],
                "orders": 0,
                "blocked": 0,
                "net_total": ZERO,
                "vat_total": ZERO,
                "total": ZERO,
            },
        )
        group["orders"] += 1
        group["blocked"] += bool(row["blockers"])
        for key in ("net_total", "vat_total", "total"):
            group[key] += row[key]
    return sorted(groups.values(), key=lambda g: (-g["total"], g["name"]))


def invoicing_totals(rows: list[dict]) -> dict:
    """Count and net/VAT/total of the rows (the figures the export's manifest holds)."""
    return {
        "orders": len(rows),
        "net": sum((r["net_total"] for r in rows), ZERO),
        "vat": sum((r["vat_total"] for r in rows), ZERO),
        "total": sum((r["total"] for r in rows), ZERO),
    }


def invoice_batches(con: Con, *, limit: int = 100) -> list[dict]:
    """The newest invoice basis batches: when, who, how many orders and their totals."""
    return fetch_rows(
        con,
        "SELECT b.id, b.created_at, b.actor_id, e.name AS actor_name, b.order_count,"
        " b.net_total, b.vat_total, b.total,"
        " (SELECT count(*) FROM invoice_batch_orders x WHERE x.batch_id = b.id AND x.reexport)"
        " AS reexported"
        " FROM invoice_batches b LEFT JOIN employees e ON e.id = b.actor_id"
        " ORDER BY b.id DESC LIMIT $limit",
        {"limit": int(limit)},
    )
