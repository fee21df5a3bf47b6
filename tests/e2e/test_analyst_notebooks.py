"""Analysts' own notebooks in the running app (`axos app --notebooks DIR`): the example notebook
is served at /analyse/ordrer_per_maned/ behind the login, shows the live database's numbers,
and names that are unsafe, reserved or broken are not mounted (with a reason in the log);
a notebook dropped in after the start is served without a restart."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import expect

from axos_data.money import format_nok

from .conftest import AppServer, free_port, shot
from .test_app_security import call, login, session_cookie
from .test_browser_forms import _QUIET, QUIET_MS

pytestmark = pytest.mark.browser

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "notebooks" / "ordrer_per_maned.py"
PASSWORD = "analyse-hemmelig"
BROKEN = "import marimo\napp = marimo.App()\n\n\n@app.cell\ndef _(:\n    return\n"


def _expected(db_path: Path) -> dict:
    """The newest month's count and sum and the grand totals, read before the app holds the
    file (the app does not change orders while the test reads)."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        month, count, total = con.execute(
            "SELECT strftime(date_trunc('month', order_date), '%Y-%m') AS m, count(*),"
            " sum(total) FROM orders GROUP BY m ORDER BY m DESC LIMIT 1"
        ).fetchone()
        all_count, all_total = con.execute("SELECT count(*), sum(total) FROM orders").fetchone()
        employee, name = con.execute(
            "SELECT id, name FROM employees WHERE role = 'user' ORDER BY id LIMIT 1"
        ).fetchone()
    finally:
        con.close()
    return {
        "month": month,
        "count": count,
        "total": format_nok(total),
        "all_count": f"{all_count:,}".replace(",", "\u00a0"),
        "all_total": format_nok(all_total),
        "employee_id": employee,  # not the process's own employee (the first admin)
        "employee": name,
    }


@pytest.fixture(scope="module")
def served(demo_template, tmp_path_factory):
    """One app with logins on, serving a folder with the example, a broken notebook, a reserved
    name and a name that is not a URL slug."""
    root = tmp_path_factory.mktemp("analyst")
    db_path = root / "axos.duckdb"
    shutil.copyfile(demo_template, db_path)
    folder = root / "notebooks"
    folder.mkdir()
    shutil.copyfile(EXAMPLE, folder / EXAMPLE.name)
    shutil.copyfile(EXAMPLE, folder / "ws.py")  # would take /analyse/ws, the page's websocket
    shutil.copyfile(EXAMPLE, folder / "Ordre Rapport.py")
    (folder / "i_stykker.py").write_text(BROKEN, encoding="utf-8")
    expected = _expected(db_path)
    server = AppServer(
        db_path,
        free_port(),
        password=PASSWORD,
        login_employee=expected["employee_id"],
        extra_args=["--notebooks", str(folder)],
    )
    server.start()
    yield server, folder, expected
    server.stop()


def _settled(page) -> None:
    """marimo has run every cell of the notebook and none is queued again."""
    expect(page.get_by_role("heading", name="Ordrer per måned")).to_be_visible()
    page.evaluate("() => { window.__axosQuietSince = undefined; }")
    page.wait_for_function(_QUIET, arg=QUIET_MS, polling=50, timeout=30_000)


def test_example_notebook_needs_a_login_and_shows_the_live_numbers(served, page):
    server, _folder, expected = served
    page.goto(server.url + "/analyse/ordrer_per_maned/")
    expect(page).to_have_url(re.compile(r"/login\?next=/analyse/ordrer_per_maned/"))
    page.get_by_label("E-post").fill(server.login_email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    expect(page).to_have_url(re.compile(r"/analyse/ordrer_per_maned/$"))
    _settled(page)

    # Live data, read as the employee who logged in.
    expect(
        page.get_by_text(f"Kilde: Levende data (lest som {expected['employee']})")
    ).to_be_visible()
    expect(
        page.get_by_text(f"{expected['all_count']} ordrer, til sammen kr {expected['all_total']}")
    ).to_be_visible()
    newest = page.get_by_role("row").filter(has_text=expected["month"])
    expect(newest).to_contain_text(str(expected["count"]))
    expect(newest).to_contain_text(expected["total"])
    shot(page, "analyse-ordrer-per-maned")
    expect(page.locator("marimo-vega canvas, marimo-vega svg").first).to_be_visible()


def test_unsafe_reserved_and_broken_names_are_not_mounted(served):
    server, _folder, _expected = served
    cookie = session_cookie(login(server, PASSWORD))
    assert call(server, "GET", "/analyse/ordrer_per_maned/", {"Cookie": cookie}).status == 200
    for path in ("/analyse/ws/", "/analyse/Ordre%20Rapport/", "/analyse/i_stykker/"):
        assert call(server, "GET", path, {"Cookie": cookie}).status == 404, path
    log = server.log.read_text(encoding="utf-8")
    assert "ws.py hoppes over: navnet «ws» er reservert" in log
    assert "Ordre Rapport.py hoppes over: navnet «Ordre Rapport» kan ikke brukes" in log
    assert "i_stykker.py hoppes over:" in log


def test_the_gate_applies_and_a_dropped_in_notebook_is_served_without_restart(served):
    server, folder, _expected = served
    assert call(server, "GET", "/analyse/ny_rapport/").status == 303  # to the login page
    cookie = session_cookie(login(server, PASSWORD))
    assert call(server, "GET", "/analyse/ny_rapport/", {"Cookie": cookie}).status == 404
    shutil.copyfile(EXAMPLE, folder / "ny_rapport.py")
    assert call(server, "GET", "/analyse/ny_rapport/", {"Cookie": cookie}).status == 200
    anonymous = call(server, "GET", "/analyse/ny_rapport/")
    assert anonymous.status == 303 and "/login" in anonymous.header("location")


def test_a_missing_folder_stops_the_start_with_a_reason(axos, tmp_path):
    missing = tmp_path / "finnes-ikke"
    axos("app", "--notebooks", missing).assert_user_error(
        f"Mappen for analysenotatbøker finnes ikke: {missing}"
    )
    assert not axos.db_path.exists()
