"""Small shared pieces for the notebooks: the page header with the menu, error callouts,
Norwegian formatting and the HTML order table. Presentation only; no rules, no SQL."""

from __future__ import annotations

import datetime as dt
import html
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import marimo as mo

from axos_data import money, no
from axos_data.app import bell, context, nb_script, pages
from axos_data.errors import AxosError

LOG = logging.getLogger(__name__)
ROLE_LABELS = {"admin": "administrator", "user": "bruker"}
SOMETHING_WENT_WRONG = "Noe gikk galt. Last siden inn på nytt og prøv igjen."


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value))


def nok(amount: Decimal | None, *, currency: bool = False) -> str:
    return money.format_nok(amount, currency=currency)


date = no.format_date
timestamp = no.format_timestamp


def input_date(value: str | None) -> str | None:
    """A typed date, passed on as typed (stripped; empty means none): the library's
    parse_date reads dd.mm.åååå and ÅÅÅÅ-MM-DD and quotes the user's own text when refusing."""
    text = (value or "").strip()
    return text or None


def number(value: Decimal | int | None) -> str:
    return money.format_decimal(value) if value is not None else ""


def custom_value(field: dict, value: str | None) -> str:
    """A custom field's stored value as the page shows it: dates dd.mm.åååå, yes/no as
    Ja/Nei, numbers with a decimal comma and no needless zeros (plain text, not escaped)."""
    if value in (None, ""):
        return ""
    kind = field.get("field_type")
    try:
        if kind == "date":
            return date(dt.date.fromisoformat(value))
        if kind == "number":
            return number(Decimal(value))
    except (ValueError, ArithmeticError):
        return str(value)  # stored before the field's type was checked: shown as stored
    if kind == "bool":
        return {"true": "Ja", "false": "Nei"}.get(value, value)
    return str(value)


def count(value: int) -> str:
    return f"{value:,}".replace(",", "\u00a0")


def header(active: str, subtitle: str | None = None) -> mo.Html:
    """The top bar every page starts with: brand, menu and the acting employee."""
    who = context.actor()
    links = "".join(
        f'<a class="axos-nav-link{" is-active" if page.slug == active else ""}"'
        f' href="{page.href}">{esc(page.title)}</a>'
        for page in pages.menu_for(who)
    )
    logout = (
        '<a class="axos-nav-logout" href="/logout">Logg ut</a>' if context.login_required() else ""
    )
    sub = f'<div class="axos-subtitle">{esc(subtitle)}</div>' if subtitle else ""
    return mo.Html(
        '<header class="axos-topbar">'
        '<a class="axos-brand" href="/"><span class="axos-logo">A</span>Axos Ordre</a>'
        f'<nav class="axos-nav">{links}</nav>'
        f'<div class="axos-user" title="Endringer du gjør i appen logges på denne ansatte">'
        f"{bell.slot()}{nb_script.tag()}"
        f'<span class="axos-user-icon">{esc(who.name[:1])}</span>'
        f"<span><b>{esc(who.name)}</b><small>{esc(ROLE_LABELS.get(who.role, who.role))}"
        f"{' · Enkeltbrukermodus' if context.single_user() else ''}</small></span>{logout}</div>"
        f"</header>{sub}"
    )


def page_title(title: str, *, kicker: str = "", side: str = "") -> mo.Html:
    kick = f'<div class="axos-kicker">{kicker}</div>' if kicker else ""
    return mo.Html(
        f'<div class="axos-page-title"><div>{kick}'
        f'<div class="axos-h1" role="heading" aria-level="1">{esc(title)}</div></div>'
        f'<div class="axos-page-side">{side}</div></div>'
    )


def error(err: BaseException) -> mo.Html:
    """A library error as the user should read it: the message, nothing technical."""
    if isinstance(err, AxosError):
        return mo.callout(mo.md(esc(str(err))), kind="danger")
    return mo.callout(mo.md(SOMETHING_WENT_WRONG), kind="danger")


def success(message: str) -> mo.Html:
    return mo.callout(mo.md(esc(message)), kind="success")


def note(message: str, kind: str = "neutral") -> mo.Html:
    return mo.callout(mo.md(message), kind=kind)


@dataclass
class Outcome:
    """What a write did: ok, the message to show, and the service's return value."""

    ok: bool
    message: mo.Html
    result: Any = None
    text: str = ""  # the message as plain text (a form shows it beside its fields)


def attempt(action: Callable[[], Any], done: Callable[[Any], str]) -> Outcome:
    """Run a write; a success message, or the library's error as a callout."""
    try:
        result = action()
    except AxosError as err:
        return Outcome(False, error(err), text=str(err))
    except Exception as err:  # anything else is a bug: log it, show no traceback
        LOG.exception("action failed")
        return Outcome(False, error(err), text=SOMETHING_WENT_WRONG)
    message = done(result)
    return Outcome(True, success(message), result, message)


def refused(message: str) -> Outcome:
    """A write the page itself declines (nothing to save, a box not ticked)."""
    return Outcome(False, note(message, kind="warn"), text=message)


def status_badge(key: str, label: str, category: str | None = None) -> str:
    return (
        f'<span class="axos-badge axos-status-{esc(key)} axos-cat-{esc(category or "")}">'
        f"{esc(label)}</span>"
    )


def link(href: str, text: object) -> str:
    return f'<a href="{esc(href)}">{esc(text)}</a>'


def stat(label: str, value: str, hint: str = "") -> str:
    small = f"<small>{esc(hint)}</small>" if hint else ""
    return f'<div class="axos-stat"><span>{esc(label)}</span><b>{value}</b>{small}</div>'


def stats(items: Iterable[str]) -> mo.Html:
    return mo.Html(f'<div class="axos-stats">{"".join(items)}</div>')


def card(title: str, body: object, *, extra: str = "") -> mo.Html:
    inner = body.text if isinstance(body, mo.Html) else str(body)
    return mo.Html(
        '<section class="axos-card"><div class="axos-h2" role="heading" aria-level="2">'
        f"{esc(title)}{extra}</div>{inner}</section>"
    )


# --- tables ---------------------------------------------------------------------------------

Cell = Callable[[dict], str]


def _money(key: str) -> Cell:
    return lambda row: nok(row.get(key))


def _text(key: str) -> Cell:
    return lambda row: esc(row.get(key))


def _custom(key: str, field: dict) -> Cell:
    return lambda row: esc(custom_value(field, row.get(key)))


def _date(key: str) -> Cell:
    return lambda row: date(row.get(key))


def _status(row: dict) -> str:
    return status_badge(row["status"], row["status_label"], row.get("status_category"))


def _record(kind: str, id_key: str, name_key: str) -> Cell:
    def render(row: dict) -> str:
        if row.get(id_key) is None:
            return ""
        return (
            f'<a class="axos-sublink" href="{pages.overview_href(kind, row[id_key])}">'
            f"{esc(row.get(name_key))}</a>"
        )

    return render


# key -> (heading, align, renderer, sort key in views.SORT_COLUMNS or None)
ORDER_COLUMNS: dict[str, tuple[str, str, Cell, str | None]] = {
    "order_no": ("Ordrenr.", "left", _text("order_no"), "order_no"),
    "title": ("Tittel", "left", _text("title"), "title"),
    "status": ("Status", "left", _status, "status"),
    "customer": (
        "Kunde",
        "left",
        _record("customer", "customer_id", "customer_name"),
        "customer_name",
    ),
    "contact": (
        "Kontaktperson",
        "left",
        _record("contact", "contact_id", "contact_name"),
        "contact_name",
    ),
    "our_contact": (
        "Vår kontakt",
        "left",
        _record("employee", "our_contact_id", "our_contact_name"),
        "our_contact_name",
    ),
    "project": (
        "Prosjekt",
        "left",
        _record("project", "project_id", "project_name"),
        "project_name",
    ),
    "order_date": ("Ordredato", "left", _date("order_date"), "order_date"),
    "delivery_date": ("Levering", "left", _date("delivery_date"), "delivery_date"),
    "customer_ref": ("Deres ref.", "left", _text("customer_ref"), "customer_ref"),
    "net_total": ("Netto", "right", _money("net_total"), "net_total"),
    "vat_total": ("MVA", "right", _money("vat_total"), "vat_total"),
    "total": ("Totalt", "right", _money("total"), "total"),
}
DEFAULT_ORDER_COLUMNS = (
    "order_no",
    "title",
    "status",
    "customer",
    "our_contact",
    "order_date",
    "total",
)


def order_table(
    rows: Sequence[dict],
    columns: Sequence[str],
    *,
    custom_labels: dict[str, str] | None = None,
    custom_types: dict[str, str] | None = None,
    empty: str = "Ingen ordrer passer til utvalget.",
    sort: str | None = None,
    sort_href: Callable[[str], str] | None = None,
) -> mo.Html:
    """The order rows as an HTML table; every row links to its order page. With `sort_href`,
    a sortable column's heading is a link that sorts by it (again: the other direction)."""
    custom_labels = custom_labels or {}
    specs = []
    heads = []
    for key in columns:
        if key in ORDER_COLUMNS:
            heading, align, render, sort_key = ORDER_COLUMNS[key]
            specs.append((heading, align, render))
            heads.append(_heading(heading, align, sort_key, sort, sort_href))
        elif key.startswith("cf_"):
            label = custom_labels.get(key[3:], key[3:])
            shape = {"field_type": (custom_types or {}).get(key[3:])}
            specs.append((label, "left", _custom(key, shape)))
            heads.append(_heading(label, "left", None, sort, None))
    head = "".join(heads)
    if not rows:
        body = f'<tr class="is-empty"><td colspan="{len(specs)}">{esc(empty)}</td></tr>'
    else:
        body = "".join(_order_row(row, specs) for row in rows)
    return mo.Html(
        f'<div class="axos-table-wrap"><table class="axos-table axos-orders">'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def _heading(
    text: str,
    align: str,
    sort_key: str | None,
    sort: str | None,
    sort_href: Callable[[str], str] | None,
) -> str:
    if not sort_key or sort_href is None:
        return f'<th class="is-{align}">{esc(text)}</th>'
    current = (sort or "").lstrip("-")
    descending = (sort or "").startswith("-")
    if current == sort_key:
        wanted = sort_key if descending else f"-{sort_key}"
        mark = " ▼" if descending else " ▲"
        state = "descending" if descending else "ascending"
    else:
        wanted, mark, state = sort_key, "", "none"
    direction = "stigende" if not wanted.startswith("-") else "synkende"
    return (
        f'<th class="is-{align} is-sortable" aria-sort="{state}">'
        f'<a class="axos-sort" href="{esc(sort_href(wanted))}" data-sort="{esc(wanted)}"'
        f' title="Sorter {direction} etter {esc(text.lower())}">{esc(text)}{mark}</a></th>'
    )


def _order_row(row: dict, specs: list[tuple[str, str, Cell]]) -> str:
    href = pages.order_href(row["order_no"])
    cells = []
    for index, (_, align, render) in enumerate(specs):
        content = render(row)
        if index == 0 or "<a " not in content:
            # The row is a link: every plain cell opens the order page.
            content = f'<a class="axos-rowlink" href="{href}">{content or "&nbsp;"}</a>'
        cells.append(f'<td class="is-{align}">{content}</td>')
    return f'<tr data-order="{esc(row["order_no"])}">{"".join(cells)}</tr>'


def simple_table(
    rows: Sequence[dict],
    columns: Sequence[tuple[str, str, Cell]],
    *,
    empty: str = "Ingen rader.",
    footer: Sequence[str] | None = None,
    css: str = "",
) -> mo.Html:
    """A plain table: columns are (heading, align, renderer)."""
    head = "".join(f'<th class="is-{a}">{esc(h)}</th>' for h, a, _ in columns)
    if rows:
        body = "".join(
            "<tr>" + "".join(f'<td class="is-{a}">{r(row)}</td>' for _, a, r in columns) + "</tr>"
            for row in rows
        )
    else:
        body = f'<tr class="is-empty"><td colspan="{len(columns)}">{esc(empty)}</td></tr>'
    foot = ""
    if footer:
        foot = (
            "<tfoot><tr>"
            + "".join(
                f'<td class="is-{a}">{cell}</td>'
                for (_, a, _), cell in zip(columns, footer, strict=True)
            )
            + "</tr></tfoot>"
        )
    return mo.Html(
        f'<div class="axos-table-wrap"><table class="axos-table {css}"><thead><tr>{head}</tr>'
        f"</thead><tbody>{body}</tbody>{foot}</table></div>"
    )


def text_cell(key: str) -> Cell:
    return _text(key)


def money_cell(key: str) -> Cell:
    return _money(key)


def date_cell(key: str) -> Cell:
    return _date(key)


def number_cell(key: str) -> Cell:
    return lambda row: number(row.get(key))
