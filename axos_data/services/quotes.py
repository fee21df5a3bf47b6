"""Quotes (tilbud): create with groups and lines, move through draft/sent/accepted/rejected."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from axos_data import money
from axos_data.access import Con, load_quote, require_employee
from axos_data.errors import AxosError, InvalidQuoteStatus
from axos_data.model import (
    QUOTE_STATUS_LABELS,
    QUOTE_TRANSITIONS,
    Actor,
    LineInput,
    optional_text,
    parse_date,
    require_text,
)
from axos_data.services._base import now
from axos_data.services.activity import mutate
from axos_data.services.audit import record_audit
from axos_data.services.lines import insert_line, product_line
from axos_data.services.masterdata import require_active_customer
from axos_data.services.orders import check_contact, check_project, today


def parse_line_specs(
    con: Con, specs: Iterable[Mapping[str, object]]
) -> list[tuple[str | None, LineInput]]:
    """(group title or None, validated line) per spec; errors name the line number."""
    parsed = []
    for number, spec in enumerate(specs, start=1):
        try:
            line = product_line(
                con,
                spec.get("product"),
                description=spec.get("description"),
                quantity=spec.get("quantity"),
                unit=spec.get("unit"),
                unit_price=spec.get("unit_price"),
                discount_pct=spec.get("discount_pct") or 0,
                vat_rate=spec.get("vat_rate"),
            )
        except AxosError as error:
            raise type(error)(f"Linje {number}: {error}") from None
        parsed.append((optional_text(spec.get("group"), "Gruppetittel"), line))
    return parsed


def create_quote(
    con: Con,
    actor: int | Actor,
    *,
    customer_id: int,
    title: str,
    our_contact_id: int,
    lines: Iterable[Mapping[str, object]] = (),
    contact_id: int | None = None,
    project_id: int | None = None,
    quote_date: object = None,
    valid_until: object = None,
    customer_ref: str | None = None,
    status: str = "draft",
) -> int:
    """A quote with its lines; a line's "group" (title) puts it in a group, created in order of
    first appearance. Returns the quote id."""
    title = require_text(title, "Tittel")
    dated = parse_date(quote_date, "Tilbudsdato") or today()
    valid = parse_date(valid_until, "Gyldig til")
    if status not in ("draft", "sent", "accepted", "rejected"):
        raise InvalidQuoteStatus(f"Et nytt tilbud kan ikke ha status «{status}».")
    specs = list(lines)

    def work(c: Con, who: Actor) -> int:
        customer = require_active_customer(c, customer_id)
        our = require_employee(c, our_contact_id)
        contact = check_contact(c, contact_id, customer["id"], new=True)
        project = check_project(c, project_id, customer["id"], new=True)
        parsed = parse_line_specs(c, specs)
        totals = money.totals((line.amount, line.vat_rate) for _, line in parsed)
        stamp = now()
        quote_id = c.execute(
            "INSERT INTO quotes (customer_id, contact_id, our_contact_id, project_id, title,"
            " status, quote_date, valid_until, customer_ref, net_total, vat_total, total,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " RETURNING id",
            [
                customer["id"],
                contact,
                our["id"],
                project,
                title,
                status,
                dated,
                valid,
                optional_text(customer_ref, "Deres referanse"),
                totals.net,
                totals.vat_total,
                totals.total,
                stamp,
                stamp,
            ],
        ).fetchall()[0][0]
        groups: dict[str, int] = {}
        for position, (group_title, line) in enumerate(parsed, start=1):
            group_id = None
            if group_title is not None:
                if group_title not in groups:
                    groups[group_title] = c.execute(
                        "INSERT INTO quote_groups (quote_id, position, title) VALUES (?, ?, ?)"
                        " RETURNING id",
                        [quote_id, len(groups) + 1, group_title],
                    ).fetchall()[0][0]
                group_id = groups[group_title]
            insert_line(c, "quote_lines", "quote_id", quote_id, line, group_id, position)
        record_audit(
            c,
            who,
            "quote",
            quote_id,
            "created",
            None,
            {
                "customer_id": customer["id"],
                "title": title,
                "status": status,
                "lines": len(parsed),
                "total": totals.total,
            },
        )
        return quote_id

    return mutate(con, actor, work)


def set_quote_status(con: Con, actor: int | Actor, quote_id: int, status: str) -> str:
    """Move a quote between draft, sent, accepted and rejected; returns the old status."""
    target = str(status).strip()

    def work(c: Con, who: Actor) -> str:
        quote = load_quote(c, quote_id)
        current = quote["status"]
        if target not in QUOTE_STATUS_LABELS:
            raise InvalidQuoteStatus(
                f"Tilbudsstatus «{status}» finnes ikke; bruk draft, sent, accepted eller rejected."
            )
        if target not in QUOTE_TRANSITIONS[current]:
            if current == "converted":
                raise InvalidQuoteStatus(
                    f"Tilbud {quote['id']} er allerede konvertert til ordre {quote['order_no']}"
                    " og kan ikke endre status."
                )
            allowed = ", ".join(sorted(QUOTE_TRANSITIONS[current])) or "ingen"
            raise InvalidQuoteStatus(
                f"Tilbud {quote['id']} kan ikke gå fra «{current}» til «{target}». Tillatt: "
                f"{allowed}."
            )
        c.execute(
            "UPDATE quotes SET status = ?, updated_at = ? WHERE id = ?",
            [target, now(), quote["id"]],
        )
        record_audit(
            c, who, "quote", quote["id"], "status_changed", {"status": current}, {"status": target}
        )
        return current

    return mutate(con, actor, work)
