"""The login gate: every page, websocket and download needs a live session, made by /login.

Pure ASGI middleware that owns /login and /logout. The credentials check is a parameter
(`Credentials`; the app's is e-mail + password per employee, credentials.py), whose `Identity`
carries the employee id into the session. Each request that passes gets that employee as
`scope["user"]` (a dict with `employee_id`), which marimo hands to the notebook as
`mo.app_meta().request.user` (context.actor() reads it), so every edit is made as that person.
A session whose employee may no longer log in (login disabled, employee deactivated, password
removed) ends at its next request. `single_user` (loopback and no passwords) lets every request
through as one employee, marked `single_user`, without a login.

Failed logins are rate-limited per client and per account (login_throttle), every attempt is
recorded (`record`), and malformed input — a cookie that is not a token, a login body that is
not UTF-8 form data, too long, or lacks a field — is answered 400, never with a server error.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import parse_qs, quote

from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from axos_data.app.login_throttle import LoginThrottle
from axos_data.app.sessions import Identity, Session, SessionStore, is_token_shaped

COOKIE = "axos_session"
MAX_LOGIN_BODY = 4096
SESSION_SCOPE_KEY = "axos.session"
LOG = logging.getLogger("axos.login")


class Credentials(Protocol):
    """What a login form must hold, who it proves to be (None: refused), which account it
    names (the throttle's and the log's key), and whether a session may go on."""

    fields: tuple[str, ...]

    def account(self, form: Mapping[str, str]) -> str | None: ...

    def check(self, form: Mapping[str, str]) -> Identity | None: ...

    def still_valid(self, identity: Identity) -> bool: ...


@dataclass(frozen=True)
class LoginAttempt:
    client: str
    outcome: str  # 'ok', 'wrong' or 'limited' (the login_attempts table's values)
    employee_id: int | None = None
    account: str | None = None


def user_of(identity: Identity) -> dict:
    """The identity as marimo passes it to a notebook (`mo.app_meta().request.user`)."""
    return {
        "is_authenticated": not identity.single_user,
        "username": "" if identity.employee_id is None else str(identity.employee_id),
        "display_name": "",
        "employee_id": identity.employee_id,
        "single_user": identity.single_user,
    }


class LoginPage(Protocol):
    def __call__(self, next_url: str, message: str | None) -> str: ...


class BadRequest(Exception):
    """Input the gate cannot read; answered 400 with the message."""


def safe_next(value: str) -> str:
    """Only paths on this server: no //host, /\\host or scheme."""
    if value.startswith("/") and not value.startswith(("//", "/\\")) and value.isprintable():
        return value
    return "/"


def session_token(scope: Scope) -> str | None:
    """The session cookie's value; None without one; BadRequest when it is not a token."""
    for name, value in scope.get("headers", []):
        if name != b"cookie":
            continue
        # Other apps on localhost share this cookie jar: only our own cookie is judged.
        for part in value.split(b";"):
            key, _, cookie = part.strip().partition(b"=")
            if key != COOKIE.encode():
                continue
            text = cookie.decode("latin-1")
            if not is_token_shaped(text):
                raise BadRequest("Ugyldig innloggingscookie. Last siden på nytt og logg inn.")
            return text
    return None


def _client(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "ukjent"


async def _read_body(receive: Receive) -> bytes:
    body = b""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise BadRequest("Forespørselen ble avbrutt.")
        body += message.get("body", b"")
        if len(body) > MAX_LOGIN_BODY:
            raise BadRequest("Innloggingsskjemaet er for stort.")
        if not message.get("more_body", False):
            return body


def parse_login_form(body: bytes, fields: tuple[str, ...]) -> dict[str, str]:
    """The form's fields (each exactly once, UTF-8) plus `next`; BadRequest otherwise."""
    try:
        text = body.decode("utf-8")
        parsed = parse_qs(
            text, keep_blank_values=True, encoding="utf-8", errors="strict", max_num_fields=20
        )
    except (UnicodeDecodeError, ValueError):
        raise BadRequest("Innloggingsskjemaet kunne ikke leses (ugyldig tegnkoding).") from None
    form = {}
    for name in (*fields, "next"):
        values = parsed.get(name, [])
        if len(values) > 1 or (not values and name != "next"):
            raise BadRequest(
                f"Innloggingsskjemaet mangler feltet «{name}» eller har det to ganger."
            )
        if values:
            form[name] = values[0]
    return form


def _retry_text(seconds: int) -> str:
    wait = f"{seconds} sekunder" if seconds < 120 else f"{math.ceil(seconds / 60)} minutter"
    return f"For mange mislykkede innlogginger. Vent {wait} og prøv igjen."


class LoginGate:
    OPEN_PATHS = ("/healthz", "/axos.css", "/favicon.ico")
    # The local API authenticates every call itself (bearer token), not with the cookie.
    OPEN_PREFIXES = ("/api/v1/",)

    def __init__(
        self,
        app: ASGIApp,
        *,
        credentials: Credentials,
        login_page: LoginPage,
        sessions: SessionStore | None = None,
        throttle: LoginThrottle | None = None,
        record: Callable[[LoginAttempt], None] = lambda attempt: None,
        single_user: Callable[[], Identity | None] = lambda: None,
    ):
        self.app = app
        self.credentials = credentials
        self.single_user = single_user
        self.login_page = login_page
        self.sessions = sessions if sessions is not None else SessionStore()
        self.throttle = throttle if throttle is not None else LoginThrottle()
        self.record = record

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        try:
            if path in self.OPEN_PATHS or path.startswith(self.OPEN_PREFIXES):
                await self.app(scope, receive, send)
                return
            alone = self.single_user()
            if alone is not None:
                if path in ("/login", "/logout"):
                    response = RedirectResponse("/", status_code=303)
                else:
                    await self.app({**scope, "user": user_of(alone)}, receive, send)
                    return
            elif scope["type"] == "http" and path == "/login":
                response = await self._login(scope, receive)
            elif scope["type"] == "http" and path == "/logout":
                response = self._logout(scope)
            else:
                token = session_token(scope)
                session = self._live_session(token)
                if session is not None and token is not None:
                    if scope["type"] == "websocket":
                        receive = self._while_alive(token, receive, send)
                    inner = {**scope, SESSION_SCOPE_KEY: session, "user": user_of(session.identity)}
                    await self.app(inner, receive, send)
                    return
                if scope["type"] == "websocket":
                    await send({"type": "websocket.close", "code": 4401})
                    return
                response = RedirectResponse(f"/login?next={quote(_target(scope))}", 303)
        except BadRequest as error:
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
                return
            response = PlainTextResponse(str(error), status_code=400)
            # A broken cookie would otherwise refuse every page until the user clears it.
            self._clear_cookie(response, scope)
        await response(scope, receive, send)

    def _live_session(self, token: str | None) -> Session | None:
        """The token's session while its employee may still log in; a session whose login was
        disabled (or employee deactivated, password removed) is revoked here."""
        session = self.sessions.get(token) if token else None
        if session is None or token is None:
            return None
        if not self.credentials.still_valid(session.identity):
            self.sessions.revoke(token)
            return None
        return session

    def _while_alive(self, token: str, receive: Receive, send: Send) -> Receive:
        """A notebook's websocket outlives the page request that opened it: each message the
        browser sends keeps the session in use, and the first one after the session ended
        (log-out, expiry, login disabled) closes the socket instead of reaching the notebook."""

        async def receive_while_alive() -> Message:
            message = await receive()
            if message["type"] == "websocket.receive" and self._live_session(token) is None:
                await send({"type": "websocket.close", "code": 4401})
                return {"type": "websocket.disconnect", "code": 4401}
            return message

        return receive_while_alive

    async def _login(self, scope: Scope, receive: Receive) -> Response:
        if scope["method"] in ("GET", "HEAD"):
            next_url = safe_next(_query_next(scope))
            return HTMLResponse(self.login_page(next_url, None))
        if scope["method"] != "POST":
            return PlainTextResponse("Bare GET og POST.", status_code=405)
        form = parse_login_form(await _read_body(receive), self.credentials.fields)
        next_url = safe_next(form.get("next", "/"))
        client = _client(scope)
        account = self.credentials.account(form)
        wait = self.throttle.retry_after(client, account)
        if wait is not None:
            self._record(LoginAttempt(client, "limited", account=account))
            message = _retry_text(wait)
            return HTMLResponse(
                self.login_page(next_url, message),
                status_code=429,
                headers={"retry-after": str(wait)},
            )
        # No await between the limit check and recording the outcome: concurrent guesses
        # from one client cannot all pass the check before the first failure counts.
        identity = self.credentials.check(form)
        if identity is None:
            delay = self.throttle.failed(client, account)
            self._record(LoginAttempt(client, "wrong", account=account))
            await asyncio.sleep(delay)
            return HTMLResponse(
                self.login_page(next_url, "Feil e-post eller passord. Prøv igjen."),
                status_code=401,
            )
        self.throttle.succeeded(client, account)
        token, _ = self.sessions.create(identity, client)
        self._record(LoginAttempt(client, "ok", identity.employee_id, account))
        response = RedirectResponse(next_url, status_code=303)
        response.set_cookie(
            COOKIE,
            token,
            max_age=math.ceil(self.sessions.lifetime_seconds),
            httponly=True,
            samesite="lax",
            secure=_is_https(scope),
        )
        return response

    def _logout(self, scope: Scope) -> Response:
        try:
            token = session_token(scope)
        except BadRequest:
            token = None
        if token:
            self.sessions.revoke(token)
        response = RedirectResponse("/login", status_code=303)
        self._clear_cookie(response, scope)
        return response

    def _clear_cookie(self, response: Response, scope: Scope) -> None:
        response.delete_cookie(COOKIE, httponly=True, samesite="lax", secure=_is_https(scope))

    def _record(self, attempt: LoginAttempt) -> None:
        level = logging.INFO if attempt.outcome == "ok" else logging.WARNING
        LOG.log(level, "innlogging %s fra %s", attempt.outcome, attempt.client)
        try:
            self.record(attempt)
        except Exception:  # the log must never turn a login answer into a server error
            LOG.exception("kunne ikke lagre innloggingsforsøket")


def _is_https(scope: Scope) -> bool:
    return scope.get("scheme") in ("https", "wss")


def _query_next(scope: Scope) -> str:
    try:
        query = scope.get("query_string", b"").decode("utf-8")
        return (parse_qs(query, errors="strict").get("next") or ["/"])[0]
    except (UnicodeDecodeError, ValueError):
        return "/"


def _target(scope: Scope) -> str:
    query = scope.get("query_string", b"").decode("latin-1")
    return scope["path"] + (f"?{query}" if query else "")
