"""Analysts' own notebooks, served from a folder at /analyse/<name>/ (`axos app --notebooks DIR`).

Each `DIR/<name>.py` marimo notebook is served at `/analyse/<name>/`, inside the login gate
and the Host/Origin guard like every page (this router sits where the pages are dispatched).
The folder is looked at on request, not only at start: a notebook dropped in later is served
from its first request, one removed is gone, and a broken one is skipped (with a reason on
the server's log) until its file changes. No restart is needed.

Names: `<name>` is the file name without `.py`; it must be lower-case ASCII letters, digits,
`_` and `-` (starting with a letter or digit, at most 64), so it is its own URL segment. Names
marimo's page routes use below a notebook (`api`, `ws`, `assets` …) are refused, because
`/analyse/` is the built-in analytics notebook and its own requests go to `/analyse/ws`,
`/analyse/api/…`; files starting with `_` are helpers and never served.

Trust: a notebook is Python run in the app's process. The data object it gets
(axos_data.analyst) only reads, but the folder decides what runs, so a file (or the folder)
that every user on the machine may write is refused.
"""

from __future__ import annotations

import re
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from starlette.responses import RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

PREFIX = "/analyse/"
NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
# First path segments of marimo's routes below a mounted notebook, plus the page's own name:
# a notebook with such a name would take over requests of the built-in /analyse/ page.
RESERVED = frozenset(
    {"analyse", "api", "assets", "auth", "files", "health", "healthz", "og", "public"}
    | {"sse", "static", "terminal", "ws", "ws_sync"}
)


def name_problem(name: str) -> str | None:
    """Why `name` cannot be an analyst notebook's URL name (Norwegian), or None."""
    if not NAME.fullmatch(name):
        return (
            f"navnet «{name}» kan ikke brukes i en adresse: bruk små bokstaver a–z, sifre,"
            " _ og - (høyst 64 tegn, ikke først _ eller -)"
        )
    if name in RESERVED:
        return (
            f"navnet «{name}» er reservert for appens egen /analyse/-side; gi filen et annet navn"
        )
    return None


def file_problem(path: Path) -> str | None:
    """Why the notebook file cannot be served (Norwegian), or None."""
    try:
        mode = path.stat().st_mode
        folder_mode = path.parent.stat().st_mode
    except OSError as error:
        return f"filen kan ikke leses ({error.strerror})"
    if mode & stat.S_IWOTH or (folder_mode & stat.S_IWOTH and not folder_mode & stat.S_ISVTX):
        return (
            "filen eller mappen kan endres av alle brukere på maskinen"
            " (fjern skriveretten for andre)"
        )
    from marimo._ast.load import get_notebook_status

    try:
        # Python's own parser first: its message names the line, marimo's only says "errors".
        compile(path.read_bytes(), str(path), "exec")
        status = get_notebook_status(str(path)).status
    except SyntaxError as error:
        return f"syntaksfeil på linje {error.lineno} ({error.msg})"
    except Exception as error:  # whatever marimo's parser meets must not stop the app
        return f"kan ikke leses som marimo-notatbok ({type(error).__name__}: {error})"
    if status in ("empty", "invalid"):
        return "er ikke en marimo-notatbok (ingen marimo.App med celler)"
    if status == "has_errors":
        return "marimo melder feil i notatbokens oppbygning; åpne den med «marimo edit» og lagre"
    return None


def notebook_title(path: Path) -> str:
    """The notebook's app_title (marimo.App(app_title=…)), or its file name."""
    from marimo._ast.load import get_notebook_status

    try:
        notebook = get_notebook_status(str(path)).notebook
        title = notebook.app.options.get("app_title") if notebook else None
    except Exception:  # a title is for a link only
        title = None
    return str(title or path.stem)


@dataclass
class _Mounted:
    stamp: float  # the file's mtime when it was last checked
    app: ASGIApp | None  # None: skipped, see the log


@dataclass(frozen=True)
class Published:
    name: str
    title: str

    @property
    def href(self) -> str:
        return f"{PREFIX}{self.name}/"


# The folder this process serves, for published() (one app per process).
_folder: Path | None = None


def published() -> list[Published]:
    """The analysts' notebooks this process serves, by title (empty without --notebooks):
    for a page that links to them. Reads the folder now; builds nothing."""
    folder = _folder
    if folder is None:
        return []
    found = [
        Published(path.stem, notebook_title(path))
        for path in folder.glob("*.py")
        if not path.name.startswith("_")
        and name_problem(path.stem) is None
        and file_problem(path) is None
    ]
    return sorted(found, key=lambda p: (p.title.lower(), p.name))


class AnalystNotebooks:
    """ASGI router: /analyse/<name>/… to DIR/<name>.py's marimo app, everything else (the
    built-in /analyse/ page and its requests included) to `inner`."""

    def __init__(self, inner: ASGIApp, folder: Path, *, asset_url: str, log=None):
        self.inner = inner
        self.folder = Path(folder)
        self.asset_url = asset_url
        self.log = log or (lambda text: print(text, file=sys.stderr, flush=True))
        self.mounted: dict[str, _Mounted] = {}
        global _folder
        _folder = self.folder

    def scan(self) -> list[str]:
        """Check every notebook in the folder now (logging those skipped); the names served."""
        served = []
        for path in sorted(self.folder.glob("*.py")):
            if path.name.startswith("_"):
                continue
            problem = name_problem(path.stem)
            if problem:
                self.log(f"Analysenotatbok {path} hoppes over: {problem}.")
            elif self.app_for(path.stem) is not None:
                served.append(path.stem)
        return served

    def app_for(self, name: str) -> ASGIApp | None:
        """The marimo app serving DIR/<name>.py, made on first use; None when there is no
        such notebook or it is skipped. A file that changed is checked again."""
        if name_problem(name):
            return None
        path = self.folder / f"{name}.py"
        try:
            stamp = path.stat().st_mtime
        except OSError:
            self.mounted.pop(name, None)
            return None
        known = self.mounted.get(name)
        if known is not None and known.stamp == stamp:
            return known.app
        problem = file_problem(path)
        if problem:
            self.log(f"Analysenotatbok {path} hoppes over: {problem}.")
            self.mounted[name] = _Mounted(stamp, None)
            return None
        # Keep a running app when its file is edited: marimo reads the file for each new
        # session, and a new app would not know the sessions already open.
        app = known.app if known is not None and known.app is not None else self._build(name, path)
        self.mounted[name] = _Mounted(stamp, app)
        return app

    def _build(self, name: str, path: Path) -> ASGIApp:
        import marimo

        builder = marimo.create_asgi_app(quiet=True, include_code=False, asset_url=self.asset_url)
        app = builder.with_app(path=f"{PREFIX}{name}", root=str(path)).build()
        self.log(f"Analysenotatbok {PREFIX}{name}/ ← {path}")
        return app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] not in ("http", "websocket") or not path.startswith(PREFIX):
            await self.inner(scope, receive, send)
            return
        name, slash, _ = path[len(PREFIX) :].partition("/")
        app = self.app_for(name) if name else None
        if app is None:
            await self.inner(scope, receive, send)
        elif not slash and scope["type"] == "http":
            query = scope.get("query_string", b"").decode("latin-1")
            target = f"{PREFIX}{name}/" + (f"?{query}" if query else "")
            await RedirectResponse(target, status_code=307)(scope, receive, send)
        else:
            await app(scope, receive, send)
