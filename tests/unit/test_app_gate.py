"""The app server's loopback rule and login gate, called as ASGI apps without a server."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from axos_data.app.login_gate import (
    SESSION_SCOPE_KEY,
    LoginAttempt,
    LoginGate,
    parse_login_form,
    safe_next,
)
from axos_data.app.login_throttle import LoginThrottle
from axos_data.app.server import hosts_from_env, is_loopback, login_form
from axos_data.app.sessions import Identity, SessionStore


class Passwords:
    """The gate's Credentials seam with two employees in memory (the real one, on the
    database, is credentials.EmployeePasswords: tests/e2e/test_app_logins.py). `disabled`
    plays an admin disabling a login while its sessions are open."""

    fields = ("email", "password")

    def __init__(self):
        self.users = {"ada@x.no": ("hemmelig", 1), "bo@x.no": ("bo-passord", 2)}
        self.disabled: set[int] = set()

    def account(self, form):
        return form["email"].strip() or None

    def check(self, form):
        password, employee = self.users.get(form["email"].strip().lower(), (None, None))
        if password is None or password != form["password"] or employee in self.disabled:
            return None
        return Identity(employee)

    def still_valid(self, identity):
        return identity.employee_id not in self.disabled


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


def test_allowed_hosts_from_the_environment_split_on_commas():
    assert list(hosts_from_env("axos.intern, kontor.example:8443,,")) == [
        "axos.intern",
        "kontor.example:8443",
    ]
    assert list(hosts_from_env(None)) == []


seen_sessions: list = []
seen_users: list = []


async def _app(scope, receive, send):
    seen_sessions.append(scope.get(SESSION_SCOPE_KEY))
    seen_users.append(scope.get("user"))
    if scope["type"] == "websocket":
        await send({"type": "websocket.accept"})
        return
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"inside"})


def _gate(credentials=None, **kwargs) -> tuple[LoginGate, list[LoginAttempt]]:
    attempts: list[LoginAttempt] = []
    gate = LoginGate(
        _app,
        credentials=credentials or Passwords(),
        login_page=login_form,
        record=attempts.append,
        **kwargs,
    )
    return gate, attempts


def _call(gate: LoginGate, scope: dict, body: bytes = b"") -> list[dict]:
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": body}

    async def send(message):
        sent.append(message)

    # Its own thread and event loop: a browser test's loop may be running in this process.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, gate(scope, receive, send)).result()
    return sent


def _scope(
    path: str,
    kind: str = "http",
    cookie: bytes | None = None,
    method: str = "GET",
    scheme: str = "http",
    client: str = "127.0.0.1",
) -> dict:
    return {
        "type": kind,
        "scheme": scheme,
        "path": path,
        "query_string": b"order=5" if path != "/login" else b"",
        "headers": [(b"cookie", cookie)] if cookie else [],
        "method": method,
        "client": (client, 50000),
    }


def _headers(messages: list[dict]) -> dict[bytes, bytes]:
    return dict(messages[0]["headers"])


def _login(
    gate: LoginGate, password: str = "hemmelig", email: str = "ada@x.no", **scope
) -> list[dict]:
    body = f"email={email}&password={password}&next=/ordre/".encode()
    return _call(gate, _scope("/login", method="POST", **scope), body)


def _cookie_of(messages: list[dict]) -> bytes:
    set_cookie = _headers(messages)[b"set-cookie"]
    return set_cookie.split(b";")[0]


def test_pages_redirect_and_websockets_close_without_a_session():
    gate, _ = _gate()
    response = _call(gate, _scope("/ordre/"))
    assert response[0]["status"] == 303
    assert _headers(response)[b"location"] == b"/login?next=/ordre/%3Forder%3D5"
    assert _call(gate, _scope("/ordre/ws", "websocket")) == [
        {"type": "websocket.close", "code": 4401}
    ]


def test_a_login_makes_a_session_that_opens_pages_and_websockets():
    gate, attempts = _gate()
    response = _login(gate)
    assert response[0]["status"] == 303 and _headers(response)[b"location"] == b"/ordre/"
    cookie = _cookie_of(response)
    seen_sessions.clear()
    assert _call(gate, _scope("/ordrer/", cookie=b"other=1; " + cookie))[0]["status"] == 200
    assert _call(gate, _scope("/ordrer/ws", "websocket", cookie=cookie)) == [
        {"type": "websocket.accept"}
    ]
    assert seen_sessions[0].employee_id == 1 and seen_sessions[0].client == "127.0.0.1"
    assert attempts == [LoginAttempt("127.0.0.1", "ok", 1, "ada@x.no")]


def test_the_cookie_is_secure_only_over_https_and_always_httponly_and_lax():
    gate, _ = _gate()
    plain = _headers(_login(gate))[b"set-cookie"].lower()
    secure = _headers(_login(gate, scheme="https"))[b"set-cookie"].lower()
    for cookie in (plain, secure):
        assert b"httponly" in cookie and b"samesite=lax" in cookie and b"path=/" in cookie
    assert b"secure" not in plain
    assert b"; secure" in secure


def test_logout_revokes_the_session_and_clears_the_cookie():
    gate, _ = _gate()
    cookie = _cookie_of(_login(gate))
    response = _call(gate, _scope("/logout", cookie=cookie))
    assert response[0]["status"] == 303
    assert b"max-age=0" in _headers(response)[b"set-cookie"].lower()
    assert _call(gate, _scope("/ordrer/", cookie=cookie))[0]["status"] == 303


def test_wrong_passwords_are_refused_then_limited_even_with_the_right_one():
    gate, attempts = _gate(throttle=LoginThrottle(per_client=2))
    assert _login(gate, "feil")[0]["status"] == 401
    assert _login(gate, "Hemmelig")[0]["status"] == 401
    limited = _login(gate)
    assert limited[0]["status"] == 429
    assert int(_headers(limited)[b"retry-after"]) > 0
    assert "For mange mislykkede innlogginger" in limited[1]["body"].decode()
    assert [a.outcome for a in attempts] == ["wrong", "wrong", "limited"]
    assert _login(gate, client="10.0.0.9")[0]["status"] == 303


def test_an_expired_session_sends_the_user_to_the_login_page():
    clock = [0.0]
    gate, _ = _gate(sessions=SessionStore(10, 100, now=lambda: clock[0]))
    cookie = _cookie_of(_login(gate))
    clock[0] = 11
    assert _call(gate, _scope("/ordrer/", cookie=cookie))[0]["status"] == 303


@pytest.mark.parametrize(
    "cookie",
    [
        "axos_session=æøå".encode(),
        b"axos_session=\xff\xfe",
        b"axos_session=",
        b"axos_session=" + b"A" * 42 + b"!",
        b'axos_session="' + b"A" * 41 + b'"',
    ],
)
def test_a_malformed_session_cookie_gets_400_and_is_cleared(cookie):
    gate, _ = _gate()
    response = _call(gate, _scope("/ordrer/", cookie=cookie))
    assert response[0]["status"] == 400
    assert b"max-age=0" in _headers(response)[b"set-cookie"].lower()
    assert "Ugyldig innloggingscookie" in response[1]["body"].decode()
    assert _call(gate, _scope("/ordrer/ws", "websocket", cookie=cookie)) == [
        {"type": "websocket.close", "code": 1008}
    ]


def test_garbage_in_another_apps_cookie_is_none_of_our_business():
    gate, _ = _gate()
    assert _call(gate, _scope("/ordrer/", cookie="annen=æøå\xff".encode()))[0]["status"] == 303


@pytest.mark.parametrize(
    "body",
    [
        b"password=\xff",
        b"password=%ff",
        b"next=/",
        b"password=a&password=b",
        b"password=" + b"x" * 5000,
    ],
)
def test_malformed_login_bodies_get_400_and_count_as_no_attempt(body):
    gate, attempts = _gate()
    response = _call(gate, _scope("/login", method="POST"), body)
    assert response[0]["status"] == 400
    assert attempts == []


def test_the_login_form_reads_fields_once_each():
    assert parse_login_form(b"password=%C3%A6%20x&next=%2F", ("password",)) == {
        "password": "æ x",
        "next": "/",
    }
    assert parse_login_form(b"password=", ("password",)) == {"password": ""}


def test_open_paths_and_the_api_need_no_cookie():
    gate, _ = _gate()
    for path in ("/healthz", "/axos.css", "/api/v1/status"):
        assert _call(gate, _scope(path))[0]["status"] == 200, path
    assert _call(gate, _scope("/login"))[0]["status"] == 200


def test_a_failing_record_does_not_break_the_login():
    def broken(attempt):
        raise RuntimeError("database busy")

    gate = LoginGate(_app, credentials=Passwords(), login_page=login_form, record=broken)
    assert _login(gate)[0]["status"] == 303


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("/ordre/?order=5", "/ordre/?order=5"),
        ("//evil.example", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example", "/"),
        ("/\nx", "/"),
    ],
)
def test_next_stays_on_this_server(value, safe):
    assert safe_next(value) == safe


def test_each_login_passes_its_own_employee_to_the_pages():
    gate, _ = _gate()
    ada = _cookie_of(_login(gate))
    bo = _cookie_of(_login(gate, "bo-passord", "bo@x.no"))
    seen_users.clear()
    _call(gate, _scope("/ordrer/", cookie=ada))
    _call(gate, _scope("/ordrer/ws", "websocket", cookie=bo))
    assert [(u["employee_id"], u["is_authenticated"], u["single_user"]) for u in seen_users] == [
        (1, True, False),
        (2, True, False),
    ]


def test_a_disabled_login_ends_open_sessions_and_cannot_log_in_again():
    credentials = Passwords()
    gate, _ = _gate(credentials)
    cookie = _cookie_of(_login(gate, "bo-passord", "bo@x.no"))
    assert _call(gate, _scope("/ordrer/", cookie=cookie))[0]["status"] == 200
    credentials.disabled.add(2)
    assert _call(gate, _scope("/ordrer/", cookie=cookie))[0]["status"] == 303
    assert len(gate.sessions) == 0  # revoked, not merely refused
    assert _login(gate, "bo-passord", "bo@x.no")[0]["status"] == 401


def test_single_user_mode_lets_every_request_through_as_one_employee():
    alone = [Identity(7, single_user=True)]
    gate, _ = _gate(single_user=lambda: alone[0])
    seen_users.clear()
    assert _call(gate, _scope("/ordrer/"))[0]["status"] == 200
    assert _call(gate, _scope("/ordrer/ws", "websocket")) == [{"type": "websocket.accept"}]
    assert [(u["employee_id"], u["single_user"]) for u in seen_users] == [(7, True)] * 2
    assert _headers(_call(gate, _scope("/login")))[b"location"] == b"/"
    alone[0] = None  # someone set a password: login from the next request on
    assert _call(gate, _scope("/ordrer/"))[0]["status"] == 303


def test_guesses_at_one_account_are_limited_across_client_addresses():
    gate, attempts = _gate(throttle=LoginThrottle(per_client=5, per_account=3))
    for number in range(3):
        assert _login(gate, "feil", "Bo@x.no", client=f"10.0.0.{number}")[0]["status"] == 401
    assert _login(gate, "bo-passord", "bo@x.no", client="10.0.0.50")[0]["status"] == 429
    assert attempts[-1] == LoginAttempt("10.0.0.50", "limited", None, "bo@x.no")
    # Another account from the same addresses is not held back.
    assert _login(gate, client="10.0.0.1")[0]["status"] == 303
