"""The bell and "Min dag" in the app: the page, the bell's HTTP endpoints, and a browser that
sees a colleague's comment on a followed order appear in the bell without reloading.

The HTTP tests run the app in a thread of this process in single-user mode as B, with a
colleague A writing through the same connection. The browser test runs a real `axos app`
process with two logged-in employees in two browser contexts.
"""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.error
import urllib.request

import pytest

import axos_data as ax
from axos_data.app import context, server
from axos_data.app.origin_guard import allowed_hosts_for

from .conftest import AppServer, free_port, html_of, load_notebook, shot


def _cast(db_path) -> tuple[int, int, int]:
    """(A, B, order): A the first admin, B another active employee, an order B follows with
    nothing unread."""
    con = ax.connect(db_path)
    try:
        a = ax.access.acting_employee(con).id
        b = con.execute("SELECT min(id) FROM employees WHERE active AND id <> ?", [a]).fetchall()[
            0
        ][0]
        order_no = con.execute("SELECT min(order_no) FROM orders").fetchall()[0][0]
        ax.follow_order(con, b, order_no)
        ax.mark_all_read(con, b)
        return a, b, order_no
    finally:
        con.close()


@pytest.fixture
def bell_app(demo_db):
    """The real app (build_app under uvicorn) in a thread of this process, acting as B."""
    import uvicorn

    a, b, order_no = _cast(demo_db)
    context.reset()
    ctx = context.configure(demo_db, b)
    port = free_port()
    app = server.build_app(allowed_hosts=allowed_hosts_for("127.0.0.1", port))
    uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not uv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the app did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", ctx, a, b, order_no
    uv.should_exit = True
    thread.join(30)
    context.set_served(False)  # build_app set it for this process; later headless runs are not
    context.reset()


def _request(url: str, *, body: object = None, headers: dict | None = None) -> tuple[int, dict]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        text = error.read().decode()
        return error.code, (json.loads(text) if text.startswith("{") else {"text": text})


def test_bell_state_and_marking_read_over_http(bell_app):
    url, ctx, a, b, order_no = bell_app
    assert _request(f"{url}/bell/state")[1]["unread"] == 0
    ax.add_comment(ctx.cursor(), a, order_no, "Kunden ringte")
    status, state = _request(f"{url}/bell/state")
    assert status == 200 and state["unread"] == 1
    item = state["items"][0]
    assert (item["message"], item["href"], item["unread"]) == (
        "Kunden ringte",
        f"/ordre/?order={order_no}",
        True,
    )
    json_type = {"content-type": "application/json"}
    # a plain form post (what another site could send) and another site's fetch are refused
    form = {"content-type": "application/x-www-form-urlencoded"}
    assert _request(f"{url}/bell/read", body={"all": True}, headers=form)[0] == 415
    foreign = {**json_type, "origin": "http://evil.example"}
    assert _request(f"{url}/bell/read", body={"all": True}, headers=foreign)[0] == 403
    # A's own notification cannot be marked read by B (the app's employee)
    ax.follow_order(ctx.cursor(), a, order_no)
    ax.add_comment(ctx.cursor(), b, order_no, "Svar")
    theirs = ax.notifications(ctx.cursor(), a)[0]["id"]
    status, answer = _request(f"{url}/bell/read", body={"ids": [theirs]}, headers=json_type)
    assert status == 400 and "ikke ditt" in answer["error"]
    status, answer = _request(f"{url}/bell/read", body={"ids": [item["id"]]}, headers=json_type)
    assert status == 200 and answer["marked_read"] == 1 and answer["unread"] == 0
    assert ax.unread_count(ctx.cursor(), a) == 1


def test_min_dag_lists_tasks_reminders_notifications_and_orders(app_context):
    con = app_context.cursor()
    me = app_context.actor
    other = con.execute(
        "SELECT min(id) FROM employees WHERE active AND id <> ?", [me.id]
    ).fetchall()[0][0]
    order_no = ax.create_order(con, other, customer_id=1, title="Min ordre", our_contact_id=me.id)
    ax.add_task(con, other, order_no, title="Ring kunden", assignee_id=me.id, due_date="01.01.2020")
    ax.add_reminder(con, me, order_no, at="31.12.2099 08:00", note="Følg opp tilbudet")
    ax.add_comment(con, other, order_no, "Kunden vil ha levering fredag")
    outputs, _defs = load_notebook("min_dag").run()
    html = html_of(outputs)
    for text in (
        "Mine oppgaver",
        "Ring kunden",
        "Forfalt",
        "Følg opp tilbudet",
        "Kunden vil ha levering fredag",
        "Min ordre",
        "axos-bell-slot",
    ):
        assert text in html, text
    assert f"/ordre/?order={order_no}" in html


@pytest.mark.browser
def test_b_sees_a_colleagues_comment_in_the_bell_and_opens_the_order(demo_db, browser):
    """The issue's scenario end to end: two employees log in to a real `axos app` in two
    browser contexts; B follows an order, A comments on it, and B's bell shows it within
    10 s without reloading."""
    from playwright.sync_api import expect

    from .test_app_logins import ADA_PASSWORD, BO_PASSWORD, _comment, _log_in

    a, b, order_no = _cast(demo_db)
    con = ax.connect(demo_db)
    try:
        ax.set_password(con, a, b, BO_PASSWORD)
        b_email = con.execute("SELECT email FROM employees WHERE id = ?", [b]).fetchall()[0][0]
    finally:
        con.close()
    server = AppServer(demo_db, free_port(), password=ADA_PASSWORD, login_employee=a).start()
    contexts = [browser.new_context(viewport={"width": 1440, "height": 1000}) for _ in range(2)]
    try:
        page_a, page_b = (c.new_page() for c in contexts)
        _log_in(page_b, server, b_email, BO_PASSWORD, "/min-dag/")
        count = page_b.get_by_test_id("bell-count").first
        expect(count).to_have_text("0")
        _log_in(page_a, server, server.login_email, ADA_PASSWORD, f"/ordre/?order={order_no}")
        _comment(page_a, "Kan vi levere tidligere?")
        expect(count).to_have_text("1", timeout=10_000)  # the bound: ~10 s behind
        page_b.get_by_test_id("bell").first.click()
        item = page_b.get_by_test_id("bell-item").first
        expect(item).to_contain_text("Kan vi levere tidligere?")
        shot(page_b, "bell-open")
        item.get_by_role("link").click()
        expect(page_b).to_have_url(re.compile(rf"/ordre/\?order={order_no}$"))
        expect(page_b.get_by_text("Kan vi levere tidligere?").first).to_be_visible()
        expect(page_b.get_by_test_id("bell-count").first).to_have_text("0")  # opened = read
        page_b.goto(f"{server.url}/min-dag/")
        expect(page_b.get_by_text("Mine åpne ordrer").first).to_be_visible()
        shot(page_b, "min-dag")
    finally:
        for context_ in contexts:
            context_.close()
        server.stop()
