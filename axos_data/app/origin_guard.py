"""The outermost layer of the app server: which Host and Origin a request may carry.

A web page the user visits can make the browser talk to the app on 127.0.0.1. Three things
stop it from reading or changing anything there:

- Host: a request is answered only for the names the server was started for. A page on
  evil.example that re-points its own DNS name to 127.0.0.1 (DNS rebinding) still sends
  `Host: evil.example`, so it is refused before it reaches a notebook.
- Origin: a browser names the page that made a request in `Origin` for every websocket and
  every cross-site fetch. A request whose Origin is present and not one of the app's own
  (`null` included) is refused, whatever its method: marimo streams a session over a GET too
  (/sse), and no link or navigation from another site carries an Origin on GET, so nothing
  legitimate is lost. A request without Origin is let through: browsers always send it where
  it matters (websockets, cross-site POST), and the clients that omit it (the CLI on
  /api/v1 with its bearer token, curl) act for the local user anyway.
- CORS: marimo answers `access-control-allow-origin: *`. Every `access-control-*` header is
  removed from every response, so no other site is ever allowed to read one.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
WILDCARD_BINDS = ("0.0.0.0", "::", "")
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.-_")


@dataclass(frozen=True)
class HostName:
    """A host name or IP literal (IPv6 without brackets), lower case, and a port if given."""

    name: str
    port: int | None = None

    def __str__(self) -> str:
        shown = f"[{self.name}]" if ":" in self.name else self.name
        return shown if self.port is None else f"{shown}:{self.port}"


def parse_host(value: str) -> HostName | None:
    """`name`, `name:port`, `[v6]` or `[v6]:port` as a HostName; None for anything else."""
    value = value.strip().lower()
    if value.startswith("["):
        address, bracket, rest = value[1:].partition("]")
        if not bracket or not _is_ipv6(address):
            return None
        if rest and not rest.startswith(":"):
            return None
        port_text = rest[1:] if rest else None
        name = address
    else:
        name, colon, port_text = value.partition(":")
        if not colon:
            port_text = None
        if not name or not set(name) <= _NAME_CHARS or name.startswith(("-", ".")):
            return None
    if port_text is None:
        return HostName(name)
    if not port_text.isascii() or not port_text.isdigit() or not 0 < int(port_text) < 65536:
        return None
    return HostName(name, int(port_text))


def _is_ipv6(text: str) -> bool:
    try:
        return ipaddress.ip_address(text).version == 6
    except ValueError:
        return False


def parse_origin(value: str) -> tuple[str, HostName] | None:
    """`scheme://host[:port]` of an http(s) page as (scheme, host with its port); else None.

    `null` (sandboxed frames, file: pages, some redirects), other schemes, paths and user
    info are not an origin this app can be, so they give None."""
    scheme, separator, authority = value.strip().lower().partition("://")
    if not separator or scheme not in ("http", "https") or "/" in authority or "@" in authority:
        return None
    host = parse_host(authority)
    if host is None:
        return None
    return scheme, HostName(host.name, host.port or DEFAULT_PORTS[scheme])


@dataclass(frozen=True)
class AllowedHosts:
    """The names the server answers to. An entry without a port allows that name on any
    port (a reverse proxy on 443 and the server's own port alike)."""

    entries: frozenset[HostName]

    def allows(self, host: HostName) -> bool:
        return any(
            entry.name == host.name and entry.port in (None, host.port) for entry in self.entries
        )

    def allows_host_header(self, value: str, scheme: str) -> bool:
        host = parse_host(value)
        if host is None:
            return False
        if host.port is None:
            host = HostName(host.name, DEFAULT_PORTS.get(scheme, 80))
        return self.allows(host)

    def allows_origin(self, value: str) -> bool:
        parsed = parse_origin(value)
        return parsed is not None and self.allows(parsed[1])

    def __str__(self) -> str:
        return ", ".join(sorted(str(entry) for entry in self.entries))


def allowed_hosts_for(bind_host: str, port: int, extra: Iterable[str] = ()) -> AllowedHosts:
    """The names a server bound to `bind_host:port` answers to.

    Loopback names always (with the port); the bound address itself when it is a real one;
    this machine's name and addresses when bound to every interface (0.0.0.0 / ::), since
    that is how colleagues reach it; and every `extra` name the operator configured. Raises
    ValueError naming an extra entry that is not a host name."""
    entries = {HostName(name, port) for name in LOOPBACK_NAMES}
    bare = bind_host.strip().strip("[]")
    bound = parse_host(f"[{bare}]" if ":" in bare else bare)
    if bare in WILDCARD_BINDS:
        entries |= {HostName(name, port) for name in _this_machine()}
    elif bound is not None:
        entries.add(HostName(bound.name, port))
    for item in extra:
        if not item.strip():
            continue
        host = parse_host(item)
        if host is None:
            raise ValueError(item)
        entries.add(host)
    return AllowedHosts(frozenset(entries))


def _this_machine() -> set[str]:
    names = {socket.gethostname().lower(), socket.getfqdn().lower()}
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None)
    except OSError:
        infos = []
    names |= {info[4][0].split("%")[0].lower() for info in infos}
    return {name for name in names if parse_host(name) or _is_ipv6(name)}


def _header(scope: Scope, wanted: bytes) -> str | None:
    for name, value in scope.get("headers", []):
        if name == wanted:
            return value.decode("latin-1")
    return None


class OriginGuard:
    """Pure ASGI middleware in front of everything (pages, notebooks, websockets, /api/v1)."""

    def __init__(self, app: ASGIApp, allowed: AllowedHosts):
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        host = _header(scope, b"host")
        if host is None or not self.allowed.allows_host_header(host, scope.get("scheme", "http")):
            await _refuse(scope, send, 400, f"Ukjent vertsnavn (Host: {host!r}).")
            return
        origin = _header(scope, b"origin")
        if origin is not None and not self.allowed.allows_origin(origin):
            await _refuse(
                scope,
                send,
                403,
                f"Forespørsler fra en annen nettside avvises (Origin: {origin!r}).",
            )
            return

        async def send_without_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (name, value)
                    for name, value in message.get("headers", [])
                    if not name.lower().startswith(b"access-control-")
                ]
                if not any(name.lower() == b"x-frame-options" for name, _ in headers):
                    # No other site may frame the app and trick a click into it.
                    headers.append((b"x-frame-options", b"SAMEORIGIN"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_without_cors)


async def _refuse(scope: Scope, send: Send, status: int, text: str) -> None:
    if scope["type"] == "websocket":
        # Closing before accept makes the server answer the handshake with 403.
        await send({"type": "websocket.close", "code": 1008})
        return
    body = (text + "\n").encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"x-frame-options", b"SAMEORIGIN"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
