"""Dunning (purring): overdue invoiced orders move to Purret with a reminder PDF each.
(Reminders to employees, «Påminnelser», are services.reminders.)

An order can be reminded while it is invoiced (category 'invoiced'), has something left to
pay and is past its due date (views/payments.py defines the due date). A Fakturert order moves
to Purret through the status flow (history and activity); an order already in Purret gets a
further reminder and stays. Every reminder is stored with the new due date it sets, which is
the order's due date from then on.

All orders are checked and rendered first, the files written, and then one transaction records
everything; if it fails, the files this call wrote are removed again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from axos_data import clock, money, no, os_errors, queries
from axos_data.access import Con, fetch_rows, load_flow, load_order
from axos_data.errors import CannotWriteFile, InvalidDate, ReminderNotAllowed
from axos_data.model import Actor, parse_date
from axos_data.services._base import now
from axos_data.services.activity import log_activities, mutate
from axos_data.services.status_batch import move_orders

REMINDED_STATUS = "purret"
DEFAULT_DAYS = 14
KIND = "reminder_sent"


@dataclass
class RemindResult:
    out_dir: str
    new_due: dt.date
    files: list[str] = field(default_factory=list)
    moved: list[int] = field(default_factory=list)  # moved to Purret now
    reminded: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def remind_orders(
    con: Con,
    actor: int | Actor | None,
    order_nos: list[object],
    out_dir: str | Path,
    *,
    new_due: object = None,
) -> RemindResult:
    """Write purring-ORDERNO-N.pdf for each order into out_dir and move it to Purret.

    new_due defaults to today + 14 days and must be after today. ReminderNotAllowed names an
    order that is not invoiced, fully paid or not yet due; nothing is written then.
    """
    from axos_data.pdf import reminder  # fpdf2 takes half a second to import

    today = clock.today()
    due = parse_date(new_due, "Ny forfallsdato") or today + dt.timedelta(days=DEFAULT_DAYS)
    if due <= today:
        raise InvalidDate(
            f"Ny forfallsdato {no.format_date(due)} må være etter i dag ({no.format_date(today)})."
        )
    if not order_nos:
        raise ReminderNotAllowed("Oppgi minst én ordre som skal purres.")
    folder = Path(out_dir)
    written: list[Path] = []

    def work(c: Con, who: Actor) -> RemindResult:
        numbers = _unique([load_order(c, n)["order_no"] for n in order_nos])
        states = _receivables(c, numbers, today)
        from axos_data.pdf.data import load_batch, load_seller

        confirmations = {d.order_no: d for d in load_batch(c, numbers, load_seller(c))}
        flow = load_flow(c)
        result = RemindResult(str(folder), due)
        rows, entries, moves = [], [], []
        for n in numbers:
            state = states[n]
            data = reminder.ReminderData(
                order=confirmations[n],
                number=state["reminders"] + 1,
                reminded_on=today,
                invoiced_on=state["invoiced_on"],
                previous_due=state["due_date"],
                new_due=due,
                total=state["total"],
                paid=state["paid"],
            )
            document = reminder.render_reminder(data)
            target = folder / reminder.file_name(n, data.number)
            _write(target, document.pdf, written)
            result.files.append(str(target))
            result.reminded.append(n)
            rows.append(
                (
                    n,
                    due,
                    state["total"],
                    state["paid"],
                    data.order.kid,
                    target.name,
                    document.sha256,
                )
            )
            rest, day = money.format_nok(data.rest), no.format_date(due)
            entries.append(
                (
                    n,
                    who,
                    KIND,
                    f"Purring sendt: {rest} å betale innen {day} (KID {data.order.kid}),"
                    f" fil {target.name}",
                    {
                        "due_date": due.isoformat(),
                        "rest": str(data.rest),
                        "file": target.name,
                        "sha256": document.sha256,
                    },
                )
            )
            if state["status"] != REMINDED_STATUS:
                moves.append((n, state["status"], f"Purret, ny forfallsdato {day}"))
                result.moved.append(n)
        stamp = now()
        move_orders(c, who, flow, moves, REMINDED_STATUS, stamp)
        c.executemany(
            "INSERT INTO payment_reminders (order_no, reminded_at, reminded_by, due_date, total,"
            " paid, kid, file_name, sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                [n, stamp, who.id, d, total, paid, kid, name, sha]
                for n, d, total, paid, kid, name, sha in rows
            ],
        )
        log_activities(c, entries, stamp)
        return result

    try:
        return mutate(con, actor, work)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


def _unique(numbers: list[int]) -> list[int]:
    return list(dict.fromkeys(numbers))


def _receivables(c: Con, numbers: list[int], today: dt.date) -> dict[int, dict]:
    rows = fetch_rows(
        c, queries.sql("payments_receivables_of"), {"today": today, "order_nos": numbers}
    )
    states = {r["order_no"]: r for r in rows}
    for n in numbers:
        state = states.get(n)
        if state is None:
            status = load_order(c, n)["status"]
            raise ReminderNotAllowed(
                f"Ordre {n} har status «{load_flow(c).label(status)}»; bare fakturerte ordrer"
                " kan purres."
            )
        if state["outstanding"] <= 0:
            raise ReminderNotAllowed(f"Ordre {n} er betalt i sin helhet og kan ikke purres.")
        if state["days_overdue"] <= 0:
            raise ReminderNotAllowed(
                f"Ordre {n} er ikke forfalt ennå (forfaller {no.format_date(state['due_date'])})."
            )
    return states


def _write(target: Path, content: bytes, written: list[Path]) -> None:
    from axos_data.pdf.bulk import write_file

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CannotWriteFile(
            f"Kan ikke lage mappen {target.parent}: {os_errors.reason(error)}."
        ) from None
    existed = target.exists()
    write_file(target, content)
    if not existed:
        written.append(target)
