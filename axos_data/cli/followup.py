"""axos task …, axos reminder …, axos notifications …, and axos order follow/unfollow/
followers: the follow-up of orders from the command line."""

from __future__ import annotations

import click

from axos_data import services, views
from axos_data.cli._common import State, echo, emit, table, with_state

TASK_COLUMNS = [
    ("id", "Id"),
    ("order_no", "Ordre"),
    ("title", "Oppgave"),
    ("assignee_name", "Ansvarlig"),
    ("due_date", "Frist"),
    ("state", "Status"),
]


def _task_state(row: dict) -> str:
    if row["done_at"] is not None:
        return "utført"
    return "forfalt" if row["overdue"] else "åpen"


@click.group("task")
def task() -> None:
    """Tasks (oppgaver) on orders."""


@task.command("add")
@click.argument("order_no", type=int)
@click.option("--title", required=True)
@click.option("--assignee", "assignee_id", type=int, required=True, help="Employee id.")
@click.option("--due", "due_date", default=None, help="YYYY-MM-DD or dd.mm.åååå.")
@with_state
def task_add(state: State, order_no: int, title: str, assignee_id: int, due_date: str | None):
    """Add a task to the order."""
    task_id = services.add_task(
        state.con, state.actor(), order_no, title=title, assignee_id=assignee_id, due_date=due_date
    )
    emit(state, {"task_id": task_id, "order_no": order_no}, f"Oppgave {task_id} lagt til")


@task.command("done")
@click.argument("task_id", type=int)
@with_state
def task_done(state: State, task_id: int) -> None:
    """Mark the task done."""
    changed = services.complete_task(state.con, state.actor(), task_id)
    emit(
        state,
        {"task_id": task_id, "done": True, "changed": changed},
        f"Oppgave {task_id} utført" if changed else f"Oppgave {task_id} var allerede utført",
    )


@task.command("reopen")
@click.argument("task_id", type=int)
@with_state
def task_reopen(state: State, task_id: int) -> None:
    """Mark a done task as not done."""
    changed = services.reopen_task(state.con, state.actor(), task_id)
    emit(
        state,
        {"task_id": task_id, "done": False, "changed": changed},
        f"Oppgave {task_id} gjenåpnet" if changed else f"Oppgave {task_id} var ikke utført",
    )


@task.command("list")
@click.option("--mine", is_flag=True, help="Only tasks assigned to me.")
@click.option("--open", "open_only", is_flag=True, help="Only tasks not done.")
@click.option("--order", "order_no", type=int, default=None)
@with_state
def task_list(state: State, mine: bool, open_only: bool, order_no: int | None) -> None:
    """Tasks, open ones first by due date; overdue ones are marked."""
    rows = views.followup.tasks(
        state.con,
        assignee_id=state.actor() if mine else None,
        order_no=order_no,
        open_only=open_only,
    )
    for row in rows:
        row["state"] = _task_state(row)
    emit(state, rows, lambda: echo(table(rows, TASK_COLUMNS) if rows else "Ingen oppgaver"))


@click.group("reminder")
def reminder() -> None:
    """Reminders (påminnelser) on orders."""


@reminder.command("add")
@click.argument("order_no", type=int)
@click.option("--at", "at", required=True, help='"YYYY-MM-DD HH:MM" or "dd.mm.åååå HH:MM".')
@click.option("--note", required=True)
@click.option("--for", "employee_id", type=int, default=None, help="Employee id (default me).")
@with_state
def reminder_add(state: State, order_no: int, at: str, note: str, employee_id: int | None) -> None:
    """Remind an employee (default: me) about the order at a moment."""
    reminder_id = services.add_reminder(
        state.con, state.actor(), order_no, at=at, note=note, employee_id=employee_id
    )
    emit(
        state,
        {"reminder_id": reminder_id, "order_no": order_no},
        f"Påminnelse {reminder_id} lagt inn",
    )


@reminder.command("list")
@click.option("--mine", is_flag=True, help="Only reminders for me.")
@with_state
def reminder_list(state: State, mine: bool) -> None:
    """Reminders, pending ones first by time."""
    rows = views.followup.reminders(state.con, employee_id=state.actor() if mine else None)
    columns = [
        ("id", "Id"),
        ("order_no", "Ordre"),
        ("employee_name", "Til"),
        ("remind_at", "Tidspunkt"),
        ("note", "Notat"),
        ("fired_at", "Varslet"),
    ]
    emit(state, rows, lambda: echo(table(rows, columns) if rows else "Ingen påminnelser"))


@click.group("notifications", invoke_without_command=True)
@click.option("--unread", is_flag=True, help="Only unread notifications.")
@with_state
@click.pass_context
def notifications(ctx: click.Context, state: State, unread: bool) -> None:
    """My notifications (the bell), unread first; `read` marks them read."""
    if ctx.invoked_subcommand is not None:
        return
    rows = services.notifications(state.con, state.actor(), unread_only=unread)
    columns = [
        ("id", "Id"),
        ("mark", ""),
        ("created_at", "Tid"),
        ("order_no", "Ordre"),
        ("actor_name", "Hvem"),
        ("message", "Hendelse"),
    ]
    for row in rows:
        row["mark"] = "•" if row["unread"] else ""
    emit(state, rows, lambda: echo(table(rows, columns) if rows else "Ingen varsler"))


@notifications.command("read")
@click.argument("ids", nargs=-1, type=int)
@click.option("--all", "all_", is_flag=True, help="Mark every notification of mine read.")
@with_state
def notifications_read(state: State, ids: tuple[int, ...], all_: bool) -> None:
    """Mark notifications read: the ids given, or --all."""
    if all_ == bool(ids):
        raise click.UsageError("Oppgi varselnumre eller --all (ikke begge).")
    if all_:
        count = services.mark_all_read(state.con, state.actor())
    else:
        count = services.mark_read(state.con, state.actor(), list(ids))
    emit(state, {"marked_read": count}, f"{count} varsler merket som lest")


@click.command("follow")
@click.argument("order_no", type=int)
@with_state
def order_follow(state: State, order_no: int) -> None:
    """Follow the order: its activity reaches my notifications."""
    changed = services.follow_order(state.con, state.actor(), order_no)
    emit(
        state,
        {"order_no": order_no, "following": True, "changed": changed},
        f"Du følger ordre {order_no}" if changed else f"Du fulgte allerede ordre {order_no}",
    )


@click.command("unfollow")
@click.argument("order_no", type=int)
@with_state
def order_unfollow(state: State, order_no: int) -> None:
    """Stop following the order."""
    changed = services.unfollow_order(state.con, state.actor(), order_no)
    emit(
        state,
        {"order_no": order_no, "following": False, "changed": changed},
        f"Du følger ikke lenger ordre {order_no}"
        if changed
        else f"Du fulgte ikke ordre {order_no}",
    )


@click.command("followers")
@click.argument("order_no", type=int)
@with_state
def order_followers(state: State, order_no: int) -> None:
    """Who follows the order."""
    rows = views.followup.followers(state.con, order_no)
    emit(
        state,
        rows,
        lambda: echo(
            table(rows, [("id", "Id"), ("name", "Navn"), ("since", "Siden")])
            if rows
            else "Ingen følger ordren"
        ),
    )


def register(cli: click.Group) -> None:
    for group in (task, reminder, notifications):
        cli.add_command(group)
    order = cli.commands["order"]
    assert isinstance(order, click.Group)
    for command in (order_follow, order_unfollow, order_followers):
        order.add_command(command)
