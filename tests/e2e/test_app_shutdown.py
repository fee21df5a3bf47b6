"""Ctrl+C stops `axos app` within seconds even with browser sessions open, and leaves the
database checkpointed and closed and no server file behind."""

from __future__ import annotations

import signal
import subprocess

import pytest
from playwright.sync_api import expect

import axos_data as ax
from axos_data import remote_channel


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_the_app_stops_with_sessions_open(app_server, browser, stop):
    pages = []
    contexts = []
    for path in ("/ordrer/", "/ordre/?order=10001"):
        context_ = browser.new_context()
        page = context_.new_page()
        page.goto(app_server.url + path)
        contexts.append(context_)
        pages.append(page)
    expect(pages[0].locator(".axos-orders")).to_be_visible()
    expect(pages[1].locator("text=10001").first).to_be_visible()
    server_file = remote_channel.server_file(app_server.db_path)
    assert server_file.exists()

    process = app_server.process
    process.send_signal(stop)
    try:
        code = process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        pytest.fail("axos app was still running 10 s after the signal")
    finally:
        for context_ in contexts:
            context_.close()
    assert code == 0, app_server.log.read_text()

    assert not server_file.exists()
    assert not app_server.db_path.with_name(app_server.db_path.name + ".wal").exists()
    con = ax.connect(app_server.db_path, timeout=0)
    try:
        assert con.execute("SELECT count(*) FROM orders").fetchall()[0][0] > 0
    finally:
        con.close()
