"""Host and Origin rules of the app server, without a server."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from axos_data.app.origin_guard import (
    AllowedHosts,
    HostName,
    OriginGuard,
    allowed_hosts_for,
    parse_host,
    parse_origin,
)


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("127.0.0.1:2718", HostName("127.0.0.1", 2718)),
        ("LocalHost", HostName("localhost")),
        ("[::1]:8080", HostName("::1", 8080)),
        ("[::1]", HostName("::1")),
        ("axos.intern:443", HostName("axos.intern", 443)),
        ("", None),
        ("a b", None),
        ("evil.example:0", None),
        ("evil.example:65536", None),
        ("evil.example:80x", None),
        ("evil.example:", None),
        ("::1", None),
        ("[evil]:80", None),
        ("[::1]x", None),
        ("user@host", None),
        ("-bad", None),
        ("æøå.no", None),
        ("host:²", None),
    ],
)
def test_host_values_are_parsed_strictly(value, parsed):
    assert parse_host(value) == parsed


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("http://127.0.0.1:2718", ("http", HostName("127.0.0.1", 2718))),
        ("https://axos.intern", ("https", HostName("axos.intern", 443))),
        ("http://axos.intern", ("http", HostName("axos.intern", 80))),
        ("null", None),
        ("file://", None),
        ("ftp://axos.intern", None),
        ("http://axos.intern/path", None),
        ("http://user@axos.intern", None),
        ("axos.intern", None),
    ],
)
def test_origins_are_parsed_strictly(value, parsed):
    assert parse_origin(value) == parsed


def test_loopback_binding_allows_the_loopback_names_with_its_port_only():
    allowed = allowed_hosts_for("127.0.0.1", 2718)
    for host in ("127.0.0.1:2718", "localhost:2718", "[::1]:2718"):
        assert allowed.allows_host_header(host, "http"), host
    for host in ("127.0.0.1:2719", "localhost", "evil.example:2718", "0.0.0.0:2718"):
        assert not allowed.allows_host_header(host, "http"), host


def test_a_specific_bound_address_is_allowed_with_its_port():
    allowed = allowed_hosts_for("192.168.1.10", 9000)
    assert allowed.allows_host_header("192.168.1.10:9000", "http")
    assert not allowed.allows_host_header("192.168.1.10:9001", "http")
    assert allowed_hosts_for("::1", 9000).allows_host_header("[::1]:9000", "ws")


def test_configured_names_without_port_allow_any_port_and_with_port_only_that_one():
    allowed = allowed_hosts_for("127.0.0.1", 2718, ["axos.intern", "kontor.example:8443", " "])
    assert allowed.allows_host_header("axos.intern", "https")
    assert allowed.allows_host_header("AXOS.intern:2718", "http")
    assert allowed.allows_host_header("kontor.example:8443", "http")
    assert not allowed.allows_host_header("kontor.example", "https")
    assert not allowed.allows_host_header("axos.intern.evil.example", "http")


def test_a_configured_name_that_is_not_a_host_is_refused():
    with pytest.raises(ValueError, match="http://x"):
        allowed_hosts_for("127.0.0.1", 2718, ["http://x"])


def test_origin_matching_uses_the_default_port_of_its_scheme():
    allowed = AllowedHosts(frozenset({HostName("axos.intern", 443), HostName("localhost", 2718)}))
    assert allowed.allows_origin("https://axos.intern")
    assert not allowed.allows_origin("http://axos.intern")
    assert allowed.allows_origin("http://localhost:2718")
    assert not allowed.allows_origin("null")
    assert not allowed.allows_origin("http://localhost:2719")


# --- the middleware ----------------------------------------------------------------------------


async def _marimo_like(scope, receive, send):
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"access-control-allow-origin", b"*"),
                (b"Access-Control-Allow-Credentials", b"true"),
                (b"content-type", b"text/plain"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": b"inside"})


def _call(scope: dict) -> list[dict]:
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    guard = OriginGuard(_marimo_like, allowed_hosts_for("127.0.0.1", 2718))
    # Its own thread and event loop: a browser test's loop may be running in this process.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, guard(scope, receive, send)).result()
    return sent


def _scope(kind="http", method="GET", **headers: str) -> dict:
    return {
        "type": kind,
        "scheme": "ws" if kind == "websocket" else "http",
        "method": method,
        "path": "/",
        "headers": [(k.encode(), v.encode()) for k, v in headers.items()],
    }


def test_cors_headers_are_removed_and_framing_by_others_is_refused():
    start = _call(_scope(host="127.0.0.1:2718", origin="http://localhost:2718"))[0]
    names = [name.lower() for name, _ in start["headers"]]
    assert start["status"] == 200
    assert not [n for n in names if n.startswith(b"access-control-")]
    assert (b"x-frame-options", b"SAMEORIGIN") in start["headers"]


def test_missing_host_foreign_host_and_foreign_origin_are_refused():
    assert _call(_scope())[0]["status"] == 400
    assert _call(_scope(host="evil.example"))[0]["status"] == 400
    refused = _call(_scope(method="POST", host="127.0.0.1:2718", origin="null"))
    assert refused[0]["status"] == 403
    assert "Origin: 'null'" in refused[1]["body"].decode()


def test_a_request_without_origin_passes():
    assert _call(_scope(method="POST", host="localhost:2718"))[0]["status"] == 200


def test_websockets_are_closed_before_accept():
    assert _call(_scope("websocket", host="evil.example")) == [
        {"type": "websocket.close", "code": 1008}
    ]
    assert _call(_scope("websocket", host="localhost:2718", origin="http://evil.example")) == [
        {"type": "websocket.close", "code": 1008}
    ]
