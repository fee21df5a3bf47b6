"""The app server's host check and password gate, without a server."""

from __future__ import annotations

import asyncio

import pytest

from axos_data.app.server import COOKIE, PasswordGate, is_loopback


@pytest.mark.parametrize(
    ("host", "local"),
    [
        ("127.0.0.1", True),
        ("127.0.1.5", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("192.168.1.10", False),
        ("::", False),
        ("axos.intern", False),
    ],
)
def test_only_loopback_counts_as_local(host, local):
    assert is_loopback(host) is local


def _call(gate: PasswordGate, scope: dict) -> list[dict]:
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    asyncio.run(gate(scope, receive, send))
    return sent


async def _app(scope, receive, send):
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"inside"})


def _scope(path: str, kind: str = "http", cookie: str | None = None) -> dict:
    headers = [(b"cookie", cookie.encode())] if cookie else []
    return {
        "type": kind,
        "path": path,
        "query_string": b"order=5",
        "headers": headers,
        "method": "GET",
    }


def test_gate_redirects_pages_and_closes_websockets_without_the_cookie():
    gate = PasswordGate(_app, "hemmelig")
    response = _call(gate, _scope("/ordre/"))
    assert response[0]["status"] == 303
    location = dict(response[0]["headers"])[b"location"].decode()
    assert location == "/login?next=/ordre/%3Forder%3D5"
    assert _call(gate, _scope("/ordre/ws", "websocket")) == [
        {"type": "websocket.close", "code": 4401}
    ]
    assert _call(gate, _scope("/ordre/", cookie=f"{COOKIE}=forged"))[0]["status"] == 303


def test_gate_lets_the_login_page_and_a_valid_cookie_through():
    gate = PasswordGate(_app, "hemmelig")
    assert _call(gate, _scope("/login"))[0]["status"] == 200
    cookie = f"other=1; {COOKIE}={gate.token}"
    assert _call(gate, _scope("/ordrer/", cookie=cookie))[0]["status"] == 200
    assert gate.check_password("hemmelig") and not gate.check_password("Hemmelig")
    assert PasswordGate(_app, "hemmelig").token != gate.token, "a restart logs everyone out"
