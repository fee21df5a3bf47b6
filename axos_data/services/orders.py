"""Creating orders by hand and editing their header."""

from __future__ import annotations

import datetime as dt

from axos_data import clock, labels, no, search
from axos_data.access import (
    Con,
    load_flow,
    load_order,
    require_company,
    require_contact,
    require_employee,
    require_project,
)
from axos_data.errors import ContactNotOfCustomer, InvalidChoice, InvalidDate, OrderLocked
from axos_data.model import (
    Actor,
    header_editable,
    optional_text,
    parse_date,
    parse_int,
    require_text,
)
from axos_data.services._base import bump_order, now
from axos_data.services.activity import log_activity, mutate
from axos_data.services.following import add_followers
from axos_data.services.masterdata import (
    check_project_customer,
    require_active,
    require_active_customer,
)
from axos_data.services.settings import get_settings, parse_invoice_method

HEADER_FIELDS = (
    "title",
    "customer_id",
    "contact_id",
    "our_contact_id",
    "project_id",
    "order_date",
    "delivery_date",
    "customer_ref",
    "payment_terms_days",
    "invoice_method",
)
HEADER_LABELS = {key: labels.label(key) for key in HEADER_FIELDS}


def today() -> dt.date:
    return clock.today()


def next_order_no(con: Con) -> int:
    """The next order number: never below the start setting, never handed out twice.

    The counter row is updated inside the caller's transaction, so two sessions creating
    orders at once conflict on it and one retries (db.atomic) instead of sharing a number.
    """
    start = int(get_settings(con)["order_number_start"])
    return con.execute(
        "UPDATE counters SET next_value = greatest(next_value, ?) + 1"
        " WHERE name = 'order_no' RETURNING next_value - 1",
        [start],
    ).fetchall()[0][0]


def check_contact(
    con: Con, contact_id: object, customer_id: int, *, new: bool = False
) -> int | None:
    """The contact's id if it belongs to the customer; `new` (a new order or quote) also
    refuses a deactivated one."""
    if contact_id in (None, ""):
        return None
    contact = require_contact(con, contact_id)
    if new:
        require_active(contact, "Kontaktperson")
    if contact["company_id"] != customer_id:
        raise ContactNotOfCustomer(
            f"Kontaktperson {contact['id']} «{contact['name']}» hører til firma"
            f" {contact['company_id']}, ikke til kunden (firma {customer_id})."
        )
    return contact["id"]


def check_project(
    con: Con, project_id: object, customer_id: int, *, new: bool = False
) -> int | None:
    if project_id in (None, ""):
        return None
    project = require_project(con, project_id)
    if new:
        require_active(project, "Prosjekt")
    check_project_customer(project, customer_id)
    return project["id"]


def _check_dates(order_date: dt.date, delivery_date: dt.date | None) -> None:
    if delivery_date is not None and delivery_date < order_date:
        raise InvalidDate(
            f"Leveringsdato {no.format_date(delivery_date)} kan ikke være før ordredato"
            f" {no.format_date(order_date)}."
        )


def create_order(
    con: Con,
    actor: int | Actor,
    *,
    customer_id: int,
    title: str,
    our_contact_id: int,
    contact_id: int | None = None,
    project_id: int | None = None,
    order_date: object = None,
    delivery_date: object = None,
    customer_ref: str | None = None,
    payment_terms_days: object = None,
    invoice_method: str | None = None,
) -> int:
    """A new order in the flow's first status; returns its order number."""
    title = require_text(title, "Tittel")
    ordered = parse_date(order_date, "Ordredato") or today()
    delivery = parse_date(delivery_date, "Leveringsdato")
    _check_dates(ordered, delivery)
    terms = (
        None
        if payment_terms_days in (None, "")
        else parse_int(payment_terms_days, "Betalingsbetingelser")
    )
    # Checked before the actor like every bad value, and again inside the transaction.
    method = None if invoice_method in (None, "") else parse_invoice_method(con, invoice_method)

    def work(c: Con, who: Actor) -> int:
        customer = require_active_customer(c, customer_id)
        our = require_employee(c, our_contact_id)
        contact = check_contact(c, contact_id, customer["id"], new=True)
        project = check_project(c, project_id, customer["id"], new=True)
        if method is not None:
            parse_invoice_method(c, method)
        settings = get_settings(c)
        order_no = next_order_no(c)
        status = load_flow(c).initial
        stamp = now()
        c.execute(
            "INSERT INTO orders (order_no, customer_id, contact_id, our_contact_id, project_id,"
            " title, status, order_date, delivery_date, customer_ref, payment_terms_days,"
            " invoice_method, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                order_no,
                customer["id"],
                contact,
                our["id"],
                project,
                title,
                status,
                ordered,
                delivery,
                optional_text(customer_ref, "Deres referanse"),
                settings["default_payment_terms_days"] if terms is None else terms,
                method or settings["default_invoice_method"],
                stamp,
                stamp,
            ],
        )
        record_initial_status(c, order_no, status, who, stamp)
        # Before the activity row, so vår kontakt hears of an order someone else created.
        add_followers(c, order_no, [who.id, our["id"]])
        search.refresh_orders(c, [order_no])
        log_activity(
            c,
            order_no,
            who,
            "created",
            f"Ordre {order_no} opprettet for {customer['name']}",
            {"title": title},
            at=stamp,
        )
        return order_no

    return mutate(con, actor, work)


def record_initial_status(
    con: Con, order_no: int, status: str, actor: Actor, at: dt.datetime, note: str | None = None
) -> None:
    # The order's first row: it leaves no status, so previous_at is NULL.
    con.execute(
        "INSERT INTO order_status_history (order_no, from_status, to_status, changed_at,"
        " changed_by, note, previous_at) VALUES (?, NULL, ?, ?, ?, ?, NULL)",
        [order_no, status, at, actor.id, note],
    )


def update_order(
    con: Con,
    actor: int | Actor,
    order_no: int,
    *,
    expected_version: int | None = None,
    **changes: object,
) -> dict[str, tuple[object, object]]:
    """Change header fields; a key given with None or "" clears an optional field.

    Allowed while the status is open or ready for invoicing; the customer only while open.
    Returns {field: (old, new)} of what actually changed.
    """
    unknown = sorted(set(changes) - set(HEADER_LABELS))
    if unknown:
        raise InvalidChoice(
            f"Ukjente ordrefelt: {', '.join(unknown)}. Gyldige: {', '.join(HEADER_LABELS)}."
        )

    def work(c: Con, who: Actor) -> dict[str, tuple[object, object]]:
        order = load_order(c, order_no)
        flow = load_flow(c)
        category = flow.statuses[order["status"]].category
        if not header_editable(category):
            raise OrderLocked(
                f"Ordre {order['order_no']} har status «{flow.label(order['status'])}»;"
                " ordrehodet kan ikke endres lenger."
            )
        new = _parse_header(c, order, changes)
        if "customer_id" in changes and new["customer_id"] != order["customer_id"]:
            flow.require_open(order["order_no"], order["status"])
        _check_dates(new["order_date"], new["delivery_date"])
        diff = {k: (order[k], new[k]) for k in changes if order[k] != new[k]}
        if not diff:
            return {}
        assignments = ", ".join(f"{key} = ?" for key in diff)
        c.execute(
            f"UPDATE orders SET {assignments} WHERE order_no = ?",
            [new[key] for key in diff] + [order["order_no"]],
        )
        bump_order(c, order["order_no"], expected_version)
        if "our_contact_id" in diff:
            # The new vår kontakt follows from now on and hears of the change itself.
            add_followers(c, order["order_no"], [new["our_contact_id"]])
        if search.INDEXED_ORDER_COLUMNS & set(diff):
            search.refresh_orders(c, [order["order_no"]])
        log_activity(
            c,
            order["order_no"],
            who,
            "header_changed",
            f"Endret ordrehodet: {labels.describe_changes(diff)}",
            {key: [old, value] for key, (old, value) in diff.items()},
        )
        return diff

    return mutate(con, actor, work)


def _parse_header(con: Con, order: dict, changes: dict[str, object]) -> dict[str, object]:
    new = dict(order)
    for key, value in changes.items():
        if key == "title":
            new[key] = require_text(value, "Tittel")
        elif key == "customer_id":
            company = require_company(con, value)
            if company["id"] != order["customer_id"]:  # moving to it is like a new order
                require_active_customer(con, company["id"])
            new[key] = company["id"]
        elif key == "our_contact_id":
            new[key] = require_employee(con, value)["id"]
        elif key in ("order_date", "delivery_date"):
            new[key] = parse_date(value, HEADER_LABELS[key])
            if key == "order_date" and new[key] is None:
                new[key] = order["order_date"]
        elif key == "customer_ref":
            new[key] = optional_text(value, "Deres referanse")
        elif key == "payment_terms_days":
            new[key] = parse_int(value, "Betalingsbetingelser")
        elif key == "invoice_method":
            new[key] = parse_invoice_method(con, value)
    customer = new["customer_id"]
    if "contact_id" in changes or customer != order["customer_id"]:
        new["contact_id"] = check_contact(
            con, changes.get("contact_id", new["contact_id"]), customer
        )
    if "project_id" in changes or customer != order["customer_id"]:
        new["project_id"] = check_project(
            con, changes.get("project_id", new["project_id"]), customer
        )
    return new
