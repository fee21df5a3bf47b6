"""Per-employee logins in the running app: two employees in two browser contexts act as
themselves, single-user mode says so, and with a password set nothing opens anonymously."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from websockets.exceptions import InvalidStatus

import axos_data as ax
from axos_data import views
from tests.e2e.conftest import AppServer, free_port, shot
from tests.e2e.test_app_security import call, open_websocket, own_origin

pytestmark = pytest.mark.browser

ADA_PASSWORD = "fjord-hemmelig"  # employee 1, the demo's first admin (AppServer sets it)
BO_PASSWORD = "bo-sitt-eget-passord"


def _setup_second_user(path) -> tuple[int, str, str, int]:
    """A non-admin employee with a password, and an open order; (id, name, e-mail, order)."""
    con = ax.connect(path)
    try:
        staff = views.employees(con)
        bo = staff.filter(staff["role"] == "user").sort("id").row(0, named=True)
        ax.set_password(con, 1, bo["id"], BO_PASSWORD)
        order = views.order_list(con, views.OrderFilter(statuses=["under_arbeid"]), limit=1)
        return bo["id"], bo["name"], bo["email"], order.rows["order_no"][0]
    finally:
        con.close()


def _log_in(page, server: AppServer, email: str, password: str, target: str) -> None:
    page.goto(server.url + target)
    expect(page).to_have_url(re.compile(r"/login"))
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()
    expect(page).to_have_url(re.compile(re.escape(target.split("?")[0])))


def _comment(page, text: str) -> None:
    page.get_by_placeholder("Skriv en kommentar …").fill(text)
    page.get_by_role("button", name="Legg til kommentar").click()
    activity = page.locator("section.axos-card", has_text="Aktivitetslogg")
    expect(activity).to_contain_text(text)


def test_two_employees_in_two_browsers_are_logged_as_themselves(demo_db, browser):
    bo_id, bo_name, bo_email, order_no = _setup_second_user(demo_db)
    server = AppServer(demo_db, free_port(), password=ADA_PASSWORD).start()
    contexts = [browser.new_context(viewport={"width": 1440, "height": 1000}) for _ in range(2)]
    try:
        ada, bo = (c.new_page() for c in contexts)
        target = f"/ordre/?order={order_no}"
        _log_in(ada, server, server.login_email, ADA_PASSWORD, target)
        _log_in(bo, server, bo_email, BO_PASSWORD, target)
        expect(bo.locator(".axos-topbar")).to_contain_text(bo_name)
        expect(bo.locator(".axos-topbar")).to_contain_text("Logg ut")
        expect(bo.locator(".axos-topbar")).not_to_contain_text("Enkeltbrukermodus")

        _comment(ada, "Kommentar fra Ada")
        _comment(bo, "Kommentar fra Bo")
        status_card = bo.locator("section.axos-card", has_text="Endre status")
        status_card.locator("select").first.select_option(label="Klar til fakturering")
        status_card.get_by_role("button", name="Endre status").click()
        expect(bo.locator(".axos-page-title .axos-badge")).to_have_text("Klar til fakturering")
        shot(bo, "30-logged-in-as-second-employee")
    finally:
        for c in contexts:
            c.close()
        server.stop()

    con = ax.connect(demo_db)
    try:
        activity = views.order_activity(con, order_no).to_dicts()
        by_message = {a["message"]: a["actor_id"] for a in activity if a["kind"] == "comment"}
        assert by_message["Kommentar fra Ada"] == 1
        assert by_message["Kommentar fra Bo"] == bo_id
        history = views.status_history(con, order_no).to_dicts()
        assert history[-1]["to_status"] == "klar_til_fakturering"
        assert history[-1]["changed_by"] == bo_id
        attempts = con.execute(
            "SELECT outcome, employee_id, account FROM login_attempts ORDER BY id"
        ).fetchall()
        assert attempts == [("ok", 1, server.login_email), ("ok", bo_id, bo_email)]
    finally:
        con.close()


def test_single_user_mode_says_so_in_the_top_bar(app_server, page):
    page.goto(app_server.url + "/ordrer/")
    expect(page.locator(".axos-topbar")).to_contain_text("Enkeltbrukermodus")
    expect(page.locator(".axos-topbar")).not_to_contain_text("Logg ut")
    page.goto(app_server.url + "/")
    expect(page.locator(".axos-topbar")).to_contain_text("Enkeltbrukermodus")
    shot(page, "31-single-user-mode")


def test_with_a_password_set_nothing_opens_without_a_login(demo_db, page):
    server = AppServer(demo_db, free_port(), password=ADA_PASSWORD).start()
    try:
        page.goto(server.url + "/ordre/?order=10001")
        expect(page).to_have_url(re.compile(r"/login\?next="))
        expect(page.get_by_label("E-post")).to_be_visible()
        # Pages, marimo's files and downloads (its virtual files) all sit behind the gate.
        for path in ("/", "/ordrer/", "/ordre/?order=10001", "/ordre/@file/123-ordre.pdf"):
            reply = call(server, "GET", path)
            assert reply.status == 303 and reply.header("location").startswith("/login")
        with pytest.raises(InvalidStatus):
            open_websocket(server, own_origin(server))
    finally:
        server.stop()


def test_a_disabled_login_is_refused_and_guesses_at_one_account_are_limited(demo_db):
    bo_id, _, bo_email, _ = _setup_second_user(demo_db)
    con = ax.connect(demo_db)
    try:
        ax.set_login_disabled(con, 1, bo_id, True)
    finally:
        con.close()
    server = AppServer(demo_db, free_port(), password=ADA_PASSWORD).start()
    try:
        body = f"email={bo_email}&password={BO_PASSWORD}&next=/".encode()
        refused = call(server, "POST", "/login", body=body, source="127.0.0.91")
        assert refused.status == 401 and not refused.cookies
        assert "Feil e-post eller passord" in refused.body.decode()
        # The account, not only the address, is limited: guesses from many addresses stop.
        for number in range(10):
            call(server, "POST", "/login", body=body, source=f"127.0.1.{number}")
        limited = call(server, "POST", "/login", body=body, source="127.0.2.1")
        assert limited.status == 429
    finally:
        server.stop()
