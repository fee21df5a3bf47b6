"""The "Min dag" page (notebooks/min_dag.py): my open tasks, my reminders, my unread
notifications and my open orders as vår kontakt, each linking to the order. Presentation
only: every list comes from views.followup / services.notifications."""

from __future__ import annotations

import marimo as mo

from axos_data import services
from axos_data.access import Con
from axos_data.app import pages, ui
from axos_data.model import Actor
from axos_data.views import followup


def _order_link(row: dict) -> str:
    return ui.link(pages.order_href(row["order_no"]), row["order_no"])


def _task_state(row: dict) -> str:
    if row["overdue"]:
        return '<span class="axos-badge axos-overdue">Forfalt</span>'
    return ""


def tasks_card(con: Con, actor: Actor) -> mo.Html:
    rows = followup.tasks(con, assignee_id=actor.id, open_only=True)
    late = sum(1 for row in rows if row["overdue"])
    table = ui.simple_table(
        rows,
        [
            ("Ordre", "left", _order_link),
            ("Oppgave", "left", ui.text_cell("title")),
            ("Frist", "left", ui.date_cell("due_date")),
            ("", "left", _task_state),
            ("Fra", "left", ui.text_cell("created_by_name")),
        ],
        empty="Ingen åpne oppgaver.",
    )
    extra = f' <small class="axos-muted">({late} forfalt)</small>' if late else ""
    return ui.card(f"Mine oppgaver ({len(rows)})", table, extra=extra)


def reminders_card(con: Con, actor: Actor) -> mo.Html:
    rows = followup.reminders(con, employee_id=actor.id, pending_only=True)
    table = ui.simple_table(
        rows,
        [
            ("Tidspunkt", "left", lambda row: ui.esc(ui.timestamp(row["remind_at"]))),
            ("Ordre", "left", _order_link),
            ("Notat", "left", ui.text_cell("note")),
        ],
        empty="Ingen kommende påminnelser.",
    )
    return ui.card(f"Mine påminnelser ({len(rows)})", table)


def notifications_card(con: Con, actor: Actor) -> mo.Html:
    rows = services.notifications(con, actor, unread_only=True, limit=50)
    table = ui.simple_table(
        rows,
        [
            ("Tid", "left", lambda row: ui.esc(ui.timestamp(row["created_at"]))),
            ("Ordre", "left", _order_link),
            ("Hvem", "left", ui.text_cell("actor_name")),
            ("Hendelse", "left", ui.text_cell("message")),
        ],
        empty="Ingen uleste varsler.",
    )
    return ui.card(f"Uleste varsler ({len(rows)})", table)


def orders_card(con: Con, actor: Actor) -> mo.Html:
    rows = followup.my_open_orders(con, actor.id)
    table = ui.simple_table(
        rows,
        [
            ("Ordre", "left", _order_link),
            ("Tittel", "left", ui.text_cell("title")),
            ("Kunde", "left", ui.text_cell("customer_name")),
            ("Status", "left", lambda row: ui.status_badge(row["status"], row["status_label"])),
            ("Levering", "left", ui.date_cell("delivery_date")),
            ("Sum", "right", ui.money_cell("total")),
        ],
        empty="Ingen åpne ordrer der du er vår kontakt.",
    )
    return ui.card(f"Mine åpne ordrer ({len(rows)})", table)


def page(con: Con, actor: Actor) -> mo.Html:
    return mo.vstack(
        [
            ui.page_title(f"God dag, {actor.name}", kicker="Min dag"),
            mo.hstack(
                [tasks_card(con, actor), reminders_card(con, actor)],
                widths="equal",
                align="start",
            ),
            notifications_card(con, actor),
            orders_card(con, actor),
        ]
    )
