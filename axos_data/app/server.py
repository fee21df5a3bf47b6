"""The app server: every notebook in notebooks/ behind one ASGI app in one process.

marimo's `create_asgi_app` mounts one route per notebook (/ordrer/, /ordre/ …); this module
adds the start page, the login page and the login gate (e-mail and password per employee, or
single-user mode on loopback while no one has a password) in front of all of it. Each browser
session runs its notebook in a thread of this process, so they share the process's one DuckDB
connection (see context.py).
"""

from __future__ import annotations

import html
import ipaddress
from collections.abc import Iterable
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from axos_data.app import (
    analyst_pages,
    bell,
    context,
    file_download,
    nb_script,
    page_html,
    pages,
)
from axos_data.app import api as http_api
from axos_data.app.credentials import EmployeePasswords, single_user_rule
from axos_data.app.login_gate import LoginGate
from axos_data.app.login_log import record_in_app_database
from axos_data.app.login_throttle import LoginThrottle
from axos_data.app.origin_guard import AllowedHosts, OriginGuard, allowed_hosts_for
from axos_data.app.sessions import SessionStore
from axos_data.app.static_assets import CompressedAssets

# marimo's frontend, served once for every notebook (see build_app).
ASSETS = "/_marimo"
LOCAL_HOSTS = {"localhost"}


def is_loopback(host: str) -> bool:
    """Whether binding to `host` keeps the app on this machine."""
    if host in LOCAL_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _css() -> str:
    return (pages.notebooks_dir() / "axos.css").read_text(encoding="utf-8")


def _page(title: str, body: str) -> str:
    return (
        '<!doctype html><html lang="nb"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title>"
        '<link rel="stylesheet" href="/axos.css"><link rel="icon" href="/favicon.ico">'
        "<style>body{margin:0;padding:16px 24px;font-family:system-ui,sans-serif;"
        "color:#1c2433}</style></head>"
        f"<body>{body}</body></html>"
    )


START_PAGE = "/min-dag/"


def start_page(request: Request) -> Response:
    """The start page is «Min dag» (my tasks, reminders, unread notifications and open
    orders); every other page is one click away in the top bar's menu. A redirect rather than
    a second mount, so the page has one address and its links and tests one place."""
    return RedirectResponse(START_PAGE, status_code=303)


def css(request: Request) -> Response:
    return Response(_css(), media_type="text/css")


FAVICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32"'
    ' rx="7" fill="#1f3a68"/><text x="16" y="23" font-family="sans-serif" font-size="20"'
    ' font-weight="800" fill="#fff" text-anchor="middle">A</text></svg>'
)


def favicon(request: Request) -> Response:
    return Response(FAVICON, media_type="image/svg+xml")


def healthz(request: Request) -> Response:
    return PlainTextResponse("ok")


def _field(name: str, label: str, kind: str, extra: str) -> str:
    return (
        f'<label for="{name}" style="display:block;font-size:14px;margin:8px 0 6px">{label}'
        f'</label><input id="{name}" name="{name}" type="{kind}" required {extra} '
        'style="width:100%;box-sizing:border-box;padding:9px;border:1px solid #c9d1dd;'
        'border-radius:7px;font-size:15px">'
    )


def login_form(next_url: str, message: str | None) -> str:
    error = (
        f'<p style="color:#a1261a;margin:0 0 12px">{html.escape(message)}</p>' if message else ""
    )
    return _page(
        "Logg inn – Axos Ordre",
        '<div style="max-width:360px;margin:12vh auto" class="axos-card">'
        '<div class="axos-brand" style="color:#1f3a68!important;margin-bottom:14px">'
        '<span class="axos-logo" style="background:#1f3a68;color:#fff">A</span>Axos Ordre</div>'
        f'{error}<form method="post" action="/login">'
        f'<input type="hidden" name="next" value="{html.escape(next_url)}">'
        + _field("email", "E-post", "email", 'autocomplete="username" autofocus')
        + _field("password", "Passord", "password", 'autocomplete="current-password"')
        + '<button type="submit" style="margin-top:14px;width:100%;padding:10px;border:0;'
        'border-radius:7px;background:#1f3a68;color:#fff;font-size:15px;font-weight:600">'
        "Logg inn</button></form></div>",
    )


NOT_FOUND_PAGE = _page(
    "Siden finnes ikke – Axos Ordre",
    '<div class="axos-card" style="max-width:520px;margin:60px auto;text-align:center">'
    '<div class="axos-h1" style="margin-bottom:8px">Siden finnes ikke</div>'
    '<p class="axos-muted">Adressen peker ikke på noen side i Axos Ordre. Sjekk lenken, eller'
    " gå til startsiden.</p>"
    '<p><a href="/">Til startsiden</a> · <a href="/ordrer/">Ordreliste</a></p></div>',
)


def _norwegian_not_found(app: ASGIApp) -> ASGIApp:
    """marimo answers an unknown path with a bare English «Not Found»: pages the user can land
    on get a Norwegian page with a way back instead (JSON and other answers pass unchanged)."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        replaced = False

        async def send_or_replace(message: dict) -> None:
            nonlocal replaced
            if message["type"] == "http.response.start" and message["status"] == 404:
                headers = dict(message.get("headers", []))
                if headers.get(b"content-type", b"").startswith(b"text/plain"):
                    replaced = True
                    body = NOT_FOUND_PAGE.encode("utf-8")
                    await send(
                        {
                            "type": "http.response.start",
                            "status": 404,
                            "headers": [
                                (b"content-type", b"text/html; charset=utf-8"),
                                (b"content-length", str(len(body)).encode()),
                            ],
                        }
                    )
                    await send({"type": "http.response.body", "body": body})
                    return
            if replaced:
                return  # the original body of the replaced answer
            await send(message)

        await app(scope, receive, send_or_replace)

    return wrapped


def build_app(
    *,
    loopback: bool = True,
    notebooks: Path | None = None,
    allowed_hosts: AllowedHosts | None = None,
    sessions: SessionStore | None = None,
    throttle: LoginThrottle | None = None,
    api_token: str | None = None,
    analyst_notebooks: Path | None = None,
) -> ASGIApp:
    """The whole workbench as one ASGI app behind the login gate.

    Outermost is the Host/Origin guard (default: loopback on marimo's usual port 2718 only;
    `axos app` passes the names it was started for), then the login gate, then the pages.
    `loopback`: the server listens on this machine only, so single-user mode may apply
    (while no employee has a password); otherwise every request needs a login.
    With `api_token`, /api/v1/ serves the local API (api.py), which checks that token itself
    (the login gate lets /api/v1/ through). With `analyst_notebooks`, every notebook in that
    folder is served at /analyse/<name>/ too (analyst_pages.py), behind the same gate."""
    import marimo

    folder = notebooks or pages.notebooks_dir()
    # Every notebook would otherwise load marimo's frontend from its own path (/ordrer/assets/…,
    # /ordre/assets/…): the browser would fetch and compile the same megabytes of JavaScript
    # again for each page. One shared URL lets its cache and compiled code carry across pages.
    builder = marimo.create_asgi_app(quiet=True, include_code=False, asset_url=ASSETS)
    for page in pages.PAGES:
        builder = builder.with_app(path=f"/{page.slug}", root=str(folder / page.file))
    notebooks_app = page_html.with_first_paint(
        page_html.CachedPages(_norwegian_not_found(builder.build()), folder)
    )
    if analyst_notebooks is not None:
        analysts = analyst_pages.AnalystNotebooks(
            notebooks_app, analyst_notebooks, asset_url=ASSETS
        )
        analysts.scan()
        notebooks_app = analysts
    # One throttle for logins and API tokens: a bad token is a failed login.
    throttle = throttle if throttle is not None else LoginThrottle()
    api = http_api.build_api(api_token, throttle) if api_token else None

    routes = [
        Route("/", start_page),
        Route("/axos.css", css),
        Route("/healthz", healthz),
        Route("/favicon.ico", favicon),
        *bell.routes(),
        *nb_script.routes(),
    ]
    own = Starlette(routes=routes)
    own_paths = {route.path for route in routes}
    assets = CompressedAssets(pages.marimo_static())

    async def dispatch(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan" or scope["path"] in own_paths:
            await own(scope, receive, send)
        elif api is not None and scope["path"].startswith(http_api.API_PREFIX + "/"):
            await api(scope, receive, send)
        elif scope["type"] == "http" and scope["path"].startswith(file_download.PREFIX):
            await file_download.serve_file(scope, receive, send)
        elif scope["type"] == "http" and scope["path"].startswith(ASSETS + "/"):
            inner = {**scope, "path": scope["path"][len(ASSETS) :], "root_path": ""}
            await assets(inner, receive, send)
        else:
            await notebooks_app(scope, receive, send)

    context.set_served(True)
    gate = LoginGate(
        dispatch,
        credentials=EmployeePasswords(),
        login_page=login_form,
        sessions=sessions,
        throttle=throttle,
        record=record_in_app_database,
        single_user=single_user_rule(loopback),
    )
    return OriginGuard(gate, allowed_hosts or allowed_hosts_for("127.0.0.1", 2718))


def hosts_from_env(value: str | None) -> Iterable[str]:
    """AXOS_ALLOWED_HOSTS: names separated by commas (or spaces)."""
    return (value or "").replace(",", " ").split()
