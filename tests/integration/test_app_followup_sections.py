"""The order page's follow-up («Følg», «Oppgaver», «Påminnelse»), driven headless through
the page's `OrderDesk` on a real database: writes go through the library as the acting
employee, a success reloads the order (and rebuilds «Følg» only when following changed), a
refusal is reported instead of raising and changes nothing, and «Min dag» shows what the
order page did."""

from __future__ import annotations

import pytest

import axos_data as ax
from axos_data.app import followup_tools, my_day, order_desk, order_page
from axos_data.model import Actor
from axos_data.views import followup


class Recorder:
    """The page's state setters, recorded: which cells a write would re-run."""

    def __init__(self, desk: order_desk.OrderDesk):
        self.shown = 0
        self.rebuilt: list[str] = []
        desk.connect(self.show, **{name: self.setter(name) for name in order_desk.BASES})

    def show(self, _update) -> None:
        self.shown += 1

    def setter(self, name):
        return lambda _value: self.rebuilt.append(name)


PINNED = "2031-06-15T10:00"


@pytest.fixture(autouse=True)
def _pinned_clock(monkeypatch):
    monkeypatch.setenv("AXOS_NOW", PINNED)


def _desk(con, actor, number) -> tuple[order_desk.OrderDesk, Recorder]:
    desk = order_desk.OrderDesk.open(con, actor, str(number))
    return desk, Recorder(desk)


def _actor(con, employee_id) -> Actor:
    return ax.access.load_actor(con, employee_id)


def _other_employee(con, seeded) -> int:
    return ax.add_employee(con, seeded.admin, name="Siri Dahl", email="siri@nordlys.no")


def test_follow_and_unfollow_rebuild_the_button_and_show_the_followers(con, seeded, new_order):
    order = new_order()  # created by Kari (admin), vår kontakt Ola: both follow
    siri = _other_employee(con, seeded)
    desk, recorder = _desk(con, siri, order)
    assert desk.basis("follow") == (False,)
    assert followup_tools.follow_button(desk).text.count("Følg") == 1
    assert "2 følgere: Kari Nordmann, Ola Hansen" in order_page.followers_note(desk.view).text

    followup_tools.follow(desk)
    assert recorder.rebuilt == ["follow"] and recorder.shown == 1
    assert "Du følger nå ordre" in desk.outcome("follow").text
    assert [row["id"] for row in followup.followers(con, order)].count(siri) == 1
    assert "Slutt å følge" in followup_tools.follow_button(desk).text
    assert "3 følgere: Kari Nordmann, Ola Hansen, Siri Dahl" in (
        order_page.followers_note(desk.view).text
    )

    followup_tools.unfollow(desk)
    assert recorder.rebuilt == ["follow", "follow"]
    assert siri not in [row["id"] for row in followup.followers(con, order)]
    assert "Du følger ikke lenger" in desk.outcome("follow").text
    assert "☆ Følg" in followup_tools.follow_button(desk).text


def test_an_overdue_task_is_listed_as_overdue_on_the_order_and_on_min_dag(con, seeded, new_order):
    order = new_order()
    desk, recorder = _desk(con, seeded.admin, order)
    values = {"title": "Ring kunden", "assignee_id": seeded.user, "due_date": "01.06.2031"}
    desk.finish("tasks", followup_tools.add_task(desk, values))
    assert recorder.shown == 1 and recorder.rebuilt == []  # no form depends on tasks
    assert "Oppgaven «Ring kunden» er lagt til." in desk.outcome("tasks").text

    listing = followup_tools.task_list(desk)
    [row] = listing.rows
    assert row["overdue"] and row["assignee_name"] == "Ola Hansen"
    html = listing.layout().text
    assert "Oppgaver (1 åpne)" in html and "(1 forfalt)" in html
    assert "Forfalt" in html and "frist 01.06.2031" in html and "is-overdue" in html
    assert "Marker som utført" in listing.buttons[0].text
    ola = _actor(con, seeded.user)
    assert "Ring kunden" in my_day.tasks_card(con, ola).text
    assert "Forfalt" in my_day.tasks_card(con, ola).text
    # The library logged it, and the activity log on the page shows it.
    assert "Oppgave «Ring kunden» til Ola Hansen" in order_page.activity_card(desk.view).text

    followup_tools.set_done(desk, row["id"], True)
    assert "Oppgaven er merket som utført." in desk.outcome("tasks").text
    listing = followup_tools.task_list(desk)
    [row] = listing.rows
    assert row["done_at"] is not None and not row["overdue"]
    assert "Angre utført" in listing.buttons[0].text
    assert "Oppgaver (0 åpne)" in listing.layout().text
    assert "Ring kunden" not in my_day.tasks_card(con, ola).text
    assert "utført" in order_page.activity_card(desk.view).text

    followup_tools.set_done(desk, row["id"], False)
    assert followup_tools.task_list(desk).rows[0]["done_at"] is None
    assert "Ring kunden" in my_day.tasks_card(con, ola).text
    assert "gjenåpnet" in order_page.activity_card(desk.view).text


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"title": " ", "assignee_id": "me", "due_date": ""}, "Oppgave"),
        ({"title": "Ring", "assignee_id": "me", "due_date": "31.02.2031"}, "31.02.2031"),
        ({"title": "Ring", "assignee_id": "me", "due_date": "i morgen"}, "dd.mm.åååå"),
        ({"title": "Ring", "assignee_id": None, "due_date": ""}, "ansvarlig"),
    ],
)
def test_a_refused_task_says_why_and_stores_nothing(con, seeded, new_order, values, message):
    order = new_order()
    desk, recorder = _desk(con, seeded.admin, order)
    if values["assignee_id"] == "me":
        values = {**values, "assignee_id": seeded.admin}
    outcome = followup_tools.add_task(desk, values)
    assert not outcome.ok and message in outcome.text
    assert followup.tasks(con, order_no=order) == []
    assert recorder.shown == 0


def test_the_forms_offer_active_employees_and_start_with_me(con, seeded, new_order):
    siri = _other_employee(con, seeded)
    ax.update_record(con, seeded.admin, "employee", siri, active=False)
    desk, _ = _desk(con, seeded.user, new_order())
    for form in (followup_tools.task_form(desk), followup_tools.reminder_form(desk)):
        key = "assignee_id" if "assignee_id" in form.element.elements else "employee_id"
        who = form.element[key]
        assert who.value == seeded.user  # the dropdown starts on the acting employee (Ola)
        assert set(who.options) == {"Kari Nordmann", "Ola Hansen"}  # Siri is deactivated


def test_a_reminder_is_stored_for_me_or_a_colleague_and_a_past_moment_is_refused(
    con, seeded, new_order
):
    order = new_order()
    desk, recorder = _desk(con, seeded.user, order)
    mine = {"date": "16.06.2031", "time": "08:30", "note": "Purre", "employee_id": seeded.user}
    desk.finish("reminders", followup_tools.add_reminder(desk, mine))
    assert "Påminnelse lagt inn til Ola Hansen, 16.06.2031 08:30" in desk.outcome("reminders").text
    assert recorder.shown == 1
    [row] = followup.reminders(con, employee_id=seeded.user)
    assert row["note"] == "Purre" and row["order_no"] == order
    assert "Purre" in my_day.reminders_card(con, _actor(con, seeded.user)).text

    theirs = {**mine, "note": "Sjekk levering", "employee_id": seeded.admin}
    assert followup_tools.add_reminder(desk, theirs).ok
    assert [r["note"] for r in followup.reminders(con, employee_id=seeded.admin)] == [
        "Sjekk levering"
    ]

    before = followup.reminders(con)
    past = followup_tools.add_reminder(desk, {**mine, "date": "14.06.2031"})
    assert not past.ok and "14.06.2031 08:30 er allerede passert" in past.text
    no_date = followup_tools.add_reminder(desk, {**mine, "date": ""})
    assert not no_date.ok and "dd.mm.åååå" in no_date.text
    bad_time = followup_tools.add_reminder(desk, {**mine, "time": "25:00"})
    assert not bad_time.ok and "25:00" in bad_time.text
    assert followup.reminders(con) == before


def test_the_order_lists_its_coming_reminders_and_only_its_own(con, seeded, new_order):
    order, other = new_order(), new_order()
    ax.add_reminder(con, seeded.user, order, at="16.06.2031 08:30", note="Ring <kunden>")
    ax.add_reminder(
        con, seeded.user, order, at="16.06.2031 07:00", note="Levering", employee_id=seeded.admin
    )
    ax.add_reminder(con, seeded.user, other, at="16.06.2031 06:00", note="Annen ordre")
    desk, _ = _desk(con, seeded.user, order)
    text = followup_tools.reminder_list(desk).text
    assert "Annen ordre" not in text
    assert text.index("16.06.2031 07:00") < text.index("16.06.2031 08:30")  # soonest first
    assert "Kari Nordmann" in text and "Ola Hansen" in text
    assert "Ring &lt;kunden&gt;" in text  # the note is shown as text, never as markup
    assert followup_tools.reminder_list(_desk(con, seeded.user, new_order())[0]).text == ""
