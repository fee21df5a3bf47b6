"""The order page's follow-up: «Følg»/«Slutt å følge» beside the title, the «Oppgaver» card
(the order's tasks with a done/undone button each, and a form to add one) and the
«Påminnelse» form. The library logs task changes in the activity log (and so notifies the
followers); reminders become a notification for their employee when their time has passed.

Builders take the page's `OrderDesk`; the writes are plain functions of it (areas "follow",
"tasks" and "reminders"), so headless tests call them directly."""

from __future__ import annotations

from dataclasses import dataclass

import marimo as mo

import axos_data as ax
from axos_data import views
from axos_data.access import fetch_row
from axos_data.app import forms, ui
from axos_data.app.order_desk import OrderDesk

DATE_HINT = "dd.mm.åååå"
TIME_HINT = "tt:mm"


def _staff(desk: OrderDesk) -> dict[str, int]:
    """Active employees, name -> id (who can be given a task or a reminder)."""
    return {row["name"]: row["id"] for row in views.employees(desk.con).iter_rows(named=True)}


def _my_name(staff: dict[str, int], actor_id: int) -> str | None:
    return next((name for name, number in staff.items() if number == actor_id), None)


# --- following ---------------------------------------------------------------------------------


def follows(desk: OrderDesk) -> bool:
    return any(row["id"] == desk.actor for row in desk.view.followers)


def follow_button(desk: OrderDesk) -> mo.ui.button:
    """«Følg» or «Slutt å følge», as the acting employee does now (the cell rebuilds it when
    that changes: the page's "follow" basis)."""
    if follows(desk):
        return mo.ui.button(
            label="Slutt å følge",
            on_click=lambda _value: unfollow(desk),
            tooltip="Du får ikke lenger varsler om endringer på ordren",
        )
    return mo.ui.button(
        label="☆ Følg",
        kind="success",
        on_click=lambda _value: follow(desk),
        tooltip="Få varsel i bjella når andre endrer ordren",
    )


def follow(desk: OrderDesk) -> None:
    desk.run(
        "follow",
        lambda: ax.follow_order(desk.con, desk.actor, desk.number),
        lambda _new: f"Du følger nå ordre {desk.number}.",
    )


def unfollow(desk: OrderDesk) -> None:
    desk.run(
        "follow",
        lambda: ax.unfollow_order(desk.con, desk.actor, desk.number),
        lambda _gone: f"Du følger ikke lenger ordre {desk.number}.",
    )


# --- tasks -------------------------------------------------------------------------------------


def task_form(desk: OrderDesk) -> mo.ui.form:
    """Built once per page: its choices (the active employees) do not depend on the order.
    A refusal stays in the form with the input; a success clears it."""
    staff = _staff(desk)
    fields = {
        "title": mo.ui.text(placeholder="Hva skal gjøres?", full_width=True),
        "assignee_id": mo.ui.dropdown(staff, value=_my_name(staff, desk.actor), full_width=True),
        "due_date": mo.ui.text(placeholder=DATE_HINT, full_width=True),
    }
    template = forms.grid(
        ("title", "Oppgave", "all"),
        ("assignee_id", "Ansvarlig", "half"),
        ("due_date", f"Frist ({DATE_HINT}, valgfri)", "half"),
    )
    return desk.form(
        "tasks", template, fields, "Legg til oppgave", lambda v: add_task(desk, v), clear=True
    )


def add_task(desk: OrderDesk, values: dict | None) -> ui.Outcome | None:
    if not values:
        return None
    if values.get("assignee_id") is None:
        return ui.refused("Velg hvem som er ansvarlig for oppgaven.")
    return ui.attempt(
        lambda: ax.add_task(
            desk.con,
            desk.actor,
            desk.number,
            title=values.get("title") or "",
            assignee_id=values["assignee_id"],
            due_date=(values.get("due_date") or "").strip() or None,
        ),
        lambda _id: f"Oppgaven «{(values.get('title') or '').strip()}» er lagt til.",
    )


def set_done(desk: OrderDesk, task_id: int, done: bool) -> None:
    """The toggle of one task (the library logs it in the activity log)."""
    change = ax.complete_task if done else ax.reopen_task
    desk.run(
        "tasks",
        lambda: change(desk.con, desk.actor, task_id),
        lambda _changed: "Oppgaven er merket som utført." if done else "Oppgaven er gjenåpnet.",
    )


@dataclass
class TaskList:
    """The order's tasks, each with its toggle button (held by the notebook cell, so marimo
    keeps the buttons alive)."""

    rows: list[dict]
    buttons: tuple[mo.ui.button, ...]

    def layout(self) -> mo.Html:
        if not self.rows:
            listing = mo.Html('<p class="axos-muted">Ingen oppgaver.</p>')
        else:
            listing = mo.vstack(
                [
                    mo.hstack([describe(row), button], justify="space-between", align="center")
                    for row, button in zip(self.rows, self.buttons, strict=True)
                ],
                gap=0.25,
            )
        open_count = sum(1 for row in self.rows if row["done_at"] is None)
        late = sum(1 for row in self.rows if row["overdue"])
        extra = f' <small class="axos-muted">({late} forfalt)</small>' if late else ""
        return ui.card(f"Oppgaver ({open_count} åpne)", listing, extra=extra)


def describe(row: dict) -> mo.Html:
    """One task: title, assignee, due date (marked when overdue), and who ticked it off."""
    due = ""
    if row["due_date"] is not None:
        due = f" · frist {ui.esc(ui.date(row['due_date']))}"
    state = ""
    if row["overdue"]:
        state = ' <span class="axos-badge axos-overdue">Forfalt</span>'
    elif row["done_at"] is not None:
        state = ' <span class="axos-badge axos-cat-closed">Utført</span>'
    title = ui.esc(row["title"])
    if row["done_at"] is not None:
        title = f"<s>{title}</s>"
    css = "axos-task is-overdue" if row["overdue"] else "axos-task"
    return mo.Html(
        f'<span class="{css}" data-task="{int(row["id"])}"><b>{title}</b>{state}'
        f' <span class="axos-muted">{ui.esc(row["assignee_name"] or "")}{due}</span></span>'
    )


def task_list(desk: OrderDesk) -> TaskList:
    rows = list(desk.view.tasks)
    buttons = tuple(
        mo.ui.button(
            label="Marker som utført" if row["done_at"] is None else "Angre utført",
            tooltip=f"Oppgave «{row['title']}»",
            on_click=lambda _value, task_id=row["id"], done=row["done_at"] is None: set_done(
                desk, task_id, done
            ),
        )
        for row in rows
    )
    return TaskList(rows, buttons)


# --- reminders ---------------------------------------------------------------------------------


def reminder_form(desk: OrderDesk) -> mo.ui.form:
    """Built once per page; «Til» starts as the acting employee."""
    staff = _staff(desk)
    fields = {
        "date": mo.ui.text(placeholder=DATE_HINT, full_width=True),
        "time": mo.ui.text(value="09:00", placeholder=TIME_HINT, full_width=True),
        "note": mo.ui.text(placeholder="Hva skal du huskes på?", full_width=True),
        "employee_id": mo.ui.dropdown(staff, value=_my_name(staff, desk.actor), full_width=True),
    }
    template = forms.grid(
        ("date", f"Dato ({DATE_HINT})", "half"),
        ("time", f"Klokkeslett ({TIME_HINT})", "half"),
        ("note", "Notat", "all"),
        ("employee_id", "Til", "all"),
    )
    return desk.form(
        "reminders",
        template,
        fields,
        "Legg inn påminnelse",
        lambda v: add_reminder(desk, v),
        clear=True,
    )


def add_reminder(desk: OrderDesk, values: dict | None) -> ui.Outcome | None:
    if not values:
        return None
    date = (values.get("date") or "").strip()
    if not date:
        return ui.refused(f"Skriv datoen for påminnelsen ({DATE_HINT}).")
    moment = f"{date} {(values.get('time') or '').strip()}"
    return ui.attempt(
        lambda: ax.add_reminder(
            desk.con,
            desk.actor,
            desk.number,
            at=moment,
            note=values.get("note") or "",
            employee_id=values.get("employee_id"),
        ),
        lambda reminder_id: _reminder_done(desk, reminder_id),
    )


def reminder_list(desk: OrderDesk) -> mo.Html:
    """The order's reminders that have not fired yet: when, for whom and the note (a fired
    reminder lives on as its employee's notification)."""
    if not desk.view.reminders:
        return mo.Html("")
    items = "".join(
        f'<li data-reminder="{int(row["id"])}"><b>{ui.esc(ui.timestamp(row["remind_at"]))}</b>'
        f' <span class="axos-muted">{ui.esc(row["employee_name"] or "")}</span>'
        + (f" · {ui.esc(row['note'])}" if row["note"] else "")
        + "</li>"
        for row in desk.view.reminders
    )
    return ui.card("Kommende påminnelser", f'<ul class="axos-reminders">{items}</ul>')


def _reminder_done(desk: OrderDesk, reminder_id: int) -> str:
    row = fetch_row(
        desk.con,
        "SELECT r.remind_at, e.name FROM reminders r JOIN employees e ON e.id = r.employee_id"
        " WHERE r.id = ?",
        [reminder_id],
    )
    return f"Påminnelse lagt inn til {row['name']}, {ui.timestamp(row['remind_at'])}."
