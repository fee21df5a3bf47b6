"""Converting a quote into an order: everything the customer accepted is carried over exactly."""

from __future__ import annotations

from axos_data import money, search
from axos_data.access import (
    Con,
    as_id,
    fetch_row,
    fetch_rows,
    load_flow,
    load_quote,
    require_employee,
)
from axos_data.errors import QuoteAlreadyConverted, QuoteNotConvertible
from axos_data.model import QUOTE_STATUS_LABELS, Actor, quote_convertible
from axos_data.services._base import now
from axos_data.services.activity import log_activity, mutate
from axos_data.services.audit import record_audit
from axos_data.services.following import add_followers
from axos_data.services.masterdata import require_active_customer
from axos_data.services.orders import next_order_no, record_initial_status, today
from axos_data.services.settings import get_settings

_LINE_COPY = (
    "position, product_id, description, quantity, unit, unit_price, discount_pct, vat_rate,"
    " vat_code, amount"
)


def add_relation(
    con: Con,
    actor: Actor,
    source: tuple[str, int],
    target: tuple[str, int],
    kind: str,
    reverse_kind: str,
) -> None:
    """A link stored in both directions, so either record lists it without a union."""
    for (from_type, from_id), (to_type, to_id), name in (
        (source, target, kind),
        (target, source, reverse_kind),
    ):
        con.execute(
            "INSERT INTO relations (from_type, from_id, to_type, to_id, kind, created_at,"
            " created_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [from_type, from_id, to_type, to_id, name, now(), actor.id],
        )


def can_convert_quote(con: Con, quote_id: object) -> bool:
    """Whether convert_quote would accept this quote now (False for one that does not exist);
    the app asks it to enable its «Lag ordre» button."""
    number = as_id(quote_id)
    if number is None:
        return False
    row = fetch_row(con, "SELECT status, order_no FROM quotes WHERE id = ?", [number])
    return row is not None and quote_convertible(row["status"], row["order_no"])


def convert_quote(con: Con, actor: int | Actor, quote_id: int) -> int:
    """A new order from an accepted (or sent) quote; returns the order number.

    Customer, contacts, title, project, reference, groups and lines with prices, discounts,
    VAT and line amounts are copied as stored, so the totals agree to the øre.
    """

    def work(c: Con, who: Actor) -> int:
        quote = load_quote(c, quote_id)
        if quote["order_no"] is not None or quote["status"] == "converted":
            raise QuoteAlreadyConverted(
                f"Tilbud {quote['id']} er allerede konvertert til ordre {quote['order_no']}."
            )
        if not quote_convertible(quote["status"], quote["order_no"]):
            raise QuoteNotConvertible(
                f"Tilbud {quote['id']} har status «{QUOTE_STATUS_LABELS[quote['status']]}»;"
                " bare sendte eller aksepterte tilbud kan bli ordre."
            )
        require_employee(c, quote["our_contact_id"])
        require_active_customer(c, quote["customer_id"])
        settings = get_settings(c)
        order_no = next_order_no(c)
        status = load_flow(c).initial
        stamp = now()
        c.execute(
            "INSERT INTO orders (order_no, customer_id, contact_id, our_contact_id, project_id,"
            " quote_id, title, status, order_date, customer_ref, payment_terms_days,"
            " invoice_method, net_total, vat_total, total, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                order_no,
                quote["customer_id"],
                quote["contact_id"],
                quote["our_contact_id"],
                quote["project_id"],
                quote["id"],
                quote["title"],
                status,
                today(),
                quote["customer_ref"],
                settings["default_payment_terms_days"],
                settings["default_invoice_method"],
                quote["net_total"],
                quote["vat_total"],
                quote["total"],
                stamp,
                stamp,
            ],
        )
        _copy_groups_and_lines(c, quote["id"], order_no)
        _check_totals(c, quote, order_no)
        c.execute(
            "UPDATE quotes SET status = 'converted', order_no = ?, updated_at = ? WHERE id = ?",
            [order_no, stamp, quote["id"]],
        )
        add_relation(
            c, who, ("order", order_no), ("quote", quote["id"]), "converted_from", "converted_to"
        )
        record_audit(
            c,
            who,
            "quote",
            quote["id"],
            "converted",
            {"status": quote["status"], "order_no": None},
            {"status": "converted", "order_no": order_no},
        )
        record_initial_status(c, order_no, status, who, stamp, f"Fra tilbud {quote['id']}")
        add_followers(c, order_no, [who.id, quote["our_contact_id"]])
        search.refresh_orders(c, [order_no])
        log_activity(
            c,
            order_no,
            who,
            "converted",
            f"Ordre {order_no} opprettet fra tilbud {quote['id']} «{quote['title']}»",
            {"quote_id": quote["id"], "total": str(quote["total"])},
            at=stamp,
        )
        return order_no

    return mutate(con, actor, work)


def _copy_groups_and_lines(con: Con, quote_id: int, order_no: int) -> None:
    group_map: dict[int, int] = {}
    for group in fetch_rows(
        con,
        "SELECT id, position, title FROM quote_groups WHERE quote_id = ? ORDER BY position",
        [quote_id],
    ):
        group_map[group["id"]] = con.execute(
            "INSERT INTO order_groups (order_no, position, title) VALUES (?, ?, ?) RETURNING id",
            [order_no, group["position"], group["title"]],
        ).fetchall()[0][0]
    con.execute(
        f"INSERT INTO order_lines (order_no, group_id, {_LINE_COPY})"
        f" SELECT ?, m.new_id, {', '.join('q.' + c.strip() for c in _LINE_COPY.split(','))}"
        " FROM quote_lines q LEFT JOIN"
        " (SELECT unnest(?::BIGINT[]) AS old_id, unnest(?::BIGINT[]) AS new_id) m"
        " ON m.old_id = q.group_id WHERE q.quote_id = ? ORDER BY q.position",
        [order_no, list(group_map), list(group_map.values()), quote_id],
    )


def _check_totals(con: Con, quote: dict, order_no: int) -> None:
    """Refuse to convert a quote whose stored totals disagree with its own lines."""
    pairs = con.execute(
        "SELECT amount, vat_rate FROM order_lines WHERE order_no = ?", [order_no]
    ).fetchall()
    totals = money.totals(pairs)
    if (totals.net, totals.vat_total, totals.total) != (
        quote["net_total"],
        quote["vat_total"],
        quote["total"],
    ):
        raise QuoteNotConvertible(
            f"Tilbud {quote['id']} har lagrede summer ({quote['total']}) som ikke stemmer med"
            f" linjene ({totals.total}); rett tilbudet før det konverteres."
        )
