"""Follow-up on the order page in a real browser, with the server's clock pinned (AXOS_NOW):
«Følg» adds the employee to the followers shown beside the title; a task added with a due date
in the past is listed as overdue on the order and on «Min dag» (which `/` now opens); ticking
it off removes it from «Min dag»'s open tasks."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

import axos_data as ax
from axos_data import views
from axos_data.views import followup

from .conftest import AppServer, free_port, shot
from .test_browser_forms import _form, _settled

pytestmark = pytest.mark.browser

PINNED = "2031-06-15T10:00"
TASK = "Ring kunden om levering"


def _card(page, title: str):
    return page.locator("section.axos-card").filter(
        has=page.locator(".axos-h2", has_text=re.compile(rf"^{title}"))
    )


def _unfollowed_order(demo_db) -> tuple[int, str, int]:
    """An order in progress that employee 1 (single-user mode's actor) does not follow and
    that has no tasks; with that employee's name and the order's follower count."""
    con = ax.connect(demo_db)
    try:
        rows = views.order_list(con, views.OrderFilter(statuses=["under_arbeid"]), limit=200).rows
        for number in rows["order_no"]:
            ids = [row["id"] for row in followup.followers(con, number)]
            if 1 not in ids and not followup.tasks(con, order_no=number):
                name = con.execute("SELECT name FROM employees WHERE id = 1").fetchall()[0][0]
                return number, name, len(ids)
        raise AssertionError("the demo has no order in progress that employee 1 does not follow")
    finally:
        con.close()


def test_follow_add_an_overdue_task_see_it_on_min_dag_and_tick_it_off(demo_db, page):
    number, me, count = _unfollowed_order(demo_db)
    server = AppServer(demo_db, free_port(), extra_env={"AXOS_NOW": PINNED}).start()
    try:
        page.goto(f"{server.url}/ordre/?order={number}")
        _settled(page)
        followers = page.locator(".axos-followers")
        expect(followers).not_to_contain_text(me)

        page.get_by_role("button", name="☆ Følg").click()
        expect(page.get_by_role("button", name="Slutt å følge")).to_be_visible()
        expect(followers).to_contain_text(f"{count + 1} følgere")
        expect(followers).to_contain_text(me)
        expect(page.locator(".axos-result")).to_contain_text(f"Du følger nå ordre {number}")

        tasks = _card(page, "Oppgaver")
        expect(tasks).to_contain_text("Ingen oppgaver.")
        form = _form(page, "Legg til oppgave")
        form.get_by_placeholder("Hva skal gjøres?").fill(TASK)
        form.get_by_placeholder("dd.mm.åååå").fill("01.06.2031")
        form.get_by_role("button", name="Legg til oppgave").click()
        expect(page.locator(".axos-result")).to_contain_text(f"Oppgaven «{TASK}» er lagt til.")
        row = tasks.locator(".axos-task", has_text=TASK)
        expect(row).to_contain_text("Forfalt")
        expect(row).to_contain_text("frist 01.06.2031")
        expect(tasks).to_contain_text("(1 forfalt)")
        expect(_card(page, "Aktivitetslogg")).to_contain_text(f"Oppgave «{TASK}» til {me}")
        shot(page, "followup-overdue-task")

        page.goto(f"{server.url}/")  # the start page is «Min dag»
        expect(page).to_have_url(re.compile(r"/min-dag/$"))
        mine = _card(page, "Mine oppgaver")
        expect(mine).to_contain_text(TASK)
        expect(mine).to_contain_text("Forfalt")
        shot(page, "followup-min-dag")

        page.goto(f"{server.url}/ordre/?order={number}")
        _settled(page)
        page.get_by_role("button", name="Marker som utført").click()
        expect(page.locator(".axos-result")).to_contain_text("Oppgaven er merket som utført.")
        expect(tasks.locator(".axos-task", has_text=TASK)).to_contain_text("Utført")
        expect(page.get_by_role("button", name="Angre utført")).to_be_visible()

        page.goto(f"{server.url}/min-dag/")
        mine = _card(page, "Mine oppgaver")
        expect(mine).to_contain_text("Ingen åpne oppgaver.")
        expect(mine).not_to_contain_text(TASK)
    finally:
        server.stop()
