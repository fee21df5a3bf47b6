"""The overviews («Firma», «Kontakt», «Ansatt», «Prosjekt»): pick one record, see its key
figures, counts and sums per status, order value over time and its orders with the list tools."""

from __future__ import annotations

import contextlib
from urllib.parse import urlencode

import altair as alt
import marimo as mo
import polars as pl

from axos_data import views
from axos_data.app import list_controls, pages, record_forms, ui, url_state
from axos_data.app.list_controls import filter_text
from axos_data.errors import AxosError

# Colours of the default statuses (the badges use the same families); others get a palette.
STATUS_COLOURS = {
    "under_arbeid": "#3f78c9",
    "klar_til_fakturering": "#e0a100",
    "fakturert": "#8a5cd1",
    "purret": "#d4553f",
    "betalt": "#3b9a5d",
    "kansellert": "#a5a9b0",
}
MONTHS = [
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
]
# Vega expressions: Norwegian month abbreviations and space as thousands separator.
MONTH_LABEL = (
    "['jan','feb','mar','apr','mai','jun','jul','aug','sep','okt','nov','des']"
    "[month(datum.value)] + ' ' + year(datum.value)"
)
NOK_LABEL = "replace(format(datum.value, ',.0f'), /,/g, ' ')"
PALETTE = ["#2a9d8f", "#e76f51", "#264653", "#f4a261", "#6d597a", "#b5838d"]


def current_kind() -> str:
    """The overview this session shows: one notebook is mounted at /firma/, /kontakt/,
    /ansatt/ and /prosjekt/, and the path of the request that opened it says which."""
    by_slug = {spec.slug: kind for kind, spec in views.OVERVIEW_KINDS.items()}
    with contextlib.suppress(Exception):
        path = str(mo.app_meta().request.url["path"])
        slug = path.strip("/").split("/")[0]
        if slug in by_slug:
            return by_slug[slug]
    return "customer"


def slug(kind: str) -> str:
    return views.OVERVIEW_KINDS[kind].slug


def search_input(kind: str) -> mo.ui.text:
    return filter_text("", views.OVERVIEW_KINDS[kind].search_hint)


def _candidates(con, kind: str, search: str | None) -> pl.DataFrame:
    """(id, label) of up to 50 matches; deactivated records stay findable (their history is
    here) and say so."""
    if kind == "customer":
        frame = views.companies(con, search, limit=50)
        label = pl.format("{} · {}", "name", pl.col("city").fill_null(""))
    elif kind == "contact":
        frame = views.contacts(con, None, search, limit=50)
        label = pl.format("{} – {}", "name", "company_name")
    elif kind == "employee":
        frame = views.employees(con, search, active_only=False, limit=200)
        label = pl.col("name")
    else:
        frame = views.projects(con, None, search, limit=50)
        label = pl.format("{} – {}", "name", "customer_name")
    inactive = pl.when(pl.col("active")).then(pl.lit("")).otherwise(pl.lit(" (deaktivert)"))
    return frame.select("id", pl.concat_str([label, inactive]))


def picker(con, kind: str, search: str, wanted: str) -> mo.ui.dropdown:
    """Up to 50 matches (there can be tens of thousands); the URL's record is kept in."""
    options: dict[str, int] = {}
    for record_id, label in _candidates(con, kind, search or None).iter_rows():
        options[label if label not in options else f"{label} (#{record_id})"] = record_id
    if wanted and not search and wanted not in {str(v) for v in options.values()}:
        with contextlib.suppress(AxosError):
            record = views.overview_record(con, kind, wanted)
            options = {record.get("name", str(wanted)): record["id"], **options}
    # Typing only narrows the list; the user picks (never the first match silently).
    chosen = next((label for label, rid in options.items() if str(rid) == wanted), None)
    return mo.ui.dropdown(options, value=chosen, allow_select_none=True, full_width=True)


def chooser(kind: str, search: mo.ui.text, choice: mo.ui.dropdown) -> mo.Html:
    return mo.Html(
        '<section class="axos-card"><div class="axos-form-grid"><div class="axos-field axos-w-all">'
        f'<span class="axos-field-label">Velg {views.OVERVIEW_KINDS[kind].label.lower()}</span>'
        f'<div class="axos-field-pair">{search.text}{choice.text}</div></div></div></section>'
    )


def empty_state(con, kind: str, search: str, start: dict[str, list[str]]) -> mo.Html:
    """What shows before a record is chosen: why the page is empty and what to do, or that
    the record a link asked for does not exist."""
    label = views.OVERVIEW_KINDS[kind].label.lower()
    wanted = url_state.first(start, "id")
    if wanted and not search:
        try:
            views.overview_record(con, kind, wanted)
        except AxosError as err:
            return mo.Html(
                '<section class="axos-card axos-empty axos-missing" role="alert">'
                f'<div class="axos-h2">{ui.esc(str(err))}</div>'
                "<p>Lenken du fulgte peker på noe som ikke finnes (lenger)."
                f" Søk og velg {ui.esc(label)} over.</p></section>"
            )
    if search:
        hint = f"Velg {ui.esc(label)} i listen til høyre for søkefeltet."
    else:
        hint = f"Skriv i søkefeltet og velg {ui.esc(label)} i listen til høyre."
    return mo.Html(
        '<section class="axos-card axos-empty">'
        f'<div class="axos-h2">Ingen {ui.esc(label)} valgt</div>'
        f"<p>{hint} Da ser du nøkkeltall, ordrer per status, ordreverdi over tid og alle"
        " ordrene.</p></section>"
    )


def order_list_href(kind: str, record_id: int, status: str | None = None) -> str:
    """The order list («Ordre») filtered to this record, and to one status if given."""
    params = {views.OVERVIEW_KINDS[kind].list_param: str(record_id)}
    if status:
        params["status"] = status
    return f"/ordrer/?{urlencode(params)}"


def load(con, kind: str, record_id: int) -> views.Overview:
    return views.overview(con, kind, record_id, recent=0)


def title(kind: str, r: dict) -> mo.Html:
    """The record's name, what it is and where it belongs, and «Deaktivert» when it is."""
    label = views.OVERVIEW_KINDS[kind].label
    if kind == "customer":
        sub = " · ".join(
            x for x in (r.get("orgnr") and f"org.nr. {r['orgnr']}", r.get("city")) if x
        )
    elif kind == "contact":
        sub = (
            f'<a href="{pages.overview_href("customer", r["company_id"])}">'
            f"{ui.esc(r['company_name'])}</a>"
        )
    elif kind == "employee":
        sub = ui.esc(r["email"])
    else:
        sub = (
            f'<a href="{pages.overview_href("customer", r["customer_id"])}">'
            f"{ui.esc(r['customer_name'])}</a>"
            + (f" · prosjektleder {ui.esc(r['manager_name'])}" if r["manager_name"] else "")
        )
    side = "" if r.get("active", True) else record_forms.INACTIVE_BADGE
    return ui.page_title(r["name"], kicker=f"{label} · {sub}" if sub else label, side=side)


def key_figures(ov: views.Overview) -> mo.Html:
    s = ov.summary
    span = ""
    if s["first_order_date"]:
        span = f"{ui.date(s['first_order_date'])} – {ui.date(s['last_order_date'])}"
    return ui.stats(
        [
            ui.stat("Ordrer", ui.count(s["order_count"]), span),
            ui.stat("Ordreverdi", f"kr {ui.nok(s['total_sum'])}", "inkl. MVA"),
            ui.stat("Åpen verdi", f"kr {ui.nok(s['open_value'])}", "ikke fakturert ennå"),
            ui.stat("Utestående", f"kr {ui.nok(s['outstanding'])}", "fakturert, ikke betalt"),
        ]
    )


def by_status(kind: str, ov: views.Overview) -> mo.Html:
    """Count and sum per status; each row opens the order list filtered to that status."""
    rows = ov.by_status.to_dicts()
    record_id = ov.record["id"]

    def linked(r: dict, text: str) -> str:
        href = order_list_href(kind, record_id, r["status"])
        title = f"Vis ordrene med status {r['status_label']}"
        return f'<a class="axos-rowlink" href="{ui.esc(href)}" title="{ui.esc(title)}">{text}</a>'

    table = ui.simple_table(
        rows,
        [
            (
                "Status",
                "left",
                lambda r: linked(r, ui.status_badge(r["status"], r["status_label"], r["category"])),
            ),
            ("Antall", "right", lambda r: linked(r, ui.count(r["order_count"]))),
            ("Sum", "right", lambda r: linked(r, ui.money_cell("total_sum")(r))),
        ],
        footer=[
            "Totalt",
            ui.count(sum(r["order_count"] for r in rows)),
            ui.nok(ov.summary["total_sum"]),
        ],
    )
    return ui.card("Per status", table)


def value_chart(con, ov: views.Overview) -> mo.Html | alt.Chart:
    """Order value per month, stacked by status."""
    frame = ov.over_time
    if frame.is_empty():
        return ui.card("Ordreverdi over tid", "Ingen ordrer ennå.")
    statuses = views.statuses(con).to_dicts()
    domain = [s["label"] for s in statuses]
    colours = [
        STATUS_COLOURS.get(s["key"], PALETTE[i % len(PALETTE)]) for i, s in enumerate(statuses)
    ]
    # Vega-Lite draws numbers, not decimals: the chart gets a float copy for display only;
    # the tooltip shows the exact amount as Norwegian text.
    data = frame.with_columns(
        pl.col("total_sum").cast(pl.Float64).alias("value"),
        pl.col("month").cast(pl.Date),
        pl.col("total_sum")
        .map_elements(lambda v: f"kr {ui.nok(v)}", return_dtype=pl.String)
        .alias("amount"),
        pl.col("month")
        .map_elements(lambda d: f"{MONTHS[d.month - 1]} {d.year}", return_dtype=pl.String)
        .alias("month_label"),
    ).select(
        "month", "month_label", "status_label", "status_position", "order_count", "value", "amount"
    )
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("yearmonth(month):T", title=None, axis=alt.Axis(labelExpr=MONTH_LABEL)),
            y=alt.Y("sum(value):Q", title="Ordreverdi (kr)", axis=alt.Axis(labelExpr=NOK_LABEL)),
            color=alt.Color(
                "status_label:N",
                title="Status",
                scale=alt.Scale(domain=domain, range=colours),
                sort=domain,
            ),
            order=alt.Order("status_position:Q"),
            tooltip=[
                alt.Tooltip("month_label:N", title="Måned"),
                alt.Tooltip("status_label:N", title="Status"),
                alt.Tooltip("order_count:Q", title="Ordrer"),
                alt.Tooltip("amount:N", title="Verdi"),
            ],
        )
        # No Vega-Embed actions menu: its entries ("Save as SVG", "View Source", "Open in Vega
        # Editor") are English, and a user of the overview does not need them.
        .properties(height=260, width="container", usermeta={"embedOptions": {"actions": False}})
        .configure_axis(labelFontSize=11, titleFontSize=12)
        .configure_view(strokeWidth=0)
        .configure_legend(orient="bottom", title=None)
    )
    return mo.vstack([mo.Html('<div class="axos-h2">Ordreverdi over tid</div>'), chart])


def fixed_filter(kind: str, record_id: int) -> dict:
    return {views.OVERVIEW_KINDS[kind].column: record_id}


def list_panel(controls: mo.ui.dictionary) -> mo.Html:
    return list_controls.controls_layout(controls)
