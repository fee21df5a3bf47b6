"""The notebooks the server mounts, in menu order: the start page and every page's menu
are built from this one list."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from axos_data import views


@dataclass(frozen=True)
class Page:
    slug: str  # URL path segment: /ordrer/
    file: str  # notebook file in notebooks/
    title: str  # menu label (Norwegian)
    description: str  # one line on the start page
    in_menu: bool = True
    # Who sees the page in the menu: everyone (None), "settings" (admin or the grant
    # «Ordreinnstillinger») or "admin". The page itself and the library check again.
    needs: str | None = None

    def visible_to(self, actor) -> bool:
        if self.needs == "settings":
            return bool(actor.may_manage_settings)
        if self.needs == "admin":
            return bool(actor.is_admin)
        return True

    @property
    def href(self) -> str:
        return f"/{self.slug}/"


PAGES = (
    Page(
        "min-dag",
        "min_dag.py",
        "Min dag",
        "Mine oppgaver, påminnelser, uleste varsler og mine åpne ordrer.",
    ),
    Page("ordrer", "ordrer.py", "Ordre", "Søk, filtrer, sorter og last ned ordrelisten."),
    Page(
        "ordre",
        "ordre.py",
        "Ordre-side",
        "Én ordre: hode, linjer, MVA, status, kommentarer og historikk.",
        in_menu=False,
    ),
    Page("ny-ordre", "ny_ordre.py", "Ny ordre", "Opprett en ordre, eller konverter et tilbud."),
    Page("firma", "oversikt.py", "Firma", "Ordrer, verdier og utvikling per kunde."),
    Page("kontakt", "oversikt.py", "Kontakt", "Ordrer per kontaktperson hos kunden."),
    Page("ansatt", "oversikt.py", "Ansatt", "Ordrer der en ansatt er vår kontakt."),
    Page("prosjekt", "oversikt.py", "Prosjekt", "Ordrer og verdier per prosjekt."),
    Page(
        "okonomi",
        "okonomi.py",
        "Økonomi",
        "Klar til fakturering, fakturagrunnlag, bunter og reskontro.",
    ),
    Page("analyse", "analyse.py", "Analyse", "Ordreflyten i diagrammer, og ordrene bak et utvalg."),
    Page(
        "innstillinger",
        "innstillinger.py",
        "Innstillinger",
        "Firmaprofil, statusflyt, fakturametoder, egne felt og brukere.",
        needs="settings",
    ),
    Page(
        "logg",
        "logg.py",
        "Endringslogg",
        "Hvem endret hva i innstillinger, stamdata og brukere.",
        in_menu=False,
        needs="admin",
    ),
)

MENU = tuple(page for page in PAGES if page.in_menu)


def menu_for(actor) -> tuple[Page, ...]:
    """The menu this employee sees (settings only for those who may change them)."""
    return tuple(page for page in MENU if page.visible_to(actor))


def by_slug(slug: str) -> Page:
    return next(page for page in PAGES if page.slug == slug)


def notebooks_dir() -> Path:
    """notebooks/ next to the package (the project is installed editable)."""
    return Path(__file__).resolve().parents[2] / "notebooks"


def marimo_static() -> Path:
    """marimo's built frontend (index.html and assets/), served under /_marimo/."""
    import marimo

    return Path(marimo.__file__).parent / "_static"


def order_href(order_no: object) -> str:
    return f"/ordre/?order={order_no}"


def overview_href(kind: str, record_id: object) -> str:
    return f"/{views.OVERVIEW_KINDS[kind].slug}/?id={record_id}"
