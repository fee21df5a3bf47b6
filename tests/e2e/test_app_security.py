"""The running app server against another web site, DNS rebinding and password guessing:
real HTTP and websocket requests to `axos app` in a subprocess."""

from __future__ import annotations

import http.client
import socket
import time
from dataclasses import dataclass

import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect as ws_connect

import axos_data as ax
from tests.e2e.conftest import AppServer, free_port

PASSWORD = "fjord-hemmelig"
EVIL = "http://evil.example"


@dataclass
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name), None)

    @property
    def cookies(self) -> list[str]:
        return [v for k, v in self.headers if k.lower() == "set-cookie"]

    def no_cors_allowance(self) -> bool:
        return not any(k.lower().startswith("access-control-") for k, _ in self.headers)


def call(
    server: AppServer,
    method: str,
    path: str,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    source: str | None = None,
) -> Reply:
    """One request with exactly the headers given (Host defaults to the server's own)."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", server.port, timeout=60, source_address=(source, 0) if source else None
    )
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        all_headers = {"Host": f"127.0.0.1:{server.port}", **(headers or {})}
        if body is not None:
            all_headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
            all_headers["Content-Length"] = str(len(body))
        for name, value in all_headers.items():
            connection.putheader(name, value.encode("latin-1") if isinstance(value, str) else value)
        connection.endheaders(body)
        response = connection.getresponse()
        return Reply(response.status, response.getheaders(), response.read())
    finally:
        connection.close()


def own_origin(server: AppServer) -> str:
    return f"http://127.0.0.1:{server.port}"


def login_body(server: AppServer, password: str = PASSWORD) -> bytes:
    return f"email={server.login_email}&password={password}&next=/".encode()


def login(server: AppServer, password: str = PASSWORD, source: str | None = None) -> Reply:
    return call(server, "POST", "/login", body=login_body(server, password), source=source)


def session_cookie(reply: Reply) -> str:
    assert reply.status == 303, reply
    cookie = next(c for c in reply.cookies if c.startswith("axos_session="))
    return cookie.split(";")[0]


def open_websocket(server: AppServer, origin: str | None, cookie: str | None = None):
    headers = {"Cookie": cookie} if cookie else None
    return ws_connect(
        f"ws://127.0.0.1:{server.port}/ordrer/ws?session_id=s-{time.monotonic_ns()}",
        origin=origin,
        additional_headers=headers,
        proxy=None,
        open_timeout=60,
    )


@pytest.fixture(scope="module")
def open_server(demo_template, tmp_path_factory):
    """No one has a password (loopback: single-user mode), two names configured by env and
    one by option."""
    path = tmp_path_factory.mktemp("open") / "axos.duckdb"
    path.write_bytes(demo_template.read_bytes())
    server = AppServer(
        path,
        free_port(),
        extra_env={"AXOS_ALLOWED_HOSTS": "axos.intern, kontor.example:8443"},
        extra_args=["--allowed-host", "lager.example"],
    ).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def locked_server(demo_template, tmp_path_factory):
    path = tmp_path_factory.mktemp("locked") / "axos.duckdb"
    path.write_bytes(demo_template.read_bytes())
    server = AppServer(path, free_port(), password=PASSWORD).start()
    yield server
    server.stop()


# --- Host --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:{port}", "127.0.0.1:1", "localhost", "", "a b"]
)
def test_foreign_and_rebinding_hosts_are_refused(open_server, host):
    reply = call(open_server, "GET", "/", {"Host": host.format(port=open_server.port)})
    assert reply.status == 400
    assert "Ukjent vertsnavn" in reply.body.decode()


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1:{port}",
        "localhost:{port}",
        "[::1]:{port}",
        "axos.intern",
        "axos.intern:{port}",
        "kontor.example:8443",
        "lager.example:{port}",
    ],
)
def test_own_and_configured_hosts_are_served(open_server, host):
    reply = call(open_server, "GET", "/", {"Host": host.format(port=open_server.port)})
    assert reply.status == 303 and reply.header("location") == "/min-dag/"  # the start page


def test_a_configured_host_with_a_port_allows_only_that_port(open_server):
    assert call(open_server, "GET", "/", {"Host": "kontor.example:8444"}).status == 400


def test_the_host_check_covers_the_api_paths(open_server):
    assert call(open_server, "GET", "/api/v1/status", {"Host": "evil.example"}).status == 400


def test_a_rebinding_websocket_is_refused(open_server):
    # What a page on evil.example sees after re-pointing its name to 127.0.0.1.
    sock = socket.create_connection(("127.0.0.1", open_server.port))
    with pytest.raises(InvalidStatus) as refused:
        ws_connect(
            f"ws://evil.example:{open_server.port}/ordrer/ws?session_id=x",
            sock=sock,
            origin=f"http://evil.example:{open_server.port}",
            proxy=None,
        )
    assert refused.value.response.status_code == 403


# --- Origin ------------------------------------------------------------------------------------


@pytest.mark.parametrize("origin", [EVIL, "null", "http://127.0.0.1:1", "https://evil.example"])
def test_a_cross_origin_websocket_is_refused(open_server, origin):
    with pytest.raises(InvalidStatus) as refused:
        open_websocket(open_server, origin)
    assert refused.value.response.status_code == 403


def test_a_same_origin_websocket_runs_the_notebook(open_server):
    with open_websocket(open_server, own_origin(open_server)) as socket:
        first = socket.recv(timeout=60)
    assert "kernel-ready" in first


def test_a_configured_name_is_a_same_origin_too(open_server):
    with open_websocket(open_server, "https://axos.intern") as socket:
        assert "kernel-ready" in socket.recv(timeout=60)


@pytest.mark.parametrize("origin", [EVIL, "null"])
@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "GET"])
def test_cross_origin_requests_are_refused(open_server, origin, method):
    reply = call(
        open_server,
        method,
        "/ordrer/api/kernel/set_ui_element_value",
        {"Origin": origin, "Content-Type": "application/json"},
        body=b"{}",
    )
    assert reply.status == 403
    assert "annen nettside" in reply.body.decode()
    assert reply.no_cors_allowance()


def test_a_cross_origin_login_post_is_refused(locked_server):
    reply = call(locked_server, "POST", "/login", {"Origin": EVIL}, body=login_body(locked_server))
    assert reply.status == 403 and not reply.cookies


# --- CORS --------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/ordrer/", "/healthz", "/_marimo/index.html"])
def test_no_response_allows_another_site(open_server, path):
    reply = call(open_server, "GET", path, {"Origin": own_origin(open_server)})
    assert reply.status in (200, 303, 404)  # `/` redirects to Min dag
    assert reply.no_cors_allowance(), reply.headers


@pytest.mark.parametrize("origin", [EVIL, "own"])
def test_a_preflight_gets_no_cors_allowance(open_server, origin):
    reply = call(
        open_server,
        "OPTIONS",
        "/ordrer/api/kernel/set_ui_element_value",
        {
            "Origin": own_origin(open_server) if origin == "own" else origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert reply.no_cors_allowance(), reply.headers
    if origin == EVIL:
        assert reply.status == 403


# --- login -------------------------------------------------------------------------------------


def test_logout_revokes_the_session(locked_server):
    cookie = session_cookie(login(locked_server))
    assert call(locked_server, "GET", "/ordrer/", {"Cookie": cookie}).status == 200
    with open_websocket(locked_server, own_origin(locked_server), cookie) as socket:
        assert "kernel-ready" in socket.recv(timeout=60)
    logout = call(locked_server, "GET", "/logout", {"Cookie": cookie})
    assert logout.status == 303
    # The browser would drop the cookie; a copy of it must not work any more either.
    again = call(locked_server, "GET", "/ordrer/", {"Cookie": cookie})
    assert again.status == 303 and again.header("location").startswith("/login")
    with pytest.raises(InvalidStatus):
        open_websocket(locked_server, own_origin(locked_server), cookie)


def test_an_open_websocket_closes_on_its_next_message_after_logout(locked_server):
    cookie = session_cookie(login(locked_server))
    with open_websocket(locked_server, own_origin(locked_server), cookie) as socket:
        assert "kernel-ready" in socket.recv(timeout=60)
        assert call(locked_server, "GET", "/logout", {"Cookie": cookie}).status == 303
        socket.send('{"type": "ping"}')
        with pytest.raises(ConnectionClosed) as closed:
            while True:
                socket.recv(timeout=60)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401


def test_every_login_gets_its_own_random_session(locked_server):
    assert session_cookie(login(locked_server)) != session_cookie(login(locked_server))


def test_the_session_cookie_is_httponly_and_lax_and_not_secure_over_http(locked_server):
    # X-Forwarded-Proto from a proxy that was not configured with --trusted-proxy is ignored.
    reply = call(
        locked_server,
        "POST",
        "/login",
        {"X-Forwarded-Proto": "https"},
        body=login_body(locked_server),
    )
    cookie = next(c for c in reply.cookies if c.startswith("axos_session=")).lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
    assert "secure" not in cookie


def test_pages_and_websockets_need_a_session(locked_server):
    reply = call(locked_server, "GET", "/ordre/?order=10001")
    assert reply.status == 303 and reply.header("location") == "/login?next=/ordre/%3Forder%3D10001"
    forged = "axos_session=" + "A" * 43
    assert call(locked_server, "GET", "/ordrer/", {"Cookie": forged}).status == 303
    with pytest.raises(InvalidStatus) as refused:
        open_websocket(locked_server, own_origin(locked_server), forged)
    assert refused.value.response.status_code == 403


def test_the_api_paths_are_left_to_their_own_authentication(locked_server):
    reply = call(locked_server, "GET", "/api/v1/status")
    assert not (reply.status == 303 and "/login" in (reply.header("location") or ""))


@pytest.mark.parametrize(
    ("headers", "body"),
    [
        ({"Cookie": "axos_session=æøå"}, None),
        ({"Cookie": "axos_session=" + "A" * 42 + "!"}, None),
        ({"Cookie": "axos_session=" + "A" * 4000}, None),
        ({}, b"password=\xff\xfe&next=/"),
        ({}, b"password=%ff%fe&next=/"),
        ({}, b"next=/"),
        ({}, b"password=a&password=b"),
        ({}, b"password=" + b"x" * 10_000),
    ],
)
def test_malformed_cookies_and_login_bodies_get_400(locked_server, headers, body):
    path, method = ("/login", "POST") if body is not None else ("/ordrer/", "GET")
    reply = call(locked_server, method, path, headers, body)
    assert reply.status == 400, reply
    assert b"Traceback" not in reply.body
    assert reply.body.decode("utf-8")


def test_failed_logins_are_limited_per_client(locked_server):
    # A client address of its own (all of 127/8 is this machine), so no other test of this
    # server shares its count.
    source = "127.0.0.77"
    for _ in range(5):
        assert login(locked_server, "gjetning", source=source).status == 401
    limited = login(locked_server, "gjetning", source=source)
    assert limited.status == 429
    assert int(limited.header("retry-after")) > 0
    assert "For mange mislykkede innlogginger" in limited.body.decode()
    right_but_limited = login(locked_server, source=source)
    assert right_but_limited.status == 429 and not right_but_limited.cookies
    # Another client is not held back by this one's guesses.
    assert login(locked_server, source="127.0.0.78").status == 303


def test_a_session_ends_after_its_lifetime_and_attempts_are_recorded(demo_db):
    server = AppServer(
        demo_db, free_port(), password=PASSWORD, extra_args=["--session-lifetime", "1"]
    )
    server.start()
    try:
        assert login(server, "feil").status == 401
        cookie = session_cookie(login(server))
        time.sleep(1.5)
        expired = call(server, "GET", "/ordrer/", {"Cookie": cookie})
        assert expired.status == 303 and expired.header("location").startswith("/login")
    finally:
        server.stop()
    con = ax.connect(demo_db)
    try:
        rows = con.execute("SELECT client, outcome FROM login_attempts ORDER BY id").fetchall()
    finally:
        con.close()
    assert rows == [("127.0.0.1", "wrong"), ("127.0.0.1", "ok")]


def test_an_allowed_host_that_is_not_a_host_name_stops_the_start(axos):
    result = axos("app", "--allowed-host", "http://axos.intern/", "--port", free_port())
    result.assert_user_error("«http://axos.intern/» er ikke et vertsnavn")


def test_behind_a_trusted_proxy_an_https_login_gets_a_secure_cookie(demo_db):
    server = AppServer(
        demo_db, free_port(), password=PASSWORD, extra_args=["--trusted-proxy", "127.0.0.1"]
    ).start()
    try:
        reply = call(
            server,
            "POST",
            "/login",
            {"X-Forwarded-Proto": "https", "Origin": f"https://127.0.0.1:{server.port}"},
            body=login_body(server),
        )
    finally:
        server.stop()
    assert reply.status == 303
    cookie = next(c for c in reply.cookies if c.startswith("axos_session=")).lower()
    assert "; secure" in cookie and "httponly" in cookie
