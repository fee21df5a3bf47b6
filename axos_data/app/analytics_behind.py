"""What «Analyse» shows of the current pick: the pick bar (one «✕» per picked value) and
«Ordrene bak utvalget», the newest orders behind the pick with the count and sum of all of
them from the order list's own query, and a link that opens them in «Ordre».
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

import marimo as mo
import polars as pl

from axos_data import no, views
from axos_data.app import ui
from axos_data.app.analytics_filters import Filters
from axos_data.app.analytics_picks import Pick
from axos_data.errors import AxosError
from axos_data.views import analytics as an

BEHIND_LIMIT = 50  # rows of the table; the count and sum cover the whole pick

# --- the pick bar and the orders behind it -------------------------------------------------


def pick_labels(con, pick: Pick) -> list[tuple[str, str]]:
    """(field, Norwegian text) of each picked value, for the pick bar."""
    labels: list[tuple[str, str]] = []
    if pick.period is not None:
        text = an.period_label(pick.period, pick.period_grain or "month")
        labels.append(("period", f"Periode: {text}"))
    if pick.status is not None:
        names = dict(views.statuses(con).select("key", "label").iter_rows())
        labels.append(("status", f"Status: {names.get(pick.status, pick.status)}"))
    for name, kind, title in (
        ("customer_id", "customer", "Kunde"),
        ("employee_id", "employee", "Vår kontakt"),
        ("project_id", "project", "Prosjekt"),
    ):
        value = getattr(pick, name)
        if value is not None:
            try:
                record = views.overview_record(con, kind, value)
                labels.append((name, f"{title}: {record.get('name', value)}"))
            except AxosError:
                labels.append((name, f"{title}: {value}"))
    return labels


def pick_buttons(con, pick: Pick, flt, set_pick) -> tuple[tuple[str, mo.ui.button], ...]:
    """One «✕» button per picked value and one to clear the whole pick."""
    buttons = []
    for name, text in pick_labels(con, pick):
        buttons.append(
            (
                text,
                mo.ui.button(
                    label=f"{text} ✕",
                    on_click=lambda _, name=name: set_pick(
                        lambda current: current.under(flt).without(name)
                    ),
                ),
            )
        )
    if buttons:
        buttons.append(
            ("", mo.ui.button(label="Fjern utvalget", on_click=lambda _: set_pick(Pick(basis=flt))))
        )
    return tuple(buttons)


def pick_bar(buttons: tuple) -> mo.Html:
    if not buttons:
        return mo.Html(
            '<div class="axos-an-pick axos-muted">Klikk i diagrammene for å velge periode,'
            " status, kunde, ansatt eller prosjekt; de andre diagrammene og ordrelisten under"
            " følger utvalget.</div>"
        )
    return mo.hstack(
        [mo.Html('<span class="axos-an-pick"><b>Utvalg:</b></span>'), *[b for _, b in buttons]],
        justify="start",
        gap=0.5,
        wrap=True,
    )


@dataclass
class Behind:
    rows: pl.DataFrame | None
    count: int = 0
    total: Decimal = Decimal(0)
    list_href: str = ""
    error: AxosError | None = None


def behind(con, filters: Filters, pick: Pick) -> Behind:
    """The newest orders behind the pick (the table), and the count and sum of all of them
    from the order list's query over the same conditions (with the link that opens them
    all in «Ordre»)."""
    flt = filters.flt
    if flt is None:
        return Behind(None, error=filters.error)
    try:
        rows = an.orders_behind(con, flt, **pick.behind(), limit=BEHIND_LIMIT)
        order_filter, link = _as_order_list(con, flt, pick)
        page = views.order_list(con, order_filter, limit=1)
    except AxosError as err:
        return Behind(None, error=err)
    return Behind(rows, page.total_count, page.total_sum, link)


def _as_order_list(con, flt: an.AnalyticsFilter, pick: Pick) -> tuple[views.OrderFilter, str]:
    """The same orders as views.OrderFilter (for count and sum) and as a link to «Ordre»."""
    date_from, date_to = flt.date_from, flt.date_to
    if pick.period is not None:
        start, end = an.period_bounds(pick.period, pick.period_grain or "month")
        date_from = max(start, date_from) if date_from else start
        date_to = min(end, date_to) if date_to else end
    customer = pick.customer_id if pick.customer_id is not None else flt.customer_id
    employee = pick.employee_id if pick.employee_id is not None else flt.employee_id
    project = pick.project_id if pick.project_id is not None else flt.project_id
    order_filter = views.OrderFilter(
        statuses=[pick.status] if pick.status else None,
        categories=[flt.status_category] if flt.status_category else None,
        customer_id=customer,
        our_contact_id=employee,
        project_id=project,
        date_from=date_from,
        date_to=date_to,
    )
    statuses = [pick.status] if pick.status else []
    if flt.status_category:
        table = views.statuses(con)
        in_category = table.filter(pl.col("category") == flt.status_category)["key"].to_list()
        statuses = [s for s in statuses if s in in_category] if statuses else in_category
    params = {
        "status": statuses,
        "customer": customer,
        "our": employee,
        "project": project,
        "from": date_from and no.format_date(date_from),
        "to": date_to and no.format_date(date_to),
    }
    present = {k: v for k, v in params.items() if v not in (None, "", [])}
    return order_filter, "/ordrer/?" + urlencode(present, doseq=True)


def behind_card(result: Behind) -> mo.Html:
    """«Ordrene bak utvalget»: count and sum, the newest orders, each a link to its page."""
    title = (
        '<div class="axos-an-head"><div class="axos-h2" role="heading" aria-level="2">'
        "Ordrene bak utvalget</div></div>"
    )
    if result.rows is None:
        body = ui.error(result.error) if result.error else mo.md("")
        return mo.Html(f'<section class="axos-card" data-chart="orders_behind">{title}'
                       f"{body.text}</section>")  # fmt: skip
    shown = result.rows.height
    more = (
        f"Viser de {ui.count(shown)} nyeste. "
        f'<a href="{ui.esc(result.list_href)}">Åpne alle i ordrelisten</a>'
        if result.count > shown
        else f'<a href="{ui.esc(result.list_href)}">Åpne i ordrelisten</a>'
    )
    summary = (
        '<div class="axos-summary axos-an-summary">'
        f'<span><b data-count="{result.count}">{ui.count(result.count)}</b> ordrer</span>'
        f"<span>Sum totalt <b>kr {ui.nok(result.total)}</b></span>"
        f"<span>{more}</span></div>"
    )
    table = ui.order_table(
        result.rows.to_dicts(),
        ("order_no", "title", "status", "customer", "our_contact", "project", "order_date",
         "total"),
    )  # fmt: skip
    return mo.Html(
        f'<section class="axos-card" data-chart="orders_behind">{title}{summary}{table.text}'
        "</section>"
    )
